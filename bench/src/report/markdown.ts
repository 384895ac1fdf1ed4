import {
  OPERATION_LABELS,
  type OperationResult,
  type SuiteResult,
} from "../harness.js";
import {
  formatCount,
  formatDuration,
  formatLimit,
  formatRatio,
} from "./format.js";
import type { BenchReport } from "./report.js";
import type { TargetResult } from "./targets.js";

export const GENERATED_START =
  "<!-- Written by `pnpm bench` from here to the end marker. -->";
export const GENERATED_END =
  "<!-- End of the part written by `pnpm bench`. -->";

/** Builds the page a first run creates. Later runs keep the text outside the markers. */
export function pageSkeleton(generated: string): string {
  return [
    "# Benchmarks",
    "",
    "Each number below is a median over rounds, beside a reference measured " +
      "in the same run on the same data.",
    "",
    GENERATED_START,
    generated,
    GENERATED_END,
    "",
    "## Findings",
    "",
    "Not written yet.",
    "",
  ].join("\n");
}

/** Replaces the generated part of an existing page, or makes a new page. */
export function updatePage(
  existing: string | undefined,
  generated: string,
): string {
  if (existing !== undefined) {
    const start = existing.indexOf(GENERATED_START);
    const end = existing.indexOf(GENERATED_END);
    if (start !== -1 && end > start) {
      return (
        existing.slice(0, start + GENERATED_START.length) +
        "\n" +
        generated +
        "\n" +
        existing.slice(end)
      );
    }
  }
  return pageSkeleton(generated);
}

function table(header: readonly string[], rows: readonly string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ];
}

function runSection(report: BenchReport): string[] {
  const machine = report.machine;
  return [
    "## Run",
    "",
    `- Command: \`${report.command}\``,
    `- Started: ${report.startedAt}, wall time ${report.wallSeconds.toFixed(0)} s`,
    `- CPU: ${machine.cpuModel}, ${machine.cores} cores; memory ` +
      `${machine.memoryGiB} GiB; ${machine.operatingSystem}`,
    `- Node.js ${machine.node}`,
    `- 1-minute load average: ${machine.loadAverageAtStart.toFixed(2)} at ` +
      `the start, ${machine.loadAverageAtEnd.toFixed(2)} at the end. Other ` +
      "work may have been running on the machine; a load average near the " +
      "number of cores or above means the bench shared the CPU.",
    "",
    ...table(
      ["component", "version"],
      Object.entries(report.versions).map(([name, version]) => [name, version]),
    ),
    "",
  ];
}

function methodSection(report: BenchReport): string[] {
  const settings = report.settings;
  return [
    "## Method",
    "",
    `Each store and size is one suite. A suite first times growing batches ` +
      `of each case to find how many operations take about ` +
      `${settings.batchMilliseconds} ms (at most ` +
      `${formatCount(settings.maxBatchOperations)}), discarding those times, ` +
      `then runs ${settings.rounds} rounds. A round runs one batch of every ` +
      "case of every operation, the cases of an operation on the same " +
      "randomly chosen tokens and in rotating order. Each operation is " +
      "awaited before the next, so the times are latencies.",
    "",
    "A ratio is the store's time per operation divided by the reference's " +
      "time per operation in the same round. Tables give the median over " +
      "rounds, the interquartile range (IQR) and the range; below 1 the " +
      'store is faster. "ops" is rounds × operations per batch, the ' +
      "operations behind each median.",
    "",
    "Every timed update writes a new access token, so it changes the row; " +
      "reference writes check the changed-row count the driver reports, and " +
      "after each batch the harness reads every updated token back without " +
      "the store and compares it. Each batch of inserts is deleted again " +
      "after it is checked, so a store keeps its size.",
    "",
  ];
}

function durabilitySection(suites: readonly SuiteResult[]): string[] {
  const lines = ["## Durability", ""];
  const seen = new Set<string>();
  for (const suite of suites) {
    if (seen.has(suite.store)) {
      continue;
    }
    seen.add(suite.store);
    for (const line of suite.durability) {
      lines.push(`- ${line}`);
    }
  }
  lines.push("");
  return lines;
}

