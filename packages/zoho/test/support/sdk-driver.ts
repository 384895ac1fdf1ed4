import type { TokenStore } from "@tokenstore/core";

import type { ZohoToken } from "../../src/sdk-token.js";

/** The credentials that a caller gives the SDK's `OAuthBuilder`. */
export interface TokenOptions {
  id?: string;
  userName?: string;
  clientId?: string;
  clientSecret?: string;
  grantToken?: string;
  refreshToken?: string;
  accessToken?: string;
  redirectUrl?: string;
}

export interface InitializeOptions {
  /** Base URL of the fake server, used as the CRM API URL. */
  apiUrl: string;
  accountsUrl: string;
  token: TokenOptions;
  store: TokenStore;
  /** Directory where the SDK writes its field metadata files. */
  resourcePath: string;
}

/** An initialized SDK: the caller's token object and the adapter. */
export interface SdkSession {
  token: ZohoToken & { remove(): Promise<boolean> };
  adapter: {
    getTokens(): Promise<ZohoToken[]>;
    deleteTokens(): Promise<void>;
  };
  /** Calls `GET /crm/v8/users?type=CurrentUser` and returns the emails. */
  currentUserEmails(): Promise<string[]>;
}

/** Drives one of the two Zoho SDKs the way an application does. */
export interface SdkDriver {
  readonly name: "typescript-sdk" | "nodejs-sdk";
  /** The SDK's exception class. */
  readonly SDKException: abstract new (...args: never[]) => Error;
  initialize(options: InitializeOptions): Promise<SdkSession>;
}

export async function loadSdkDriver(
  name: SdkDriver["name"],
): Promise<SdkDriver> {
  if (name === "typescript-sdk") {
    const { typeScriptSdkDriver } = await import("./typescript-sdk-driver.js");
    return typeScriptSdkDriver;
  }
  const { nodeSdkDriver } = await import("./nodejs-sdk-driver.js");
  return nodeSdkDriver;
}
