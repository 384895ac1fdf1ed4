import { describe, expect, it } from "vitest";

import { quantile, roundRatios, summarize } from "../src/statistics.js";

describe("quantile", () => {
  it("interpolates between closest ranks", () => {
    const sorted = [1, 2, 3, 4];
    expect(quantile(sorted, 0)).toBe(1);
    expect(quantile(sorted, 0.25)).toBe(1.75);
    expect(quantile(sorted, 0.5)).toBe(2.5);
    expect(quantile(sorted, 0.75)).toBe(3.25);
    expect(quantile(sorted, 1)).toBe(4);
  });

  it("returns the only value of a single sample", () => {
    expect(quantile([7], 0.25)).toBe(7);
  });

  it("rejects an empty sample", () => {
    expect(() => quantile([], 0.5)).toThrow(RangeError);
  });

  it("rejects a quantile outside 0 to 1", () => {
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], Number.NaN)).toThrow(RangeError);
  });
});

describe("summarize", () => {
  it("reports median, quartiles and range of unsorted values", () => {
    const summary = summarize([9, 1, 5, 3, 7]);
    expect(summary.count).toBe(5);
    expect(summary.median).toBe(5);
    expect(summary.q1).toBe(3);
    expect(summary.q3).toBe(7);
    expect(summary.min).toBe(1);
    expect(summary.max).toBe(9);
  });

  it("takes the mean of the middle pair for an even count", () => {
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  it("leaves its input unsorted", () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it("rejects non-finite values", () => {
    expect(() => summarize([1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
    expect(() => summarize([Number.NaN])).toThrow(RangeError);
  });

  it("rejects an empty sample", () => {
    expect(() => summarize([])).toThrow(RangeError);
  });
});

describe("roundRatios", () => {
  it("divides each round's store time by that round's reference", () => {
    expect(roundRatios([10, 30, 8], [5, 10, 8])).toEqual([2, 3, 1]);
  });

  it("keeps a slow round from skewing the median", () => {
    // Round 2 ran while the machine was busy and is slow on both sides.
    const ratios = roundRatios([10, 100, 11], [10, 90, 10]);
    expect(summarize(ratios).median).toBeCloseTo(1.1, 10);
  });

  it("rejects rounds missing on one side", () => {
    expect(() => roundRatios([1, 2], [1])).toThrow(RangeError);
  });

  it("rejects a time that is not positive", () => {
    expect(() => roundRatios([1], [0])).toThrow(RangeError);
    expect(() => roundRatios([-1], [1])).toThrow(RangeError);
  });
});
