import { resolve } from "node:path";

import type { StoreName } from "./harness.js";

export const STORE_NAMES: readonly StoreName[] = [
  "memory",
  "file",
  "sqlite",
  "mysql",
  "mongo",
];

/**
 * Sizes each store runs at by default, chosen so the default run ends within
 * five minutes on two cores.
 *
 * - The memory store can only be filled through `saveToken`, which scans
 *   every stored token. Seeding 100,000 tokens would take hours, so it runs
 *   at the file store's sizes.
 * - FerretDB 1.24 on SQLite uses an index only for `_id`, so every other
 *   MongoDB lookup scans the collection: about 1.5 s per lookup at 10,000
 *   tokens on a loaded two-core machine. The MongoDB store runs at 1,000
 *   tokens unless --sizes requests more.
 */
export const DEFAULT_SIZES: Readonly<Record<StoreName, readonly number[]>> = {
  memory: [1_000, 10_000],
  file: [1_000, 10_000],
  sqlite: [1_000, 100_000],
  mysql: [1_000, 100_000],
  mongo: [1_000],
};

export interface BenchOptions {
  stores: StoreName[];
  /** Sizes chosen with --sizes for every store, or `undefined` for defaults. */
  sizes: number[] | undefined;
  rounds: number;
  batchMilliseconds: number;
  maxBatchOperations: number;
  seed: number;
  /** Directory that receives benchmarks.md, .json and .svg. */
  outputDirectory: string;
  /** Directory for the SQLite, JSON and CSV files of the run. */
  workDirectory: string;
  /** A benchmarks.json to render again instead of measuring. */
  fromJson: string | undefined;
  help: boolean;
}

export const USAGE = `usage: pnpm bench [options]

Measures every tokenstore store against the raw driver and the Zoho CRM
SDK's stores, and writes docs/benchmarks.md, .json and .svg.

options:
  --stores LIST     stores to run, comma-separated: ${STORE_NAMES.join(",")}
                    (default: all)
  --sizes LIST      numbers of stored tokens, comma-separated, for every
                    chosen store (default: 1000,100000 for SQLite and MySQL;
                    1000,10000 for the memory and file stores; 1000 for
                    MongoDB)
  --rounds N        measured rounds per store and size (default: 10)
  --batch-ms N      milliseconds each timed batch aims for (default: 25)
  --max-batch N     maximum operations in one batch (default: 5000)
  --seed N          seed of the random choice of tokens (default: 1)
  --output DIR      where to write benchmarks.md, .json and .svg
                    (default: docs in the repository root)
  --work-dir DIR    where to keep the run's database files
                    (default: .tmp/bench/work in the repository root)
  --from-json FILE  measure nothing; write the report again from a
                    benchmarks.json of an earlier run
  --help            print this help

environment:
  TOKENSTORE_MYSQL_URL  mysql://user:password@127.0.0.1:port/database, for
                        the MySQL store and Zoho's DBStore
  TOKENSTORE_MONGO_URL  mongodb://127.0.0.1:port/, for the MongoDB store
`;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

function parsePositiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) {
    throw new UsageError(
      `${name} needs a positive whole number, but got ${JSON.stringify(text)}.`,
    );
  }
  return value;
}

function parseStores(text: string): StoreName[] {
  const names = text.split(",").filter((name) => name !== "");
  if (names.length === 0) {
    throw new UsageError(`--stores needs a list such as sqlite,mysql.`);
  }
  for (const name of names) {
    if (!STORE_NAMES.includes(name as StoreName)) {
      throw new UsageError(
        `--stores: unknown store ${JSON.stringify(name)}. ` +
          `Choose from ${STORE_NAMES.join(", ")}.`,
      );
    }
  }
  return [...new Set(names)] as StoreName[];
}

function parseSizes(text: string): number[] {
  const parts = text.split(",").filter((part) => part !== "");
  if (parts.length === 0) {
    throw new UsageError("--sizes needs a list such as 1000,100000.");
  }
  return [
    ...new Set(parts.map((part) => parsePositiveInteger("--sizes", part))),
  ];
}

/**
 * Parses the command line. Relative paths resolve against
 * `invocationDirectory`, the directory the command was typed in. Throws
 * `UsageError` for a bad option.
 */
export function parseOptions(
  argv: readonly string[],
  repositoryRoot: string,
  invocationDirectory: string = process.cwd(),
): BenchOptions {
  const options: BenchOptions = {
    stores: [...STORE_NAMES],
    sizes: undefined,
    rounds: 10,
    batchMilliseconds: 25,
    maxBatchOperations: 5000,
    seed: 1,
    outputDirectory: resolve(repositoryRoot, "docs"),
    workDirectory: resolve(repositoryRoot, ".tmp", "bench", "work"),
    fromJson: undefined,
    help: false,
  };
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index] as string;
    const [name, inlineValue] = argument.startsWith("--")
      ? (argument.split(/=(.*)/s, 2) as [string, string | undefined])
      : [argument, undefined];
    const value = (): string => {
      if (inlineValue !== undefined) {
        return inlineValue;
      }
      index += 1;
      const next = args[index];
      if (next === undefined || next.startsWith("--")) {
        throw new UsageError(`${name} needs a value. Run with --help.`);
      }
      return next;
    };
    switch (name) {
      case "--stores":
        options.stores = parseStores(value());
        break;
      case "--sizes":
        options.sizes = parseSizes(value());
        break;
      case "--rounds":
        options.rounds = parsePositiveInteger(name, value());
        break;
      case "--batch-ms":
        options.batchMilliseconds = parsePositiveInteger(name, value());
        break;
      case "--max-batch":
        options.maxBatchOperations = parsePositiveInteger(name, value());
        break;
      case "--seed":
        options.seed = parsePositiveInteger(name, value());
        break;
      case "--output":
        options.outputDirectory = resolve(invocationDirectory, value());
        break;
      case "--work-dir":
        options.workDirectory = resolve(invocationDirectory, value());
        break;
      case "--from-json":
        options.fromJson = resolve(invocationDirectory, value());
        break;
      case "--help":
      case "-h":
        options.help = true;
        break;
      default:
        throw new UsageError(
          `unknown argument ${JSON.stringify(argument)}. Run with --help.`,
        );
    }
  }
  return options;
}

/** Returns the sizes one store runs at. */
export function sizesOf(options: BenchOptions, store: StoreName): number[] {
  return options.sizes ?? [...DEFAULT_SIZES[store]];
}
