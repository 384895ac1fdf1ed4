import assert from "node:assert/strict";

import { readStoredRecord } from "../assertions.js";
import { sampleToken } from "../samples.js";
import type { ConformanceCategory } from "../types.js";

export const partialSave: ConformanceCategory = {
  name: "partial saves",
  cases: [
    {
      name: "refresh keeps omitted fields",
      async run(context) {
        const { store } = context;
        const original = await store.saveToken(sampleToken(1));

        const refreshed = await store.saveToken({
          clientId: original.clientId,
          clientSecret: original.clientSecret,
          refreshToken: original.refreshToken,
          accessToken: "1000.access-refreshed",
          expiryTime: 1_800_000_000_000,
        });

        const expected = {
          ...original,
          accessToken: "1000.access-refreshed",
          expiryTime: 1_800_000_000_000,
        };
        assert.deepEqual(refreshed, expected);
        assert.deepEqual(await store.findTokenById(original.id), expected);
        assert.deepEqual(
          await readStoredRecord(context, original.id),
          expected,
        );
      },
    },
    {
      name: "undefined keeps the stored value",
      async run(context) {
        const { store } = context;
        const original = await store.saveToken(sampleToken(1));

        const updated = await store.saveToken({
          userName: original.userName,
          refreshToken: undefined,
          grantToken: undefined,
          accessToken: "1000.access-next",
        });

        assert.equal(updated.refreshToken, original.refreshToken);
        assert.equal(updated.grantToken, original.grantToken);
        const record = await readStoredRecord(context, original.id);
        assert.equal(record.refreshToken, original.refreshToken);
        assert.equal(record.accessToken, "1000.access-next");
      },
    },
    {
      name: "null clears a field",
      async run(context) {
        const { store } = context;
        const original = await store.saveToken(sampleToken(1));

        const updated = await store.saveToken({
          userName: original.userName,
          grantToken: null,
          expiryTime: null,
        });

        assert.equal(updated.grantToken, null);
        assert.equal(updated.expiryTime, null);
        assert.equal(updated.refreshToken, original.refreshToken);
        const record = await readStoredRecord(context, original.id);
        assert.equal(record.grantToken, null);
        assert.equal(record.expiryTime, null);
        const found = await store.findToken({
          clientId: original.clientId,
          clientSecret: original.clientSecret,
          grantToken: original.grantToken,
        });
        assert.equal(found, null, "a cleared grantToken must no longer match");
      },
    },
    {
      name: "cleared identity can be reused",
      async run(context) {
        const { store } = context;
        const first = await store.saveToken(sampleToken(1));
        await store.saveToken({ userName: first.userName, accessToken: null });

        const second = await store.saveToken(
          sampleToken(2, { accessToken: first.accessToken }),
        );

        assert.notEqual(second.id, first.id);
        assert.equal(
          (await store.findToken({ accessToken: first.accessToken }))?.id,
          second.id,
        );
      },
    },
  ],
};
