import { chmod, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";

import type { OAuthToken } from "@tokenstore/core";
import {
  DEFAULT_TABLE,
  METADATA_TABLE,
  SCHEMA_VERSION,
  SqliteTokenStore,
  metadataTableDdl,
  tokenTableDdl,
} from "@tokenstore/store-sqlite";
import Database from "better-sqlite3";

import { insertedToken, nextInsertSequence, type Dataset } from "../dataset.js";
import type { BenchCase, OperationName, Suite } from "../harness.js";
import { checkAffected, WriteLedger } from "../write-check.js";
import {
  checkFound,
  confirmUpdates,
  currentAccessToken,
  plannedUpdate,
  removeInserted,
  storeCases,
  type Backdoor,
} from "./store-cases.js";

const REFERENCE_LABEL = "better-sqlite3 statement";
const TABLE = `"${DEFAULT_TABLE}"`;
const COLUMNS = [
  "id",
  "user_name",
  "client_id",
  "client_secret",
  "grant_token",
  "refresh_token",
  "access_token",
  "expiry_time",
  "redirect_url",
  "api_domain",
] as const;
const SELECT = `SELECT ${COLUMNS.join(", ")} FROM ${TABLE}`;
const INSERT =
  `INSERT INTO ${TABLE} (${COLUMNS.join(", ")}) ` +
  `VALUES (${COLUMNS.map(() => "?").join(", ")})`;

/** Opens a connection with the pragmas the store sets on a file it opens. */
function openConnection(path: string): Database.Database {
  const database = new Database(path, { timeout: 5000 });
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = FULL");
  database.pragma("secure_delete = ON");
  return database;
}

function rowValues(token: OAuthToken): unknown[] {
  return [
    token.id,
    token.userName,
    token.clientId,
    token.clientSecret,
    token.grantToken,
    token.refreshToken,
    token.accessToken,
    token.expiryTime,
    token.redirectUrl,
    token.apiDomain,
  ];
}

/** Creates the store's tables and inserts the tokens in one transaction. */
function seed(database: Database.Database, dataset: Dataset): void {
  database.exec(metadataTableDdl());
  database.exec(tokenTableDdl(DEFAULT_TABLE));
  database
    .prepare(
      `INSERT INTO ${METADATA_TABLE} (table_name, version) VALUES (?, ?)`,
    )
    .run(DEFAULT_TABLE, SCHEMA_VERSION);
  const insert = database.prepare(INSERT);
  database.transaction(() => {
    for (const token of dataset.tokens) {
      insert.run(rowValues(token));
    }
  })();
}

function referenceCases(
  database: Database.Database,
  dataset: Dataset,
  ledger: WriteLedger,
  backdoor: Backdoor,
): Record<OperationName, BenchCase> {
  const label = REFERENCE_LABEL;
  const lookup = (
    where: string,
    parameters: (token: OAuthToken) => unknown[],
  ): BenchCase => {
    const statement = database.prepare<unknown[], { id: string }>(
      `${SELECT} WHERE ${where}`,
    );
    return {
      label,
      role: "reference",
      prepare: (keys) => {
        const tokens = keys.map((index) => dataset.token(index));
        const inputs = tokens.map(parameters);
        return {
          run: () => {
            for (let index = 0; index < inputs.length; index += 1) {
              const row = statement.get(...(inputs[index] as unknown[]));
              checkFound(label, row?.id, (tokens[index] as OAuthToken).id);
            }
          },
        };
      },
    };
  };
  const insert = database.prepare(INSERT);
  const update = database.prepare(
    `UPDATE ${TABLE} SET access_token = ?, expiry_time = ? WHERE user_name = ?`,
  );

  return {
    findById: lookup("id = ?", (token) => [token.id]),
    findByUserName: lookup("user_name = ?", (token) => [token.userName]),
    findByAccessToken: lookup("access_token = ?", (token) => [
      currentAccessToken(ledger, token),
    ]),
    findByRefreshToken: lookup(
      "client_id = ? AND refresh_token = ?",
      (token) => [token.clientId, token.refreshToken],
    ),
    saveInsert: {
      label,
      role: "reference",
      prepare: (keys) => {
        const inputs = keys.map(() => {
          const sequence = nextInsertSequence();
          return rowValues({
            id: crypto.randomUUID(),
            ...insertedToken(sequence),
          });
        });
        return {
          run: () => {
            for (const values of inputs) {
              checkAffected(label, insert.run(values).changes);
            }
          },
          settle: () =>
            removeInserted(
              label,
              inputs.map((values) => values[1] as string),
              backdoor,
            ),
        };
      },
    },
    saveUpdate: {
      label,
      role: "reference",
      prepare: (keys) => {
        const inputs = keys.map((index) =>
          plannedUpdate(ledger, dataset.token(index)),
        );
        return {
          run: () => {
            for (const input of inputs) {
              const result = update.run(
                input.accessToken,
                input.expiryTime,
                input.userName,
              );
              checkAffected(label, result.changes);
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

function sqlBackdoor(database: Database.Database): Backdoor {
  return {
    accessTokens: async (userNames) => {
      const placeholders = userNames.map(() => "?").join(", ");
      const rows = database
        .prepare<unknown[], { user_name: string; access_token: string | null }>(
          `SELECT user_name, access_token FROM ${TABLE} ` +
            `WHERE user_name IN (${placeholders})`,
        )
        .all(...userNames);
      return new Map(rows.map((row) => [row.user_name, row.access_token]));
    },
    removeUsers: async (userNames) => {
      const placeholders = userNames.map(() => "?").join(", ");
      return database
        .prepare(`DELETE FROM ${TABLE} WHERE user_name IN (${placeholders})`)
        .run(...userNames).changes;
    },
  };
}

/**
 * Seeds an SQLite file in the store's schema through better-sqlite3, opens
 * `SqliteTokenStore` on it, and pairs the store with prepared statements on a
 * second connection with the same pragmas.
 */
export async function createSqliteSuite(
  dataset: Dataset,
  workDirectory: string,
): Promise<Suite> {
  const directory = join(workDirectory, `sqlite-${dataset.size}`);
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const path = join(directory, "tokens.db");

  const seedStart = performance.now();
  const database = openConnection(path);
  await chmod(path, 0o600);
  seed(database, dataset);
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const synchronous = database.pragma("synchronous", { simple: true });
  const journalMode = database.pragma("journal_mode", { simple: true });
  const sqliteVersion = (
    database.prepare("SELECT sqlite_version() AS version").get() as {
      version: string;
    }
  ).version;

  const store = new SqliteTokenStore({ database: path });
  const backdoor = sqlBackdoor(database);
  const ledger = new WriteLedger("sqlite-access");
  const stores = storeCases(
    "SqliteTokenStore",
    store,
    dataset,
    ledger,
    backdoor,
  );
  const references = referenceCases(database, dataset, ledger, backdoor);

  const operations: Suite["operations"] = {};
  for (const operation of Object.keys(stores) as OperationName[]) {
    operations[operation] = [stores[operation], references[operation]];
  }
  return {
    store: "sqlite",
    size: dataset.size,
    durability: [
      `SQLite ${sqliteVersion} (better-sqlite3). The store and the reference ` +
        "each open their own connection to one file, both with " +
        `journal_mode=${String(journalMode).toUpperCase()}, synchronous=FULL ` +
        `(PRAGMA synchronous returns ${String(synchronous)} on the ` +
        "reference's connection) and secure_delete=ON, so every commit " +
        "fsyncs the WAL.",
      "SqliteTokenStore saves in a BEGIN IMMEDIATE transaction (SELECT, then " +
        "INSERT or UPDATE). The reference runs one autocommitted INSERT, or " +
        "an UPDATE of the changed columns.",
    ],
    seedSeconds,
    versions: { SQLite: sqliteVersion },
    operations,
    close: async () => {
      await store.close();
      database.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
