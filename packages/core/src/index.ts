export { BaseTokenStore, type ErrorDescription } from "./base-token-store.js";
export {
  ERROR_CODES,
  TokenStoreError,
  isTokenStoreError,
  redactError,
  redactText,
  type TokenStoreErrorCode,
  type TokenStoreErrorOptions,
  type TokenStoreOperation,
} from "./errors.js";
export {
  describeIdentity,
  findIdentityConflict,
  identityMatchKey,
  tokenIdentities,
  type Identity,
  type IdentityConflict,
  type IdentityKind,
} from "./identity.js";
export {
  findMatchingToken,
  matchConditions,
  requireMatchKey,
  selectMatchKey,
  tokenMatchesKey,
  type MatchField,
  type MatchKey,
} from "./match.js";
export {
  changedFields,
  conflictError,
  generateTokenId,
  mergeToken,
} from "./merge.js";
export {
  KEY_FIELDS,
  SECRET_FIELDS,
  TOKEN_FIELDS,
  copyToken,
  secretValues,
  type OAuthToken,
  type TokenField,
  type TokenInput,
} from "./token.js";
export type { TokenStore } from "./token-store.js";
export {
  MAX_ID_LENGTH,
  snapshotTokenInput,
  validateId,
  validateTokenInput,
} from "./validation.js";
