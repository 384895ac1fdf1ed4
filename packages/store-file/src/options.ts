import { resolve } from "node:path";

import { TokenStoreError } from "@tokenstore/core";

/** Options of `FileTokenStore`. */
export interface FileTokenStoreOptions {
  /**
   * Path of the token file. A relative path resolves against the working
   * directory at construction. Missing parent directories are created on the
   * first write.
   */
  path: string;
  /**
   * Age in milliseconds after which a lock that was not refreshed counts as
   * left behind by a crashed process and is taken over. The holder refreshes
   * its lock every `lockStaleMs / 2`. At least 2000. Default 10000.
   */
  lockStaleMs?: number;
  /**
   * Maximum time in milliseconds that a save or delete waits for the lock
   * before it rejects with `TIMEOUT`. Default: twice `lockStaleMs`, so that a write
   * outlasts a lock left by a crashed process.
   */
  lockTimeoutMs?: number;
}

/** Options after validation, with defaults applied. */
export interface ResolvedOptions {
  /** Absolute path of the token file. */
  path: string;
  lockStaleMs: number;
  lockTimeoutMs: number;
}

/** proper-lockfile raises any smaller stale time to this value. */
export const MIN_LOCK_STALE_MS = 2000;
export const DEFAULT_LOCK_STALE_MS = 10_000;

/** Maximum delay that Node timers accept. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const OPTION_NAMES: ReadonlySet<string> = new Set([
  "path",
  "lockStaleMs",
  "lockTimeoutMs",
]);

function invalid(message: string): TokenStoreError {
  return new TokenStoreError("INVALID_ARGUMENT", "open", message);
}

function checkMilliseconds(
  name: string,
  value: unknown,
  minimum: number,
): number {
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < minimum ||
    value > MAX_TIMER_MS
  ) {
    throw invalid(
      `options.${name} must be a whole number of milliseconds from ` +
        `${minimum} to ${MAX_TIMER_MS}, but got ${describeValue(value)}.`,
    );
  }
  return value;
}

function describeValue(value: unknown): string {
  if (typeof value === "number") {
    return String(value);
  }
  return value === null ? "null" : `a ${typeof value}`;
}

/**
 * Checks the options of `FileTokenStore` and applies defaults. Throws
 * `INVALID_ARGUMENT` with operation "open" naming the first bad option.
 */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === null || typeof options !== "object") {
    throw invalid(
      "options must be an object with at least a path, such as " +
        '{ path: "tokens.json" }.',
    );
  }

  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw invalid(
        `unknown option ${JSON.stringify(name.slice(0, 40))}; the options ` +
          `are ${[...OPTION_NAMES].join(", ")}.`,
      );
    }
  }

  const { path, lockStaleMs, lockTimeoutMs } = options as Record<
    string,
    unknown
  >;
  if (typeof path !== "string" || path.length === 0) {
    throw invalid(
      `options.path must be a non-empty string, but got ${describeValue(path)}.`,
    );
  }
  if (path.includes("\u0000")) {
    throw invalid("options.path must not contain a NUL character.");
  }

  const staleMs =
    lockStaleMs === undefined
      ? DEFAULT_LOCK_STALE_MS
      : checkMilliseconds("lockStaleMs", lockStaleMs, MIN_LOCK_STALE_MS);
  const timeoutMs =
    lockTimeoutMs === undefined
      ? Math.min(2 * staleMs, MAX_TIMER_MS)
      : checkMilliseconds("lockTimeoutMs", lockTimeoutMs, 0);

  return {
    path: resolve(path),
    lockStaleMs: staleMs,
    lockTimeoutMs: timeoutMs,
  };
}
