import type { MatchKey, OAuthToken, TokenField } from "@tokenstore/core";
import type BetterSqlite3 from "better-sqlite3";

import { COLUMNS } from "./schema.js";
import { CorruptRowError } from "./sqlite-errors.js";

/** A token row as SQLite returns it with safe integers switched on. */
interface TokenRow {
  id: unknown;
  user_name: unknown;
  client_id: unknown;
  client_secret: unknown;
  grant_token: unknown;
  refresh_token: unknown;
  access_token: unknown;
  expiry_time: unknown;
  redirect_url: unknown;
  api_domain: unknown;
}

/** Named parameters of the insert and update statements. */
type TokenParameters = Omit<OAuthToken, "expiryTime"> & {
  expiryTime: bigint | null;
};

type Statement = BetterSqlite3.Statement<unknown[], TokenRow>;

const SELECT_COLUMNS = Object.values(COLUMNS).join(", ");
const PARAMETER_NAMES = Object.keys(COLUMNS).map((field) => `@${field}`);

/**
 * The prepared statements of one token table on one connection, prepared once
 * and reused for every call.
 */
export class TokenStatements {
  readonly #byId: Statement;
  readonly #byUserName: Statement;
  readonly #byAccessToken: Statement;
  readonly #byGrantToken: Statement;
  readonly #byRefreshToken: Statement;
  readonly #all: Statement;
  readonly #insert: BetterSqlite3.Statement<[TokenParameters]>;
  /** UPDATE statements by the comma-joined list of fields they set. */
  readonly #updates = new Map<
    string,
    BetterSqlite3.Statement<[TokenParameters]>
  >();
  readonly #database: BetterSqlite3.Database;
  readonly #quotedTable: string;
  readonly #deleteById: BetterSqlite3.Statement<[string]>;
  readonly #deleteAll: BetterSqlite3.Statement<[]>;

  constructor(database: BetterSqlite3.Database, table: string) {
    const quoted = `"${table}"`;
    this.#database = database;
    this.#quotedTable = quoted;
    const select = (where: string): Statement =>
      database
        .prepare<unknown[], TokenRow>(
          `SELECT ${SELECT_COLUMNS} FROM ${quoted} WHERE ${where}`,
        )
        .safeIntegers(true);

    this.#byId = select("id = ?");
    this.#byUserName = select("user_name = ?");
    this.#byAccessToken = select("access_token = ?");
    this.#byGrantToken = select("client_id = ? AND grant_token = ?");
    this.#byRefreshToken = select("client_id = ? AND refresh_token = ?");
    this.#all = database
      .prepare<unknown[], TokenRow>(
        `SELECT ${SELECT_COLUMNS} FROM ${quoted} ORDER BY rowid`,
      )
      .safeIntegers(true);

    this.#insert = database.prepare(
      `INSERT INTO ${quoted} (${SELECT_COLUMNS}) ` +
        `VALUES (${PARAMETER_NAMES.join(", ")})`,
    );
    this.#deleteById = database.prepare(`DELETE FROM ${quoted} WHERE id = ?`);
    this.#deleteAll = database.prepare(`DELETE FROM ${quoted}`);
  }

  findByKey(key: MatchKey): OAuthToken | null {
    switch (key.rung) {
      case "id":
        return toToken(this.#byId.get(key.id));
      case "userName":
        return toToken(this.#byUserName.get(key.userName));
      case "accessToken":
        return toToken(this.#byAccessToken.get(key.accessToken));
      case "grantToken":
        return toToken(this.#byGrantToken.get(key.clientId, key.grantToken));
      case "refreshToken":
        return toToken(
          this.#byRefreshToken.get(key.clientId, key.refreshToken),
        );
    }
  }

  list(): OAuthToken[] {
    return this.#all.all().map((row) => toToken(row) as OAuthToken);
  }

  insert(token: OAuthToken): void {
    this.#insert.run(toParameters(token));
  }

  /**
   * Writes `fields` of `token` to its row. Only those columns, and only the
   * unique indexes over them, are written, which keeps the WAL small.
   */
  update(token: OAuthToken, fields: readonly TokenField[]): void {
    const name = fields.join(",");
    let statement = this.#updates.get(name);
    if (statement === undefined) {
      const assignments = fields
        .map((field) => `${COLUMNS[field]} = @${field}`)
        .join(", ");
      statement = this.#database.prepare(
        `UPDATE ${this.#quotedTable} SET ${assignments} WHERE id = @id`,
      );
      this.#updates.set(name, statement);
    }
    statement.run(toParameters(token));
  }

  deleteById(id: string): boolean {
    return this.#deleteById.run(id).changes > 0;
  }

  deleteAll(): void {
    this.#deleteAll.run();
  }
}

function toParameters(token: OAuthToken): TokenParameters {
  return {
    ...token,
    // A BigInt binds as an SQLite integer, never as a double.
    expiryTime: token.expiryTime === null ? null : BigInt(token.expiryTime),
  };
}

function readText(row: TokenRow, column: keyof TokenRow): string | null {
  const value = row[column];
  if (value === null || typeof value === "string") {
    return value;
  }
  throw new CorruptRowError(
    `column ${column} contains a ${typeof value}, but must be text or NULL.`,
  );
}

function readExpiryTime(row: TokenRow): number | null {
  const value = row.expiry_time;
  if (value === null) {
    return null;
  }
  if (
    typeof value === "bigint" &&
    value >= 0n &&
    value <= BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    return Number(value);
  }
  throw new CorruptRowError(
    "column expiry_time contains a value that is not an integer from 0 to " +
      `${Number.MAX_SAFE_INTEGER}.`,
  );
}

function toToken(row: TokenRow | undefined): OAuthToken | null {
  if (row === undefined) {
    return null;
  }
  const id = readText(row, "id");
  if (id === null) {
    throw new CorruptRowError("column id is NULL.");
  }
  return {
    id,
    userName: readText(row, "user_name"),
    clientId: readText(row, "client_id"),
    clientSecret: readText(row, "client_secret"),
    grantToken: readText(row, "grant_token"),
    refreshToken: readText(row, "refresh_token"),
    accessToken: readText(row, "access_token"),
    expiryTime: readExpiryTime(row),
    redirectUrl: readText(row, "redirect_url"),
    apiDomain: readText(row, "api_domain"),
  };
}
