import type {
  ErrorDescription,
  IdentityKind,
  TokenStoreErrorCode,
} from "@tokenstore/core";

import { COLUMNS, UNIQUE_KEYS } from "./schema.js";

/** MySQL and MariaDB server error numbers the store handles. */
export const ER_DUP_ENTRY = 1062;
export const ER_LOCK_WAIT_TIMEOUT = 1205;
export const ER_LOCK_DEADLOCK = 1213;
const ER_DBACCESS_DENIED = 1044;
const ER_ACCESS_DENIED = 1045;
const ER_NO_DB = 1046;
const ER_BAD_DB = 1049;
const ER_NET_PACKET_TOO_LARGE = 1153;
const ER_TABLEACCESS_DENIED = 1142;
const ER_COLUMNACCESS_DENIED = 1143;
const ER_SPECIFIC_ACCESS_DENIED = 1227;
const ER_DATA_TOO_LONG = 1406;
const ER_CON_COUNT = 1040;
const ER_TOO_MANY_USER_CONNECTIONS = 1203;
const ER_STATEMENT_TIMEOUT_MARIADB = 1969;
const ER_QUERY_TIMEOUT_MYSQL = 3024;

/** Node and mysql2 error codes for a server that cannot be reached. */
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
]);

/**
 * A problem the store finds while it sets up a connection or its table. The
 * base class reports it with the operation of the call that ran into it.
 */
export class StoreSetupError extends Error {
  override readonly name = "StoreSetupError";
  readonly code: TokenStoreErrorCode;

  constructor(code: TokenStoreErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

interface DriverError {
  code?: unknown;
  errno?: unknown;
  sqlMessage?: unknown;
  fatal?: unknown;
  message?: unknown;
}

function asDriverError(error: unknown): DriverError {
  return error !== null && typeof error === "object"
    ? (error as DriverError)
    : {};
}

/** Returns the server error number of a mysql2 error, if it has one. */
export function errnoOf(error: unknown): number | undefined {
  const errno = asDriverError(error).errno;
  return typeof errno === "number" ? errno : undefined;
}

/** Tells whether the error left the connection unusable. */
export function isFatal(error: unknown): boolean {
  return asDriverError(error).fatal === true;
}

/**
 * Names the unique key that a duplicate-key error (1062) reports, or
 * `undefined`. MariaDB writes `for key 'uq_user_name'` and MySQL 8
 * `for key 'table.uq_user_name'`.
 */
export function duplicateKeyOf(
  error: unknown,
): IdentityKind | "id" | undefined {
  const message = asDriverError(error).sqlMessage;
  if (errnoOf(error) !== ER_DUP_ENTRY || typeof message !== "string") {
    return undefined;
  }
  const match = /for key '(?:[^'.]*\.)?([^'.]+)'\s*$/.exec(message);
  if (match === null) {
    return undefined;
  }
  const entry = Object.entries(UNIQUE_KEYS).find(
    ([, keyName]) => keyName === match[1],
  );
  return entry?.[0] as IdentityKind | "id" | undefined;
}

function fieldOfColumn(column: string): string {
  const entry = Object.entries(COLUMNS).find(([, name]) => name === column);
  return entry?.[0] ?? column;
}

/**
 * Translates a mysql2 error into a code and message. `server` names the
 * host and port for connection errors. Returns `undefined` for errors that
 * are reported as `BACKEND_ERROR` with the driver message.
 */
export function describeMysqlError(
  error: unknown,
  server: string,
): ErrorDescription | undefined {
  if (error instanceof StoreSetupError) {
    return { code: error.code, message: error.message };
  }
  const driverError = asDriverError(error);
  const code = typeof driverError.code === "string" ? driverError.code : "";
  const errno = errnoOf(error);
  const sqlMessage =
    typeof driverError.sqlMessage === "string" ? driverError.sqlMessage : "";

  if (CONNECTION_CODES.has(code)) {
    return {
      code: "CONNECTION_FAILED",
      message:
        `could not reach the MySQL server at ${server} (${code}). ` +
        "Check that it is running and that the host and port are right.",
    };
  }
  if (
    driverError.message === "Pool is closed." ||
    code === "POOL_CLOSED" ||
    driverError.message ===
      "Can't add new command when connection is in closed state"
  ) {
    return {
      code: "CONNECTION_FAILED",
      message:
        "the mysql2 pool or connection has been closed. " +
        "Create a new pool and a new store.",
    };
  }

  switch (errno) {
    case ER_ACCESS_DENIED:
      return {
        code: "CONNECTION_FAILED",
        message:
          `the MySQL server at ${server} denied access (${sqlMessage}). ` +
          "Check the user name and password.",
      };
    case ER_BAD_DB:
      return {
        code: "CONNECTION_FAILED",
        message: `${sqlMessage} at ${server}. Create the database or fix its name.`,
      };
    case ER_CON_COUNT:
    case ER_TOO_MANY_USER_CONNECTIONS:
      return {
        code: "CONNECTION_FAILED",
        message:
          `the MySQL server at ${server} has no free connections ` +
          `(${sqlMessage}). Lower the pool's connectionLimit or raise ` +
          "the server's max_connections.",
      };
    case ER_NO_DB:
      return {
        code: "BACKEND_ERROR",
        message:
          "no database is selected. Name one in the URL path or in the " +
          "pool's database option.",
      };
    case ER_DBACCESS_DENIED:
    case ER_TABLEACCESS_DENIED:
    case ER_COLUMNACCESS_DENIED:
    case ER_SPECIFIC_ACCESS_DENIED:
      return {
        code: "PERMISSION_DENIED",
        message:
          `the MySQL user lacks a privilege (${sqlMessage}). The store needs ` +
          "CREATE, SELECT, INSERT, UPDATE and DELETE on its tables.",
      };
    case ER_DATA_TOO_LONG: {
      const column = /column '([^']+)'/.exec(sqlMessage)?.[1];
      const field = column === undefined ? "a field" : fieldOfColumn(column);
      return {
        code: "VALUE_TOO_LARGE",
        message:
          `${field} is longer than its column holds. Nothing was saved. ` +
          "See the README for the column sizes.",
      };
    }
    case ER_NET_PACKET_TOO_LARGE:
      return {
        code: "VALUE_TOO_LARGE",
        message:
          "the token is larger than the server's max_allowed_packet. " +
          "Nothing was saved.",
      };
    case ER_LOCK_WAIT_TIMEOUT:
      return {
        code: "TIMEOUT",
        message:
          "another transaction held a lock on the token for longer than " +
          "innodb_lock_wait_timeout. Retry the call.",
      };
    case ER_STATEMENT_TIMEOUT_MARIADB:
    case ER_QUERY_TIMEOUT_MYSQL:
      return {
        code: "TIMEOUT",
        message:
          "the server stopped the statement at its execution time limit.",
      };
    case ER_DUP_ENTRY:
      return {
        code: "CONFLICT",
        message:
          "another stored token already has one of these identities. " +
          "Save with that token's id to update it, or delete it first.",
      };
    default:
      return undefined;
  }
}
