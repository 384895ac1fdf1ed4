import { TokenStoreError, type TokenStoreOperation } from "./errors.js";
import type { OAuthToken, TokenInput } from "./token.js";

/**
 * The key that the match rule selects for a query. Each variant lists the
 * fields that must equal, exactly and case-sensitively, those of the stored
 * token.
 */
export type MatchKey =
  | { readonly rung: "id"; readonly id: string }
  | { readonly rung: "userName"; readonly userName: string }
  | { readonly rung: "accessToken"; readonly accessToken: string }
  | {
      readonly rung: "grantToken";
      readonly clientId: string;
      readonly grantToken: string;
    }
  | {
      readonly rung: "refreshToken";
      readonly clientId: string;
      readonly refreshToken: string;
    };

export type MatchField =
  | "id"
  | "userName"
  | "accessToken"
  | "clientId"
  | "grantToken"
  | "refreshToken";

function present(value: string | null | undefined): value is string {
  return typeof value === "string";
}

/**
 * Selects the match key for a query, or `null` when it has no usable key.
 * The first rung whose fields are present wins, and a miss on that rung is a
 * miss: lower rungs are not tried.
 *
 * 1. `id`.
 * 2. `userName`.
 * 3. `accessToken`, when neither `clientId` nor `clientSecret` is given.
 * 4. `clientId` and `grantToken`, when `clientSecret` is given too.
 * 5. `clientId` and `refreshToken`, when `clientSecret` is given too.
 */
export function selectMatchKey(query: TokenInput): MatchKey | null {
  if (present(query.id)) {
    return { rung: "id", id: query.id };
  }
  if (present(query.userName)) {
    return { rung: "userName", userName: query.userName };
  }

  const hasClientId = present(query.clientId);
  const hasClientSecret = present(query.clientSecret);

  if (present(query.accessToken) && !hasClientId && !hasClientSecret) {
    return { rung: "accessToken", accessToken: query.accessToken };
  }
  if (!hasClientId || !hasClientSecret) {
    return null;
  }
  if (present(query.grantToken)) {
    return {
      rung: "grantToken",
      clientId: query.clientId as string,
      grantToken: query.grantToken,
    };
  }
  if (present(query.refreshToken)) {
    return {
      rung: "refreshToken",
      clientId: query.clientId as string,
      refreshToken: query.refreshToken,
    };
  }
  return null;
}

/**
 * Selects the match key for a query, or throws `NO_MATCH_KEY` explaining which
 * fields would make one.
 */
export function requireMatchKey(
  query: TokenInput,
  operation: TokenStoreOperation,
): MatchKey {
  const key = selectMatchKey(query);
  if (key === null) {
    throw new TokenStoreError(
      "NO_MATCH_KEY",
      operation,
      "the token has no usable key. Give id, userName, accessToken " +
        "(without client credentials), or clientId and clientSecret with " +
        "grantToken or refreshToken.",
    );
  }
  return key;
}

/**
 * Lists the field equalities a stored token must satisfy to match `key`, so a
 * database store can build its query without re-deriving the rule.
 */
export function matchConditions(
  key: MatchKey,
): Array<readonly [MatchField, string]> {
  switch (key.rung) {
    case "id":
      return [["id", key.id]];
    case "userName":
      return [["userName", key.userName]];
    case "accessToken":
      return [["accessToken", key.accessToken]];
    case "grantToken":
      return [
        ["clientId", key.clientId],
        ["grantToken", key.grantToken],
      ];
    case "refreshToken":
      return [
        ["clientId", key.clientId],
        ["refreshToken", key.refreshToken],
      ];
  }
}

/** Tells whether a stored token matches `key`. */
export function tokenMatchesKey(token: OAuthToken, key: MatchKey): boolean {
  return matchConditions(key).every(([field, value]) => token[field] === value);
}

/** Finds the first token in `tokens` that matches `key`. */
export function findMatchingToken<T extends OAuthToken>(
  tokens: Iterable<T>,
  key: MatchKey,
): T | null {
  const conditions = matchConditions(key);
  for (const token of tokens) {
    if (conditions.every(([field, value]) => token[field] === value)) {
      return token;
    }
  }
  return null;
}
