import assert from "node:assert/strict";

import type { TokenInput } from "@tokenstore/core";

import { expectStoreError, snapshot } from "../assertions.js";
import { sampleToken } from "../samples.js";
import type { ConformanceCategory } from "../types.js";

const USER = "user-1@example.com";

/** Inputs that `saveToken` must reject with `INVALID_ARGUMENT`. */
const INVALID_SAVES: ReadonlyArray<readonly [string, unknown]> = [
  ["null", null],
  ["undefined", undefined],
  ["a string", "user-1@example.com"],
  ["a number", 42],
  ["an array", [USER]],
  ["numeric userName", { userName: 42 }],
  ["empty userName", { userName: "" }],
  ["empty accessToken", { userName: USER, accessToken: "" }],
  ["empty clientId", { userName: USER, clientId: "" }],
  ["object clientSecret", { userName: USER, clientSecret: { value: "x" } }],
  ["numeric redirectUrl", { userName: USER, redirectUrl: 5 }],
  ["string expiryTime", { userName: USER, expiryTime: "1733333333123" }],
  ["fractional expiryTime", { userName: USER, expiryTime: 1.5 }],
  ["NaN expiryTime", { userName: USER, expiryTime: Number.NaN }],
  ["infinite expiryTime", { userName: USER, expiryTime: Infinity }],
  ["negative expiryTime", { userName: USER, expiryTime: -1 }],
  ["unsafe expiryTime", { userName: USER, expiryTime: 2 ** 53 }],
  ["bigint expiryTime", { userName: USER, expiryTime: 10n }],
  ["Date expiryTime", { userName: USER, expiryTime: new Date(0) }],
  ["unknown field", { userName: USER, refresh_token: "1000.refresh" }],
  ["empty id", { id: "", userName: USER }],
  ["numeric id", { id: 42, userName: USER }],
  ["null id", { id: null, userName: USER }],
  ["overlong id", { id: "x".repeat(256), userName: USER }],
  ["control character in id", { id: "id\n1", userName: USER }],
  ["NUL in userName", { userName: "user\u0000@example.com" }],
  ["unpaired surrogate", { userName: "user\ud800@example.com" }],
  [
    "class instance",
    new (class Token {
      userName = USER;
    })(),
  ],
  [
    "getter field",
    {
      userName: USER,
      get accessToken() {
        return "1000.access-from-getter";
      },
    },
  ],
  ["symbol key", { userName: USER, [Symbol("scope")]: "all" }],
];

export const validation: ConformanceCategory = {
  name: "invalid input",
  cases: [
    {
      name: "invalid saves store nothing",
      async run(context) {
        const { store } = context;
        await store.saveToken(sampleToken(1));
        const before = await snapshot(context);

        for (const [label, input] of INVALID_SAVES) {
          const error = await expectStoreError(
            store.saveToken(input as TokenInput),
            "INVALID_ARGUMENT",
            `saveToken with ${label}`,
          );
          assert.equal(error.operation, "saveToken", `operation for ${label}`);
        }

        assert.deepEqual(await snapshot(context), before);
      },
    },
    {
      name: "invalid update keeps the token",
      async run(context) {
        const { store } = context;
        const saved = await store.saveToken(sampleToken(1));
        const before = await snapshot(context);

        await expectStoreError(
          store.saveToken({
            userName: saved.userName,
            accessToken: "1000.access-new",
            expiryTime: "tomorrow" as unknown as number,
          }),
          "INVALID_ARGUMENT",
          "an update with a string expiryTime",
        );
        await expectStoreError(
          store.saveToken({
            id: saved.id,
            refreshToken: 12345 as unknown as string,
          }),
          "INVALID_ARGUMENT",
          "an update with a numeric refreshToken",
        );

        assert.deepEqual(await snapshot(context), before);
        assert.deepEqual(await store.findTokenById(saved.id), saved);
      },
    },
    {
      name: "invalid lookups are rejected",
      async run({ store }) {
        await store.saveToken(sampleToken(1));
        const calls: ReadonlyArray<readonly [string, () => Promise<unknown>]> =
          [
            [
              "findToken(null)",
              () => store.findToken(null as unknown as TokenInput),
            ],
            [
              "findToken with numeric userName",
              () => store.findToken({ userName: 1 as unknown as string }),
            ],
            [
              "findToken with empty userName",
              () => store.findToken({ userName: "" }),
            ],
            [
              "findTokenById(42)",
              () => store.findTokenById(42 as unknown as string),
            ],
            ["findTokenById('')", () => store.findTokenById("")],
            [
              "findTokenById(undefined)",
              () => store.findTokenById(undefined as unknown as string),
            ],
            [
              "deleteToken(42)",
              () => store.deleteToken(42 as unknown as string),
            ],
            ["deleteToken('')", () => store.deleteToken("")],
          ];
        for (const [label, call] of calls) {
          await expectStoreError(call(), "INVALID_ARGUMENT", label);
        }
        assert.equal((await store.getTokens()).length, 1);
      },
    },
  ],
};