function targetRows(targets: readonly TargetResult[]): string[][] {
  return targets.map((target) => [
    target.met ? "met" : "**missed**",
    target.store,
    target.size,
    OPERATION_LABELS[target.operation],
    target.comparedWith,
    formatRatio(target.measured) +
      (target.spread === undefined
        ? ""
        : ` (${formatRatio(target.spread.min)}–${formatRatio(target.spread.max)})`),
    formatLimit(target.limit),
  ]);
}

function targetsSection(targets: readonly TargetResult[]): string[] {
  const lines = ["## Targets", ""];
  if (targets.length === 0) {
    return [...lines, "No suite of this run is covered by a target.", ""];
  }
  const groups = [...new Set(targets.map((target) => target.target))];
  for (const group of groups) {
    const members = targets.filter((target) => target.target === group);
    const met = members.filter((target) => target.met).length;
    lines.push(`### ${group[0]?.toUpperCase()}${group.slice(1)}`, "");
    lines.push(`${met} of ${members.length} figures meet it.`, "");
    if (members.some((target) => target.spread === undefined)) {
      lines.push(
        "The two sizes ran in different suites, so this ratio of medians " +
          "does not cancel changes in machine load the way a per-round " +
          "ratio does.",
        "",
      );
    }
    lines.push(
      ...table(
        [
          "",
          "store",
          "tokens",
          "operation",
          "compared with",
          "median (min–max)",
          "limit",
        ],
        targetRows(members),
      ),
      "",
    );
  }
  return lines;
}

function operationRows(operation: OperationResult, rounds: number): string[][] {
  return operation.cases.map((result) => {
    const ratio = operation.ratios.find(
      (candidate) => candidate.reference === result.label,
    );
    return [
      OPERATION_LABELS[operation.operation],
      result.role === "store" ? `**${result.label}**` : result.label,
      formatDuration(result.summary.median),
      `${formatDuration(result.summary.q1)}–${formatDuration(result.summary.q3)}`,
      formatCount(rounds * result.operationsPerBatch),
      ratio === undefined ? "" : formatRatio(ratio.summary.median),
      ratio === undefined
        ? ""
        : `${formatRatio(ratio.summary.q1)}–${formatRatio(ratio.summary.q3)}`,
      ratio === undefined
        ? ""
        : `${formatRatio(ratio.summary.min)}–${formatRatio(ratio.summary.max)}`,
    ];
  });
}

function resultsSection(report: BenchReport): string[] {
  const lines = ["## Results", ""];
  for (const suite of report.suites) {
    lines.push(
      `### ${suite.store} at ${formatCount(suite.size)} tokens`,
      "",
      `Seeded in ${suite.seedSeconds.toFixed(1)} s, measured in ` +
        `${suite.runSeconds.toFixed(1)} s.`,
      "",
      ...table(
        [
          "operation",
          "case",
          "median per op",
          "IQR per op",
          "ops",
          "store / this",
          "IQR",
          "min–max",
        ],
        suite.operations.flatMap((operation) =>
          operationRows(operation, report.settings.rounds),
        ),
      ),
      "",
    );
  }
  return lines;
}

/** Builds the generated part of docs/benchmarks.md. */
export function renderMarkdown(
  report: BenchReport,
  targets: readonly TargetResult[],
): string {
  const lines = [
    "",
    ...runSection(report),
    ...methodSection(report),
    ...durabilitySection(report.suites),
    ...targetsSection(targets),
    "![Store time divided by reference time, per operation](benchmarks.svg)",
    "",
    ...resultsSection(report),
  ];
  if (report.failures.length > 0) {
    lines.push("## Failed suites", "");
    for (const failure of report.failures) {
      lines.push(
        `- ${failure.store} at ${formatCount(failure.size)} tokens: ${failure.message}`,
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}
