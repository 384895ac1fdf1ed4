import {
  BaseTokenStore,
  TokenStoreError,
  changedFields,
  conflictError,
  mergeToken,
  redactText,
  type ErrorDescription,
  type IdentityKind,
  type MatchKey,
  type OAuthToken,
  type TokenInput,
  type TokenStoreOperation,
} from "@tokenstore/core";
import type { PoolConnection, ResultSetHeader } from "mysql2/promise";

import { ensureSchema } from "./ensure-schema.js";
import { describeMysqlError, duplicateKeyOf } from "./mysql-errors.js";
import { resolveOptions, type MysqlTokenStoreOptions } from "./options.js";
import { SaveRetries } from "./save-retries.js";
import {
  COLUMNS,
  MAX_VALUE_BYTES,
  quoteTable,
  type HashedField,
} from "./schema.js";
import { SessionPool } from "./session-pool.js";
import { execute, type Row } from "./statements.js";
import {
  SELECT_COLUMNS,
  hashedCondition,
  keyCondition,
  rowToToken,
} from "./token-rows.js";

/** Fields whose values make up each identity, for finding its holder. */
const IDENTITY_FIELDS: Readonly<Record<IdentityKind, readonly HashedField[]>> =
  {
    userName: ["userName"],
    accessToken: ["accessToken"],
    grantToken: ["clientId", "grantToken"],
    refreshToken: ["clientId", "refreshToken"],
  };

/**
 * Keeps tokens in a MySQL or MariaDB table through a mysql2 pool.
 * Saves run in a transaction that locks the matching row, and unique keys on
 * hashes of the identity columns keep two tokens from sharing an identity,
 * also across processes.
 */
export class MysqlTokenStore extends BaseTokenStore {
  protected readonly backendName = "MySQL";

  readonly #sessions: SessionPool;
  readonly #ownsPool: boolean;
  readonly #table: string;
  readonly #quotedTable: string;
  readonly #password: string | undefined;
  readonly #pending = new Set<Promise<unknown>>();
  #schemaReady: Promise<void> | undefined;

  /**
   * Validates the options and creates the pool if the options ask for one.
   * It does not connect: the first call creates the table. Use `open` to
   * connect and create the table up front.
   */
  constructor(options: MysqlTokenStoreOptions) {
    super();
    const resolved = resolveOptions(options);
    this.#sessions = new SessionPool(resolved.pool);
    this.#ownsPool = resolved.ownsPool;
    this.#table = resolved.table;
    this.#quotedTable = quoteTable(resolved.table);
    this.#password = resolved.password;
  }

  /**
   * Creates a store, connects and creates its table if missing. Rejects with
   * a `TokenStoreError` of operation `open`, after ending any pool it made.
   */
  static async open(options: MysqlTokenStoreOptions): Promise<MysqlTokenStore> {
    const store = new MysqlTokenStore(options);
    try {
      await store.#ensureSchema();
    } catch (error) {
      await store.close().catch(() => undefined);
      throw store.wrapError(
        error,
        "open",
        store.#password === undefined ? [] : [store.#password],
      );
    }
    return store;
  }

  /** Name of the token table. */
  get table(): string {
    return this.#table;
  }

