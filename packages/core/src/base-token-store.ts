import {
  redactError,
  redactText,
  TokenStoreError,
  isTokenStoreError,
  type TokenStoreErrorCode,
  type TokenStoreOperation,
} from "./errors.js";
import { requireMatchKey, type MatchKey } from "./match.js";
import {
  copyToken,
  secretValues,
  type OAuthToken,
  type TokenInput,
} from "./token.js";
import type { TokenStore } from "./token-store.js";
import { snapshotTokenInput, validateId } from "./validation.js";

/** A backend failure translated into a code and a message for the caller. */
export interface ErrorDescription {
  code: TokenStoreErrorCode;
  /** Message naming what failed and what to do, never a token value. */
  message: string;
}

/**
 * Implements the public `TokenStore` methods once: input validation, the match
 * rule, the closed check, copies of returned tokens and error wrapping. A
 * backend extends it and implements the protected primitives, which receive
 * validated arguments and may throw driver errors.
 */
export abstract class BaseTokenStore implements TokenStore {
  #closed = false;
  #closing: Promise<void> | undefined;

  /** Backend name used in error messages, such as "SQLite". */
  protected abstract readonly backendName: string;

  protected abstract findByKey(key: MatchKey): Promise<OAuthToken | null>;
  protected abstract findById(id: string): Promise<OAuthToken | null>;

  /**
   * Updates the token matching `key` with `token` (see `mergeToken`), or
   * inserts it, as one atomic step, and returns the stored token.
   */
  protected abstract upsert(
    token: TokenInput,
    key: MatchKey,
  ): Promise<OAuthToken>;

  protected abstract deleteById(id: string): Promise<boolean>;
  protected abstract listTokens(): Promise<OAuthToken[]>;
  protected abstract deleteAll(): Promise<void>;

  /** Releases resources the store opened itself. Called once. */
  protected abstract release(): Promise<void>;

  /**
   * Translates a driver error, or returns `undefined` to report it as
   * `BACKEND_ERROR`. The returned message must not contain token values.
   */
  protected describeError(
    _error: unknown,
    _operation: TokenStoreOperation,
  ): ErrorDescription | undefined {
    return undefined;
  }

  /** Tells whether `close()` has been called. */
  protected get closed(): boolean {
    return this.#closed;
  }

  async findToken(query: TokenInput): Promise<OAuthToken | null> {
    return this.#run("findToken", query, async () => {
      const snapshot = snapshotTokenInput(query, "findToken");
      const key = requireMatchKey(snapshot, "findToken");
      const token = await this.findByKey(key);
      return token === null ? null : copyToken(token);
    });
  }

  async findTokenById(id: string): Promise<OAuthToken | null> {
    return this.#run("findTokenById", undefined, async () => {
      validateId(id, "findTokenById");
      const token = await this.findById(id);
      return token === null ? null : copyToken(token);
    });
  }

  async saveToken(token: TokenInput): Promise<OAuthToken> {
    return this.#run("saveToken", token, async () => {
      const snapshot = snapshotTokenInput(token, "saveToken");
      const key = requireMatchKey(snapshot, "saveToken");
      return copyToken(await this.upsert(snapshot, key));
    });
  }

  async deleteToken(id: string): Promise<boolean> {
    return this.#run("deleteToken", undefined, async () => {
      validateId(id, "deleteToken");
      return this.deleteById(id);
    });
  }

  async getTokens(): Promise<OAuthToken[]> {
    return this.#run("getTokens", undefined, async () => {
      const tokens = await this.listTokens();
      return tokens.map(copyToken);
    });
  }

  async deleteTokens(): Promise<void> {
    return this.#run("deleteTokens", undefined, () => this.deleteAll());
  }

  async close(): Promise<void> {
    if (this.#closing === undefined) {
      this.#closed = true;
      this.#closing = this.release().catch((error: unknown) => {
        throw this.wrapError(error, "close", []);
      });
    }
    return this.#closing;
  }

  async #run<T>(
    operation: TokenStoreOperation,
    input: unknown,
    body: () => Promise<T>,
  ): Promise<T> {
    if (this.#closed) {
      throw new TokenStoreError(
        "STORE_CLOSED",
        operation,
        "the store is closed. Create a new store to keep working.",
      );
    }
    try {
      return await body();
    } catch (error) {
      throw this.wrapError(error, operation, secretsOf(input));
    }
  }

  /**
   * Converts any error into a `TokenStoreError`, redacting `secrets` from the
   * driver error that becomes its cause. A `TokenStoreError` passes through.
   * Public methods call it already; stores call it for work they start
   * outside them, such as opening a connection.
   */
  protected wrapError(
    error: unknown,
    operation: TokenStoreOperation,
    secrets: readonly string[] = [],
  ): TokenStoreError {
    if (isTokenStoreError(error)) {
      return error;
    }
    const cause = redactError(error, secrets);
    const description = this.describeError(error, operation);
    if (description !== undefined) {
      return new TokenStoreError(
        description.code,
        operation,
        redactText(description.message, secrets),
        { cause },
      );
    }
    const detail =
      error instanceof Error ? redactText(error.message, secrets) : "";
    return new TokenStoreError(
      "BACKEND_ERROR",
      operation,
      `the ${this.backendName} backend failed${detail ? `: ${detail}` : ""}. ` +
        "See the cause for the driver error.",
      { cause },
    );
  }
}

function secretsOf(input: unknown): string[] {
  if (input === null || typeof input !== "object") {
    return [];
  }
  return secretValues(input as TokenInput);
}
