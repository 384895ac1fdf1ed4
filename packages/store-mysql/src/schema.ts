import type { IdentityKind, TokenField } from "@tokenstore/core";

/** Version of the token table layout that this store creates and reads. */
export const SCHEMA_VERSION = 1;

/** Table, shared by every token table in a database, that records versions. */
export const SCHEMA_TABLE = "tokenstore_schema";

export const DEFAULT_TABLE = "oauth_tokens";

/** Table names the store accepts: an unquoted MySQL identifier. */
export const TABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Column that stores each token field. */
export const COLUMNS: Readonly<Record<TokenField, string>> = {
  userName: "user_name",
  clientId: "client_id",
  clientSecret: "client_secret",
  grantToken: "grant_token",
  refreshToken: "refresh_token",
  accessToken: "access_token",
  expiryTime: "expiry_time",
  redirectUrl: "redirect_url",
  apiDomain: "api_domain",
};

/** Fields whose column stores a SHA-256 hash next to the value. */
export const HASHED_FIELDS = [
  "userName",
  "clientId",
  "grantToken",
  "refreshToken",
  "accessToken",
] as const satisfies readonly TokenField[];

export type HashedField = (typeof HASHED_FIELDS)[number];

/** Unique key that enforces each identity, and the primary key for ids. */
export const UNIQUE_KEYS: Readonly<Record<IdentityKind | "id", string>> = {
  id: "PRIMARY",
  userName: "uq_user_name",
  accessToken: "uq_access_token",
  grantToken: "uq_grant_token",
  refreshToken: "uq_refresh_token",
};

/** Quotes a table name that already matched `TABLE_NAME_PATTERN`. */
export function quoteTable(table: string): string {
  return `\`${table}\``;
}

/**
 * Builds the DDL of the token table.
 *
 * - `id` is VARBINARY so that ids differing only in trailing spaces stay
 *   distinct: MySQL's and MariaDB's utf8mb4_bin collation pads with spaces
 *   when it compares. 1,020 bytes hold any 255-character id.
 * - Text columns are utf8mb4 with a binary collation, so case differences
 *   stay distinct and emoji round-trip. TEXT stores at most 65,535
 *   bytes and MEDIUMTEXT 16 MiB minus one byte, less in practice because a statement
 *   must fit the server's max_allowed_packet.
 * - MySQL cannot put a full-length unique index on a TEXT column, and a
 *   prefix index would reject long values that share a prefix. Each identity
 *   is therefore a unique key on stored SHA-256 hashes of its columns, and
 *   lookups compare the hash and then the value itself.
 */
export function tokenTableDdl(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteTable(table)} (
  id VARBINARY(1020) NOT NULL,
  user_name TEXT NULL,
  client_id TEXT NULL,
  client_secret MEDIUMTEXT NULL,
  grant_token MEDIUMTEXT NULL,
  refresh_token MEDIUMTEXT NULL,
  access_token MEDIUMTEXT NULL,
  expiry_time BIGINT NULL,
  redirect_url TEXT NULL,
  api_domain TEXT NULL,
  user_name_hash BINARY(32) AS (UNHEX(SHA2(user_name, 256))) STORED,
  client_id_hash BINARY(32) AS (UNHEX(SHA2(client_id, 256))) STORED,
  grant_token_hash BINARY(32) AS (UNHEX(SHA2(grant_token, 256))) STORED,
  refresh_token_hash BINARY(32) AS (UNHEX(SHA2(refresh_token, 256))) STORED,
  access_token_hash BINARY(32) AS (UNHEX(SHA2(access_token, 256))) STORED,
  PRIMARY KEY (id),
  UNIQUE KEY ${UNIQUE_KEYS.userName} (user_name_hash),
  UNIQUE KEY ${UNIQUE_KEYS.accessToken} (access_token_hash),
  UNIQUE KEY ${UNIQUE_KEYS.grantToken} (client_id_hash, grant_token_hash),
  UNIQUE KEY ${UNIQUE_KEYS.refreshToken} (client_id_hash, refresh_token_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`;
}

/** Builds the DDL of the table that records each token table's version. */
export function schemaTableDdl(): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteTable(SCHEMA_TABLE)} (
  table_name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  version INT NOT NULL,
  PRIMARY KEY (table_name)
) ENGINE=InnoDB`;
}

/**
 * Largest value, in UTF-8 bytes, that each token column holds: 65,535 for
 * TEXT and 16,777,215 for MEDIUMTEXT.
 */
export const MAX_VALUE_BYTES = {
  userName: 65_535,
  clientId: 65_535,
  clientSecret: 16_777_215,
  grantToken: 16_777_215,
  refreshToken: 16_777_215,
  accessToken: 16_777_215,
  redirectUrl: 65_535,
  apiDomain: 65_535,
} as const;
