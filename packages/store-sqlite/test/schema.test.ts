import { readFileSync } from "node:fs";

import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import {
  METADATA_TABLE,
  SCHEMA_VERSION,
  SqliteTokenStore,
  tokenTableDdl,
} from "../src/index.js";

let database: Database.Database;

beforeEach(() => {
  database = new Database(":memory:");
});

afterEach(() => {
  database.close();
});

async function createTable(table?: string): Promise<void> {
  const store = new SqliteTokenStore({ database, table });
  await store.getTokens();
  await store.close();
}

function insertRaw(values: Record<string, string | null>): void {
  const columns = Object.keys(values);
  database
    .prepare(
      `INSERT INTO oauth_tokens (${columns.join(", ")}) ` +
        `VALUES (${columns.map(() => "?").join(", ")})`,
    )
    .run(...Object.values(values));
}

function sqliteCode(action: () => void): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe("SqliteTokenStore schema", () => {
  it.each([
    ["userName", { user_name: "same" }],
    ["accessToken", { access_token: "same" }],
    ["grantToken", { client_id: "client", grant_token: "same" }],
    ["refreshToken", { client_id: "client", refresh_token: "same" }],
  ])("unique constraint on %s", async (_identity, values) => {
    await createTable();
    insertRaw({ id: "first", ...values });
    const code = sqliteCode(() => insertRaw({ id: "second", ...values }));
    expect(code).toBe("SQLITE_CONSTRAINT_UNIQUE");
  });

  it("null identities may repeat", async () => {
    await createTable();
    insertRaw({ id: "first", client_id: "client", grant_token: null });
    insertRaw({ id: "second", client_id: "client", grant_token: null });
    insertRaw({ id: "third", client_id: null, grant_token: "grant" });
    insertRaw({ id: "fourth", client_id: null, grant_token: "grant" });
    const count = database
      .prepare("SELECT count(*) FROM oauth_tokens")
      .pluck()
      .get();
    expect(count).toBe(4);
  });

  it("strict table rejects wrong types", async () => {
    await createTable();
    const code = sqliteCode(() =>
      database
        .prepare("INSERT INTO oauth_tokens (id, expiry_time) VALUES (?, ?)")
        .run("typed", "soon"),
    );
    expect(code).toBe("SQLITE_CONSTRAINT_DATATYPE");
  });

  it("lookups use unique indexes", async () => {
    await createTable();
    const queries = [
      "SELECT * FROM oauth_tokens WHERE user_name = 'a'",
      "SELECT * FROM oauth_tokens WHERE access_token = 'a'",
      "SELECT * FROM oauth_tokens WHERE client_id = 'a' AND grant_token = 'b'",
      "SELECT * FROM oauth_tokens WHERE client_id = 'a' AND refresh_token = 'b'",
    ];
    for (const query of queries) {
      const plan = database.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as {
        detail: string;
      }[];
      const details = plan.map((step) => step.detail).join("; ");
      expect(details).toContain("USING INDEX sqlite_autoindex_oauth_tokens");
    }
  });

  it("schema version recorded", async () => {
    await createTable("my_tokens");
    const version = database
      .prepare(`SELECT version FROM ${METADATA_TABLE} WHERE table_name = ?`)
      .pluck()
      .get("my_tokens");
    expect(version).toBe(SCHEMA_VERSION);
  });

  it("newer schema version rejected", async () => {
    await createTable();
    database
      .prepare(`UPDATE ${METADATA_TABLE} SET version = ? WHERE table_name = ?`)
      .run(SCHEMA_VERSION + 1, "oauth_tokens");

    const store = new SqliteTokenStore({ database });
    await expect(store.getTokens()).rejects.toMatchObject({
      code: "UNSUPPORTED_VERSION",
      operation: "open",
    });
    await store.close();
  });

  it("unversioned existing table rejected", async () => {
    database.exec("CREATE TABLE oauth_tokens (id TEXT PRIMARY KEY)");
    const store = new SqliteTokenStore({ database });
    await expect(
      store.saveToken({ userName: "someone@example.com" }),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_VERSION" });
    await store.close();
    const columns = database
      .prepare("SELECT name FROM pragma_table_info('oauth_tokens')")
      .pluck()
      .all();
    expect(columns).toEqual(["id"]);
  });

  it("second open keeps data", async () => {
    const first = new SqliteTokenStore({ database });
    const saved = await first.saveToken({ userName: "kept@example.com" });
    await first.close();

    const second = new SqliteTokenStore({ database });
    expect(await second.getTokens()).toEqual([saved]);
    await second.close();
  });

  it("README shows the DDL", () => {
    const readme = readFileSync(
      new URL("../README.md", import.meta.url),
      "utf8",
    );
    expect(readme).toContain(tokenTableDdl("oauth_tokens"));
  });
});
