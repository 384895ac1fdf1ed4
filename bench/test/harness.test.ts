import { describe, expect, it } from "vitest";

import {
  runSuite,
  type BenchCase,
  type RunSettings,
  type Suite,
} from "../src/harness.js";
import { UnchangedWriteError, checkAffected } from "../src/write-check.js";

const SETTINGS: RunSettings = {
  rounds: 3,
  batchMilliseconds: 1,
  maxBatchOperations: 8,
  seed: 1,
};

interface Recorder {
  events: string[];
}

function recordingCase(
  label: string,
  role: BenchCase["role"],
  recorder: Recorder,
): BenchCase {
  return {
    label,
    role,
    prepare: (keys) => ({
      run: () => {
        recorder.events.push(`run ${label} ${keys.length}`);
      },
      settle: () => {
        recorder.events.push(`settle ${label}`);
      },
    }),
  };
}

function suiteOf(cases: BenchCase[]): Suite {
  return {
    store: "memory",
    size: 10,
    durability: [],
    seedSeconds: 0,
    versions: {},
    operations: { findById: cases },
    close: async () => undefined,
  };
}

describe("runSuite", () => {
  it("runs every case once per round and settles each batch", async () => {
    const recorder: Recorder = { events: [] };
    const store = recordingCase("store", "store", recorder);
    const reference = recordingCase("reference", "reference", recorder);
    const result = await runSuite(
      suiteOf([store, reference]),
      SETTINGS,
      () => undefined,
    );

    const operation = result.operations[0];
    expect(operation?.cases.map((item) => item.label)).toEqual([
      "store",
      "reference",
    ]);
    for (const item of operation?.cases ?? []) {
      expect(item.nanosecondsPerOperation).toHaveLength(SETTINGS.rounds);
    }
    const runs = recorder.events.filter((event) => event.startsWith("run"));
    const settles = recorder.events.filter((event) =>
      event.startsWith("settle"),
    );
    expect(settles).toHaveLength(runs.length);
  });

  it("rotates the order of cases from round to round", async () => {
    const recorder: Recorder = { events: [] };
    const cases = [
      recordingCase("store", "store", recorder),
      recordingCase("reference", "reference", recorder),
    ];
    await runSuite(suiteOf(cases), SETTINGS, () => undefined);
    // The last two batches of each round are the measured ones.
    const measured = recorder.events
      .filter((event) => event.startsWith("run"))
      .slice(-2 * SETTINGS.rounds)
      .map((event) => event.split(" ")[1]);
    expect(measured).toEqual([
      "store",
      "reference",
      "reference",
      "store",
      "store",
      "reference",
    ]);
  });

  it("divides store by reference time within each round", async () => {
    const recorder: Recorder = { events: [] };
    const result = await runSuite(
      suiteOf([
        recordingCase("store", "store", recorder),
        recordingCase("reference", "reference", recorder),
      ]),
      SETTINGS,
      () => undefined,
    );
    const operation = result.operations[0];
    const store = operation?.cases[0]?.nanosecondsPerOperation ?? [];
    const reference = operation?.cases[1]?.nanosecondsPerOperation ?? [];
    const ratio = operation?.ratios[0];
    expect(ratio?.reference).toBe("reference");
    ratio?.perRound.forEach((value, round) => {
      expect(value).toBe((store[round] ?? 0) / (reference[round] ?? 1));
    });
  });

  it("fails when a batch's write changed nothing", async () => {
    const unchanged: BenchCase = {
      label: "store",
      role: "store",
      prepare: () => ({
        run: () => undefined,
        settle: () => checkAffected("store update", 0),
      }),
    };
    await expect(
      runSuite(suiteOf([unchanged]), SETTINGS, () => undefined),
    ).rejects.toThrow(UnchangedWriteError);
  });

  it("passes the same keys to every case of a round", async () => {
    const seen = new Map<string, string[]>();
    const keyed = (label: string, role: BenchCase["role"]): BenchCase => ({
      label,
      role,
      prepare: (keys) => ({
        run: () => {
          const list = seen.get(label) ?? [];
          list.push(keys.join(","));
          seen.set(label, list);
        },
      }),
    });
    await runSuite(
      suiteOf([keyed("store", "store"), keyed("reference", "reference")]),
      { ...SETTINGS, batchMilliseconds: 1000 },
      () => undefined,
    );
    const storeKeys = seen.get("store")?.slice(-SETTINGS.rounds);
    const referenceKeys = seen.get("reference")?.slice(-SETTINGS.rounds);
    expect(storeKeys).toEqual(referenceKeys);
  });
});
