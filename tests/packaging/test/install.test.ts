// Installs each store the way a user would: a new npm project outside the
// workspace that gets only the packed @tokenstore/core tarball, the store's
// tarball and the store's driver from the registry. Scripts in both module
// formats then save, find and delete a token, and TypeScript checks a
// consumer file in both formats against the installed type declarations.
import { execFile } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  findTarballs,
  usePackedPackages,
} from "../../../scripts/packed-packages.mjs";

const repoRoot = resolve(import.meta.dirname, "..", "..", "..");
const fixturesDir = resolve(import.meta.dirname, "..", "fixtures");
const tscPath = createRequire(import.meta.url).resolve("typescript/bin/tsc");

interface StoreCase {
  /** The store's suffix: @tokenstore/store-NAME in packages/store-NAME. */
  name: string;
  /** The driver that the store lists as a peer dependency. */
  driver?: string;
  /** Environment variable with the URL of the server the store needs. */
  serverUrlVariable?: string;
  className: string;
  /** Constructor options of a store, as TypeScript source. */
  options: string;
  /**
   * Constructor options that must not type-check. They pass when a type
   * that comes from the driver's declarations resolved to `any`.
   */
  invalidOptions?: string;
}

const STORES: readonly StoreCase[] = [
  { name: "memory", className: "MemoryTokenStore", options: "" },
  {
    name: "file",
    className: "FileTokenStore",
    options: '{ path: "tokens.json" }',
    invalidOptions: "{ path: 42 }",
  },
  {
    name: "sqlite",
    driver: "better-sqlite3",
    className: "SqliteTokenStore",
    options: '{ database: ":memory:" }',
    // `database` is a path or a better-sqlite3 Database, whose type comes
    // from @types/better-sqlite3.
    invalidOptions: "{ database: 42 }",
  },
  {
    name: "mysql",
    driver: "mysql2",
    serverUrlVariable: "TOKENSTORE_MYSQL_URL",
    className: "MysqlTokenStore",
    options: '{ uri: "mysql://user:password@127.0.0.1:3306/tokens" }',
    invalidOptions: '{ connection: { port: "3306" } }',
  },
  {
    name: "mongo",
    driver: "mongodb",
    serverUrlVariable: "TOKENSTORE_MONGO_URL",
    className: "MongoTokenStore",
    options: '{ url: "mongodb://127.0.0.1:27017/tokens" }',
    invalidOptions:
      '{ url: "mongodb://127.0.0.1:27017/tokens", clientOptions: { maxPoolSize: "10" } }',
  },
];

interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Returns the environment for npm and node in the new projects: this
 * process's, without the npm_* variables that pnpm sets for its scripts, so
 * npm uses its own settings as it would for a user.
 */
function userEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.toLowerCase().startsWith("npm_"),
    ),
  );
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
  extraEnvironment: NodeJS.ProcessEnv = {},
): Promise<CommandResult> {
  return new Promise((resolvePromise) => {
    execFile(
      command,
      args,
      {
        cwd,
        env: { ...userEnvironment(), ...extraEnvironment },
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        let exitCode = 0;
        if (error !== null) {
          exitCode = typeof error.code === "number" ? error.code : 1;
        }
        resolvePromise({ exitCode, stdout, stderr });
      },
    );
  });
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

/**
 * Returns the version that the install test uses for a driver: the lowest
 * one that the store's peer range accepts, so the range's lower bound is
 * tested here and the version in devDependencies by the store's own tests.
 */
function lowestPeerVersion(store: StoreCase): string {
  const manifest = readJson(
    join(repoRoot, "packages", `store-${store.name}`, "package.json"),
  );
  const peers = manifest["peerDependencies"] as Record<string, string>;
  const range = peers[store.driver ?? ""];
  const match = /^\^(\d+\.\d+\.\d+)$/.exec(range ?? "");
  if (match?.[1] === undefined) {
    throw new Error(
      `@tokenstore/store-${store.name} must list ${store.driver} as a peer ` +
        `dependency with a range ^MAJOR.MINOR.PATCH, found ${range}`,
    );
  }
  return match[1];
}

function requireServerUrl(variable: string): string {
  const url = process.env[variable];
  if (url === undefined || url === "") {
    throw new Error(
      `${variable} is not set. Run \`npm test\` from the repository root, ` +
        "which starts the database servers and sets it.",
    );
  }
  return url;
}

/** Packs a workspace package into `destination` with pnpm. */
async function pack(packageDir: string, destination: string): Promise<void> {
  const result = await run(
    "pnpm",
    ["pack", "--pack-destination", destination],
    packageDir,
    60_000,
  );
  if (result.exitCode !== 0) {
    throw new Error(
      `pnpm pack failed in ${packageDir} (is pnpm on PATH? Run \`npm test\` ` +
        `from the repository root):\n${result.stderr}`,
    );
  }
}

function consumerSource(store: StoreCase): string {
  const invalidCall =
    store.invalidOptions === undefined
      ? ""
      : "  // @ts-expect-error the options have a value of the wrong type\n" +
        `  new ${store.className}(${store.invalidOptions});\n`;
  return (
    'import type { OAuthToken } from "@tokenstore/core";\n' +
    `import { ${store.className} } from "@tokenstore/store-${store.name}";\n` +
    "\n" +
    "export async function findAccessToken(): Promise<string | null> {\n" +
    `  const store = new ${store.className}(${store.options});\n` +
    "  const token: OAuthToken | null = await store.findToken({\n" +
    '    userName: "ada@example.com",\n' +
    "  });\n" +
    "  // @ts-expect-error saveToken takes a token object\n" +
    "  await store.saveToken(42);\n" +
    invalidCall +
    "  return token?.accessToken ?? null;\n" +
    "}\n"
  );
}

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noEmit: true,
    // Driver declarations need @types/node, which this project does not
    // install. A store type that resolves to `any` still fails the
    // consumer's lines that expect a type error.
    skipLibCheck: true,
    types: [],
  },
  files: ["consumer.mts", "consumer.cts"],
};

let workDir: string;
let tarballs: Map<string, string>;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "tokenstore-packaging-"));
  const packsDir = join(workDir, "packs");
  mkdirSync(packsDir);
  const packageDirs = [
    join(repoRoot, "packages", "core"),
    ...STORES.map((store) => join(repoRoot, "packages", `store-${store.name}`)),
  ];
  for (const packageDir of packageDirs) {
    await pack(packageDir, packsDir);
  }
  tarballs = findTarballs(packsDir);
});

afterAll(() => {
  if (workDir !== undefined) {
    rmSync(workDir, { recursive: true, force: true });
  }
});

