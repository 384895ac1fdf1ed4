import {
  TokenStoreError,
  generateTokenId,
  selectMatchKey,
  type OAuthToken,
  type TokenStore,
  type TokenStoreOperation,
} from "@tokenstore/core";

import {
  fillMissingFields,
  toTokenInput,
  toTokenQuery,
  type ZohoToken,
  type ZohoUserSignature,
} from "./sdk-token.js";

/** The classes of one Zoho SDK that the bridge builds tokens and errors with. */
export interface ZohoSdkBinding<Token extends ZohoToken> {
  /** The SDK's npm package name, for messages. */
  readonly packageName: string;
  isToken(value: unknown): value is Token;
  createToken(): Token;
  createUserSignature(name: string): ZohoUserSignature;
  /** Builds the SDK's `SDKException` with code `TOKEN_STORE`. */
  createTokenStoreException(message: string): unknown;
}

/**
 * The six token store operations of the Zoho SDKs, implemented on a
 * tokenstore `TokenStore`. Both SDK adapters delegate to it.
 */
export class ZohoTokenStoreBridge<Token extends ZohoToken> {
  readonly store: TokenStore;
  readonly #binding: ZohoSdkBinding<Token>;

  constructor(store: TokenStore, binding: ZohoSdkBinding<Token>) {
    this.store = store;
    this.#binding = binding;
  }

  /**
   * Finds the stored token for `token` by the tokenstore match rule, fills
   * the fields of `token` that have no value from it, sets its id and
   * returns `token` itself, as the SDK's own stores do.
   */
  async findToken(token: unknown): Promise<Token | null> {
    const sdkToken = this.#requireToken(token, "findToken");
    const stored = await this.store.findToken(toTokenQuery(sdkToken));
    if (stored === null) {
      return null;
    }
    fillMissingFields(sdkToken, stored, this.#binding.createUserSignature);
    return sdkToken;
  }

  /**
   * Returns a new SDK token with the stored values. Throws the SDK's
   * exception for an unknown id, because on `null` the TypeScript SDK sends
   * a token request without credentials and the Node.js SDK fails on a
   * `TypeError`.
   */
  async findTokenById(id: string): Promise<Token> {
    const stored = await this.store.findTokenById(id);
    if (stored === null) {
      throw this.#binding.createTokenStoreException(
        `findTokenById failed: no token with id ${JSON.stringify(id)} is ` +
          "stored. Pass the id of a stored token, or build the token with a " +
          "user signature or a grant token instead.",
      );
    }
    return this.#toSdkToken(stored);
  }

  /**
   * Saves `token` and sets the stored id on it, so the SDK finds it by id
   * from then on. A token without an id and without a match key is
   * inserted under a new id, as the SDK's file store does.
   */
  async saveToken(token: unknown): Promise<void> {
    const sdkToken = this.#requireToken(token, "saveToken");
    const input = toTokenInput(sdkToken, "saveToken");
    if (selectMatchKey(input) === null) {
      input.id = generateTokenId();
    }
    const saved = await this.store.saveToken(input);
    sdkToken.setId(saved.id);
    fillMissingFields(sdkToken, saved, this.#binding.createUserSignature);
  }

  /** Deletes a token by id. An unknown id is not an error. */
  async deleteToken(id: string): Promise<void> {
    await this.store.deleteToken(id);
  }

  async getTokens(): Promise<Token[]> {
    const tokens = await this.store.getTokens();
    return tokens.map((token) => this.#toSdkToken(token));
  }

  async deleteTokens(): Promise<void> {
    await this.store.deleteTokens();
  }

  #toSdkToken(stored: OAuthToken): Token {
    const sdkToken = this.#binding.createToken();
    fillMissingFields(sdkToken, stored, this.#binding.createUserSignature);
    return sdkToken;
  }

  #requireToken(token: unknown, operation: TokenStoreOperation): Token {
    if (!this.#binding.isToken(token)) {
      throw new TokenStoreError(
        "INVALID_ARGUMENT",
        operation,
        `token is not an OAuthToken of ${this.#binding.packageName}`,
      );
    }
    return token;
  }
}
