/** Median, quartiles and range of a sample. */
export interface Summary {
  count: number;
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

/**
 * Returns the `q` quantile (0 to 1) of values sorted in ascending order, by
 * linear interpolation between the closest ranks (the method R and NumPy use
 * by default).
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) {
    throw new RangeError("quantile of an empty sample is undefined");
  }
  if (!(q >= 0 && q <= 1)) {
    throw new RangeError(`quantile must be from 0 to 1, but got ${q}`);
  }
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const lowerValue = sorted[lower] as number;
  const upperValue = sorted[upper] as number;
  return lowerValue + (upperValue - lowerValue) * (position - lower);
}

/** Summarizes a sample of finite numbers. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) {
    throw new RangeError("cannot summarize an empty sample");
  }
  for (const value of values) {
    if (!Number.isFinite(value)) {
      throw new RangeError(`sample contains a non-finite value: ${value}`);
    }
  }
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
  };
}

/**
 * Divides each round's store time by the same round's reference time, so a
 * slow moment of the machine affects both sides of a ratio alike.
 */
export function roundRatios(
  storeTimes: readonly number[],
  referenceTimes: readonly number[],
): number[] {
  if (storeTimes.length !== referenceTimes.length) {
    throw new RangeError(
      `store and reference need one time per round each, but got ` +
        `${storeTimes.length} and ${referenceTimes.length}`,
    );
  }
  return storeTimes.map((storeTime, round) => {
    const referenceTime = referenceTimes[round] as number;
    if (!(referenceTime > 0) || !(storeTime > 0)) {
      throw new RangeError(
        `round ${round} has a time that is not positive ` +
          `(store ${storeTime}, reference ${referenceTime})`,
      );
    }
    return storeTime / referenceTime;
  });
}
