import type {
  PoolConnection,
  ResultSetHeader,
  RowDataPacket,
} from "mysql2/promise";

export type Row = RowDataPacket & Record<string, unknown>;

/**
 * Options for every statement. They override a borrowed pool's settings
 * that would change the shape of rows.
 */
const QUERY_OPTIONS = {
  rowsAsArray: false,
  nestTables: false,
  supportBigNumbers: true,
  bigNumberStrings: false,
} as const;

/** Runs a statement without parameters over the text protocol. */
export async function query<T extends Row[] | ResultSetHeader>(
  connection: PoolConnection,
  sql: string,
): Promise<T> {
  const [result] = await connection.query<T>({ ...QUERY_OPTIONS, sql });
  return result;
}

/** Runs one parameterised statement as a server-side prepared statement. */
export async function execute<T extends Row[] | ResultSetHeader>(
  connection: PoolConnection,
  sql: string,
  values: unknown[] = [],
): Promise<T> {
  const [result] = await connection.execute<T>({
    ...QUERY_OPTIONS,
    sql,
    values,
  });
  return result;
}
