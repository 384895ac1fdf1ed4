import assert from "node:assert/strict";

import { expectStoreError, readStoredRecord, snapshot } from "../assertions.js";
import { sampleToken } from "../samples.js";
import type { ConformanceCategory } from "../types.js";

const CONCURRENT_SAVES = 50;

export const upsert: ConformanceCategory = {
  name: "upsert",
  cases: [
    {
      name: "same userName updates in place",
      async run(context) {
        const { store } = context;
        const first = await store.saveToken(sampleToken(1));

        const second = await store.saveToken({
          userName: first.userName,
          accessToken: "1000.access-renewed",
          expiryTime: 1_800_000_000_000,
        });

        assert.equal(second.id, first.id, "the update must keep the id");
        assert.equal(second.accessToken, "1000.access-renewed");
        assert.equal(second.expiryTime, 1_800_000_000_000);
        assert.equal(second.refreshToken, first.refreshToken);
        assert.equal((await context.readStored()).length, 1);
        const record = await readStoredRecord(context, first.id);
        assert.equal(record.accessToken, "1000.access-renewed");
      },
    },
    {
      name: "save by id updates",
      async run(context) {
        const { store } = context;
        const first = await store.saveToken(sampleToken(1));
        await store.saveToken(sampleToken(2));

        const updated = await store.saveToken({
          id: first.id,
          accessToken: "1000.access-by-id",
        });

        assert.equal(updated.id, first.id);
        assert.equal(updated.userName, first.userName);
        assert.equal(updated.accessToken, "1000.access-by-id");
        assert.equal((await context.readStored()).length, 2);
      },
    },
    {
      name: "save by refreshToken updates",
      async run(context) {
        const { store } = context;
        const first = await store.saveToken(sampleToken(1));

        const updated = await store.saveToken({
          clientId: first.clientId,
          clientSecret: first.clientSecret,
          refreshToken: first.refreshToken,
          accessToken: "1000.access-after-refresh",
          expiryTime: 1_800_000_000_000,
        });

        assert.equal(updated.id, first.id);
        assert.equal(updated.accessToken, "1000.access-after-refresh");
        assert.equal(updated.userName, first.userName);
        assert.equal((await context.readStored()).length, 1);
      },
    },
    {
      name: "save by grantToken updates",
      async run(context) {
        const { store } = context;
        const first = await store.saveToken({
          clientId: "1000.CLIENT1",
          clientSecret: "client-secret-1",
          grantToken: "1000.grant-1",
        });

        const updated = await store.saveToken({
          clientId: "1000.CLIENT1",
          clientSecret: "client-secret-1",
          grantToken: "1000.grant-1",
          refreshToken: "1000.refresh-1",
          accessToken: "1000.access-1",
        });

        assert.equal(updated.id, first.id);
        assert.equal(updated.refreshToken, "1000.refresh-1");
        assert.equal((await context.readStored()).length, 1);
      },
    },
    {
      name: "save by accessToken updates",
      async run(context) {
        const { store } = context;
        const first = await store.saveToken({
          accessToken: "1000.access-only",
        });

        const updated = await store.saveToken({
          accessToken: "1000.access-only",
          expiryTime: 5,
        });

        assert.equal(updated.id, first.id);
        assert.equal(updated.expiryTime, 5);
        assert.equal((await context.readStored()).length, 1);
      },
    },
    {
      name: "unknown id inserts with it",
      async run(context) {
        const { store } = context;
        await store.saveToken(sampleToken(1));

        const inserted = await store.saveToken(
          sampleToken(2, { id: "imported-id-2" }),
        );

        assert.equal(inserted.id, "imported-id-2");
        assert.equal((await context.readStored()).length, 2);
      },
    },
    {
      name: "concurrent saves of one userName",
      requires: "concurrentSaves",
      async run(context) {
        const { store } = context;
        const accessTokens = Array.from(
          { length: CONCURRENT_SAVES },
          (_, index) => `1000.concurrent-access-${index}`,
        );

        const results = await Promise.allSettled(
          accessTokens.map((accessToken, index) =>
            store.saveToken({
              userName: "same-user@example.com",
              accessToken,
              expiryTime: 1_733_333_333_000 + index,
            }),
          ),
        );

        const rejected = results.filter(
          (result) => result.status === "rejected",
        );
        assert.deepEqual(rejected, [], "no concurrent save may fail");
        const ids = new Set(
          results.map((result) =>
            result.status === "fulfilled" ? result.value.id : "",
          ),
        );
        assert.equal(
          ids.size,
          1,
          "every save must resolve to the same token id",
        );
        const records = await context.readStored();
        assert.equal(records.length, 1, "exactly one record must remain");
        assert.ok(
          accessTokens.includes(String(records[0]?.accessToken)),
          "the record must hold the accessToken of one of the saves",
        );
      },
    },
    {
      name: "concurrent saves of one grantToken",
      requires: "concurrentSaves",
      async run(context) {
        const { store } = context;

        const results = await Promise.allSettled(
          Array.from({ length: CONCURRENT_SAVES }, (_, index) =>
            store.saveToken({
              clientId: "1000.CLIENT1",
              clientSecret: "client-secret-1",
              grantToken: "1000.grant-shared",
              accessToken: `1000.grant-access-${index}`,
            }),
          ),
        );

        const rejected = results.filter(
          (result) => result.status === "rejected",
        );
        assert.deepEqual(rejected, [], "no concurrent save may fail");
        assert.equal((await context.readStored()).length, 1);
      },
    },
    {
      name: "concurrent saves of distinct identities",
      async run(context) {
        const { store } = context;

        const saved = await Promise.all(
          Array.from({ length: CONCURRENT_SAVES }, (_, index) =>
            store.saveToken(sampleToken(index)),
          ),
        );

        assert.equal(new Set(saved.map((token) => token.id)).size, 50);
        assert.equal((await context.readStored()).length, CONCURRENT_SAVES);
      },
    },
    {
      name: "conflicting identity is rejected",
      async run(context) {
        const { store } = context;
        const first = await store.saveToken(sampleToken(1));
        const second = await store.saveToken(sampleToken(2));
        const before = await snapshot(context);

        await expectStoreError(
          store.saveToken({
            userName: second.userName,
            accessToken: first.accessToken,
          }),
          "CONFLICT",
          "a save reusing another token's accessToken",
        );
        await expectStoreError(
          store.saveToken({
            id: "a-new-id",
            userName: first.userName,
          }),
          "CONFLICT",
          "an insert reusing another token's userName",
        );
        await expectStoreError(
          store.saveToken({
            id: second.id,
            clientId: first.clientId,
            refreshToken: first.refreshToken,
          }),
          "CONFLICT",
          "an update reusing another token's clientId and refreshToken",
        );

        assert.deepEqual(await snapshot(context), before);
      },
    },
  ],
};
