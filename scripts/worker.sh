#!/usr/bin/env bash
# `npm run worker`: bundles the sync worker (scripts/build-worker.mjs) and runs it with a heap
# budget. SIGINT/SIGTERM finish the jobs in flight, then exit.
#
# PORTICO_WORKER_HEAP_MB (default 160) caps V8's old generation. Without a cap V8 sizes the heap
# from the machine's memory and lets garbage pile up to several hundred MB during a large first
# sync; the live data of 10 clusters x 1,500 objects syncing at once stays under 100 MB. Raise it
# for much larger estates (see docs/operating.md).
set -euo pipefail
cd "$(dirname "$0")/.."
for name in PORTICO_WORKER_HEAP_MB PORTICO_WORKER_SEMI_SPACE_MB; do
  if [ -n "${!name:-}" ] && ! [[ "${!name}" =~ ^[0-9]+$ ]]; then
    echo "Portico's configuration is invalid: $name must be a whole number of megabytes (e.g. $name=256)." >&2
    exit 1
  fi
done
node scripts/build-worker.mjs
exec node --enable-source-maps \
  --max-old-space-size="${PORTICO_WORKER_HEAP_MB:-160}" \
  --max-semi-space-size="${PORTICO_WORKER_SEMI_SPACE_MB:-4}" \
  dist/worker.mjs
