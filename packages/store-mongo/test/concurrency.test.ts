import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

import type { OAuthToken, TokenInput } from "@tokenstore/core";
import { MongoClient } from "mongodb";
import { afterAll, describe, expect, it } from "vitest";

import { identityKey, MongoTokenStore } from "../src/index.js";
import { readDocuments, requireMongoUrl, uniqueName } from "./helpers.js";

const url = requireMongoUrl();
const databaseName = uniqueName("concurrency");
const rawClient = new MongoClient(url);
const workerPath = fileURLToPath(
  new URL("./workers/save-tokens.ts", import.meta.url),
);

afterAll(async () => {
  await rawClient.db(databaseName).dropDatabase();
  await rawClient.close();
});

function createStore(): MongoTokenStore {
  return new MongoTokenStore({
    url,
    databaseName,
    collection: uniqueName("tokens"),
  });
}

function tokenOf(document: Record<string, unknown>): OAuthToken {
  return {
    id: document._id as string,
    userName: document.userName as string | null,
    clientId: document.clientId as string | null,
    clientSecret: document.clientSecret as string | null,
    grantToken: document.grantToken as string | null,
    refreshToken: document.refreshToken as string | null,
    accessToken: document.accessToken as string | null,
    expiryTime: document.expiryTime as number | null,
    redirectUrl: document.redirectUrl as string | null,
    apiDomain: document.apiDomain as string | null,
  };
}

// The identity keys must always agree with the fields, or a later save could
// miss a match or a conflict.
function expectKeysMatchFields(document: Record<string, unknown>): void {
  const token = tokenOf(document);
  const keys = document._key as Record<string, unknown>;
  expect(keys.userName).toBe(identityKey("userName", token));
  expect(keys.accessToken).toBe(identityKey("accessToken", token));
  expect(keys.grantToken).toBe(identityKey("grantToken", token));
  expect(keys.refreshToken).toBe(identityKey("refreshToken", token));
}

describe("MongoTokenStore concurrency", () => {
  const shapes: Array<[string, (index: number) => TokenInput]> = [
    [
      "userName",
      (index) => ({
        userName: "shared@example.com",
        clientId: "client",
        clientSecret: "secret",
        accessToken: `access-${index}`,
        refreshToken: `refresh-${index}`,
        expiryTime: 1000 + index,
      }),
    ],
    [
      "accessToken",
      (index) => ({
        accessToken: "shared-access",
        refreshToken: `refresh-${index}`,
        expiryTime: 1000 + index,
      }),
    ],
    [
      "refreshToken",
      (index) => ({
        clientId: "client",
        clientSecret: "secret",
        refreshToken: "shared-refresh",
        accessToken: `access-${index}`,
        expiryTime: 1000 + index,
      }),
    ],
  ];

  it.each(shapes)("50 concurrent saves by %s", async (_rung, makeInput) => {
    const store = createStore();
    try {
      const inputs = Array.from({ length: 50 }, (_, index) => makeInput(index));
      const saved = await Promise.all(
        inputs.map((input) => store.saveToken(input)),
      );

      expect(new Set(saved.map((token) => token.id)).size).toBe(1);
      const documents = await readDocuments(rawClient, store);
      expect(documents).toHaveLength(1);
      const document = documents[0] as Record<string, unknown>;
      expect(document._id).toBe(saved[0]?.id);

      // One save's fields, never a mix of two.
      const winner = (document.expiryTime as number) - 1000;
      expect(winner).toBeGreaterThanOrEqual(0);
      expect(winner).toBeLessThan(50);
      const { expiryTime: _expiryTime, ...expected } = makeInput(winner);
      expect(document).toMatchObject(expected);
      expectKeysMatchFields(document);
    } finally {
      await store.close();
    }
  });

  it("save racing a delete", async () => {
    const store = createStore();
    try {
      for (let round = 0; round < 20; round += 1) {
        const userName = `racer-${round}@example.com`;
        const first = await store.saveToken({ userName, accessToken: "a" });
        const [deleted, saved] = await Promise.all([
          store.deleteToken(first.id),
          store.saveToken({ userName, refreshToken: `refresh-${round}` }),
        ]);
        expect(deleted).toBe(true);
        expect(saved.userName).toBe(userName);
        expect(saved.refreshToken).toBe(`refresh-${round}`);
      }
      const documents = await readDocuments(rawClient, store);
      expect(documents.length).toBeLessThanOrEqual(20);
      for (const document of documents) {
        expectKeysMatchFields(document);
      }
    } finally {
      await store.close();
    }
  });

  it("two processes overlapping identities", async () => {
    const store = createStore();
    const range = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, offset) => from + offset);
    // Both start on the shared range at the same moment, and both update
    // each shared token right after saving it.
    const shared = range(100, 200);
    const plans = [
      { name: "worker-a", indexes: [...shared, ...range(0, 100)] },
      { name: "worker-b", indexes: [...shared, ...range(200, 300)] },
    ];

    try {
      const workers = plans.map((plan) =>
        startWorker({
          TOKENSTORE_MONGO_URL: url,
          WORKER_NAME: plan.name,
          WORKER_INDEXES: plan.indexes.join(","),
          WORKER_UPDATE_INDEXES: shared.join(","),
          WORKER_CONCURRENCY: "4",
          WORKER_DATABASE: databaseName,
          WORKER_COLLECTION: store.collectionName,
        }),
      );
      await Promise.all(workers.map((worker) => worker.ready));
      for (const worker of workers) {
        worker.start();
      }
      const results = await Promise.all(workers.map((worker) => worker.done));
      for (const result of results) {
        expect(result.errors).toEqual([]);
        expect(result.saves).toBe(300);
      }

      const documents = await readDocuments(rawClient, store);
      expect(documents).toHaveLength(300);
      const byUser = new Map(
        documents.map((document) => [document.userName as string, document]),
      );
      for (const index of range(0, 300)) {
        const name = String(index).padStart(3, "0");
        const document = byUser.get(`user-${name}@example.com`);
        expect(document, `token ${name}`).toBeDefined();
        if (document === undefined) {
          continue;
        }
        expect(document.clientId).toBe("shared-client");
        expect(document.refreshToken).toBe(`refresh-${name}`);
        // Each worker updates a shared token after its own full save, so an
        // update always lands last.
        const isShared = index >= 100 && index < 200;
        const version = isShared ? 2 : 1;
        expect(document.accessToken).toBe(`access-${name}-${version}`);
        expect(document.expiryTime).toBe(index * 1000 + version - 1);
        const writers = isShared
          ? ["worker-a", "worker-b"]
          : index < 100
            ? ["worker-a"]
            : ["worker-b"];
        expect(writers).toContain(document.apiDomain);
        expectKeysMatchFields(document);
      }
    } finally {
      await store.close();
    }
  });
});

interface WorkerResult {
  saves: number;
  errors: string[];
}

interface RunningWorker {
  ready: Promise<void>;
  start(): void;
  done: Promise<WorkerResult>;
}

function startWorker(env: Record<string, string>): RunningWorker {
  const child = spawn(process.execPath, ["--import", "tsx", workerPath], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith("ready\n")) {
      markReady();
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
  });

  const done = new Promise<WorkerResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      markReady();
      const lines = stdout.trim().split("\n");
      if (code !== 0) {
        reject(new Error(`worker exited with code ${code}: ${stderr}`));
        return;
      }
      resolve(JSON.parse(lines[lines.length - 1] ?? "") as WorkerResult);
    });
  });
  return {
    ready,
    start: () => child.stdin.end("go\n"),
    done,
  };
}
