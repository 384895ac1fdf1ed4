import assert from "node:assert/strict";

import {
  TOKEN_FIELDS,
  isTokenStoreError,
  type OAuthToken,
  type TokenInput,
  type TokenStoreError,
  type TokenStoreErrorCode,
} from "@tokenstore/core";

import type { CaseContext, RawTokenRecord } from "./types.js";

/** Awaits `promise` and checks that it rejects with a `TokenStoreError` of `code`. */
export async function expectStoreError(
  promise: Promise<unknown>,
  code: TokenStoreErrorCode,
  label = "the call",
): Promise<TokenStoreError> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    assert.ok(
      isTokenStoreError(error),
      `${label} must reject with a TokenStoreError, but rejected with ${describe(error)}`,
    );
    assert.equal(error.code, code, `${label} rejected with the wrong code`);
    return error;
  }
  assert.fail(
    `${label} must reject with ${code}, but resolved to ${describe(outcome)}`,
  );
}

function describe(value: unknown): string {
  if (value instanceof Error) {
    return `${value.name}: ${value.message}`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Builds the token a store must return for `input` saved into an empty store. */
export function expectedToken(input: TokenInput, id: string): OAuthToken {
  const token: Record<string, unknown> = { id };
  for (const field of TOKEN_FIELDS) {
    token[field] = input[field] ?? null;
  }
  return token as unknown as OAuthToken;
}

/** Checks that a stored token has exactly the id and token fields. */
export function assertTokenShape(token: unknown, label: string): void {
  assert.ok(
    token !== null && typeof token === "object",
    `${label} must be an object`,
  );
  assert.deepEqual(
    Object.keys(token).sort(),
    ["id", ...TOKEN_FIELDS].sort(),
    `${label} must have exactly the fields id, ${TOKEN_FIELDS.join(", ")}`,
  );
}

/** Normalises a raw record so fields the backend left out read as `null`. */
export function normaliseRaw(record: RawTokenRecord): RawTokenRecord {
  const result: RawTokenRecord = { id: record.id };
  for (const field of TOKEN_FIELDS) {
    result[field] = record[field] ?? null;
  }
  return result;
}

/** Reads the stored record with `id`, failing when there is not exactly one. */
export async function readStoredRecord(
  context: CaseContext,
  id: string,
): Promise<RawTokenRecord> {
  const records = (await context.readStored()).filter(
    (record) => record.id === id,
  );
  assert.equal(
    records.length,
    1,
    `exactly one stored record must have id ${id}`,
  );
  return normaliseRaw(records[0] as RawTokenRecord);
}

/** Sorts tokens by id, so lists compare without depending on order. */
export function sortById<T extends { id?: unknown }>(tokens: T[]): T[] {
  return [...tokens].sort((a, b) =>
    String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0,
  );
}

/** Reads every stored record, normalised and sorted, for before and after checks. */
export async function snapshot(
  context: CaseContext,
): Promise<RawTokenRecord[]> {
  return sortById((await context.readStored()).map(normaliseRaw));
}
