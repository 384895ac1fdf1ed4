import { redactText, TokenStoreError } from "@tokenstore/core";
import { MongoClient, type Db, type MongoClientOptions } from "mongodb";

/** Collection the store uses when the options name none. */
export const DEFAULT_COLLECTION = "oauth_tokens";

/** Server selection timeout of a client the store creates, in milliseconds. */
export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 10_000;

interface CommonOptions {
  /**
   * Collection that contains the tokens. Default `oauth_tokens`. The store
   * creates its indexes there on first use.
   */
  collection?: string;
}

/** Uses a client the caller connected. The store never closes it. */
export interface MongoClientConnection extends CommonOptions {
  client: MongoClient;
  /** Database name. Default: the one in the client's connection string. */
  databaseName?: string;
  db?: never;
  url?: never;
}

/** Uses a database handle the caller owns. The store never closes it. */
export interface MongoDbConnection extends CommonOptions {
  db: Db;
  client?: never;
  url?: never;
}

/** Creates its own client from a connection string, closed by `close()`. */
export interface MongoUrlConnection extends CommonOptions {
  /** Connection string, such as `mongodb://127.0.0.1:27017/tokens`. */
  url: string;
  /** Database name. Default: the one in `url`, else the driver's `test`. */
  databaseName?: string;
  /** Options for the client, passed to `new MongoClient`. */
  clientOptions?: MongoClientOptions;
  /**
   * How long an operation waits for a reachable server before it rejects with
   * `CONNECTION_FAILED`, in milliseconds. Default 10,000. Overrides
   * `clientOptions.serverSelectionTimeoutMS`.
   */
  serverSelectionTimeoutMs?: number;
  client?: never;
  db?: never;
}

export type MongoTokenStoreOptions =
  MongoClientConnection | MongoDbConnection | MongoUrlConnection;

/** Checked options: the database, the collection name and the owned client. */
export interface ResolvedOptions {
  db: Db;
  collectionName: string;
  /** The client the store created and must close, or `null` if borrowed. */
  ownedClient: MongoClient | null;
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  "client",
  "db",
  "url",
  "databaseName",
  "clientOptions",
  "collection",
  "serverSelectionTimeoutMs",
]);

function invalid(message: string): TokenStoreError {
  return new TokenStoreError("INVALID_ARGUMENT", "open", message);
}

/**
 * Checks a collection name: not empty, no `$` or NUL, and not in the
 * `system.` namespace that MongoDB reserves.
 */
export function validateCollectionName(name: unknown): asserts name is string {
  if (typeof name !== "string" || name.length === 0) {
    throw invalid("collection must be a non-empty string.");
  }
  if (name.includes("$") || name.includes("\u0000")) {
    throw invalid("collection must not contain '$' or a NUL character.");
  }
  if (name.startsWith("system.")) {
    throw invalid(
      "collection must not start with 'system.', which MongoDB reserves.",
    );
  }
}

/**
 * Checks a database name against MongoDB's rules: 1 to 63 characters, none
 * of `/\. "$` or NUL.
 */
export function validateDatabaseName(name: unknown): asserts name is string {
  if (typeof name !== "string" || name.length === 0 || name.length > 63) {
    throw invalid("databaseName must be a string of 1 to 63 characters.");
  }
  if (/[/\\. "$\u0000]/.test(name)) {
    throw invalid(
      'databaseName must not contain any of / \\ . " $ or a NUL character.',
    );
  }
}

function validateTimeout(value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw invalid(
      "serverSelectionTimeoutMs must be a positive whole number of milliseconds.",
    );
  }
}

// Parts of a connection string that must not reach a message: the whole
// string and its user name and password, in raw and decoded form.
function connectionSecrets(url: string): string[] {
  const secrets = [url];
  const userInfo = /^[^:/]+:\/\/([^@/]*)@/.exec(url)?.[1];
  if (userInfo !== undefined) {
    secrets.push(userInfo);
    for (const part of userInfo.split(":")) {
      secrets.push(part);
      try {
        secrets.push(decodeURIComponent(part));
      } catch {
        // A malformed escape stays redacted in its raw form.
      }
    }
  }
  return secrets;
}

