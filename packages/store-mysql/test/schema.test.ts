import type { Connection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { isTokenStoreError, type TokenStoreError } from "@tokenstore/core";

import { MysqlTokenStore, SCHEMA_TABLE, SCHEMA_VERSION } from "../src/index.js";
import { MYSQL_URL, connect, dropTable, uniqueTableName } from "./helpers.js";

let connection: Connection;
const tables: string[] = [];

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
  await connection.end();
});

async function versionRows(table: string): Promise<unknown[]> {
  const [rows] = await connection.execute(
    `SELECT version FROM \`${SCHEMA_TABLE}\` WHERE table_name = ?`,
    [table],
  );
  return rows as unknown[];
}

async function expectOpenError(
  promise: Promise<unknown>,
  code: string,
): Promise<TokenStoreError> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(isTokenStoreError(error), String(error)).toBe(true);
  expect((error as TokenStoreError).code, String(error)).toBe(code);
  expect((error as TokenStoreError).operation).toBe("open");
  return error as TokenStoreError;
}

describe("MysqlTokenStore schema", () => {
  it("schema version recorded", async () => {
    const table = newTable("version");

    const store = await MysqlTokenStore.open({ uri: MYSQL_URL, table });

    expect(await versionRows(table)).toEqual([{ version: SCHEMA_VERSION }]);
    await store.close();
  });

  it("columns and unique keys", async () => {
    const table = newTable("columns");
    const store = await MysqlTokenStore.open({ uri: MYSQL_URL, table });

    const [columns] = await connection.execute(
      "SELECT COLUMN_NAME AS name, DATA_TYPE AS type, " +
        "COLLATION_NAME AS collation FROM information_schema.COLUMNS " +
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
      [table],
    );
    const byName = new Map(
      (columns as { name: string; type: string; collation: string }[]).map(
        (column) => [column.name, column],
      ),
    );
    expect(byName.get("id")?.type).toBe("varbinary");
    expect(byName.get("expiry_time")?.type).toBe("bigint");
    for (const name of ["user_name", "client_id", "redirect_url"]) {
      expect(byName.get(name)?.type, name).toBe("text");
      expect(byName.get(name)?.collation, name).toBe("utf8mb4_bin");
    }
    for (const name of ["client_secret", "refresh_token", "access_token"]) {
      expect(byName.get(name)?.type, name).toBe("mediumtext");
      expect(byName.get(name)?.collation, name).toBe("utf8mb4_bin");
    }

    const [indexes] = await connection.execute(
      "SELECT INDEX_NAME AS name, NON_UNIQUE AS nonUnique, " +
        "GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS columns " +
        "FROM information_schema.STATISTICS " +
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? " +
        "GROUP BY INDEX_NAME, NON_UNIQUE ORDER BY INDEX_NAME",
      [table],
    );
    expect(
      (indexes as { name: string; nonUnique: number; columns: string }[]).map(
        (index) => [index.name, Number(index.nonUnique), index.columns],
      ),
    ).toEqual([
      ["PRIMARY", 0, "id"],
      ["uq_access_token", 0, "access_token_hash"],
      ["uq_grant_token", 0, "client_id_hash,grant_token_hash"],
      ["uq_refresh_token", 0, "client_id_hash,refresh_token_hash"],
      ["uq_user_name", 0, "user_name_hash"],
    ]);
    await store.close();
  });

  it("newer version rejected", async () => {
    const table = newTable("newer");
    await (await MysqlTokenStore.open({ uri: MYSQL_URL, table })).close();
    await connection.execute(
      `UPDATE \`${SCHEMA_TABLE}\` SET version = ? WHERE table_name = ?`,
      [SCHEMA_VERSION + 1, table],
    );

    const error = await expectOpenError(
      MysqlTokenStore.open({ uri: MYSQL_URL, table }),
      "UNSUPPORTED_VERSION",
    );

    expect(error.message).toContain(`version ${SCHEMA_VERSION + 1}`);
    expect(await versionRows(table)).toEqual([{ version: SCHEMA_VERSION + 1 }]);
  });

  it("foreign table rejected", async () => {
    const table = newTable("foreign");
    await connection.query(
      `CREATE TABLE \`${table}\` (user_name VARCHAR(255) PRIMARY KEY)`,
    );

    const error = await expectOpenError(
      MysqlTokenStore.open({ uri: MYSQL_URL, table }),
      "UNSUPPORTED_VERSION",
    );

    expect(error.message).toContain(table);
    expect(await versionRows(table)).toEqual([]);
  });

  it("concurrent first opens agree", async () => {
    const table = newTable("race");

    const stores = await Promise.all(
      Array.from({ length: 5 }, () =>
        MysqlTokenStore.open({ uri: MYSQL_URL, table }),
      ),
    );
    await Promise.all(
      stores.map((store, index) =>
        store.saveToken({ userName: `race-${index}@example.com` }),
      ),
    );

    expect(await versionRows(table)).toEqual([{ version: SCHEMA_VERSION }]);
    expect(await stores[0]?.getTokens()).toHaveLength(5);
    await Promise.all(stores.map((store) => store.close()));
  });
});
