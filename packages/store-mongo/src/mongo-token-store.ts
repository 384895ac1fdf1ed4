import { setTimeout as sleep } from "node:timers/promises";

import {
  BaseTokenStore,
  changedFields,
  conflictError,
  findIdentityConflict,
  mergeToken,
  TokenStoreError,
  tokenMatchesKey,
  type ErrorDescription,
  type MatchKey,
  type OAuthToken,
  type TokenInput,
  type TokenStoreOperation,
} from "@tokenstore/core";
import {
  ReadPreference,
  type Collection,
  type Document,
  type IndexDescription,
  type MongoClient,
} from "mongodb";

import { describeMongoError, isDuplicateKeyError } from "./mongo-errors.js";
import { resolveOptions, type MongoTokenStoreOptions } from "./options.js";
import {
  checkDocumentSize,
  expiryToBson,
  fromDocument,
  hasIdentity,
  IDENTITY_FIELDS,
  IDENTITY_KINDS,
  identityKey,
  identityKeyPath,
  matchFilter,
  toDocument,
  type TokenDocument,
} from "./token-document.js";

/** Indexes the store creates on first use, one unique index per identity. */
export const TOKEN_INDEXES: readonly IndexDescription[] = IDENTITY_KINDS.map(
  (kind) => ({
    key: { [identityKeyPath(kind)]: 1 },
    name: `${kind}_identity`,
    unique: true,
  }),
);

/**
 * How often a save re-reads and tries again when a concurrent save or delete
 * got in between its read and its write.
 */
const MAX_SAVE_ATTEMPTS = 10;

/** Maximum random pause before the next attempt, in ms, times the attempt. */
const RETRY_PAUSE_MS = 5;

// Collection-level BSON settings override those of a borrowed client, so
// documents always read back as plain strings and numbers, and reads see
// the latest writes.
const COLLECTION_OPTIONS = {
  promoteLongs: true,
  promoteValues: true,
  promoteBuffers: false,
  useBigInt64: false,
  raw: false,
  bsonRegExp: false,
  readPreference: ReadPreference.primary,
} as const;

const RETRY = Symbol("retry");
type Attempt = OAuthToken | typeof RETRY;

/**
 * Keeps tokens in a MongoDB collection through the official `mongodb` driver,
 * one document per token, with a unique index per identity. A save needs no
 * transaction: it updates the matched document by `_id` under the conditions
 * it read, or inserts, and retries when a concurrent save wins a race.
 * Written for MongoDB 4.4 and later, and tested on FerretDB 1.24.2.
 *
 * NOTE: FerretDB 1.24 on SQLite runs an update as a read and a separate
 * whole-document write, so of two concurrent updates of one token, the fields
 * of one can be lost there. MongoDB applies each update atomically.
 */
export class MongoTokenStore extends BaseTokenStore {
  protected readonly backendName = "MongoDB";
  readonly #collection: Collection<TokenDocument>;
  readonly #client: MongoClient;
  readonly #ownedClient: MongoClient | null;
  #indexesReady: Promise<void> | undefined;

  /**
   * Checks the options and prepares the collection without any I/O. The
   * first operation connects and creates the indexes. Throws
   * `INVALID_ARGUMENT` with operation `open` for a bad option.
   */
  constructor(options: MongoTokenStoreOptions) {
    super();
    const resolved = resolveOptions(options);
    let collection = resolved.db.collection<TokenDocument>(
      resolved.collectionName,
      COLLECTION_OPTIONS,
    );
    // Without acknowledged writes no duplicate key error would come back,
    // and two records could share an identity unnoticed.
    if (collection.writeConcern?.w === 0) {
      collection = resolved.db.collection<TokenDocument>(
        resolved.collectionName,
        { ...COLLECTION_OPTIONS, writeConcern: { w: 1 } },
      );
    }
    this.#collection = collection;
    this.#client = resolved.db.client;
    this.#ownedClient = resolved.ownedClient;
  }

  /**
   * The client the store works through: the one it created from `url`, which
   * `close()` closes, or the caller's.
   */
  get client(): MongoClient {
    return this.#client;
  }

  /** The name of the collection that contains the tokens. */
  get collectionName(): string {
    return this.#collection.collectionName;
  }

  /** The name of the database that contains the collection. */
  get databaseName(): string {
    return this.#collection.dbName;
  }

