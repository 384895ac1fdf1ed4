import { TokenStoreError } from "@tokenstore/core";
import type BetterSqlite3 from "better-sqlite3";

import {
  METADATA_TABLE,
  SCHEMA_VERSION,
  metadataTableDdl,
  tokenTableDdl,
} from "./schema.js";

/**
 * Creates the token table and records its schema version, or checks the
 * version already recorded. Runs in an immediate transaction, so two
 * processes opening a new database at once create the table once.
 */
export function ensureSchema(
  database: BetterSqlite3.Database,
  table: string,
): void {
  const ensure = database.transaction(() => {
    database.exec(metadataTableDdl());

    const version = readVersion(database, table);
    const exists = tableExists(database, table);

    if (version === undefined && exists) {
      throw new TokenStoreError(
        "UNSUPPORTED_VERSION",
        "open",
        `table ${table} exists but ${METADATA_TABLE} has no schema version ` +
          "for it, so it was not created by this store. Choose another table.",
      );
    }
    if (version !== undefined && version > BigInt(SCHEMA_VERSION)) {
      throw new TokenStoreError(
        "UNSUPPORTED_VERSION",
        "open",
        `table ${table} has schema version ${version}, but this store reads ` +
          `version ${SCHEMA_VERSION}. Upgrade @tokenstore/store-sqlite.`,
      );
    }
    if (version !== undefined && version < BigInt(SCHEMA_VERSION)) {
      throw new TokenStoreError(
        "CORRUPT_DATA",
        "open",
        `table ${table} has schema version ${version} in ${METADATA_TABLE}, ` +
          "which no release of this store wrote.",
      );
    }

    if (!exists) {
      database.exec(tokenTableDdl(table));
    }
    if (version === undefined) {
      database
        .prepare(
          `INSERT INTO ${METADATA_TABLE} (table_name, version) VALUES (?, ?)`,
        )
        .run(table, SCHEMA_VERSION);
    }
  });
  ensure.immediate();
}

function readVersion(
  database: BetterSqlite3.Database,
  table: string,
): bigint | undefined {
  const row = database
    .prepare(`SELECT version FROM ${METADATA_TABLE} WHERE table_name = ?`)
    .safeIntegers(true)
    .get(table) as { version: bigint } | undefined;
  return row?.version;
}

function tableExists(database: BetterSqlite3.Database, table: string): boolean {
  const row = database
    .prepare(
      "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ? COLLATE NOCASE",
    )
    .get(table);
  return row !== undefined;
}
