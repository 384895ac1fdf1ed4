import { randomBytes } from "node:crypto";

import type { MongoClient } from "mongodb";

import type { MongoTokenStore } from "../src/index.js";

/**
 * Reads the server address for the tests. A missing address fails the test
 * file instead of skipping it, so a run without a server never looks green.
 */
export function requireMongoUrl(): string {
  const url = process.env.TOKENSTORE_MONGO_URL;
  if (url === undefined || url === "") {
    throw new Error(
      "TOKENSTORE_MONGO_URL is not set. Run `npm test` from the repository " +
        "root, which starts a FerretDB server for these tests, or set " +
        "TOKENSTORE_MONGO_URL to a MongoDB server, such as " +
        "mongodb://127.0.0.1:27017/.",
    );
  }
  return url;
}

/** Makes a database or collection name that no other test run uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

/** Reads the documents of a store's collection through another client. */
export async function readDocuments(
  client: MongoClient,
  store: MongoTokenStore,
): Promise<Record<string, unknown>[]> {
  return client
    .db(store.databaseName)
    .collection<Record<string, unknown>>(store.collectionName)
    .find({})
    .toArray();
}

/** Maps stored documents to the token field names the conformance suite reads. */
export async function readRawTokens(
  client: MongoClient,
  store: MongoTokenStore,
): Promise<Record<string, unknown>[]> {
  const documents = await readDocuments(client, store);
  return documents.map((document) => ({
    id: document._id,
    userName: document.userName,
    clientId: document.clientId,
    clientSecret: document.clientSecret,
    grantToken: document.grantToken,
    refreshToken: document.refreshToken,
    accessToken: document.accessToken,
    expiryTime: document.expiryTime,
    redirectUrl: document.redirectUrl,
    apiDomain: document.apiDomain,
  }));
}

/** Drops a store's collection, for cleanup after `close()`. */
export async function dropCollection(
  client: MongoClient,
  store: MongoTokenStore,
): Promise<void> {
  await client.db(store.databaseName).collection(store.collectionName).drop();
}
