import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { TokenStore } from "@tokenstore/core";

/**
 * How to open one store, as JSON, so a worker process can open the same
 * store. A memory store cannot be shared, so a worker gets an empty one.
 */
export type StoreConfig =
  | { kind: "memory" }
  | { kind: "file"; path: string }
  | { kind: "sqlite"; database: string }
  | { kind: "mysql"; uri: string; table: string }
  | { kind: "mongo"; url: string; collection: string };

/** Opens a store, importing only the package of that kind of store. */
export async function openStore(config: StoreConfig): Promise<TokenStore> {
  switch (config.kind) {
    case "memory": {
      const { MemoryTokenStore } = await import("@tokenstore/store-memory");
      return new MemoryTokenStore();
    }
    case "file": {
      const { FileTokenStore } = await import("@tokenstore/store-file");
      return new FileTokenStore({ path: config.path });
    }
    case "sqlite": {
      const { SqliteTokenStore } = await import("@tokenstore/store-sqlite");
      return new SqliteTokenStore({ database: config.database });
    }
    case "mysql": {
      const { MysqlTokenStore } = await import("@tokenstore/store-mysql");
      return new MysqlTokenStore({ uri: config.uri, table: config.table });
    }
    case "mongo": {
      const { MongoTokenStore } = await import("@tokenstore/store-mongo");
      return new MongoTokenStore({
        url: config.url,
        collection: config.collection,
      });
    }
  }
}

/**
 * Reads a server URL from the environment, or throws how to set it up.
 * `startedServer` is what the repository's test script starts, and
 * `exampleUrl` shows the form of the URL.
 */
export function requireServerUrl(
  variable: string,
  startedServer: string,
  exampleUrl: string,
): string {
  const url = process.env[variable];
  if (url === undefined || url === "") {
    throw new Error(
      `${variable} is not set. Run \`npm test\` from the repository root, ` +
        `which starts ${startedServer} on 127.0.0.1, or set ${variable} ` +
        `to a server on 127.0.0.1, such as ${exampleUrl}.`,
    );
  }
  return url;
}

/** Creates a temporary directory, which `remove()` deletes. */
export function makeTempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "tokenstore-zoho-"));
  return {
    path,
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
