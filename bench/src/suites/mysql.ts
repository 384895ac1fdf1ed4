import type { OAuthToken } from "@tokenstore/core";
import {
  MysqlTokenStore,
  SCHEMA_TABLE,
  SCHEMA_VERSION,
  schemaTableDdl,
  tokenTableDdl,
} from "@tokenstore/store-mysql";
import zohoSdk from "@zohocrm/typescript-sdk-8.0";
import {
  createPool,
  type Pool,
  type ResultSetHeader,
  type RowDataPacket,
} from "mysql2/promise";

import { insertedToken, nextInsertSequence, type Dataset } from "../dataset.js";
import type { BenchCase, OperationName, Suite } from "../harness.js";
import { REFERENCES } from "../report/targets.js";
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
import {
  zohoCases,
  zohoId,
  zohoRow,
  zohoTableDdl,
  type ZohoStore,
} from "./zoho.js";

const TABLE = "bench_tokens";
const ZOHO_TABLE = "bench_zoho_oauthtoken";
const SEED_CHUNK = 1000;

/** The only host the bench lets Zoho's DBStore connect to. */
const LOOPBACK = "127.0.0.1";

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
const SELECT = `SELECT ${COLUMNS.join(", ")} FROM \`${TABLE}\``;
const HASHED = (column: string) =>
  `${column}_hash = UNHEX(SHA2(?, 256)) AND ${column} = ?`;

type Row = RowDataPacket & Record<string, unknown>;

function rowValues(token: OAuthToken): (string | number | null)[] {
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

function idOf(row: Row | undefined): string | undefined {
  const id = row?.["id"];
  return Buffer.isBuffer(id) ? id.toString("utf8") : (id as string | undefined);
}

/** Drops the bench's tables and its version row, leaving other tables. */
async function dropTables(pool: Pool): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS \`${TABLE}\`, \`${ZOHO_TABLE}\``);
  await pool.query(schemaTableDdl());
  await pool.execute(`DELETE FROM \`${SCHEMA_TABLE}\` WHERE table_name = ?`, [
    TABLE,
  ]);
}

/** Inserts rows in multi-row INSERTs of `SEED_CHUNK`, in one transaction. */
async function insertRows(
  pool: Pool,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
): Promise<void> {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    for (let start = 0; start < rows.length; start += SEED_CHUNK) {
      await connection.query(
        `INSERT INTO \`${table}\` (${columns.join(", ")}) VALUES ?`,
        [rows.slice(start, start + SEED_CHUNK)],
      );
    }
    await connection.commit();
  } finally {
    connection.release();
  }
}

/**
 * Creates the store's table from the store's own DDL, records its schema
 * version the way the store does, and fills it and the Zoho table.
 */
async function seed(pool: Pool, dataset: Dataset): Promise<void> {
  await dropTables(pool);
  await pool.execute(
    `INSERT INTO \`${SCHEMA_TABLE}\` (table_name, version) VALUES (?, ?)`,
    [TABLE, SCHEMA_VERSION],
  );
  await pool.query(tokenTableDdl(TABLE));
  await insertRows(pool, TABLE, COLUMNS, dataset.tokens.map(rowValues));
  await pool.query(zohoTableDdl(ZOHO_TABLE));
  await insertRows(
    pool,
    ZOHO_TABLE,
    [
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
    ],
    dataset.tokens.map((token, index) => zohoRow(token, zohoId(index))),
  );
  await pool.query(`ANALYZE TABLE \`${TABLE}\`, \`${ZOHO_TABLE}\``);
}

function storeBackdoor(pool: Pool): Backdoor {
  const hashes = (count: number) =>
    Array.from({ length: count }, () => "UNHEX(SHA2(?, 256))").join(", ");
  return {
    accessTokens: async (userNames) => {
      const [rows] = await pool.execute<Row[]>(
        `SELECT user_name, access_token FROM \`${TABLE}\` ` +
          `WHERE user_name_hash IN (${hashes(userNames.length)})`,
        [...userNames],
      );
      return new Map(
        rows.map((row) => [
          row["user_name"] as string,
          row["access_token"] as string | null,
        ]),
      );
    },
    removeUsers: async (userNames) => {
      const [result] = await pool.execute<ResultSetHeader>(
        `DELETE FROM \`${TABLE}\` WHERE user_name_hash IN (${hashes(userNames.length)})`,
        [...userNames],
      );
      return result.affectedRows;
    },
  };
}

