import { createHash } from "node:crypto";

import {
  TokenStoreError,
  type IdentityKind,
  type MatchKey,
  type OAuthToken,
  type TokenField,
  type TokenStoreOperation,
} from "@tokenstore/core";
import { BSON, Long, type Document } from "mongodb";

/** The identities a token claims, each enforced by a unique index. */
export const IDENTITY_KINDS = [
  "userName",
  "accessToken",
  "grantToken",
  "refreshToken",
] as const satisfies readonly IdentityKind[];

/** Token fields that each identity key is computed from, in hash order. */
export const IDENTITY_FIELDS: Readonly<
  Record<IdentityKind, readonly TokenField[]>
> = {
  userName: ["userName"],
  accessToken: ["accessToken"],
  grantToken: ["clientId", "grantToken"],
  refreshToken: ["clientId", "refreshToken"],
};

/** Name of the subdocument that contains the identity keys. */
export const KEY_FIELD = "_key";

/** Returns the dotted path of an identity key inside a token document. */
export function identityKeyPath(kind: IdentityKind): string {
  return `${KEY_FIELD}.${kind}`;
}

/**
 * Largest document the store writes: MongoDB's `maxBsonObjectSize` since
 * version 1.8. FerretDB 1.24 accepts larger documents on update, so the store
 * checks the size itself to behave the same on both.
 */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * A token as the collection stores it. `_key` has one value per identity,
 * always set, so each can have a plain unique index. The value is a SHA-256
 * hash of the identity's values, or `none:` and the token id when the token
 * has no such identity, because a unique index would treat every missing
 * field as the same null.
 */
export interface TokenDocument {
  _id: string;
  userName: string | null;
  clientId: string | null;
  clientSecret: string | null;
  grantToken: string | null;
  refreshToken: string | null;
  accessToken: string | null;
  expiryTime: Long | null;
  redirectUrl: string | null;
  apiDomain: string | null;
  _key: Record<IdentityKind, string>;
}

// JSON.stringify of a string array is injective, so two different value
// lists never hash the same input.
function hashValues(values: readonly string[]): string {
  const digest = createHash("sha256")
    .update(JSON.stringify(values), "utf8")
    .digest("hex");
  return `sha256:${digest}`;
}

/** Computes the stored key of one identity of `token`. */
export function identityKey(kind: IdentityKind, token: OAuthToken): string {
  const values: string[] = [];
  for (const field of IDENTITY_FIELDS[kind]) {
    const value = token[field];
    if (typeof value !== "string") {
      return `none:${token.id}`;
    }
    values.push(value);
  }
  return hashValues(values);
}

/** Tells whether `token` claims the identity `kind`. */
export function hasIdentity(kind: IdentityKind, token: OAuthToken): boolean {
  return IDENTITY_FIELDS[kind].every(
    (field) => typeof token[field] === "string",
  );
}

/**
 * Builds the query for the token that `key` selects. Every value is a string
 * under `$eq` or a plain string `_id`, so no input can act as an operator.
 */
export function matchFilter(key: MatchKey): Document {
  switch (key.rung) {
    case "id":
      // A plain string `_id` lets FerretDB use its primary key.
      return { _id: key.id };
    case "userName":
      return {
        [identityKeyPath("userName")]: { $eq: hashValues([key.userName]) },
        userName: { $eq: key.userName },
      };
    case "accessToken":
      return {
        [identityKeyPath("accessToken")]: {
          $eq: hashValues([key.accessToken]),
        },
        accessToken: { $eq: key.accessToken },
      };
    case "grantToken":
      return {
        [identityKeyPath("grantToken")]: {
          $eq: hashValues([key.clientId, key.grantToken]),
        },
        clientId: { $eq: key.clientId },
        grantToken: { $eq: key.grantToken },
      };
    case "refreshToken":
      return {
        [identityKeyPath("refreshToken")]: {
          $eq: hashValues([key.clientId, key.refreshToken]),
        },
        clientId: { $eq: key.clientId },
        refreshToken: { $eq: key.refreshToken },
      };
  }
}

