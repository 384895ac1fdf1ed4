import { describeConformance } from "@tokenstore/conformance/vitest";
import { MongoClient } from "mongodb";
import { afterAll } from "vitest";

import { MongoTokenStore } from "../src/index.js";
import {
  dropCollection,
  readRawTokens,
  requireMongoUrl,
  uniqueName,
} from "./helpers.js";

const url = requireMongoUrl();
const databaseName = uniqueName("conformance");
// Reads what the stores wrote, bypassing them.
const rawClient = new MongoClient(url);
// Lent to every store of the second run, so a store that closed a borrowed
// client would fail all the cases after its first.
const borrowedClient = new MongoClient(url);
let collectionCount = 0;

function nextCollection(): string {
  collectionCount += 1;
  return `tokens_${collectionCount}`;
}

afterAll(async () => {
  await rawClient.db(databaseName).dropDatabase();
  await rawClient.close();
  await borrowedClient.close();
});

describeConformance("MongoTokenStore with its own client", {
  createStore: () =>
    new MongoTokenStore({ url, databaseName, collection: nextCollection() }),
  readRaw: (store) => readRawTokens(rawClient, store),
  destroyStore: (store) => dropCollection(rawClient, store),
});

describeConformance("MongoTokenStore with a borrowed client", {
  createStore: () =>
    new MongoTokenStore({
      client: borrowedClient,
      databaseName,
      collection: nextCollection(),
    }),
  readRaw: (store) => readRawTokens(rawClient, store),
  destroyStore: (store) => dropCollection(rawClient, store),
});
