// Writes package.json with {"type": "commonjs"} into a CommonJS build
// directory. The package itself is "type": "module", so without this file
// Node and TypeScript would read the .js and .d.ts files there as ES modules.
// Usage: tsx scripts/write-cjs-marker.ts [DIRECTORY]  (default: dist/cjs)
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const directory = resolve(process.argv[2] ?? "dist/cjs");
if (!existsSync(directory)) {
  console.error(
    `${directory} is missing: run the CommonJS build (tsc -p tsconfig.cjs.json) first`,
  );
  process.exit(1);
}
writeFileSync(
  join(directory, "package.json"),
  `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`,
);
