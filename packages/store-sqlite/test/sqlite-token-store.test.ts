import { existsSync } from "node:fs";
import { join } from "node:path";

import { TokenStoreError } from "@tokenstore/core";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { SqliteTokenStore } from "../src/index.js";
import { makeTempDir, readRawFile, readRawRows } from "./helpers.js";

let directory: ReturnType<typeof makeTempDir>;
let path: string;

beforeEach(() => {
  directory = makeTempDir();
  path = join(directory.path, "tokens.db");
});

afterEach(() => {
  directory.remove();
});

function constructError(options: unknown): TokenStoreError {
  try {
    new SqliteTokenStore(options as never);
  } catch (error) {
    if (error instanceof TokenStoreError) {
      return error;
    }
    throw error;
  }
  throw new Error("the constructor did not throw");
}

describe("SqliteTokenStore lifecycle", () => {
  it("borrowed database stays open", async () => {
    const database = new Database(path);
    const store = new SqliteTokenStore({ database });
    await store.saveToken({ userName: "borrowed@example.com" });
    await store.close();

    expect(database.open).toBe(true);
    const rows = readRawRows(database);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.userName).toBe("borrowed@example.com");
    database.close();
  });

  it("owned file is closed", async () => {
    const store = new SqliteTokenStore({ database: path });
    await store.saveToken({ userName: "owned@example.com" });
    expect(existsSync(`${path}-wal`)).toBe(true);

    await store.close();

    // SQLite removes the -wal and -shm files when the last connection closes.
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}-shm`)).toBe(false);
    const rows = readRawFile(path);
    expect(rows.map((row) => row.userName)).toEqual(["owned@example.com"]);
  });

  it("closed store rejects calls", async () => {
    const store = new SqliteTokenStore({ database: path });
    await store.close();
    await expect(store.getTokens()).rejects.toMatchObject({
      code: "STORE_CLOSED",
    });
    // Closing before first use never created the file.
    expect(existsSync(path)).toBe(false);
  });

  it("memory database keeps tokens", async () => {
    const first = new SqliteTokenStore({ database: ":memory:" });
    const second = new SqliteTokenStore({ database: ":memory:" });
    const saved = await first.saveToken({
      userName: "memory@example.com",
      expiryTime: 42,
    });

    expect(await first.findTokenById(saved.id)).toEqual(saved);
    // Each ":memory:" store opens its own private database.
    expect(await second.getTokens()).toEqual([]);
    expect(existsSync(":memory:")).toBe(false);
    await first.close();
    await second.close();
  });

  it("custom table name used", async () => {
    const store = new SqliteTokenStore({ database: path, table: "Select" });
    const saved = await store.saveToken({ userName: "custom@example.com" });
    await store.close();

    expect(readRawFile(path, "Select").map((row) => row.id)).toEqual([
      saved.id,
    ]);
    expect(readRawFile(path, "oauth_tokens")).toEqual([]);
  });

  it("two tables stay separate", async () => {
    const database = new Database(path);
    const first = new SqliteTokenStore({ database, table: "first_tokens" });
    const second = new SqliteTokenStore({ database, table: "second_tokens" });
    await first.saveToken({ userName: "shared@example.com", expiryTime: 1 });
    await second.saveToken({ userName: "shared@example.com", expiryTime: 2 });

    expect(await first.findToken({ userName: "shared@example.com" })).toEqual(
      expect.objectContaining({ expiryTime: 1 }),
    );
    expect(await second.findToken({ userName: "shared@example.com" })).toEqual(
      expect.objectContaining({ expiryTime: 2 }),
    );
    await first.close();
    await second.close();
    database.close();
  });
});

describe("SqliteTokenStore options", () => {
  it.each([
    ["empty", ""],
    ["hyphen", "oauth-tokens"],
    ["leading digit", "1tokens"],
    ["quote", 'tokens"; DROP TABLE x; --'],
    ["space", "oauth tokens"],
    ["too long", `t${"x".repeat(64)}`],
    ["reserved prefix", "sqlite_tokens"],
    ["metadata table", "tokenstore_schema"],
    ["non-string", 42],
  ])("invalid table rejected: %s", (_case, table) => {
    const error = constructError({ database: path, table });
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.operation).toBe("open");
    expect(error.message).toContain("table");
  });

  it("longest table name accepted", async () => {
    const table = `t${"x".repeat(63)}`;
    const store = new SqliteTokenStore({ database: ":memory:", table });
    await store.saveToken({ userName: "long@example.com" });
    expect(await store.getTokens()).toHaveLength(1);
    await store.close();
  });

  it.each([
    ["missing database", {}],
    ["empty path", { database: "" }],
    ["number database", { database: 7 }],
    ["unknown option", { database: path, timeout: 5 }],
    ["negative timeout", { database: path, busyTimeoutMs: -1 }],
    ["fractional timeout", { database: path, busyTimeoutMs: 1.5 }],
    ["null options", null],
  ])("invalid option rejected: %s", (_case, options) => {
    const error = constructError(options);
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.operation).toBe("open");
  });

  it("closed handle rejected", () => {
    const database = new Database(":memory:");
    database.close();
    const error = constructError({ database });
    expect(error.code).toBe("INVALID_ARGUMENT");
  });

  it("busyTimeoutMs sets borrowed timeout", async () => {
    const database = new Database(path, { timeout: 5000 });
    const store = new SqliteTokenStore({ database, busyTimeoutMs: 1234 });
    await store.getTokens();
    expect(database.pragma("busy_timeout", { simple: true })).toBe(1234);
    await store.close();
    database.close();
  });

  it("owned file uses WAL", async () => {
    const store = new SqliteTokenStore({ database: path });
    await store.getTokens();
    const reader = new Database(path, { readonly: true });
    expect(reader.pragma("journal_mode", { simple: true })).toBe("wal");
    reader.close();
    await store.close();
  });
});

describe("SqliteTokenStore updates", () => {
  function totalChanges(database: Database.Database): number {
    return (
      database.prepare("SELECT total_changes() AS changes").get() as {
        changes: number;
      }
    ).changes;
  }

  it("writes only when a value changes", async () => {
    const database = new Database(":memory:");
    const store = new SqliteTokenStore({ database });
    const saved = await store.saveToken({
      userName: "writes@example.com",
      accessToken: "1000.access-1",
      refreshToken: "1000.refresh-1",
    });
    const afterInsert = totalChanges(database);

    await store.saveToken({
      userName: saved.userName,
      accessToken: "1000.access-1",
    });
    expect(totalChanges(database)).toBe(afterInsert);

    const updated = await store.saveToken({
      userName: saved.userName,
      accessToken: "1000.access-2",
    });
    expect(totalChanges(database)).toBe(afterInsert + 1);
    expect(updated.refreshToken).toBe("1000.refresh-1");
    expect((await store.findToken({ accessToken: "1000.access-2" }))?.id).toBe(
      saved.id,
    );
    expect(await store.findToken({ accessToken: "1000.access-1" })).toBeNull();

    await store.close();
    database.close();
  });
});
