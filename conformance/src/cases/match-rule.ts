import assert from "node:assert/strict";

import type { TokenInput, TokenStore } from "@tokenstore/core";

import { expectStoreError, snapshot } from "../assertions.js";
import { sampleToken } from "../samples.js";
import type { ConformanceCategory } from "../types.js";

const SHARED_CLIENT = {
  clientId: "1000.SHAREDCLIENT",
  clientSecret: "shared-client-secret-77aa",
};

/** Saves two tokens of one client, so rungs can be played against each other. */
async function saveTwo(store: TokenStore) {
  const first = await store.saveToken(sampleToken(1, SHARED_CLIENT));
  const second = await store.saveToken(sampleToken(2, SHARED_CLIENT));
  return { first, second };
}

async function expectFound(
  store: TokenStore,
  query: TokenInput,
  expectedId: string,
  label: string,
) {
  const found = await store.findToken(query);
  assert.ok(found !== null, `${label}: findToken must find a token`);
  assert.equal(
    found.id,
    expectedId,
    `${label}: findToken found the wrong token`,
  );
}

export const matchRule: ConformanceCategory = {
  name: "match rule",
  cases: [
    {
      name: "id wins over userName",
      async run({ store }) {
        const { first, second } = await saveTwo(store);

        await expectFound(
          store,
          { id: first.id, userName: second.userName },
          first.id,
          "id of the first, userName of the second",
        );
      },
    },
    {
      name: "id miss does not fall through",
      async run({ store }) {
        const { first } = await saveTwo(store);

        const found = await store.findToken({
          id: "no-such-id",
          userName: first.userName,
        });

        assert.equal(found, null);
      },
    },
    {
      name: "userName wins over accessToken",
      async run({ store }) {
        const { first, second } = await saveTwo(store);

        await expectFound(
          store,
          { userName: first.userName, accessToken: second.accessToken },
          first.id,
          "userName of the first, accessToken of the second",
        );
      },
    },
    {
      name: "userName miss does not fall through",
      async run({ store }) {
        const { first } = await saveTwo(store);

        const found = await store.findToken({
          userName: "nobody@example.com",
          accessToken: first.accessToken,
          ...SHARED_CLIENT,
          refreshToken: first.refreshToken,
        });

        assert.equal(found, null);
      },
    },
    {
      name: "accessToken without client credentials",
      async run({ store }) {
        const { second } = await saveTwo(store);

        await expectFound(
          store,
          { accessToken: second.accessToken },
          second.id,
          "accessToken alone",
        );
      },
    },
    {
      name: "accessToken with client credentials",
      async run({ store }) {
        const { first } = await saveTwo(store);

        await expectStoreError(
          store.findToken({
            accessToken: first.accessToken,
            clientId: SHARED_CLIENT.clientId,
          }),
          "NO_MATCH_KEY",
          "findToken with accessToken and clientId",
        );
        await expectStoreError(
          store.findToken({ accessToken: first.accessToken, ...SHARED_CLIENT }),
          "NO_MATCH_KEY",
          "findToken with accessToken, clientId and clientSecret",
        );
      },
    },
    {
      name: "grantToken with client credentials",
      async run({ store }) {
        const { second } = await saveTwo(store);

        await expectFound(
          store,
          { ...SHARED_CLIENT, grantToken: second.grantToken },
          second.id,
          "clientId, clientSecret and grantToken",
        );
      },
    },
    {
      name: "grantToken wins over refreshToken",
      async run({ store }) {
        const { first, second } = await saveTwo(store);

        await expectFound(
          store,
          {
            ...SHARED_CLIENT,
            grantToken: first.grantToken,
            refreshToken: second.refreshToken,
          },
          first.id,
          "grantToken of the first, refreshToken of the second",
        );
        const missed = await store.findToken({
          ...SHARED_CLIENT,
          grantToken: "1000.no-such-grant",
          refreshToken: second.refreshToken,
        });
        assert.equal(missed, null, "a grantToken miss must not fall through");
      },
    },
    {
      name: "refreshToken with client credentials",
      async run({ store }) {
        const { first } = await saveTwo(store);

        await expectFound(
          store,
          { ...SHARED_CLIENT, refreshToken: first.refreshToken },
          first.id,
          "clientId, clientSecret and refreshToken",
        );
      },
    },
    {
      name: "clientId must match",
      async run({ store }) {
        const { first } = await saveTwo(store);

        const found = await store.findToken({
          clientId: "1000.OTHERCLIENT",
          clientSecret: SHARED_CLIENT.clientSecret,
          refreshToken: first.refreshToken,
        });

        assert.equal(found, null);
      },
    },
    {
      name: "clientSecret is not compared",
      async run({ store }) {
        const { first } = await saveTwo(store);

        await expectFound(
          store,
          {
            clientId: SHARED_CLIENT.clientId,
            clientSecret: "a-rotated-client-secret",
            refreshToken: first.refreshToken,
          },
          first.id,
          "refreshToken with another clientSecret",
        );
      },
    },
    {
      name: "grant or refresh need credentials",
      async run({ store }) {
        const { first } = await saveTwo(store);
        const queries: TokenInput[] = [
          { grantToken: first.grantToken },
          { refreshToken: first.refreshToken },
          { clientId: SHARED_CLIENT.clientId, grantToken: first.grantToken },
          {
            clientSecret: SHARED_CLIENT.clientSecret,
            refreshToken: first.refreshToken,
          },
        ];
        for (const query of queries) {
          await expectStoreError(
            store.findToken(query),
            "NO_MATCH_KEY",
            `findToken with ${Object.keys(query).join(" and ")}`,
          );
        }
      },
    },
    {
      name: "no usable key never matches",
      async run({ store }) {
        await saveTwo(store);
        const queries: TokenInput[] = [
          {},
          { clientSecret: SHARED_CLIENT.clientSecret },
          { ...SHARED_CLIENT },
          { expiryTime: 1_733_333_333_124 },
          { redirectUrl: "https://app.example.com/callback/1" },
          { apiDomain: "https://www.zohoapis.com" },
          { userName: undefined, accessToken: undefined },
          { userName: null, accessToken: null },
        ];
        for (const query of queries) {
          await expectStoreError(
            store.findToken(query),
            "NO_MATCH_KEY",
            `findToken(${JSON.stringify(query)})`,
          );
        }
      },
    },
    {
      name: "save without usable key",
      async run(context) {
        const { store } = context;
        await saveTwo(store);
        const before = await snapshot(context);

        await expectStoreError(
          store.saveToken({
            clientSecret: "orphan-secret-value",
            expiryTime: 1,
            apiDomain: "https://www.zohoapis.com",
          }),
          "NO_MATCH_KEY",
          "saveToken with no key",
        );

        assert.deepEqual(await snapshot(context), before);
      },
    },
    {
      name: "matching is exact",
      async run({ store }) {
        const saved = await store.saveToken({
          userName: "Ann.Lee@Example.com",
          accessToken: "1000.Access.ABC",
        });
        const misses = [
          { userName: "ann.lee@example.com" },
          { userName: "ANN.LEE@EXAMPLE.COM" },
          { userName: "Ann.Lee@Example.com " },
          { userName: " Ann.Lee@Example.com" },
          { userName: "Ann.Lee@Example.co" },
          { userName: "Ann.Lee@Example.com%" },
          { userName: "Ann.Lee@Example.co_" },
          { accessToken: "1000.access.abc" },
          { accessToken: "1000.Access.ABC\t" },
        ];
        for (const query of misses) {
          assert.equal(
            await store.findToken(query),
            null,
            `findToken(${JSON.stringify(query)}) must not match`,
          );
        }
        await expectFound(
          store,
          { userName: "Ann.Lee@Example.com" },
          saved.id,
          "exact userName",
        );
      },
    },
  ],
};
