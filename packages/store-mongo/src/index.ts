export { MongoTokenStore, TOKEN_INDEXES } from "./mongo-token-store.js";
export {
  DEFAULT_COLLECTION,
  DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
  type MongoClientConnection,
  type MongoDbConnection,
  type MongoTokenStoreOptions,
  type MongoUrlConnection,
} from "./options.js";
export { identityKey, type TokenDocument } from "./token-document.js";
