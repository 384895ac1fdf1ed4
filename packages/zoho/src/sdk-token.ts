import {
  TokenStoreError,
  type OAuthToken,
  type TokenInput,
  type TokenStoreOperation,
} from "@tokenstore/core";

/** The user signature object of both Zoho CRM SDKs. */
export interface ZohoUserSignature {
  getName(): string;
}

/**
 * The accessors that the `OAuthToken` classes of the Zoho CRM TypeScript SDK
 * (8.0, 3.x) and Node.js SDK (8.0, 2.x) share. The SDKs leave a field unset
 * as `undefined` or `null`, and their file store reads missing columns as
 * empty strings.
 */
export interface ZohoToken {
  getId(): string | null | undefined;
  setId(id: string | null): void;
  getUserSignature(): ZohoUserSignature | null | undefined;
  setUserSignature(userSignature: ZohoUserSignature | null): void;
  getClientId(): string | null | undefined;
  setClientId(clientId: string): void;
  getClientSecret(): string | null | undefined;
  setClientSecret(clientSecret: string): void;
  getGrantToken(): string | null | undefined;
  setGrantToken(grantToken: string | null): void;
  getRefreshToken(): string | null | undefined;
  setRefreshToken(refreshToken: string | null): void;
  getAccessToken(): string | null | undefined;
  setAccessToken(accessToken: string | null): void;
  /** Absolute expiry as a string of epoch milliseconds. */
  getExpiresIn(): string | number | null | undefined;
  setExpiresIn(expiresIn: string): void;
  getRedirectURL(): string | null | undefined;
  setRedirectURL(redirectURL: string | null): void;
  getAPIDomain(): string | null | undefined;
  setAPIDomain(apiDomain: string | null): void;
}

/** Maps `null`, `undefined` and `""` to `undefined`, so the field is left out. */
function presentValue(value: string | null | undefined): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function hasValue(value: unknown): boolean {
  return value !== null && value !== undefined && value !== "";
}

const EXPIRY_DIGITS = /^[0-9]+$/;

/**
 * Parses the SDK's expiry, a string of epoch milliseconds, into a number.
 * Only digits are accepted. The SDK reads the value with `parseInt`, which
 * takes `"12abc"` as 12, so such a value is rejected instead of stored.
 */
export function parseExpiryTime(
  expiresIn: string | number | null | undefined,
  operation: TokenStoreOperation,
): number | undefined {
  if (expiresIn === null || expiresIn === undefined || expiresIn === "") {
    return undefined;
  }
  const expiryTime =
    typeof expiresIn === "string" && EXPIRY_DIGITS.test(expiresIn)
      ? Number(expiresIn)
      : expiresIn;
  if (typeof expiryTime !== "number" || !Number.isSafeInteger(expiryTime)) {
    throw new TokenStoreError(
      "INVALID_ARGUMENT",
      operation,
      "expiresIn of the Zoho token is not a whole number of epoch " +
        "milliseconds from 0 to Number.MAX_SAFE_INTEGER",
    );
  }
  if (expiryTime < 0) {
    throw new TokenStoreError(
      "INVALID_ARGUMENT",
      operation,
      "expiresIn of the Zoho token is negative",
    );
  }
  return expiryTime;
}

/**
 * Builds the `findToken` query for an SDK token: only the fields that the
 * match rule reads, with empty values left out.
 */
export function toTokenQuery(token: ZohoToken): TokenInput {
  return {
    id: presentValue(token.getId()),
    userName: presentValue(token.getUserSignature()?.getName()),
    clientId: presentValue(token.getClientId()),
    clientSecret: presentValue(token.getClientSecret()),
    grantToken: presentValue(token.getGrantToken()),
    refreshToken: presentValue(token.getRefreshToken()),
    accessToken: presentValue(token.getAccessToken()),
  };
}

/**
 * Converts an SDK token for `saveToken`. A field without a value is left
 * out, so it keeps its stored value. The SDK's own stores never clear a
 * column either.
 */
export function toTokenInput(
  token: ZohoToken,
  operation: TokenStoreOperation,
): TokenInput {
  return {
    ...toTokenQuery(token),
    expiryTime: parseExpiryTime(token.getExpiresIn(), operation),
    redirectUrl: presentValue(token.getRedirectURL()),
    apiDomain: presentValue(token.getAPIDomain()),
  };
}

/**
 * Copies stored values into the fields of `target` that have no value, the
 * way the SDK's own stores merge a found row into the token they were given.
 * Values already set on `target` win.
 */
export function fillMissingFields(
  target: ZohoToken,
  stored: OAuthToken,
  createUserSignature: (name: string) => ZohoUserSignature,
): void {
  if (!hasValue(target.getId())) {
    target.setId(stored.id);
  }
  const userName = presentValue(target.getUserSignature()?.getName());
  if (userName === undefined && stored.userName !== null) {
    target.setUserSignature(createUserSignature(stored.userName));
  }
  if (!hasValue(target.getClientId()) && stored.clientId !== null) {
    target.setClientId(stored.clientId);
  }
  if (!hasValue(target.getClientSecret()) && stored.clientSecret !== null) {
    target.setClientSecret(stored.clientSecret);
  }
  if (!hasValue(target.getGrantToken()) && stored.grantToken !== null) {
    target.setGrantToken(stored.grantToken);
  }
  if (!hasValue(target.getRefreshToken()) && stored.refreshToken !== null) {
    target.setRefreshToken(stored.refreshToken);
  }
  if (!hasValue(target.getAccessToken()) && stored.accessToken !== null) {
    target.setAccessToken(stored.accessToken);
  }
  if (!hasValue(target.getExpiresIn()) && stored.expiryTime !== null) {
    target.setExpiresIn(String(stored.expiryTime));
  }
  if (!hasValue(target.getRedirectURL()) && stored.redirectUrl !== null) {
    target.setRedirectURL(stored.redirectUrl);
  }
  if (!hasValue(target.getAPIDomain()) && stored.apiDomain !== null) {
    target.setAPIDomain(stored.apiDomain);
  }
}
