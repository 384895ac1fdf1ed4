import { copyToken, type OAuthToken } from "@tokenstore/core";
import { MemoryTokenStore } from "@tokenstore/store-memory";

import { insertedToken, nextInsertSequence, type Dataset } from "../dataset.js";
import type { BenchCase, OperationName, Suite } from "../harness.js";
import { checkAffected, WriteLedger } from "../write-check.js";
import {
  checkFound,
  confirmUpdates,
  currentAccessToken,
  plannedUpdate,
  removeInserted,
  storeCases,
  type Backdoor,
} from "./store-cases.js";

const REFERENCE_LABEL = "Map per identity";

/**
 * The reference for the memory store: one `Map` per identity, returning
 * copies as the store does. It is the least work an in-memory store with the
 * same contract could do.
 */
class IndexedTokens {
  readonly byId = new Map<string, OAuthToken>();
  readonly byUserName = new Map<string, OAuthToken>();
  readonly byAccessToken = new Map<string, OAuthToken>();
  readonly byRefreshToken = new Map<string, OAuthToken>();

  static refreshKey(clientId: string | null, refreshToken: string): string {
    return `${clientId ?? ""}\u0000${refreshToken}`;
  }

  add(token: OAuthToken): void {
    this.byId.set(token.id, token);
    if (token.userName !== null) {
      this.byUserName.set(token.userName, token);
    }
    if (token.accessToken !== null) {
      this.byAccessToken.set(token.accessToken, token);
    }
    if (token.refreshToken !== null) {
      this.byRefreshToken.set(
        IndexedTokens.refreshKey(token.clientId, token.refreshToken),
        token,
      );
    }
  }

  remove(token: OAuthToken): void {
    this.byId.delete(token.id);
    if (token.userName !== null) {
      this.byUserName.delete(token.userName);
    }
    if (token.accessToken !== null) {
      this.byAccessToken.delete(token.accessToken);
    }
    if (token.refreshToken !== null) {
      this.byRefreshToken.delete(
        IndexedTokens.refreshKey(token.clientId, token.refreshToken),
      );
    }
  }
}

function referenceCases(
  tokens: IndexedTokens,
  dataset: Dataset,
  ledger: WriteLedger,
): Record<OperationName, BenchCase> {
  const label = REFERENCE_LABEL;
  const lookup = (
    find: (token: OAuthToken) => OAuthToken | undefined,
  ): BenchCase => ({
    label,
    role: "reference",
    prepare: (keys) => {
      const expected = keys.map((index) => dataset.token(index));
      return {
        run: () => {
          for (const token of expected) {
            const found = find(token);
            checkFound(label, found && copyToken(found).id, token.id);
          }
        },
      };
    },
  });
  const backdoor: Backdoor = {
    accessTokens: async (userNames) =>
      new Map(
        userNames.map((userName) => [
          userName,
          tokens.byUserName.get(userName)?.accessToken ?? null,
        ]),
      ),
    removeUsers: async (userNames) => {
      let removed = 0;
      for (const userName of userNames) {
        const token = tokens.byUserName.get(userName);
        if (token !== undefined) {
          tokens.remove(token);
          removed += 1;
        }
      }
      return removed;
    },
  };

  return {
    findById: lookup((token) => tokens.byId.get(token.id)),
    findByUserName: lookup((token) =>
      tokens.byUserName.get(token.userName as string),
    ),
    findByAccessToken: lookup((token) =>
      tokens.byAccessToken.get(currentAccessToken(ledger, token)),
    ),
    findByRefreshToken: lookup((token) =>
      tokens.byRefreshToken.get(
        IndexedTokens.refreshKey(token.clientId, token.refreshToken as string),
      ),
    ),
    saveInsert: {
      label,
      role: "reference",
      prepare: (keys) => {
        const inputs = keys.map(() => {
          const sequence = nextInsertSequence();
          return { id: `reference-${sequence}`, ...insertedToken(sequence) };
        });
        return {
          run: () => {
            for (const input of inputs) {
              tokens.add(copyToken(input));
            }
          },
          settle: () =>
            removeInserted(
              label,
              inputs.map((input) => input.userName as string),
              backdoor,
            ),
        };
      },
    },
    saveUpdate: {
      label,
      role: "reference",
      prepare: (keys) => {
        const inputs = keys.map((index) =>
          plannedUpdate(ledger, dataset.token(index)),
        );
        return {
          run: () => {
            for (const input of inputs) {
              const stored = tokens.byUserName.get(input.userName);
              if (stored === undefined) {
                throw new Error(`${label}: no token for the update`);
              }
              const merged = { ...stored, ...input };
              tokens.remove(stored);
              tokens.add(merged);
              checkAffected(
                label,
                stored.accessToken === merged.accessToken ? 0 : 1,
              );
            }
          },
          settle: () =>
            confirmUpdates(
              label,
              ledger,
              inputs.map((input) => input.userName),
              backdoor,
            ),
        };
      },
    },
  };
}

/**
 * Seeds a `MemoryTokenStore` through `saveToken`, the only way into it, and
 * pairs it with `Map` lookups. The store keeps no index, so each save scans
 * every stored token and seeding takes time quadratic in the size.
 */
export async function createMemorySuite(dataset: Dataset): Promise<Suite> {
  const seedStart = performance.now();
  const store = new MemoryTokenStore();
  for (const token of dataset.tokens) {
    await store.saveToken(token);
  }
  const reference = new IndexedTokens();
  for (const token of dataset.tokens) {
    reference.add(copyToken(token));
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const storeLedger = new WriteLedger("memory-store-access");
  const referenceLedger = new WriteLedger("memory-reference-access");
  const backdoor: Backdoor = {
    accessTokens: async (userNames) => {
      const stored = new Map<string, string | null>();
      for (const userName of userNames) {
        const token = await store.findToken({ userName });
        stored.set(userName, token?.accessToken ?? null);
      }
      return stored;
    },
    removeUsers: async (userNames) => {
      let removed = 0;
      for (const userName of userNames) {
        const token = await store.findToken({ userName });
        if (token !== null && (await store.deleteToken(token.id))) {
          removed += 1;
        }
      }
      return removed;
    },
  };
  const stores = storeCases(
    "MemoryTokenStore",
    store,
    dataset,
    storeLedger,
    backdoor,
  );
  const references = referenceCases(reference, dataset, referenceLedger);

  const operations: Suite["operations"] = {};
  for (const operation of Object.keys(stores) as OperationName[]) {
    operations[operation] = [stores[operation], references[operation]];
  }
  return {
    store: "memory",
    size: dataset.size,
    durability: [
      "MemoryTokenStore and the Map reference keep nothing on disk.",
    ],
    seedSeconds,
    versions: {},
    operations,
    close: () => store.close(),
  };
}
