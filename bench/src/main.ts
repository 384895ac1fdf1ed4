import { readFile, rmdir } from "node:fs/promises";
import { dirname } from "node:path";

import { Dataset } from "./dataset.js";
import {
  runSuite,
  type StoreName,
  type Suite,
  type SuiteResult,
} from "./harness.js";
import {
  benchDirectory,
  describeMachine,
  libraryVersions,
  loadAverage,
} from "./machine.js";
import {
  parseOptions,
  sizesOf,
  USAGE,
  UsageError,
  type BenchOptions,
} from "./options.js";
import {
  writeReport,
  type BenchReport,
  type SuiteFailure,
} from "./report/report.js";
import { createFileSuite } from "./suites/file.js";
import { createMemorySuite } from "./suites/memory.js";
import { createSqliteSuite } from "./suites/sqlite.js";

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function requireEnvironment(name: string, store: StoreName): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new UsageError(
      `the ${store} store needs ${name}. Run the bench through ` +
        "`pnpm bench`, which starts a server on 127.0.0.1, or set it.",
    );
  }
  return value;
}

async function createSuite(
  store: StoreName,
  dataset: Dataset,
  options: BenchOptions,
): Promise<Suite> {
  switch (store) {
    case "memory":
      return createMemorySuite(dataset);
    case "file":
      return createFileSuite(dataset, options.workDirectory);
    case "sqlite":
      return createSqliteSuite(dataset, options.workDirectory);
    case "mysql": {
      const url = requireEnvironment("TOKENSTORE_MYSQL_URL", store);
      const { createMysqlSuite } = await import("./suites/mysql.js");
      return createMysqlSuite(dataset, url);
    }
    case "mongo": {
      const url = requireEnvironment("TOKENSTORE_MONGO_URL", store);
      const { createMongoSuite } = await import("./suites/mongo.js");
      return createMongoSuite(dataset, url);
    }
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const startedAt = new Date();
  const repositoryRoot = dirname(benchDirectory());
  const argv = process.argv.slice(2);
  // pnpm runs the script in bench/ and names the caller's directory in
  // INIT_CWD, which relative paths on the command line refer to.
  const options = parseOptions(
    argv,
    repositoryRoot,
    process.env["INIT_CWD"] ?? process.cwd(),
  );
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options.fromJson !== undefined) {
    const report = JSON.parse(
      await readFile(options.fromJson, "utf8"),
    ) as BenchReport;
    for (const path of await writeReport(report, options.outputDirectory)) {
      log(`wrote ${path}`);
    }
    return 0;
  }
  for (const store of options.stores) {
    if (store === "mysql") {
      requireEnvironment("TOKENSTORE_MYSQL_URL", store);
    }
    if (store === "mongo") {
      requireEnvironment("TOKENSTORE_MONGO_URL", store);
    }
  }

  const machine = describeMachine();
  const versions = libraryVersions(benchDirectory());
  const settings = {
    rounds: options.rounds,
    batchMilliseconds: options.batchMilliseconds,
    maxBatchOperations: options.maxBatchOperations,
    seed: options.seed,
  };
  const datasets = new Map<number, Dataset>();
  const results: SuiteResult[] = [];
  const failures: SuiteFailure[] = [];

  for (const store of options.stores) {
    for (const size of sizesOf(options, store)) {
      let dataset = datasets.get(size);
      if (dataset === undefined) {
        dataset = new Dataset(size);
        datasets.set(size, dataset);
      }
      log(`${store} at ${size.toLocaleString("en-US")} tokens: seeding`);
      let suite: Suite | undefined;
      try {
        suite = await createSuite(store, dataset, options);
        Object.assign(versions, suite.versions);
        log(`  seeded in ${suite.seedSeconds.toFixed(1)} s, measuring`);
        const result = await runSuite(suite, settings, log);
        log(`  measured in ${result.runSeconds.toFixed(1)} s`);
        results.push(result);
      } catch (error) {
        if (error instanceof UsageError) {
          throw error;
        }
        const message = error instanceof Error ? error.message : String(error);
        log(`  failed: ${message}`);
        if (error instanceof Error && error.stack !== undefined) {
          log(error.stack);
        }
        failures.push({ store, size, message });
      } finally {
        await suite?.close().catch((error: unknown) => {
          log(`  closing the ${store} suite failed: ${String(error)}`);
        });
      }
    }
  }
  // Each suite removes its own files; the directory goes only if empty, so a
  // --work-dir that contains other files keeps them.
  await rmdir(options.workDirectory).catch(() => undefined);

  const report: BenchReport = {
    command: ["pnpm bench", ...argv.filter((arg) => arg !== "--")].join(" "),
    startedAt: startedAt.toISOString(),
    wallSeconds: (performance.now() - started) / 1000,
    settings,
    machine: { ...machine, loadAverageAtEnd: loadAverage() },
    versions,
    suites: results,
    failures,
  };
  const written = await writeReport(report, options.outputDirectory);
  for (const path of written) {
    log(`wrote ${path}`);
  }
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      log(`error: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    log(
      error instanceof Error ? (error.stack ?? error.message) : String(error),
    );
    process.exitCode = 1;
  },
);
