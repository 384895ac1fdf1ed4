#!/usr/bin/env bash
# Checks examples/custom-store the way a third-party author would: packs
# core, conformance and the CLI into tarballs, installs them with npm into a
# copy of the example (no workspace links), then runs the conformance suite
# through vitest and through `tokenstore check`.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
source scripts/ensure-pnpm.sh

packs="$repo_root/.tmp/packs"
work="$repo_root/.tmp/custom-store"
report_dir="$repo_root/examples/custom-store/.tmp"
rm -rf "$packs" "$work" "$report_dir"
mkdir -p "$packs" "$work" "$report_dir"

for package in packages/core conformance packages/cli; do
  (cd "$package" && pnpm pack --pack-destination "$packs" >/dev/null)
done

cp -R examples/custom-store/package.json examples/custom-store/tsconfig.json \
  examples/custom-store/src examples/custom-store/test "$work/"
pnpm exec tsx scripts/use-packed-packages.ts "$work/package.json" "$packs"

cd "$work"
npm install --no-audit --no-fund --loglevel=error
npm run build
npx vitest run --reporter=default --reporter=json \
  --outputFile.json="$report_dir/test-results.json"
npx tokenstore check ./dist/store-module.js --junit "$report_dir/check.xml"
