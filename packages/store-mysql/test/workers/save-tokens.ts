// Saves tokens into one MySQL table, for the multi-process test. Arguments:
// table, worker number, first index, count, first and end of the shared
// range. The server URL comes from TOKENSTORE_MYSQL_URL, so the password
// stays out of the process list. The worker opens the store, writes "ready",
// waits for a line on stdin so that all workers start together, saves the
// shared range first and with several saves in flight, then writes one JSON
// line with the failures it caught.
import { createInterface } from "node:readline";

import { isTokenStoreError } from "@tokenstore/core";

import { MysqlTokenStore } from "../../src/index.js";
import { tokenForIndex } from "./token-plan.js";

const SAVES_IN_FLIGHT = 4;

const [table, worker, first, count, sharedFirst, sharedEnd] =
  process.argv.slice(2);
const uri = process.env["TOKENSTORE_MYSQL_URL"];
if (table === undefined || worker === undefined || sharedEnd === undefined) {
  throw new Error(
    "usage: save-tokens.ts TABLE WORKER FIRST COUNT SHARED_FIRST SHARED_END",
  );
}
if (uri === undefined) {
  throw new Error("TOKENSTORE_MYSQL_URL is not set");
}

const store = await MysqlTokenStore.open({ uri, table });

const lines = createInterface({ input: process.stdin });
const start = new Promise<void>((resolve) => {
  lines.once("line", () => resolve());
});
process.stdout.write("ready\n");
await start;
lines.close();

const indexes = Array.from(
  { length: Number(count) },
  (_, offset) => Number(first) + offset,
);
const isShared = (index: number) =>
  index >= Number(sharedFirst) && index < Number(sharedEnd);
const queue = [
  ...indexes.filter(isShared),
  ...indexes.filter((index) => !isShared(index)),
];

const failures: { index: number; code: string; message: string }[] = [];
async function saveFromQueue(): Promise<void> {
  for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
    try {
      await store.saveToken(tokenForIndex(index, worker as string));
    } catch (error) {
      failures.push({
        index,
        code: isTokenStoreError(error) ? error.code : "UNKNOWN",
        message: String(error),
      });
    }
  }
}
await Promise.all(Array.from({ length: SAVES_IN_FLIGHT }, saveFromQueue));
await store.close();
process.stdout.write(`${JSON.stringify({ failures })}\n`);
