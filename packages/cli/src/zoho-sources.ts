import { readFile } from "node:fs/promises";

import type { TokenInput } from "@tokenstore/core";

import { importStore } from "./store-spec.js";
import { UsageError } from "./usage-error.js";

/**
 * Column names of the Zoho CRM SDKs' FileStore CSV and DBStore table, mapped
 * to token fields. Older SDKs call the user column `user_mail` and have no
 * `api_domain`.
 */
const ZOHO_COLUMNS: ReadonlyMap<string, keyof TokenInput> = new Map(
  Object.entries({
    id: "id",
    user_name: "userName",
    user_mail: "userName",
    client_id: "clientId",
    client_secret: "clientSecret",
    refresh_token: "refreshToken",
    access_token: "accessToken",
    grant_token: "grantToken",
    expiry_time: "expiryTime",
    redirect_url: "redirectUrl",
    api_domain: "apiDomain",
  } as const),
);

/** A source record that could not be turned into a token. */
export interface SourceProblem {
  /** Location of the record, such as "line 4" or "row 2". */
  location: string;
  message: string;
}

export interface SourceTokens {
  tokens: TokenInput[];
  problems: SourceProblem[];
}

/**
 * Splits CSV text into rows of fields. Handles double-quoted fields with
 * doubled quotes, commas and line breaks inside, as RFC 4180 describes.
 * Zoho's FileStore writes unquoted fields, which this reads the same way.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let index = 0;

  while (index < text.length) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
        continue;
      }
      if (character === '"') {
        quoted = false;
      } else {
        field += character;
      }
      index += 1;
      continue;
    }
    if (character === '"' && field.length === 0) {
      quoted = true;
    } else if (character === ",") {
      row.push(field);
      field = "";
    } else if (character === "\n" || character === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      if (character === "\r" && text[index + 1] === "\n") {
        index += 1;
      }
    } else {
      field += character;
    }
    index += 1;
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell.length > 0));
}

/**
 * Converts one Zoho record, keyed by column name, to a token. Empty values
 * become absent fields, and the expiry text becomes a number.
 */
export function zohoRecordToToken(
  record: Record<string, unknown>,
  location: string,
): TokenInput | SourceProblem {
  const token: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(record)) {
    const field = ZOHO_COLUMNS.get(column.toLowerCase());
    if (field === undefined || raw === null || raw === undefined) {
      continue;
    }
    const value = String(raw);
    if (value.length === 0) {
      continue;
    }
    if (field === "expiryTime") {
      if (!/^\d{1,16}$/.test(value.trim())) {
        return {
          location,
          message: "expiry_time is not a whole number of epoch milliseconds",
        };
      }
      token.expiryTime = Number(value.trim());
      continue;
    }
    token[field] = value;
  }
  return token as TokenInput;
}

function isProblem(value: TokenInput | SourceProblem): value is SourceProblem {
  return "location" in value && "message" in value;
}

/** Reads the tokens of a Zoho SDK FileStore CSV file. */
export async function readZohoCsv(path: string): Promise<SourceTokens> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new UsageError(`cannot read the Zoho CSV file ${path} (${code}).`);
  }

  // Spreadsheet tools often save CSV with a byte order mark.
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ""));
  const columns = (header ?? []).map((name) => name.trim().toLowerCase());
  if (
    !columns.includes("id") ||
    !columns.some((name) => ZOHO_COLUMNS.has(name) && name !== "id")
  ) {
    throw new UsageError(
      `${path} has no Zoho FileStore header; the first line must list columns such as id,user_name,client_id,...`,
    );
  }

  const result: SourceTokens = { tokens: [], problems: [] };
  rows.forEach((cells, index) => {
    const location = `line ${index + 2}`;
    if (cells.length !== columns.length) {
      result.problems.push({
        location,
        message: `has ${cells.length} fields but the header has ${columns.length}`,
      });
      return;
    }
    const record = Object.fromEntries(
      columns.map((name, column) => [name, cells[column]]),
    );
    const converted = zohoRecordToToken(record, location);
    if (isProblem(converted)) {
      result.problems.push(converted);
    } else {
      result.tokens.push(converted);
    }
  });
  return result;
}

/** Names a driver error by its code, which never contains a value or password. */
function describeDriverError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "unknown error";
}

/**
 * Reads the tokens of a Zoho SDK DBStore table from MySQL. `url` is a
 * `mysql://` URL of the database that contains the table.
 */
export async function readZohoMysql(
  url: string,
  table: string,
): Promise<SourceTokens> {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(table)) {
    throw new UsageError(
      `invalid table name "${table}"; use letters, digits and underscores.`,
    );
  }
  const mysql = await importStore(() => import("mysql2/promise"), "mysql2");
  const { hostname, port } = new URL(url);
  const where = `table ${table} on ${hostname}:${port || 3306}`;
  let connection: Awaited<ReturnType<typeof mysql.createConnection>>;
  try {
    connection = await mysql.createConnection({
      uri: url,
      connectTimeout: 10_000,
    });
  } catch (error) {
    throw new UsageError(
      `cannot connect to read the Zoho ${where} (${describeDriverError(error)}).`,
    );
  }
  try {
    let rows: unknown;
    try {
      [rows] = await connection.query(`SELECT * FROM \`${table}\``);
    } catch (error) {
      throw new UsageError(
        `cannot read the Zoho ${where} (${describeDriverError(error)}).`,
      );
    }
    const result: SourceTokens = { tokens: [], problems: [] };
    (rows as Record<string, unknown>[]).forEach((row, index) => {
      const converted = zohoRecordToToken(row, `row ${index + 1}`);
      if (isProblem(converted)) {
        result.problems.push(converted);
      } else {
        result.tokens.push(converted);
      }
    });
    return result;
  } finally {
    await connection.end();
  }
}
