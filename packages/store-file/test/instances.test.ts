import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { FileTokenStore } from "../src/index.js";
import { makeTemporaryDirectory, readTokenRecords } from "./helpers.js";

async function twoStores(): Promise<[FileTokenStore, FileTokenStore, string]> {
  const path = join(await makeTemporaryDirectory(), "tokens.json");
  return [new FileTokenStore({ path }), new FileTokenStore({ path }), path];
}

describe("FileTokenStore instances on one file", () => {
  it("interleaved saves keep everything", async () => {
    const [first, second, path] = await twoStores();
    const saves: Promise<unknown>[] = [];
    for (let index = 0; index < 50; index += 1) {
      saves.push(first.saveToken({ userName: `first-${index}` }));
      saves.push(second.saveToken({ userName: `second-${index}` }));
      // Both save the same identity, which must stay one record.
      saves.push(
        first.saveToken({ userName: `shared-${index}`, clientId: "first" }),
      );
      saves.push(
        second.saveToken({ userName: `shared-${index}`, clientId: "second" }),
      );
    }
    await Promise.all(saves);

    const records = await readTokenRecords(path);
    expect(records).toHaveLength(150);
    const userNames = new Set(records.map((record) => record["userName"]));
    expect(userNames.size).toBe(150);
    for (let index = 0; index < 50; index += 1) {
      expect(userNames.has(`first-${index}`)).toBe(true);
      expect(userNames.has(`second-${index}`)).toBe(true);
      expect(userNames.has(`shared-${index}`)).toBe(true);
    }
    expect(await first.getTokens()).toHaveLength(150);
    expect(await second.getTokens()).toHaveLength(150);
    await first.close();
    await second.close();
  });

  it("sees the other instance's writes", async () => {
    const [first, second] = await twoStores();
    const saved = await first.saveToken({
      userName: "user",
      accessToken: "access-1",
    });
    // Reading caches the file in `second`, which must notice later writes.
    expect(await second.findToken({ userName: "user" })).toEqual(saved);

    await first.saveToken({ userName: "user", accessToken: "access-2" });
    const updated = await second.findTokenById(saved.id);
    expect(updated?.accessToken).toBe("access-2");

    await second.saveToken({ userName: "user", expiryTime: 42 });
    const merged = await first.findToken({ userName: "user" });
    expect(merged?.accessToken).toBe("access-2");
    expect(merged?.expiryTime).toBe(42);

    expect(await first.deleteToken(saved.id)).toBe(true);
    expect(await second.findToken({ userName: "user" })).toBeNull();
    expect(await second.deleteToken(saved.id)).toBe(false);
    await first.close();
    await second.close();
  });

  it("conflict across instances", async () => {
    const [first, second, path] = await twoStores();
    await first.saveToken({ userName: "one", accessToken: "shared-access" });
    await second.getTokens();
    await expect(
      second.saveToken({ userName: "two", accessToken: "shared-access" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await readTokenRecords(path)).toHaveLength(1);
    await first.close();
    await second.close();
  });

  it("deleteTokens seen by other", async () => {
    const [first, second] = await twoStores();
    await first.saveToken({ userName: "one" });
    await first.saveToken({ userName: "two" });
    expect(await second.getTokens()).toHaveLength(2);
    await first.deleteTokens();
    expect(await second.getTokens()).toEqual([]);
    await second.saveToken({ userName: "three" });
    expect(await first.getTokens()).toHaveLength(1);
    await first.close();
    await second.close();
  });
});

describe("FileTokenStore close", () => {
  it("waits for queued saves", async () => {
    const [store, , path] = await twoStores();
    const saves = Array.from({ length: 10 }, (_, index) =>
      store.saveToken({ userName: `user-${index}` }),
    );
    await store.close();
    // The file is complete as soon as close resolves.
    expect(await readTokenRecords(path)).toHaveLength(10);
    await Promise.all(saves);
    await expect(store.getTokens()).rejects.toMatchObject({
      code: "STORE_CLOSED",
    });
  });
});
