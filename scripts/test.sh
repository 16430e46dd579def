#!/usr/bin/env bash
# The README's test command (`npm test`): everything a fresh machine needs, then every tier.
#   1. npm ci when node_modules is missing or older than the lockfile
#   2. Redis and NATS (installed from Debian and started when nothing listens); docker-compose and
#      kubectl for the offline deployment checks; Debian chromium for the console's browser test
#   3. build, lint and typecheck every project through Nx (offline, no Nx Cloud); the formatter's check
#   4. unit and integration tests (real Redis, NATS, localnet, service processes)
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE="${NX_SKIP_NX_CACHE:-false}" FORCE_COLOR=0

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi

echo "== infra"
bash scripts/ensure-infra.sh
bash scripts/ensure-deploy-tools.sh
bash scripts/ensure-browser.sh

echo "== build, lint, typecheck"
npx nx run-many -t build lint typecheck --outputStyle=static
npx prettier --check . --log-level warn
# One more `tsc -b` over everything, in this one process: a no-op when Nx left every dist/ current,
# and the single place anything stale is rebuilt. The tests then build nothing (QUIETPAY_PREBUILT),
# so no dist/ is rewritten while a service or script loads it.
npx tsc -b tsconfig.build.json
export QUIETPAY_PREBUILT=1

echo "== tests"
mkdir -p reports
status=0
npx vitest run --project unit --project integration --reporter=default --reporter=json --outputFile.json=reports/vitest.json "$@" || status=$?
node scripts/print-test-summary.mjs reports/vitest.json || true
exit "$status"
