import { createRandom } from "./dataset.js";
import { roundRatios, summarize, type Summary } from "./statistics.js";

/** The measured operations, in report order. */
export const OPERATIONS = [
  "findById",
  "findByUserName",
  "findByAccessToken",
  "findByRefreshToken",
  "saveInsert",
  "saveUpdate",
] as const;

export type OperationName = (typeof OPERATIONS)[number];

export const OPERATION_LABELS: Readonly<Record<OperationName, string>> = {
  findById: "findToken by id",
  findByUserName: "findToken by userName",
  findByAccessToken: "findToken by accessToken",
  findByRefreshToken: "findToken by clientId + refreshToken",
  saveInsert: "saveToken, insert",
  saveUpdate: "saveToken, update",
};

export function isLookup(operation: OperationName): boolean {
  return operation.startsWith("find");
}

/** One batch of operations, with its inputs built before the clock starts. */
export interface PreparedBatch {
  /** The timed part: one operation per key, each awaited before the next. */
  run(): Promise<void> | void;
  /**
   * Untimed: checks that each write changed the stored data and removes
   * inserted tokens, so the store keeps its size.
   */
  settle?(): Promise<void> | void;
}

/** A store or a reference doing one operation. */
export interface BenchCase {
  /** Short name, such as "SqliteTokenStore" or "better-sqlite3 statement". */
  label: string;
  role: "store" | "reference";
  /** Builds a batch over `keys`, indices of seeded tokens. Untimed. */
  prepare(keys: readonly number[]): PreparedBatch | Promise<PreparedBatch>;
}

export type StoreName = "memory" | "file" | "sqlite" | "mysql" | "mongo";

/** One store at one size, seeded and ready, with its references. */
export interface Suite {
  store: StoreName;
  size: number;
  /** Durability settings of the store and its references, one line each. */
  durability: string[];
  /** Seconds spent seeding, outside every measurement. */
  seedSeconds: number;
  /** Versions of servers and libraries that only the suite can ask for. */
  versions: Record<string, string>;
  /** The cases of each operation. The store's case comes first. */
  operations: Partial<Record<OperationName, BenchCase[]>>;
  close(): Promise<void>;
}

export interface RunSettings {
  rounds: number;
  /** Time each batch aims for, in milliseconds. */
  batchMilliseconds: number;
  /** Maximum operations in one batch. */
  maxBatchOperations: number;
  /** Seed of the key choice. */
  seed: number;
}

export interface CaseResult {
  label: string;
  role: "store" | "reference";
  operationsPerBatch: number;
  /** Nanoseconds per operation, one value per round. */
  nanosecondsPerOperation: number[];
  summary: Summary;
}

export interface RatioResult {
  /** Label of the reference that the store's time is divided by. */
  reference: string;
  /** Store time divided by reference time, one value per round. */
  perRound: number[];
  summary: Summary;
}

export interface OperationResult {
  operation: OperationName;
  cases: CaseResult[];
  ratios: RatioResult[];
}

export interface SuiteResult {
  store: StoreName;
  size: number;
  durability: string[];
  seedSeconds: number;
  runSeconds: number;
  operations: OperationResult[];
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
}

/** Runs one batch and returns its time per operation in nanoseconds. */
async function timeBatch(
  benchCase: BenchCase,
  keys: readonly number[],
): Promise<number> {
  const batch = await benchCase.prepare(keys);
  collectGarbage();
  const start = process.hrtime.bigint();
  const pending = batch.run();
  if (pending !== undefined) {
    await pending;
  }
  const elapsed = Number(process.hrtime.bigint() - start);
  await batch.settle?.();
  return elapsed / keys.length;
}

function sampleKeys(
  random: () => number,
  size: number,
  count: number,
): number[] {
  return Array.from({ length: count }, () => Math.floor(random() * size));
}

/**
 * Finds how many operations make a batch of about `batchMilliseconds`. A
 * single operation first opens connections and files. Then the batch grows
 * fourfold until it takes half the target, and one batch of the fitted size
 * refits the count with warm code and caches. No time measured here is kept.
 */