  async #ready(): Promise<Collection<TokenDocument>> {
    this.#indexesReady ??= this.#createIndexes().catch((error: unknown) => {
      // The next operation tries again, for example once the server is up.
      this.#indexesReady = undefined;
      throw error;
    });
    await this.#indexesReady;
    return this.#collection;
  }

  // One command per index, because FerretDB 1.24 panics and drops the
  // connection when one createIndexes command lists two or more indexes that
  // already exist, as on every reopen of a collection.
  async #createIndexes(): Promise<void> {
    for (const index of TOKEN_INDEXES) {
      await this.#collection.createIndex(index.key, {
        name: index.name,
        unique: index.unique,
      });
    }
  }

  protected async findByKey(key: MatchKey): Promise<OAuthToken | null> {
    const collection = await this.#ready();
    const document = await collection.findOne(matchFilter(key));
    return document === null ? null : fromDocument(document, "findToken");
  }

  protected async findById(id: string): Promise<OAuthToken | null> {
    const collection = await this.#ready();
    const document = await collection.findOne({ _id: id });
    return document === null ? null : fromDocument(document, "findTokenById");
  }

  protected async upsert(
    input: TokenInput,
    key: MatchKey,
  ): Promise<OAuthToken> {
    const collection = await this.#ready();
    for (let attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt += 1) {
      const found = await collection.findOne(matchFilter(key));
      const result =
        found === null
          ? await this.#insert(collection, input, key)
          : await this.#update(
              collection,
              fromDocument(found, "saveToken"),
              input,
              key,
            );
      if (result !== RETRY) {
        return result;
      }
      await sleep(Math.random() * RETRY_PAUSE_MS * attempt);
    }
    throw new TokenStoreError(
      "BACKEND_ERROR",
      "saveToken",
      `the save did not settle after ${MAX_SAVE_ATTEMPTS} attempts, because ` +
        "concurrent saves or deletes kept changing the same tokens. Save again.",
    );
  }

  async #insert(
    collection: Collection<TokenDocument>,
    input: TokenInput,
    key: MatchKey,
  ): Promise<Attempt> {
    const token = mergeToken(null, input);
    const document = toDocument(token);
    checkDocumentSize(document, "saveToken");
    try {
      await collection.insertOne(document);
      return token;
    } catch (error) {
      if (!isDuplicateKeyError(error)) {
        throw error;
      }
      return this.#resolveDuplicate(collection, token, key, null);
    }
  }

  /**
   * Writes the fields the save sets, and the identity keys computed from
   * them, into the matched document. The keys of an identity also depend on
   * fields the save leaves alone (`clientId` for `grantToken`), so the update
   * filter requires those fields to still have the values the keys were
   * computed from, next to the match conditions. A document that changed or
   * vanished since the read no longer matches, and the save starts over.
   * MongoDB checks the filter and writes in one atomic step.
   */
  async #update(
    collection: Collection<TokenDocument>,
    stored: OAuthToken,
    input: TokenInput,
    key: MatchKey,
  ): Promise<Attempt> {
    const changes = changedFields(input);
    const changedNames = new Set(Object.keys(changes));
    const merged = mergeToken(stored, input);

    const filter: Document = { ...matchFilter(key), _id: stored.id };
    const set: Document = {};
    for (const [field, value] of Object.entries(changes)) {
      set[field] =
        field === "expiryTime" ? expiryToBson(value as number | null) : value;
    }
    for (const kind of IDENTITY_KINDS) {
      const fields = IDENTITY_FIELDS[kind];
      if (!fields.some((field) => changedNames.has(field))) {
        continue;
      }
      set[identityKeyPath(kind)] = identityKey(kind, merged);
      for (const field of fields) {
        if (!changedNames.has(field)) {
          filter[field] = { $eq: stored[field] };
        }
      }
    }
    if (Object.keys(set).length === 0) {
      return stored;
    }
    checkDocumentSize(toDocument(merged), "saveToken");

    try {
      const updated = await collection.findOneAndUpdate(
        filter,
        { $set: set },
        { returnDocument: "after" },
      );
      return updated === null ? RETRY : fromDocument(updated, "saveToken");
    } catch (error) {
      if (!isDuplicateKeyError(error)) {
        throw error;
      }
      return this.#resolveDuplicate(collection, merged, key, stored.id);
    }
  }

  /**
   * Decides what a duplicate key error means. Another document that matches
   * the save's own key was inserted by a concurrent save: start over, which
   * finds and updates it. Another document that shares an identity is a
   * `CONFLICT`. No such document any more: it was changed or deleted since,
   * so start over.
   */
  async #resolveDuplicate(
    collection: Collection<TokenDocument>,
    token: OAuthToken,
    key: MatchKey,
    ownId: string | null,
  ): Promise<Attempt> {
    const claims: Document[] = IDENTITY_KINDS.filter((kind) =>
      hasIdentity(kind, token),
    ).map((kind) => ({ [identityKeyPath(kind)]: identityKey(kind, token) }));
    if (ownId === null) {
      claims.push({ _id: token.id });
    }
    if (claims.length === 0) {
      return RETRY;
    }

    const others: OAuthToken[] = [];
    for (const document of await collection
      .find({ $or: claims })
      .limit(IDENTITY_KINDS.length + 1)
      .toArray()) {
      if (document._id !== ownId) {
        others.push(fromDocument(document, "saveToken"));
      }
    }
    if (others.some((other) => tokenMatchesKey(other, key))) {
      return RETRY;
    }
    const conflict = findIdentityConflict(token, others);
    if (conflict !== null) {
      throw conflictError("saveToken", conflict.kind, conflict.tokenId);
    }
    return RETRY;
  }

  protected async deleteById(id: string): Promise<boolean> {
    const collection = await this.#ready();
    const result = await collection.deleteOne({ _id: id });
    return result.deletedCount === 1;
  }

  protected async listTokens(): Promise<OAuthToken[]> {
    const collection = await this.#ready();
    const documents = await collection.find({}).toArray();
    return documents.map((document) => fromDocument(document, "getTokens"));
  }

  protected async deleteAll(): Promise<void> {
    const collection = await this.#ready();
    await collection.deleteMany({});
  }

  protected async release(): Promise<void> {
    if (this.#ownedClient !== null) {
      await this.#ownedClient.close();
    }
  }

  protected override describeError(
    error: unknown,
    _operation: TokenStoreOperation,
  ): ErrorDescription | undefined {
    return describeMongoError(error);
  }
}
