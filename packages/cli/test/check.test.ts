import { readFileSync } from "node:fs";
import { join } from "node:path";

import { CATEGORIES } from "@tokenstore/conformance";
import { SqliteTokenStore } from "@tokenstore/store-sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { makeTempDir, runCli } from "./helpers.js";

const CASE_COUNT = CATEGORIES.reduce(
  (sum, category) => sum + category.cases.length,
  0,
);

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => {
  temp.remove();
});

describe("tokenstore check", () => {
  it("passes the memory store", async () => {
    const result = await runCli(["check", "memory:"]);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      `Result: ${CASE_COUNT} passed, 0 failed, 0 skipped`,
    );
    for (const category of CATEGORIES) {
      expect(result.stdout).toContain(
        `${category.name}: ${category.cases.length} passed`,
      );
    }
    expect(result.stderr).toContain(`[${CASE_COUNT}/${CASE_COUNT}] ok`);
  });

  it("writes JSON and JUnit reports", async () => {
    const jsonPath = join(temp.path, "report.json");
    const junitPath = join(temp.path, "report.xml");

    const result = await runCli([
      "check",
      `sqlite:${join(temp.path, "tokens.db")}`,
      "--json",
      jsonPath,
      "--junit",
      junitPath,
    ]);

    expect(result.status).toBe(0);
    const report = JSON.parse(readFileSync(jsonPath, "utf8"));
    expect(report.summary).toEqual({
      passed: CASE_COUNT,
      failed: 0,
      skipped: 0,
    });
    expect(report.results).toHaveLength(CASE_COUNT);
    const xml = readFileSync(junitPath, "utf8");
    expect(xml).toMatch(/^<\?xml version="1.0"/);
    expect(xml).toContain(`tests="${CASE_COUNT}" failures="0"`);
    expect(xml.match(/<testcase /g)).toHaveLength(CASE_COUNT);
  });

  it("reports a broken store module", async () => {
    const junitPath = join(temp.path, "report.xml");

    const result = await runCli(
      ["check", "test/fixtures/duplicating-store.ts", "--junit", junitPath],
      { typescript: true },
    );

    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/FAILED\s+same userName updates in place/);
    expect(result.stdout).toContain("expected:");
    expect(result.stdout).toContain("actual:");
    expect(result.stdout).toMatch(/Result: \d+ passed, [1-9]\d* failed/);
    expect(readFileSync(junitPath, "utf8")).toContain("<failure message=");
  });

  it("refuses a store holding tokens", async () => {
    const path = join(temp.path, "tokens.db");
    const store = new SqliteTokenStore({ database: path });
    await store.saveToken({
      userName: "keep@example.com",
      accessToken: "1000.keep",
    });
    await store.close();

    const refused = await runCli(["check", `sqlite:${path}`]);

    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("contains 1 token.");
    expect(refused.stderr).toContain("--force");
    const reopened = new SqliteTokenStore({ database: path });
    expect(
      await reopened.findToken({ userName: "keep@example.com" }),
    ).not.toBeNull();
    await reopened.close();

    const forced = await runCli(["check", `sqlite:${path}`, "--force"]);

    expect(forced.status).toBe(0);
    const after = new SqliteTokenStore({ database: path });
    expect(await after.getTokens()).toEqual([]);
    await after.close();
  });

  it("rejects unknown stores and commands", async () => {
    const unknownStore = await runCli(["check", "redis://127.0.0.1:6379"]);
    expect(unknownStore.status).toBe(2);
    expect(unknownStore.stderr).toContain(
      'unknown store "redis://127.0.0.1:6379"',
    );

    const unknownCommand = await runCli(["frobnicate"]);
    expect(unknownCommand.status).toBe(2);
    expect(unknownCommand.stderr).toContain('unknown command "frobnicate"');

    const missingModule = await runCli(["check", "./no-such-store.js"]);
    expect(missingModule.status).toBe(2);
    expect(missingModule.stderr).toContain("cannot load the store module");
  });

  it("hides the password of a URL", async () => {
    const result = await runCli([
      "list",
      "mysql://user:hunter2-password@127.0.0.1:1/db",
    ]);

    expect(result.status).toBe(2);
    expect(result.stderr).not.toContain("hunter2-password");
  });
});
