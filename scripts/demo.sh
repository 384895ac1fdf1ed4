#!/usr/bin/env bash
# Installs and builds the workspace, then runs `tokenstore check` against a
# new SQLite database, the embedded default, and prints the report.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
source scripts/ensure-pnpm.sh

pnpm install --frozen-lockfile >&2
pnpm turbo run build --filter=@tokenstore/cli... >&2

database="$repo_root/.tmp/demo/tokens.db"
mkdir -p "$(dirname "$database")"
rm -f "$database" "$database-wal" "$database-shm"
node packages/cli/dist/main.js check "sqlite:$database"
