import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { SqliteTokenStore } from "../src/index.js";
import { readRawRows } from "./helpers.js";

let database: Database.Database;
let store: SqliteTokenStore;

beforeEach(() => {
  database = new Database(":memory:");
  store = new SqliteTokenStore({ database });
});

afterEach(async () => {
  await store.close();
  database.close();
});

describe("SqliteTokenStore values", () => {
  it("injection attempt stays literal", async () => {
    const userName = "x'); DROP TABLE oauth_tokens; --";
    const accessToken = `" OR 1=1; -- '`;
    const saved = await store.saveToken({
      userName,
      accessToken,
      apiDomain: "'; DELETE FROM oauth_tokens WHERE ''='",
    });
    await store.saveToken({ userName: "other@example.com" });

    expect(await store.findToken({ userName })).toEqual(saved);
    expect(await store.findToken({ accessToken: "' OR '1'='1" })).toBeNull();
    expect(await store.findToken({ userName: "%" })).toBeNull();
    const rows = readRawRows(database);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ userName, accessToken });
  });

  it("largest expiry stored exactly", async () => {
    const saved = await store.saveToken({
      userName: "late@example.com",
      expiryTime: Number.MAX_SAFE_INTEGER,
    });
    const row = database
      .prepare(
        "SELECT expiry_time AS value, typeof(expiry_time) AS type " +
          "FROM oauth_tokens WHERE id = ?",
      )
      .safeIntegers(true)
      .get(saved.id);

    expect(row).toEqual({ value: 9007199254740991n, type: "integer" });
    expect((await store.findTokenById(saved.id))?.expiryTime).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it("oversized stored expiry rejected", async () => {
    const saved = await store.saveToken({ userName: "big@example.com" });
    database.exec("PRAGMA ignore_check_constraints = ON");
    database
      .prepare("UPDATE oauth_tokens SET expiry_time = ? WHERE id = ?")
      .run(2n ** 60n, saved.id);

    await expect(store.findTokenById(saved.id)).rejects.toMatchObject({
      code: "CORRUPT_DATA",
    });
  });

  it.each([
    [
      "userName",
      { userName: "taken@example.com" },
      { userName: "taken@example.com", accessToken: "access-second-0000" },
    ],
    [
      "accessToken",
      { userName: "first@example.com", accessToken: "access-taken-0000" },
      { userName: "second@example.com", accessToken: "access-taken-0000" },
    ],
    [
      "clientId and grantToken",
      {
        userName: "first@example.com",
        clientId: "client",
        grantToken: "grant-taken-0000",
      },
      {
        userName: "second@example.com",
        clientId: "client",
        grantToken: "grant-taken-0000",
      },
    ],
    [
      "clientId and refreshToken",
      {
        userName: "first@example.com",
        clientId: "client",
        refreshToken: "refresh-taken-0000",
      },
      {
        userName: "second@example.com",
        clientId: "client",
        refreshToken: "refresh-taken-0000",
      },
    ],
  ])("conflict names %s", async (identity, first, second) => {
    const stored = await store.saveToken(first);
    const other = await store.saveToken({ userName: "third@example.com" });
    const error = await store
      .saveToken({ ...second, id: other.id })
      .then(() => undefined)
      .catch((reason: unknown) => reason as Error & { code: string });

    expect(error?.code).toBe("CONFLICT");
    expect(error?.message).toContain(identity);
    expect(error?.message).toContain(stored.id);
    expect(error?.message).not.toContain("taken");
    expect(await store.findTokenById(other.id)).toEqual(other);
    expect(await store.getTokens()).toHaveLength(2);
  });
});
