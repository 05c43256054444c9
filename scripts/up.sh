#!/usr/bin/env bash
# Installs and starts Portico with its embedded defaults: demo clusters east and west (simulated),
# the sync worker and the dashboard on http://localhost:${PORT:-3000}. Ctrl-C or SIGTERM stops
# everything it started.
set -euo pipefail
# Note: job control puts every background command in a process group of its own, so stopping one
# reaches the processes npx and Next.js start beneath it (killing only the pid left them running),
# and a terminal's Ctrl-C reaches this script alone, which then stops the groups in order.
set -m
cd "$(dirname "$0")/.."
PORT=${PORT:-3000}
# The shared ingress the demo starts from: Istio's istio-ingressgateway, or ingress-nginx.
INGRESS=${PORTICO_DEMO_INGRESS:-istio}
while [ $# -gt 0 ]; do
  case "$1" in
    --ingress) INGRESS=${2:-}; shift 2 ;;
    --ingress=*) INGRESS=${1#*=}; shift ;;
    *) echo "usage: npm run up [-- --ingress istio|nginx]" >&2; exit 2 ;;
  esac
done
case "$INGRESS" in istio|nginx) ;; *) echo "--ingress must be istio or nginx, not '$INGRESS'" >&2; exit 2 ;; esac
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
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  # The worker finishes its jobs in flight; whatever is still running after 20 s is killed.
  for _ in $(seq 1 100); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
# A long step runs in the background and is waited for, so a signal is handled at once instead of
# after the step (bash runs traps only between foreground commands).
step() {
  "$@" &
  local pid=$! rc=0
  pids+=("$pid")
  wait "$pid" || rc=$?
  unset 'pids[-1]'
  return "$rc"
}

echo "==> Demo clusters (simulated): east=us-east-1a, west=us-west-2b"
rm -f .portico/sim.ready
npx tsx lib/sim/cli.ts --clusters east=us-east-1a,west=us-west-2b --port "$SIM_PORT" \
  --kubeconfig .portico/demo-kubeconfig --state .portico/demo-state.json \
  --scenario reference --ingress "$INGRESS" --demo-ca .portico/demo-ca.pem ${PORTICO_DEMO_FLAGS:-} > .portico/sim.ready 2> .portico/sim.log &
pids+=($!)
for _ in $(seq 1 100); do grep -q '"ready":true' .portico/sim.ready 2>/dev/null && break; sleep 0.2; done
grep -q '"ready":true' .portico/sim.ready || { echo "Demo clusters did not start; see .portico/sim.log" >&2; cat .portico/sim.log >&2; exit 1; }

# GET /api/products/{slug}/dns asks the demo clusters' DNS server what the products' hosts resolve to.
dns=$(node -e 'const r=JSON.parse(require("fs").readFileSync(".portico/sim.ready","utf8"));console.log(r.dns||"")')
[ -n "$dns" ] && export PORTICO_DNS_RESOLVER=${PORTICO_DNS_RESOLVER:-$dns}

echo "==> Reference scenario"
export PORTICO_DEMO_KUBECONFIG=.portico/demo-kubeconfig
step npm run --silent db:seed

if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib -newer .next/BUILD_ID -type f -print -quit)" ]; then
  echo "==> Building the dashboard"
  step npx next build > .portico/build.log 2>&1 || { tail -40 .portico/build.log >&2; exit 1; }
fi

# Prometheus scraping the demo gateways (port 15020) and a steady trickle of requests, so Portico
# shows request rates and drain status. Without Debian's prometheus the requests still flow.
PROM_PORT=${PORTICO_DEMO_PROMETHEUS_PORT:-9090}
rm -f .portico/traffic.ready
npx tsx lib/sim/demo-traffic.ts --ready .portico/sim.ready --ca .portico/demo-ca.pem \
  --dir .portico/prometheus --port "$PROM_PORT" > .portico/traffic.ready 2> .portico/traffic.log &
pids+=($!)
for _ in $(seq 1 150); do grep -q '"prometheus"' .portico/traffic.ready 2>/dev/null && break; sleep 0.2; done
prom=$(node -e 'try{const r=JSON.parse(require("fs").readFileSync(".portico/traffic.ready","utf8"));console.log(r.prometheus||"")}catch{}')
if [ -n "$prom" ]; then
  export PORTICO_PROMETHEUS_URL=${PORTICO_PROMETHEUS_URL:-$prom}
  # The demo's traffic stops and starts within minutes; a short window shows it.
  export PORTICO_DRAIN_WINDOW_SECONDS=${PORTICO_DRAIN_WINDOW_SECONDS:-60}
  echo "==> Prometheus on $prom (scraping the demo gateways); steady traffic to payments and analytics"
else
  echo "==> No Prometheus: \`apt-get install prometheus\` enables traffic figures and drain status (see .portico/traffic.log)"
fi

echo "==> Sync worker"
bash scripts/worker.sh > .portico/worker.log 2>&1 &
pids+=($!)

shared=$(node -e 'const r=JSON.parse(require("fs").readFileSync(".portico/sim.ready","utf8"));const g=r.clusters[0].gateways.find(g=>g.service==="istio-system/istio-ingressgateway");console.log(g?g.address:"")')
if [ -n "$shared" ]; then
  echo "==> Traffic: the shared gateway of east answers on $shared (ports 80 and 443 need root):"
  echo "    curl --resolve payments.my-company.io:443:$shared --cacert .portico/demo-ca.pem https://payments.my-company.io/v1/payments"
fi
echo "==> Portico on http://localhost:$PORT  (sign in as platform@my-company.io / portico-demo)"
npx next start -p "$PORT" &
pids+=($!)
wait -n "${pids[@]}"
