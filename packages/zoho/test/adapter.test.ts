import { isTokenStoreError, type TokenStore } from "@tokenstore/core";
import { MemoryTokenStore } from "@tokenstore/store-memory";
import * as nodeSdk from "@zohocrm/nodejs-sdk-8.0";
import typeScriptSdk from "@zohocrm/typescript-sdk-8.0";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ZohoNodeTokenStore } from "../src/nodejs-sdk.js";
import type { ZohoToken } from "../src/sdk-token.js";
import { ZohoTypeScriptTokenStore } from "../src/typescript-sdk.js";

interface Adapter {
  findToken(token: never): Promise<ZohoToken | null>;
  findTokenById(id: string): Promise<ZohoToken>;
  saveToken(token: never): Promise<void>;
  deleteToken(id: string): Promise<void>;
  getTokens(): Promise<ZohoToken[]>;
  deleteTokens(): Promise<void>;
}

interface SdkCase {
  name: string;
  createAdapter(store: TokenStore): Adapter;
  createToken(): ZohoToken;
  UserSignature: new (name: string) => { getName(): string };
  SDKException: abstract new (...args: never[]) => Error;
}

const sdkCases: SdkCase[] = [
  {
    name: "ZohoTypeScriptTokenStore",
    createAdapter: (store) =>
      new ZohoTypeScriptTokenStore(store) as unknown as Adapter,
    createToken: () =>
      new typeScriptSdk.OAuthToken(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ),
    UserSignature: typeScriptSdk.UserSignature,
    SDKException:
      typeScriptSdk.SDKException as unknown as SdkCase["SDKException"],
  },
  {
    name: "ZohoNodeTokenStore",
    createAdapter: (store) => new ZohoNodeTokenStore(store) as Adapter,
    createToken: () => new nodeSdk.OAuthToken(),
    UserSignature: nodeSdk.UserSignature,
    SDKException: nodeSdk.SDKException,
  },
];

const USER_NAME = "ada@example.com:90001";
const EXPIRY_TIME = 1_900_000_000_000;

