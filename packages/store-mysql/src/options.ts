import { TokenStoreError } from "@tokenstore/core";
import { createPool, type Pool, type PoolOptions } from "mysql2/promise";

import { DEFAULT_TABLE, SCHEMA_TABLE, TABLE_NAME_PATTERN } from "./schema.js";

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

interface CommonOptions {
  /** Token table name, an unquoted identifier. Default `oauth_tokens`. */
  table?: string;
  /**
   * Time limit for opening one connection, in milliseconds, for a pool that
   * the store creates. Default 10,000. A borrowed pool keeps its own setting.
   */
  connectTimeoutMs?: number;
}

/** A pool that the caller owns. The store never ends it. */
export interface BorrowedPoolOptions extends CommonOptions {
  pool: Pool;
}

/** A `mysql://user:password@host:port/database` URL. The store owns the pool. */
export interface UriOptions extends CommonOptions {
  uri: string;
}

/** mysql2 pool options. The store owns the pool. */
export interface ConnectionOptions extends CommonOptions {
  connection: PoolOptions;
}

export type MysqlTokenStoreOptions =
  BorrowedPoolOptions | UriOptions | ConnectionOptions;

export interface ResolvedOptions {
  pool: Pool;
  ownsPool: boolean;
  table: string;
  /** Password of an owned pool, redacted from messages. */
  password: string | undefined;
}

function invalid(message: string): TokenStoreError {
  return new TokenStoreError("INVALID_ARGUMENT", "open", message);
}

/**
 * mysql2 decodes every field with the connection's encoding, and 4-byte
 * UTF-8 (emoji) needs a utf8mb4 collation.
 */
function isUtf8mb4(charset: unknown): boolean {
  return typeof charset === "string" && /^utf8mb4/i.test(charset);
}

/** Settings the store relies on, applied over what the caller gave. */
function storeSettings(connectTimeoutMs: number): PoolOptions {
  return {
    charset: "utf8mb4",
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectTimeout: connectTimeoutMs,
  };
}

function validateTable(table: unknown): string {
  if (table === undefined) {
    return DEFAULT_TABLE;
  }
  if (typeof table !== "string" || !TABLE_NAME_PATTERN.test(table)) {
    throw invalid(
      "table must be 1 to 64 letters, digits or underscores, " +
        "not starting with a digit.",
    );
  }
  if (table === SCHEMA_TABLE) {
    throw invalid(`table must not be ${SCHEMA_TABLE}, which the store uses.`);
  }
  return table;
}

function validateConnectTimeout(value: unknown): number {
  if (value === undefined) {
    return DEFAULT_CONNECT_TIMEOUT_MS;
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw invalid("connectTimeoutMs must be a positive whole number.");
  }
  return value;
}

function parseUri(uri: unknown): URL {
  if (typeof uri !== "string") {
    throw invalid("uri must be a string like mysql://user:password@host/db.");
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    // The URL is not quoted because it may contain a password.
    throw invalid(
      "uri is not a valid URL. Use mysql://user:password@host:port/database " +
        "and percent-encode reserved characters in the user and password.",
    );
  }
  if (url.protocol !== "mysql:" && url.protocol !== "mariadb:") {
    throw invalid("uri must start with mysql:// or mariadb://.");
  }
  if (url.hostname === "") {
    throw invalid("uri must name a host, as in mysql://user@host/database.");
  }
  if (url.pathname.length <= 1) {
    throw invalid(
      "uri must name a database in its path, as in mysql://user@host/database.",
    );
  }
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    throw invalid(
      "uri has an invalid percent-encoding in its user name or password.",
    );
  }
  return url;
}

/** Returns the decoded password of a URL that `parseUri` accepted. */
function passwordOf(url: URL): string | undefined {
  const password = decodeURIComponent(url.password);
  return password === "" ? undefined : password;
}

function isPromisePool(value: unknown): value is Pool {
  if (value === null || typeof value !== "object") {
    return false;
  }
  const candidate = value as Partial<Pool>;
  return (
    typeof candidate.getConnection === "function" &&
    typeof candidate.pool === "object" &&
    candidate.pool !== null
  );
}

/**
 * Validates the options and returns the pool to use. Throws
 * `INVALID_ARGUMENT` with operation `open`, naming the bad option but never
 * a password.
 */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === null || typeof options !== "object") {
    throw invalid("options must be an object with pool, uri or connection.");
  }
  const settings = options as Partial<
    BorrowedPoolOptions & UriOptions & ConnectionOptions
  >;
  const sources = (["pool", "uri", "connection"] as const).filter(
    (name) => settings[name] !== undefined,
  );
  if (sources.length !== 1) {
    throw invalid(
      "give exactly one of pool, uri or connection, " +
        `but got ${sources.length === 0 ? "none" : sources.join(" and ")}.`,
    );
  }
  const table = validateTable(settings.table);
  const connectTimeoutMs = validateConnectTimeout(settings.connectTimeoutMs);

  if (settings.pool !== undefined) {
    if (!isPromisePool(settings.pool)) {
      throw invalid(
        "pool must be a Pool from mysql2/promise. " +
          "Call .promise() on a pool from the callback API.",
      );
    }
    return { pool: settings.pool, ownsPool: false, table, password: undefined };
  }

  if (settings.uri !== undefined) {
    const url = parseUri(settings.uri);
    const pool = createPool({
      uri: settings.uri,
      ...storeSettings(connectTimeoutMs),
    });
    return { pool, ownsPool: true, table, password: passwordOf(url) };
  }

  const connection = settings.connection;
  if (connection === null || typeof connection !== "object") {
    throw invalid("connection must be an object of mysql2 pool options.");
  }
  // mysql2 reads a `uri` inside pool options too, for what they leave out.
  const url =
    connection.uri === undefined ? undefined : parseUri(connection.uri);
  if (
    url === undefined &&
    (typeof connection.database !== "string" || connection.database === "")
  ) {
    throw invalid("connection.database must name the database to use.");
  }
  if (connection.charset !== undefined && !isUtf8mb4(connection.charset)) {
    throw invalid(
      "connection.charset must be a utf8mb4 collation, such as " +
        "utf8mb4_general_ci, or left out.",
    );
  }
  const pool = createPool({
    ...connection,
    ...storeSettings(
      settings.connectTimeoutMs ??
        connection.connectTimeout ??
        connectTimeoutMs,
    ),
    charset: connection.charset ?? "utf8mb4",
  });
  const password =
    typeof connection.password === "string" && connection.password !== ""
      ? connection.password
      : url && passwordOf(url);
  return { pool, ownsPool: true, table, password };
}
