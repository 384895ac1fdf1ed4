// Rewrites a package.json so every @tokenstore dependency resolves to a
// tarball in the given directory, the way a user would get the published
// packages. npm overrides apply the same tarballs to nested dependencies.
// Usage: tsx scripts/use-packed-packages.ts PACKAGE_JSON TARBALL_DIR
import { readFileSync, writeFileSync } from "node:fs";

import { findTarballs, usePackedPackages } from "./packed-packages.mjs";

const [manifestPath, tarballDir] = process.argv.slice(2);
if (manifestPath === undefined || tarballDir === undefined) {
  console.error(
    "usage: tsx scripts/use-packed-packages.ts PACKAGE_JSON TARBALL_DIR",
  );
  process.exit(2);
}

const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
let rewritten;
try {
  rewritten = usePackedPackages(manifest, findTarballs(tarballDir));
} catch (error) {
  console.error(`${(error as Error).message} in ${tarballDir}`);
  process.exit(1);
}
writeFileSync(manifestPath, `${JSON.stringify(rewritten, null, 2)}\n`);
