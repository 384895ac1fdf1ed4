import { readFile, writeFile } from "node:fs/promises";

import type { OAuthToken } from "@tokenstore/core";
import zohoSdk from "@zohocrm/typescript-sdk-8.0";
import type { OAuthToken as ZohoOAuthToken } from "@zohocrm/typescript-sdk-8.0";

import { insertedToken, nextInsertSequence, type Dataset } from "../dataset.js";
import type { BenchCase, OperationName } from "../harness.js";
import type { WriteLedger } from "../write-check.js";
import {
  checkFound,
  confirmUpdates,
  currentAccessToken,
  plannedUpdate,
  removeInserted,
  type Backdoor,
} from "./store-cases.js";

/** The Zoho SDK version the references run, as pinned in package.json. */
export const ZOHO_SDK_PACKAGE = "@zohocrm/typescript-sdk-8.0";

/**
 * The columns of the SDK's FileStore CSV and DBStore table, in the order its
 * `setToken` writes them.
 */
export const ZOHO_COLUMNS = [
  "id",
  "user_name",
  "client_id",
  "client_secret",
  "refresh_token",
  "access_token",
  "grant_token",
  "expiry_time",
  "redirect_url",
  "api_domain",
] as const;

/** Builds the DBStore table as the SDK's README gives it, with id varchar(10). */
export function zohoTableDdl(table: string): string {
  return `CREATE TABLE ${table} (
  id varchar(10) NOT NULL,
  user_name varchar(255),
  client_id varchar(255),
  client_secret varchar(255),
  refresh_token varchar(255),
  access_token varchar(255),
  grant_token varchar(255),
  expiry_time varchar(20),
  redirect_url varchar(255),
  api_domain varchar(255),
  primary key (id)
)`;
}

/**
 * Returns the SDK's id of a seeded token. Its ids are decimal numbers, and
 * DBStore's column has room for ten characters.
 */
export function zohoId(index: number): string {
  return String(index + 1);
}

/** Ids of inserted tokens start here, above every seeded id. */
const FIRST_INSERTED_ID = 1_000_000_000;

/** Builds the row of a token in the SDK's column order, `null` for no value. */
export function zohoRow(token: OAuthToken, id: string): (string | null)[] {
  return [
    id,
    token.userName,
    token.clientId,
    token.clientSecret,
    token.refreshToken,
    token.accessToken,
    token.grantToken,
    token.expiryTime === null ? null : String(token.expiryTime),
    token.redirectUrl,
    token.apiDomain,
  ];
}

function newZohoToken(fields: {
  id?: string;
  userName?: string;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  accessToken?: string;
}): ZohoOAuthToken {
  return new zohoSdk.OAuthToken(
    fields.clientId ?? null,
    fields.clientSecret ?? null,
    null,
    fields.refreshToken ?? null,
    null,
    fields.id ?? null,
    fields.accessToken ?? null,
    fields.userName === undefined
      ? null
      : new zohoSdk.UserSignature(fields.userName),
  );
}

/** The methods that the SDK's FileStore and DBStore share. */
export interface ZohoStore {
  findToken(token: ZohoOAuthToken): Promise<unknown>;
  findTokenById(id: string): Promise<unknown>;
  saveToken(token: ZohoOAuthToken): Promise<void>;
}

function idOf(found: unknown): string | null {
  return found instanceof zohoSdk.OAuthToken ? found.getId() : null;
}

/**
 * Builds the cases of a Zoho SDK store. It has no `findToken` by id, so that row
 * times `findTokenById`. Inserts give an id because DBStore's own id
 * (`max(id) + 1` over a varchar column) repeats an existing id once ten
 * tokens are stored.
 */
