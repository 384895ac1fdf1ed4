import { describe, expect, it } from "vitest";

import {
  snapshotTokenInput,
  validateId,
  validateTokenInput,
} from "../src/index.js";

function codeOf(action: () => void): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe("validateTokenInput", () => {
  const valid = [
    {},
    { userName: "u", expiryTime: 0 },
    { userName: "u", expiryTime: Number.MAX_SAFE_INTEGER },
    { userName: "u", redirectUrl: "", apiDomain: "" },
    { userName: "u", refreshToken: null, accessToken: undefined },
    { id: "x".repeat(255) },
  ];
  for (const input of valid) {
    it(`accepts ${JSON.stringify(input).slice(0, 60)}`, () => {
      expect(
        codeOf(() => validateTokenInput(input, "saveToken")),
      ).toBeUndefined();
    });
  }

  const invalid: ReadonlyArray<readonly [string, unknown]> = [
    ["null", null],
    ["array", []],
    ["number userName", { userName: 1 }],
    ["empty refreshToken", { refreshToken: "" }],
    ["fractional expiry", { expiryTime: 0.5 }],
    ["negative expiry", { expiryTime: -1 }],
    ["unsafe expiry", { expiryTime: 2 ** 53 }],
    ["string expiry", { expiryTime: "1" }],
    ["unknown field", { user_name: "u" }],
    ["null id", { id: null }],
    ["long id", { id: "x".repeat(256) }],
    ["NUL", { accessToken: "a\u0000" }],
    ["lone surrogate", { accessToken: "\udc00" }],
  ];
  for (const [label, input] of invalid) {
    it(`rejects ${label}`, () => {
      expect(codeOf(() => validateTokenInput(input, "saveToken"))).toBe(
        "INVALID_ARGUMENT",
      );
    });
  }

  it("never quotes a value", () => {
    const secret = "super-secret-refresh-token-value";
    for (const input of [
      { refreshToken: 5, accessToken: secret },
      { [secret]: "x" },
      { expiryTime: secret },
    ]) {
      try {
        validateTokenInput(input, "saveToken");
        expect.unreachable("validation must fail");
      } catch (error) {
        expect((error as Error).message).not.toContain(secret.slice(0, 12));
      }
    }
  });
});

describe("validateId", () => {
  it("rejects control characters", () => {
    expect(codeOf(() => validateId("a\tb", "findTokenById"))).toBe(
      "INVALID_ARGUMENT",
    );
  });
});

describe("validateId message", () => {
  it("names undefined plainly", () => {
    try {
      validateId(undefined, "findTokenById");
      expect.unreachable("validation must fail");
    } catch (error) {
      expect((error as Error).message).toBe(
        "findTokenById failed: id must be a string, but got undefined.",
      );
      expect((error as { detail?: string }).detail).toBe(
        "id must be a string, but got undefined.",
      );
    }
  });
});

describe("snapshotTokenInput", () => {
  it("reads a getter never", () => {
    let reads = 0;
    const token = {
      userName: "u",
      get accessToken() {
        reads += 1;
        return reads === 1 ? "valid" : 12345;
      },
    };

    expect(codeOf(() => snapshotTokenInput(token, "saveToken"))).toBe(
      "INVALID_ARGUMENT",
    );
    expect(reads).toBe(0);
  });

  it("rejects class instances", () => {
    class Token {
      userName = "u";
    }
    expect(codeOf(() => snapshotTokenInput(new Token(), "saveToken"))).toBe(
      "INVALID_ARGUMENT",
    );
    expect(
      codeOf(() =>
        snapshotTokenInput(Object.create({ userName: "u" }), "saveToken"),
      ),
    ).toBe("INVALID_ARGUMENT");
  });

  it("sees non-enumerable fields", () => {
    const token = { userName: "u" };
    Object.defineProperty(token, "id", {
      value: "x".repeat(10_000),
      enumerable: false,
    });
    expect(codeOf(() => snapshotTokenInput(token, "saveToken"))).toBe(
      "INVALID_ARGUMENT",
    );
  });

  it("rejects symbol keys", () => {
    expect(
      codeOf(() =>
        snapshotTokenInput({ userName: "u", [Symbol("x")]: 1 }, "saveToken"),
      ),
    ).toBe("INVALID_ARGUMENT");
  });

  it("copies once and normalises -0", () => {
    const input = Object.create(null) as Record<string, unknown>;
    input.userName = "u";
    input.expiryTime = -0;

    const snapshot = snapshotTokenInput(input, "saveToken");
    input.userName = "changed";

    expect(snapshot.userName).toBe("u");
    expect(Object.is(snapshot.expiryTime, 0)).toBe(true);
  });
});
