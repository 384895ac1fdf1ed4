import {
  access,
  chmod,
  readFile,
  readdir,
  rm,
  writeFile,
} from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { describe, expect, it } from "vitest";

import { FileTokenStore } from "../src/index.js";
import {
  makeTemporaryDirectory,
  readTokenRecords,
  startWorker,
} from "./helpers.js";

const KILL_ROUNDS = 30;

/** uid and gid of the "nobody" user on Linux. */
const NOBODY = 65534;

const runningAsRoot = process.getuid?.() === 0;

function temporaryFiles(names: readonly string[]): string[] {
  return names.filter((name) => name.endsWith(".tmp"));
}

describe("FileTokenStore across processes", () => {
  it("survives SIGKILL during saves", async () => {
    const directory = await makeTemporaryDirectory();
    const path = join(directory, "tokens.json");
    let previous = 0;

    for (let round = 0; round < KILL_ROUNDS; round += 1) {
      const worker = startWorker("save-loop.ts", [path]);
      await worker.waitForLine((line) => line.startsWith("saved "));
      await sleep(Math.random() * 30);
      worker.child.kill("SIGKILL");
      const result = await worker.exited;
      expect(result.signal).toBe("SIGKILL");

      const reported = worker.lines
        .filter((line) => line.startsWith("saved "))
        .map((line) => Number(line.slice("saved ".length)));
      const lastReported = Math.max(...reported);

      // The file contains one complete state: the last reported save, or the
      // save in flight when the kill came.
      const records = await readTokenRecords(path);
      expect(records).toHaveLength(1);
      const counter = records[0]?.["expiryTime"] as number;
      expect(counter).toBeGreaterThanOrEqual(lastReported);
      expect(counter).toBeLessThanOrEqual(lastReported + 1);
      expect(counter).toBeGreaterThan(previous);
      expect(records[0]?.["accessToken"]).toBe(`access-${counter}`);
      expect(records[0]?.["apiDomain"]).toMatch(new RegExp(`^${counter}:x+$`));
      previous = counter;

      // Each worker removes leftovers on its first write, so only the
      // killed worker's temporary file can remain.
      expect(temporaryFiles(await readdir(directory)).length).toBeLessThan(2);

      // The killed worker cannot release its lock. A real deployment waits
      // until it is stale; the test removes it to keep the rounds short.
      await rm(`${path}.lock`, { recursive: true, force: true });
    }

    const store = new FileTokenStore({ path });
    const token = await store.findToken({ userName: "crash-test" });
    expect(token?.expiryTime).toBe(previous);
    await store.close();
  });

  it("two processes keep every save", async () => {
    const directory = await makeTemporaryDirectory();
    const path = join(directory, "tokens.json");
    const workers = ["A", "B"].map((name) =>
      startWorker("save-many.ts", [path, name]),
    );
    for (const worker of workers) {
      await worker.waitForLine((line) => line === "ready");
    }
    for (const worker of workers) {
      worker.child.stdin?.write("go\n");
    }
    const results = await Promise.all(workers.map((worker) => worker.exited));
    for (const result of results) {
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    }

    const records = await readTokenRecords(path);
    expect(records).toHaveLength(200 + 2 * 50 + 20);
    const byUserName = new Map(
      records.map((record) => [record["userName"], record]),
    );

    const reportedIds = workers.map(
      (worker) =>
        JSON.parse(worker.lines.at(-2) ?? "{}") as Record<string, string>,
    );
    for (let index = 0; index < 200; index += 1) {
      const userName = `user-${index}`;
      const record = byUserName.get(userName);
      expect(record, userName).toBeDefined();
      // Both workers updated the one record of this userName.
      expect(reportedIds[0]?.[userName]).toBe(record?.["id"]);
      expect(reportedIds[1]?.[userName]).toBe(record?.["id"]);
      // The record contains one whole save, from either worker.
      const writer = record?.["clientId"] === "client-A" ? "A" : "B";
      expect(record?.["clientId"]).toBe(`client-${writer}`);
      expect(record?.["accessToken"]).toBe(`${writer}-access-${index}`);
      expect(record?.["expiryTime"]).toBe(index);
    }

    for (const name of ["A", "B"]) {
      for (let index = 0; index < 200; index += 4) {
        const record = byUserName.get(`${name}-own-${index}`);
        expect(record?.["clientSecret"]).toBe(`${name}-secret-${index}`);
        expect(record?.["refreshToken"]).toBe(`${name}-refresh-${index}`);
      }
    }

    const accessTokens = records.map((record) => record["accessToken"]);
    for (let index = 0; index < 20; index += 1) {
      const matches = accessTokens.filter(
        (value) => value === `shared-access-${index}`,
      );
      expect(matches).toHaveLength(1);
    }
    const ids = new Set(records.map((record) => record["id"]));
    expect(ids.size).toBe(records.length);
  });

  it("file size limit fails the write", async () => {
    const directory = await makeTemporaryDirectory();
    const path = join(directory, "tokens.json");
    const store = new FileTokenStore({ path });
    await store.saveToken({ userName: "existing", accessToken: "kept" });
    await store.close();
    const before = await readFile(path);

    // A file size limit of 256 blocks (128 or 256 KiB, depending on the
    // shell) stops the 1 MB write also for root. Node ignores SIGXFSZ, so
    // the write fails with EFBIG.
    const worker = startWorker("save-once.ts", [path], {
      command: ["sh", "-c", 'ulimit -f 256 && exec "$0" "$@"'],
    });
    const result = await worker.exited;
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const outcome = JSON.parse(worker.lines[0] ?? "null");

    expect(outcome.readCount).toBe(1);
    expect(outcome.error?.code).toBe("BACKEND_ERROR");
    expect(outcome.error?.operation).toBe("saveToken");
    expect(outcome.error?.message).toContain("EFBIG");
    expect(await readFile(path)).toEqual(before);
    expect(temporaryFiles(await readdir(directory))).toEqual([]);
    await expect(access(`${path}.lock`)).rejects.toThrow();
  });

  it("read-only directory fails the write", async () => {
    const directory = await makeTemporaryDirectory();
    const path = join(directory, "tokens.json");
    const store = new FileTokenStore({ path });
    await store.saveToken({ userName: "existing", accessToken: "kept" });
    await store.close();
    const before = await readFile(path);

    // chmod does not stop root, so as root the worker runs as "nobody"
    // in a directory that only root may write.
    if (runningAsRoot) {
      await chmod(directory, 0o755);
      await chmod(path, 0o644);
    } else {
      await chmod(directory, 0o555);
    }
    const worker = startWorker(
      "save-once.ts",
      [path],
      runningAsRoot ? { uid: NOBODY, gid: NOBODY } : {},
    );
    const result = await worker.exited;
    await chmod(directory, 0o700);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const outcome = JSON.parse(worker.lines[0] ?? "null");
    expect(outcome.directoryWritable).toBe(false);
    expect(outcome.readCount).toBe(1);
    expect(outcome.error?.code).toBe("PERMISSION_DENIED");
    expect(outcome.error?.message).toContain(path);
    expect(await readFile(path)).toEqual(before);
    expect(await readdir(directory)).toEqual(["tokens.json"]);
  });
});