export function zohoCases(
  label: string,
  store: ZohoStore,
  dataset: Dataset,
  ledger: WriteLedger,
  backdoor: Backdoor,
): Record<OperationName, BenchCase> {
  const lookup = (
    find: (index: number, token: OAuthToken) => Promise<unknown>,
  ): BenchCase => ({
    label,
    role: "reference",
    prepare: (keys) => {
      const tokens = keys.map((index) => dataset.token(index));
      return {
        run: async () => {
          for (let position = 0; position < keys.length; position += 1) {
            const index = keys[position] as number;
            const found = await find(index, tokens[position] as OAuthToken);
            checkFound(label, idOf(found), zohoId(index));
          }
        },
      };
    },
  });

  return {
    findById: lookup((index) => store.findTokenById(zohoId(index))),
    findByUserName: lookup((_, token) =>
      store.findToken(newZohoToken({ userName: token.userName as string })),
    ),
    findByAccessToken: lookup((_, token) =>
      store.findToken(
        newZohoToken({ accessToken: currentAccessToken(ledger, token) }),
      ),
    ),
    findByRefreshToken: lookup((_, token) =>
      store.findToken(
        newZohoToken({
          clientId: token.clientId as string,
          clientSecret: token.clientSecret as string,
          refreshToken: token.refreshToken as string,
        }),
      ),
    ),
    saveInsert: {
      label,
      role: "reference",
      prepare: (keys) => {
        const inputs = keys.map(() => {
          const sequence = nextInsertSequence();
          const fields = insertedToken(sequence);
          const token = newZohoToken({
            id: String(FIRST_INSERTED_ID + sequence),
            userName: fields.userName as string,
            clientId: fields.clientId as string,
            clientSecret: fields.clientSecret as string,
            refreshToken: fields.refreshToken as string,
            accessToken: fields.accessToken as string,
          });
          token.setExpiresIn(String(fields.expiryTime));
          token.setRedirectURL(fields.redirectUrl as string);
          token.setAPIDomain(fields.apiDomain as string);
          return { userName: fields.userName as string, token };
        });
        return {
          run: async () => {
            for (const input of inputs) {
              await store.saveToken(input.token);
            }
          },
          settle: () =>
            removeInserted(
              label,
              inputs.map((input) => input.userName),
              backdoor,
            ),
        };
      },
    },
    saveUpdate: {
      label,
      role: "reference",
      prepare: (keys) => {
        const inputs = keys.map((index) => {
          const update = plannedUpdate(ledger, dataset.token(index));
          const token = newZohoToken({
            userName: update.userName,
            accessToken: update.accessToken,
          });
          token.setExpiresIn(String(update.expiryTime));
          return { userName: update.userName, token };
        });
        return {
          run: async () => {
            for (const input of inputs) {
              await store.saveToken(input.token);
            }
          },
          settle: () =>
            confirmUpdates(
              label,
              ledger,
              inputs.map((input) => input.userName),
              backdoor,
            ),
        };
      },
    },
  };
}

/** Column positions in a FileStore CSV line. */
const CSV_USER_NAME = ZOHO_COLUMNS.indexOf("user_name");
const CSV_ACCESS_TOKEN = ZOHO_COLUMNS.indexOf("access_token");

/**
 * Writes the CSV file the SDK's FileStore reads: a header line and one line
 * per token, values joined by commas (the SDK does not quote), no final
 * newline.
 */
export async function writeZohoCsv(
  path: string,
  dataset: Dataset,
): Promise<void> {
  const lines = [ZOHO_COLUMNS.join(",")];
  dataset.tokens.forEach((token, index) => {
    lines.push(zohoRow(token, zohoId(index)).join(","));
  });
  await writeFile(path, lines.join("\n"), { mode: 0o600 });
}

/** Reads and edits the SDK's CSV file directly. */
export function zohoCsvBackdoor(path: string): Backdoor {
  const readLines = async () => (await readFile(path, "utf8")).split("\n");
  return {
    accessTokens: async (userNames) => {
      const wanted = new Set(userNames);
      const stored = new Map<string, string | null>();
      for (const line of (await readLines()).slice(1)) {
        const fields = line.split(",");
        const userName = fields[CSV_USER_NAME];
        if (userName !== undefined && wanted.has(userName)) {
          stored.set(userName, fields[CSV_ACCESS_TOKEN] || null);
        }
      }
      return stored;
    },
    removeUsers: async (userNames) => {
      const doomed = new Set(userNames);
      const lines = await readLines();
      const kept = lines.filter(
        (line, index) =>
          index === 0 || !doomed.has(line.split(",")[CSV_USER_NAME] ?? ""),
      );
      await writeFile(path, kept.join("\n"));
      return lines.length - kept.length;
    },
  };
}

/** Creates the SDK's FileStore on an existing CSV file. */
export function createZohoFileStore(path: string): ZohoStore {
  return new zohoSdk.FileStore(path);
}
