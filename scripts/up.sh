#!/usr/bin/env bash
# Installs and starts Portico with its embedded defaults: demo clusters east and west (simulated),
# the sync worker and the dashboard on http://localhost:${PORT:-3000}. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-3000}
SIM_PORT=${PORTICO_SIM_PORT:-6550}
mkdir -p .portico && chmod 700 .portico
# The demo clusters answer on loopback; a real install leaves this off.
export PORTICO_ALLOW_INSECURE_CLUSTERS=${PORTICO_ALLOW_INSECURE_CLUSTERS:-1}
export PORTICO_PUBLIC_URL=${PORTICO_PUBLIC_URL:-http://localhost:$PORT}
# One key for every process, generated once and kept in .portico/ (production sets its own).
if [ -z "${PORTICO_ENCRYPTION_KEYS:-}" ]; then
  [ -f .portico/encryption.key ] || node -e 'const fs=require("fs");fs.writeFileSync(".portico/encryption.key","local:"+require("crypto").randomBytes(32).toString("base64")+"\n",{mode:0o600})'
  export PORTICO_ENCRYPTION_KEYS=$(cat .portico/encryption.key)
fi

bash scripts/ensure-deps.sh
echo "==> Database"
npm run --silent db:migrate

pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

echo "==> Demo clusters (simulated): east=us-east-1a, west=us-west-2b"
rm -f .portico/sim.ready
npx tsx lib/sim/cli.ts --clusters east=us-east-1a,west=us-west-2b --port "$SIM_PORT" \
  --kubeconfig .portico/demo-kubeconfig --state .portico/demo-state.json > .portico/sim.ready 2> .portico/sim.log &
pids+=($!)
for _ in $(seq 1 100); do grep -q '"ready":true' .portico/sim.ready 2>/dev/null && break; sleep 0.2; done
grep -q '"ready":true' .portico/sim.ready || { echo "Demo clusters did not start; see .portico/sim.log" >&2; cat .portico/sim.log >&2; exit 1; }

echo "==> Reference scenario"
PORTICO_DEMO_KUBECONFIG=.portico/demo-kubeconfig npm run --silent db:seed

if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib -newer .next/BUILD_ID -type f -print -quit)" ]; then
  echo "==> Building the dashboard"
  npx next build > .portico/build.log 2>&1 || { tail -40 .portico/build.log >&2; exit 1; }
fi

echo "==> Sync worker"
bash scripts/worker.sh > .portico/worker.log 2>&1 &
pids+=($!)

echo "==> Portico on http://localhost:$PORT  (sign in as platform@my-company.io / portico-demo)"
npx next start -p "$PORT" &
pids+=($!)
wait -n "${pids[@]}"
