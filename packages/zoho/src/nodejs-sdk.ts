import type { TokenStore } from "@tokenstore/core";
import {
  Constants,
  OAuthToken,
  SDKException,
  TokenStore as TokenStoreModule,
  UserSignature,
} from "@zohocrm/nodejs-sdk-8.0";

import type { ZohoToken } from "./sdk-token.js";
import {
  ZohoTokenStoreBridge,
  type ZohoSdkBinding,
} from "./token-store-bridge.js";

const PACKAGE_NAME = "@zohocrm/nodejs-sdk-8.0";

/** The `OAuthToken` class of the Zoho CRM Node.js SDK. */
export type ZohoNodeOAuthToken = ZohoToken;

const binding: ZohoSdkBinding<ZohoNodeOAuthToken> = {
  packageName: PACKAGE_NAME,
  isToken: (value): value is ZohoNodeOAuthToken => value instanceof OAuthToken,
  createToken: () => new OAuthToken(),
  createUserSignature: (name) => new UserSignature(name),
  createTokenStoreException: (message) =>
    new SDKException(Constants.TOKEN_STORE, message),
};

// InitializeBuilder.store() of the Node.js SDK rejects any store that is not
// an instance of the SDK's TokenStore class.
const SdkTokenStore: new () => object = TokenStoreModule.TokenStore;

/**
 * A token store for the Zoho CRM Node.js SDK (`@zohocrm/nodejs-sdk-8.0`) that
 * keeps the SDK's tokens in a tokenstore `TokenStore`. Pass it to
 * `InitializeBuilder.store()`. It never closes `store`.
 */
export class ZohoNodeTokenStore extends SdkTokenStore {
  readonly #bridge: ZohoTokenStoreBridge<ZohoNodeOAuthToken>;

  constructor(store: TokenStore) {
    super();
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
  findToken(token: ZohoNodeOAuthToken): Promise<ZohoNodeOAuthToken | null> {
    return this.#bridge.findToken(token);
  }

  /** Resolves to a new token, and rejects with `SDKException` for an unknown id. */
  findTokenById(id: string): Promise<ZohoNodeOAuthToken> {
    return this.#bridge.findTokenById(id);
  }

  /** Saves `token` and sets the stored id on it. */
  saveToken(token: ZohoNodeOAuthToken): Promise<void> {
    return this.#bridge.saveToken(token);
  }

  deleteToken(id: string): Promise<void> {
    return this.#bridge.deleteToken(id);
  }

  getTokens(): Promise<ZohoNodeOAuthToken[]> {
    return this.#bridge.getTokens();
  }

  deleteTokens(): Promise<void> {
    return this.#bridge.deleteTokens();
  }
}

/** Wraps `store` as a token store of the Zoho CRM Node.js SDK. */
export function createZohoNodeTokenStore(
  store: TokenStore,
): ZohoNodeTokenStore {
  return new ZohoNodeTokenStore(store);
}
