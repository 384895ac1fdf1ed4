/** Formats nanoseconds with a unit that keeps 3 significant digits. */
export function formatDuration(nanoseconds: number): string {
  if (nanoseconds >= 1e9) {
    return `${(nanoseconds / 1e9).toPrecision(3)} s`;
  }
  if (nanoseconds >= 1e6) {
    return `${(nanoseconds / 1e6).toPrecision(3)} ms`;
  }
  if (nanoseconds >= 1e3) {
    return `${(nanoseconds / 1e3).toPrecision(3)} µs`;
  }
  return `${nanoseconds.toPrecision(3)} ns`;
}

/** Formats a ratio with 3 significant digits, such as "1.08" or "0.0123". */
export function formatRatio(ratio: number): string {
  if (ratio >= 1000) {
    return ratio.toFixed(0);
  }
  return ratio.toPrecision(3);
}

export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/** Formats a limit such as 1/50 as "0.02 (50x faster)". */
export function formatLimit(limit: number): string {
  if (limit < 1) {
    return `${formatRatio(limit)} (${formatRatio(1 / limit)}x faster)`;
  }
  return formatRatio(limit);
}
