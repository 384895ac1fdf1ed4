import { TOKEN_FIELDS } from "@tokenstore/core";

import type { Output } from "./output.js";
import type { StoreHandle } from "./store-spec.js";
import { formatExpiry, formatTable, presentToken } from "./token-format.js";

export interface DisplayFlags {
  reveal: boolean;
  json: boolean;
}

function cell(value: string | number | null): string {
  return value === null ? "-" : String(value);
}

/** Prints every token of a store, with secrets masked unless revealed. */
export async function listCommand(
  handle: StoreHandle,
  flags: DisplayFlags,
  output: Output,
): Promise<number> {
  const store = await handle.open();
  try {
    const tokens = (await store.getTokens()).sort((a, b) =>
      a.id.localeCompare(b.id),
    );
    if (flags.json) {
      output.write(
        `${JSON.stringify(
          tokens.map((token) => presentToken(token, flags.reveal)),
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const rows = tokens.map((token) => {
      const shown = presentToken(token, flags.reveal);
      return [
        token.id,
        cell(shown.userName ?? null),
        cell(shown.clientId ?? null),
        cell(shown.accessToken ?? null),
        cell(shown.refreshToken ?? null),
        formatExpiry(token.expiryTime),
      ];
    });
    output.write(
      `${formatTable(["id", "userName", "clientId", "accessToken", "refreshToken", "expiryTime"], rows)}\n`,
    );
    output.error(`${tokens.length} tokens in ${handle.label}`);
    return 0;
  } finally {
    await store.close();
  }
}

/** Prints one token by id. Exits with 1 when no token has that id. */
export async function showCommand(
  handle: StoreHandle,
  id: string,
  flags: DisplayFlags,
  output: Output,
): Promise<number> {
  const store = await handle.open();
  try {
    const token = await store.findTokenById(id);
    if (token === null) {
      output.error(`No token with id ${id} in ${handle.label}.`);
      return 1;
    }
    const shown = presentToken(token, flags.reveal);
    if (flags.json) {
      output.write(`${JSON.stringify(shown, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(...TOKEN_FIELDS.map((field) => field.length));
    const lines = [`${"id".padEnd(width)}  ${token.id}`];
    for (const field of TOKEN_FIELDS) {
      const value =
        field === "expiryTime"
          ? formatExpiry(token.expiryTime)
          : cell(shown[field] ?? null);
      lines.push(`${field.padEnd(width)}  ${value}`);
    }
    output.write(`${lines.join("\n")}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** Deletes one token by id. Exits with 1 when no token has that id. */
export async function deleteCommand(
  handle: StoreHandle,
  id: string,
  output: Output,
): Promise<number> {
  const store = await handle.open();
  try {
    if (await store.deleteToken(id)) {
      output.write(`Deleted token ${id} from ${handle.label}.\n`);
      return 0;
    }
    output.error(`No token with id ${id} in ${handle.label}; nothing deleted.`);
    return 1;
  } finally {
    await store.close();
  }
}
