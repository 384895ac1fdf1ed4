import {
  TOKEN_FIELDS,
  TokenStoreError,
  matchConditions,
  type MatchKey,
  type OAuthToken,
  type TokenStoreOperation,
} from "@tokenstore/core";

import { COLUMNS, HASHED_FIELDS, type HashedField } from "./schema.js";

/** Column list of a SELECT that reads whole tokens, in `TOKEN_FIELDS` order. */
export const SELECT_COLUMNS = [
  "id",
  ...TOKEN_FIELDS.map((field) => COLUMNS[field]),
].join(", ");

const HASHED: ReadonlySet<string> = new Set(HASHED_FIELDS);

/**
 * Builds the WHERE clause and its parameters for a match key. Hashed columns
 * are compared by hash first, which the unique keys index, and then by value.
 */
export function keyCondition(key: MatchKey): {
  sql: string;
  values: string[];
} {
  const clauses: string[] = [];
  const values: string[] = [];
  for (const [field, value] of matchConditions(key)) {
    if (field === "id") {
      clauses.push("id = ?");
      values.push(value);
      continue;
    }
    const column = COLUMNS[field];
    if (HASHED.has(field)) {
      clauses.push(`${column}_hash = UNHEX(SHA2(?, 256))`);
      values.push(value);
    }
    clauses.push(`${column} = ?`);
    values.push(value);
  }
  return { sql: clauses.join(" AND "), values };
}

/** Builds the WHERE clause that finds the holder of one hashed value. */
export function hashedCondition(
  fields: readonly HashedField[],
  token: OAuthToken,
): { sql: string; values: string[] } | undefined {
  const clauses: string[] = [];
  const values: string[] = [];
  for (const field of fields) {
    const value = token[field];
    if (value === null) {
      return undefined;
    }
    clauses.push(`${COLUMNS[field]}_hash = UNHEX(SHA2(?, 256))`);
    clauses.push(`${COLUMNS[field]} = ?`);
    values.push(value, value);
  }
  return { sql: clauses.join(" AND "), values };
}

function corrupt(
  operation: TokenStoreOperation,
  column: string,
): TokenStoreError {
  return new TokenStoreError(
    "CORRUPT_DATA",
    operation,
    `the ${column} column of a stored token has a value of the wrong type. ` +
      "Check that the table was created by this store.",
  );
}

function readString(
  row: Record<string, unknown>,
  column: string,
  operation: TokenStoreOperation,
): string | null {
  const value = row[column];
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === "string") {
    return value;
  }
  // A pool with a custom typeCast, or a binary column such as `id`, yields
  // a Buffer of UTF-8 bytes.
  if (Buffer.isBuffer(value)) {
    return value.toString("utf8");
  }
  throw corrupt(operation, column);
}

/**
 * Reads a BIGINT. mysql2 returns a number, or a string or bigint when the
 * pool's own settings ask for that, so every form is checked to be a safe
 * whole number.
 */
function readExpiry(
  row: Record<string, unknown>,
  column: string,
  operation: TokenStoreOperation,
): number | null {
  const value = row[column];
  if (value === null || value === undefined) {
    return null;
  }
  let number: number;
  if (typeof value === "number") {
    number = value;
  } else if (typeof value === "bigint") {
    number = Number(value);
  } else if (typeof value === "string" && /^-?\d+$/.test(value)) {
    number = Number(value);
  } else {
    throw corrupt(operation, column);
  }
  if (!Number.isSafeInteger(number) || number < 0) {
    throw corrupt(operation, column);
  }
  return number;
}

/** Converts a row selected with `SELECT_COLUMNS` into a token. */
export function rowToToken(
  row: Record<string, unknown>,
  operation: TokenStoreOperation,
): OAuthToken {
  const id = readString(row, "id", operation);
  if (id === null) {
    throw corrupt(operation, "id");
  }
  const token: Record<string, unknown> = { id };
  for (const field of TOKEN_FIELDS) {
    const column = COLUMNS[field];
    token[field] =
      field === "expiryTime"
        ? readExpiry(row, column, operation)
        : readString(row, column, operation);
  }
  return token as unknown as OAuthToken;
}
