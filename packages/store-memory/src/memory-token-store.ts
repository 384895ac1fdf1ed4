import {
  BaseTokenStore,
  conflictError,
  findIdentityConflict,
  findMatchingToken,
  mergeToken,
  type MatchKey,
  type OAuthToken,
  type TokenInput,
} from "@tokenstore/core";

/**
 * Keeps tokens in a `Map` inside this process. Nothing survives a restart, so
 * it suits tests, scripts and short-lived processes.
 */
export class MemoryTokenStore extends BaseTokenStore {
  protected readonly backendName = "memory";
  readonly #tokens = new Map<string, OAuthToken>();

  protected async findByKey(key: MatchKey): Promise<OAuthToken | null> {
    return findMatchingToken(this.#tokens.values(), key);
  }

  protected async findById(id: string): Promise<OAuthToken | null> {
    return this.#tokens.get(id) ?? null;
  }

  // Runs without an await, so no other call can interleave between the match
  // and the write.
  protected async upsert(
    token: TokenInput,
    key: MatchKey,
  ): Promise<OAuthToken> {
    const stored = findMatchingToken(this.#tokens.values(), key);
    const merged = mergeToken(stored, token);

    const conflict = findIdentityConflict(merged, this.#tokens.values());
    if (conflict !== null) {
      throw conflictError("saveToken", conflict.kind, conflict.tokenId);
    }

    this.#tokens.set(merged.id, merged);
    return merged;
  }

  protected async deleteById(id: string): Promise<boolean> {
    return this.#tokens.delete(id);
  }

  protected async listTokens(): Promise<OAuthToken[]> {
    return [...this.#tokens.values()];
  }

  protected async deleteAll(): Promise<void> {
    this.#tokens.clear();
  }

  protected async release(): Promise<void> {
    this.#tokens.clear();
  }
}
