import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";

import { COLUMNS } from "../src/schema.js";

/** Creates a temporary directory and returns its path and a `remove` function. */
export function makeTempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), "tokenstore-sqlite-"));
  return {
    path,
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/**
 * Reads every row of a token table straight from SQLite and maps the columns
 * to token field names. `expiryTime` comes back as a number, after a check
 * that the stored integer fits one exactly. A table that the store has not
 * created yet reads as empty.
 */
export function readRawRows(
  database: Database.Database,
  table = "oauth_tokens",
): Record<string, unknown>[] {
  const exists = database
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")
    .get(table);
  if (exists === undefined) {
    return [];
  }
  const rows = database
    .prepare(`SELECT * FROM "${table}" ORDER BY rowid`)
    .safeIntegers(true)
    .all() as Record<string, unknown>[];
  return rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(COLUMNS)) {
      record[field] = row[column];
    }
    const expiry = record.expiryTime;
    if (typeof expiry === "bigint") {
      if (expiry > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new Error("expiry_time does not fit a JavaScript number");
      }
      record.expiryTime = Number(expiry);
    }
    return record;
  });
}

/** Opens a second connection to a database file and reads the token rows. */
export function readRawFile(
  path: string,
  table = "oauth_tokens",
): Record<string, unknown>[] {
  if (!existsSync(path)) {
    return [];
  }
  const database = new Database(path, { readonly: true });
  try {
    return readRawRows(database, table);
  } finally {
    database.close();
  }
}
