import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const CLI_PATH = join(packageDir, "dist", "main.js");

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `tokenstore` command. With `typescript`, node loads tsx
 * first, so store modules written in TypeScript can be imported.
 */
export function runCli(
  args: string[],
  options: { typescript?: boolean; cwd?: string } = {},
): Promise<CliResult> {
  const nodeArgs = options.typescript
    ? ["--import", "tsx", CLI_PATH]
    : [CLI_PATH];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgs, ...args],
      { cwd: options.cwd ?? packageDir, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        let status = 0;
        if (error !== null) {
          status = typeof error.code === "number" ? error.code : 1;
        }
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** Makes a temporary directory that the returned function removes. */
export function makeTempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "tokenstore-cli-"));
  return {
    path,
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