/** Reads the Zoho table directly. Its user_name has no index, as in the SDK. */
function zohoBackdoor(pool: Pool): Backdoor {
  const placeholders = (count: number) =>
    Array.from({ length: count }, () => "?").join(", ");
  return {
    accessTokens: async (userNames) => {
      const [rows] = await pool.execute<Row[]>(
        `SELECT user_name, access_token FROM \`${ZOHO_TABLE}\` ` +
          `WHERE user_name IN (${placeholders(userNames.length)})`,
        [...userNames],
      );
      return new Map(
        rows.map((row) => [
          row["user_name"] as string,
          row["access_token"] as string | null,
        ]),
      );
    },
    removeUsers: async (userNames) => {
      const [result] = await pool.execute<ResultSetHeader>(
        `DELETE FROM \`${ZOHO_TABLE}\` WHERE user_name IN (${placeholders(userNames.length)})`,
        [...userNames],
      );
      return result.affectedRows;
    },
  };
}

function referenceCases(
  pool: Pool,
  dataset: Dataset,
  ledger: WriteLedger,
  backdoor: Backdoor,
): Record<OperationName, BenchCase> {
  const label = REFERENCES.mysql;
  const lookup = (
    where: string,
    parameters: (token: OAuthToken) => (string | null)[],
  ): BenchCase => ({
    label,
    role: "reference",
    prepare: (keys) => {
      const tokens = keys.map((index) => dataset.token(index));
      const inputs = tokens.map(parameters);
      const sql = `${SELECT} WHERE ${where} LIMIT 1`;
      return {
        run: async () => {
          for (let index = 0; index < inputs.length; index += 1) {
            const [rows] = await pool.execute<Row[]>(sql, inputs[index]);
            checkFound(label, idOf(rows[0]), (tokens[index] as OAuthToken).id);
          }
        },
      };
    },
  });
  const insertSql =
    `INSERT INTO \`${TABLE}\` (${COLUMNS.join(", ")}) ` +
    `VALUES (${COLUMNS.map(() => "?").join(", ")})`;
  const updateSql =
    `UPDATE \`${TABLE}\` SET access_token = ?, expiry_time = ? ` +
    `WHERE ${HASHED("user_name")}`;

  return {
    findById: lookup("id = ?", (token) => [token.id]),
    findByUserName: lookup(HASHED("user_name"), (token) => [
      token.userName,
      token.userName,
    ]),
    findByAccessToken: lookup(HASHED("access_token"), (token) => {
      const accessToken = currentAccessToken(ledger, token);
      return [accessToken, accessToken];
    }),
    findByRefreshToken: lookup(
      `${HASHED("client_id")} AND ${HASHED("refresh_token")}`,
      (token) => [
        token.clientId,
        token.clientId,
        token.refreshToken,
        token.refreshToken,
      ],
    ),
    saveInsert: {
      label,
      role: "reference",
      prepare: (keys) => {
        const inputs = keys.map(() =>
          rowValues({
            id: crypto.randomUUID(),
            ...insertedToken(nextInsertSequence()),
          }),
        );
        return {
          run: async () => {
            for (const values of inputs) {
              const [result] = await pool.execute<ResultSetHeader>(
                insertSql,
                values,
              );
              checkAffected(label, result.affectedRows);
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
          run: async () => {
            for (const input of inputs) {
              const [result] = await pool.execute<ResultSetHeader>(updateSql, [
                input.accessToken,
                input.expiryTime,
                input.userName,
                input.userName,
              ]);
              checkAffected(label, result.changedRows);
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

/** Reads the server settings that decide when a commit is on disk. */
async function serverSettings(pool: Pool): Promise<Record<string, unknown>> {
  const [rows] = await pool.query<Row[]>(
    "SELECT VERSION() AS version, " +
      "@@innodb_flush_log_at_trx_commit AS flushLogAtCommit, " +
      "@@innodb_flush_method AS flushMethod, @@log_bin AS logBin, " +
      "@@sync_binlog AS syncBinlog, @@innodb_doublewrite AS doublewrite",
  );
  return rows[0] ?? {};
}

/**
 * Seeds MySQL tables in the store's schema and in the Zoho SDK's schema
 * through mysql2, opens `MysqlTokenStore` on the store's table, and pairs it
 * with pooled `execute` calls and with the SDK's DBStore.
 */
export async function createMysqlSuite(
  dataset: Dataset,
  url: string,
): Promise<Suite> {
  const pool = createPool({
    uri: url,
    charset: "utf8mb4",
    supportBigNumbers: true,
    bigNumberStrings: false,
  });
  try {
    const seedStart = performance.now();
    await seed(pool, dataset);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const settings = await serverSettings(pool);

    const store = await MysqlTokenStore.open({ uri: url, table: TABLE });
    const backdoor = storeBackdoor(pool);
    const ledger = new WriteLedger("mysql-access");
    const stores = storeCases(
      "MysqlTokenStore",
      store,
      dataset,
      ledger,
      backdoor,
    );
    const references = referenceCases(pool, dataset, ledger, backdoor);

    const parsed = new URL(url);
    const durability = [
      `MariaDB ${String(settings["version"])}, one server for the store and ` +
        "every reference: innodb_flush_log_at_trx_commit=" +
        `${String(settings["flushLogAtCommit"])} (the redo log is flushed ` +
        `at every commit), innodb_flush_method=${String(settings["flushMethod"])}, ` +
        `log_bin=${String(settings["logBin"])}, ` +
        `innodb_doublewrite=${String(settings["doublewrite"])}.`,
      "MysqlTokenStore saves in a transaction (SELECT ... FOR UPDATE, then " +
        "INSERT or UPDATE, COMMIT). The reference runs one autocommitted " +
        "INSERT or UPDATE through pool.execute.",
    ];
    let zoho: Record<OperationName, BenchCase> | undefined;
    if (parsed.hostname === LOOPBACK) {
      const zohoStore = new zohoSdk.DBBuilder()
        .host(LOOPBACK)
        .portNumber(Number(parsed.port || 3306))
        .userName(decodeURIComponent(parsed.username))
        .password(decodeURIComponent(parsed.password))
        .databaseName(decodeURIComponent(parsed.pathname.slice(1)))
        .tableName(ZOHO_TABLE)
        .build() as unknown as ZohoStore;
      zoho = zohoCases(
        REFERENCES.zohoDatabase,
        zohoStore,
        dataset,
        new WriteLedger("zoho-mysql-access"),
        zohoBackdoor(pool),
      );
      durability.push(
        "Zoho DBStore opens a new connection with the mysql package for " +
          "every call and runs autocommitted statements on the SDK's table, " +
          "which indexes only id.",
      );
    } else {
      durability.push(
        `Zoho DBStore was not run: TOKENSTORE_MYSQL_URL names host ` +
          `${parsed.hostname}, and the bench connects it to ${LOOPBACK} only.`,
      );
    }

    const operations: Suite["operations"] = {};
    for (const operation of Object.keys(stores) as OperationName[]) {
      const cases = [stores[operation], references[operation]];
      if (zoho !== undefined) {
        cases.push(zoho[operation]);
      }
      operations[operation] = cases;
    }
    return {
      store: "mysql",
      size: dataset.size,
      durability,
      seedSeconds,
      versions: { MariaDB: String(settings["version"]) },
      operations,
      close: async () => {
        try {
          await store.close();
          await dropTables(pool);
        } finally {
          await pool.end();
        }
      },
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
