import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { isTokenStoreError } from "@tokenstore/core";
import { describe, expect, it } from "vitest";

import { FileTokenStore } from "../src/index.js";
import { makeTemporaryDirectory } from "./helpers.js";

async function temporaryPath(): Promise<string> {
  return join(await makeTemporaryDirectory(), "tokens.json");
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isTokenStoreError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error("the call resolved, but it must reject");
}

const validRecord = {
  id: "token-1",
  userName: "user@example.com",
  clientId: "client",
  clientSecret: "client-secret-value",
  grantToken: null,
  refreshToken: "refresh-secret-value",
  accessToken: "access-secret-value",
  expiryTime: 1700000000000,
  redirectUrl: null,
  apiDomain: null,
};

function fileText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

const validText = fileText({
  format: "tokenstore-file",
  version: 1,
  tokens: [validRecord],
});

describe("FileTokenStore file format", () => {
  it("writes documented pretty JSON", async () => {
    const path = await temporaryPath();
    const store = new FileTokenStore({ path });
    const { id: _id, ...input } = validRecord;
    const saved = await store.saveToken({ ...input, id: "token-1" });
    await store.close();

    expect(saved).toEqual(validRecord);
    expect(await readFile(path, "utf8")).toBe(validText);
  });

  it("reads hand-written file", async () => {
    const path = await temporaryPath();
    // A field left out of a record reads as null.
    await writeFile(
      path,
      JSON.stringify({
        version: 1,
        tokens: [{ apiDomain: "https://api.example.com", id: "hand" }],
        format: "tokenstore-file",
      }),
    );
    const store = new FileTokenStore({ path });
    expect(await store.findTokenById("hand")).toEqual({
      id: "hand",
      userName: null,
      clientId: null,
      clientSecret: null,
      grantToken: null,
      refreshToken: null,
      accessToken: null,
      expiryTime: null,
      redirectUrl: null,
      apiDomain: "https://api.example.com",
    });
    await store.close();
  });

  it("missing file reads empty", async () => {
    const directory = join(await makeTemporaryDirectory(), "missing");
    const path = join(directory, "tokens.json");
    const store = new FileTokenStore({ path });
    expect(await store.getTokens()).toEqual([]);
    expect(await store.findToken({ userName: "nobody" })).toBeNull();
    expect(await store.findTokenById("missing")).toBeNull();
    expect(await store.deleteToken("missing")).toBe(false);
    await store.deleteTokens();
    await expect(readdir(directory)).rejects.toMatchObject({ code: "ENOENT" });

    await store.saveToken({ userName: "first" });
    expect(await readFile(path, "utf8")).toContain('"first"');
    await store.close();
  });

  const corruptFiles: Array<[string, string | Buffer]> = [
    ["empty file", ""],
    ["non-JSON text", "tokens: none\n"],
    ["truncated JSON", validText.slice(0, validText.length / 2)],
    ["invalid UTF-8", Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ["JSON array", "[]"],
    ["wrong format", fileText({ format: "other", version: 1, tokens: [] })],
    ["missing version", fileText({ format: "tokenstore-file", tokens: [] })],
    ["missing tokens", fileText({ format: "tokenstore-file", version: 1 })],
    [
      "unknown top-level field",
      fileText({ format: "tokenstore-file", version: 1, tokens: [], x: 1 }),
    ],
    [
      "unknown token field",
      fileText({
        format: "tokenstore-file",
        version: 1,
        tokens: [{ ...validRecord, scope: "all" }],
      }),
    ],
    [
      "string expiryTime",
      fileText({
        format: "tokenstore-file",
        version: 1,
        tokens: [{ ...validRecord, expiryTime: "soon" }],
      }),
    ],
    [
      "token without id",
      fileText({
        format: "tokenstore-file",
        version: 1,
        tokens: [{ ...validRecord, id: undefined }],
      }),
    ],
    [
      "duplicate id",
      fileText({
        format: "tokenstore-file",
        version: 1,
        tokens: [validRecord, { ...validRecord, userName: "other" }],
      }),
    ],
    [
      "duplicate userName",
      fileText({
        format: "tokenstore-file",
        version: 1,
        tokens: [
          validRecord,
          { id: "token-2", userName: validRecord.userName },
        ],
      }),
    ],
  ];

  it.each(corruptFiles)("rejects %s as corrupt", async (_name, content) => {
    const path = await temporaryPath();
    await writeFile(path, content);
    const before = await readFile(path);
    const store = new FileTokenStore({ path });

    const readError = await rejection(store.getTokens());
    expect(readError.code).toBe("CORRUPT_DATA");
    expect(readError.operation).toBe("getTokens");
    expect(readError.message).toContain(path);
    expect(readError.message).toContain("restore it from a backup");

    const saveError = await rejection(store.saveToken({ userName: "new" }));
    expect(saveError.code).toBe("CORRUPT_DATA");
    const deleteError = await rejection(store.deleteTokens());
    expect(deleteError.code).toBe("CORRUPT_DATA");

    expect(await readFile(path)).toEqual(before);
    await store.close();
  });

  it("rejects unknown version", async () => {
    const path = await temporaryPath();
    await writeFile(
      path,
      fileText({ format: "tokenstore-file", version: 2, tokens: {} }),
    );
    const before = await readFile(path);
    const store = new FileTokenStore({ path });

    const findError = await rejection(store.findToken({ userName: "a" }));
    expect(findError.code).toBe("UNSUPPORTED_VERSION");
    expect(findError.message).toContain(path);
    expect(findError.message).toContain("version 2");

    const saveError = await rejection(store.saveToken({ userName: "a" }));
    expect(saveError.code).toBe("UNSUPPORTED_VERSION");
    expect(saveError.operation).toBe("saveToken");
    expect(await readFile(path)).toEqual(before);
    await store.close();
  });

  it("corrupt message hides secrets", async () => {
    const path = await temporaryPath();
    // A missing quote before the secret: the SyntaxError message quotes
    // the text around the error, here the first characters of the secret.
    await writeFile(
      path,
      '{"format": "tokenstore-file", "version": 1, "tokens": ' +
        '[{"id": "a", "accessToken": access-secret-value"}]}',
    );
    const store = new FileTokenStore({ path });
    const error = await rejection(store.getTokens());
    expect(error.code).toBe("CORRUPT_DATA");
    expect(error.message).not.toContain("access-sec");
    expect(String(error.cause ?? "")).not.toContain("access-sec");
    await store.close();
  });

  it("works again after repair", async () => {
    const path = await temporaryPath();
    await writeFile(path, "{");
    const store = new FileTokenStore({ path });
    await expect(store.getTokens()).rejects.toMatchObject({
      code: "CORRUPT_DATA",
    });
    await writeFile(path, validText);
    expect(await store.findTokenById("token-1")).toEqual(validRecord);
    await store.close();
  });
});
