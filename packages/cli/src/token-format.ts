import { SECRET_FIELDS, TOKEN_FIELDS, type OAuthToken } from "@tokenstore/core";

const SECRET_FIELD_SET: ReadonlySet<string> = new Set(SECRET_FIELDS);

/** Characters a masked secret keeps visible at its end. */
const VISIBLE_CHARACTERS = 4;

/**
 * Masks a secret down to its last four characters. Secrets of eight or fewer
 * characters are masked whole, so at most half of a value ever shows.
 */
export function maskSecret(value: string): string {
  if (value.length <= VISIBLE_CHARACTERS * 2) {
    return "****";
  }
  return `****${value.slice(-VISIBLE_CHARACTERS)}`;
}

/** Copies a token with its secret fields masked, unless `reveal` is set. */
export function presentToken(
  token: OAuthToken,
  reveal: boolean,
): Record<string, string | number | null> {
  const result: Record<string, string | number | null> = { id: token.id };
  for (const field of TOKEN_FIELDS) {
    const value = token[field];
    result[field] =
      !reveal && typeof value === "string" && SECRET_FIELD_SET.has(field)
        ? maskSecret(value)
        : value;
  }
  return result;
}

/** Formats an expiry in epoch milliseconds as ISO 8601 with its state. */
export function formatExpiry(
  expiryTime: number | null,
  now = Date.now(),
): string {
  if (expiryTime === null) {
    return "-";
  }
  const iso = new Date(expiryTime).toISOString();
  return expiryTime <= now ? `${iso} (expired)` : iso;
}

/** Lays out rows as a plain-text table with a header and aligned columns. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [
    line(headers),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map(line),
  ].join("\n");
}
