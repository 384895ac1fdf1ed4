export { MysqlTokenStore } from "./mysql-token-store.js";
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  type BorrowedPoolOptions,
  type ConnectionOptions,
  type MysqlTokenStoreOptions,
  type UriOptions,
} from "./options.js";
export {
  DEFAULT_TABLE,
  SCHEMA_TABLE,
  SCHEMA_VERSION,
  schemaTableDdl,
  tokenTableDdl,
} from "./schema.js";
