// Reads the tokens, then tries one save of a large token, and writes the
// outcome as one JSON line. Tests run it where writes must fail.
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { dirname } from "node:path";

import { isTokenStoreError } from "@tokenstore/core";

import { FileTokenStore } from "../../src/index.js";

const [path] = process.argv.slice(2);
if (path === undefined) {
  throw new Error("usage: save-once.ts <token file>");
}

// Node ignores SIGXFSZ, so a write past the file size limit fails with
// EFBIG. proper-lockfile's exit hook re-raises the signal and ends the
// process unless the process has a listener of its own.
process.on("SIGXFSZ", () => undefined);

const directoryWritable = await access(dirname(path), constants.W_OK).then(
  () => true,
  () => false,
);

const store = new FileTokenStore({ path, lockTimeoutMs: 5000 });
const readCount = (await store.getTokens()).length;

let error: unknown;
try {
  await store.saveToken({
    userName: "large-token",
    accessToken: "a".repeat(1_000_000),
  });
} catch (caught) {
  error = caught;
}
await store.close();

process.stdout.write(
  JSON.stringify({
    directoryWritable,
    readCount,
    error: isTokenStoreError(error)
      ? { code: error.code, operation: error.operation, message: error.message }
      : error === undefined
        ? null
        : { unexpected: String(error) },
  }) + "\n",
);
