import { join } from "node:path";

import { describeConformance } from "@tokenstore/conformance/vitest";
import Database from "better-sqlite3";

import { SqliteTokenStore } from "../src/index.js";
import { makeTempDir, readRawFile, readRawRows } from "./helpers.js";

const files = new WeakMap<
  SqliteTokenStore,
  { path: string; remove: () => void }
>();

describeConformance("SqliteTokenStore on a file", {
  createStore: async () => {
    const directory = makeTempDir();
    const path = join(directory.path, "tokens.db");
    const store = new SqliteTokenStore({ database: path });
    files.set(store, { path, remove: directory.remove });
    return store;
  },
  readRaw: async (store) => {
    const file = files.get(store);
    if (file === undefined) {
      throw new Error("the store was not made by createStore");
    }
    return readRawFile(file.path);
  },
  destroyStore: async (store) => {
    files.get(store)?.remove();
  },
});

const handles = new WeakMap<SqliteTokenStore, Database.Database>();

describeConformance("SqliteTokenStore on :memory:", {
  createStore: async () => {
    const database = new Database(":memory:");
    const store = new SqliteTokenStore({ database });
    handles.set(store, database);
    return store;
  },
  readRaw: async (store) => {
    const database = handles.get(store);
    if (database === undefined) {
      throw new Error("the store was not made by createStore");
    }
    return readRawRows(database);
  },
  destroyStore: async (store) => {
    handles.get(store)?.close();
  },
});
