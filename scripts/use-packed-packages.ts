// Rewrites a package.json so every @tokenstore dependency resolves to a
// tarball in the given directory, the way a user would get the published
// packages. npm overrides apply the same tarballs to nested dependencies.
// Usage: tsx scripts/use-packed-packages.ts PACKAGE_JSON TARBALL_DIR
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const [manifestPath, tarballDir] = process.argv.slice(2);
if (manifestPath === undefined || tarballDir === undefined) {
  console.error(
    "usage: tsx scripts/use-packed-packages.ts PACKAGE_JSON TARBALL_DIR",
  );
  process.exit(2);
}

const tarballs = new Map<string, string>();
for (const file of readdirSync(tarballDir)) {
  const match = /^tokenstore-(.+)-\d+\.\d+\.\d+(?:-[\w.]+)?\.tgz$/.exec(file);
  if (match !== null) {
    tarballs.set(
      `@tokenstore/${match[1]}`,
      `file:${resolve(tarballDir, file)}`,
    );
  }
}

const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
for (const section of ["dependencies", "devDependencies"]) {
  for (const name of Object.keys(manifest[section] ?? {})) {
    const tarball = tarballs.get(name);
    if (name.startsWith("@tokenstore/") && tarball === undefined) {
      console.error(`no tarball for ${name} in ${tarballDir}`);
      process.exit(1);
    }
    if (tarball !== undefined) {
      manifest[section][name] = tarball;
    }
  }
}
manifest.overrides = Object.fromEntries(tarballs);
writeFileSync(join(manifestPath), `${JSON.stringify(manifest, null, 2)}\n`);
