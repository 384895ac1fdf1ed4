import { join } from "node:path";

import { describeConformance } from "@tokenstore/conformance/vitest";

import { FileTokenStore } from "../src/index.js";
import { makeTemporaryDirectory, readTokenRecords } from "./helpers.js";

describeConformance("FileTokenStore", {
  createStore: async () => {
    const directory = await makeTemporaryDirectory();
    return new FileTokenStore({ path: join(directory, "tokens.json") });
  },
  // Parses the file itself, so the suite checks what the file holds.
  readRaw: async (store) => {
    try {
      return await readTokenRecords(store.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return [];
      }
      throw error;
    }
  },
});
