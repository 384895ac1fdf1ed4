import { createServer, type Server, type Socket } from "node:net";
import { inspect } from "node:util";

import { createPool, type Connection, type Pool } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { isTokenStoreError, type TokenStoreError } from "@tokenstore/core";

import { MysqlTokenStore } from "../src/index.js";
import { MYSQL_URL, connect, dropTable, uniqueTableName } from "./helpers.js";

const SECRETS = {
  clientSecret: "CS-5e4d3c2b1a09-mysql-client-secret",
  refreshToken: "RT-a1b2c3d4e5f6-mysql-refresh-token",
  accessToken: "AT-0f9e8d7c6b5a-mysql-access-token",
};

async function expectStoreError(
  promise: Promise<unknown>,
  code: string,
): Promise<TokenStoreError> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(isTokenStoreError(error), String(error)).toBe(true);
  expect((error as TokenStoreError).code, String(error)).toBe(code);
  return error as TokenStoreError;
}

/** Everything a caller could print about an error. */
function errorText(error: unknown): string {
  return [
    String(error),
    error instanceof Error ? (error.stack ?? "") : "",
    inspect(error, { depth: 10 }),
  ].join("\n");
}

/** Rejects if `promise` takes longer than `ms`, so a hang fails the test. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no result within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Finds a loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") {
    throw new Error("no TCP address");
  }
  return address.port;
}

let connection: Connection;
const tables: string[] = [];
const pools: Pool[] = [];

function newTable(label: string): string {
  const table = uniqueTableName(label);
  tables.push(table);
  return table;
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

describe("MysqlTokenStore errors", () => {
  it("closed port fails to connect", async () => {
    const port = await closedPort();
    const password = "pw-that-must-stay-hidden";
    const uri = `mysql://tokenstore:${password}@127.0.0.1:${port}/tokenstore_test`;

    const error = await expectStoreError(
      within(MysqlTokenStore.open({ uri, connectTimeoutMs: 2_000 }), 15_000),
      "CONNECTION_FAILED",
    );

    expect(error.operation).toBe("open");
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(errorText(error)).not.toContain(password);
  });

  it("closed port fails a lazy call", async () => {
    const port = await closedPort();
    const store = new MysqlTokenStore({
      uri: `mysql://tokenstore:pw@127.0.0.1:${port}/tokenstore_test`,
      connectTimeoutMs: 2_000,
    });

    const error = await expectStoreError(
      within(store.saveToken({ userName: "nobody@example.com" }), 15_000),
      "CONNECTION_FAILED",
    );

    expect(error.operation).toBe("saveToken");
    await store.close();
  });

  it("silent server times out", async () => {
    // Accepts connections but never sends the MySQL handshake.
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const error = await expectStoreError(
        within(
          MysqlTokenStore.open({
            uri: `mysql://tokenstore:pw@127.0.0.1:${port}/tokenstore_test`,
            connectTimeoutMs: 500,
          }),
          15_000,
        ),
        "CONNECTION_FAILED",
      );
      expect(error.message).toContain("ETIMEDOUT");
    } finally {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("wrong password fails to connect", async () => {
    const url = new URL(MYSQL_URL);
    const password = "wrong-password-4f1c9a";
    url.password = password;

    const error = await expectStoreError(
      within(MysqlTokenStore.open({ uri: url.toString() }), 15_000),
      "CONNECTION_FAILED",
    );

    expect(error.message).toContain("denied");
    expect(errorText(error)).not.toContain(password);
  });

  it("invalid options rejected", async () => {
    const cases: Array<[string, () => unknown]> = [
      ["no source", () => new MysqlTokenStore({} as never)],
      [
        "two sources",
        () =>
          new MysqlTokenStore({
            uri: MYSQL_URL,
            connection: { database: "x" },
          } as never),
      ],
      [
        "bad table",
        () => new MysqlTokenStore({ uri: MYSQL_URL, table: "a-b" }),
      ],
      [
        "long table",
        () => new MysqlTokenStore({ uri: MYSQL_URL, table: "t".repeat(65) }),
      ],
      [
        "schema table",
        () =>
          new MysqlTokenStore({ uri: MYSQL_URL, table: "tokenstore_schema" }),
      ],
      [
        "digit first",
        () => new MysqlTokenStore({ uri: MYSQL_URL, table: "1tokens" }),
      ],
      [
        "zero timeout",
        () => new MysqlTokenStore({ uri: MYSQL_URL, connectTimeoutMs: 0 }),
      ],
      ["not a url", () => new MysqlTokenStore({ uri: "not a url" })],
      [
        "wrong scheme",
        () => new MysqlTokenStore({ uri: "postgres://u:p@127.0.0.1/db" }),
      ],
      [
        "no database",
        () => new MysqlTokenStore({ uri: "mysql://u:secret-pw@127.0.0.1:1" }),
      ],
      [
        "bad percent-encoding",
        () => new MysqlTokenStore({ uri: "mysql://u:%zz@127.0.0.1/db" }),
      ],
      [
        "connection without database",
        () => new MysqlTokenStore({ connection: { host: "127.0.0.1" } }),
      ],
      [
        "latin1 connection",
        () =>
          new MysqlTokenStore({
            connection: { database: "db", charset: "latin1" },
          }),
      ],
      ["callback pool", () => new MysqlTokenStore({ pool: {} as never })],
    ];
    for (const [label, create] of cases) {
      let error: unknown;
      try {
        create();
      } catch (thrown) {
        error = thrown;
      }
      expect(isTokenStoreError(error), label).toBe(true);
      expect((error as TokenStoreError).code, label).toBe("INVALID_ARGUMENT");
      expect((error as TokenStoreError).operation, label).toBe("open");
      expect(errorText(error), label).not.toContain("secret-pw");
    }
  });

  it("failing calls release connections", async () => {
    const pool = createPool({ uri: MYSQL_URL, connectionLimit: 2 });
    pools.push(pool);
    const table = newTable("leak");
    const store = await MysqlTokenStore.open({ pool, table });
    await store.saveToken({ userName: "owner@example.com", ...SECRETS });

    const failures: Promise<TokenStoreError>[] = [];
    for (let index = 0; index < 10; index += 1) {
      failures.push(
        expectStoreError(
          store.saveToken({
            userName: `conflict-${index}@example.com`,
            accessToken: SECRETS.accessToken,
          }),
          "CONFLICT",
        ),
        expectStoreError(
          store.saveToken({
            userName: `large-${index}@example.com`,
            apiDomain: "d".repeat(70_000),
          }),
          "VALUE_TOO_LARGE",
        ),
      );
    }
    await within(Promise.all(failures), 30_000);

    // Reads fail too once the table is gone behind the store's back.
    await connection.query(`DROP TABLE \`${table}\``);
    for (let index = 0; index < 10; index += 1) {
      await within(
        expectStoreError(store.getTokens(), "BACKEND_ERROR"),
        10_000,
      );
    }
    const reopened = await MysqlTokenStore.open({ pool, table });
    await reopened.close();

    const saves = Array.from({ length: 5 }, (_, index) =>
      store.saveToken({ userName: `after-${index}@example.com` }),
    );
    await within(Promise.all(saves), 10_000);
    expect(await within(store.getTokens(), 10_000)).toHaveLength(5);
    await store.close();
  });

  it("ended borrowed pool fails clearly", async () => {
    const pool = createPool({ uri: MYSQL_URL, connectionLimit: 1 });
    const store = await MysqlTokenStore.open({
      pool,
      table: newTable("ended"),
    });
    await pool.end();

    const error = await expectStoreError(
      within(store.getTokens(), 10_000),
      "CONNECTION_FAILED",
    );

    expect(error.message).toContain("closed");
    await store.close();
  });

  it("conflict error hides secrets", async () => {
    const table = newTable("secret");
    const store = await MysqlTokenStore.open({ uri: MYSQL_URL, table });
    const owner = await store.saveToken({
      userName: "owner@example.com",
      clientId: "1000.CLIENT",
      ...SECRETS,
    });

    const byAccessToken = await expectStoreError(
      store.saveToken({
        userName: "thief@example.com",
        accessToken: SECRETS.accessToken,
      }),
      "CONFLICT",
    );
    const byRefreshToken = await expectStoreError(
      store.saveToken({
        userName: "thief@example.com",
        clientId: "1000.CLIENT",
        refreshToken: SECRETS.refreshToken,
      }),
      "CONFLICT",
    );
    const tooLarge = await expectStoreError(
      store.saveToken({
        userName: "large@example.com",
        ...SECRETS,
        accessToken: `${SECRETS.accessToken}-other`,
        refreshToken: `${SECRETS.refreshToken}-other`,
        redirectUrl: "u".repeat(70_000),
      }),
      "VALUE_TOO_LARGE",
    );

    expect(byAccessToken.message).toContain("accessToken");
    expect(byAccessToken.message).toContain(owner.id);
    expect(byRefreshToken.message).toContain("clientId and refreshToken");
    for (const error of [byAccessToken, byRefreshToken, tooLarge]) {
      for (const secret of Object.values(SECRETS)) {
        expect(errorText(error)).not.toContain(secret.slice(0, 12));
      }
    }
    expect(await store.getTokens()).toEqual([owner]);
    await store.close();
  });
});
