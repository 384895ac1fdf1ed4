/**
 * Stable error codes. A code is never renamed or reused for another meaning,
 * so callers can branch on it.
 */
export const ERROR_CODES = [
  /** An argument has the wrong type, an unknown field or a value out of range. */
  "INVALID_ARGUMENT",
  /** A query or token has none of the keys that the match rule needs. */
  "NO_MATCH_KEY",
  /** The saved token would share an identity with another stored token. */
  "CONFLICT",
  /** A value is longer than the backend can hold. Nothing was truncated. */
  "VALUE_TOO_LARGE",
  /** The store was closed before the call. */
  "STORE_CLOSED",
  /** The backend could not be reached or refused the connection. */
  "CONNECTION_FAILED",
  /** The backend did not respond within the configured time. */
  "TIMEOUT",
  /** Stored data could not be parsed. The store leaves it untouched. */
  "CORRUPT_DATA",
  /** Stored data has a format or schema version this store does not read. */
  "UNSUPPORTED_VERSION",
  /** The operating system or the database denied access. */
  "PERMISSION_DENIED",
  /** Any other backend failure. The driver error is the `cause`. */
  "BACKEND_ERROR",
] as const;

export type TokenStoreErrorCode = (typeof ERROR_CODES)[number];

export type TokenStoreOperation =
  | "findToken"
  | "findTokenById"
  | "saveToken"
  | "deleteToken"
  | "getTokens"
  | "deleteTokens"
  | "close"
  | "open";

export interface TokenStoreErrorOptions {
  /** The underlying error. Redact it with `redactError` before passing it. */
  cause?: unknown;
}

/**
 * The one error type that every tokenstore store rejects with. Its message
 * names fields, never their values.
 */
export class TokenStoreError extends Error {
  override readonly name = "TokenStoreError";
  readonly code: TokenStoreErrorCode;
  readonly operation: TokenStoreOperation;
  /** The message without its "<operation> failed: " prefix. */
  readonly detail: string;

  constructor(
    code: TokenStoreErrorCode,
    operation: TokenStoreOperation,
    message: string,
    options: TokenStoreErrorOptions = {},
  ) {
    super(
      `${operation} failed: ${message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.operation = operation;
    this.detail = message;
  }
}

/**
 * Tells whether `value` is a `TokenStoreError`, also when it comes from
 * another copy of this package.
 */
export function isTokenStoreError(value: unknown): value is TokenStoreError {
  return (
    value instanceof TokenStoreError ||
    (value instanceof Error &&
      value.name === "TokenStoreError" &&
      typeof (value as { code?: unknown }).code === "string" &&
      typeof (value as { operation?: unknown }).operation === "string")
  );
}

const REDACTED = "[redacted]";

/** Shortest secret that redaction looks for, because shorter ones match too often. */
const MIN_SECRET_LENGTH = 4;

/**
 * Drivers echo rejected values, sometimes cut to a prefix (MySQL does in its
 * duplicate-key message). Any run of this many leading characters of a
 * secret is redacted too.
 */
const SECRET_PREFIX_LENGTH = 12;

/** Replaces every occurrence of each secret, or of a long prefix of it. */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  for (const secret of ordered) {
    if (secret.length < MIN_SECRET_LENGTH) {
      continue;
    }
    result = result.split(secret).join(REDACTED);
    if (secret.length > SECRET_PREFIX_LENGTH) {
      result = redactPrefixes(result, secret);
    }
  }
  return result;
}

function redactPrefixes(text: string, secret: string): string {
  const head = secret.slice(0, SECRET_PREFIX_LENGTH);
  let result = "";
  let position = 0;
  for (;;) {
    const start = text.indexOf(head, position);
    if (start === -1) {
      return result + text.slice(position);
    }
    let end = start + head.length;
    while (
      end < text.length &&
      end - start < secret.length &&
      text[end] === secret[end - start]
    ) {
      end += 1;
    }
    result += text.slice(position, start) + REDACTED;
    position = end;
  }
}

/**
 * Copies a driver error with every secret removed, keeping its name, message,
 * stack and primitive diagnostic properties (`code`, `errno`, `sqlState`).
 * Object-valued properties are dropped, because drivers put rejected values
 * there (MongoDB's `keyValue`, for one).
 */
export function redactError(
  error: unknown,
  secrets: readonly string[],
): unknown {
  if (!(error instanceof Error)) {
    if (typeof error === "string") {
      return redactText(error, secrets);
    }
    return error === null || typeof error !== "object" ? error : undefined;
  }

  const copy = new Error(redactText(error.message, secrets));
  copy.name = error.name;
  copy.stack =
    error.stack === undefined ? undefined : redactText(error.stack, secrets);
  for (const [key, value] of Object.entries(error)) {
    if (key === "message" || key === "stack" || key === "name") {
      continue;
    }
    if (typeof value === "string") {
      (copy as unknown as Record<string, unknown>)[key] = redactText(
        value,
        secrets,
      );
    } else if (
      typeof value === "number" ||
      typeof value === "boolean" ||
      typeof value === "bigint"
    ) {
      (copy as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return copy;
}
