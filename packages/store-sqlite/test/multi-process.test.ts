import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { makeTempDir, readRawFile } from "./helpers.js";
import { CLIENT_ID } from "./workers/token-plan.js";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const workerScript = fileURLToPath(
  new URL("./workers/save-tokens.ts", import.meta.url),
);

const TOKENS_PER_WORKER = 200;
/** Worker 1 starts this many indexes after worker 0, so half overlap. */
const SECOND_WORKER_OFFSET = 100;

let directory: ReturnType<typeof makeTempDir>;

beforeEach(() => {
  directory = makeTempDir();
});

afterEach(() => {
  directory.remove();
});

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<{ output: string; exitCode: number | null; stderr: string }>;
}

function startWorker(path: string, worker: number, first: number): Worker {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      workerScript,
      path,
      String(worker),
      String(first),
      String(TOKENS_PER_WORKER),
    ],
    { cwd: packageRoot, stdio: ["pipe", "pipe", "pipe"] },
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

describe("SqliteTokenStore across processes", () => {
  it("two writers leave no duplicates", async () => {
    const path = join(directory.path, "shared.db");
    const workers = [
      startWorker(path, 0, 0),
      startWorker(path, 1, SECOND_WORKER_OFFSET),
    ];
    await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) {
      worker.child.stdin?.end("go\n");
    }
    const results = await Promise.all(workers.map((worker) => worker.done));

    for (const result of results) {
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      const summary = JSON.parse(result.output.split("\n").at(-2) ?? "{}");
      expect(summary.failures).toEqual([]);
    }

    const rows = readRawFile(path);
    const lastIndex = SECOND_WORKER_OFFSET + TOKENS_PER_WORKER;
    expect(rows).toHaveLength(lastIndex);

    const byIndex = new Map(rows.map((row) => [row.expiryTime, row]));
    expect(byIndex.size).toBe(lastIndex);
    for (let index = 0; index < lastIndex; index += 1) {
      const row = byIndex.get(index);
      expect(row, `row for index ${index}`).toBeDefined();
      if (index % 2 === 0) {
        expect(row?.userName).toBe(`user-${index}`);
        expect(row?.refreshToken).toBeNull();
      } else {
        expect(row?.userName).toBeNull();
        expect(row?.clientId).toBe(CLIENT_ID);
        expect(row?.refreshToken).toBe(`refresh-${index}`);
      }
      const writers =
        index < SECOND_WORKER_OFFSET
          ? [0]
          : index < TOKENS_PER_WORKER
            ? [0, 1]
            : [1];
      const expected = writers.map((worker) => `access-${worker}-${index}`);
      expect(expected).toContain(row?.accessToken);
    }
  });
});