function createClient(
  url: unknown,
  clientOptions: unknown,
  serverSelectionTimeoutMs: unknown,
): MongoClient {
  if (typeof url !== "string" || url.length === 0) {
    throw invalid("url must be a non-empty MongoDB connection string.");
  }
  if (
    clientOptions !== undefined &&
    (clientOptions === null || typeof clientOptions !== "object")
  ) {
    throw invalid("clientOptions must be an object.");
  }
  if (serverSelectionTimeoutMs !== undefined) {
    validateTimeout(serverSelectionTimeoutMs);
  }

  const options = { ...(clientOptions as MongoClientOptions | undefined) };
  options.serverSelectionTimeoutMS =
    (serverSelectionTimeoutMs as number | undefined) ??
    options.serverSelectionTimeoutMS ??
    DEFAULT_SERVER_SELECTION_TIMEOUT_MS;
  try {
    // The constructor parses the connection string and does no I/O.
    return new MongoClient(url, options);
  } catch (error) {
    const detail =
      error instanceof Error
        ? `: ${redactText(error.message, connectionSecrets(url))}`
        : "";
    throw invalid(`url is not a valid MongoDB connection string${detail}`);
  }
}

function isClient(value: unknown): value is MongoClient {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { db?: unknown }).db === "function" &&
    typeof (value as { close?: unknown }).close === "function"
  );
}

function isDb(value: unknown): value is Db {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { collection?: unknown }).collection === "function" &&
    typeof (value as { databaseName?: unknown }).databaseName === "string"
  );
}

/**
 * Checks the store options and creates the client or handle they describe,
 * without any I/O. Throws `INVALID_ARGUMENT` with operation `open` for a bad
 * option, and the message never contains the connection string.
 */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === null || typeof options !== "object") {
    throw invalid("the options must be an object with client, db or url.");
  }
  const given = options as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!KNOWN_OPTIONS.has(name)) {
      throw invalid(
        `unknown option ${JSON.stringify(name.slice(0, 40))}; the options are ` +
          `${[...KNOWN_OPTIONS].join(", ")}.`,
      );
    }
  }

  const sources = (["client", "db", "url"] as const).filter(
    (name) => given[name] !== undefined,
  );
  if (sources.length !== 1) {
    throw invalid(
      `give exactly one of client, db and url, but got ${
        sources.length === 0 ? "none" : sources.join(" and ")
      }.`,
    );
  }
  const source = sources[0];

  const collectionName = given.collection ?? DEFAULT_COLLECTION;
  validateCollectionName(collectionName);
  if (given.databaseName !== undefined) {
    validateDatabaseName(given.databaseName);
  }
  if (source !== "url") {
    if (given.clientOptions !== undefined) {
      throw invalid("clientOptions applies only with url.");
    }
    if (given.serverSelectionTimeoutMs !== undefined) {
      throw invalid(
        "serverSelectionTimeoutMs applies only with url; set " +
          "serverSelectionTimeoutMS on your own client instead.",
      );
    }
  }

  switch (source) {
    case "client": {
      if (!isClient(given.client)) {
        throw invalid("client must be a MongoClient.");
      }
      const db = given.client.db(given.databaseName as string | undefined);
      return { db, collectionName, ownedClient: null };
    }
    case "db": {
      if (given.databaseName !== undefined) {
        throw invalid("databaseName does not apply with db.");
      }
      if (!isDb(given.db)) {
        throw invalid("db must be a MongoDB Db.");
      }
      return { db: given.db, collectionName, ownedClient: null };
    }
    default: {
      const client = createClient(
        given.url,
        given.clientOptions,
        given.serverSelectionTimeoutMs,
      );
      const db = client.db(given.databaseName as string | undefined);
      return { db, collectionName, ownedClient: client };
    }
  }
}
