import { createServer } from "node:net";
import { inspect } from "node:util";

import {
  isTokenStoreError,
  type TokenInput,
  type TokenStoreError,
} from "@tokenstore/core";
import { Long, MongoClient } from "mongodb";
import { afterAll, describe, expect, it } from "vitest";

import {
  identityKey,
  MongoTokenStore,
  type MongoTokenStoreOptions,
} from "../src/index.js";
import { readDocuments, requireMongoUrl, uniqueName } from "./helpers.js";

const url = requireMongoUrl();
const databaseName = uniqueName("store");
const rawClient = new MongoClient(url);

afterAll(async () => {
  await rawClient.db(databaseName).dropDatabase();
  await rawClient.close();
});

function createStore(
  options: Partial<{ collection: string }> = {},
): MongoTokenStore {
  return new MongoTokenStore({
    url,
    databaseName,
    collection: options.collection ?? uniqueName("tokens"),
  });
}

async function rejection(promise: Promise<unknown>): Promise<TokenStoreError> {
  try {
    await promise;
  } catch (error) {
    if (isTokenStoreError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error("expected the promise to reject");
}

function thrownBy(action: () => unknown): TokenStoreError {
  try {
    action();
  } catch (error) {
    if (isTokenStoreError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error("expected the call to throw");
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") {
    throw new Error("no TCP address");
  }
  return address.port;
}

describe("MongoTokenStore document layout", () => {
  it("stores one document per token", async () => {
    const store = createStore();
    try {
      const saved = await store.saveToken({
        userName: "alice@example.com",
        clientId: "client",
        clientSecret: "secret",
        grantToken: "grant",
        refreshToken: "refresh-value",
        accessToken: "access-value",
        expiryTime: Number.MAX_SAFE_INTEGER,
        redirectUrl: "https://example.com/callback",
        apiDomain: "https://api.example.com",
      });
      const documents = await readDocuments(rawClient, store);
      expect(documents).toHaveLength(1);
      expect(documents[0]).toEqual({
        _id: saved.id,
        userName: "alice@example.com",
        clientId: "client",
        clientSecret: "secret",
        grantToken: "grant",
        refreshToken: "refresh-value",
        accessToken: "access-value",
        expiryTime: Number.MAX_SAFE_INTEGER,
        redirectUrl: "https://example.com/callback",
        apiDomain: "https://api.example.com",
        _key: {
          userName: identityKey("userName", saved),
          accessToken: identityKey("accessToken", saved),
          grantToken: identityKey("grantToken", saved),
          refreshToken: identityKey("refreshToken", saved),
        },
      });
      // The keys are hashes, so no secret is stored twice.
      const keys = JSON.stringify(documents[0]?._key);
      expect(keys).not.toContain("refresh-value");
      expect(keys).not.toContain("access-value");
    } finally {
      await store.close();
    }
  });

  it("stores expiryTime as a BSON Long", async () => {
    const store = createStore();
    try {
      const expiries = [0, 1, 2 ** 31, Date.now(), Number.MAX_SAFE_INTEGER];
      for (const [index, expiryTime] of expiries.entries()) {
        await store.saveToken({ userName: `user-${index}`, expiryTime });
      }
      const documents = await rawClient
        .db(databaseName)
        .collection(store.collectionName)
        .find({}, { promoteLongs: false })
        .toArray();
      const stored = documents.map((document) => document.expiryTime);
      for (const value of stored) {
        expect(Long.isLong(value)).toBe(true);
      }
      expect(stored.map((value) => (value as Long).toNumber()).sort()).toEqual(
        [...expiries].sort(),
      );
      const tokens = await store.getTokens();
      expect(tokens.map((token) => token.expiryTime).sort()).toEqual(
        [...expiries].sort(),
      );
    } finally {
      await store.close();
    }
  });

  const clientBsonOptions = [
    { useBigInt64: true },
    { promoteLongs: false, promoteValues: false },
    { raw: true },
  ];

  it.each(clientBsonOptions)(
    "ignores client BSON options %o",
    async (options) => {
      const client = new MongoClient(url, options);
      const store = new MongoTokenStore({
        client,
        databaseName,
        collection: uniqueName("tokens"),
      });
      try {
        await store.saveToken({ userName: "bob", expiryTime: 2 ** 40 });
        await store.saveToken({ userName: "carl", expiryTime: 7 });
        const found = await store.findToken({ userName: "bob" });
        expect(found?.expiryTime).toBe(2 ** 40);
        expect(found?.userName).toBe("bob");
        const tokens = await store.getTokens();
        expect(tokens.map((token) => token.expiryTime).sort()).toEqual([
          2 ** 40,
          7,
        ]);
      } finally {
        await store.close();
        await client.close();
      }
    },
  );

  it("creates identity indexes on first use", async () => {
    const store = createStore();
    try {
      await store.getTokens();
      const indexes = await rawClient
        .db(databaseName)
        .collection(store.collectionName)
        .listIndexes()
        .toArray();
      for (const kind of [
        "userName",
        "accessToken",
        "grantToken",
        "refreshToken",
      ]) {
        const index = indexes.find((each) => each.name === `${kind}_identity`);
        expect(index, kind).toBeDefined();
        expect(index?.key).toEqual({ [`_key.${kind}`]: 1 });
        expect(index?.unique).toBe(true);
      }
    } finally {
      await store.close();
    }
  });

  it("reopens a collection with indexes", async () => {
    const collection = uniqueName("tokens");
    const first = createStore({ collection });
    await first.saveToken({ userName: "carol", accessToken: "access" });
    await first.close();

    const second = createStore({ collection });
    try {
      const found = await second.findToken({ userName: "carol" });
      expect(found?.accessToken).toBe("access");
    } finally {
      await second.close();
    }
  });

  it("tokens without identities coexist", async () => {
    const store = createStore();
    try {
      // Neither has a userName or an accessToken, which a plain unique index
      // on those fields would count as a duplicate null.
      await store.saveToken({ id: "first", apiDomain: "one" });
      await store.saveToken({ id: "second", apiDomain: "two" });
      await store.saveToken({
        clientId: "client",
        clientSecret: "secret",
        grantToken: "grant-1",
      });
      await store.saveToken({
        clientId: "client",
        clientSecret: "secret",
        grantToken: "grant-2",
      });
      expect(await store.getTokens()).toHaveLength(4);
    } finally {
      await store.close();
    }
  });

  it("reports corrupt documents", async () => {
    const store = createStore();
    try {
      await store.getTokens();
      const collection = rawClient
        .db(databaseName)
        .collection<Record<string, unknown>>(store.collectionName);
      await collection.insertOne({ _id: "bad-name", userName: 42 } as never);

      const listed = await rejection(store.getTokens());
      expect(listed.code).toBe("CORRUPT_DATA");
      expect(listed.message).toContain("userName");
      expect(listed.message).toContain("bad-name");

      await collection.deleteMany({});
      await collection.insertOne({
        _id: "bad-expiry",
        expiryTime: "tomorrow",
      } as never);
      const found = await rejection(store.findTokenById("bad-expiry"));
      expect(found.code).toBe("CORRUPT_DATA");
      expect(found.message).toContain("expiryTime");
    } finally {
      await store.close();
    }
  });
});

describe("MongoTokenStore query safety", () => {
  const trickyValues = [
    '{"$ne":null}',
    "$ne",
    "$where",
    "$gt.$lt",
    "a.b.c",
    '{ "$regex": ".*" }',
    "'; return true; var x='",
  ];

  it("matches operator-looking values literally", async () => {
    const store = createStore();
    try {
      const plain = await store.saveToken({
        userName: "plain@example.com",
        accessToken: "plain-access",
      });
      const saved = new Map<string, string>();
      for (const [index, value] of trickyValues.entries()) {
        const token = await store.saveToken({
          id: `${value}-${index}`,
          userName: value,
          clientId: value,
          clientSecret: value,
          refreshToken: value,
          accessToken: `${value}-access`,
          apiDomain: value,
        });
        saved.set(value, token.id);
      }

      for (const value of trickyValues) {
        const id = saved.get(value);
        expect((await store.findToken({ userName: value }))?.id).toBe(id);
        expect(
          (await store.findToken({ accessToken: `${value}-access` }))?.id,
        ).toBe(id);
        expect(
          (
            await store.findToken({
              clientId: value,
              clientSecret: "any",
              refreshToken: value,
            })
          )?.id,
        ).toBe(id);
        expect(
          (await store.findTokenById(`${value}-${trickyValues.indexOf(value)}`))
            ?.userName,
        ).toBe(value);
      }
      for (const missing of ["$exists", "$regex", '{"$gt":""}', ".*"]) {
        expect(await store.findToken({ userName: missing })).toBeNull();
        expect(await store.findToken({ accessToken: missing })).toBeNull();
        expect(await store.findTokenById(missing)).toBeNull();
      }

      const documents = await readDocuments(rawClient, store);
      expect(documents).toHaveLength(trickyValues.length + 1);
      const userNames = documents.map((document) => document.userName);
      expect(userNames.sort()).toEqual(
        [plain.userName, ...trickyValues].sort(),
      );
    } finally {
      await store.close();
    }
  });

  it("rejects operator objects as values", async () => {
    const store = createStore();
    try {
      await store.saveToken({ userName: "dave" });
      const query = { userName: { $ne: null } } as unknown as TokenInput;
      const error = await rejection(store.findToken(query));
      expect(error.code).toBe("INVALID_ARGUMENT");
      const saveError = await rejection(
        store.saveToken({
          userName: "dave",
          accessToken: { $gt: "" } as never,
        }),
      );
      expect(saveError.code).toBe("INVALID_ARGUMENT");
      expect(await store.getTokens()).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe("MongoTokenStore conflicts", () => {
  const secret = "access-secret-value-1234567890";

  it("conflict on insert names identity", async () => {
    const store = createStore();
    try {
      const first = await store.saveToken({
        userName: "erin",
        accessToken: secret,
      });
      const error = await rejection(
        store.saveToken({ userName: "frank", accessToken: secret }),
      );
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toContain("accessToken");
      expect(error.message).toContain(first.id);
      expect(error.message).not.toContain(secret);
      expect(inspect(error, { depth: 10 })).not.toContain(secret);
      expect(await store.getTokens()).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it("conflict on update changes nothing", async () => {
    const store = createStore();
    try {
      await store.saveToken({ userName: "grace", accessToken: secret });
      const other = await store.saveToken({
        userName: "heidi",
        accessToken: "heidi-access",
      });
      const error = await rejection(
        store.saveToken({ userName: "heidi", accessToken: secret }),
      );
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toContain("accessToken");
      expect(inspect(error, { depth: 10 })).not.toContain(secret);
      expect(await store.findTokenById(other.id)).toEqual(other);
    } finally {
      await store.close();
    }
  });

  it("conflict from clientId change alone", async () => {
    const store = createStore();
    try {
      await store.saveToken({
        userName: "ivan",
        clientId: "client-1",
        grantToken: "shared-grant",
      });
      const other = await store.saveToken({
        userName: "judy",
        clientId: "client-2",
        grantToken: "shared-grant",
      });
      // The grantToken identity key must be recomputed from the stored
      // grantToken and the new clientId.
      const error = await rejection(
        store.saveToken({ userName: "judy", clientId: "client-1" }),
      );
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toContain("clientId and grantToken");
      expect(await store.findTokenById(other.id)).toEqual(other);

      const moved = await store.saveToken({
        userName: "judy",
        clientId: "client-3",
      });
      expect(
        await store.findToken({
          clientId: "client-3",
          clientSecret: "any",
          grantToken: "shared-grant",
        }),
      ).toEqual(moved);
      expect(
        await store.findToken({
          clientId: "client-2",
          clientSecret: "any",
          grantToken: "shared-grant",
        }),
      ).toBeNull();
    } finally {
      await store.close();
    }
  });

  it("too large token rejects", async () => {
    const store = createStore();
    try {
      const half = "x".repeat(9 * 1024 * 1024);
      const inserted = await rejection(
        store.saveToken({
          userName: "kate",
          clientSecret: half,
          apiDomain: half,
        }),
      );
      expect(inserted.code).toBe("VALUE_TOO_LARGE");

      await store.saveToken({ userName: "kate", clientSecret: half });
      const updated = await rejection(
        store.saveToken({ userName: "kate", apiDomain: half }),
      );
      expect(updated.code).toBe("VALUE_TOO_LARGE");
      const stored = await store.findToken({ userName: "kate" });
      expect(stored?.apiDomain).toBeNull();
    } finally {
      await store.close();
    }
  });
});

describe("MongoTokenStore lifecycle", () => {
  it("borrowed client stays open", async () => {
    const client = new MongoClient(url);
    let closedEvents = 0;
    client.on("topologyClosed", () => {
      closedEvents += 1;
    });
    try {
      const store = new MongoTokenStore({
        client,
        databaseName,
        collection: uniqueName("tokens"),
      });
      await store.saveToken({ userName: "leo" });
      expect(store.client).toBe(client);
      await store.close();
      await store.close();

      expect(closedEvents).toBe(0);
      const ping = await client.db(databaseName).command({ ping: 1 });
      expect(ping.ok).toBe(1);
    } finally {
      await client.close();
    }
  });

  it("borrowed Db stays open", async () => {
    const client = new MongoClient(url);
    try {
      const db = client.db(databaseName);
      const store = new MongoTokenStore({
        db,
        collection: uniqueName("tokens"),
      });
      await store.saveToken({ userName: "mia" });
      await store.close();
      const ping = await db.command({ ping: 1 });
      expect(ping.ok).toBe(1);
    } finally {
      await client.close();
    }
  });

  it("owned client closes on close", async () => {
    const store = createStore();
    await store.saveToken({ userName: "nina" });
    let closedEvents = 0;
    store.client.on("topologyClosed", () => {
      closedEvents += 1;
    });
    await store.close();
    expect(closedEvents).toBe(1);
    const error = await rejection(store.getTokens());
    expect(error.code).toBe("STORE_CLOSED");
  });

  it("unreachable server fails fast", async () => {
    const port = await closedPort();
    const password = "hunter2-database-password";
    const store = new MongoTokenStore({
      url: `mongodb://tokens:${password}@127.0.0.1:${port}/`,
      serverSelectionTimeoutMs: 300,
    });
    try {
      const started = Date.now();
      const error = await rejection(
        store.saveToken({ userName: "olga", accessToken: "access" }),
      );
      // Well under the default timeout of 10 s, so the option applied.
      expect(Date.now() - started).toBeLessThan(5000);
      expect(error.code).toBe("CONNECTION_FAILED");
      expect(error.operation).toBe("saveToken");
      expect(error.message).toContain(`127.0.0.1:${port}`);
      expect(inspect(error, { depth: 10 })).not.toContain(password);
    } finally {
      await store.close();
    }
  });
});

describe("MongoTokenStore options", () => {
  const client = new MongoClient(url);
  afterAll(() => client.close());

  const invalidOptions: Array<[string, unknown]> = [
    ["no source", {}],
    ["two sources", { url, client }],
    ["empty collection", { url, collection: "" }],
    ["dollar in collection", { url, collection: "to$kens" }],
    ["NUL in collection", { url, collection: "to\u0000kens" }],
    ["system collection", { url, collection: "system.tokens" }],
    ["dot in databaseName", { url, databaseName: "a.b" }],
    ["not a connection string", { url: "http://127.0.0.1/" }],
    ["unknown option", { url, colection: "tokens" }],
    ["databaseName with db", { db: client.db("x"), databaseName: "y" }],
    ["timeout with client", { client, serverSelectionTimeoutMs: 100 }],
    ["negative timeout", { url, serverSelectionTimeoutMs: -1 }],
    ["client not a client", { client: {} }],
  ];

  it.each(invalidOptions)("rejects %s", (_case, options) => {
    const error = thrownBy(
      () => new MongoTokenStore(options as MongoTokenStoreOptions),
    );
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.operation).toBe("open");
  });

  it("hides credentials of a bad url", () => {
    const password = "s3cret-password-value";
    const error = thrownBy(
      () =>
        new MongoTokenStore({
          url: `mongodb://user:${password}@127.0.0.1:1/?unknownOption=yes&replicaSet=`,
        }),
    );
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(inspect(error, { depth: 10 })).not.toContain(password);
  });

  it("uses default collection name", () => {
    const store = new MongoTokenStore({ client, databaseName });
    expect(store.collectionName).toBe("oauth_tokens");
    expect(store.databaseName).toBe(databaseName);
  });
});
