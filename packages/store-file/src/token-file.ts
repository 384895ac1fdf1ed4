import {
  TOKEN_FIELDS,
  TokenStoreError,
  copyToken,
  describeIdentity,
  isTokenStoreError,
  tokenIdentities,
  validateId,
  validateTokenInput,
  type OAuthToken,
  type TokenStoreOperation,
} from "@tokenstore/core";

/** Value of the `format` field that marks a token file. */
export const FILE_FORMAT = "tokenstore-file";

/** The one format version this store reads and writes. */
export const FILE_VERSION = 1;

const TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set([
  "format",
  "version",
  "tokens",
]);

const UNCHANGED =
  " The store does not change the file: restore it from a backup, fix it " +
  "by hand, or move it away to start with an empty store.";

/** Serializes tokens as a pretty-printed token file, ending in a newline. */
export function serializeTokenFile(tokens: readonly OAuthToken[]): string {
  const document = {
    format: FILE_FORMAT,
    version: FILE_VERSION,
    tokens: tokens.map(copyToken),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses and checks the bytes of a token file. Throws `CORRUPT_DATA` when they
 * are not a valid version 1 token file and `UNSUPPORTED_VERSION` when the file
 * has another version. Messages name the path and fields, never values.
 */
export function parseTokenFile(
  bytes: Uint8Array,
  path: string,
  operation: TokenStoreOperation,
): OAuthToken[] {
  const corrupt = (problem: string) =>
    new TokenStoreError(
      "CORRUPT_DATA",
      operation,
      `the token file ${path} ${problem}.${UNCHANGED}`,
    );

  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw corrupt("is not valid UTF-8 text");
  }
  if (text.trim().length === 0) {
    throw corrupt("is empty");
  }

  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // The SyntaxError quotes the text around the error, which may contain a
    // token, so it is not passed on.
    throw corrupt("is not valid JSON, for example because it was truncated");
  }

  if (
    document === null ||
    typeof document !== "object" ||
    Array.isArray(document) ||
    (document as Record<string, unknown>)["format"] !== FILE_FORMAT
  ) {
    throw corrupt(
      `is not a token file: it must be a JSON object whose "format" is ` +
        `"${FILE_FORMAT}"`,
    );
  }
  const fields = document as Record<string, unknown>;
  checkVersion(fields["version"], path, operation, corrupt);

  for (const name of Object.keys(fields)) {
    if (!TOP_LEVEL_FIELDS.has(name)) {
      throw corrupt(`has an unknown top-level field ${quoteName(name)}`);
    }
  }
  if (!Array.isArray(fields["tokens"])) {
    throw corrupt('has no "tokens" array');
  }

  const tokens = fields["tokens"].map((record: unknown, index: number) =>
    parseRecord(record, index, corrupt),
  );
  checkUniqueness(tokens, corrupt);
  return tokens;
}

function checkVersion(
  version: unknown,
  path: string,
  operation: TokenStoreOperation,
  corrupt: (problem: string) => TokenStoreError,
): void {
  if (typeof version !== "number" || !Number.isSafeInteger(version)) {
    throw corrupt('has no whole-number "version"');
  }
  if (version !== FILE_VERSION) {
    throw new TokenStoreError(
      "UNSUPPORTED_VERSION",
      operation,
      `the token file ${path} has format version ${version}, but this ` +
        `version of @tokenstore/store-file reads only version ${FILE_VERSION}. ` +
        "Upgrade @tokenstore/store-file to read it. The store does not " +
        "change the file.",
    );
  }
}

function parseRecord(
  record: unknown,
  index: number,
  corrupt: (problem: string) => TokenStoreError,
): OAuthToken {
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    throw corrupt(`has an entry at tokens[${index}] that is not an object`);
  }
  const fields = record as Record<string, unknown>;
  if (fields["id"] === undefined) {
    throw corrupt(`has a token without an id at tokens[${index}]`);
  }
  try {
    validateId(fields["id"], "open");
    validateTokenInput(fields, "open");
  } catch (error) {
    if (!isTokenStoreError(error)) {
      throw error;
    }
    // Core prefixes its messages with "open failed: ", which would read
    // wrongly inside this one.
    const detail = error.message.replace(/^open failed: /, "");
    throw corrupt(`has an invalid token at tokens[${index}]: ${detail}`);
  }

  const token: Record<string, unknown> = { id: fields["id"] };
  for (const field of TOKEN_FIELDS) {
    token[field] = fields[field] ?? null;
  }
  return token as unknown as OAuthToken;
}

function checkUniqueness(
  tokens: readonly OAuthToken[],
  corrupt: (problem: string) => TokenStoreError,
): void {
  const ids = new Map<string, number>();
  const identities = new Map<string, number>();
  tokens.forEach((token, index) => {
    const earlier = ids.get(token.id);
    if (earlier !== undefined) {
      throw corrupt(
        `has two tokens with the same id, at tokens[${earlier}] and ` +
          `tokens[${index}]`,
      );
    }
    ids.set(token.id, index);

    for (const identity of tokenIdentities(token)) {
      const key = JSON.stringify(identity);
      const owner = identities.get(key);
      if (owner !== undefined) {
        throw corrupt(
          `has two tokens with the same ${describeIdentity(identity.kind)}, ` +
            `at tokens[${owner}] and tokens[${index}]`,
        );
      }
      identities.set(key, index);
    }
  });
}

function quoteName(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, "?");
  return JSON.stringify(
    printable.length > 40 ? `${printable.slice(0, 40)}...` : printable,
  );
}
