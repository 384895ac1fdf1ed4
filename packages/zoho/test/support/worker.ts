import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

import type { SdkDriver, TokenOptions } from "./sdk-driver.js";
import type { StoreConfig } from "./stores.js";

export interface WorkerRequest {
  sdk: SdkDriver["name"];
  store: StoreConfig;
  apiUrl: string;
  accountsUrl: string;
  resourcePath: string;
  token: TokenOptions;
}

/** What the worker printed: the current user's emails, or the error. */
export type WorkerResult =
  | { emails: string[] }
  | { error: { name: string; code: string | null; message: string } };

const packageRoot = fileURLToPath(new URL("../..", import.meta.url));
const workerScript = fileURLToPath(
  new URL("../workers/sdk-session.ts", import.meta.url),
);
const networkGuard = fileURLToPath(
  new URL("./install-network-guard.ts", import.meta.url),
);

/**
 * Runs `test/workers/sdk-session.ts` in a new Node.js process with the
 * network guard loaded, and resolves to what it printed. Rejects when the
 * worker exits with a non-zero code, which it does after a blocked
 * connection too.
 */
export function runWorker(request: WorkerRequest): Promise<WorkerResult> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      networkGuard,
      workerScript,
      JSON.stringify(request),
    ],
    { cwd: packageRoot, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exitCode, signal) => {
      if (exitCode !== 0) {
        reject(
          new Error(
            `Worker exited with code ${String(exitCode)} ` +
              `(signal ${String(signal)}): ${stderr}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(stdout) as WorkerResult);
    });
  });
}
