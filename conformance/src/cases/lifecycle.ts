import assert from "node:assert/strict";

import { expectStoreError } from "../assertions.js";
import { sampleToken } from "../samples.js";
import type { ConformanceCategory } from "../types.js";

export const lifecycle: ConformanceCategory = {
  name: "lifecycle",
  cases: [
    {
      name: "calls after close reject",
      async run({ store }) {
        const saved = await store.saveToken(sampleToken(1));
        await store.close();

        await expectStoreError(
          store.saveToken(sampleToken(2)),
          "STORE_CLOSED",
          "saveToken",
        );
        await expectStoreError(
          store.findToken({ userName: saved.userName }),
          "STORE_CLOSED",
          "findToken",
        );
        await expectStoreError(
          store.findTokenById(saved.id),
          "STORE_CLOSED",
          "findTokenById",
        );
        await expectStoreError(store.getTokens(), "STORE_CLOSED", "getTokens");
        await expectStoreError(
          store.deleteToken(saved.id),
          "STORE_CLOSED",
          "deleteToken",
        );
        await expectStoreError(
          store.deleteTokens(),
          "STORE_CLOSED",
          "deleteTokens",
        );
      },
    },
    {
      name: "close twice is safe",
      async run({ store }) {
        await store.saveToken(sampleToken(1));

        await store.close();
        const second = await store.close().then(
          () => "resolved",
          (error: unknown) => error,
        );

        assert.equal(second, "resolved");
      },
    },
  ],
};
