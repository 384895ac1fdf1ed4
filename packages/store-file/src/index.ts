export { FileTokenStore } from "./file-token-store.js";
export type { FileTokenStoreOptions } from "./options.js";
export { FILE_FORMAT, FILE_VERSION } from "./token-file.js";
