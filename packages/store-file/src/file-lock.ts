import { setTimeout as sleep } from "node:timers/promises";

import {
  TokenStoreError,
  redactError,
  type TokenStoreOperation,
} from "@tokenstore/core";
import * as lockfile from "proper-lockfile";

export interface LockSettings {
  /** Directory that proper-lockfile creates as the lock. */
  lockPath: string;
  staleMs: number;
  timeoutMs: number;
}

/** An inter-process lock that this process holds. */
export interface HeldLock {
  /** Throws when the lock was lost after it was acquired. */
  assertHeld(): void;
  release(): Promise<void>;
}

/** First and maximum pause between two attempts to take a held lock. */
const FIRST_RETRY_DELAY_MS = 2;
const MAX_RETRY_DELAY_MS = 100;

function errorCode(error: unknown): unknown {
  return error instanceof Error
    ? (error as NodeJS.ErrnoException).code
    : undefined;
}

/**
 * Takes the lock on `target` with proper-lockfile, retrying with jittered
 * backoff while another process or instance holds it. Rejects with `TIMEOUT`
 * after `settings.timeoutMs`, and passes other errors on unchanged.
 */
export async function acquireFileLock(
  target: string,
  settings: LockSettings,
  operation: TokenStoreOperation,
): Promise<HeldLock> {
  const deadline = Date.now() + settings.timeoutMs;
  let delay = FIRST_RETRY_DELAY_MS;

  for (;;) {
    let lostError: Error | undefined;
    try {
      const release = await lockfile.lock(target, {
        lockfilePath: settings.lockPath,
        // The token file may not exist yet, and the caller has already
        // resolved symbolic links.
        realpath: false,
        stale: settings.staleMs,
        retries: 0,
        // The default handler throws from a timer and ends the process.
        // NOTE: no test loses a lock, because proper-lockfile notices the loss
        // only on its refresh timer, every lockStaleMs / 2.
        onCompromised: (error) => {
          lostError = error;
        },
      });
      return {
        assertHeld: () => {
          if (lostError !== undefined) {
            throw lostLockError(settings, operation, lostError);
          }
        },
        release: async () => {
          if (lostError === undefined) {
            await release();
          }
        },
      };
    } catch (error) {
      if (errorCode(error) !== "ELOCKED") {
        throw error;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw lockTimeoutError(settings, operation);
      }
      const jittered = delay / 2 + (Math.random() * delay) / 2;
      await sleep(Math.min(jittered, remaining));
      delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
    }
  }
}

function lockTimeoutError(
  settings: LockSettings,
  operation: TokenStoreOperation,
): TokenStoreError {
  return new TokenStoreError(
    "TIMEOUT",
    operation,
    `timed out after ${settings.timeoutMs} ms waiting for the lock ` +
      `${settings.lockPath}, which another process or store instance holds. ` +
      `A lock left by a crashed process is taken over once it is ` +
      `${settings.staleMs} ms old (lockStaleMs). Retry, or raise lockTimeoutMs.`,
  );
}

function lostLockError(
  settings: LockSettings,
  operation: TokenStoreOperation,
  cause: Error,
): TokenStoreError {
  return new TokenStoreError(
    "BACKEND_ERROR",
    operation,
    `the lock ${settings.lockPath} was lost before the write, because it was ` +
      `not refreshed within lockStaleMs (${settings.staleMs} ms) or another ` +
      "process removed it. The token file was not changed. Retry the " +
      "operation.",
    { cause: redactError(cause, []) },
  );
}
