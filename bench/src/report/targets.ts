import {
  OPERATIONS,
  isLookup,
  type OperationName,
  type StoreName,
  type SuiteResult,
} from "../harness.js";
import type { Summary } from "../statistics.js";

/** One check of a measured figure against a target. */
export interface TargetResult {
  /** The target as the project states it. */
  target: string;
  store: StoreName;
  /** Number of stored tokens, or for scaling checks "small → large". */
  size: string;
  operation: OperationName;
  /** Denominator of the figure: a reference label, or the small size. */
  comparedWith: string;
  /** Median of the figure; it must be at most `limit`. */
  measured: number;
  limit: number;
  /** Spread of the figure over rounds, when it is a per-round ratio. */
  spread: Summary | undefined;
  met: boolean;
}

/** Reference labels that the targets name. */
export const REFERENCES = {
  sqlite: "better-sqlite3 statement",
  mysql: "mysql2 pool.execute",
  mongo: "mongodb driver",
  zohoFile: "Zoho FileStore",
  zohoDatabase: "Zoho DBStore",
} as const;

interface RatioTarget {
  target: string;
  store: StoreName;
  reference: string;
  limit: number;
  applies: (operation: OperationName, size: number) => boolean;
}

const RATIO_TARGETS: readonly RatioTarget[] = [
  {
    target: "SQLite store within 1.3x of the raw prepared statement",
    store: "sqlite",
    reference: REFERENCES.sqlite,
    limit: 1.3,
    applies: () => true,
  },
  {
    target: "MySQL store within 1.1x of the raw driver call",
    store: "mysql",
    reference: REFERENCES.mysql,
    limit: 1.1,
    applies: () => true,
  },
  {
    target: "MongoDB store within 1.1x of the raw driver call",
    store: "mongo",
    reference: REFERENCES.mongo,
    limit: 1.1,
    applies: () => true,
  },
  {
    target:
      "file store findToken at 1,000 tokens at least 50x faster than Zoho's FileStore",
    store: "file",
    reference: REFERENCES.zohoFile,
    limit: 1 / 50,
    applies: (operation, size) => isLookup(operation) && size === 1_000,
  },
  {
    target: "file store saveToken no slower than Zoho's FileStore",
    store: "file",
    reference: REFERENCES.zohoFile,
    limit: 1,
    applies: (operation) => !isLookup(operation),
  },
  {
    target: "MySQL store findToken at least 4x faster than Zoho's DBStore",
    store: "mysql",
    reference: REFERENCES.zohoDatabase,
    limit: 1 / 4,
    applies: (operation) => isLookup(operation),
  },
];

/** Limit of lookup time at the largest size over the smallest. */
export const SCALING_LIMIT = 2;

function ratioTargets(suites: readonly SuiteResult[]): TargetResult[] {
  const results: TargetResult[] = [];
  for (const target of RATIO_TARGETS) {
    for (const suite of suites) {
      if (suite.store !== target.store) {
        continue;
      }
      for (const operation of suite.operations) {
        if (!target.applies(operation.operation, suite.size)) {
          continue;
        }
        const ratio = operation.ratios.find(
          (candidate) => candidate.reference === target.reference,
        );
        if (ratio === undefined) {
          continue;
        }
        results.push({
          target: target.target,
          store: suite.store,
          size: suite.size.toLocaleString("en-US"),
          operation: operation.operation,
          comparedWith: target.reference,
          measured: ratio.summary.median,
          limit: target.limit,
          spread: ratio.summary,
          met: ratio.summary.median <= target.limit,
        });
      }
    }
  }
  return results;
}

/**
 * Compares each store's median lookup time at its largest size with its
 * smallest. The two sizes ran in different suites, so this is a ratio of
 * medians with no per-round spread, and a change in machine load between
 * the suites is not cancelled.
 */
function scalingTargets(suites: readonly SuiteResult[]): TargetResult[] {
  const results: TargetResult[] = [];
  const stores = [...new Set(suites.map((suite) => suite.store))];
  for (const store of stores) {
    const sized = suites
      .filter((suite) => suite.store === store)
      .sort((a, b) => a.size - b.size);
    const small = sized[0];
    const large = sized[sized.length - 1];
    if (small === undefined || large === undefined || small === large) {
      continue;
    }
    for (const operation of OPERATIONS.filter(isLookup)) {
      const storeMedian = (suite: SuiteResult) =>
        suite.operations
          .find((candidate) => candidate.operation === operation)
          ?.cases.find((candidate) => candidate.role === "store")?.summary
          .median;
      const smallMedian = storeMedian(small);
      const largeMedian = storeMedian(large);
      if (smallMedian === undefined || largeMedian === undefined) {
        continue;
      }
      const measured = largeMedian / smallMedian;
      results.push({
        target: `lookups at the largest size within ${SCALING_LIMIT}x of lookups at 1,000`,
        store,
        size: `${small.size.toLocaleString("en-US")} → ${large.size.toLocaleString("en-US")}`,
        operation,
        comparedWith: "store at large size / store at small size",
        measured,
        limit: SCALING_LIMIT,
        spread: undefined,
        met: measured <= SCALING_LIMIT,
      });
    }
  }
  return results;
}

/** Checks every figure that a target covers. */
export function evaluateTargets(
  suites: readonly SuiteResult[],
): TargetResult[] {
  return [...ratioTargets(suites), ...scalingTargets(suites)];
}
