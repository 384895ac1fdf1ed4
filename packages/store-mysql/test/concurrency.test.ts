import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

import type { Connection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { TokenInput } from "@tokenstore/core";

import { MysqlTokenStore } from "../src/index.js";
import {
  MYSQL_URL,
  connect,
  dropTable,
  readRawRows,
  uniqueTableName,
} from "./helpers.js";
import { CLIENT_ID } from "./workers/token-plan.js";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const workerScript = fileURLToPath(
  new URL("./workers/save-tokens.ts", import.meta.url),
);

const CONCURRENT_SAVES = 50;
const TOKENS_PER_WORKER = 200;
/** Worker 1 starts this many indexes after worker 0, so half overlap. */
const SECOND_WORKER_OFFSET = 100;

let connection: Connection;
const tables: string[] = [];

function newTable(label: string): string {
  const table = uniqueTableName(label);
  tables.push(table);
  return table;
}

beforeAll(async () => {
  connection = await connect();
});

afterAll(async () => {
  for (const table of tables) {
    await dropTable(connection, table);
  }
  await connection.end();
});

/** Saves `CONCURRENT_SAVES` variants of one identity at once. */
async function saveConcurrently(
  stores: MysqlTokenStore[],
  tokenFor: (index: number) => TokenInput,
): Promise<string[]> {
  const saved = await Promise.all(
    Array.from({ length: CONCURRENT_SAVES }, (_, index) =>
      stores[index % stores.length]!.saveToken(tokenFor(index)),
    ),
  );
  return saved.map((token) => token.id);
}

describe("MysqlTokenStore concurrency", () => {
  it("50 saves of one userName", async () => {
    const table = newTable("user");
    const store = await MysqlTokenStore.open({ uri: MYSQL_URL, table });

    const ids = await saveConcurrently([store], (index) => ({
      userName: "same@example.com",
      accessToken: `access-${index}`,
      expiryTime: index,
    }));

    const rows = await readRawRows(connection, table);
    expect(rows).toHaveLength(1);
    expect(new Set(ids)).toEqual(new Set([rows[0]?.["id"]]));
    await store.close();
  });

  it("50 saves of one refreshToken", async () => {
    const table = newTable("refresh");
    const store = await MysqlTokenStore.open({ uri: MYSQL_URL, table });

    await saveConcurrently([store], (index) => ({
      clientId: "1000.CLIENT",
      clientSecret: "secret",
      refreshToken: "1000.refresh-shared",
      accessToken: `access-${index}`,
    }));

    const rows = await readRawRows(connection, table);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.["refreshToken"]).toBe("1000.refresh-shared");
    await store.close();
  });

  it("50 saves of one grantToken", async () => {
    const table = newTable("grant");
    const store = await MysqlTokenStore.open({ uri: MYSQL_URL, table });

    // Every save also carries the same accessToken, whose unique key InnoDB
    // checks before the grant token's, so a race shows up on another key.
    await saveConcurrently([store], (index) => ({
      clientId: "1000.CLIENT",
      clientSecret: "secret",
      grantToken: "1000.grant-shared",
      accessToken: "1000.access-shared",
      expiryTime: index,
    }));

    const rows = await readRawRows(connection, table);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.["grantToken"]).toBe("1000.grant-shared");
    await store.close();
  });

  it("50 saves across three pools", async () => {
    const table = newTable("pools");
    const stores = await Promise.all(
      [1, 2, 3].map(() => MysqlTokenStore.open({ uri: MYSQL_URL, table })),
    );

    const ids = await saveConcurrently(stores, (index) => ({
      id: "shared-id",
      userName: "pools@example.com",
      accessToken: `access-${index}`,
    }));

    expect(new Set(ids)).toEqual(new Set(["shared-id"]));
    expect(await readRawRows(connection, table)).toHaveLength(1);
    await Promise.all(stores.map((store) => store.close()));
  });

  it("two processes leave the exact set", async () => {
    const table = newTable("processes");
    // Creating the table first keeps both workers' start-up short and equal.
    await (await MysqlTokenStore.open({ uri: MYSQL_URL, table })).close();
    const sharedFirst = SECOND_WORKER_OFFSET;
    const sharedEnd = TOKENS_PER_WORKER;

    const workers = [
      startWorker(table, 0, 0, sharedFirst, sharedEnd),
      startWorker(table, 1, SECOND_WORKER_OFFSET, sharedFirst, sharedEnd),
    ];
    await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) {
      worker.child.stdin?.write("go\n");
    }
    const results = await Promise.all(workers.map((worker) => worker.done));

    for (const result of results) {
      expect(result.exitCode, result.stderr).toBe(0);
      const summary = JSON.parse(result.output.trim().split("\n").pop() ?? "");
      expect(summary.failures).toEqual([]);
    }
    const rows = await readRawRows(connection, table);
    const total = TOKENS_PER_WORKER + SECOND_WORKER_OFFSET;
    expect(rows).toHaveLength(total);
    for (let index = 0; index < total; index += 1) {
      const matching = rows.filter((row) =>
        index % 2 === 0
          ? row["userName"] === `user-${index}`
          : row["clientId"] === CLIENT_ID &&
            row["refreshToken"] === `refresh-${index}`,
      );
      expect(matching, `index ${index}`).toHaveLength(1);
      const row = matching[0];
      expect(row?.["expiryTime"]).toBe(index);
      const savers =
        index < SECOND_WORKER_OFFSET
          ? [0]
          : index < TOKENS_PER_WORKER
            ? [0, 1]
            : [1];
      expect(
        savers.map((worker) => `access-${worker}-${index}`),
        `index ${index}`,
      ).toContain(row?.["accessToken"]);
    }
  });
});

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<{ output: string; exitCode: number | null; stderr: string }>;
}

function startWorker(
  table: string,
  worker: number,
  first: number,
  sharedFirst: number,
  sharedEnd: number,
): Worker {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      workerScript,
      table,
      String(worker),
      String(first),
      String(TOKENS_PER_WORKER),
      String(sharedFirst),
      String(sharedEnd),
    ],
    {
      cwd: packageRoot,
      env: { ...process.env, TOKENSTORE_MYSQL_URL: MYSQL_URL },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let output = "";
  let stderr = "";
  let signalReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    signalReady = resolve;
  });
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    output += chunk;
    if (output.startsWith("ready\n")) {
      signalReady();
    }
  });
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<{
    output: string;
    exitCode: number | null;
    stderr: string;
  }>((resolve) => {
    child.on("close", (exitCode) => {
      signalReady();
      resolve({ output, exitCode, stderr });
    });
  });
  return { child, ready, done };
}
