// Runs `changeset version` in a throwaway copy of the repository and checks
// the result, so the working tree is never versioned. Each package that a
// pending changeset names must get exactly the requested bump and a
// CHANGELOG.md. Other publishable packages may get a patch bump for updated
// dependencies, and private packages must keep their versions.
// Usage: tsx scripts/check-changesets.ts
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";

type BumpType = "major" | "minor" | "patch";

interface PackageVersion {
  /** Path relative to the repository root. */
  dir: string;
  name: string;
  version: string;
  private: boolean;
}

const BUMP_ORDER: readonly BumpType[] = ["patch", "minor", "major"];
const repoRoot = resolve(import.meta.dirname, "..");

/** Lists the workspace packages other than the root, as pnpm lists them. */
function listPackages(): PackageVersion[] {
  const output = execFileSync("pnpm", ["-r", "ls", "--json", "--depth=-1"], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  const listed = JSON.parse(output) as Array<{
    name: string;
    version: string;
    path: string;
    private: boolean;
  }>;
  return listed
    .filter((pkg) => pkg.path !== repoRoot)
    .map((pkg) => ({
      dir: relative(repoRoot, pkg.path),
      name: pkg.name,
      version: pkg.version,
      private: pkg.private,
    }));
}

function readVersion(packageDir: string): string {
  const manifest = JSON.parse(
    readFileSync(join(packageDir, "package.json"), "utf8"),
  );
  return manifest.version;
}

/** Collects the highest bump that the pending changesets request, per package. */
function requestedBumps(root: string): Map<string, BumpType> {
  const bumps = new Map<string, BumpType>();
  const changesetDir = join(root, ".changeset");
  for (const file of readdirSync(changesetDir)) {
    if (!file.endsWith(".md") || file === "README.md") {
      continue;
    }
    const text = readFileSync(join(changesetDir, file), "utf8");
    const frontMatter = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "";
    for (const line of frontMatter.split("\n")) {
      const match =
        /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line);
      if (match?.[1] === undefined || match[2] === undefined) {
        continue;
      }
      const name = match[1];
      const type = match[2] as BumpType;
      const current = bumps.get(name);
      if (
        current === undefined ||
        BUMP_ORDER.indexOf(type) > BUMP_ORDER.indexOf(current)
      ) {
        bumps.set(name, type);
      }
    }
  }
  return bumps;
}

function bumpVersion(version: string, type: BumpType): string {
  const [major, minor, patch] = version.split(".").map(Number) as [
    number,
    number,
    number,
  ];
  switch (type) {
    case "major":
      return `${major + 1}.0.0`;
    case "minor":
      return `${major}.${minor + 1}.0`;
    case "patch":
      return `${major}.${minor}.${patch + 1}`;
  }
}

/** Copies the files git tracks or would track (not ignored) into `target`. */
function copyRepository(target: string): void {
  const files = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: repoRoot, encoding: "utf8" },
  )
    .split("\0")
    .filter((file) => file !== "" && existsSync(join(repoRoot, file)));
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(target, file));
  }
  symlinkSync(join(repoRoot, "node_modules"), join(target, "node_modules"));
}

function checkVersions(copy: string): string[] {
  const packages = listPackages();
  const bumps = requestedBumps(repoRoot);
  if (bumps.size === 0) {
    console.log("no pending changesets: nothing to version");
    return [];
  }

  const changesetBin = join(repoRoot, "node_modules", ".bin", "changeset");
  execFileSync(changesetBin, ["version"], { cwd: copy, stdio: "inherit" });

  const problems: string[] = [];
  for (const pkg of packages) {
    const newVersion = readVersion(join(copy, pkg.dir));
    const hasChangelog = existsSync(join(copy, pkg.dir, "CHANGELOG.md"));
    const requested = bumps.get(pkg.name);
    let expected: string[];
    if (pkg.private) {
      expected = [pkg.version];
    } else if (requested !== undefined) {
      expected = [bumpVersion(pkg.version, requested)];
    } else {
      // A dependency's release may add a patch bump, never more.
      expected = [pkg.version, bumpVersion(pkg.version, "patch")];
    }
    const change = `${pkg.version} -> ${newVersion}`;
    console.log(
      `${pkg.name}: ${change}${hasChangelog ? ", CHANGELOG.md" : ""}`,
    );
    if (!expected.includes(newVersion)) {
      problems.push(
        `${pkg.name} went ${change}, expected ${expected.join(" or ")}`,
      );
    }
    if (pkg.private && hasChangelog) {
      problems.push(`${pkg.name} is private but got a CHANGELOG.md`);
    }
    if (newVersion !== pkg.version && !hasChangelog) {
      problems.push(`${pkg.name} got a new version but no CHANGELOG.md`);
    }
  }
  for (const name of bumps.keys()) {
    if (!packages.some((pkg) => pkg.name === name)) {
      problems.push(`a changeset names ${name}, which is not in the workspace`);
    }
  }
  return problems;
}

const copy = mkdtempSync(join(tmpdir(), "tokenstore-changesets-"));
let problems: string[];
try {
  copyRepository(copy);
  problems = checkVersions(copy);
} finally {
  rmSync(copy, { recursive: true, force: true });
}
for (const problem of problems) {
  console.error(`error: ${problem}`);
}
if (problems.length > 0) {
  process.exit(1);
}
console.log("changeset version: every package got the expected version");
