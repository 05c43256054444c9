#!/usr/bin/env bash
# Every test: unit and integration tests (Vitest, real Postgres, simulated clusters, kubectl), then
# the browser tests (Playwright in Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --tests
echo "==> Unit and integration tests"
npx vitest run
echo "==> Browser tests"
npx playwright test
