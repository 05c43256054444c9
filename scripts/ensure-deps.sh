#!/usr/bin/env bash
# Installs what Portico needs on a fresh machine: npm packages and, for tests, Debian's Chromium,
# a kubectl client and Prometheus (the traffic tests scrape a simulated gateway with it). Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_tests=${1:-}

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> Installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
[ -f lib/db/generated/client.ts ] || npm run --silent db:generate

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "!! $1 is missing and cannot be installed automatically here: install the Debian package '$2'." >&2
    return 1
  fi
  if [ ! -f /tmp/.portico-apt-updated ]; then
    apt-get update -qq && touch /tmp/.portico-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

if [ "$need_tests" = "--tests" ]; then
  if ! command -v chromium >/dev/null; then
    echo "==> Installing Debian's Chromium for the browser tests"
    apt_install chromium chromium
  fi
  if ! command -v kubectl >/dev/null; then
    echo "==> Installing a kubectl client (Debian's kubernetes-client) for the simulator tests"
    apt_install kubectl kubernetes-client || echo "!! kubectl could not be installed: the kubectl suite will report it did not run." >&2
  fi
  if ! command -v prometheus >/dev/null; then
    echo "==> Installing Debian's Prometheus for the traffic tests (only the binary is used; its service is not started)"
    apt_install prometheus prometheus || echo "!! prometheus could not be installed: the traffic telemetry test will report it did not run (and fail under CI)." >&2
  fi
fi
