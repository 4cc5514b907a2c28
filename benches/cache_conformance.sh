#!/usr/bin/env bash
# benches/cache_conformance.sh — runs the public HTTP cache test suite (http-cache-tests,
# the one behind cache-tests.fyi) against riskgate's edge cache on loopback, and prints
# the score: tests passed and required failures (issue 16's yardstick).
#
#   bash benches/cache_conformance.sh                 # summary
#   FAILURES=1 bash benches/cache_conformance.sh      # + every required failure
#   ID=freshness-max-age bash benches/cache_conformance.sh   # one test, with its exchange
#
# Topology (ports picked at run time):
#   node client (cli.mjs) ──► riskgate (one static route, prefix "/") ──► node test server
#
# The suite comes from npm (http-cache-tests@0.4.5) into benches/out/cache-tests on the
# first run (node >= 14 needed; nothing else is downloaded). riskgate runs with the
# default [cache] settings plus x_cache; heuristic freshness stays on (10 %, as shipped).
#
# Environment:
#   RISKGATE_BIN  binary to test (default target/debug/riskgate; built if missing)
#   EXTRA_CACHE   extra [cache] lines, e.g. 'cdn_cache_control = false'
#   KEEP_TMP      1 = keep the temp dir (config, logs, results JSON)
set -euo pipefail
cd "$(dirname "$0")/.."
SUITE_VERSION=0.4.5
OUT=benches/out/cache-tests
SUITE=$OUT/node_modules/http-cache-tests
if [[ ! -d $SUITE ]]; then
  mkdir -p "$OUT"
  (cd "$OUT" && npm install --no-audit --no-fund --silent "http-cache-tests@$SUITE_VERSION")
fi
BIN=${RISKGATE_BIN:-target/debug/riskgate}
[[ -x $BIN ]] || cargo build -q
TMP=$(mktemp -d /tmp/riskgate-cache-tests.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ORIGIN_PORT=$(free_port); LISTEN=$(free_port); ADMIN=$(free_port)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ ${KEEP_TMP:-0} == 1 ]] && echo "kept $TMP" || rm -rf "$TMP"
}
trap cleanup EXIT

(cd "$SUITE" && npm_config_port=$ORIGIN_PORT npm_config_protocol=http \
  npm_config_pidfile="$TMP/server.pid" exec node server/server.mjs) >"$TMP/origin.log" 2>&1 &
PIDS+=($!)

cat >"$TMP/riskgate.toml" <<TOML
[server]
listen = ["127.0.0.1:$LISTEN"]
threads = 2
grace_period = "1s"
[admin]
listen = "127.0.0.1:$ADMIN"
[log]
level = "warn"
access_log = false
[cache]
x_cache = true
${EXTRA_CACHE:-}
[upstreams.origin]
servers = ["127.0.0.1:$ORIGIN_PORT"]
connect_timeout = "1s"
read_timeout = "20s"
[[routes]]
name = "all"
kind = "static"
upstream = "origin"
prefix = "/"
TOML
RISKGATE_ADMIN_TOKEN=${RISKGATE_ADMIN_TOKEN:-cache-tests-token-0123456789} \
  "$BIN" run --config "$TMP/riskgate.toml" >"$TMP/riskgate.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$ORIGIN_PORT/config/" 2>/dev/null || true
  if curl -s -o /dev/null "http://127.0.0.1:$LISTEN/" && curl -s -o /dev/null "http://127.0.0.1:$ORIGIN_PORT/"; then
    break
  fi
  sleep 0.1
done

BASE="http://127.0.0.1:$LISTEN"
if [[ -n ${ID:-} ]]; then
  (cd "$SUITE" && npm_config_base=$BASE npm_config_id=$ID node --no-warnings cli.mjs)
  exit 0
fi
(cd "$SUITE" && npm_config_base=$BASE npm_package_config_id= node --no-warnings cli.mjs) >"$TMP/results.json"
node benches/cache_conformance_summary.mjs "$SUITE" "$TMP/results.json" ${FAILURES:+--failures}
