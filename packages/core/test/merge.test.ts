import { describe, expect, it } from "vitest";

import {
  changedFields,
  findIdentityConflict,
  generateTokenId,
  identityMatchKey,
  tokenMatchesKey,
  mergeToken,
  tokenIdentities,
} from "../src/index.js";

describe("mergeToken", () => {
  const stored = mergeToken(null, {
    id: "t1",
    userName: "u@example.com",
    refreshToken: "r1",
    accessToken: "a1",
    expiryTime: 10,
  });

  it("fills a new token with nulls", () => {
    const created = mergeToken(null, { userName: "n@example.com" });
    expect(created.userName).toBe("n@example.com");
    expect(created.refreshToken).toBeNull();
    expect(created.expiryTime).toBeNull();
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps omitted and undefined fields", () => {
    const merged = mergeToken(stored, {
      accessToken: "a2",
      refreshToken: undefined,
    });
    expect(merged.refreshToken).toBe("r1");
    expect(merged.accessToken).toBe("a2");
    expect(merged.expiryTime).toBe(10);
  });

  it("clears fields set to null", () => {
    const merged = mergeToken(stored, { refreshToken: null, expiryTime: null });
    expect(merged.refreshToken).toBeNull();
    expect(merged.expiryTime).toBeNull();
  });

  it("never changes a stored id", () => {
    expect(mergeToken(stored, { id: "other" }).id).toBe("t1");
  });

  it("does not modify its arguments", () => {
    const before = { ...stored };
    mergeToken(stored, { accessToken: "a3" });
    expect(stored).toEqual(before);
  });
});

describe("changedFields", () => {
  it("lists set and cleared fields only", () => {
    expect(
      changedFields({
        id: "x",
        accessToken: "a",
        grantToken: null,
        userName: undefined,
      }),
    ).toEqual({
      accessToken: "a",
      grantToken: null,
    });
  });
});

describe("generateTokenId", () => {
  it("does not repeat in 10,000 ids", () => {
    const ids = new Set(Array.from({ length: 10_000 }, generateTokenId));
    expect(ids.size).toBe(10_000);
  });
});

describe("identities", () => {
  const first = mergeToken(null, {
    id: "t1",
    userName: "u1",
    clientId: "c",
    grantToken: "g1",
    refreshToken: "r1",
    accessToken: "a1",
  });

  it("lists every identity", () => {
    expect(tokenIdentities(first).map((identity) => identity.kind)).toEqual([
      "userName",
      "accessToken",
      "grantToken",
      "refreshToken",
    ]);
  });

  it("finds a shared refreshToken", () => {
    const second = mergeToken(null, {
      id: "t2",
      clientId: "c",
      refreshToken: "r1",
    });
    expect(findIdentityConflict(second, [first])).toEqual({
      kind: "refreshToken",
      tokenId: "t1",
    });
  });

  it("ignores a refreshToken of another client", () => {
    const second = mergeToken(null, {
      id: "t2",
      clientId: "d",
      refreshToken: "r1",
    });
    expect(findIdentityConflict(second, [first])).toBeNull();
  });

  it("ignores the token itself", () => {
    expect(
      findIdentityConflict({ ...first, accessToken: "a9" }, [first]),
    ).toBeNull();
  });
});

describe("identityMatchKey", () => {
  it("finds the token of each identity", () => {
    const token = mergeToken(null, {
      id: "t1",
      userName: "u1",
      clientId: "c",
      grantToken: "g1",
      refreshToken: "r1",
      accessToken: "a1",
    });
    for (const identity of tokenIdentities(token)) {
      expect(tokenMatchesKey(token, identityMatchKey(identity))).toBe(true);
    }
    const other = {
      ...token,
      clientId: "d",
      userName: "u2",
      accessToken: "a2",
    };
    for (const identity of tokenIdentities(token)) {
      expect(tokenMatchesKey(other, identityMatchKey(identity))).toBe(false);
    }
  });
});
