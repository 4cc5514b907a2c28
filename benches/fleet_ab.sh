#!/usr/bin/env bash
# What fleet mode costs an order: scored orders whose rate and purchase limits are decided
# by Redis, against the same scored orders without limits, interleaved on the same
# connections at one fixed rate (benches/order_ab.rs: "order" = with limits, "pass" = the
# same order route without limits). Run once with [state] backend = "redis" (a local
# redis-server on loopback) and once with backend = "memory": the p99 difference of the
# first run is what Redis adds (issue 15 target: <= 300 µs); the second shows the
# in-process limits for comparison. Since velocity and the signals are shared too, the
# "pass" route also reads Redis (one EVALSHA per order either way): compare the redis
# run's p99 with the memory run's for the full cost of Redis.
#
#   bash benches/fleet_ab.sh                 # builds --release unless SKIP_BUILD=1
#   AB_RATE=500 AB_SECONDS=20 bash benches/fleet_ab.sh
#   AB_BINS="/tmp/rg_old /tmp/rg_new" AB_ROUNDS=2 SKIP_BUILD=1 bash benches/fleet_ab.sh
#       # A/B of two builds on a loaded machine: the binaries take turns (old redis,
#       # old memory, new redis, new memory, ...) for AB_ROUNDS rounds; Redis is flushed
#       # before each run
#   REDIS_CPU=1 SKIP_BUILD=1 taskset -c 0 bash benches/fleet_ab.sh
#       # redis-server alone on CPU 1, riskgate, nginx and the client on CPU 0: what Redis
#       # adds when it has a core of its own (as on a separate host)
#
# Needs redis-server and nginx (the origin). Loopback only; each run is bounded.
set -euo pipefail
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install -y redis-server" >&2; exit 1; }
source "$(dirname "${BASH_SOURCE[0]}")/order_lib.sh"
[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release --quiet
[ -n "${AB_CLIENT_BIN:-}" ] || cargo bench --quiet --bench order_ab --no-run 2>/dev/null
RATE="${AB_RATE:-500}"; SECS="${AB_SECONDS:-20}"; CONNS="${AB_CONNS:-1}"
REDIS=$(port)
CLEANUP_EXTRA='[ -n "${REDIS_PID:-}" ] && kill "$REDIS_PID" 2>/dev/null || true'
${REDIS_CPU:+taskset -c "$REDIS_CPU"} redis-server --port "$REDIS" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" >/dev/null &
REDIS_PID=$!
config() { # $1 = state section
  PROXY=$(port); ADMIN=$(port)
  {
    order_config_head "$1"
    order_route limited /order \
      'rate_limits = [{ scope = "ip", rate = 1000, per = "1s", burst = 1000 }, { scope = "user", rate = 100, per = "1s", burst = 100 }]
purchase_limits = [{ scope = "user", max = 1000, window = "day" }, { scope = "ip", max = 1000, window = "day" }]'
    order_route unlimited /pass
  } > "$tmp/riskgate.toml"
}
measure() { # $1 = label, $2 = state section
  config "$2"
  redis-cli -p "$REDIS" FLUSHALL >/dev/null 2>&1 || true
  start_riskgate
  for p in /order /pass; do
    curl -s --noproxy '*' -X POST "http://127.0.0.1:$PROXY$p" -H 'content-type: application/json' \
      -H 'x-forwarded-for: 81.2.69.160' -d '{"amount":"25.00","user":"warm"}' >/dev/null
  done
  echo "== $1 (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  if [ -n "${AB_CLIENT_BIN:-}" ]; then # an already built benches/order_ab.rs
    "$AB_CLIENT_BIN" "127.0.0.1:$PROXY" "$RATE" "$SECS" "$CONNS" 2>/dev/null
  else
    cargo bench --quiet --bench order_ab -- "127.0.0.1:$PROXY" "$RATE" "$SECS" "$CONNS" 2>/dev/null
  fi \
    | sed -e 's/^pass  /unlim /' -e 's/^order /limits/' -e 's/order - /limits - /g' -e 's/ pass / unlim /g' -e 's/(target <= 150 µs)//'
  curl -s --noproxy '*' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$ADMIN/metrics" \
    | grep -E '^riskgate_state_(errors_total|seconds_(count|sum))' || true
  kill -INT "$RG_PID"; wait "$RG_PID" 2>/dev/null || true; RG_PID=""
}
echo "riskgate $(git rev-parse --short HEAD 2>/dev/null), nproc=$(nproc), $RATE req/s, ${SECS}s, $CONNS conn(s), $(date -u +%FT%TZ)"
for round in $(seq 1 "${AB_ROUNDS:-1}"); do
  for BIN in ${AB_BINS:-$BIN}; do
    [ -n "${AB_BINS:-}" ] && echo "#### round $round: $BIN"
    measure "redis backend" "[state]
backend = \"redis\"
url = \"redis://127.0.0.1:$REDIS\"
timeout = \"5ms\""
    measure "memory backend" ""
  done
done
