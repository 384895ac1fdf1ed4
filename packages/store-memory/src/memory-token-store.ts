import {
  BaseTokenStore,
  conflictError,
  mergeToken,
  tokenIdentities,
  type Identity,
  type MatchKey,
  type OAuthToken,
  type TokenInput,
} from "@tokenstore/core";

function identityIndexKey(identity: Identity): string {
  switch (identity.kind) {
    case "userName":
      return JSON.stringify([identity.kind, identity.userName]);
    case "accessToken":
      return JSON.stringify([identity.kind, identity.accessToken]);
    case "grantToken":
      return JSON.stringify([
        identity.kind,
        identity.clientId,
        identity.grantToken,
      ]);
    case "refreshToken":
      return JSON.stringify([
        identity.kind,
        identity.clientId,
        identity.refreshToken,
      ]);
  }
}

/** Converts a match key below the id rung to the identity it selects. */
function keyIdentity(key: Exclude<MatchKey, { rung: "id" }>): Identity {
  const { rung, ...fields } = key;
  return { kind: rung, ...fields } as Identity;
}

/**
 * Keeps tokens in a `Map` inside this process. Nothing survives a restart, so
 * it suits tests, scripts and short-lived processes. Every lookup uses a
 * `Map`, because each rung of the match rule below the id selects one
 * identity and identities are unique.
 */
export class MemoryTokenStore extends BaseTokenStore {
  protected readonly backendName = "memory";
  readonly #tokens = new Map<string, OAuthToken>();
  /** Token id by identity index key. */
  readonly #identities = new Map<string, string>();

  #find(key: MatchKey): OAuthToken | null {
    const id =
      key.rung === "id"
        ? key.id
        : this.#identities.get(identityIndexKey(keyIdentity(key)));
    return id === undefined ? null : (this.#tokens.get(id) ?? null);
  }

  #remove(id: string): boolean {
    const token = this.#tokens.get(id);
    if (token === undefined) {
      return false;
    }
    for (const identity of tokenIdentities(token)) {
      this.#identities.delete(identityIndexKey(identity));
    }
    return this.#tokens.delete(id);
  }

  protected async findByKey(key: MatchKey): Promise<OAuthToken | null> {
    return this.#find(key);
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
    const merged = mergeToken(this.#find(key), token);

    for (const identity of tokenIdentities(merged)) {
      const ownerId = this.#identities.get(identityIndexKey(identity));
      if (ownerId !== undefined && ownerId !== merged.id) {
        throw conflictError("saveToken", identity.kind, ownerId);
      }
    }

    this.#remove(merged.id);
    this.#tokens.set(merged.id, merged);
    for (const identity of tokenIdentities(merged)) {
      this.#identities.set(identityIndexKey(identity), merged.id);
    }
    return merged;
  }

  protected async deleteById(id: string): Promise<boolean> {
    return this.#remove(id);
  }

  protected async listTokens(): Promise<OAuthToken[]> {
    return [...this.#tokens.values()];
  }

  protected async deleteAll(): Promise<void> {
    this.#tokens.clear();
    this.#identities.clear();
  }

  protected async release(): Promise<void> {
    await this.deleteAll();
  }
}