  protected async findByKey(key: MatchKey): Promise<OAuthToken | null> {
    return this.#track(async () => {
      const condition = keyCondition(key);
      const rows = await this.#select(
        `SELECT ${SELECT_COLUMNS} FROM ${this.#quotedTable} ` +
          `WHERE ${condition.sql} LIMIT 1`,
        condition.values,
      );
      return rows[0] === undefined ? null : rowToToken(rows[0], "findToken");
    });
  }

  protected async findById(id: string): Promise<OAuthToken | null> {
    return this.#track(async () => {
      const rows = await this.#select(
        `SELECT ${SELECT_COLUMNS} FROM ${this.#quotedTable} WHERE id = ?`,
        [id],
      );
      return rows[0] === undefined
        ? null
        : rowToToken(rows[0], "findTokenById");
    });
  }

  protected async upsert(
    token: TokenInput,
    key: MatchKey,
  ): Promise<OAuthToken> {
    checkValueSizes(token);
    return this.#track(() => this.#saveWithRetries(token, key));
  }

  protected async deleteById(id: string): Promise<boolean> {
    return this.#track(async () => {
      const result = await this.#write(
        `DELETE FROM ${this.#quotedTable} WHERE id = ?`,
        [id],
      );
      return result.affectedRows > 0;
    });
  }

  protected async listTokens(): Promise<OAuthToken[]> {
    return this.#track(async () => {
      const rows = await this.#select(
        `SELECT ${SELECT_COLUMNS} FROM ${this.#quotedTable}`,
        [],
      );
      return rows.map((row) => rowToToken(row, "getTokens"));
    });
  }

  protected async deleteAll(): Promise<void> {
    await this.#track(async () => {
      await this.#write(`DELETE FROM ${this.#quotedTable}`, []);
    });
  }

  /** Waits for calls in flight, then ends the pool if the store made it. */
  protected async release(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
    if (this.#ownsPool) {
      await this.#sessions.pool.end();
    }
  }

  protected override describeError(
    error: unknown,
    _operation: TokenStoreOperation,
  ): ErrorDescription | undefined {
    const description = describeMysqlError(error, this.#sessions.serverLabel());
    if (description === undefined || this.#password === undefined) {
      return description;
    }
    return {
      code: description.code,
      message: redactText(description.message, [this.#password]),
    };
  }

  /** Runs `body` after the schema is ready, and lets `release` wait for it. */
  async #track<T>(body: () => Promise<T>): Promise<T> {
    const run = (async () => {
      await this.#ensureSchema();
      return body();
    })();
    this.#pending.add(run);
    try {
      return await run;
    } finally {
      this.#pending.delete(run);
    }
  }

  async #saveWithRetries(
    token: TokenInput,
    key: MatchKey,
  ): Promise<OAuthToken> {
    const retries = new SaveRetries(key);
    for (;;) {
      let merged: OAuthToken | undefined;
      try {
        return await this.#sessions.transaction(async (connection) => {
          const stored = await this.#selectForUpdate(connection, key);
          merged = mergeToken(stored, token);
          if (stored === null) {
            await this.#insert(connection, merged);
          } else {
            await this.#update(connection, stored.id, token);
          }
          return merged;
        });
      } catch (error) {
        if (await retries.shouldRetry(error)) {
          continue;
        }
        const duplicate = duplicateKeyOf(error);
        if (duplicate !== undefined && duplicate !== "id" && merged) {
          const holder = await this.#findHolder(duplicate, merged);
          throw conflictError("saveToken", duplicate, holder);
        }
        throw error;
      }
    }
  }

  async #selectForUpdate(
    connection: PoolConnection,
    key: MatchKey,
  ): Promise<OAuthToken | null> {
    const condition = keyCondition(key);
    const rows = await execute<Row[]>(
      connection,
      `SELECT ${SELECT_COLUMNS} FROM ${this.#quotedTable} ` +
        `WHERE ${condition.sql} LIMIT 1 FOR UPDATE`,
      condition.values,
    );
    return rows[0] === undefined ? null : rowToToken(rows[0], "saveToken");
  }

  async #insert(connection: PoolConnection, token: OAuthToken): Promise<void> {
    const fields = Object.keys(COLUMNS) as (keyof typeof COLUMNS)[];
    const columns = ["id", ...fields.map((field) => COLUMNS[field])];
    const values = [
      token.id,
      ...fields.map((field) => toParameter(token[field])),
    ];
    await execute(
      connection,
      `INSERT INTO ${this.#quotedTable} (${columns.join(", ")}) ` +
        `VALUES (${columns.map(() => "?").join(", ")})`,
      values,
    );
  }

  /** Writes only the fields that the save sets or clears. */
  async #update(
    connection: PoolConnection,
    id: string,
    token: TokenInput,
  ): Promise<void> {
    const changes = Object.entries(changedFields(token)) as [
      keyof typeof COLUMNS,
      string | number | null,
    ][];
    if (changes.length === 0) {
      return;
    }
    const assignments = changes.map(([field]) => `${COLUMNS[field]} = ?`);
    await execute(
      connection,
      `UPDATE ${this.#quotedTable} SET ${assignments.join(", ")} WHERE id = ?`,
      [...changes.map(([, value]) => toParameter(value)), id],
    );
  }

  /** Finds the id of the other token that claims an identity, if any. */
  async #findHolder(
    kind: IdentityKind,
    token: OAuthToken,
  ): Promise<string | undefined> {
    const condition = hashedCondition(IDENTITY_FIELDS[kind], token);
    if (condition === undefined) {
      return undefined;
    }
    try {
      const rows = await this.#select(
        `SELECT id FROM ${this.#quotedTable} ` +
          `WHERE ${condition.sql} AND id <> ? LIMIT 1`,
        [...condition.values, token.id],
      );
      const id = rows[0]?.["id"];
      if (Buffer.isBuffer(id)) {
        return id.toString("utf8");
      }
      return typeof id === "string" ? id : undefined;
    } catch {
      // The id only makes the conflict message more precise.
      return undefined;
    }
  }

  async #select(sql: string, values: unknown[]): Promise<Row[]> {
    return this.#sessions.withConnection((connection) =>
      execute<Row[]>(connection, sql, values),
    );
  }

  async #write(sql: string, values: unknown[]): Promise<ResultSetHeader> {
    return this.#sessions.withConnection((connection) =>
      execute<ResultSetHeader>(connection, sql, values),
    );
  }

  /**
   * Creates the schema table and the token table if missing and checks the
   * recorded version, once per store. A failure is not cached, so the next
   * call tries again.
   */
  async #ensureSchema(): Promise<void> {
    this.#schemaReady ??= this.#createSchema().catch((error: unknown) => {
      this.#schemaReady = undefined;
      throw error;
    });
    return this.#schemaReady;
  }

  async #createSchema(): Promise<void> {
    await this.#sessions.withConnection((connection) =>
      ensureSchema(connection, this.#table),
    );
  }
}

/** Sends an expiry time as a decimal string, which MySQL converts exactly. */
function toParameter(value: string | number | null): string | null {
  return typeof value === "number" ? String(value) : value;
}

/**
 * Rejects a value longer than its column before it is sent. Relying on the
 * server's error would give two results, because a statement larger than
 * max_allowed_packet makes MariaDB drop the connection mid-send, which the
 * driver reports as a reset connection.
 */
function checkValueSizes(token: TokenInput): void {
  for (const [field, maxBytes] of Object.entries(MAX_VALUE_BYTES)) {
    const value = token[field as keyof typeof MAX_VALUE_BYTES];
    if (typeof value !== "string" || value.length <= maxBytes / 4) {
      continue;
    }
    const bytes = Buffer.byteLength(value, "utf8");
    if (bytes > maxBytes) {
      throw new TokenStoreError(
        "VALUE_TOO_LARGE",
        "saveToken",
        `${field} is ${bytes} bytes in UTF-8, but its column holds at most ` +
          `${maxBytes} bytes. Nothing was saved.`,
      );
    }
  }
}
