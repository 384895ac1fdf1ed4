// Saves a list of tokens into a MongoTokenStore, and updates some of them
// right after, for the test that runs two processes against one collection. Reads its settings from the environment,
// prints "ready" once connected, waits for a line on stdin so that both
// processes start together, then prints one JSON line with its result.
import { createInterface } from "node:readline";

import { isTokenStoreError } from "@tokenstore/core";

import { MongoTokenStore } from "../../src/index.js";

interface WorkerResult {
  saves: number;
  errors: string[];
}

function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set.`);
  }
  return value;
}

const workerName = setting("WORKER_NAME");
const indexes = setting("WORKER_INDEXES").split(",").map(Number);
const updateIndexes = new Set(
  setting("WORKER_UPDATE_INDEXES").split(",").map(Number),
);
const concurrency = Number(setting("WORKER_CONCURRENCY"));

const store = new MongoTokenStore({
  url: setting("TOKENSTORE_MONGO_URL"),
  databaseName: setting("WORKER_DATABASE"),
  collection: setting("WORKER_COLLECTION"),
});

async function saveOne(index: number, result: WorkerResult): Promise<void> {
  const name = String(index).padStart(3, "0");
  const userName = `user-${name}@example.com`;
  try {
    await store.saveToken({
      userName,
      clientId: "shared-client",
      clientSecret: "shared-secret",
      accessToken: `access-${name}-1`,
      refreshToken: `refresh-${name}`,
      expiryTime: index * 1000,
      apiDomain: workerName,
    });
    result.saves += 1;
    if (!updateIndexes.has(index)) {
      return;
    }
    // A partial update right after, so updates race with inserts too.
    await store.saveToken({
      userName,
      accessToken: `access-${name}-2`,
      expiryTime: index * 1000 + 1,
    });
    result.saves += 1;
  } catch (error) {
    result.errors.push(
      isTokenStoreError(error)
        ? `${error.code}: ${error.message}`
        : String(error),
    );
  }
}

async function run(): Promise<WorkerResult> {
  const result: WorkerResult = { saves: 0, errors: [] };
  let next = 0;
  const lanes = Array.from({ length: concurrency }, async () => {
    while (next < indexes.length) {
      const index = indexes[next] as number;
      next += 1;
      await saveOne(index, result);
    }
  });
  await Promise.all(lanes);
  return result;
}

// Connects and creates the indexes before the start signal.
await store.getTokens();
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line === "go") {
    break;
  }
}
lines.close();

const result = await run();
await store.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
