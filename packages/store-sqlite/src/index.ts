export { SqliteTokenStore } from "./sqlite-token-store.js";
export type { SqliteTokenStoreOptions } from "./options.js";
export {
  DEFAULT_TABLE,
  METADATA_TABLE,
  SCHEMA_VERSION,
  metadataTableDdl,
  tokenTableDdl,
} from "./schema.js";
