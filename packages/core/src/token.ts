/**
 * The fields of a stored OAuth token other than its id, in a fixed order that
 * every store and file format uses.
 */
export const TOKEN_FIELDS = [
  "userName",
  "clientId",
  "clientSecret",
  "grantToken",
  "refreshToken",
  "accessToken",
  "expiryTime",
  "redirectUrl",
  "apiDomain",
] as const;

export type TokenField = (typeof TOKEN_FIELDS)[number];

/** Fields whose values are credentials and must never appear in a message. */
export const SECRET_FIELDS = [
  "clientSecret",
  "grantToken",
  "refreshToken",
  "accessToken",
] as const satisfies readonly TokenField[];

/**
 * Fields that identify a token, so an empty string is never a valid value for
 * them.
 */
export const KEY_FIELDS = [
  "userName",
  "clientId",
  "clientSecret",
  "grantToken",
  "refreshToken",
  "accessToken",
] as const satisfies readonly TokenField[];

/**
 * An OAuth token as a store returns it. Every field is present; a field with no
 * value is `null`.
 */
export interface OAuthToken {
  /** Store-wide unique id, generated on insert unless the caller gave one. */
  id: string;
  /** The user signature, usually the user's email address. */
  userName: string | null;
  clientId: string | null;
  clientSecret: string | null;
  /** The one-time authorization code exchanged for the first token pair. */
  grantToken: string | null;
  refreshToken: string | null;
  accessToken: string | null;
  /** Absolute expiry of the access token, in epoch milliseconds. */
  expiryTime: number | null;
  redirectUrl: string | null;
  apiDomain: string | null;
}

/**
 * A token as a caller passes it to `saveToken` or `findToken`. A field left
 * out (or `undefined`) keeps its stored value on save; a field set to `null`
 * clears it.
 */
export type TokenInput = {
  id?: string;
} & {
  [Field in TokenField]?: OAuthToken[Field] | undefined;
};

/** Copies a token, so callers and stores never share one object. */
export function copyToken(token: OAuthToken): OAuthToken {
  return {
    id: token.id,
    userName: token.userName,
    clientId: token.clientId,
    clientSecret: token.clientSecret,
    grantToken: token.grantToken,
    refreshToken: token.refreshToken,
    accessToken: token.accessToken,
    expiryTime: token.expiryTime,
    redirectUrl: token.redirectUrl,
    apiDomain: token.apiDomain,
  };
}

/** Collects the secret values of a token, for redaction in error messages. */
export function secretValues(token: TokenInput | OAuthToken): string[] {
  const values: string[] = [];
  for (const field of SECRET_FIELDS) {
    const value = token[field];
    if (typeof value === "string" && value.length > 0) {
      values.push(value);
    }
  }
  return values;
}
