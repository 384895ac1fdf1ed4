import { join } from "node:path";

import type { OAuthToken, TokenStore } from "@tokenstore/core";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from "vitest";

import { FakeZoho } from "./fake-zoho.js";
import {
  loadSdkDriver,
  type SdkDriver,
  type SdkSession,
  type TokenOptions,
} from "./sdk-driver.js";
import {
  makeTempDir,
  openStore,
  requireServerUrl,
  type StoreConfig,
} from "./stores.js";
import { runWorker, type WorkerResult } from "./worker.js";

export const CLIENT_ID = "1000.CLIENT";
export const CLIENT_SECRET = "client-secret";
export const GRANT_TOKEN = "1000.grant-token";
export const REDIRECT_URL = "http://127.0.0.1/oauth/callback";
export const USER_EMAIL = "ada@example.com";
export const ORG_ZGID = "90001";
/** The user signature that the SDKs build: email, a colon, the org's zgid. */
export const USER_NAME = `${USER_EMAIL}:${ORG_ZGID}`;

const ACCESS_TOKEN_LIFETIME_MS = 3_600_000;

interface StoreCase {
  name: string;
  /** Whether a worker process that opens the same config reads the tokens. */
  sharedAcrossProcesses: boolean;
  config(directory: string): StoreConfig;
}

/**
 * Lists the stores that the scenarios run against. `table` names the MySQL
 * table and MongoDB collection, unique per test file.
 */
function storeCases(table: string): StoreCase[] {
  return [
    {
      name: "memory",
      sharedAcrossProcesses: false,
      config: () => ({ kind: "memory" }),
    },
    {
      name: "file",
      sharedAcrossProcesses: true,
      config: (directory) => ({
        kind: "file",
        path: join(directory, "tokens.json"),
      }),
    },
    {
      name: "SQLite",
      sharedAcrossProcesses: true,
      config: (directory) => ({
        kind: "sqlite",
        database: join(directory, "tokens.db"),
      }),
    },
    {
      name: "MySQL",
      sharedAcrossProcesses: true,
      config: () => ({
        kind: "mysql",
        uri: requireServerUrl(
          "TOKENSTORE_MYSQL_URL",
          "a MariaDB server",
          "mysql://user:password@127.0.0.1:3306/database",
        ),
        table,
      }),
    },
    {
      name: "MongoDB",
      sharedAcrossProcesses: true,
      config: () => ({
        kind: "mongo",
        url: requireServerUrl(
          "TOKENSTORE_MONGO_URL",
          "a FerretDB server",
          "mongodb://127.0.0.1:27017/tokens",
        ),
        collection: table,
      }),
    },
  ];
}

/**
 * Runs the token scenarios (code exchange, a second process, refresh, an
 * unknown id, removal) with the real SDK against every store, with a
 * loopback server in place of Zoho.
 */
export function describeSdkScenarios(
  sdkName: SdkDriver["name"],
  table: string,
): void {
  for (const storeCase of storeCases(table)) {
    describeStoreScenarios(sdkName, storeCase);
  }
}

