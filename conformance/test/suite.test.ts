import { describe, expect, it } from "vitest";

import { runConformance, type CaseResult } from "../src/index.js";
import { FixtureStore, type Defect } from "./fixtures/fixture-store.js";

function failedNames(results: CaseResult[]): string[] {
  return results
    .filter((result) => result.status === "failed")
    .map((result) => `${result.category} > ${result.name}`);
}

async function runWith(defect?: Defect, withRawReader = true) {
  return runConformance({
    createStore: () => new FixtureStore(defect),
    readRaw: withRawReader
      ? async (store) =>
          (store as FixtureStore).records.map((token) => ({ ...token }))
      : undefined,
  });
}

describe("conformance suite", () => {
  it("passes a correct store", async () => {
    const results = await runWith();

    expect(failedNames(results)).toEqual([]);
    expect(results.length).toBeGreaterThan(40);
    expect(results.every((result) => result.status === "passed")).toBe(true);
  });

  const defects: ReadonlyArray<readonly [Defect, string[]]> = [
    [
      "insertsInsteadOfUpserting",
      [
        "upsert > same userName updates in place",
        "upsert > concurrent saves of one userName",
        "partial saves > refresh keeps omitted fields",
      ],
    ],
    ["truncatesValues", ["round-trip fidelity > 8 KB values in every field"]],
    ["trimsValues", ["round-trip fidelity > tricky values in every field"]],
    [
      "matchesCaseInsensitively",
      [
        "match rule > matching is exact",
        "round-trip fidelity > tricky values in every field",
      ],
    ],
    [
      "throwsOnMiss",
      [
        "basics > findTokenById miss returns null",
        "basics > findToken miss returns null",
      ],
    ],
    [
      "returnsSharedObjects",
      ["returned objects are copies > changing a result changes nothing"],
    ],
    [
      "erasesOmittedFields",
      [
        "partial saves > refresh keeps omitted fields",
        "partial saves > undefined keeps the stored value",
      ],
    ],
    ["matchesFirstRowWithoutKey", ["match rule > no usable key never matches"]],
    [
      "losesConcurrentSaves",
      [
        "upsert > concurrent saves of one userName",
        "upsert > concurrent saves of one grantToken",
      ],
    ],
  ];

  for (const [defect, expectedFailures] of defects) {
    it(`reports a store that ${defect.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`, async () => {
      const failed = failedNames(await runWith(defect));

      for (const name of expectedFailures) {
        expect(failed).toContain(name);
      }
    });
  }

  it("reads back through getTokens without raw reader", async () => {
    const results = await runWith(undefined, false);

    expect(failedNames(results)).toEqual([]);
  });

  it("catches a store that stores differently than it reads", async () => {
    const results = await runConformance({
      createStore: () => new FixtureStore(),
      readRaw: async (store) =>
        (store as FixtureStore).records.map((token) => ({
          ...token,
          accessToken: token.accessToken?.trim() ?? null,
        })),
    });

    expect(failedNames(results)).toContain(
      "round-trip fidelity > tricky values in every field",
    );
  });

  it("skips cases a store declares unsupported", async () => {
    const results = await runConformance({
      createStore: () => new FixtureStore("truncatesValues"),
      unsupported: { largeValues: "values are capped at 4 KB" },
    });

    const skipped = results.filter((result) => result.status === "skipped");
    expect(skipped.map((result) => result.name)).toEqual([
      "8 KB values in every field",
    ]);
    expect(skipped[0]?.reason).toBe("values are capped at 4 KB");
    expect(failedNames(results)).toEqual([]);
  });

  it("fails a factory that returns a non-empty store", async () => {
    const shared = new FixtureStore();
    await shared.saveToken({ userName: "left-over@example.com" });
    const results = await runConformance({
      createStore: () => {
        const store = new FixtureStore();
        store.records.push(...shared.records);
        return store;
      },
    });

    expect(results.every((result) => result.status === "failed")).toBe(true);
    expect(String((results[0]?.error as Error).message)).toMatch(/empty store/);
  });
});
