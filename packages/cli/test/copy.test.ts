import { writeFileSync } from "node:fs";
import { join } from "node:path";

import { FileTokenStore } from "@tokenstore/store-file";
import { SqliteTokenStore } from "@tokenstore/store-sqlite";
import mysql from "mysql2/promise";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { makeTempDir, runCli } from "./helpers.js";

const HEADER =
  "id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,redirect_url,api_domain";
const ROWS = [
  "1,ada@example.com,1000.CLIENTA,secret-a,1000.refresh-a,1000.access-a,,1733333333123,https://app.example.com/cb,https://www.zohoapis.eu",
  "2,bob@example.com,1000.CLIENTA,secret-a,1000.refresh-b,1000.access-b,1000.grant-b,1733333334000,https://app.example.com/cb,https://www.zohoapis.com",
  "3,cy@example.com,1000.CLIENTB,secret-b,1000.refresh-c,,,,,",
];

let temp: ReturnType<typeof makeTempDir>;
let target: string;
let targetPath: string;

beforeEach(() => {
  temp = makeTempDir();
  targetPath = join(temp.path, "copy.db");
  target = `sqlite:${targetPath}`;
});
afterEach(() => {
  temp.remove();
});

async function readTarget() {
  const store = new SqliteTokenStore({ database: targetPath });
  try {
    return (await store.getTokens()).sort((a, b) => a.id.localeCompare(b.id));
  } finally {
    await store.close();
  }
}

describe("tokenstore copy from Zoho CSV", () => {
  it("copies, then finds nothing to change", async () => {
    const csv = join(temp.path, "zoho_tokens.csv");
    writeFileSync(csv, [HEADER, ...ROWS].join("\n"));

    const first = await runCli(["copy", `zoho-csv:${csv}`, target]);

    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      "3 copied, 0 updated, 0 unchanged, 0 failed",
    );
    const tokens = await readTarget();
    expect(tokens.map((token) => token.id)).toEqual(["1", "2", "3"]);
    expect(tokens[0]).toEqual({
      id: "1",
      userName: "ada@example.com",
      clientId: "1000.CLIENTA",
      clientSecret: "secret-a",
      grantToken: null,
      refreshToken: "1000.refresh-a",
      accessToken: "1000.access-a",
      expiryTime: 1_733_333_333_123,
      redirectUrl: "https://app.example.com/cb",
      apiDomain: "https://www.zohoapis.eu",
    });
    expect(tokens[2]?.accessToken).toBeNull();
    expect(tokens[2]?.expiryTime).toBeNull();

    const second = await runCli(["copy", `zoho-csv:${csv}`, target]);

    expect(second.stdout).toContain(
      "0 copied, 0 updated, 3 unchanged, 0 failed",
    );
    expect(await readTarget()).toEqual(tokens);
  });

  it("updates a changed row", async () => {
    const csv = join(temp.path, "zoho_tokens.csv");
    writeFileSync(csv, [HEADER, ...ROWS].join("\n"));
    await runCli(["copy", `zoho-csv:${csv}`, target]);
    writeFileSync(
      csv,
      [
        HEADER,
        ROWS[0]!.replace("1000.access-a", "1000.access-a2"),
        ROWS[1],
        ROWS[2],
      ].join("\n"),
    );

    const result = await runCli(["copy", `zoho-csv:${csv}`, target]);

    expect(result.stdout).toContain(
      "0 copied, 1 updated, 2 unchanged, 0 failed",
    );
    expect((await readTarget())[0]?.accessToken).toBe("1000.access-a2");
  });

  it("reads the user_mail header without api_domain", async () => {
    const csv = join(temp.path, "legacy.csv");
    writeFileSync(
      csv,
      [
        "id,user_mail,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,redirect_url",
        "7,old@example.com,1000.OLD,old-secret,1000.old-refresh,1000.old-access,,1600000000000,https://old.example.com/cb",
        "",
      ].join("\r\n"),
    );

    const result = await runCli(["copy", `zoho-csv:${csv}`, target]);

    expect(result.status).toBe(0);
    const [token] = await readTarget();
    expect(token?.userName).toBe("old@example.com");
    expect(token?.apiDomain).toBeNull();
    expect(token?.expiryTime).toBe(1_600_000_000_000);
  });

  it("reports bad rows and keeps going", async () => {
    const csv = join(temp.path, "bad.csv");
    writeFileSync(
      csv,
      [
        HEADER,
        ROWS[0],
        "9,bad@example.com,1000.X,s,1000.r9,1000.a9,,soon,,",
        "10,short",
      ].join("\n"),
    );

    const result = await runCli(["copy", `zoho-csv:${csv}`, target]);

    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      "1 copied, 0 updated, 0 unchanged, 2 failed",
    );
    expect(result.stderr).toContain("line 3");
    expect(result.stderr).toContain("expiry_time is not a whole number");
    expect(result.stderr).toContain("line 4");
    expect((await readTarget()).map((token) => token.id)).toEqual(["1"]);
  });
});

