import { describeConformance } from "@tokenstore/conformance/vitest";
import { createPool, type Connection } from "mysql2/promise";
import { afterAll, beforeAll } from "vitest";

import { MysqlTokenStore } from "../src/index.js";
import {
  MYSQL_URL,
  connect,
  dropTable,
  readRawRows,
  uniqueTableName,
} from "./helpers.js";

let connection: Connection;
const borrowedPool = createPool({ uri: MYSQL_URL, connectionLimit: 10 });

beforeAll(async () => {
  connection = await connect();
});

afterAll(async () => {
  await borrowedPool.end();
  await connection.end();
});

const readRaw = (store: MysqlTokenStore) =>
  readRawRows(connection, store.table);
const destroyStore = (store: MysqlTokenStore) =>
  dropTable(connection, store.table);

describeConformance("MysqlTokenStore with owned pool", {
  createStore: () =>
    MysqlTokenStore.open({ uri: MYSQL_URL, table: uniqueTableName("owned") }),
  readRaw,
  destroyStore,
});

describeConformance("MysqlTokenStore with borrowed pool", {
  createStore: () =>
    MysqlTokenStore.open({
      pool: borrowedPool,
      table: uniqueTableName("borrowed"),
    }),
  readRaw,
  destroyStore,
});
