import { setTimeout as sleep } from "node:timers/promises";

import type { MatchKey } from "@tokenstore/core";

import {
  ER_DUP_ENTRY,
  ER_LOCK_DEADLOCK,
  ER_LOCK_WAIT_TIMEOUT,
  duplicateKeyOf,
  errnoOf,
} from "./mysql-errors.js";

/** Attempts of one save that meets deadlocks or racing inserts. */
const MAX_ATTEMPTS = 50;

/**
 * Attempts of one save that meets lock wait timeouts. Each timeout already
 * waited innodb_lock_wait_timeout (50 s by default), so one rerun is enough.
 */
const MAX_LOCK_TIMEOUT_ATTEMPTS = 2;

/** Decides whether a failed save transaction runs again, for one save. */
export class SaveRetries {
  readonly #key: MatchKey;
  #attempts = 0;
  #lockTimeouts = 0;
  #retriedOtherKey = false;

  constructor(key: MatchKey) {
    this.#key = key;
  }

  /**
   * Tells whether the transaction that failed with `error` should run again,
   * and waits a moment before saying yes.
   */
  async shouldRetry(error: unknown): Promise<boolean> {
    this.#attempts += 1;
    if (this.#attempts >= MAX_ATTEMPTS) {
      return false;
    }
    switch (errnoOf(error)) {
      case ER_DUP_ENTRY: {
        // A duplicate on the match key means another save inserted the same
        // token first, so a rerun finds and updates it. A duplicate on
        // another key can also come from such a race (InnoDB checks the keys
        // in order), so it gets one rerun before it counts as a conflict.
        if (duplicateKeyOf(error) !== this.#key.rung) {
          if (this.#retriedOtherKey) {
            return false;
          }
          this.#retriedOtherKey = true;
        }
        await this.#backoff();
        return true;
      }
      case ER_LOCK_DEADLOCK:
        await this.#backoff();
        return true;
      case ER_LOCK_WAIT_TIMEOUT:
        this.#lockTimeouts += 1;
        return this.#lockTimeouts < MAX_LOCK_TIMEOUT_ATTEMPTS;
      default:
        return false;
    }
  }

  /** Waits a random time that grows with the attempt, so racing saves spread. */
  async #backoff(): Promise<void> {
    await sleep(Math.random() * Math.min(100, 2 * this.#attempts ** 2));
  }
}
