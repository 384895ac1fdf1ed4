import { TokenStoreError } from "@tokenstore/core";
import type BetterSqlite3 from "better-sqlite3";

import { DEFAULT_TABLE, METADATA_TABLE, TABLE_NAME_PATTERN } from "./schema.js";

export interface SqliteTokenStoreOptions {
  /**
   * A file path, which the store opens, owns and closes on `close()`, or
   * ":memory:" for a private in-memory database. An open better-sqlite3
   * `Database` is borrowed: the store never closes it.
   */
  database: string | BetterSqlite3.Database;
  /** Name of the token table. Defaults to "oauth_tokens". */
  table?: string;
  /**
   * Milliseconds a statement waits for another connection's lock before it
   * fails with `TIMEOUT`. Defaults to 5000 for a database the store opens. A
   * borrowed database keeps its own busy timeout unless this is given.
   */
  busyTimeoutMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** Largest value SQLite's busy_timeout accepts: a signed 32-bit int. */
const MAX_BUSY_TIMEOUT_MS = 2 ** 31 - 1;

const OPTION_NAMES: ReadonlySet<string> = new Set([
  "database",
  "table",
  "busyTimeoutMs",
]);

/** Options after validation, with defaults filled in. */
export type ResolvedOptions =
  | {
      kind: "path";
      path: string;
      table: string;
      busyTimeoutMs: number;
    }
  | {
      kind: "borrowed";
      database: BetterSqlite3.Database;
      table: string;
      busyTimeoutMs: number | undefined;
    };

function invalid(message: string): TokenStoreError {
  return new TokenStoreError("INVALID_ARGUMENT", "open", message);
}

/**
 * Tells whether `value` looks like an open better-sqlite3 `Database`. It
 * checks the shape rather than `instanceof`, so a handle from another copy of
 * better-sqlite3 is accepted too.
 */
function isDatabaseHandle(value: unknown): value is BetterSqlite3.Database {
  if (value === null || typeof value !== "object") {
    return false;
  }
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.prepare === "function" &&
    typeof candidate.transaction === "function" &&
    typeof candidate.pragma === "function" &&
    typeof candidate.open === "boolean"
  );
}

function resolveTable(table: unknown): string {
  if (table === undefined) {
    return DEFAULT_TABLE;
  }
  if (typeof table !== "string" || !TABLE_NAME_PATTERN.test(table)) {
    throw invalid(
      "table must be an SQL identifier: a letter or underscore, then up to " +
        "63 letters, digits or underscores.",
    );
  }
  if (table.toLowerCase().startsWith("sqlite_")) {
    throw invalid(
      `table ${table} starts with "sqlite_", which SQLite reserves. ` +
        "Choose another name.",
    );
  }
  if (table.toLowerCase() === METADATA_TABLE) {
    throw invalid(
      `table ${table} is the store's schema version table. ` +
        "Choose another name.",
    );
  }
  return table;
}

function resolveBusyTimeout(value: unknown): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > MAX_BUSY_TIMEOUT_MS
  ) {
    throw invalid(
      `busyTimeoutMs must be a whole number of milliseconds from 0 to ${MAX_BUSY_TIMEOUT_MS}.`,
    );
  }
  return value;
}

/** Validates the options. Throws `INVALID_ARGUMENT` naming the bad option. */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === null || typeof options !== "object") {
    throw invalid(
      "options must be an object with a database path or Database handle.",
    );
  }
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw invalid(
        `unknown option ${JSON.stringify(name.slice(0, 40))}; ` +
          "the options are database, table, busyTimeoutMs.",
      );
    }
  }

  const { database, table, busyTimeoutMs } = options as Record<string, unknown>;
  const resolvedTable = resolveTable(table);
  const resolvedTimeout = resolveBusyTimeout(busyTimeoutMs);

  if (typeof database === "string") {
    if (database.length === 0 || database.includes("\u0000")) {
      throw invalid(
        'database must be a file path or ":memory:", but got an empty ' +
          "string or one with a NUL character.",
      );
    }
    return {
      kind: "path",
      path: database,
      table: resolvedTable,
      busyTimeoutMs: resolvedTimeout ?? DEFAULT_BUSY_TIMEOUT_MS,
    };
  }
  if (isDatabaseHandle(database)) {
    if (!database.open) {
      throw invalid(
        "the database handle is closed. Pass an open better-sqlite3 Database.",
      );
    }
    return {
      kind: "borrowed",
      database,
      table: resolvedTable,
      busyTimeoutMs: resolvedTimeout,
    };
  }
  throw invalid(
    'database must be a file path, ":memory:" or an open better-sqlite3 ' +
      "Database.",
  );
}
