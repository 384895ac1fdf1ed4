import { describe, expect, it } from "vitest";

import { validateId, validateTokenInput } from "../src/index.js";

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
