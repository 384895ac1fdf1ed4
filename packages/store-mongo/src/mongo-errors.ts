import type { ErrorDescription } from "@tokenstore/core";

/** MongoDB server error codes the store translates. */
const DUPLICATE_KEY_CODES: ReadonlySet<number> = new Set([11000, 11001]);
const PERMISSION_CODES: ReadonlySet<number> = new Set([
  13, // Unauthorized
  18, // AuthenticationFailed
]);
const TOO_LARGE_CODES: ReadonlySet<number> = new Set([
  10334, // BSONObjectTooLarge
  17419, // update result larger than the document limit
  17420, // DocTooLargeForCapped
]);
const TIMEOUT_CODES: ReadonlySet<number> = new Set([
  50, // MaxTimeMSExpired
]);

/** FerretDB's code for an internal error, which carries SQLite messages. */
const FERRETDB_INTERNAL_ERROR = 1;

function errorCode(error: unknown): unknown {
  return error !== null && typeof error === "object"
    ? (error as { code?: unknown }).code
    : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "";
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "";
}

/**
 * Tells whether a driver error reports a unique index violation. MongoDB
 * returns code 11000. FerretDB 1.24 on SQLite returns 11000 for an insert,
 * but code 1 (InternalError) with SQLite's "UNIQUE constraint failed" for an
 * update.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  const code = errorCode(error);
  if (typeof code === "number" && DUPLICATE_KEY_CODES.has(code)) {
    return true;
  }
  return (
    code === FERRETDB_INTERNAL_ERROR &&
    errorMessage(error).includes("UNIQUE constraint failed")
  );
}

/**
 * Translates an error of the official `mongodb` driver into a store error
 * code, or returns `undefined` for `BACKEND_ERROR`. Driver classes are matched
 * by name, so errors from another copy of the driver translate too.
 */
export function describeMongoError(
  error: unknown,
): ErrorDescription | undefined {
  const name = errorName(error);
  const message = errorMessage(error);
  const code = errorCode(error);

  switch (name) {
    case "MongoServerSelectionError":
      return {
        code: "CONNECTION_FAILED",
        message:
          `no MongoDB server could be reached (${message}). Check that the ` +
          "server is running and that the connection string points to it.",
      };
    case "MongoNetworkTimeoutError":
    case "MongoOperationTimeoutError":
      return {
        code: "TIMEOUT",
        message: `the MongoDB server did not respond in time (${message}).`,
      };
    case "MongoNetworkError":
      return {
        code: "CONNECTION_FAILED",
        message: `the connection to the MongoDB server failed (${message}).`,
      };
    case "MongoTopologyClosedError":
    case "MongoNotConnectedError":
      return {
        code: "CONNECTION_FAILED",
        message:
          "the MongoDB client was closed before the operation finished. " +
          "Keep a client you pass to the store open until the store is closed.",
      };
  }

  if (isDuplicateKeyError(error)) {
    return {
      code: "CONFLICT",
      message:
        "another stored token already has one of this token's identities.",
    };
  }
  if (typeof code === "number" && PERMISSION_CODES.has(code)) {
    return {
      code: "PERMISSION_DENIED",
      // Older servers quote the whole command, values included, in this
      // message, so only the code is shown.
      message:
        `the MongoDB server denied access (code ${code}). Check the user ` +
        "in the connection string and its roles.",
    };
  }
  if (typeof code === "number" && TIMEOUT_CODES.has(code)) {
    return {
      code: "TIMEOUT",
      message: `the MongoDB operation timed out (${message}).`,
    };
  }
  if (
    (typeof code === "number" && TOO_LARGE_CODES.has(code)) ||
    // The BSON serializer overruns its buffer on a command over about 17 MB.
    (error instanceof RangeError && code === "ERR_OUT_OF_RANGE") ||
    (name === "MongoInvalidArgumentError" &&
      message.includes("larger than the maximum size"))
  ) {
    return {
      code: "VALUE_TOO_LARGE",
      message:
        "the token is too large for one MongoDB document or command " +
        "(16 MiB). Shorten its longest fields.",
    };
  }
  return undefined;
}
