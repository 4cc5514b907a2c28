#!/usr/bin/env bash
# Installs the system packages riskgate's build and tests need, on Debian/Ubuntu:
#   cmake     pingora's zlib-ng build script needs it
#   promtool  (package prometheus) the metrics test validates /metrics with it
#   chromium  tests/console_browser.rs drives it headless over the DevTools protocol
#   redis-server, redis-cli  (package redis-server) the fleet tests start their own Redis
#   nginx wrk only with WITH_BENCH=1: the load comparison in benches/load.sh
#   llvm-N    only with WITH_PGO=1: llvm-profdata of rustc's LLVM major N (benches/pgo.sh)
# Packages already present are skipped, so this is quick on a prepared machine.
set -euo pipefail

need=()
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
{ command -v redis-server && command -v redis-cli; } >/dev/null 2>&1 || need+=(redis-server)
if [ "${WITH_BENCH:-0}" = 1 ]; then
  command -v nginx >/dev/null 2>&1 || need+=(nginx)
  command -v wrk >/dev/null 2>&1 || need+=(wrk)
fi
if [ "${WITH_PGO:-0}" = 1 ] && command -v rustc >/dev/null 2>&1; then
  major="$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')"
  if [ -n "$major" ] && ! command -v "llvm-profdata-$major" >/dev/null 2>&1 \
    && [ ! -x "/usr/lib/llvm-$major/bin/llvm-profdata" ]; then
    need+=("llvm-$major")
  fi
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "riskgate needs a Rust toolchain (cargo); install it with rustup: https://rustup.rs" >&2
  exit 1
fi
if ((${#need[@]})); then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
      echo "missing packages: ${need[*]}; install them as root: apt-get install -y ${need[*]}" >&2
      exit 1
    fi
  fi
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
