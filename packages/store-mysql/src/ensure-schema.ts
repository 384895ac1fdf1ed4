import type { PoolConnection } from "mysql2/promise";

import { StoreSetupError } from "./mysql-errors.js";
import {
  SCHEMA_TABLE,
  SCHEMA_VERSION,
  quoteTable,
  schemaTableDdl,
  tokenTableDdl,
} from "./schema.js";
import { execute, query, type Row } from "./statements.js";

async function readVersion(
  connection: PoolConnection,
  table: string,
): Promise<number | undefined> {
  const rows = await execute<Row[]>(
    connection,
    `SELECT version FROM ${quoteTable(SCHEMA_TABLE)} WHERE table_name = ?`,
    [table],
  );
  const version = rows[0]?.["version"];
  return typeof version === "number" ? version : undefined;
}

async function tableExists(
  connection: PoolConnection,
  table: string,
): Promise<boolean> {
  const rows = await execute<Row[]>(
    connection,
    "SELECT COUNT(*) AS count FROM information_schema.TABLES " +
      "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
    [table],
  );
  return Number(rows[0]?.["count"]) > 0;
}

/**
 * Creates the schema table and the token table if missing, and checks the
 * token table's recorded version. Throws `StoreSetupError` with
 * `UNSUPPORTED_VERSION` for a newer version, or for an existing table that
 * has no version row.
 */
export async function ensureSchema(
  connection: PoolConnection,
  table: string,
): Promise<void> {
  await query(connection, schemaTableDdl());
  let version = await readVersion(connection, table);
  if (version === undefined && (await tableExists(connection, table))) {
    // A concurrent first open writes the version row before it creates the
    // table, so once the table exists its row is visible. A table that
    // still has none was not made by this store.
    version = await readVersion(connection, table);
    if (version === undefined) {
      throw new StoreSetupError(
        "UNSUPPORTED_VERSION",
        `table ${table} exists but has no row in ${SCHEMA_TABLE}, so this ` +
          "store did not create it. Pick another name with the table " +
          "option, or drop that table.",
      );
    }
  }
  if (version === undefined) {
    await execute(
      connection,
      `INSERT INTO ${quoteTable(SCHEMA_TABLE)} (table_name, version) ` +
        "VALUES (?, ?) ON DUPLICATE KEY UPDATE table_name = table_name",
      [table, SCHEMA_VERSION],
    );
  } else if (version !== SCHEMA_VERSION) {
    throw new StoreSetupError(
      "UNSUPPORTED_VERSION",
      `table ${table} has schema version ${version}, but this store reads ` +
        `version ${SCHEMA_VERSION}. Upgrade @tokenstore/store-mysql or use ` +
        "another table.",
    );
  }
  await query(connection, tokenTableDdl(table));
}
