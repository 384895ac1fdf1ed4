import { isTokenStoreError, type TokenStoreError } from "@tokenstore/core";
import { describe, expect, it } from "vitest";

import { FileTokenStore, type FileTokenStoreOptions } from "../src/index.js";

function constructionError(options: unknown): TokenStoreError {
  try {
    new FileTokenStore(options as FileTokenStoreOptions);
  } catch (error) {
    if (isTokenStoreError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error("the constructor did not throw");
}

describe("FileTokenStore options", () => {
  it.each([
    ["no options", undefined, "options must be an object"],
    ["null options", null, "options must be an object"],
    ["missing path", {}, "options.path"],
    ["empty path", { path: "" }, "options.path"],
    ["numeric path", { path: 7 }, "options.path"],
    ["path with NUL", { path: "a\u0000b" }, "NUL"],
    ["unknown option", { path: "a.json", lockStale: 1 }, '"lockStale"'],
    ["stale below 2000", { path: "a.json", lockStaleMs: 1999 }, "lockStaleMs"],
    [
      "fractional stale",
      { path: "a.json", lockStaleMs: 2500.5 },
      "lockStaleMs",
    ],
    ["string stale", { path: "a.json", lockStaleMs: "9000" }, "lockStaleMs"],
    [
      "negative timeout",
      { path: "a.json", lockTimeoutMs: -1 },
      "lockTimeoutMs",
    ],
    [
      "infinite timeout",
      { path: "a.json", lockTimeoutMs: Infinity },
      "lockTimeoutMs",
    ],
  ])("rejects %s", (_name, options, fragment) => {
    const error = constructionError(options);
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.operation).toBe("open");
    expect(error.message).toContain(fragment);
  });

  it("resolves relative path", async () => {
    const store = new FileTokenStore({ path: "relative/tokens.json" });
    expect(store.path).toBe(`${process.cwd()}/relative/tokens.json`);
    await store.close();
  });

  it("accepts valid lock options", async () => {
    const store = new FileTokenStore({
      path: "tokens.json",
      lockStaleMs: 2000,
      lockTimeoutMs: 0,
    });
    expect(store.path).toBe(`${process.cwd()}/tokens.json`);
    await store.close();
  });
});