describe.each(sdkCases)("$name", (sdk) => {
  let store: MemoryTokenStore;
  let adapter: Adapter;

  beforeEach(() => {
    store = new MemoryTokenStore();
    adapter = sdk.createAdapter(store);
  });

  afterEach(async () => {
    await store.close();
  });

  /** Builds an SDK token with the fields the SDK sets after a code exchange. */
  function exchangedToken(): ZohoToken {
    const token = sdk.createToken();
    token.setUserSignature(new sdk.UserSignature(USER_NAME));
    token.setClientId("client-id");
    token.setClientSecret("client-secret");
    token.setGrantToken("grant-token");
    token.setRefreshToken("refresh-token");
    token.setAccessToken("access-token");
    token.setExpiresIn(String(EXPIRY_TIME));
    token.setRedirectURL("http://127.0.0.1/callback");
    token.setAPIDomain("http://127.0.0.1:1");
    return token;
  }

  it("saveToken stores fields and sets id", async () => {
    const token = exchangedToken();
    await adapter.saveToken(token as never);

    const stored = await store.getTokens();
    expect(stored).toEqual([
      {
        id: token.getId(),
        userName: USER_NAME,
        clientId: "client-id",
        clientSecret: "client-secret",
        grantToken: "grant-token",
        refreshToken: "refresh-token",
        accessToken: "access-token",
        expiryTime: EXPIRY_TIME,
        redirectUrl: "http://127.0.0.1/callback",
        apiDomain: "http://127.0.0.1:1",
      },
    ]);
    expect(typeof token.getId()).toBe("string");
  });

  it("saveToken twice updates one token", async () => {
    const token = exchangedToken();
    await adapter.saveToken(token as never);
    const id = token.getId();
    token.setAccessToken("access-token-2");
    token.setExpiresIn(String(EXPIRY_TIME + 1));
    await adapter.saveToken(token as never);

    const stored = await store.getTokens();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toBe(id);
    expect(stored[0]?.accessToken).toBe("access-token-2");
    expect(stored[0]?.expiryTime).toBe(EXPIRY_TIME + 1);
  });

  it.each(["soon", "12abc", "-5", "1.5", " 12", "9007199254740993"])(
    "saveToken rejects expiry %j",
    async (expiresIn) => {
      const token = exchangedToken();
      token.setExpiresIn(expiresIn);

      const error: unknown = await adapter
        .saveToken(token as never)
        .catch((caught: unknown) => caught);
      expect(isTokenStoreError(error)).toBe(true);
      expect(error).toMatchObject({
        code: "INVALID_ARGUMENT",
        operation: "saveToken",
      });
      expect((error as Error).message).toContain("expiresIn");
      expect(await store.getTokens()).toEqual([]);
    },
  );

  it("saveToken stores empty strings as null", async () => {
    const token = sdk.createToken();
    token.setUserSignature(new sdk.UserSignature(USER_NAME));
    token.setAccessToken("access-token");
    token.setClientId("");
    token.setClientSecret("");
    token.setGrantToken("");
    token.setRefreshToken("");
    token.setExpiresIn("");
    token.setRedirectURL("");
    token.setAPIDomain("");
    await adapter.saveToken(token as never);

    const [stored] = await store.getTokens();
    expect(stored).toMatchObject({
      userName: USER_NAME,
      accessToken: "access-token",
      clientId: null,
      clientSecret: null,
      grantToken: null,
      refreshToken: null,
      expiryTime: null,
      redirectUrl: null,
      apiDomain: null,
    });
  });

  it("saveToken keeps fields the token lacks", async () => {
    const saved = await store.saveToken({
      userName: USER_NAME,
      refreshToken: "refresh-token",
      accessToken: "old-access-token",
    });
    const token = sdk.createToken();
    token.setUserSignature(new sdk.UserSignature(USER_NAME));
    token.setAccessToken("new-access-token");
    await adapter.saveToken(token as never);

    expect(token.getId()).toBe(saved.id);
    expect(token.getRefreshToken()).toBe("refresh-token");
    expect(await store.getTokens()).toEqual([
      { ...saved, accessToken: "new-access-token" },
    ]);
  });

  it("saveToken without match key inserts", async () => {
    const token = sdk.createToken();
    token.setClientId("client-id");
    token.setAccessToken("access-token");
    await adapter.saveToken(token as never);
    const id = token.getId();
    expect(typeof id).toBe("string");

    token.setAccessToken("access-token-2");
    await adapter.saveToken(token as never);
    const stored = await store.getTokens();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toBe(id);
    expect(stored[0]?.accessToken).toBe("access-token-2");
  });

  it("findToken fills only empty fields", async () => {
    const saved = await store.saveToken({
      userName: USER_NAME,
      clientId: "client-id",
      clientSecret: "old-secret",
      refreshToken: "refresh-token",
      accessToken: "access-token",
      expiryTime: EXPIRY_TIME,
      apiDomain: "http://127.0.0.1:1",
    });
    const query = sdk.createToken();
    query.setUserSignature(new sdk.UserSignature(USER_NAME));
    query.setClientSecret("new-secret");

    const found = await adapter.findToken(query as never);
    expect(found).toBe(query);
    expect(query.getId()).toBe(saved.id);
    expect(query.getClientSecret()).toBe("new-secret");
    expect(query.getClientId()).toBe("client-id");
    expect(query.getAccessToken()).toBe("access-token");
    expect(query.getRefreshToken()).toBe("refresh-token");
    expect(query.getExpiresIn()).toBe(String(EXPIRY_TIME));
    expect(query.getAPIDomain()).toBe("http://127.0.0.1:1");
  });

  it("findToken miss returns null", async () => {
    await store.saveToken({ userName: USER_NAME, accessToken: "a" });
    const query = sdk.createToken();
    query.setUserSignature(new sdk.UserSignature("grace@example.com"));

    expect(await adapter.findToken(query as never)).toBeNull();
    expect(query.getId() ?? null).toBeNull();
    expect(query.getAccessToken() ?? null).toBeNull();
  });

  it("findToken compares client id too", async () => {
    // The SDK's own stores match on the refresh token alone.
    await store.saveToken({
      clientId: "client-a",
      clientSecret: "secret",
      refreshToken: "refresh-token",
    });
    const query = sdk.createToken();
    query.setClientId("client-b");
    query.setClientSecret("secret");
    query.setRefreshToken("refresh-token");

    expect(await adapter.findToken(query as never)).toBeNull();
  });

  it("findToken rejects non-SDK token", async () => {
    const error: unknown = await adapter
      .findToken({ getId: () => "x" } as never)
      .catch((caught: unknown) => caught);
    expect(isTokenStoreError(error)).toBe(true);
    expect(error).toMatchObject({
      code: "INVALID_ARGUMENT",
      operation: "findToken",
    });
  });

  it("findTokenById returns new SDK token", async () => {
    const saved = await store.saveToken({
      userName: USER_NAME,
      refreshToken: "refresh-token",
      expiryTime: EXPIRY_TIME,
    });

    const found = await adapter.findTokenById(saved.id);
    expect(found).toBeInstanceOf(sdk.createToken().constructor);
    expect(found.getId()).toBe(saved.id);
    expect(found.getUserSignature()).toBeInstanceOf(sdk.UserSignature);
    expect(found.getUserSignature()?.getName()).toBe(USER_NAME);
    expect(found.getRefreshToken()).toBe("refresh-token");
    expect(found.getExpiresIn()).toBe(String(EXPIRY_TIME));
    expect(found.getAccessToken() ?? null).toBeNull();
  });

  it("findTokenById unknown id throws SDKException", async () => {
    const finding = adapter.findTokenById("no-such-token");
    await expect(finding).rejects.toBeInstanceOf(sdk.SDKException);
    await expect(finding).rejects.toMatchObject({ code: "TOKEN_STORE" });
  });

  it("deleteToken unknown id resolves", async () => {
    const saved = await store.saveToken({ userName: USER_NAME });
    await expect(adapter.deleteToken("no-such-token")).resolves.toBe(undefined);
    expect(await store.getTokens()).toEqual([saved]);
  });

  it("getTokens empty store returns []", async () => {
    expect(await adapter.getTokens()).toEqual([]);
  });
});

describe("ZohoNodeTokenStore class", () => {
  it("extends the SDK TokenStore", () => {
    const adapter = new ZohoNodeTokenStore(new MemoryTokenStore());
    expect(adapter).toBeInstanceOf(nodeSdk.TokenStore.TokenStore);
  });
});
