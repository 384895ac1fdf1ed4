// Points a package.json at packed tokenstore tarballs instead of the
// registry, the way a user would get the published packages.
import { readdirSync } from "node:fs";
import { resolve } from "node:path";

/** A package.json, with the fields these functions read or write. */
export interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, string>;
  [field: string]: unknown;
}

/**
 * Maps each @tokenstore package name to a `file:` specifier of its tarball
 * in `tarballDir`, using the file names that `pnpm pack` writes
 * (tokenstore-core-0.1.0.tgz for @tokenstore/core).
 */
export function findTarballs(tarballDir: string): Map<string, string> {
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
  return tarballs;
}

/**
 * Returns a copy of `manifest` whose @tokenstore dependencies and dev
 * dependencies are the tarballs, with npm `overrides` that apply the same
 * tarballs to nested dependencies. Throws when a @tokenstore dependency has
 * no tarball.
 */
export function usePackedPackages(
  manifest: Manifest,
  tarballs: ReadonlyMap<string, string>,
): Manifest {
  const result: Manifest = { ...manifest };
  for (const section of ["dependencies", "devDependencies"] as const) {
    const dependencies = manifest[section];
    if (dependencies === undefined) {
      continue;
    }
    const rewritten = { ...dependencies };
    for (const name of Object.keys(rewritten)) {
      if (!name.startsWith("@tokenstore/")) {
        continue;
      }
      const tarball = tarballs.get(name);
      if (tarball === undefined) {
        throw new Error(`no tarball for ${name}`);
      }
      rewritten[name] = tarball;
    }
    result[section] = rewritten;
  }
  result.overrides = Object.fromEntries(tarballs);
  return result;
}
