import assert from "node:assert/strict";

import {
  TOKEN_FIELDS,
  type OAuthToken,
  type TokenInput,
} from "@tokenstore/core";

import { readStoredRecord } from "../assertions.js";
import { sampleToken } from "../samples.js";
import type { ConformanceCategory } from "../types.js";

/**
 * Values that break stores which build queries from strings, trim, fold case,
 * normalise Unicode or treat strings as query operators.
 */
export const TRICKY_VALUES: readonly string[] = [
  `it's "quoted"`,
  "back\\slash \\n \\\\",
  "' OR '1'='1",
  "'; DROP TABLE oauth_tokens; --",
  '{"$ne":null}',
  "$where",
  "$gt",
  "dotted.key.path",
  "%_wildcards%",
  "🔑 emoji 🚀",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 non-BMP 𠜎",
  "令牌 Токен توكن",
  "caf\u00e9",
  "cafe\u0301",
  "Token",
  "token",
  "TOKEN",
  "token ",
  "token  ",
  " token",
  "tab\tseparated",
  "line one\nline two\r\n",
  "null",
  "undefined",
  "0123",
  "1e3",
  "true",
];

/** Puts `value` in every string field, so one token exercises all of them. */
function tokenWithEverywhere(value: string): TokenInput {
  const token: Record<string, unknown> = {};
  for (const field of TOKEN_FIELDS) {
    token[field] = field === "expiryTime" ? 1_733_333_333_123 : value;
  }
  return token as TokenInput;
}

const EIGHT_KB = 8 * 1024;

export const fidelity: ConformanceCategory = {
  name: "round-trip fidelity",
  cases: [
    {
      name: "tricky values in every field",
      async run(context) {
        const { store } = context;
        const saved: OAuthToken[] = [];
        for (const value of TRICKY_VALUES) {
          saved.push(await store.saveToken(tokenWithEverywhere(value)));
        }

        assert.equal(
          new Set(saved.map((token) => token.id)).size,
          TRICKY_VALUES.length,
          "every distinct value must make its own token",
        );
        assert.equal((await context.readStored()).length, TRICKY_VALUES.length);

        for (const [index, value] of TRICKY_VALUES.entries()) {
          const token = saved[index]!;
          const label = JSON.stringify(value);
          const expected = { id: token.id, ...tokenWithEverywhere(value) };
          assert.deepEqual(token, expected, `saveToken result for ${label}`);
          assert.deepEqual(
            await store.findTokenById(token.id),
            expected,
            `findTokenById for ${label}`,
          );
          assert.deepEqual(
            await readStoredRecord(context, token.id),
            expected,
            `stored record for ${label}`,
          );
          assert.equal(
            (await store.findToken({ userName: value }))?.id,
            token.id,
            `findToken by userName ${label}`,
          );
          assert.equal(
            (await store.findToken({ accessToken: value }))?.id,
            token.id,
            `findToken by accessToken ${label}`,
          );
          assert.equal(
            (
              await store.findToken({
                clientId: value,
                clientSecret: value,
                refreshToken: value,
              })
            )?.id,
            token.id,
            `findToken by refreshToken ${label}`,
          );
        }
      },
    },
    {
      name: "8 KB values in every field",
      requires: "largeValues",
      async run(context) {
        const { store } = context;
        const shared = "k".repeat(EIGHT_KB - 1);
        const ascii = [`${shared}a`, `${shared}b`];
        const wide = "🔑".repeat(EIGHT_KB / 2);

        const saved: OAuthToken[] = [];
        for (const value of [...ascii, wide]) {
          saved.push(await store.saveToken(tokenWithEverywhere(value)));
        }

        assert.equal((await context.readStored()).length, 3);
        for (const [index, value] of [...ascii, wide].entries()) {
          const token = saved[index]!;
          const label = `value ${index + 1} (${value.length} UTF-16 units)`;
          const expected = { id: token.id, ...tokenWithEverywhere(value) };
          assert.deepEqual(
            await store.findTokenById(token.id),
            expected,
            `findTokenById for ${label}`,
          );
          assert.deepEqual(
            await readStoredRecord(context, token.id),
            expected,
            `stored record for ${label}`,
          );
          assert.equal(
            (await store.findToken({ userName: value }))?.id,
            token.id,
            `findToken by userName for ${label}`,
          );
          assert.equal(
            (
              await store.findToken({
                clientId: value,
                clientSecret: value,
                grantToken: value,
              })
            )?.id,
            token.id,
            `findToken by grantToken for ${label}`,
          );
        }
      },
    },
    {
      name: "expiry times are exact",
      async run(context) {
        const { store } = context;
        const expiries = [
          0,
          1,
          1_733_333_333_123,
          1_733_333_333_999,
          32_503_680_000_000,
          Number.MAX_SAFE_INTEGER,
        ];

        for (const [index, expiryTime] of expiries.entries()) {
          const saved = await store.saveToken(
            sampleToken(index, { expiryTime }),
          );
          const found = await store.findTokenById(saved.id);
          const record = await readStoredRecord(context, saved.id);

          assert.equal(saved.expiryTime, expiryTime, `saved ${expiryTime}`);
          assert.equal(found?.expiryTime, expiryTime, `found ${expiryTime}`);
          assert.equal(typeof found?.expiryTime, "number");
          assert.equal(record.expiryTime, expiryTime, `stored ${expiryTime}`);
        }

        const negativeZero = await store.saveToken(
          sampleToken(99, { expiryTime: -0 }),
        );
        const found = await store.findTokenById(negativeZero.id);
        assert.ok(Object.is(negativeZero.expiryTime, 0), "-0 is saved as 0");
        assert.ok(Object.is(found?.expiryTime, 0), "-0 is read back as 0");
      },
    },
    {
      name: "empty optional strings kept",
      async run(context) {
        const { store } = context;

        const saved = await store.saveToken(
          sampleToken(1, { redirectUrl: "", apiDomain: "" }),
        );

        const found = await store.findTokenById(saved.id);
        assert.equal(
          found?.redirectUrl,
          "",
          "redirectUrl must stay empty, not null",
        );
        assert.equal(
          found?.apiDomain,
          "",
          "apiDomain must stay empty, not null",
        );
        const record = await readStoredRecord(context, saved.id);
        assert.equal(record.redirectUrl, "");
      },
    },
  ],
};
