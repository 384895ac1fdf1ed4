import assert from "node:assert/strict";
import { inspect } from "node:util";

import type { TokenInput } from "@tokenstore/core";

import { expectStoreError } from "../assertions.js";
import type { ConformanceCategory } from "../types.js";

/**
 * Secrets with distinct heads, so the check also catches a message that
 * quotes only the start of a value, as some drivers do.
 */
const SECRETS = {
  clientSecret: "CS-9f8e7d6c5b4a-client-secret-value-0001",
  grantToken: "GT-1a2b3c4d5e6f-grant-token-value-0002",
  refreshToken: "RT-0f1e2d3c4b5a-refresh-token-value-0003",
  accessToken: "AT-5a4b3c2d1e0f-access-token-value-0004",
};
const SECRET_HEAD_LENGTH = 16;

function assertNoSecret(error: unknown, label: string): void {
  const text = [
    String(error),
    error instanceof Error ? (error.stack ?? "") : "",
    inspect(error, { depth: 10, showHidden: false }),
  ].join("\n");
  for (const [field, secret] of Object.entries(SECRETS)) {
    assert.ok(
      !text.includes(secret.slice(0, SECRET_HEAD_LENGTH)),
      `${label}: the error shows the ${field} value`,
    );
  }
}

export const errors: ConformanceCategory = {
  name: "errors",
  cases: [
    {
      name: "errors carry code and operation",
      async run({ store }) {
        const error = await expectStoreError(
          store.saveToken({ userName: 5 as unknown as string }),
          "INVALID_ARGUMENT",
        );

        assert.equal(error.name, "TokenStoreError");
        assert.equal(error.operation, "saveToken");
        assert.ok(
          error.message.includes("userName"),
          "the message must name the field",
        );
      },
    },
    {
      name: "no secret in any error",
      async run({ store }) {
        await store.saveToken({
          userName: "owner@example.com",
          ...SECRETS,
          clientId: "1000.C",
        });

        const failures: ReadonlyArray<readonly [string, string, TokenInput]> = [
          [
            "invalid expiryTime",
            "INVALID_ARGUMENT",
            { userName: "x@example.com", ...SECRETS, expiryTime: -5 },
          ],
          [
            "unknown field",
            "INVALID_ARGUMENT",
            {
              userName: "x@example.com",
              ...SECRETS,
              scope: SECRETS.accessToken,
            } as TokenInput,
          ],
          [
            "no usable key",
            "NO_MATCH_KEY",
            {
              clientSecret: SECRETS.clientSecret,
              refreshToken: SECRETS.refreshToken,
            },
          ],
          [
            "accessToken of another token",
            "CONFLICT",
            { userName: "other@example.com", accessToken: SECRETS.accessToken },
          ],
          [
            "refreshToken of another token",
            "CONFLICT",
            {
              userName: "third@example.com",
              clientId: "1000.C",
              clientSecret: SECRETS.clientSecret,
              refreshToken: SECRETS.refreshToken,
            },
          ],
        ];
        for (const [label, code, input] of failures) {
          const error = await expectStoreError(
            store.saveToken(input),
            code as "INVALID_ARGUMENT",
            label,
          );
          assertNoSecret(error, label);
        }

        const lookup = await expectStoreError(
          store.findToken({ grantToken: SECRETS.grantToken }),
          "NO_MATCH_KEY",
          "findToken with no usable key",
        );
        assertNoSecret(lookup, "findToken with no usable key");
      },
    },
  ],
};