async function calibrate(
  benchCase: BenchCase,
  settings: RunSettings,
  keys: (count: number) => number[],
): Promise<number> {
  const target = settings.batchMilliseconds * 1e6;
  const fit = (perOperation: number) =>
    Math.min(
      settings.maxBatchOperations,
      Math.max(1, Math.ceil(target / Math.max(perOperation, 1))),
    );
  await timeBatch(benchCase, keys(1));
  let count = 1;
  for (;;) {
    const perOperation = await timeBatch(benchCase, keys(count));
    if (
      perOperation * count >= target / 2 ||
      count >= settings.maxBatchOperations
    ) {
      const fitted = fit(perOperation);
      return fit(await timeBatch(benchCase, keys(fitted)));
    }
    count = Math.min(settings.maxBatchOperations, count * 4);
  }
}

/** Rotates `items` left by `shift`, so each round starts with another case. */
function rotate<T>(items: readonly T[], shift: number): T[] {
  const offset = shift % items.length;
  return [...items.slice(offset), ...items.slice(0, offset)];
}

/**
 * Measures every operation of a suite. Each round runs one batch of every
 * case of every operation, the cases of an operation in rotating order and
 * on the same keys, so a ratio compares batches run moments apart.
 */
export async function runSuite(
  suite: Suite,
  settings: RunSettings,
  log: (message: string) => void,
): Promise<SuiteResult> {
  const started = performance.now();
  const random = createRandom(settings.seed ^ suite.size);
  const keys = (count: number) => sampleKeys(random, suite.size, count);
  const entries = OPERATIONS.flatMap((operation) => {
    const cases = suite.operations[operation];
    return cases === undefined || cases.length === 0
      ? []
      : [{ operation, cases }];
  });

  const counts = new Map<BenchCase, number>();
  for (const { cases } of entries) {
    for (const benchCase of cases) {
      counts.set(benchCase, await calibrate(benchCase, settings, keys));
    }
  }

  const times = new Map<BenchCase, number[]>(
    [...counts.keys()].map((benchCase) => [benchCase, []]),
  );
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const { cases } of entries) {
      const largest = Math.max(...cases.map((item) => counts.get(item) ?? 1));
      const roundKeys = keys(largest);
      for (const benchCase of rotate(cases, round)) {
        const count = counts.get(benchCase) ?? 1;
        const perOperation = await timeBatch(
          benchCase,
          roundKeys.slice(0, count),
        );
        times.get(benchCase)?.push(perOperation);
      }
    }
    log(`  round ${round + 1}/${settings.rounds} done`);
  }

  const operations = entries.map(({ operation, cases }) =>
    summarizeOperation(operation, cases, counts, times),
  );
  return {
    store: suite.store,
    size: suite.size,
    durability: suite.durability,
    seedSeconds: suite.seedSeconds,
    runSeconds: (performance.now() - started) / 1000,
    operations,
  };
}

function summarizeOperation(
  operation: OperationName,
  cases: readonly BenchCase[],
  counts: ReadonlyMap<BenchCase, number>,
  times: ReadonlyMap<BenchCase, number[]>,
): OperationResult {
  const caseResults: CaseResult[] = cases.map((benchCase) => {
    const perRound = times.get(benchCase) ?? [];
    return {
      label: benchCase.label,
      role: benchCase.role,
      operationsPerBatch: counts.get(benchCase) ?? 0,
      nanosecondsPerOperation: perRound,
      summary: summarize(perRound),
    };
  });
  const store = caseResults.find((result) => result.role === "store");
  const ratios: RatioResult[] =
    store === undefined
      ? []
      : caseResults
          .filter((result) => result.role === "reference")
          .map((reference) => {
            const perRound = roundRatios(
              store.nanosecondsPerOperation,
              reference.nanosecondsPerOperation,
            );
            return {
              reference: reference.label,
              perRound,
              summary: summarize(perRound),
            };
          });
  return { operation, cases: caseResults, ratios };
}
