import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

import type { OAuthToken } from "@tokenstore/core";
import {
  FILE_FORMAT,
  FILE_VERSION,
  FileTokenStore,
} from "@tokenstore/store-file";

import type { Dataset } from "../dataset.js";
import type { OperationName, Suite } from "../harness.js";
import { WriteLedger } from "../write-check.js";
import { storeCases, type Backdoor } from "./store-cases.js";
import {
  createZohoFileStore,
  writeZohoCsv,
  zohoCases,
  zohoCsvBackdoor,
} from "./zoho.js";

/** Writes a token file in the store's format: two-space JSON and a newline. */
async function writeTokenFile(path: string, dataset: Dataset): Promise<void> {
  const document = {
    format: FILE_FORMAT,
    version: FILE_VERSION,
    tokens: dataset.tokens,
  };
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`, {
    mode: 0o600,
  });
}

async function readTokenFile(path: string): Promise<OAuthToken[]> {
  const document = JSON.parse(await readFile(path, "utf8")) as {
    tokens: OAuthToken[];
  };
  return document.tokens;
}

/**
 * Seeds a JSON token file and the Zoho FileStore's CSV with the same tokens,
 * and pairs `FileTokenStore` with the SDK's FileStore.
 */
export async function createFileSuite(
  dataset: Dataset,
  workDirectory: string,
): Promise<Suite> {
  const directory = join(workDirectory, `file-${dataset.size}`);
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const tokenPath = join(directory, "tokens.json");
  const csvPath = join(directory, "zoho-tokens.csv");

  const seedStart = performance.now();
  await writeTokenFile(tokenPath, dataset);
  await writeZohoCsv(csvPath, dataset);
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const store = new FileTokenStore({ path: tokenPath });
  const backdoor: Backdoor = {
    accessTokens: async (userNames) => {
      const wanted = new Set(userNames);
      const stored = new Map<string, string | null>();
      for (const token of await readTokenFile(tokenPath)) {
        if (token.userName !== null && wanted.has(token.userName)) {
          stored.set(token.userName, token.accessToken);
        }
      }
      return stored;
    },
    // Deleting through the store keeps its parsed copy of the file current,
    // so the next timed call does not pay for a parse the store never needs
    // in use.
    removeUsers: async (userNames) => {
      let removed = 0;
      for (const userName of userNames) {
        const token = await store.findToken({ userName });
        if (token !== null && (await store.deleteToken(token.id))) {
          removed += 1;
        }
      }
      return removed;
    },
  };
  const stores = storeCases(
    "FileTokenStore",
    store,
    dataset,
    new WriteLedger("file-store-access"),
    backdoor,
  );
  const zoho = zohoCases(
    "Zoho FileStore",
    createZohoFileStore(csvPath),
    dataset,
    new WriteLedger("zoho-file-access"),
    zohoCsvBackdoor(csvPath),
  );

  const operations: Suite["operations"] = {};
  for (const operation of Object.keys(stores) as OperationName[]) {
    operations[operation] = [stores[operation], zoho[operation]];
  }
  return {
    store: "file",
    size: dataset.size,
    durability: [
      "FileTokenStore: every save takes a proper-lockfile lock, writes a " +
        "temporary file, fsyncs it, renames it over the token file and " +
        "fsyncs the directory.",
      "Zoho FileStore: every save rewrites the CSV file in place with " +
        "writeFileSync, with no fsync, no rename and no lock.",
    ],
    seedSeconds,
    versions: {},
    operations,
    close: async () => {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
