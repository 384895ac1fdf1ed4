import { createPool, type Connection, type Pool } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { isTokenStoreError, type TokenStoreError } from "@tokenstore/core";

import { MysqlTokenStore } from "../src/index.js";
import {
  MYSQL_URL,
  connect,
  dropTable,
  readRawRows,
  uniqueTableName,
} from "./helpers.js";

/** Runs a SQL statement on every new connection of a core mysql2 pool. */
function onEveryConnection(pool: Pool, sql: string): void {
  pool.on("connection", (connection) => {
    // The event passes the callback-API connection, whose query() queues the
    // statement ahead of anything the store sends.
    (connection as unknown as { query(sql: string): unknown }).query(sql);
  });
}

async function expectStoreError(
  promise: Promise<unknown>,
  code: string,
): Promise<TokenStoreError> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(isTokenStoreError(error), String(error)).toBe(true);
  expect((error as TokenStoreError).code).toBe(code);
  return error as TokenStoreError;
}

let connection: Connection;
const tables: string[] = [];
const pools: Pool[] = [];

function newTable(label: string): string {
  const table = uniqueTableName(label);
  tables.push(table);
  return table;
}

function newPool(options: Record<string, unknown> = {}): Pool {
  const pool = createPool({ uri: MYSQL_URL, ...options });
  pools.push(pool);
  return pool;
}

beforeAll(async () => {
  connection = await connect();
});

afterAll(async () => {
  for (const table of tables) {
    await dropTable(connection, table);
  }
  await Promise.all(pools.map((pool) => pool.end()));
  await connection.end();
});

