import type { OAuthToken, TokenInput } from "./token.js";

/**
 * Persistent storage for OAuth tokens. Every method is async and rejects only
 * with a `TokenStoreError`.
 */
export interface TokenStore {
  /**
   * Finds the token that the match rule selects for `query`, or `null` when
   * none is stored. Rejects with `NO_MATCH_KEY` when `query` has no usable key.
   */
  findToken(query: TokenInput): Promise<OAuthToken | null>;

  /** Finds a token by id, or `null` when none has that id. */
  findTokenById(id: string): Promise<OAuthToken | null>;

  /**
   * Updates the token that the match rule selects for `token`, or inserts a
   * new one, and resolves to the stored token with its id. Fields left out
   * keep their stored values, and fields set to `null` are cleared.
   */
  saveToken(token: TokenInput): Promise<OAuthToken>;

  /** Deletes a token by id. Resolves to `false` when no token had that id. */
  deleteToken(id: string): Promise<boolean>;

  /** Lists every stored token, in no particular order. */
  getTokens(): Promise<OAuthToken[]>;

  /** Deletes every stored token. The store stays usable. */
  deleteTokens(): Promise<void>;

  /**
   * Releases what the store opened itself. Resources the caller passed in
   * (a pool, a client, a database handle) stay open. Calling it twice is safe.
   */
  close(): Promise<void>;
}
