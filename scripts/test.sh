#!/usr/bin/env bash
# Runs every check and test in the repository: installs pnpm and the
# workspace, builds, starts MariaDB and FerretDB on 127.0.0.1 (unless
# TOKENSTORE_MYSQL_URL or TOKENSTORE_MONGO_URL point at servers already),
# runs lint, typecheck and all test suites, and stops the servers it started.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
source scripts/ensure-pnpm.sh

pnpm install --frozen-lockfile
pnpm turbo run build

started_servers=()
stop_servers() {
  for server in "${started_servers[@]}"; do
    bash "scripts/$server.sh" stop || echo "Could not stop $server" >&2
  done
}
trap stop_servers EXIT

if [ -z "${TOKENSTORE_MYSQL_URL:-}" ]; then
  started_servers+=(mariadb)
  mysql_setting="$(bash scripts/mariadb.sh start)"
  export "${mysql_setting?}"
fi
if [ -z "${TOKENSTORE_MONGO_URL:-}" ]; then
  started_servers+=(ferretdb)
  mongo_setting="$(bash scripts/ferretdb.sh start)"
  export "${mongo_setting?}"
fi

rm -f ./*/.tmp/test-results.json ./packages/*/.tmp/test-results.json \
  ./examples/*/.tmp/test-results.json ./tests/*/.tmp/test-results.json
status=0
pnpm turbo run lint typecheck --continue || status=$?
pnpm exec tsx scripts/check-packages.ts || status=$?
pnpm exec tsx scripts/check-changesets.ts || status=$?
pnpm turbo run test --concurrency=1 --continue --env-mode=loose -- \
  --reporter=default --reporter=json \
  --outputFile.json=.tmp/test-results.json || status=$?

bash scripts/test-custom-store.sh || status=$?

pnpm exec tsx scripts/summarize-tests.ts || status=$?
exit "$status"
