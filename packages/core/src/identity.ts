import type { MatchKey } from "./match.js";
import type { OAuthToken } from "./token.js";

/**
 * The identities a token claims. No two stored tokens may share one, which is
 * what keeps concurrent saves from creating duplicates. Databases enforce each
 * identity with a unique index.
 *
 * - `userName`
 * - `accessToken`
 * - `clientId` with `grantToken`
 * - `clientId` with `refreshToken`
 */
export type Identity =
  | { readonly kind: "userName"; readonly userName: string }
  | { readonly kind: "accessToken"; readonly accessToken: string }
  | {
      readonly kind: "grantToken";
      readonly clientId: string;
      readonly grantToken: string;
    }
  | {
      readonly kind: "refreshToken";
      readonly clientId: string;
      readonly refreshToken: string;
    };

export type IdentityKind = Identity["kind"];

/** Lists the identities that `token` claims. */
export function tokenIdentities(token: OAuthToken): Identity[] {
  const identities: Identity[] = [];
  if (token.userName !== null) {
    identities.push({ kind: "userName", userName: token.userName });
  }
  if (token.accessToken !== null) {
    identities.push({ kind: "accessToken", accessToken: token.accessToken });
  }
  if (token.clientId !== null && token.grantToken !== null) {
    identities.push({
      kind: "grantToken",
      clientId: token.clientId,
      grantToken: token.grantToken,
    });
  }
  if (token.clientId !== null && token.refreshToken !== null) {
    identities.push({
      kind: "refreshToken",
      clientId: token.clientId,
      refreshToken: token.refreshToken,
    });
  }
  return identities;
}

/** Describes an identity by its field names, never by its values. */
export function describeIdentity(kind: IdentityKind): string {
  switch (kind) {
    case "userName":
      return "userName";
    case "accessToken":
      return "accessToken";
    case "grantToken":
      return "clientId and grantToken";
    case "refreshToken":
      return "clientId and refreshToken";
  }
}

function sameIdentity(a: Identity, b: Identity): boolean {
  switch (a.kind) {
    case "userName":
      return b.kind === "userName" && a.userName === b.userName;
    case "accessToken":
      return b.kind === "accessToken" && a.accessToken === b.accessToken;
    case "grantToken":
      return (
        b.kind === "grantToken" &&
        a.clientId === b.clientId &&
        a.grantToken === b.grantToken
      );
    case "refreshToken":
      return (
        b.kind === "refreshToken" &&
        a.clientId === b.clientId &&
        a.refreshToken === b.refreshToken
      );
  }
}

export interface IdentityConflict {
  kind: IdentityKind;
  /** Id of the stored token that already claims the identity. */
  tokenId: string;
}

/**
 * Finds a stored token, other than `candidate` itself, that claims one of
 * `candidate`'s identities. Stores without unique indexes call this before
 * they write.
 */
export function findIdentityConflict(
  candidate: OAuthToken,
  tokens: Iterable<OAuthToken>,
): IdentityConflict | null {
  const claimed = tokenIdentities(candidate);
  if (claimed.length === 0) {
    return null;
  }
  for (const token of tokens) {
    if (token.id === candidate.id) {
      continue;
    }
    for (const identity of tokenIdentities(token)) {
      const match = claimed.find((own) => sameIdentity(own, identity));
      if (match !== undefined) {
        return { kind: match.kind, tokenId: token.id };
      }
    }
  }
  return null;
}

/**
 * Converts an identity to the match key that finds its token. Each identity
 * kind is also a rung of the match rule.
 */
export function identityMatchKey(identity: Identity): MatchKey {
  switch (identity.kind) {
    case "userName":
      return { rung: "userName", userName: identity.userName };
    case "accessToken":
      return { rung: "accessToken", accessToken: identity.accessToken };
    case "grantToken":
      return {
        rung: "grantToken",
        clientId: identity.clientId,
        grantToken: identity.grantToken,
      };
    case "refreshToken":
      return {
        rung: "refreshToken",
        clientId: identity.clientId,
        refreshToken: identity.refreshToken,
      };
  }
}
