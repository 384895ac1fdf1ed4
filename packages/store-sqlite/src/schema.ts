/** Schema version that this store writes and reads. */
export const SCHEMA_VERSION = 1;

/** Table that records the schema version of each token table. */
export const METADATA_TABLE = "tokenstore_schema";

export const DEFAULT_TABLE = "oauth_tokens";

/**
 * Table names the store accepts: an SQL identifier of 1 to 64 characters. The
 * store also quotes the name, so SQL keywords work as names.
 */
export const TABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The token columns, in `TOKEN_FIELDS` order after `id`. Every text column is
 * unbounded TEXT, so no value is ever cut.
 */
export const COLUMNS = {
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
 * DDL of the metadata table, shared by every token table in the database.
 * SQLite table names ignore ASCII case, so the key does too.
 */
export function metadataTableDdl(): string {
  return `CREATE TABLE IF NOT EXISTS ${METADATA_TABLE} (
  table_name TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
  version INTEGER NOT NULL
) STRICT`;
}

/**
 * DDL of a token table. STRICT makes SQLite reject a value of the wrong type
 * instead of converting it. Each UNIQUE constraint enforces one identity and
 * is also the index that lookups on that identity use. SQLite treats NULLs as
 * distinct in a UNIQUE constraint, so any number of tokens may leave an
 * identity empty. Text compares with the BINARY collation: case and trailing
 * spaces count.
 */
export function tokenTableDdl(table: string): string {
  return `CREATE TABLE "${table}" (
  id TEXT PRIMARY KEY NOT NULL,
  user_name TEXT,
  client_id TEXT,
  client_secret TEXT,
  grant_token TEXT,
  refresh_token TEXT,
  access_token TEXT,
  expiry_time INTEGER CHECK (expiry_time BETWEEN 0 AND 9007199254740991),
  redirect_url TEXT,
  api_domain TEXT,
  UNIQUE (user_name),
  UNIQUE (access_token),
  UNIQUE (client_id, grant_token),
  UNIQUE (client_id, refresh_token)
) STRICT`;
}
