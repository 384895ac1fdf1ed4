import { TokenStoreError, type TokenStoreOperation } from "./errors.js";
import { KEY_FIELDS, TOKEN_FIELDS, type TokenInput } from "./token.js";

/** Maximum id length, in UTF-16 code units, that every store must accept. Longer ids are rejected, never truncated. */
export const MAX_ID_LENGTH = 255;

const ALLOWED_FIELDS: ReadonlySet<string> = new Set(["id", ...TOKEN_FIELDS]);
const KEY_FIELD_SET: ReadonlySet<string> = new Set(KEY_FIELDS);

function invalid(operation: TokenStoreOperation, message: string) {
  return new TokenStoreError("INVALID_ARGUMENT", operation, message);
}

function describeType(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (value === undefined) {
    return "undefined";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    return String(value);
  }
  return `a ${typeof value}`;
}

/**
 * Names an unknown field in a message only when it looks like an identifier
 * (such as `refresh_token`). Anything else could be a value passed by mistake
 * as a key, so it stays out of the message.
 */
function quoteFieldName(name: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_]{0,23}$/.test(name) ? `"${name}"` : undefined;
}

function describeUnknownField(name: string): string {
  const quoted = quoteFieldName(name);
  return quoted === undefined ? "an unknown field" : `unknown field ${quoted}`;
}

/**
 * Checks a token id: a string of 1 to 255 characters with no control
 * characters.
 */
export function validateId(
  id: unknown,
  operation: TokenStoreOperation,
): asserts id is string {
  if (typeof id !== "string") {
    throw invalid(
      operation,
      `id must be a string, but got ${describeType(id)}.`,
    );
  }
  if (id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw invalid(
      operation,
      `id must be 1 to ${MAX_ID_LENGTH} characters long, but has ${id.length}.`,
    );
  }
  if (/[\x00-\x1f\x7f]/.test(id) || !id.isWellFormed()) {
    throw invalid(
      operation,
      "id must not contain control characters or unpaired surrogates.",
    );
  }
}

function validateString(
  field: string,
  value: string,
  operation: TokenStoreOperation,
): void {
  if (value.length === 0 && KEY_FIELD_SET.has(field)) {
    throw invalid(
      operation,
      `${field} must not be an empty string; use null to clear it or leave it out.`,
    );
  }
  if (value.includes("\u0000")) {
    throw invalid(operation, `${field} must not contain a NUL character.`);
  }
  if (!value.isWellFormed()) {
    throw invalid(
      operation,
      `${field} contains an unpaired UTF-16 surrogate, which no backend can store.`,
    );
  }
}

function validateExpiryTime(
  value: number,
  operation: TokenStoreOperation,
): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalid(
      operation,
      "expiryTime must be a non-negative whole number of epoch milliseconds " +
        `(at most ${Number.MAX_SAFE_INTEGER}), but got ${describeNumber(value)}.`,
    );
  }
}

function describeNumber(value: number): string {
  if (Number.isNaN(value) || !Number.isFinite(value)) {
    return String(value);
  }
  if (value < 0) {
    return "a negative number";
  }
  return Number.isInteger(value) ? "an unsafe integer" : "a fraction";
}

/**
 * Copies the own data properties of a plain object once, so later steps never
 * read the caller's object again. A getter could otherwise return one value to
 * validation and another to the store. Rejects objects with another prototype
 * (class instances, `Object.create(token)`), accessor properties and symbol
 * keys. `-0` becomes `0`.
 */
export function snapshotTokenInput(
  token: unknown,
  operation: TokenStoreOperation,
): TokenInput {
  if (token === null || typeof token !== "object" || Array.isArray(token)) {
    throw invalid(
      operation,
      `the token must be an object, but got ${describeType(token)}.`,
    );
  }
  const prototype = Object.getPrototypeOf(token);
  if (prototype !== Object.prototype && prototype !== null) {
    throw invalid(
      operation,
      "the token must be a plain object, not a class instance or an object " +
        "with another prototype. Copy its fields into an object literal.",
    );
  }

  const snapshot: Record<string, unknown> = {};
  const descriptors = Object.getOwnPropertyDescriptors(token);
  for (const key of Reflect.ownKeys(descriptors)) {
    if (typeof key === "symbol") {
      throw invalid(operation, "the token must not have symbol keys.");
    }
    const descriptor = descriptors[key]!;
    if (!("value" in descriptor)) {
      const quoted = quoteFieldName(key);
      const field = quoted === undefined ? "a field" : `field ${quoted}`;
      throw invalid(
        operation,
        `${field} is a getter or setter; pass plain values.`,
      );
    }
    snapshot[key] = Object.is(descriptor.value, -0) ? 0 : descriptor.value;
  }
  validateTokenInput(snapshot, operation);
  return snapshot as TokenInput;
}

/**
 * Checks that `token` is a plain object whose fields are all known and of the
 * right type. Throws `INVALID_ARGUMENT` naming the first bad field. Messages
 * never include a field's value.
 */
export function validateTokenInput(
  token: unknown,
  operation: TokenStoreOperation,
): asserts token is TokenInput {
  if (token === null || typeof token !== "object" || Array.isArray(token)) {
    throw invalid(
      operation,
      `the token must be an object, but got ${describeType(token)}.`,
    );
  }

  for (const [field, value] of Object.entries(token)) {
    if (!ALLOWED_FIELDS.has(field)) {
      throw invalid(
        operation,
        `${describeUnknownField(field)}; the fields are id, ${TOKEN_FIELDS.join(", ")}.`,
      );
    }
    if (value === undefined) {
      continue;
    }
    if (field === "id") {
      validateId(value, operation);
      continue;
    }
    if (value === null) {
      continue;
    }
    if (field === "expiryTime") {
      if (typeof value !== "number") {
        throw invalid(
          operation,
          `expiryTime must be a number of epoch milliseconds or null, but got ${describeType(value)}.`,
        );
      }
      validateExpiryTime(value, operation);
      continue;
    }
    if (typeof value !== "string") {
      throw invalid(
        operation,
        `${field} must be a string or null, but got ${describeType(value)}.`,
      );
    }
    validateString(field, value, operation);
  }
}
