import { describe, expect, it } from "vitest";

import {
  matchConditions,
  requireMatchKey,
  selectMatchKey,
  tokenMatchesKey,
  mergeToken,
  type TokenInput,
} from "../src/index.js";

const credentials = { clientId: "1000.C", clientSecret: "secret" };

describe("selectMatchKey", () => {
  const cases: ReadonlyArray<readonly [string, TokenInput, unknown]> = [
    [
      "id first",
      { id: "a", userName: "u", accessToken: "t" },
      { rung: "id", id: "a" },
    ],
    [
      "userName second",
      { userName: "u", accessToken: "t" },
      { rung: "userName", userName: "u" },
    ],
    [
      "accessToken alone",
      { accessToken: "t" },
      { rung: "accessToken", accessToken: "t" },
    ],
    [
      "accessToken with clientId",
      { accessToken: "t", clientId: "1000.C" },
      null,
    ],
    [
      "accessToken with clientSecret",
      { accessToken: "t", clientSecret: "s" },
      null,
    ],
    [
      "grantToken with credentials",
      { ...credentials, grantToken: "g", refreshToken: "r" },
      { rung: "grantToken", clientId: "1000.C", grantToken: "g" },
    ],
    [
      "refreshToken with credentials",
      { ...credentials, refreshToken: "r", accessToken: "t" },
      { rung: "refreshToken", clientId: "1000.C", refreshToken: "r" },
    ],
    [
      "grantToken without clientSecret",
      { clientId: "1000.C", grantToken: "g" },
      null,
    ],
    [
      "refreshToken without clientId",
      { clientSecret: "s", refreshToken: "r" },
      null,
    ],
    ["credentials alone", { ...credentials }, null],
    ["empty query", {}, null],
    ["null fields", { id: undefined, userName: null }, null],
  ];

  for (const [label, query, expected] of cases) {
    it(label, () => {
      expect(selectMatchKey(query)).toEqual(expected);
    });
  }
});

describe("requireMatchKey", () => {
  it("throws NO_MATCH_KEY without key", () => {
    expect(() =>
      requireMatchKey({ clientSecret: "hidden-secret" }, "findToken"),
    ).toThrow(
      expect.objectContaining({ code: "NO_MATCH_KEY", operation: "findToken" }),
    );
  });
});

describe("tokenMatchesKey", () => {
  const token = mergeToken(null, {
    id: "t1",
    userName: "Ann@Example.com",
    ...credentials,
    refreshToken: "r1",
  });

  it("compares exactly", () => {
    expect(
      tokenMatchesKey(token, { rung: "userName", userName: "Ann@Example.com" }),
    ).toBe(true);
    expect(
      tokenMatchesKey(token, { rung: "userName", userName: "ann@example.com" }),
    ).toBe(false);
    expect(
      tokenMatchesKey(token, {
        rung: "userName",
        userName: "Ann@Example.com ",
      }),
    ).toBe(false);
  });

  it("needs clientId for refreshToken", () => {
    const key = {
      rung: "refreshToken",
      clientId: "1000.D",
      refreshToken: "r1",
    } as const;
    expect(tokenMatchesKey(token, key)).toBe(false);
    expect(matchConditions(key)).toEqual([
      ["clientId", "1000.D"],
      ["refreshToken", "r1"],
    ]);
  });
});
