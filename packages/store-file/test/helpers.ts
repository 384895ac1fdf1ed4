import {
  spawn,
  type ChildProcess,
  type SpawnOptions,
} from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterEach } from "vitest";

import { FILE_FORMAT, FILE_VERSION } from "../src/index.js";

const directories: string[] = [];

/** Makes a temporary directory that is removed after the current test. */
export async function makeTemporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "tokenstore-file-"));
  directories.push(directory);
  return directory;
}

afterEach(async () => {
  for (const directory of directories.splice(0)) {
    await rm(directory, { recursive: true, force: true });
  }
});

/** Reads the token records of a token file by parsing it without the store. */
export async function readTokenRecords(
  path: string,
): Promise<Record<string, unknown>[]> {
  const document = JSON.parse(await readFile(path, "utf8")) as {
    format: unknown;
    version: unknown;
    tokens: Record<string, unknown>[];
  };
  if (document.format !== FILE_FORMAT || document.version !== FILE_VERSION) {
    throw new Error(`${path} is not a version ${FILE_VERSION} token file`);
  }
  return document.tokens;
}

export interface WorkerResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running worker script, with its output so far. */
export interface Worker {
  child: ChildProcess;
  /** Complete lines written to stdout so far. */
  lines: string[];
  /** Resolves once the worker has written a line that matches `test`. */
  waitForLine(test: (line: string) => boolean): Promise<string>;
  /** Resolves when the worker has exited and its output is closed. */
  exited: Promise<WorkerResult>;
}

/**
 * Starts a script from test/workers with `node --import tsx`. With a
 * `command`, the script runs through that command: its arguments are
 * followed by node, the node flags, the script and `args`.
 */
export function startWorker(
  name: string,
  args: readonly string[],
  options: SpawnOptions & { command?: readonly string[] } = {},
): Worker {
  const script = fileURLToPath(new URL(`./workers/${name}`, import.meta.url));
  const nodeArgs = ["--import", "tsx", script, ...args];
  const [command, ...commandArgs] = options.command ?? [];
  const child =
    command === undefined
      ? spawn(process.execPath, nodeArgs, { ...options, stdio: "pipe" })
      : spawn(command, [...commandArgs, process.execPath, ...nodeArgs], {
          ...options,
          stdio: "pipe",
        });

  const lines: string[] = [];
  const waiters: Array<{
    test: (line: string) => boolean;
    resolve: (line: string) => void;
  }> = [];
  let stdout = "";
  let pending = "";
  let stderr = "";

  child.stdout?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    stdout += text;
    pending += text;
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));

  const exited = new Promise<WorkerResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({ code, signal, stdout, stderr }),
    );
  });

  const waitForLine = (test: (line: string) => boolean) => {
    const seen = lines.find(test);
    if (seen !== undefined) {
      return Promise.resolve(seen);
    }
    const line = new Promise<string>((resolve) =>
      waiters.push({ test, resolve }),
    );
    const early = exited.then((result) => {
      throw new Error(
        `worker ${name} exited (code ${result.code}, signal ` +
          `${result.signal}) before the expected line. stderr:\n` +
          result.stderr,
      );
    });
    return Promise.race([line, early]);
  };

  return { child, lines, waitForLine, exited };
}
