import assert from "node:assert/strict";

import { sampleToken } from "../samples.js";
import type { ConformanceCategory } from "../types.js";

export const copies: ConformanceCategory = {
  name: "returned objects are copies",
  cases: [
    {
      name: "changing a result changes nothing",
      async run({ store }) {
        const saved = await store.saveToken(sampleToken(1));
        const snapshot = { ...saved };

        saved.accessToken = "changed-after-save";
        const found = await store.findTokenById(snapshot.id);
        assert.deepEqual(
          found,
          snapshot,
          "after changing the saveToken result",
        );

        found!.userName = "changed-after-find";
        const byName = await store.findToken({ userName: snapshot.userName });
        assert.deepEqual(
          byName,
          snapshot,
          "after changing a findTokenById result",
        );

        byName!.refreshToken = "changed-after-findToken";
        const [listed] = await store.getTokens();
        assert.deepEqual(listed, snapshot, "after changing a findToken result");

        listed!.expiryTime = 42;
        assert.deepEqual(
          await store.findTokenById(snapshot.id),
          snapshot,
          "after changing a getTokens result",
        );
      },
    },
    {
      name: "changing the input changes nothing",
      async run({ store }) {
        const input = sampleToken(1);
        const saved = await store.saveToken(input);

        input.accessToken = "changed-input";
        input.expiryTime = 7;

        const found = await store.findTokenById(saved.id);
        assert.equal(found?.accessToken, "1000.access-1.0a9b8c");
        assert.equal(found?.expiryTime, 1_733_333_333_124);
      },
    },
    {
      name: "save leaves its input alone",
      async run({ store }) {
        const input = Object.freeze(sampleToken(1));
        const before = { ...input };

        const saved = await store.saveToken(input);

        assert.deepEqual({ ...input }, before);
        assert.equal(
          "id" in input,
          false,
          "saveToken must not add an id to its input",
        );
        assert.notEqual(saved, input);
      },
    },
  ],
};
