// Saves tokens into one SQLite file, for the multi-process test. Arguments:
// database path, worker number, first index, count. The worker opens the
// store, writes "ready", waits for a line on stdin so that all workers start
// together, saves, then writes one JSON line with the failures it caught.
import { createInterface } from "node:readline";

import { isTokenStoreError } from "@tokenstore/core";

import { SqliteTokenStore } from "../../src/index.js";
import { tokenForIndex } from "./token-plan.js";

const [path, worker, first, count] = process.argv.slice(2);
if (path === undefined || worker === undefined) {
  throw new Error("usage: save-tokens.ts PATH WORKER FIRST COUNT");
}

const store = new SqliteTokenStore({ database: path });
await store.getTokens();

const lines = createInterface({ input: process.stdin });
const start = new Promise<void>((resolve) => {
  lines.once("line", () => resolve());
});
process.stdout.write("ready\n");
await start;
lines.close();

const failures: { index: number; code: string; message: string }[] = [];
const end = Number(first) + Number(count);
for (let index = Number(first); index < end; index += 1) {
  try {
    await store.saveToken(tokenForIndex(index, worker));
  } catch (error) {
    failures.push({
      index,
      code: isTokenStoreError(error) ? error.code : "UNKNOWN",
      message: String(error),
    });
  }
}
await store.close();
process.stdout.write(`${JSON.stringify({ failures })}\n`);
