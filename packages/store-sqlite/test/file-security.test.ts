import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { SqliteTokenStore } from "../src/index.js";
import { makeTempDir } from "./helpers.js";

let directory: ReturnType<typeof makeTempDir>;
let path: string;

beforeEach(() => {
  directory = makeTempDir();
  path = join(directory.path, "tokens.db");
});

afterEach(() => {
  directory.remove();
});

function modeOf(file: string): number {
  return statSync(file).mode & 0o777;
}

describe("SqliteTokenStore file security", () => {
  it("created files are 0600", async () => {
    const previous = process.umask(0o022);
    try {
      const store = new SqliteTokenStore({ database: path });
      await store.saveToken({ userName: "private@example.com" });

      expect(modeOf(path)).toBe(0o600);
      expect(modeOf(`${path}-wal`)).toBe(0o600);
      expect(modeOf(`${path}-shm`)).toBe(0o600);
      await store.close();
    } finally {
      process.umask(previous);
    }
  });

  it("existing file keeps its mode", async () => {
    writeFileSync(path, "");
    chmodSync(path, 0o640);
    const store = new SqliteTokenStore({ database: path });
    await store.saveToken({ userName: "shared@example.com" });
    expect(modeOf(path)).toBe(0o640);
    await store.close();
  });

  it("deleted token leaves no bytes", async () => {
    const secret = "access-secret-that-must-vanish-0123456789";
    const store = new SqliteTokenStore({ database: path });
    const saved = await store.saveToken({
      userName: "deleted@example.com",
      accessToken: secret,
    });
    await store.saveToken({ userName: "kept@example.com" });
    await store.deleteToken(saved.id);
    // Closing checkpoints the WAL into the database file.
    await store.close();

    const bytes = readFileSync(path);
    expect(bytes.includes(Buffer.from("kept@example.com"))).toBe(true);
    expect(bytes.includes(Buffer.from(secret))).toBe(false);
  });
});
