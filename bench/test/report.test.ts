import { describe, expect, it } from "vitest";

import type { OperationResult, SuiteResult } from "../src/harness.js";
import { renderChart } from "../src/report/chart.js";
import {
  GENERATED_END,
  GENERATED_START,
  updatePage,
} from "../src/report/markdown.js";
import { evaluateTargets } from "../src/report/targets.js";
import { summarize } from "../src/statistics.js";

function operation(
  name: OperationResult["operation"],
  storeNanoseconds: number[],
  reference: string,
  referenceNanoseconds: number[],
): OperationResult {
  const perRound = storeNanoseconds.map(
    (value, round) => value / (referenceNanoseconds[round] ?? 1),
  );
  return {
    operation: name,
    cases: [
      {
        label: "store",
        role: "store",
        operationsPerBatch: 10,
        nanosecondsPerOperation: storeNanoseconds,
        summary: summarize(storeNanoseconds),
      },
      {
        label: reference,
        role: "reference",
        operationsPerBatch: 10,
        nanosecondsPerOperation: referenceNanoseconds,
        summary: summarize(referenceNanoseconds),
      },
    ],
    ratios: [{ reference, perRound, summary: summarize(perRound) }],
  };
}

function sqliteSuite(size: number, storeNanoseconds: number): SuiteResult {
  return {
    store: "sqlite",
    size,
    durability: ["synchronous=FULL"],
    seedSeconds: 0,
    runSeconds: 1,
    operations: [
      operation(
        "findByUserName",
        [storeNanoseconds, storeNanoseconds],
        "better-sqlite3 statement",
        [1000, 1000],
      ),
    ],
  };
}

describe("updatePage", () => {
  it("replaces only the generated part", () => {
    const page = [
      "# Benchmarks",
      "intro by hand",
      GENERATED_START,
      "old numbers",
      GENERATED_END,
      "## Findings",
      "analysis by hand",
    ].join("\n");
    const updated = updatePage(page, "new numbers");
    expect(updated).toContain("intro by hand");
    expect(updated).toContain("analysis by hand");
    expect(updated).toContain("new numbers");
    expect(updated).not.toContain("old numbers");
  });

  it("creates a page with both markers when none exists", () => {
    const page = updatePage(undefined, "numbers");
    expect(page.indexOf(GENERATED_START)).toBeLessThan(page.indexOf("numbers"));
    expect(page.indexOf("numbers")).toBeLessThan(page.indexOf(GENERATED_END));
  });
});

describe("evaluateTargets", () => {
  it("checks the SQLite ratio against 1.3", () => {
    const targets = evaluateTargets([sqliteSuite(1000, 1200)]);
    const ratio = targets.find((target) => target.store === "sqlite");
    expect(ratio?.measured).toBeCloseTo(1.2, 10);
    expect(ratio?.limit).toBe(1.3);
    expect(ratio?.met).toBe(true);
  });

  it("marks a ratio above its limit as missed", () => {
    const [ratio] = evaluateTargets([sqliteSuite(1000, 1400)]);
    expect(ratio?.met).toBe(false);
  });

  it("compares lookups at the largest size with the smallest", () => {
    const targets = evaluateTargets([
      sqliteSuite(1000, 1000),
      sqliteSuite(100_000, 2500),
    ]);
    const scaling = targets.find((target) =>
      target.comparedWith.includes("large size"),
    );
    expect(scaling?.measured).toBeCloseTo(2.5, 10);
    expect(scaling?.met).toBe(false);
  });
});

describe("renderChart", () => {
  it("draws one row per ratio and escapes labels", () => {
    const svg = renderChart([sqliteSuite(1000, 1200)], [], "a < b");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("a &lt; b");
    expect(svg).toContain("findToken by userName / better-sqlite3 statement");
  });
});
