import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { format } from "prettier";

import type { RunSettings, StoreName, SuiteResult } from "../harness.js";
import type { MachineInfo } from "../machine.js";
import { renderChart } from "./chart.js";
import { renderMarkdown, updatePage } from "./markdown.js";
import { evaluateTargets, type TargetResult } from "./targets.js";

export interface SuiteFailure {
  store: StoreName;
  size: number;
  message: string;
}

/** Everything one run measured, as written to benchmarks.json. */
export interface BenchReport {
  command: string;
  startedAt: string;
  wallSeconds: number;
  settings: RunSettings;
  machine: MachineInfo;
  versions: Record<string, string>;
  suites: SuiteResult[];
  failures: SuiteFailure[];
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return undefined;
    }
    throw error;
  }
}

/**
 * Writes benchmarks.json, benchmarks.svg and the generated part of
 * benchmarks.md into `directory`, keeping the page's hand-written text.
 * Returns the paths written.
 */
export async function writeReport(
  report: BenchReport,
  directory: string,
): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const targets: TargetResult[] = evaluateTargets(report.suites);

  const jsonPath = join(directory, "benchmarks.json");
  // Formatted as the repository's `pnpm format` would, so that formatting
  // the repository leaves the files alone.
  await writeFile(
    jsonPath,
    await format(JSON.stringify({ ...report, targets }), { parser: "json" }),
  );

  const svgPath = join(directory, "benchmarks.svg");
  await writeFile(
    svgPath,
    renderChart(
      report.suites,
      targets,
      `tokenstore benchmarks, ${report.startedAt.slice(0, 10)}`,
    ),
  );

  const markdownPath = join(directory, "benchmarks.md");
  const existing = await readIfPresent(markdownPath);
  await writeFile(
    markdownPath,
    await format(updatePage(existing, renderMarkdown(report, targets)), {
      parser: "markdown",
    }),
  );
  return [markdownPath, jsonPath, svgPath];
}
