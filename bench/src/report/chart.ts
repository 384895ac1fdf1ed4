import { OPERATION_LABELS, type SuiteResult } from "../harness.js";
import type { Summary } from "../statistics.js";
import { formatCount, formatRatio } from "./format.js";
import type { TargetResult } from "./targets.js";

const WIDTH = 1000;
const LABEL_WIDTH = 420;
const VALUE_WIDTH = 70;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_RIGHT = WIDTH - VALUE_WIDTH - 10;
const ROW_HEIGHT = 18;
const HEADER_HEIGHT = 70;
const GROUP_HEIGHT = 24;
const FOOTER_HEIGHT = 30;

type Row =
  | { kind: "group"; title: string }
  | {
      kind: "ratio";
      label: string;
      summary: Summary;
      limit: number | undefined;
      met: boolean | undefined;
    };

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function collectRows(
  suites: readonly SuiteResult[],
  targets: readonly TargetResult[],
): Row[] {
  const rows: Row[] = [];
  for (const suite of suites) {
    rows.push({
      kind: "group",
      title: `${suite.store}, ${formatCount(suite.size)} tokens`,
    });
    for (const operation of suite.operations) {
      for (const ratio of operation.ratios) {
        const target = targets.find(
          (candidate) =>
            candidate.store === suite.store &&
            candidate.size === formatCount(suite.size) &&
            candidate.operation === operation.operation &&
            candidate.comparedWith === ratio.reference,
        );
        rows.push({
          kind: "ratio",
          label: `${OPERATION_LABELS[operation.operation]} / ${ratio.reference}`,
          summary: ratio.summary,
          limit: target?.limit,
          met: target?.met,
        });
      }
    }
  }
  return rows;
}

/** Maps ratios to x positions on a log-10 axis of whole decades that include 1. */
function logScale(rows: readonly Row[]): {
  position: (value: number) => number;
  decades: number[];
} {
  let low = 1;
  let high = 1;
  for (const row of rows) {
    if (row.kind === "ratio") {
      low = Math.min(low, row.summary.min, row.limit ?? 1);
      high = Math.max(high, row.summary.max, row.limit ?? 1);
    }
  }
  const first = Math.floor(Math.log10(low));
  const last = Math.max(Math.ceil(Math.log10(high)), first + 1);
  const decades: number[] = [];
  for (let exponent = first; exponent <= last; exponent += 1) {
    decades.push(exponent);
  }
  const position = (value: number) =>
    PLOT_LEFT +
    ((Math.log10(value) - first) / (last - first)) * (PLOT_RIGHT - PLOT_LEFT);
  return { position, decades };
}

/**
 * Draws each store / reference ratio as a box plot on a log scale: the
 * whisker spans min to max over rounds, the box the IQR, the dark tick the
 * median, and a red tick the target's limit.
 */
export function renderChart(
  suites: readonly SuiteResult[],
  targets: readonly TargetResult[],
  title: string,
): string {
  const rows = collectRows(suites, targets);
  const { position, decades } = logScale(rows);
  const plotHeight = rows.reduce(
    (height, row) =>
      height + (row.kind === "group" ? GROUP_HEIGHT : ROW_HEIGHT),
    0,
  );
  const height = HEADER_HEIGHT + plotHeight + FOOTER_HEIGHT;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" ` +
      `viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="10" y="38" fill="#444444">Store time / reference time per ` +
      `operation, log scale. Below 1 the store is faster. Box: IQR over ` +
      `rounds; whisker: min–max; red tick: target limit.</text>`,
  ];

  const top = HEADER_HEIGHT;
  const bottom = HEADER_HEIGHT + plotHeight;
  for (const exponent of decades) {
    const value = 10 ** exponent;
    const x = position(value).toFixed(1);
    const label = exponent >= 0 ? String(value) : value.toFixed(-exponent);
    parts.push(
      `<line x1="${x}" y1="${top - 6}" x2="${x}" y2="${bottom}" ` +
        `stroke="${exponent === 0 ? "#333333" : "#dddddd"}" ` +
        `${exponent === 0 ? 'stroke-dasharray="4 3"' : ""}/>`,
      `<text x="${x}" y="${top - 10}" text-anchor="middle">${label}</text>`,
    );
  }

  let y = top;
  for (const row of rows) {
    if (row.kind === "group") {
      parts.push(
        `<text x="10" y="${y + 16}" font-weight="bold">${escapeXml(row.title)}</text>`,
      );
      y += GROUP_HEIGHT;
      continue;
    }
    const middle = y + ROW_HEIGHT / 2;
    const { min, max, q1, q3, median } = row.summary;
    let fill = "#9db7d5";
    if (row.met === true) {
      fill = "#7fc97f";
    } else if (row.met === false) {
      fill = "#f4a582";
    }
    parts.push(
      `<text x="${LABEL_WIDTH}" y="${middle + 4}" text-anchor="end">` +
        `${escapeXml(row.label)}</text>`,
      `<line x1="${position(min).toFixed(1)}" y1="${middle}" ` +
        `x2="${position(max).toFixed(1)}" y2="${middle}" stroke="#555555"/>`,
      `<rect x="${position(q1).toFixed(1)}" y="${middle - 5}" ` +
        `width="${Math.max(1, position(q3) - position(q1)).toFixed(1)}" ` +
        `height="10" fill="${fill}" stroke="#555555"/>`,
      `<line x1="${position(median).toFixed(1)}" y1="${middle - 6}" ` +
        `x2="${position(median).toFixed(1)}" y2="${middle + 6}" ` +
        `stroke="#000000" stroke-width="2"/>`,
      `<text x="${WIDTH - 10}" y="${middle + 4}" text-anchor="end">` +
        `${formatRatio(median)}</text>`,
    );
    if (row.limit !== undefined) {
      const x = position(row.limit).toFixed(1);
      parts.push(
        `<line x1="${x}" y1="${middle - 8}" x2="${x}" y2="${middle + 8}" ` +
          `stroke="#d7191c" stroke-width="2"/>`,
      );
    }
    y += ROW_HEIGHT;
  }
  parts.push(
    `<text x="10" y="${height - 10}" fill="#444444">Green: target met; ` +
      "orange: target missed; blue: no target. Written by pnpm bench.</text>",
    "</svg>",
    "",
  );
  return parts.join("\n");
}
