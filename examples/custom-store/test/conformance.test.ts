import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describeConformance } from "@tokenstore/conformance/vitest";

import { DirectoryTokenStore } from "../src/index.js";

const directories = new WeakMap<DirectoryTokenStore, string>();

describeConformance("DirectoryTokenStore", {
  createStore() {
    const directory = mkdtempSync(join(tmpdir(), "directory-store-test-"));
    const store = new DirectoryTokenStore({ directory });
    directories.set(store, directory);
    return store;
  },
  async readRaw(store) {
    const directory = directories.get(store)!;
    return readdirSync(directory)
      .filter((name) => name.endsWith(".json"))
      .map((name) => JSON.parse(readFileSync(join(directory, name), "utf8")));
  },
  destroyStore(store) {
    rmSync(directories.get(store)!, { recursive: true, force: true });
  },
});
