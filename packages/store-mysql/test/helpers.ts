import { randomBytes } from "node:crypto";

import { createConnection, type Connection } from "mysql2/promise";

import { SCHEMA_TABLE } from "../src/index.js";

/**
 * Returns the URL of the test server. Without it the test files fail, so a
 * run never passes by testing nothing.
 */
export function requireMysqlUrl(): string {
  const url = process.env["TOKENSTORE_MYSQL_URL"];
  if (url === undefined || url === "") {
    throw new Error(
      "TOKENSTORE_MYSQL_URL is not set. Run `npm test` from the repository " +
        "root, which starts a MariaDB server, or set TOKENSTORE_MYSQL_URL to " +
        "mysql://user:password@host:port/database of a server you run.",
    );
  }
  return url;
}

export const MYSQL_URL = requireMysqlUrl();

/** Returns a table name no other test or run uses. */
export function uniqueTableName(label: string): string {
  return `t_${label}_${randomBytes(6).toString("hex")}`;
}

/** Opens a connection of the test's own, outside any store. */
export async function connect(): Promise<Connection> {
  return createConnection({
    uri: MYSQL_URL,
    charset: "utf8mb4",
    supportBigNumbers: true,
    bigNumberStrings: false,
  });
}

/** Drops a token table and its schema version row. */
export async function dropTable(
  connection: Connection,
  table: string,
): Promise<void> {
  await connection.query(`DROP TABLE IF EXISTS \`${table}\``);
  await connection.execute(
    `DELETE FROM \`${SCHEMA_TABLE}\` WHERE table_name = ?`,
    [table],
  );
}

/** Columns of the token table, keyed by the token field they hold. */
const RAW_COLUMNS = {
  id: "id",
  userName: "user_name",
  clientId: "client_id",
  clientSecret: "client_secret",
  grantToken: "grant_token",
  refreshToken: "refresh_token",
  accessToken: "access_token",
  expiryTime: "expiry_time",
  redirectUrl: "redirect_url",
  apiDomain: "api_domain",
} as const;

/**
 * Reads every row of a token table straight from MySQL, with the field
 * names of a token. `id` is VARBINARY, so its bytes are decoded as UTF-8.
 */
export async function readRawRows(
  connection: Connection,
  table: string,
): Promise<Record<string, unknown>[]> {
  const [rows] = await connection.query(`SELECT * FROM \`${table}\``);
  return (rows as Record<string, unknown>[]).map((row) => {
    const record: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(RAW_COLUMNS)) {
      const value = row[column];
      record[field] = Buffer.isBuffer(value) ? value.toString("utf8") : value;
    }
    return record;
  });
}