describe("tokenstore copy from odd CSV files", () => {
  it("reads a BOM and a quoted header", async () => {
    const csv = join(temp.path, "bom.csv");
    const quotedHeader = HEADER.split(",")
      .map((name) => `"${name}"`)
      .join(",");
    writeFileSync(csv, `\uFEFF${quotedHeader}\n${ROWS[0]}\n`);

    const result = await runCli(["copy", `zoho-csv:${csv}`, target]);

    expect(result.status).toBe(0);
    expect((await readTarget())[0]?.userName).toBe("ada@example.com");
  });

  it("ignores unknown columns like constructor", async () => {
    const csv = join(temp.path, "extra.csv");
    writeFileSync(csv, `${HEADER},constructor,__proto__\n${ROWS[0]},x,y\n`);

    const result = await runCli(["copy", `zoho-csv:${csv}`, target]);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      "1 copied, 0 updated, 0 unchanged, 0 failed",
    );
  });

  it("counts an id-less row unchanged", async () => {
    const csv = join(temp.path, "no-id.csv");
    writeFileSync(csv, `${HEADER}\n${ROWS[0]!.replace(/^1,/, ",")}\n`);

    await runCli(["copy", `zoho-csv:${csv}`, target]);
    const second = await runCli(["copy", `zoho-csv:${csv}`, target]);

    expect(second.stdout).toContain(
      "0 copied, 0 updated, 1 unchanged, 0 failed",
    );
    expect(await readTarget()).toHaveLength(1);
  });
});

describe("tokenstore copy between stores", () => {
  it("copies SQLite to a file store", async () => {
    const source = new SqliteTokenStore({ database: targetPath });
    await source.saveToken({
      id: "a1",
      userName: "ada@example.com",
      accessToken: "1000.x",
    });
    await source.saveToken({
      id: "b2",
      userName: "bob@example.com",
      expiryTime: 5,
    });
    await source.close();
    const filePath = join(temp.path, "tokens.json");

    const result = await runCli(["copy", target, `file:${filePath}`]);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain("2 copied");
    const copy = new FileTokenStore({ path: filePath });
    const tokens = (await copy.getTokens()).sort((a, b) =>
      a.id.localeCompare(b.id),
    );
    await copy.close();
    expect(tokens).toEqual(await readTarget());
  });
});

describe("tokenstore copy from Zoho DBStore", () => {
  const url = process.env.TOKENSTORE_MYSQL_URL;

  it("exits 2 for an unreachable server", async () => {
    const result = await runCli([
      "copy",
      "zoho-mysql://user:secret-password@127.0.0.1:1/db",
      target,
    ]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      "cannot connect to read the Zoho table oauthtoken on 127.0.0.1:1",
    );
    expect(result.stderr).not.toContain("secret-password");
  });

  it("copies the oauthtoken table", async () => {
    if (url === undefined) {
      throw new Error(
        "TOKENSTORE_MYSQL_URL is not set. Run `npm test` from the repository root, " +
          "which starts MariaDB, or point it at a MySQL server.",
      );
    }
    const table = `oauthtoken_${Math.random().toString(36).slice(2, 10)}`;
    const connection = await mysql.createConnection({ uri: url });
    try {
      // The table as the Zoho CRM SDK's DBStore documents it: all varchar.
      await connection.query(`CREATE TABLE \`${table}\` (
        id varchar(10) NOT NULL,
        user_name varchar(255),
        client_id varchar(255),
        client_secret varchar(255),
        refresh_token varchar(255),
        access_token varchar(255),
        grant_token varchar(255),
        expiry_time varchar(20),
        redirect_url varchar(255),
        api_domain varchar(255),
        primary key (id)
      )`);
      await connection.query(
        `INSERT INTO \`${table}\` VALUES
          ('1', 'ada@example.com', '1000.C', 'secret', '1000.r1', '1000.a1', NULL, '1733333333123', 'https://app.example.com/cb', 'https://www.zohoapis.com'),
          ('2', 'bob@example.com', '1000.C', 'secret', '1000.r2', '', '', '', NULL, NULL)`,
      );
      const zohoUrl = url.replace(/^mysql:\/\//, "zoho-mysql://");

      const result = await runCli([
        "copy",
        zohoUrl,
        target,
        "--zoho-table",
        table,
      ]);

      expect(result.status).toBe(0);
      expect(result.stdout).toContain(
        "2 copied, 0 updated, 0 unchanged, 0 failed",
      );
      const password = new URL(url).password;
      if (password.length > 0) {
        expect(result.stdout).not.toContain(password);
      }
      const tokens = await readTarget();
      expect(tokens[0]?.expiryTime).toBe(1_733_333_333_123);
      expect(tokens[0]?.refreshToken).toBe("1000.r1");
      expect(tokens[1]?.accessToken).toBeNull();
      expect(tokens[1]?.grantToken).toBeNull();
    } finally {
      await connection.query(`DROP TABLE IF EXISTS \`${table}\``);
      await connection.end();
    }
  });
});
