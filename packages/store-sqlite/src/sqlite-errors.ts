import type { ErrorDescription } from "@tokenstore/core";

/** A stored row that this store cannot turn into a token. */
export class CorruptRowError extends Error {
  override readonly name = "CorruptRowError";
}

/** Reads the `code` property that SQLite and Node.js errors carry. */
function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== "object") {
    return undefined;
  }
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** Tells whether `error` is SQLite's UNIQUE or PRIMARY KEY violation. */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return (
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}

/** Matches SQLite's extended result code names, such as SQLITE_BUSY_SNAPSHOT. */
function hasPrimaryCode(code: string, primary: string): boolean {
  return code === primary || code.startsWith(`${primary}_`);
}

export interface ErrorContext {
  /** The busy timeout in force, or `undefined` when it is not known. */
  busyTimeoutMs: number | undefined;
}

/**
 * Translates a better-sqlite3, SQLite or file system error into a code, or
 * returns `undefined` for `BACKEND_ERROR`. Messages name no values: SQLite
 * messages list column names only, and the caller redacts the cause.
 */
export function describeSqliteError(
  error: unknown,
  context: ErrorContext,
): ErrorDescription | undefined {
  if (error instanceof CorruptRowError) {
    return { code: "CORRUPT_DATA", message: error.message };
  }
  if (
    error instanceof TypeError &&
    error.message.includes("connection is not open")
  ) {
    return {
      code: "CONNECTION_FAILED",
      message:
        "the database connection is closed. Keep a borrowed Database open " +
        "until the store is closed.",
    };
  }
  if (
    error instanceof TypeError &&
    error.message.includes("directory does not exist")
  ) {
    return {
      code: "CONNECTION_FAILED",
      message: "the database file's directory does not exist. Create it first.",
    };
  }

  const code = errorCode(error);
  if (code === undefined) {
    return undefined;
  }
  return describeSqliteCode(code, context) ?? describeFileSystemCode(code);
}

function describeSqliteCode(
  code: string,
  context: ErrorContext,
): ErrorDescription | undefined {
  if (isUniqueViolation({ code })) {
    return {
      code: "CONFLICT",
      message:
        "another stored token already has one of this token's identities. " +
        "Save with that token's id to update it, or delete it first.",
    };
  }
  if (code === "SQLITE_BUSY_SNAPSHOT") {
    // Only a deferred transaction that reads and then writes gets this code:
    // the caller's own transaction on a borrowed handle, for one.
    return {
      code: "TIMEOUT",
      message:
        "another connection wrote to the database during this transaction. " +
        "Retry the call outside the transaction.",
    };
  }
  if (
    hasPrimaryCode(code, "SQLITE_BUSY") ||
    hasPrimaryCode(code, "SQLITE_LOCKED")
  ) {
    const limit =
      context.busyTimeoutMs === undefined
        ? "the busy timeout"
        : `${context.busyTimeoutMs} ms`;
    return {
      code: "TIMEOUT",
      message:
        `another connection kept the database locked for more than ${limit}. ` +
        "Retry, or raise busyTimeoutMs.",
    };
  }
  if (hasPrimaryCode(code, "SQLITE_CANTOPEN")) {
    return {
      code: "CONNECTION_FAILED",
      message:
        "SQLite could not open the database file. Check that the path " +
        "names a file in an existing directory.",
    };
  }
  if (
    hasPrimaryCode(code, "SQLITE_READONLY") ||
    hasPrimaryCode(code, "SQLITE_PERM") ||
    hasPrimaryCode(code, "SQLITE_AUTH")
  ) {
    return {
      code: "PERMISSION_DENIED",
      message:
        "the database is read-only or access was denied. Check the file's " +
        "permissions and that the connection was not opened read-only.",
    };
  }
  if (hasPrimaryCode(code, "SQLITE_CORRUPT") || code === "SQLITE_NOTADB") {
    return {
      code: "CORRUPT_DATA",
      message:
        "the database file is corrupt or is not an SQLite database. " +
        "Restore it from a backup or point the store at another file.",
    };
  }
  if (code === "SQLITE_TOOBIG") {
    return {
      code: "VALUE_TOO_LARGE",
      message: "a value is longer than SQLite's maximum string length.",
    };
  }
  return undefined;
}

function describeFileSystemCode(code: string): ErrorDescription | undefined {
  switch (code) {
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return {
        code: "PERMISSION_DENIED",
        message:
          "the operating system denied access to the database file or its " +
          "directory. Check their permissions.",
      };
    case "ENOENT":
    case "ENOTDIR":
      return {
        code: "CONNECTION_FAILED",
        message:
          "the database file's directory does not exist. Create it first.",
      };
    default:
      return undefined;
  }
}
