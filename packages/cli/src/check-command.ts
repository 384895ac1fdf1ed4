import { writeFile } from "node:fs/promises";

import {
  runConformance,
  type ConformanceOptions,
} from "@tokenstore/conformance";
import type { TokenStore } from "@tokenstore/core";

import {
  checkReportJson,
  checkReportJunit,
  formatCheckReport,
  summarize,
} from "./check-report.js";
import type { Output } from "./output.js";
import type { StoreHandle } from "./store-spec.js";

export interface CheckFlags {
  /** Run even when the store already contains tokens, which the suite deletes. */
  force: boolean;
  jsonPath?: string;
  junitPath?: string;
}

async function countTokens(store: TokenStore): Promise<number> {
  try {
    return (await store.getTokens()).length;
  } finally {
    await store.close();
  }
}

/**
 * Builds suite options for a store name. A store whose every `open()` is new
 * and empty is used as it is. A persistent store is cleared before each case,
 * because the cases share its table, file or collection.
 */
async function suiteOptions(handle: StoreHandle): Promise<ConformanceOptions> {
  if (handle.loadModule !== undefined) {
    return handle.loadModule();
  }
  if (handle.fresh) {
    return { createStore: () => handle.open() };
  }
  return {
    async createStore() {
      const store = await handle.open();
      await store.deleteTokens();
      return store;
    },
  };
}

/** Runs the conformance suite against a store and reports. Resolves to the exit status. */
export async function checkCommand(
  handle: StoreHandle,
  flags: CheckFlags,
  output: Output,
): Promise<number> {
  const options = await suiteOptions(handle);

  const existing = await countTokens(
    handle.loadModule === undefined
      ? await handle.open()
      : await options.createStore(),
  );
  if (existing > 0 && !flags.force) {
    output.error(
      `${handle.label} contains ${existing} ${existing === 1 ? "token" : "tokens"}. ` +
        "The check deletes every token in the store, " +
        "so point it at an empty store, or pass --force to delete them.",
    );
    return 2;
  }

  const started = performance.now();
  let caseNumber = 0;
  const total = (await import("@tokenstore/conformance")).CATEGORIES.reduce(
    (sum, category) => sum + category.cases.length,
    0,
  );
  output.error(`Checking ${handle.label} with ${total} conformance cases`);
  const results = await runConformance(options, {
    onResult(result) {
      caseNumber += 1;
      const mark =
        result.status === "passed"
          ? "ok  "
          : result.status === "failed"
            ? "FAIL"
            : "skip";
      output.error(
        `[${caseNumber}/${total}] ${mark} ${result.category} > ${result.name}`,
      );
    },
  });
  const durationMs = performance.now() - started;

  if (!handle.fresh && handle.loadModule === undefined) {
    const store = await handle.open();
    await store.deleteTokens();
    await store.close();
  }

  output.write(formatCheckReport(handle.label, results));
  if (flags.jsonPath !== undefined) {
    await writeFile(
      flags.jsonPath,
      checkReportJson(handle.label, results, durationMs),
    );
    output.error(`Wrote JSON report to ${flags.jsonPath}`);
  }
  if (flags.junitPath !== undefined) {
    await writeFile(flags.junitPath, checkReportJunit(handle.label, results));
    output.error(`Wrote JUnit report to ${flags.junitPath}`);
  }
  return summarize(results).failed > 0 ? 1 : 0;
}
