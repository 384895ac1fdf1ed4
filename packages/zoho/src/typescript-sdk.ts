import type { TokenStore } from "@tokenstore/core";
// Named imports, because the SDK is CommonJS with __esModule and no default
// export: a default import compiles to `.default` in the CommonJS build.
import {
  Constants,
  OAuthToken,
  SDKException,
  UserSignature,
  type OAuthToken as ZohoOAuthToken,
  type TokenStore as ZohoTokenStoreModule,
} from "@zohocrm/typescript-sdk-8.0";

import {
  ZohoTokenStoreBridge,
  type ZohoSdkBinding,
} from "./token-store-bridge.js";

const PACKAGE_NAME = "@zohocrm/typescript-sdk-8.0";

const binding: ZohoSdkBinding<ZohoOAuthToken> = {
  packageName: PACKAGE_NAME,
  isToken: (value): value is ZohoOAuthToken => value instanceof OAuthToken,
  createToken: () =>
    new OAuthToken(null, null, null, null, null, null, null, null),
  createUserSignature: (name) => new UserSignature(name),
  createTokenStoreException: (message) =>
    new SDKException(Constants.TOKEN_STORE, message),
};

/**
 * A token store for the Zoho CRM TypeScript SDK (`@zohocrm/typescript-sdk-8.0`)
 * that keeps the SDK's tokens in a tokenstore `TokenStore`. Pass it to
 * `InitializeBuilder.store()`. It never closes `store`.
 */
export class ZohoTypeScriptTokenStore
  implements ZohoTokenStoreModule.TokenStore
{
  readonly #bridge: ZohoTokenStoreBridge<ZohoOAuthToken>;

  constructor(store: TokenStore) {
    this.#bridge = new ZohoTokenStoreBridge(store, binding);
  }

  /** The tokenstore store that contains the tokens. */
  get store(): TokenStore {
    return this.#bridge.store;
  }

  /**
   * Finds the stored token by the tokenstore match rule and fills the empty
   * fields of `token` from it. Resolves to `token` itself, or `null` when
   * nothing matches.
   */
  findToken(token: ZohoOAuthToken): Promise<ZohoOAuthToken | null> {
    return this.#bridge.findToken(token);
  }

  /** Resolves to a new token, and rejects with `SDKException` for an unknown id. */
  findTokenById(id: string): Promise<ZohoOAuthToken> {
    return this.#bridge.findTokenById(id);
  }

  /** Saves `token` and sets the stored id on it. */
  saveToken(token: ZohoOAuthToken): Promise<void> {
    return this.#bridge.saveToken(token);
  }

  deleteToken(id: string): Promise<void> {
    return this.#bridge.deleteToken(id);
  }

  getTokens(): Promise<ZohoOAuthToken[]> {
    return this.#bridge.getTokens();
  }

  deleteTokens(): Promise<void> {
    return this.#bridge.deleteTokens();
  }
}

/** Wraps `store` as a token store of the Zoho CRM TypeScript SDK. */
export function createZohoTypeScriptTokenStore(
  store: TokenStore,
): ZohoTypeScriptTokenStore {
  return new ZohoTypeScriptTokenStore(store);
}
