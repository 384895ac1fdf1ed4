// Entry point for `tokenstore check`: each call makes a store on a new,
// empty directory.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { DirectoryTokenStore } from "./directory-token-store.js";

export function createStore(): DirectoryTokenStore {
  const directory = mkdtempSync(join(tmpdir(), "directory-store-"));
  return new DirectoryTokenStore({ directory });
}
