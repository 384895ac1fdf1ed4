import { isDeepStrictEqual } from "node:util";

import {
  isTokenStoreError,
  mergeToken,
  type OAuthToken,
  type TokenInput,
  type TokenStore,
} from "@tokenstore/core";

import type { Output } from "./output.js";
import { maskUrlPassword, type StoreHandle } from "./store-spec.js";
import {
  readZohoCsv,
  readZohoMysql,
  type SourceTokens,
} from "./zoho-sources.js";

export interface CopyCounts {
  copied: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface CopySource {
  label: string;
  read(): Promise<SourceTokens>;
}

const ZOHO_CSV = "zoho-csv:";
const ZOHO_MYSQL = "zoho-mysql://";

/** Tells whether a name is a source that only `copy` reads (a Zoho SDK format). */
export function isZohoSource(spec: string): boolean {
  return spec.startsWith(ZOHO_CSV) || spec.startsWith(ZOHO_MYSQL);
}

/**
 * Builds a copy source from a Zoho SDK format name (`zoho-csv:PATH`, or
 * `zoho-mysql://...` for a DBStore table) or from any store.
 */
export function copySource(
  spec: string,
  handle: () => StoreHandle,
  zohoTable: string,
): CopySource {
  if (spec.startsWith(ZOHO_CSV)) {
    const path = spec.slice(ZOHO_CSV.length);
    return { label: spec, read: () => readZohoCsv(path) };
  }
  if (spec.startsWith(ZOHO_MYSQL)) {
    const url = `mysql://${spec.slice(ZOHO_MYSQL.length)}`;
    return {
      label: `${maskUrlPassword(spec)} table ${zohoTable}`,
      read: () => readZohoMysql(url, zohoTable),
    };
  }
  const store = handle();
  return {
    label: store.label,
    async read() {
      const opened = await store.open();
      try {
        return { tokens: await opened.getTokens(), problems: [] };
      } finally {
        await opened.close();
      }
    },
  };
}

function sameContent(stored: OAuthToken, incoming: TokenInput): boolean {
  return isDeepStrictEqual(mergeToken(stored, incoming), stored);
}

/** Finds the target token a copied token would update: by id, else by the match rule. */
async function findExisting(
  store: TokenStore,
  token: TokenInput,
): Promise<OAuthToken | null> {
  if (token.id !== undefined) {
    return store.findTokenById(token.id);
  }
  try {
    return await store.findToken(token);
  } catch (error) {
    if (isTokenStoreError(error) && error.code === "NO_MATCH_KEY") {
      return null;
    }
    throw error;
  }
}

/**
 * Copies every token of `source` into `target`, keeping ids, so running it
 * twice changes nothing the second time. Prints the counts; exits with 1 when
 * any token could not be read or saved.
 */
export async function copyCommand(
  source: CopySource,
  target: StoreHandle,
  output: Output,
): Promise<number> {
  const { tokens, problems } = await source.read();
  const counts: CopyCounts = {
    copied: 0,
    updated: 0,
    unchanged: 0,
    failed: problems.length,
  };
  for (const problem of problems) {
    output.error(
      `skipped ${problem.location} of ${source.label}: ${problem.message}`,
    );
  }

  const store = await target.open();
  try {
    for (const token of tokens) {
      const existing = await findExisting(store, token);
      if (existing !== null && sameContent(existing, token)) {
        counts.unchanged += 1;
        continue;
      }
      try {
        await store.saveToken(token);
        if (existing === null) {
          counts.copied += 1;
        } else {
          counts.updated += 1;
        }
      } catch (error) {
        if (!isTokenStoreError(error)) {
          throw error;
        }
        counts.failed += 1;
        output.error(
          `could not copy token ${token.id ?? "(no id)"}: ${error.code}: ${error.message}`,
        );
      }
    }
  } finally {
    await store.close();
  }

  output.write(
    `Copied ${source.label} to ${target.label}: ${counts.copied} copied, ` +
      `${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.failed} failed\n`,
  );
  return counts.failed > 0 ? 1 : 0;
}
