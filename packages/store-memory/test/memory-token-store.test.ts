import { describe, expect, it } from "vitest";

import { MemoryTokenStore } from "../src/index.js";

describe("MemoryTokenStore identity index", () => {
  it("frees a replaced accessToken", async () => {
    const store = new MemoryTokenStore();
    const first = await store.saveToken({
      userName: "a@example.com",
      accessToken: "old",
    });

    await store.saveToken({ userName: "a@example.com", accessToken: "new" });

    expect(await store.findToken({ accessToken: "old" })).toBeNull();
    expect((await store.findToken({ accessToken: "new" }))?.id).toBe(first.id);
    const second = await store.saveToken({
      userName: "b@example.com",
      accessToken: "old",
    });
    expect(second.id).not.toBe(first.id);
  });

  it("frees identities on delete", async () => {
    const store = new MemoryTokenStore();
    const first = await store.saveToken({
      userName: "a@example.com",
      clientId: "c",
      clientSecret: "s",
      refreshToken: "r",
    });

    await store.deleteToken(first.id);

    expect(
      await store.findToken({
        clientId: "c",
        clientSecret: "s",
        refreshToken: "r",
      }),
    ).toBeNull();
    const again = await store.saveToken({
      userName: "b@example.com",
      clientId: "c",
      refreshToken: "r",
    });
    expect(again.id).not.toBe(first.id);
  });

  it("keeps identities after a rejected save", async () => {
    const store = new MemoryTokenStore();
    const first = await store.saveToken({
      userName: "a@example.com",
      accessToken: "x",
    });
    await store.saveToken({ userName: "b@example.com", accessToken: "y" });

    await expect(
      store.saveToken({ userName: "b@example.com", accessToken: "x" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });

    expect((await store.findToken({ accessToken: "x" }))?.id).toBe(first.id);
    expect(
      (await store.findToken({ userName: "b@example.com" }))?.accessToken,
    ).toBe("y");
  });

  it("finds among 10,000 tokens", async () => {
    const store = new MemoryTokenStore();
    for (let index = 0; index < 10_000; index += 1) {
      await store.saveToken({
        userName: `user-${index}`,
        accessToken: `access-${index}`,
      });
    }

    expect(
      (await store.findToken({ accessToken: "access-9999" }))?.userName,
    ).toBe("user-9999");
    expect((await store.findToken({ userName: "user-0" }))?.accessToken).toBe(
      "access-0",
    );
    expect(await store.getTokens()).toHaveLength(10_000);
  });
});
