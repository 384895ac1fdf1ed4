import type { OAuthToken } from "@tokenstore/core";
import {
  MongoTokenStore,
  TOKEN_INDEXES,
  identityKey,
  type TokenDocument,
} from "@tokenstore/store-mongo";
import { Long, MongoClient, type Collection, type Document } from "mongodb";

import { insertedToken, nextInsertSequence, type Dataset } from "../dataset.js";
import type { BenchCase, OperationName, Suite } from "../harness.js";
import { REFERENCES } from "../report/targets.js";
import { checkAffected, WriteLedger } from "../write-check.js";
import {
  checkFound,
  confirmUpdates,
  currentAccessToken,
  plannedUpdate,
  removeInserted,
  storeCases,
  type Backdoor,
} from "./store-cases.js";

const DATABASE = "tokenstore_bench";
const COLLECTION = "oauth_tokens";
const SEED_CHUNK = 1000;

/** Builds a token's document as the store writes it, identity keys included. */
function toDocument(token: OAuthToken): TokenDocument {
  return {
    _id: token.id,
    userName: token.userName,
    clientId: token.clientId,
    clientSecret: token.clientSecret,
    grantToken: token.grantToken,
    refreshToken: token.refreshToken,
    accessToken: token.accessToken,
    expiryTime:
      token.expiryTime === null ? null : Long.fromNumber(token.expiryTime),
    redirectUrl: token.redirectUrl,
    apiDomain: token.apiDomain,
    _key: {
      userName: identityKey("userName", token),
      accessToken: identityKey("accessToken", token),
      grantToken: identityKey("grantToken", token),
      refreshToken: identityKey("refreshToken", token),
    },
  };
}

/** Fills the collection with `insertMany`, then creates the store's indexes. */
async function seed(
  collection: Collection<TokenDocument>,
  dataset: Dataset,
): Promise<void> {
  await collection.drop().catch(() => undefined);
  for (let start = 0; start < dataset.size; start += SEED_CHUNK) {
    await collection.insertMany(
      dataset.tokens.slice(start, start + SEED_CHUNK).map(toDocument),
      { ordered: true },
    );
  }
  // One command per index: FerretDB 1.24 drops the connection when one
  // createIndexes command lists several indexes that already exist.
  for (const index of TOKEN_INDEXES) {
    await collection.createIndex(index.key, {
      name: index.name as string,
      unique: index.unique === true,
    });
  }
}

/** Builds the filter the store uses to find a token by user name. */
function userNameFilter(token: OAuthToken): Document {
  return {
    "_key.userName": { $eq: identityKey("userName", token) },
    userName: { $eq: token.userName },
  };
}

function storeBackdoor(collection: Collection<TokenDocument>): Backdoor {
  const byUserNames = (userNames: readonly string[]): Document => ({
    "_key.userName": {
      $in: userNames.map((userName) =>
        identityKey("userName", { userName } as OAuthToken),
      ),
    },
  });
  return {
    accessTokens: async (userNames) => {
      const documents = await collection
        .find(byUserNames(userNames), {
          projection: { userName: 1, accessToken: 1 },
        })
        .toArray();
      return new Map(
        documents.map((document) => [
          document.userName as string,
          document.accessToken,
        ]),
      );
    },
    removeUsers: async (userNames) =>
      (await collection.deleteMany(byUserNames(userNames))).deletedCount,
  };
}

