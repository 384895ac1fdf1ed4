import { describe, expect, it } from "vitest";

import { UsageError, parseOptions, sizesOf } from "../src/options.js";

const ROOT = "/repository";

describe("parseOptions", () => {
  it("runs every store at its default sizes without arguments", () => {
    const options = parseOptions([], ROOT);
    expect(options.stores).toEqual([
      "memory",
      "file",
      "sqlite",
      "mysql",
      "mongo",
    ]);
    expect(sizesOf(options, "file")).toEqual([1000, 10_000]);
    expect(sizesOf(options, "sqlite")).toEqual([1000, 100_000]);
    expect(options.outputDirectory).toBe("/repository/docs");
  });

  it("selects stores and sizes", () => {
    const options = parseOptions(
      ["--", "--stores", "sqlite,mysql", "--sizes=1000"],
      ROOT,
    );
    expect(options.stores).toEqual(["sqlite", "mysql"]);
    expect(sizesOf(options, "mysql")).toEqual([1000]);
  });

  it("rejects an unknown store", () => {
    expect(() => parseOptions(["--stores", "redis"], ROOT)).toThrow(UsageError);
  });

  it("rejects a size that is not a positive whole number", () => {
    expect(() => parseOptions(["--sizes", "1e3"], ROOT)).toThrow(UsageError);
    expect(() => parseOptions(["--sizes", "0"], ROOT)).toThrow(UsageError);
  });

  it("rejects an option without its value", () => {
    expect(() => parseOptions(["--rounds"], ROOT)).toThrow(/needs a value/);
  });

  it("rejects an unknown argument", () => {
    expect(() => parseOptions(["--fast"], ROOT)).toThrow(UsageError);
  });
});

describe("parseOptions paths", () => {
  it("resolves relative paths against the invocation directory", () => {
    const options = parseOptions(
      ["--output", "out", "--from-json", "old/benchmarks.json"],
      ROOT,
      "/home/user",
    );
    expect(options.outputDirectory).toBe("/home/user/out");
    expect(options.fromJson).toBe("/home/user/old/benchmarks.json");
  });
});
