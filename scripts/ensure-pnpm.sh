#!/usr/bin/env bash
# Puts pnpm 10.34.9 on PATH, installing it into .tmp/tools with npm when the
# machine has no pnpm of that version. Meant to be sourced.
PNPM_VERSION="10.34.9"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="$repo_root/.tmp/tools"

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  if [ ! -x "$tools_dir/node_modules/.bin/pnpm" ] ||
    [ "$("$tools_dir/node_modules/.bin/pnpm" --version)" != "$PNPM_VERSION" ]; then
    echo "Installing pnpm $PNPM_VERSION into $tools_dir" >&2
    mkdir -p "$tools_dir"
    npm install --prefix "$tools_dir" --no-save --no-audit --no-fund \
      "pnpm@$PNPM_VERSION" >&2
  fi
  export PATH="$tools_dir/node_modules/.bin:$PATH"
fi
export TURBO_TELEMETRY_DISABLED=1
export DO_NOT_TRACK=1