function referenceCases(
  collection: Collection<TokenDocument>,
  dataset: Dataset,
  ledger: WriteLedger,
  backdoor: Backdoor,
): Record<OperationName, BenchCase> {
  const label = REFERENCES.mongo;
  const lookup = (filter: (token: OAuthToken) => Document): BenchCase => ({
    label,
    role: "reference",
    prepare: (keys) => {
      const tokens = keys.map((index) => dataset.token(index));
      return {
        run: async () => {
          for (const token of tokens) {
            const found = await collection.findOne(filter(token));
            checkFound(label, found?._id, token.id);
          }
        },
      };
    },
  });

  return {
    findById: lookup((token) => ({ _id: token.id })),
    findByUserName: lookup(userNameFilter),
    findByAccessToken: lookup((token) => {
      const accessToken = currentAccessToken(ledger, token);
      return {
        "_key.accessToken": {
          $eq: identityKey("accessToken", { ...token, accessToken }),
        },
        accessToken: { $eq: accessToken },
      };
    }),
    findByRefreshToken: lookup((token) => ({
      "_key.refreshToken": { $eq: identityKey("refreshToken", token) },
      clientId: { $eq: token.clientId },
      refreshToken: { $eq: token.refreshToken },
    })),
    saveInsert: {
      label,
      role: "reference",
      prepare: (keys) => {
        const tokens = keys.map(() => ({
          id: crypto.randomUUID(),
          ...insertedToken(nextInsertSequence()),
        }));
        return {
          run: async () => {
            for (const token of tokens) {
              const result = await collection.insertOne(toDocument(token));
              checkAffected(label, result.insertedId === token.id ? 1 : 0);
            }
          },
          settle: () =>
            removeInserted(
              label,
              tokens.map((token) => token.userName as string),
              backdoor,
            ),
        };
      },
    },
    saveUpdate: {
      label,
      role: "reference",
      prepare: (keys) => {
        const inputs = keys.map((index) => {
          const token = dataset.token(index);
          return { token, update: plannedUpdate(ledger, token) };
        });
        return {
          run: async () => {
            for (const { token, update } of inputs) {
              const result = await collection.updateOne(userNameFilter(token), {
                $set: {
                  accessToken: update.accessToken,
                  expiryTime: Long.fromNumber(update.expiryTime),
                  "_key.accessToken": identityKey("accessToken", {
                    ...token,
                    accessToken: update.accessToken,
                  }),
                },
              });
              checkAffected(label, result.modifiedCount);
            }
          },
          settle: () =>
            confirmUpdates(
              label,
              ledger,
              inputs.map((input) => input.update.userName),
              backdoor,
            ),
        };
      },
    },
  };
}

/**
 * Seeds a collection in the store's document layout through the `mongodb`
 * driver, opens `MongoTokenStore` on it, and pairs it with `findOne`,
 * `insertOne` and `updateOne` on a second client.
 */
export async function createMongoSuite(
  dataset: Dataset,
  url: string,
): Promise<Suite> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  try {
    const database = client.db(DATABASE);
    const collection = database.collection<TokenDocument>(COLLECTION);
    const seedStart = performance.now();
    await seed(collection, dataset);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const buildInfo = await client.db("admin").command({ buildInfo: 1 });
    const ferretdbVersion =
      typeof buildInfo["ferretdbVersion"] === "string"
        ? buildInfo["ferretdbVersion"]
        : undefined;
    const serverVersion = String(buildInfo["version"]);

    const store = new MongoTokenStore({
      url,
      databaseName: DATABASE,
      collection: COLLECTION,
    });
    const backdoor = storeBackdoor(collection);
    const ledger = new WriteLedger("mongo-access");
    const stores = storeCases(
      "MongoTokenStore",
      store,
      dataset,
      ledger,
      backdoor,
    );
    const references = referenceCases(collection, dataset, ledger, backdoor);

    const operations: Suite["operations"] = {};
    for (const operation of Object.keys(stores) as OperationName[]) {
      operations[operation] = [stores[operation], references[operation]];
    }
    const server =
      ferretdbVersion === undefined
        ? `MongoDB ${serverVersion}`
        : `FerretDB ${ferretdbVersion} (reports MongoDB ${serverVersion}) on its SQLite backend`;
    return {
      store: "mongo",
      size: dataset.size,
      durability: [
        `${server}, one server for the store and the reference, both with ` +
          "the driver's default write concern (w: 1). FerretDB 1.24.2 opens " +
          "its SQLite files with journal_mode=WAL and does not set " +
          "synchronous; the modernc.org/sqlite 1.32.0 build it uses defaults " +
          "to FULL in WAL mode (SQLITE_DEFAULT_WAL_SYNCHRONOUS=2), which " +
          "fsyncs the WAL at every commit.",
        "MongoTokenStore saves with findOne, then insertOne or " +
          "findOneAndUpdate. The reference runs one insertOne or updateOne.",
      ],
      seedSeconds,
      versions:
        ferretdbVersion === undefined
          ? { MongoDB: serverVersion }
          : { FerretDB: ferretdbVersion },
      operations,
      close: async () => {
        try {
          await store.close();
          await database.dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
}
