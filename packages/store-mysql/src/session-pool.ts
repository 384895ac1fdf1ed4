import type { Pool, PoolConnection } from "mysql2/promise";

import { StoreSetupError, isFatal } from "./mysql-errors.js";
import { query, type Row } from "./statements.js";

/**
 * Added to each session's sql_mode, so that an over-long value is rejected
 * (error 1406) instead of truncated, also for a borrowed pool whose sessions
 * start non-strict.
 */
const SESSION_SETUP_SQL =
  "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), " +
  "'STRICT_ALL_TABLES', 'NO_ENGINE_SUBSTITUTION'), autocommit = 1";

interface PoolInternals {
  config?: {
    resetOnRelease?: unknown;
    connectionConfig?: { host?: unknown; port?: unknown; socketPath?: unknown };
  };
}

/** Marks a failure that left a transaction open on its connection. */
class BrokenConnectionError extends Error {
  constructor(cause: unknown) {
    super("the connection could not roll back", { cause });
  }
}

/**
 * Lends connections of a mysql2 pool with the session set up for the store,
 * and always gives them back.
 */
export class SessionPool {
  readonly pool: Pool;
  /** Core connections whose session has been set up. */
  readonly #preparedSessions = new WeakSet<object>();

  constructor(pool: Pool) {
    this.pool = pool;
  }

  /**
   * Runs `body` on a pooled connection whose session is set up. The
   * connection goes back to the pool when it is still usable and is
   * destroyed when it is not.
   */
  async withConnection<T>(
    body: (connection: PoolConnection) => Promise<T>,
  ): Promise<T> {
    const connection = await this.pool.getConnection();
    let usable = true;
    try {
      await this.#prepareSession(connection);
      return await body(connection);
    } catch (error) {
      if (isFatal(error) || error instanceof BrokenConnectionError) {
        usable = false;
      }
      throw error instanceof BrokenConnectionError ? error.cause : error;
    } finally {
      if (usable) {
        connection.release();
      } else {
        connection.destroy();
      }
    }
  }

  /** Runs `body` in a transaction, which a failure rolls back. */
  async transaction<T>(
    body: (connection: PoolConnection) => Promise<T>,
  ): Promise<T> {
    return this.withConnection(async (connection) => {
      await connection.beginTransaction();
      try {
        const result = await body(connection);
        await connection.commit();
        return result;
      } catch (error) {
        try {
          await connection.rollback();
        } catch {
          // The transaction may still be open, so the connection must not
          // go back to the pool.
          throw new BrokenConnectionError(error);
        }
        throw error;
      }
    });
  }

  /** Names the server for messages: host and port, or the socket path. */
  serverLabel(): string {
    const config = this.#internals().config?.connectionConfig;
    if (typeof config?.socketPath === "string" && config.socketPath !== "") {
      return `socket ${config.socketPath}`;
    }
    const host = typeof config?.host === "string" ? config.host : "localhost";
    const port = typeof config?.port === "number" ? config.port : 3306;
    return `${host}:${port}`;
  }

  /**
   * Sets the session up once per physical connection. A pool with
   * `resetOnRelease` clears session state on every release, so there the
   * setup runs on every use.
   */
  async #prepareSession(connection: PoolConnection): Promise<void> {
    const core: object = connection.connection;
    if (this.#preparedSessions.has(core)) {
      return;
    }
    await query(connection, SESSION_SETUP_SQL);
    const rows = await query<Row[]>(
      connection,
      "SELECT @@SESSION.character_set_client AS charset",
    );
    const charset = rows[0]?.["charset"];
    const name = Buffer.isBuffer(charset) ? charset.toString() : charset;
    if (name !== "utf8mb4") {
      throw new StoreSetupError(
        "INVALID_ARGUMENT",
        `the pool's connections use character set ${String(name)}, ` +
          "which cannot hold every token. Create the pool with " +
          "charset: 'utf8mb4'.",
      );
    }
    if (this.#internals().config?.resetOnRelease !== true) {
      this.#preparedSessions.add(core);
    }
  }

  // mysql2 3.25 types the core pool without its `config`, so it is read
  // through a local interface.
  #internals(): PoolInternals {
    return this.pool.pool as unknown as PoolInternals;
  }
}
