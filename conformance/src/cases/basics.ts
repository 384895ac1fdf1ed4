import assert from "node:assert/strict";

import {
  assertTokenShape,
  expectedToken,
  normaliseRaw,
  sortById,
} from "../assertions.js";
import { sampleToken } from "../samples.js";
import type { ConformanceCategory } from "../types.js";

export const basics: ConformanceCategory = {
  name: "basics",
  cases: [
    {
      name: "save assigns an id",
      async run({ store }) {
        const input = sampleToken(1);
        const saved = await store.saveToken(input);

        assertTokenShape(saved, "the saved token");
        assert.equal(typeof saved.id, "string");
        assert.ok(saved.id.length > 0, "the id must not be empty");
        assert.deepEqual(saved, expectedToken(input, saved.id));
      },
    },
    {
      name: "save keeps a given id",
      async run({ store }) {
        const saved = await store.saveToken(
          sampleToken(1, { id: "caller-chosen-id-1" }),
        );

        assert.equal(saved.id, "caller-chosen-id-1");
        const found = await store.findTokenById("caller-chosen-id-1");
        assert.equal(found?.userName, "user-1@example.com");
      },
    },
    {
      name: "omitted fields read as null",
      async run({ store, readStored }) {
        const saved = await store.saveToken({
          userName: "sparse@example.com",
          accessToken: "1000.sparse-access",
        });

        assertTokenShape(saved, "the saved token");
        assert.deepEqual(
          saved,
          expectedToken(
            {
              userName: "sparse@example.com",
              accessToken: "1000.sparse-access",
            },
            saved.id,
          ),
        );
        const [record] = await readStored();
        assert.ok(record !== undefined, "one record must be stored");
        assert.equal(normaliseRaw(record).refreshToken, null);
        assert.equal(normaliseRaw(record).expiryTime, null);
      },
    },
    {
      name: "findTokenById returns the token",
      async run({ store }) {
        const saved = await store.saveToken(sampleToken(1));
        await store.saveToken(sampleToken(2));

        const found = await store.findTokenById(saved.id);

        assert.ok(found !== null, "findTokenById must find the saved token");
        assertTokenShape(found, "the found token");
        assert.deepEqual(found, saved);
      },
    },
    {
      name: "ids differing in case or spaces",
      async run({ store, readStored }) {
        const ids = ["token-id", "Token-ID", "token-id ", " token-id"];
        for (const [index, id] of ids.entries()) {
          await store.saveToken(sampleToken(index, { id }));
        }

        assert.equal((await readStored()).length, ids.length);
        for (const [index, id] of ids.entries()) {
          const found = await store.findTokenById(id);
          assert.equal(found?.id, id, `findTokenById(${JSON.stringify(id)})`);
          assert.equal(found?.userName, `user-${index}@example.com`);
        }
        assert.equal(await store.deleteToken("TOKEN-ID"), false);
        assert.equal(await store.deleteToken("token-id "), true);
        assert.equal(await store.findTokenById("token-id "), null);
        assert.equal(
          (await store.findTokenById("token-id"))?.userName,
          "user-0@example.com",
        );
      },
    },
    {
      name: "findTokenById miss returns null",
      async run({ store }) {
        assert.equal(await store.findTokenById("no-such-id"), null);
        await store.saveToken(sampleToken(1));
        assert.equal(await store.findTokenById("no-such-id"), null);
      },
    },
    {
      name: "findToken miss returns null",
      async run({ store }) {
        const queries = [
          { id: "no-such-id" },
          { userName: "nobody@example.com" },
          { accessToken: "1000.no-such-access" },
          {
            clientId: "1000.CLIENT1",
            clientSecret: "client-secret-1-6f1d2c",
            grantToken: "1000.no-such-grant",
          },
          {
            clientId: "1000.CLIENT1",
            clientSecret: "client-secret-1-6f1d2c",
            refreshToken: "1000.no-such-refresh",
          },
        ];
        for (const query of queries) {
          assert.equal(
            await store.findToken(query),
            null,
            `empty store: ${JSON.stringify(query)}`,
          );
        }
        await store.saveToken(sampleToken(1));
        for (const query of queries) {
          assert.equal(
            await store.findToken(query),
            null,
            `one other token stored: ${JSON.stringify(query)}`,
          );
        }
      },
    },
    {
      name: "getTokens of empty store",
      async run({ store }) {
        assert.deepEqual(await store.getTokens(), []);
      },
    },
    {
      name: "getTokens returns every token",
      async run({ store }) {
        const saved = [
          await store.saveToken(sampleToken(1)),
          await store.saveToken(sampleToken(2)),
          await store.saveToken(sampleToken(3)),
        ];

        const listed = await store.getTokens();

        assert.ok(Array.isArray(listed), "getTokens must return an array");
        assert.deepEqual(sortById(listed), sortById(saved));
      },
    },
    {
      name: "deleteToken removes one token",
      async run({ store, readStored }) {
        const first = await store.saveToken(sampleToken(1));
        const second = await store.saveToken(sampleToken(2));

        assert.equal(await store.deleteToken(first.id), true);

        assert.equal(await store.findTokenById(first.id), null);
        assert.equal(
          await store.findToken({ userName: "user-1@example.com" }),
          null,
        );
        assert.deepEqual(await store.findTokenById(second.id), second);
        const records = await readStored();
        assert.deepEqual(
          records.map((record) => record.id),
          [second.id],
        );
      },
    },
    {
      name: "deleteToken of unknown id",
      async run({ store }) {
        const saved = await store.saveToken(sampleToken(1));

        assert.equal(await store.deleteToken("no-such-id"), false);

        assert.deepEqual(await store.getTokens(), [saved]);
      },
    },
    {
      name: "deleteTokens then reuse",
      async run({ store, readStored }) {
        await store.saveToken(sampleToken(1));
        await store.saveToken(sampleToken(2));
        await store.saveToken(sampleToken(3));

        await store.deleteTokens();

        assert.deepEqual(await store.getTokens(), []);
        assert.deepEqual(await readStored(), []);
        assert.equal(
          await store.findToken({ userName: "user-1@example.com" }),
          null,
        );

        const again = await store.saveToken(sampleToken(1));
        assert.deepEqual(
          await store.findToken({ userName: "user-1@example.com" }),
          again,
        );
        assert.equal((await readStored()).length, 1);
      },
    },
    {
      name: "generated ids never collide",
      async run({ store, readStored }) {
        const ids = new Set<string>();
        for (let n = 0; n < 25; n += 1) {
          ids.add((await store.saveToken(sampleToken(n))).id);
        }
        const concurrent = await Promise.all(
          Array.from({ length: 25 }, (_, index) =>
            store.saveToken(sampleToken(100 + index)),
          ),
        );
        for (const token of concurrent) {
          ids.add(token.id);
        }

        assert.equal(ids.size, 50, "50 saves of new tokens need 50 ids");
        assert.equal((await readStored()).length, 50);
      },
    },
  ],
};
