import { join } from "node:path";

import { SqliteTokenStore } from "@tokenstore/store-sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { makeTempDir, runCli } from "./helpers.js";

const ACCESS_TOKEN = "1000.access-token-value-9a8b";
const REFRESH_TOKEN = "1000.refresh-token-value-7c6d";
const CLIENT_SECRET = "client-secret-value-5e4f";

let temp: ReturnType<typeof makeTempDir>;
let spec: string;
let tokenId: string;

beforeEach(async () => {
  temp = makeTempDir();
  const path = join(temp.path, "tokens.db");
  spec = `sqlite:${path}`;
  const store = new SqliteTokenStore({ database: path });
  const saved = await store.saveToken({
    userName: "ada@example.com",
    clientId: "1000.CLIENT",
    clientSecret: CLIENT_SECRET,
    refreshToken: REFRESH_TOKEN,
    accessToken: ACCESS_TOKEN,
    expiryTime: 1_733_333_333_123,
  });
  await store.saveToken({
    userName: "bob@example.com",
    accessToken: "1000.bob-access-1234",
  });
  tokenId = saved.id;
  await store.close();
});
afterEach(() => {
  temp.remove();
});

describe("tokenstore list", () => {
  it("masks secrets", async () => {
    const result = await runCli(["list", spec]);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain("ada@example.com");
    expect(result.stdout).toContain("bob@example.com");
    expect(result.stdout).toContain("****9a8b");
    expect(result.stdout).toContain("****7c6d");
    expect(result.stdout).not.toContain(ACCESS_TOKEN);
    expect(result.stdout).not.toContain(REFRESH_TOKEN);
    expect(result.stdout).toContain("2024-12-04T17:28:53.123Z (expired)");
  });

  it("reveals secrets on request", async () => {
    const result = await runCli(["list", spec, "--reveal"]);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain(ACCESS_TOKEN);
    expect(result.stdout).toContain(REFRESH_TOKEN);
  });

  it("prints JSON", async () => {
    const result = await runCli(["list", spec, "--format", "json"]);

    const tokens = JSON.parse(result.stdout);
    expect(tokens).toHaveLength(2);
    const ada = tokens.find((token: { id: string }) => token.id === tokenId);
    expect(ada.clientSecret).toBe("****5e4f");
    expect(ada.expiryTime).toBe(1_733_333_333_123);
  });
});

describe("tokenstore show", () => {
  it("shows one token masked", async () => {
    const result = await runCli(["show", spec, tokenId]);

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^id\\s+${tokenId}$`, "m"));
    expect(result.stdout).toMatch(/^clientSecret\s+\*\*\*\*5e4f$/m);
    expect(result.stdout).not.toContain(CLIENT_SECRET);
  });

  it("reveals one token", async () => {
    const result = await runCli(["show", spec, tokenId, "--reveal"]);

    expect(result.stdout).toMatch(
      new RegExp(`^clientSecret\\s+${CLIENT_SECRET}$`, "m"),
    );
  });

  it("exits 1 for unknown id", async () => {
    const result = await runCli(["show", spec, "no-such-id"]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("No token with id no-such-id");
  });
});

describe("tokenstore delete", () => {
  it("deletes one token", async () => {
    const result = await runCli(["delete", spec, tokenId]);

    expect(result.status).toBe(0);
    const store = new SqliteTokenStore({
      database: spec.slice("sqlite:".length),
    });
    expect(await store.findTokenById(tokenId)).toBeNull();
    expect(await store.getTokens()).toHaveLength(1);
    await store.close();

    const again = await runCli(["delete", spec, tokenId]);
    expect(again.status).toBe(1);
  });
});