function describeStoreScenarios(
  sdkName: SdkDriver["name"],
  storeCase: StoreCase,
): void {
  describe(`${storeCase.name} store`, () => {
    const storeDirectory = makeTempDir();
    let driver: SdkDriver;
    let config: StoreConfig;
    let store: TokenStore;
    let fake: FakeZoho;
    let resourceDirectory: ReturnType<typeof makeTempDir>;

    beforeAll(async () => {
      driver = await loadSdkDriver(sdkName);
      config = storeCase.config(storeDirectory.path);
      store = await openStore(config);
    });

    afterAll(async () => {
      await store?.close();
      storeDirectory.remove();
    });

    beforeEach(async () => {
      await store.deleteTokens();
      fake = await FakeZoho.start({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        grantToken: GRANT_TOKEN,
        userEmail: USER_EMAIL,
        orgZgid: ORG_ZGID,
      });
      resourceDirectory = makeTempDir();
    });

    afterEach(async () => {
      await fake?.close();
      resourceDirectory?.remove();
    });

    function initialize(token: TokenOptions): Promise<SdkSession> {
      return driver.initialize({
        apiUrl: fake.url,
        accountsUrl: fake.accountsUrl,
        token,
        store,
        resourcePath: resourceDirectory.path,
      });
    }

    /** Runs a session in a worker process that opens the same store. */
    function initializeInWorker(token: TokenOptions): Promise<WorkerResult> {
      return runWorker({
        sdk: sdkName,
        store: config,
        apiUrl: fake.url,
        accountsUrl: fake.accountsUrl,
        resourcePath: resourceDirectory.path,
        token,
      });
    }

    /** First run of an application: the SDK exchanges the grant token. */
    function initializeWithGrantToken(): Promise<SdkSession> {
      return initialize({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        grantToken: GRANT_TOKEN,
        redirectUrl: REDIRECT_URL,
      });
    }

    async function onlyStoredToken(): Promise<OAuthToken> {
      const tokens = await store.getTokens();
      expect(tokens).toHaveLength(1);
      return tokens[0] as OAuthToken;
    }

    it("grant token exchanged and saved", async () => {
      const before = Date.now();
      const session = await initializeWithGrantToken();
      const after = Date.now();

      const exchanges = fake.tokenRequests("authorization_code");
      expect(exchanges).toHaveLength(1);
      expect(exchanges[0]?.form).toMatchObject({
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        code: GRANT_TOKEN,
        redirect_uri: REDIRECT_URL,
      });
      expect(fake.tokenRequests("refresh_token")).toHaveLength(0);

      const stored = await onlyStoredToken();
      expect(stored).toMatchObject({
        userName: USER_NAME,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        grantToken: GRANT_TOKEN,
        refreshToken: fake.refreshToken,
        accessToken: "access-1",
        redirectUrl: REDIRECT_URL,
        apiDomain: fake.url,
      });
      expect(stored.expiryTime).toBeGreaterThanOrEqual(
        before + ACCESS_TOKEN_LIFETIME_MS,
      );
      expect(stored.expiryTime).toBeLessThanOrEqual(
        after + ACCESS_TOKEN_LIFETIME_MS,
      );
      expect(session.token.getId()).toBe(stored.id);

      expect(await session.currentUserEmails()).toEqual([USER_EMAIL]);
      expect(fake.apiAccessTokens().at(-1)).toBe("access-1");
      expect(fake.tokenRequests("authorization_code")).toHaveLength(1);
      expect(await onlyStoredToken()).toEqual(stored);
    });

    it("grant token with user signature", async () => {
      const session = await initialize({
        userName: USER_EMAIL,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        grantToken: GRANT_TOKEN,
      });

      // With a user signature given, the SDK does not look the user up.
      expect(fake.requests.map((request) => request.path)).toEqual([
        "/oauth/v2/token",
      ]);
      const stored = await onlyStoredToken();
      expect(stored).toMatchObject({
        userName: USER_EMAIL,
        accessToken: "access-1",
        refreshToken: fake.refreshToken,
        redirectUrl: null,
      });
      expect(session.token.getId()).toBe(stored.id);

      const later = await initialize({ userName: USER_EMAIL });
      expect(await later.currentUserEmails()).toEqual([USER_EMAIL]);
      expect(fake.apiAccessTokens()).toEqual(["access-1"]);
      expect(fake.tokenRequests("authorization_code")).toHaveLength(1);
    });

    it("second process finds token by user", async () => {
      await initializeWithGrantToken();
      const stored = await onlyStoredToken();
      const apiCallsBefore = fake.apiAccessTokens().length;

      let emails: string[];
      if (storeCase.sharedAcrossProcesses) {
        const result = await initializeInWorker({ userName: USER_NAME });
        expect(result).toEqual({ emails: [USER_EMAIL] });
        emails = (result as { emails: string[] }).emails;
      } else {
        // A memory store lives in one process, so a second session in this
        // process takes the place of the second process.
        const session = await initialize({ userName: USER_NAME });
        emails = await session.currentUserEmails();
        expect(session.token.getId()).toBe(stored.id);
      }

      expect(emails).toEqual([USER_EMAIL]);
      expect(fake.tokenRequests("authorization_code")).toHaveLength(1);
      expect(fake.tokenRequests("refresh_token")).toHaveLength(0);
      expect(fake.apiAccessTokens().slice(apiCallsBefore)).toEqual([
        "access-1",
      ]);
      expect(await onlyStoredToken()).toEqual(stored);
    });

    it("expired access token refreshed", async () => {
      await initializeWithGrantToken();
      const initial = await onlyStoredToken();
      await store.saveToken({
        id: initial.id,
        expiryTime: Date.now() - 60_000,
      });

      const before = Date.now();
      const session = await initialize({ userName: USER_NAME });
      expect(await session.currentUserEmails()).toEqual([USER_EMAIL]);

      const refreshes = fake.tokenRequests("refresh_token");
      expect(refreshes).toHaveLength(1);
      expect(refreshes[0]?.form).toMatchObject({
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        refresh_token: fake.refreshToken,
      });
      expect(fake.tokenRequests("authorization_code")).toHaveLength(1);
      expect(fake.apiAccessTokens().at(-1)).toBe("access-2");

      const refreshed = await onlyStoredToken();
      expect(refreshed).toEqual({
        ...initial,
        accessToken: "access-2",
        expiryTime: refreshed.expiryTime,
      });
      expect(refreshed.refreshToken).toBe(fake.refreshToken);
      expect(refreshed.expiryTime).toBeGreaterThanOrEqual(
        before + ACCESS_TOKEN_LIFETIME_MS,
      );
    });

    it("unknown id rejects without request", async () => {
      await initializeWithGrantToken();
      const stored = await onlyStoredToken();
      const requestsBefore = fake.requests.length;

      const initializing = initialize({ id: "no-such-token" });
      await expect(initializing).rejects.toBeInstanceOf(driver.SDKException);
      await expect(initializing).rejects.toMatchObject({
        code: "TOKEN_STORE",
        message: expect.stringContaining('"no-such-token"'),
      });
      expect(fake.requests.length).toBe(requestsBefore);
      expect(await onlyStoredToken()).toEqual(stored);
    });

    it("remove deletes only that token", async () => {
      const session = await initializeWithGrantToken();
      const otherExpiry = Date.now() + ACCESS_TOKEN_LIFETIME_MS;
      const other = await store.saveToken({
        userName: `grace@example.com:${ORG_ZGID}`,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        refreshToken: "other-refresh",
        accessToken: "other-access",
        expiryTime: otherExpiry,
        apiDomain: fake.url,
      });

      expect(await session.token.remove()).toBe(true);
      expect(await store.getTokens()).toEqual([other]);

      const sdkTokens = await session.adapter.getTokens();
      expect(sdkTokens).toHaveLength(1);
      const [sdkToken] = sdkTokens;
      expect(sdkToken?.getId()).toBe(other.id);
      expect(sdkToken?.getUserSignature()?.getName()).toBe(other.userName);
      expect(sdkToken?.getRefreshToken()).toBe("other-refresh");
      expect(sdkToken?.getExpiresIn()).toBe(String(otherExpiry));

      await session.adapter.deleteTokens();
      expect(await store.getTokens()).toEqual([]);
    });
  });
}
