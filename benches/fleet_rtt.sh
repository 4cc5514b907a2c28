#!/usr/bin/env bash
# Where fleet mode's Redis round trip goes (BENCHMARKS.md, "Fleet mode: where the round
# trip goes"). Starts nginx, a redis-server on loopback and riskgate with fleet_ab.sh's
# /order route, captures the EVALSHA of one scored order with `redis-cli MONITOR`, then
# runs benches/redis_rtt.rs: that same EVALSHA at a fixed rate through a connection on
# the sending thread, one on another thread, and riskgate's RedisState, interleaved, plus
# Redis' own time per EVALSHA (INFO commandstats).
#
#   SKIP_BUILD=1 RTT_RATE=500 RTT_SECONDS=15 bash benches/fleet_rtt.sh
#   RTT_CLIENT=py ...   # the floor and Redis' time only (benches/redis_rtt.py), no bench build
#
# Needs redis-server, redis-cli and nginx. Loopback only; bounded in time.
set -euo pipefail
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install -y redis-server" >&2; exit 1; }
source "$(dirname "${BASH_SOURCE[0]}")/order_lib.sh"
[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release --quiet
RATE="${RTT_RATE:-500}"; SECS="${RTT_SECONDS:-15}"
REDIS=$(port); PROXY=$(port); ADMIN=$(port)
CLEANUP_EXTRA='[ -n "${MON_PID:-}" ] && kill "$MON_PID" 2>/dev/null || true; [ -n "${REDIS_PID:-}" ] && kill "$REDIS_PID" 2>/dev/null || true'
redis-server --port "$REDIS" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" >/dev/null &
REDIS_PID=$!
for _ in $(seq 1 100); do redis-cli -p "$REDIS" PING >/dev/null 2>&1 && break; sleep 0.05; done
{
  order_config_head "[state]
backend = \"redis\"
url = \"redis://127.0.0.1:$REDIS\"
timeout = \"5ms\""
  order_route limited /order \
    'rate_limits = [{ scope = "ip", rate = 1000, per = "1s", burst = 1000 }, { scope = "user", rate = 100, per = "1s", burst = 100 }]
purchase_limits = [{ scope = "user", max = 1000, window = "day" }, { scope = "ip", max = 1000, window = "day" }]'
} > "$tmp/riskgate.toml"
start_riskgate
order() {
  curl -s --noproxy '*' -o /dev/null -X POST "http://127.0.0.1:$PROXY/order" -H 'content-type: application/json' \
    -H 'x-forwarded-for: 81.2.69.160' -H 'accept-language: en-GB,en;q=0.9' \
    -d '{"amount":"25.00","currency":"USD","quantity":1,"user":"rtt","email":"rtt@example.com"}'
}
order # caches the script in Redis
redis-cli -p "$REDIS" MONITOR > "$tmp/monitor.txt" &
MON_PID=$!
sleep 0.3
order
sleep 0.3
kill "$MON_PID"; MON_PID=""
# The order's read (it carries the rate-limit keys); its write and the journal poll are
# other lines.
grep -m1 '"EVALSHA".*rg:rl:' "$tmp/monitor.txt" > "$tmp/evalsha.txt"
kill -INT "$RG_PID"; wait "$RG_PID" 2>/dev/null || true; RG_PID=""
echo "riskgate $(git rev-parse --short HEAD 2>/dev/null), nproc=$(nproc), $(date -u +%FT%TZ)"
if [ "${RTT_CLIENT:-}" = py ]; then # no release bench build needed
  python3 benches/redis_rtt.py "127.0.0.1:$REDIS" "$tmp/evalsha.txt" "$RATE" "$SECS"
elif [ -n "${RTT_CLIENT_BIN:-}" ]; then
  "$RTT_CLIENT_BIN" "127.0.0.1:$REDIS" "$tmp/evalsha.txt" "$RATE" "$SECS"
else
  cargo bench --quiet --bench redis_rtt -- "127.0.0.1:$REDIS" "$tmp/evalsha.txt" "$RATE" "$SECS"
fi
