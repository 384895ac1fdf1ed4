import { randomUUID } from "node:crypto";

import { TokenStoreError, type TokenStoreOperation } from "./errors.js";
import { describeIdentity, type IdentityKind } from "./identity.js";
import { TOKEN_FIELDS, type OAuthToken, type TokenInput } from "./token.js";

/** Generates a token id: a random UUID, so ids never collide across processes. */
export function generateTokenId(): string {
  return randomUUID();
}

/**
 * Applies a save to the stored token, or builds a new token when `stored` is
 * `null`. A field that `input` leaves out or sets to `undefined` keeps its
 * stored value, and a field set to `null` is cleared. The id of a stored token
 * never changes. A new token takes `input.id` when given, else a generated id.
 */
export function mergeToken(
  stored: OAuthToken | null,
  input: TokenInput,
): OAuthToken {
  const merged: OAuthToken = stored
    ? { ...stored }
    : {
        id: input.id ?? generateTokenId(),
        userName: null,
        clientId: null,
        clientSecret: null,
        grantToken: null,
        refreshToken: null,
        accessToken: null,
        expiryTime: null,
        redirectUrl: null,
        apiDomain: null,
      };

  for (const field of TOKEN_FIELDS) {
    const value = input[field];
    if (value !== undefined) {
      (merged as unknown as Record<string, unknown>)[field] = value;
    }
  }
  return merged;
}

/**
 * Lists the fields that a save sets or clears, with their new values. Stores
 * that update in place write only these columns.
 */
export function changedFields(
  input: TokenInput,
): Partial<Omit<OAuthToken, "id">> {
  const changes: Record<string, unknown> = {};
  for (const field of TOKEN_FIELDS) {
    const value = input[field];
    if (value !== undefined) {
      changes[field] = value;
    }
  }
  return changes as Partial<Omit<OAuthToken, "id">>;
}

/** Builds the `CONFLICT` error for a save that reuses another token's identity. */
export function conflictError(
  operation: TokenStoreOperation,
  kind: IdentityKind,
  otherTokenId?: string,
): TokenStoreError {
  const other =
    otherTokenId === undefined
      ? "another stored token"
      : `token ${otherTokenId}`;
  return new TokenStoreError(
    "CONFLICT",
    operation,
    `${other} already has this ${describeIdentity(kind)}. ` +
      "Save with that token's id to update it, or delete it first.",
  );
}
