import {
  BaseTokenStore,
  TOKEN_FIELDS,
  conflictError,
  identityMatchKey,
  mergeToken,
  tokenIdentities,
  type ErrorDescription,
  type MatchKey,
  type OAuthToken,
  type TokenInput,
  type TokenStoreOperation,
} from "@tokenstore/core";
import type BetterSqlite3 from "better-sqlite3";

import { ensureSchema } from "./ensure-schema.js";
import { openOwnedDatabase } from "./open-database.js";
import {
  resolveOptions,
  type ResolvedOptions,
  type SqliteTokenStoreOptions,
} from "./options.js";
import { describeSqliteError, isUniqueViolation } from "./sqlite-errors.js";
import { TokenStatements } from "./token-statements.js";

/** An open connection with its schema checked and statements prepared. */
interface Connection {
  database: BetterSqlite3.Database;
  owned: boolean;
  statements: TokenStatements;
  upsert: (token: TokenInput, key: MatchKey) => OAuthToken;
}

/**
 * Keeps tokens in an SQLite table through better-sqlite3. The database opens,
 * and the table is created, on the first call. Every save runs in a
 * `BEGIN IMMEDIATE` transaction and the table has a UNIQUE constraint per
 * identity, so concurrent saves from several processes never create
 * duplicates.
 */
export class SqliteTokenStore extends BaseTokenStore {
  protected readonly backendName = "SQLite";
  readonly #options: ResolvedOptions;
  #connection: Connection | undefined;
  #busyTimeoutMs: number | undefined;

  /** Throws `INVALID_ARGUMENT` with operation "open" for a bad option. */
  constructor(options: SqliteTokenStoreOptions) {
    super();
    this.#options = resolveOptions(options);
    this.#busyTimeoutMs = this.#options.busyTimeoutMs;
  }

  protected async findByKey(key: MatchKey): Promise<OAuthToken | null> {
    return this.#connect().statements.findByKey(key);
  }

  protected async findById(id: string): Promise<OAuthToken | null> {
    return this.#connect().statements.findByKey({ rung: "id", id });
  }

  protected async upsert(
    token: TokenInput,
    key: MatchKey,
  ): Promise<OAuthToken> {
    return this.#connect().upsert(token, key);
  }

  protected async deleteById(id: string): Promise<boolean> {
    return this.#connect().statements.deleteById(id);
  }

  protected async listTokens(): Promise<OAuthToken[]> {
    return this.#connect().statements.list();
  }

  protected async deleteAll(): Promise<void> {
    this.#connect().statements.deleteAll();
  }

  protected async release(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection?.owned === true) {
      connection.database.close();
    }
  }

  protected override describeError(
    error: unknown,
    _operation: TokenStoreOperation,
  ): ErrorDescription | undefined {
    return describeSqliteError(error, { busyTimeoutMs: this.#busyTimeoutMs });
  }

  /** Opens the database and prepares the table on first use. */
  #connect(): Connection {
    if (this.#connection === undefined) {
      this.#connection = this.#open();
    }
    return this.#connection;
  }

  #open(): Connection {
    const options = this.#options;
    let database: BetterSqlite3.Database | undefined;
    try {
      if (options.kind === "path") {
        database = openOwnedDatabase(options.path, options.busyTimeoutMs);
      } else {
        database = options.database;
        if (options.busyTimeoutMs !== undefined) {
          database.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
        }
        this.#busyTimeoutMs = database.pragma("busy_timeout", {
          simple: true,
        }) as number;
      }
      ensureSchema(database, options.table);
      const statements = new TokenStatements(database, options.table);
      const upsert = database.transaction((token: TokenInput, key: MatchKey) =>
        upsertToken(statements, token, key),
      );
      return {
        database,
        owned: options.kind === "path",
        statements,
        upsert: (token, key) => upsert.immediate(token, key),
      };
    } catch (error) {
      if (options.kind === "path" && database?.open === true) {
        database.close();
      }
      throw this.wrapError(error, "open");
    }
  }
}

/**
 * Runs inside an immediate transaction: finds the match, then updates or
 * inserts. A UNIQUE violation means another token claims an identity, and the
 * thrown error rolls the transaction back.
 */
function upsertToken(
  statements: TokenStatements,
  token: TokenInput,
  key: MatchKey,
): OAuthToken {
  const stored = statements.findByKey(key);
  const merged = mergeToken(stored, token);
  try {
    if (stored === null) {
      statements.insert(merged);
    } else {
      const changed = TOKEN_FIELDS.filter(
        (field) => merged[field] !== stored[field],
      );
      if (changed.length > 0) {
        statements.update(merged, changed);
      }
    }
  } catch (error) {
    if (isUniqueViolation(error)) {
      throwConflict(statements, merged);
    }
    throw error;
  }
  return merged;
}

/** Throws `CONFLICT` naming the identity and the token that claims it. */
function throwConflict(statements: TokenStatements, token: OAuthToken): void {
  for (const identity of tokenIdentities(token)) {
    const owner = statements.findByKey(identityMatchKey(identity));
    if (owner !== null && owner.id !== token.id) {
      throw conflictError("saveToken", identity.kind, owner.id);
    }
  }
}