describe.each(STORES)("$name store from its tarball", (store) => {
  const storePackage = `@tokenstore/store-${store.name}`;
  let projectDir: string;
  let driverVersion: string | undefined;

  beforeAll(async () => {
    if (store.serverUrlVariable !== undefined) {
      requireServerUrl(store.serverUrlVariable);
    }
    projectDir = join(workDir, store.name);
    mkdirSync(projectDir);
    driverVersion =
      store.driver === undefined ? undefined : lowestPeerVersion(store);

    const dependencies: Record<string, string> = {
      "@tokenstore/core": "*",
      [storePackage]: "*",
    };
    if (store.driver !== undefined && driverVersion !== undefined) {
      dependencies[store.driver] = driverVersion;
    }
    const packagesOfThisProject = new Map(
      [...tarballs].filter(([name]) => name in dependencies),
    );
    const manifest = usePackedPackages(
      {
        name: `tokenstore-packaging-${store.name}`,
        version: "1.0.0",
        private: true,
        dependencies,
      },
      packagesOfThisProject,
    );
    writeFileSync(
      join(projectDir, "package.json"),
      `${JSON.stringify(manifest, null, 2)}\n`,
    );

    // better-sqlite3's install script first tries prebuild-install, which
    // downloads binaries from outside the npm registry. Building from
    // source skips that download.
    const install = await run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--loglevel=error"],
      projectDir,
      200_000,
      { npm_config_build_from_source: "true" },
    );
    if (install.exitCode !== 0) {
      throw new Error(
        `npm install failed in ${projectDir}:\n${install.stdout}${install.stderr}`,
      );
    }
    copyFileSync(
      join(fixturesDir, "use-store.mjs"),
      join(projectDir, "use-store.mjs"),
    );
    copyFileSync(
      join(fixturesDir, "use-store.cjs"),
      join(projectDir, "use-store.cjs"),
    );
  }, 220_000);

  it("installs only core and the store", () => {
    const installed = readdirSync(
      join(projectDir, "node_modules", "@tokenstore"),
    );
    expect(installed.sort()).toEqual(["core", `store-${store.name}`]);
  });

  const driver = store.driver;
  if (driver !== undefined) {
    it("installs the lowest driver version of the peer range", () => {
      const driverManifest = readJson(
        join(projectDir, "node_modules", driver, "package.json"),
      );
      expect(driverManifest["version"]).toBe(driverVersion);
    });
  }

  for (const [script, moduleFormat, buildDir] of [
    ["use-store.mjs", "esm", "esm"],
    ["use-store.cjs", "commonjs", "cjs"],
  ] as const) {
    it(`saves, finds and deletes a token from ${moduleFormat}`, async () => {
      const result = await run(
        process.execPath,
        [script, store.name],
        projectDir,
        60_000,
      );
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);

      const output = JSON.parse(result.stdout) as Record<string, unknown>;
      const installedPackage = (name: string) =>
        join(projectDir, "node_modules", ...name.split("/"));
      expect(output["moduleFormat"]).toBe(moduleFormat);
      expect(output["coreEntry"]).toBe(
        join(
          installedPackage("@tokenstore/core"),
          "dist",
          buildDir,
          "index.js",
        ),
      );
      expect(output["storeEntry"]).toBe(
        join(installedPackage(storePackage), "dist", buildDir, "index.js"),
      );
      expect(output["savedId"]).toEqual(expect.any(String));
      expect(output["foundId"]).toBe(output["savedId"]);
      expect(output["foundAccessToken"]).toBe("1000.access");
      expect(output["deleted"]).toBe(true);
      expect(output["foundAfterDelete"]).toBeNull();
      expect(output["errorCode"]).toBe("NO_MATCH_KEY");
      expect(output["errorIsCoreInstance"]).toBe(true);
    });
  }

  it("type-checks a consumer as ESM and CommonJS", async () => {
    const source = consumerSource(store);
    writeFileSync(join(projectDir, "consumer.mts"), source);
    writeFileSync(join(projectDir, "consumer.cts"), source);
    writeFileSync(
      join(projectDir, "tsconfig.json"),
      JSON.stringify(CONSUMER_TSCONFIG, null, 2),
    );

    const result = await run(
      process.execPath,
      [tscPath, "-p", "tsconfig.json"],
      projectDir,
      60_000,
    );
    expect(result.stdout).toBe("");
    expect(result.exitCode).toBe(0);

    // The .mts file must see the ESM declarations and the .cts file the
    // CommonJS ones.
    const listed = await run(
      process.execPath,
      [tscPath, "-p", "tsconfig.json", "--listFilesOnly"],
      projectDir,
      60_000,
    );
    const storeDir = join(
      projectDir,
      "node_modules",
      "@tokenstore",
      `store-${store.name}`,
    );
    const files = listed.stdout.split("\n");
    expect(files).toContain(join(storeDir, "dist", "esm", "index.d.ts"));
    expect(files).toContain(join(storeDir, "dist", "cjs", "index.d.ts"));
  });
});
