import type { TokenStore } from "@tokenstore/core";

/**
 * Things a store may be unable to do. A store that declares one unsupported
 * skips the cases that need it, and each skipped case reports the reason.
 */
export type Capability =
  /** Saves of one identity issued at the same time leave one record. */
  | "concurrentSaves"
  /** Values of 8 KB and more in every field, including key fields. */
  | "largeValues";

/** A record as the backend physically stores it, keyed by token field name. */
export type RawTokenRecord = Record<string, unknown>;

export interface ConformanceOptions<Store extends TokenStore = TokenStore> {
  /** Makes a new, empty store. Called once per case. */
  createStore(): Store | Promise<Store>;

  /**
   * Reads what the backend holds for `store`, without going through the
   * store's own read path, and maps each record to the token field names
   * (`id`, `userName`, ..., `expiryTime` as a number). With it, the suite
   * checks what was stored and not only what the store reads back.
   */
  readRaw?(store: Store): Promise<RawTokenRecord[]>;

  /** Drops what `createStore` made (a table, a file). Runs after `close()`. */
  destroyStore?(store: Store): void | Promise<void>;

  /** Capabilities the store lacks, each with the reason shown on skipped cases. */
  unsupported?: Partial<Record<Capability, string>>;

  /** Time limit for one case, in milliseconds. Default 30,000. */
  caseTimeoutMs?: number;
}

export interface CaseContext {
  readonly store: TokenStore;
  /** Whether the store's author gave a raw reader. */
  readonly hasRawReader: boolean;
  /**
   * Reads the stored records with the raw reader, or with `getTokens()` when
   * the author gave none.
   */
  readStored(): Promise<RawTokenRecord[]>;
}

export interface ConformanceCase {
  readonly name: string;
  readonly requires?: Capability;
  run(context: CaseContext): Promise<void>;
}

export interface ConformanceCategory {
  readonly name: string;
  readonly cases: readonly ConformanceCase[];
}

export type CaseStatus = "passed" | "failed" | "skipped";

export interface CaseResult {
  category: string;
  name: string;
  status: CaseStatus;
  /** Reason the case was skipped. */
  reason?: string;
  /** Error thrown by a failed case. */
  error?: unknown;
  durationMs: number;
}
