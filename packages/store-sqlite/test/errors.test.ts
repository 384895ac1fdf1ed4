import { writeFileSync } from "node:fs";
import { join } from "node:path";

import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { SqliteTokenStore } from "../src/index.js";
import { makeTempDir } from "./helpers.js";

let directory: ReturnType<typeof makeTempDir>;
let path: string;

beforeEach(() => {
  directory = makeTempDir();
  path = join(directory.path, "tokens.db");
});

afterEach(() => {
  directory.remove();
});

describe("SqliteTokenStore errors", () => {
  it("missing directory is CONNECTION_FAILED", async () => {
    const store = new SqliteTokenStore({
      database: join(directory.path, "missing", "tokens.db"),
    });
    await expect(store.getTokens()).rejects.toMatchObject({
      code: "CONNECTION_FAILED",
      operation: "open",
    });
    await store.close();
  });

  it("non-database file is CORRUPT_DATA", async () => {
    writeFileSync(path, "not an SQLite database, only text. ".repeat(40));
    const store = new SqliteTokenStore({ database: path });
    await expect(store.getTokens()).rejects.toMatchObject({
      code: "CORRUPT_DATA",
      operation: "open",
    });
    await store.close();
  });

  it("read-only database is PERMISSION_DENIED", async () => {
    const writer = new SqliteTokenStore({ database: path });
    await writer.saveToken({ userName: "reader@example.com" });
    await writer.close();

    const database = new Database(path, { readonly: true });
    const store = new SqliteTokenStore({ database });
    expect(await store.getTokens()).toHaveLength(1);
    const secret = "access-secret-readonly-0123456789";
    const error = await store
      .saveToken({ userName: "writer@example.com", accessToken: secret })
      .then(() => undefined)
      .catch((reason: unknown) => reason as Error & { code: string });

    expect(error?.code).toBe("PERMISSION_DENIED");
    expect(String(error?.message)).not.toContain(secret);
    expect(String((error?.cause as Error).message)).not.toContain(secret);
    await store.close();
    database.close();
  });

  it("held lock is TIMEOUT", async () => {
    const store = new SqliteTokenStore({ database: path, busyTimeoutMs: 50 });
    await store.getTokens();

    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    try {
      const error = await store
        .saveToken({ userName: "blocked@example.com" })
        .then(() => undefined)
        .catch((reason: unknown) => reason as Error & { code: string });
      expect(error?.code).toBe("TIMEOUT");
      expect(error?.message).toContain("50 ms");
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }

    // The store works again once the lock is gone.
    await store.saveToken({ userName: "blocked@example.com" });
    expect(await store.getTokens()).toHaveLength(1);
    await store.close();
  });

  it("borrowed handle closed early", async () => {
    const database = new Database(path);
    const store = new SqliteTokenStore({ database });
    await store.getTokens();
    database.close();

    await expect(store.getTokens()).rejects.toMatchObject({
      code: "CONNECTION_FAILED",
      operation: "getTokens",
    });
    await store.close();
  });
});