/** Converts an expiry time to the BSON value the store writes. */
export function expiryToBson(expiryTime: number | null): Long | null {
  return expiryTime === null ? null : Long.fromNumber(expiryTime);
}

/** Builds the stored document of a token. */
export function toDocument(token: OAuthToken): TokenDocument {
  const keys = {} as Record<IdentityKind, string>;
  for (const kind of IDENTITY_KINDS) {
    keys[kind] = identityKey(kind, token);
  }
  return {
    _id: token.id,
    userName: token.userName,
    clientId: token.clientId,
    clientSecret: token.clientSecret,
    grantToken: token.grantToken,
    refreshToken: token.refreshToken,
    accessToken: token.accessToken,
    expiryTime: expiryToBson(token.expiryTime),
    redirectUrl: token.redirectUrl,
    apiDomain: token.apiDomain,
    [KEY_FIELD]: keys,
  };
}

/** Rejects a token whose document would exceed the MongoDB size limit. */
export function checkDocumentSize(
  document: TokenDocument,
  operation: TokenStoreOperation,
): void {
  const size = BSON.calculateObjectSize(document);
  if (size > MAX_DOCUMENT_BYTES) {
    throw new TokenStoreError(
      "VALUE_TOO_LARGE",
      operation,
      `the token takes ${size} bytes as a MongoDB document, but a document ` +
        `holds at most ${MAX_DOCUMENT_BYTES} bytes. Shorten its longest fields.`,
    );
  }
}

function corrupt(
  operation: TokenStoreOperation,
  message: string,
): TokenStoreError {
  return new TokenStoreError(
    "CORRUPT_DATA",
    operation,
    `${message} The store leaves the document as it is; fix or delete it.`,
  );
}

function describeBsonType(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (typeof value === "object") {
    const bsonType = (value as { _bsontype?: unknown })._bsontype;
    if (typeof bsonType === "string") {
      return `BSON ${bsonType}`;
    }
    return Array.isArray(value) ? "an array" : "an object";
  }
  return `a ${typeof value}`;
}

function readExpiryTime(
  value: unknown,
  id: string,
  operation: TokenStoreOperation,
): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  let expiryTime: number | undefined;
  if (typeof value === "number") {
    expiryTime = value;
  } else if (typeof value === "bigint") {
    expiryTime = Number(value);
  } else if (Long.isLong(value)) {
    expiryTime = value.toNumber();
  }
  if (
    expiryTime === undefined ||
    !Number.isSafeInteger(expiryTime) ||
    expiryTime < 0
  ) {
    throw corrupt(
      operation,
      `the document with _id ${JSON.stringify(id)} has an expiryTime that is ` +
        `not a non-negative safe integer (${describeBsonType(value)}).`,
    );
  }
  return expiryTime;
}

const STRING_FIELDS = [
  "userName",
  "clientId",
  "clientSecret",
  "grantToken",
  "refreshToken",
  "accessToken",
  "redirectUrl",
  "apiDomain",
] as const satisfies readonly TokenField[];

/**
 * Reads a stored document back into a token. A missing field reads as `null`.
 * Throws `CORRUPT_DATA` for a field of the wrong type, naming the field and
 * the document's `_id`, never a value.
 */
export function fromDocument(
  document: Document,
  operation: TokenStoreOperation,
): OAuthToken {
  const id: unknown = document._id;
  if (typeof id !== "string") {
    throw corrupt(
      operation,
      `a document has an _id of ${describeBsonType(id)}, but token ids are strings.`,
    );
  }

  const token: OAuthToken = {
    id,
    userName: null,
    clientId: null,
    clientSecret: null,
    grantToken: null,
    refreshToken: null,
    accessToken: null,
    expiryTime: readExpiryTime(document.expiryTime, id, operation),
    redirectUrl: null,
    apiDomain: null,
  };
  for (const field of STRING_FIELDS) {
    const value: unknown = document[field];
    if (value === null || value === undefined) {
      continue;
    }
    if (typeof value !== "string") {
      throw corrupt(
        operation,
        `the document with _id ${JSON.stringify(id)} has a ${field} of ` +
          `${describeBsonType(value)}, but it must be a string or null.`,
      );
    }
    token[field] = value;
  }
  return token;
}
