// Packs every publishable workspace package with `pnpm pack` and checks each
// tarball, as npm would publish it, with publint and @arethetypeswrong/cli.
// Any publint message (suggestions included) or attw problem fails the run.
// Packages must be built first.
// Usage: tsx scripts/check-packages.ts [PACKAGE_DIR...]
// Without arguments it checks every package under packages/ and conformance/
// whose package.json is not private.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

import { publint } from "publint";
import { formatMessage } from "publint/utils";

const repoRoot = resolve(import.meta.dirname, "..");
const packsDir = join(repoRoot, ".tmp", "packs");
const attwBin = join(repoRoot, "node_modules", ".bin", "attw");

/**
 * attw runs per package. Each inner list is the options of one run. A
 * package not listed gets one run with the default "strict" profile, which
 * checks Node10, Node16 from CommonJS and from ESM, and bundler resolution.
 */
const ATTW_RUNS: Record<string, string[][]> = {
  "@tokenstore/conformance": [
    ["--exclude-entrypoints", "./vitest"],
    // vitest 4 throws when it is loaded with require(), so ./vitest has only
    // an "import" condition and is checked as ESM only.
    ["--profile", "esm-only", "--entrypoints", "./vitest"],
  ],
  // The command is an ES module bin. Its exports map has only
  // ./package.json, which is what attw checks here.
  "@tokenstore/cli": [["--profile", "esm-only"]],
};

interface WorkspacePackage {
  dir: string;
  name: string;
}

function readManifest(dir: string): {
  name: string;
  version: string;
  private?: boolean;
} {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
}

function publishablePackages(): WorkspacePackage[] {
  const dirs = [
    ...readdirSync(join(repoRoot, "packages")).map((name) =>
      join(repoRoot, "packages", name),
    ),
    join(repoRoot, "conformance"),
  ];
  return dirs
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: readManifest(dir) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ dir, name: manifest.name }));
}

function packagesFromArguments(dirs: string[]): WorkspacePackage[] {
  return dirs.map((dir) => {
    const absolute = resolve(dir);
    return { dir: absolute, name: readManifest(absolute).name };
  });
}

/** Packs a package into .tmp/packs and returns the tarball path. */
function pack(dir: string): string {
  const output = execFileSync(
    "pnpm",
    ["pack", "--json", "--pack-destination", packsDir],
    { cwd: dir, encoding: "utf8" },
  );
  const { filename } = JSON.parse(output) as { filename: string };
  return resolve(packsDir, filename);
}

async function runPublint(tarball: string): Promise<boolean> {
  const data = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: new Uint8Array(data).buffer },
    level: "suggestion",
  });
  for (const message of messages) {
    const text = formatMessage(message, pkg, { color: false });
    console.log(`  publint ${message.type}: ${text ?? message.code}`);
  }
  if (messages.length === 0) {
    console.log("  publint: no problems");
  }
  return messages.length === 0;
}

function runAttw(name: string, tarball: string): boolean {
  let passed = true;
  for (const options of ATTW_RUNS[name] ?? [[]]) {
    const args = [
      tarball,
      "--no-definitely-typed",
      "--no-color",
      "--no-emoji",
      "--format",
      "table-flipped",
      ...options,
    ];
    const label = `attw ${options.join(" ") || "--profile strict"}`;
    const result = spawnSync(attwBin, args, { encoding: "utf8" });
    if (result.status === 0) {
      console.log(`  ${label}: no problems`);
      continue;
    }
    passed = false;
    const output = `${result.stdout}${result.stderr}`.trim();
    console.log(`  ${label}: failed (exit ${result.status})`);
    console.log(output.replace(/^/gm, "    "));
  }
  return passed;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const packages =
    args.length > 0 ? packagesFromArguments(args) : publishablePackages();
  mkdirSync(packsDir, { recursive: true });

  const failed: string[] = [];
  for (const { dir, name } of packages) {
    console.log(`${name} (${relative(repoRoot, dir)})`);
    const tarball = pack(dir);
    console.log(`  packed ${relative(repoRoot, tarball)}`);
    const publintPassed = await runPublint(tarball);
    const attwPassed = runAttw(name, tarball);
    if (!publintPassed || !attwPassed) {
      failed.push(name);
    }
  }

  if (failed.length > 0) {
    console.error(`package checks failed for: ${failed.join(", ")}`);
    process.exit(1);
  }
  console.log(`package checks passed for ${packages.length} packages`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
