#!/usr/bin/env bash
# Runs every check and test in the repository. It installs pnpm and the
# workspace and builds every package. It starts MariaDB and FerretDB on
# 127.0.0.1 unless TOKENSTORE_MYSQL_URL or TOKENSTORE_MONGO_URL point at
# servers already. Then it runs lint, typecheck and all test suites, and
# stops the servers it started.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
source scripts/ensure-pnpm.sh

pnpm install --frozen-lockfile
pnpm turbo run build

source scripts/test-servers.sh
trap stop_test_servers EXIT
start_test_server mariadb TOKENSTORE_MYSQL_URL
start_test_server ferretdb TOKENSTORE_MONGO_URL

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
