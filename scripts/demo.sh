#!/usr/bin/env bash
# Installs the workspace and runs the quickstart example, which saves, finds,
# refreshes and deletes one user's tokens and prints each step.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
source scripts/ensure-pnpm.sh

pnpm install --frozen-lockfile >&2
pnpm turbo run build --filter=@tokenstore/example-quickstart... >&2
pnpm --filter @tokenstore/example-quickstart --silent start
