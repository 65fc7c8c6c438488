#!/usr/bin/env bash
# Sets up a fresh Debian 12 / Ubuntu machine with Node.js 20 for running the demo and the tests:
# the Debian packages the simulators and tests use, then the npm dependencies and a build.
set -euo pipefail
cd "$(dirname "$0")/.."

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "setup: Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

need=()
command -v socat >/dev/null 2>&1 || need+=(socat)                          # PTY pairs: simulated serial cables
[ -x /usr/sbin/mosquitto ] || command -v mosquitto >/dev/null 2>&1 || need+=(mosquitto)   # second broker in tests
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
ldconfig -p 2>/dev/null | grep -q 'libusb-1.0.so.0' || need+=(libusb-1.0-0)  # node-hid loads it
command -v chromium >/dev/null 2>&1 || need+=(chromium)                     # browser tests and screenshots
# The fleet's PostgreSQL store: the tests start their own server from these binaries (no service).
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
# Arabic, Cyrillic and Chinese text on the pages and in their screenshots.
dpkg -s fonts-noto-core >/dev/null 2>&1 || need+=(fonts-noto-core)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
npm run build
