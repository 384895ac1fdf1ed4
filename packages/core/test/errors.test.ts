import { inspect } from "node:util";

import { describe, expect, it } from "vitest";

import {
  isTokenStoreError,
  redactError,
  redactText,
  TokenStoreError,
} from "../src/index.js";

const SECRET = "1000.8f7e6d5c4b3a29180716253443526170.abcdef";

describe("redactText", () => {
  it("removes whole secrets", () => {
    expect(redactText(`token ${SECRET} rejected`, [SECRET])).toBe(
      "token [redacted] rejected",
    );
  });

  it("removes a cut prefix", () => {
    const message = `Duplicate entry '${SECRET.slice(0, 30)}' for key 'user'`;
    expect(redactText(message, [SECRET])).toBe(
      "Duplicate entry '[redacted]' for key 'user'",
    );
  });

  it("ignores very short secrets", () => {
    expect(redactText("abc", ["ab"])).toBe("abc");
  });
});

describe("redactError", () => {
  it("keeps diagnostics and drops objects", () => {
    const driverError = Object.assign(
      new Error(`E11000 dup key: { "${SECRET}" }`),
      {
        code: 11000,
        keyValue: { accessToken: SECRET },
        sqlMessage: `Duplicate entry '${SECRET}'`,
      },
    );

    const redacted = redactError(driverError, [SECRET]) as Error &
      Record<string, unknown>;

    expect(redacted.message).toBe('E11000 dup key: { "[redacted]" }');
    expect(redacted.code).toBe(11000);
    expect(redacted.keyValue).toBeUndefined();
    expect(inspect(redacted, { depth: 10 })).not.toContain(SECRET.slice(0, 12));
  });
});

describe("TokenStoreError", () => {
  it("carries code, operation and cause", () => {
    const cause = new Error("socket hang up");
    const error = new TokenStoreError(
      "CONNECTION_FAILED",
      "getTokens",
      "server unreachable.",
      {
        cause,
      },
    );

    expect(error.message).toBe("getTokens failed: server unreachable.");
    expect(error.code).toBe("CONNECTION_FAILED");
    expect(error.operation).toBe("getTokens");
    expect(error.cause).toBe(cause);
    expect(isTokenStoreError(error)).toBe(true);
  });

  it("recognises a copy from another package", () => {
    const foreign = Object.assign(new Error("x"), {
      name: "TokenStoreError",
      code: "CONFLICT",
      operation: "saveToken",
    });
    expect(isTokenStoreError(foreign)).toBe(true);
    expect(isTokenStoreError(new Error("x"))).toBe(false);
  });
});
