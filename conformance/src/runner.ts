import type { TokenStore } from "@tokenstore/core";

import { CATEGORIES } from "./cases/index.js";
import type {
  CaseContext,
  CaseResult,
  ConformanceCase,
  ConformanceCategory,
  ConformanceOptions,
  RawTokenRecord,
} from "./types.js";

const DEFAULT_CASE_TIMEOUT_MS = 30_000;

/** Returns why `conformanceCase` is skipped for this store, or `undefined`. */
export function skipReason(
  options: ConformanceOptions<never>,
  conformanceCase: ConformanceCase,
): string | undefined {
  if (conformanceCase.requires === undefined) {
    return undefined;
  }
  return options.unsupported?.[conformanceCase.requires];
}

/**
 * Runs one case against a new store from `options.createStore`, then closes
 * and destroys that store whatever the outcome. Throws what the case threw.
 */
export async function runCase<Store extends TokenStore>(
  options: ConformanceOptions<Store>,
  conformanceCase: ConformanceCase,
): Promise<void> {
  const store = await options.createStore();
  try {
    const initial = await store.getTokens();
    if (initial.length > 0) {
      throw new Error(
        `createStore must return an empty store, but it contains ${initial.length} tokens. ` +
          "Give each store its own table, file or database, or clear it in createStore.",
      );
    }
    const context = createContext(options, store);
    await withTimeout(
      conformanceCase.run(context),
      options.caseTimeoutMs ?? DEFAULT_CASE_TIMEOUT_MS,
      conformanceCase.name,
    );
  } finally {
    await store.close();
    await options.destroyStore?.(store);
  }
}

function createContext<Store extends TokenStore>(
  options: ConformanceOptions<Store>,
  store: Store,
): CaseContext {
  const readRaw = options.readRaw;
  return {
    store,
    hasRawReader: readRaw !== undefined,
    async readStored(): Promise<RawTokenRecord[]> {
      if (readRaw !== undefined) {
        return readRaw(store);
      }
      return (await store.getTokens()) as unknown as RawTokenRecord[];
    },
  };
}

async function withTimeout(
  promise: Promise<void>,
  timeoutMs: number,
  name: string,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`case "${name}" timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface RunOptions {
  /** Categories to run. Default: the whole suite. */
  categories?: readonly ConformanceCategory[];
  /** Called after each case, for progress output. */
  onResult?(result: CaseResult): void;
}

/**
 * Runs the suite outside a test framework and resolves to one result per
 * case. It never rejects because a case failed.
 */
export async function runConformance<Store extends TokenStore>(
  options: ConformanceOptions<Store>,
  runOptions: RunOptions = {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const category of runOptions.categories ?? CATEGORIES) {
    for (const conformanceCase of category.cases) {
      const started = performance.now();
      const result: CaseResult = {
        category: category.name,
        name: conformanceCase.name,
        status: "passed",
        durationMs: 0,
      };
      const reason = skipReason(
        options as ConformanceOptions<never>,
        conformanceCase,
      );
      if (reason !== undefined) {
        result.status = "skipped";
        result.reason = reason;
      } else {
        try {
          await runCase(options, conformanceCase);
        } catch (error) {
          result.status = "failed";
          result.error = error;
        }
      }
      result.durationMs = performance.now() - started;
      results.push(result);
      runOptions.onResult?.(result);
    }
  }
  return results;
}
