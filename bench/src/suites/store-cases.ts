import type { OAuthToken, TokenInput, TokenStore } from "@tokenstore/core";

import { insertedToken, nextInsertSequence, type Dataset } from "../dataset.js";
import type { BenchCase, OperationName } from "../harness.js";
import { checkAffected, type WriteLedger } from "../write-check.js";

/** Reads and removes stored tokens without going through the store. */
export interface Backdoor {
  /** Reads the access token stored for each user name that has a token. */
  accessTokens(
    userNames: readonly string[],
  ): Promise<ReadonlyMap<string, string | null>>;
  /** Deletes the tokens of these user names and returns how many it deleted. */
  removeUsers(userNames: readonly string[]): Promise<number>;
}

/** Throws unless a lookup found the token with `expectedId`. */
export function checkFound(
  label: string,
  foundId: string | null | undefined,
  expectedId: string,
): void {
  if (foundId === expectedId) {
    return;
  }
  const found =
    foundId === undefined || foundId === null ? "nothing" : `token ${foundId}`;
  throw new Error(
    `${label}: the lookup returned ${found}, but token ${expectedId} was ` +
      "expected. A miss measures nothing.",
  );
}

/** Returns the access token a seeded user has now, after any timed updates. */
export function currentAccessToken(
  ledger: WriteLedger,
  token: OAuthToken,
): string {
  return (
    ledger.expected(token.userName as string) ?? (token.accessToken as string)
  );
}

/** Builds the update of one seeded token: a new access token and expiry. */
export function plannedUpdate(
  ledger: WriteLedger,
  token: OAuthToken,
): { userName: string; accessToken: string; expiryTime: number } {
  const userName = token.userName as string;
  return {
    userName,
    accessToken: ledger.next(userName),
    expiryTime: Date.now(),
  };
}

/** Confirms, after a batch of updates, that each one reached the database. */
export async function confirmUpdates(
  label: string,
  ledger: WriteLedger,
  userNames: readonly string[],
  backdoor: Backdoor,
): Promise<void> {
  const distinct = [...new Set(userNames)];
  const stored = await backdoor.accessTokens(distinct);
  for (const userName of distinct) {
    ledger.confirm(label, userName, stored.get(userName));
  }
}

/** Deletes the tokens a batch inserted and checks that each one was there. */
export async function removeInserted(
  label: string,
  userNames: readonly string[],
  backdoor: Backdoor,
): Promise<void> {
  checkAffected(
    `${label} insert`,
    await backdoor.removeUsers(userNames),
    userNames.length,
  );
}

/**
 * Builds the cases of a `TokenStore`: `findToken` on each rung of the match rule,
 * and `saveToken` as an insert and as an update.
 */
export function storeCases(
  label: string,
  store: TokenStore,
  dataset: Dataset,
  ledger: WriteLedger,
  backdoor: Backdoor,
): Record<OperationName, BenchCase> {
  const lookup = (query: (token: OAuthToken) => TokenInput): BenchCase => ({
    label,
    role: "store",
    prepare: (keys) => {
      const tokens = keys.map((index) => dataset.token(index));
      const queries = tokens.map(query);
      return {
        run: async () => {
          for (let index = 0; index < queries.length; index += 1) {
            const found = await store.findToken(queries[index] as TokenInput);
            checkFound(label, found?.id, (tokens[index] as OAuthToken).id);
          }
        },
      };
    },
  });

  return {
    findById: lookup((token) => ({ id: token.id })),
    findByUserName: lookup((token) => ({ userName: token.userName })),
    findByAccessToken: lookup((token) => ({
      accessToken: currentAccessToken(ledger, token),
    })),
    findByRefreshToken: lookup((token) => ({
      clientId: token.clientId,
      clientSecret: token.clientSecret,
      refreshToken: token.refreshToken,
    })),
    saveInsert: {
      label,
      role: "store",
      prepare: (keys) => {
        const inputs = keys.map(() => insertedToken(nextInsertSequence()));
        return {
          run: async () => {
            for (const input of inputs) {
              const saved = await store.saveToken(input);
              if (saved.userName !== input.userName) {
                throw new Error(`${label}: saveToken did not insert the token`);
              }
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
      role: "store",
      prepare: (keys) => {
        const inputs = keys.map((index) =>
          plannedUpdate(ledger, dataset.token(index)),
        );
        return {
          run: async () => {
            for (const input of inputs) {
              const saved = await store.saveToken(input);
              if (saved.accessToken !== input.accessToken) {
                throw new Error(`${label}: saveToken did not update the token`);
              }
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