describe("MysqlTokenStore", () => {
  it("borrowed pool stays open after close", async () => {
    const pool = newPool({ connectionLimit: 2 });
    const store = await MysqlTokenStore.open({ pool, table: newTable("keep") });
    await store.saveToken({ userName: "keep@example.com" });

    await store.close();

    const [rows] = await pool.query("SELECT 1 AS one");
    expect(rows).toEqual([{ one: 1 }]);
    await expectStoreError(store.getTokens(), "STORE_CLOSED");
  });

  it("owned pool ended on close", async () => {
    // A database of its own lets the test count the store's sessions while
    // other test files run.
    const database = `tokenstore_close_${uniqueTableName("db").slice(2)}`;
    await connection.query(`CREATE DATABASE \`${database}\``);
    try {
      const url = new URL(MYSQL_URL);
      url.pathname = `/${database}`;
      const store = await MysqlTokenStore.open({ uri: url.toString() });
      await Promise.all(
        Array.from({ length: 4 }, (_, index) =>
          store.saveToken({ userName: `user-${index}@example.com` }),
        ),
      );
      expect(await countSessions(database)).toBeGreaterThan(0);

      await store.close();

      await waitFor(async () => (await countSessions(database)) === 0);
      expect(await countSessions(database)).toBe(0);
    } finally {
      await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
    }
  });

  it("strict mode on non-strict sessions", async () => {
    const pool = newPool({ connectionLimit: 1 });
    onEveryConnection(pool, "SET SESSION sql_mode = ''");
    const table = newTable("strict");
    const store = await MysqlTokenStore.open({ pool, table });

    // redirect_url is TEXT, which stores at most 65,535 bytes. A non-strict session
    // would store the first 65,535 and only warn.
    const error = await expectStoreError(
      store.saveToken({
        userName: "strict@example.com",
        redirectUrl: "r".repeat(70_000),
      }),
      "VALUE_TOO_LARGE",
    );

    expect(error.message).toContain("redirectUrl");
    expect(await readRawRows(connection, table)).toEqual([]);
    const [rows] = await pool.query("SELECT @@SESSION.sql_mode AS mode");
    expect(String((rows as { mode: string }[])[0]?.mode)).toContain(
      "STRICT_ALL_TABLES",
    );
  });

  it("token fields hold over 64 KB", async () => {
    const table = newTable("large");
    const store = await MysqlTokenStore.open({ uri: MYSQL_URL, table });
    const accessToken = `${"a".repeat(100_000)}🔑`;

    const saved = await store.saveToken({
      userName: "large@example.com",
      accessToken,
    });

    expect((await store.findToken({ accessToken }))?.id).toBe(saved.id);
    const [row] = await readRawRows(connection, table);
    expect(row?.["accessToken"]).toBe(accessToken);
    await store.close();
  });

  it("token over 16 MiB rejected", async () => {
    const table = newTable("huge");
    const store = await MysqlTokenStore.open({ uri: MYSQL_URL, table });

    // MEDIUMTEXT stores at most 16 MiB minus one byte. MariaDB's default
    // max_allowed_packet (16 MiB) rejects the statement before that, and
    // MySQL 8's (64 MiB) lets it reach the column: both mean too large.
    const error = await expectStoreError(
      store.saveToken({
        userName: "huge@example.com",
        accessToken: "a".repeat(17 * 1024 * 1024),
      }),
      "VALUE_TOO_LARGE",
    );

    expect(error.message).not.toContain("aaaa");
    expect(await store.getTokens()).toEqual([]);
    await store.close();
  });

  it("userName over TEXT rejected", async () => {
    const table = newTable("text");
    const store = await MysqlTokenStore.open({ uri: MYSQL_URL, table });

    const error = await expectStoreError(
      store.saveToken({ userName: "é".repeat(40_000) }),
      "VALUE_TOO_LARGE",
    );

    expect(error.message).toContain("userName is 80000 bytes");
    expect(await store.getTokens()).toEqual([]);
    await store.close();
  });

  it("8 KB values sharing a prefix", async () => {
    const table = newTable("prefix");
    const store = await MysqlTokenStore.open({ uri: MYSQL_URL, table });
    const prefix = "p".repeat(7 * 1024);
    const values = ["a", "b", "c"].map(
      (suffix) => `${prefix}${suffix.repeat(1024)}`,
    );

    const saved = [];
    for (const value of values) {
      saved.push(
        await store.saveToken({
          userName: value,
          clientId: "1000.CLIENT",
          clientSecret: "secret",
          refreshToken: value,
          accessToken: value,
        }),
      );
    }

    expect(new Set(saved.map((token) => token.id)).size).toBe(3);
    expect(await readRawRows(connection, table)).toHaveLength(3);
    for (const [index, value] of values.entries()) {
      expect((await store.findToken({ userName: value }))?.id).toBe(
        saved[index]?.id,
      );
      expect((await store.findToken({ accessToken: value }))?.id).toBe(
        saved[index]?.id,
      );
    }
    await expectStoreError(
      store.saveToken({
        userName: "other@example.com",
        accessToken: values[1],
      }),
      "CONFLICT",
    );
    await store.close();
  });

  it("ids differing in trailing spaces", async () => {
    const table = newTable("ids");
    const store = await MysqlTokenStore.open({ uri: MYSQL_URL, table });

    await store.saveToken({ id: "token", accessToken: "first" });
    await store.saveToken({ id: "token ", accessToken: "second" });
    await store.saveToken({ id: "Token", accessToken: "third" });

    expect((await store.findTokenById("token"))?.accessToken).toBe("first");
    expect((await store.findTokenById("token "))?.accessToken).toBe("second");
    expect((await store.findTokenById("Token"))?.accessToken).toBe("third");
    expect(await readRawRows(connection, table)).toHaveLength(3);
    await store.close();
  });

  it("injection attempt stays literal", async () => {
    const table = newTable("inject");
    const store = await MysqlTokenStore.open({ uri: MYSQL_URL, table });
    const attack = `x' OR '1'='1'; DROP TABLE \`${table}\`; --`;

    await store.saveToken({ userName: "victim@example.com", accessToken: "v" });
    const saved = await store.saveToken({
      userName: attack,
      accessToken: attack,
    });

    expect(await store.findToken({ userName: "x' OR '1'='1" })).toBeNull();
    expect((await store.findToken({ userName: attack }))?.id).toBe(saved.id);
    expect(await store.deleteToken(`' OR '1'='1`)).toBe(false);
    expect(await readRawRows(connection, table)).toHaveLength(2);
    await expectStoreError(
      MysqlTokenStore.open({ uri: MYSQL_URL, table: `${table}; DROP` }),
      "INVALID_ARGUMENT",
    );
    await store.close();
  });

  it("borrowed pool with other row settings", async () => {
    const pool = newPool({
      connectionLimit: 2,
      bigNumberStrings: true,
      supportBigNumbers: true,
      rowsAsArray: true,
    });
    const table = newTable("rows");
    const store = await MysqlTokenStore.open({ pool, table });

    const saved = await store.saveToken({
      userName: "rows@example.com",
      expiryTime: Number.MAX_SAFE_INTEGER,
    });

    const found = await store.findToken({ userName: "rows@example.com" });
    expect(found).toEqual(saved);
    expect(found?.expiryTime).toBe(Number.MAX_SAFE_INTEGER);
    expect(await store.getTokens()).toEqual([saved]);
    await store.close();
  });

  it("borrowed pool without utf8mb4 rejected", async () => {
    const pool = newPool({ connectionLimit: 1, charset: "latin1_swedish_ci" });
    const store = new MysqlTokenStore({ pool, table: newTable("latin1") });

    const error = await expectStoreError(store.getTokens(), "INVALID_ARGUMENT");

    expect(error.operation).toBe("getTokens");
    expect(error.message).toContain("utf8mb4");
    await store.close();
  });

  it("connection options open a pool", async () => {
    const url = new URL(MYSQL_URL);
    const table = newTable("options");
    const store = await MysqlTokenStore.open({
      connection: {
        host: url.hostname,
        port: Number(url.port),
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: url.pathname.slice(1),
        connectionLimit: 2,
      },
      table,
    });

    const saved = await store.saveToken({ userName: "options@example.com" });

    expect(await readRawRows(connection, table)).toEqual([
      expect.objectContaining({
        id: saved.id,
        userName: "options@example.com",
      }),
    ]);
    await store.close();
  });

  it("constructor opens lazily", async () => {
    const table = newTable("lazy");
    const store = new MysqlTokenStore({ uri: MYSQL_URL, table });

    const saved = await store.saveToken({ userName: "lazy@example.com" });

    expect(await store.findTokenById(saved.id)).toEqual(saved);
    await store.close();
  });
});

async function countSessions(database: string): Promise<number> {
  const [rows] = await connection.execute(
    "SELECT COUNT(*) AS count FROM information_schema.PROCESSLIST " +
      "WHERE DB = ? AND ID <> CONNECTION_ID()",
    [database],
  );
  return Number((rows as { count: unknown }[])[0]?.count);
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
