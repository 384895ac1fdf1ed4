/**
 * Checks that every timed write changes the stored data. SQLite and InnoDB
 * skip the work of an update that writes the values a row already has, so
 * such a write would time nothing real.
 */

/** A timed write that did not change what it should have. */
export class UnchangedWriteError extends Error {
  override readonly name = "UnchangedWriteError";
}

/**
 * Throws unless a write reports exactly `expected` changed rows or
 * documents: SQLite's `changes`, MySQL's `changedRows` or MongoDB's
 * `modifiedCount` and `insertedCount`.
 */
export function checkAffected(
  label: string,
  affected: number,
  expected = 1,
): void {
  if (affected !== expected) {
    throw new UnchangedWriteError(
      `${label}: the write changed ${affected} rows, but ${expected} were ` +
        "expected. A write that changes nothing measures nothing.",
    );
  }
}

/**
 * The value each updated token should hold. `next` hands out a new value for
 * a key and refuses to hand out the stored one, and `confirm` compares what
 * the database returns after the writes.
 */
export class WriteLedger {
  readonly #expected = new Map<string, string>();
  readonly #prefix: string;
  #sequence = 0;

  /** `prefix` starts every value, so values of two ledgers never collide. */
  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  /** Records the value a key has before any timed write, such as a seed. */
  record(key: string, value: string): void {
    this.#expected.set(key, value);
  }

  /** The value the key should hold now, or `undefined` if never recorded. */
  expected(key: string): string | undefined {
    return this.#expected.get(key);
  }

  /** Returns a new value for `key`, different from the one it has. */
  next(key: string): string {
    this.#sequence += 1;
    const value = `${this.#prefix}-${this.#sequence}`;
    this.plan(key, value);
    return value;
  }

  /**
   * Records `value` as the next write to `key`. Throws when the key already
   * has that value, because the write would change nothing.
   */
  plan(key: string, value: string): void {
    if (this.#expected.get(key) === value) {
      throw new UnchangedWriteError(
        `the planned write to ${key} repeats the value it has, so it ` +
          "would change nothing.",
      );
    }
    this.#expected.set(key, value);
  }

  /** Throws unless `actual`, read back from the database, is the last write. */
  confirm(label: string, key: string, actual: string | null | undefined): void {
    const expected = this.#expected.get(key);
    if (expected === undefined) {
      throw new UnchangedWriteError(
        `${label}: no write to ${key} was planned, so none can be confirmed.`,
      );
    }
    if (actual !== expected) {
      throw new UnchangedWriteError(
        `${label}: ${key} has ${JSON.stringify(actual)} after the writes, ` +
          `but the last write set ${JSON.stringify(expected)}.`,
      );
    }
  }
}
