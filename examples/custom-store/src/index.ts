export {
  DirectoryTokenStore,
  type DirectoryTokenStoreOptions,
} from "./directory-token-store.js";
