import { inspect } from "node:util";

import type { CaseResult } from "@tokenstore/conformance";

import { formatTable } from "./token-format.js";

const MAX_VALUE_LENGTH = 400;

export interface FailureDetail {
  message: string;
  expected?: string;
  actual?: string;
}

function formatValue(value: unknown): string {
  const text = inspect(value, { depth: 4, breakLength: Infinity });
  return text.length > MAX_VALUE_LENGTH
    ? `${text.slice(0, MAX_VALUE_LENGTH)}...`
    : text;
}

/** Extracts the message and, for assertion errors, the expected and actual values. */
export function describeFailure(error: unknown): FailureDetail {
  if (!(error instanceof Error)) {
    return { message: String(error) };
  }
  const detail: FailureDetail = { message: error.message.split("\n")[0] ?? "" };
  if ("expected" in error && "actual" in error) {
    detail.expected = formatValue(error.expected);
    detail.actual = formatValue(error.actual);
  }
  return detail;
}

export interface CheckSummary {
  passed: number;
  failed: number;
  skipped: number;
}

export function summarize(results: CaseResult[]): CheckSummary {
  return {
    passed: results.filter((result) => result.status === "passed").length,
    failed: results.filter((result) => result.status === "failed").length,
    skipped: results.filter((result) => result.status === "skipped").length,
  };
}

function groupByCategory(results: CaseResult[]): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>();
  for (const result of results) {
    const group = groups.get(result.category) ?? [];
    group.push(result);
    groups.set(result.category, group);
  }
  return groups;
}

/** Formats the text report: one table per category, then failure details. */
export function formatCheckReport(
  storeLabel: string,
  results: CaseResult[],
): string {
  const sections: string[] = [];
  for (const [category, group] of groupByCategory(results)) {
    const counts = summarize(group);
    const rows = group.map((result) => [
      result.status === "failed" ? "FAILED" : result.status,
      result.name,
      result.status === "skipped"
        ? `reason: ${result.reason ?? ""}`
        : `${Math.round(result.durationMs)} ms`,
    ]);
    sections.push(
      `${category}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n` +
        formatTable(["status", "case", "time"], rows),
    );
  }

  const failures = results.filter((result) => result.status === "failed");
  if (failures.length > 0) {
    const details = failures.map((result) => {
      const detail = describeFailure(result.error);
      const lines = [
        `${result.category} > ${result.name}`,
        `  ${detail.message}`,
      ];
      if (detail.expected !== undefined) {
        lines.push(
          `  expected: ${detail.expected}`,
          `  actual:   ${detail.actual}`,
        );
      }
      return lines.join("\n");
    });
    sections.push(`Failures\n\n${details.join("\n\n")}`);
  }

  const total = summarize(results);
  sections.push(
    `Store: ${storeLabel}\nResult: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`,
  );
  return `${sections.join("\n\n")}\n`;
}

/** Builds the JSON report. */
export function checkReportJson(
  storeLabel: string,
  results: CaseResult[],
  durationMs: number,
): string {
  return `${JSON.stringify(
    {
      store: storeLabel,
      durationMs: Math.round(durationMs),
      summary: summarize(results),
      results: results.map((result) => ({
        category: result.category,
        name: result.name,
        status: result.status,
        durationMs: Math.round(result.durationMs),
        ...(result.reason === undefined ? {} : { reason: result.reason }),
        ...(result.status === "failed"
          ? { failure: describeFailure(result.error) }
          : {}),
      })),
    },
    null,
    2,
  )}\n`;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

function seconds(milliseconds: number): string {
  return (milliseconds / 1000).toFixed(3);
}

/** Builds a JUnit XML report, one test suite per category. */
export function checkReportJunit(
  storeLabel: string,
  results: CaseResult[],
): string {
  const total = summarize(results);
  const totalTime = results.reduce((sum, result) => sum + result.durationMs, 0);
  const suites: string[] = [];
  for (const [category, group] of groupByCategory(results)) {
    const counts = summarize(group);
    const time = group.reduce((sum, result) => sum + result.durationMs, 0);
    const cases = group.map((result) => {
      const open = `    <testcase classname="${escapeXml(category)}" name="${escapeXml(result.name)}" time="${seconds(result.durationMs)}"`;
      if (result.status === "skipped") {
        return `${open}>\n      <skipped message="${escapeXml(result.reason ?? "")}"/>\n    </testcase>`;
      }
      if (result.status === "failed") {
        const detail = describeFailure(result.error);
        const body = [
          detail.message,
          detail.expected && `expected: ${detail.expected}`,
          detail.actual && `actual: ${detail.actual}`,
        ]
          .filter(Boolean)
          .join("\n");
        return `${open}>\n      <failure message="${escapeXml(detail.message)}">${escapeXml(body)}</failure>\n    </testcase>`;
      }
      return `${open}/>`;
    });
    suites.push(
      `  <testsuite name="${escapeXml(category)}" tests="${group.length}" failures="${counts.failed}" errors="0" skipped="${counts.skipped}" time="${seconds(time)}">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="tokenstore check ${escapeXml(storeLabel)}" tests="${results.length}" failures="${total.failed}" errors="0" skipped="${total.skipped}" time="${seconds(totalTime)}">\n` +
    `${suites.join("\n")}\n</testsuites>\n`
  );
}
