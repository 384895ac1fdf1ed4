import {
  chmod,
  mkdir,
  readFile,
  readdir,
  readlink,
  stat,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { FileTokenStore } from "../src/index.js";
import { makeTemporaryDirectory, readTokenRecords } from "./helpers.js";

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe("FileTokenStore on the file system", () => {
  it("creates file 0600, directories 0700", async () => {
    const directory = await makeTemporaryDirectory();
    const path = join(directory, "outer", "inner", "tokens.json");
    const store = new FileTokenStore({ path });
    await store.saveToken({ userName: "user" });
    await store.close();

    expect(await modeOf(join(directory, "outer"))).toBe(0o700);
    expect(await modeOf(join(directory, "outer", "inner"))).toBe(0o700);
    expect(await modeOf(path)).toBe(0o600);
  });

  it("keeps existing directory mode", async () => {
    const directory = await makeTemporaryDirectory();
    await chmod(directory, 0o755);
    const store = new FileTokenStore({ path: join(directory, "tokens.json") });
    await store.saveToken({ userName: "user" });
    await store.close();
    expect(await modeOf(directory)).toBe(0o755);
  });

  it("tightens readable file on write", async () => {
    const directory = await makeTemporaryDirectory();
    const path = join(directory, "tokens.json");
    const first = new FileTokenStore({ path });
    await first.saveToken({ userName: "user", accessToken: "first" });
    await first.close();
    await chmod(path, 0o644);

    const store = new FileTokenStore({ path });
    const token = await store.findToken({ userName: "user" });
    expect(token?.accessToken).toBe("first");
    // Reading leaves the mode alone.
    expect(await modeOf(path)).toBe(0o644);

    await store.saveToken({ userName: "user", accessToken: "second" });
    expect(await modeOf(path)).toBe(0o600);
    await store.close();
  });

  it("follows symbolic link", async () => {
    const directory = await makeTemporaryDirectory();
    const realPath = join(directory, "real.json");
    const linkPath = join(directory, "link.json");
    const writer = new FileTokenStore({ path: realPath });
    await writer.saveToken({ userName: "before" });
    await symlink(realPath, linkPath);

    const store = new FileTokenStore({ path: linkPath });
    await store.saveToken({ userName: "after" });
    expect(await readlink(linkPath)).toBe(realPath);
    const records = await readTokenRecords(realPath);
    expect(records.map((record) => record["userName"])).toEqual([
      "before",
      "after",
    ]);

    // Both paths lock the same file, so neither loses the other's save.
    await Promise.all([
      ...Array.from({ length: 20 }, (_, index) =>
        writer.saveToken({ userName: `writer-${index}` }),
      ),
      ...Array.from({ length: 20 }, (_, index) =>
        store.saveToken({ userName: `link-${index}` }),
      ),
    ]);
    expect(await readTokenRecords(realPath)).toHaveLength(42);
    await writer.close();
    await store.close();
  });

  it("creates the target of a dangling link", async () => {
    const directory = await makeTemporaryDirectory();
    const realPath = join(directory, "real", "tokens.json");
    const linkPath = join(directory, "link.json");
    await symlink("real/tokens.json", linkPath);

    const store = new FileTokenStore({ path: linkPath });
    await store.saveToken({ userName: "first" });
    await store.close();

    expect(await readlink(linkPath)).toBe("real/tokens.json");
    const records = await readTokenRecords(realPath);
    expect(records.map((record) => record["userName"])).toEqual(["first"]);
  });

  it("removes leftover temporary files", async () => {
    const directory = await makeTemporaryDirectory();
    const path = join(directory, "tokens.json");
    const leftover = join(directory, ".tokens.json.0123456789abcdef.tmp");
    const unrelated = join(directory, ".other.json.0123456789abcdef.tmp");
    await writeFile(leftover, "{");
    await writeFile(unrelated, "{");

    const store = new FileTokenStore({ path });
    await store.saveToken({ userName: "user" });
    await store.close();
    expect((await readdir(directory)).sort()).toEqual([
      ".other.json.0123456789abcdef.tmp",
      "tokens.json",
    ]);
  });

  it("parent file fails the write", async () => {
    const directory = await makeTemporaryDirectory();
    const parent = join(directory, "not-a-directory");
    await writeFile(parent, "plain file");
    const store = new FileTokenStore({ path: join(parent, "tokens.json") });

    await expect(store.getTokens()).rejects.toMatchObject({
      code: "BACKEND_ERROR",
    });
    await expect(store.saveToken({ userName: "user" })).rejects.toMatchObject({
      name: "TokenStoreError",
      code: "BACKEND_ERROR",
      operation: "saveToken",
      message: expect.stringContaining("ENOTDIR"),
    });
    expect(await readFile(parent, "utf8")).toBe("plain file");
    await store.close();
  });

  it("directory path fails", async () => {
    const directory = await makeTemporaryDirectory();
    const path = join(directory, "tokens.json");
    await mkdir(path);
    const store = new FileTokenStore({ path });
    await expect(store.getTokens()).rejects.toMatchObject({
      code: "BACKEND_ERROR",
      message: expect.stringContaining("EISDIR"),
    });
    await expect(store.saveToken({ userName: "user" })).rejects.toMatchObject({
      code: "BACKEND_ERROR",
    });
    expect(await readdir(path)).toEqual([]);
    await store.close();
  });

  it("takes over stale lock", async () => {
    const directory = await makeTemporaryDirectory();
    const path = join(directory, "tokens.json");
    // A lock directory whose owner died a minute ago.
    await mkdir(`${path}.lock`);
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(`${path}.lock`, minuteAgo, minuteAgo);

    const store = new FileTokenStore({ path, lockTimeoutMs: 1000 });
    await store.saveToken({ userName: "user" });
    expect(await readTokenRecords(path)).toHaveLength(1);
    await expect(stat(`${path}.lock`)).rejects.toMatchObject({
      code: "ENOENT",
    });
    await store.close();
  });

  it("held lock times out", async () => {
    const directory = await makeTemporaryDirectory();
    const path = join(directory, "tokens.json");
    const store = new FileTokenStore({ path, lockTimeoutMs: 300 });
    await store.saveToken({ userName: "user" });
    const before = await readFile(path);
    // A fresh lock directory, as a live process holds it.
    await mkdir(`${path}.lock`);

    await expect(
      store.saveToken({ userName: "blocked" }),
    ).rejects.toMatchObject({
      code: "TIMEOUT",
      operation: "saveToken",
      message: expect.stringContaining(`${path}.lock`),
    });
    expect(await readFile(path)).toEqual(before);
    // Reads do not take the lock.
    expect(await store.getTokens()).toHaveLength(1);
    await store.close();
  });
});
