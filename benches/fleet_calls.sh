#!/usr/bin/env bash
# What one scored order asks of Redis in fleet mode (BENCHMARKS.md, "Fleet mode: Redis
# work per order"): starts nginx, a redis-server on loopback and riskgate with
# fleet_rtt.sh's /order route (two rate limits, two day purchase limits), captures every
# Redis command of one order with `redis-cli MONITOR` (script calls and keys per call),
# then sends ORDERS orders (each a new user, one IP, no device cookie) and reads
# `INFO commandstats` (script calls per order, and the µs Redis counted for them: wall
# time inside Redis, so on a busy machine preemption is in it), plus the keys and bytes
# (`MEMORY USAGE`) the orders left behind.
#
#   RISKGATE_BIN=target/debug/riskgate ORDERS=300 bash benches/fleet_calls.sh
#   REPLAY=1000 ...   # then each script call of one more order replayed 1000 times on the
#                     # state the orders left: Redis' µs and CPU per call (redis_replay.py)
#
#   LINKAGE='account_spread = 3
#   network_hop_min_usd = 60' ...   # adds a [risk.linkage] table (cross-account signals)
#
# A debug binary is fine: everything measured here is Redis' side. Needs redis-server,
# redis-cli, nginx and curl. Loopback only; bounded (ORDERS sequential requests).
set -euo pipefail
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install -y redis-server" >&2; exit 1; }
source "$(dirname "${BASH_SOURCE[0]}")/order_lib.sh"
N="${ORDERS:-300}"
REDIS=$(port); PROXY=$(port); ADMIN=$(port)
CLEANUP_EXTRA='[ -n "${MON_PID:-}" ] && kill "$MON_PID" 2>/dev/null || true; [ -n "${REDIS_PID:-}" ] && kill "$REDIS_PID" 2>/dev/null || true'
redis-server --port "$REDIS" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" >/dev/null &
REDIS_PID=$!
for _ in $(seq 1 100); do redis-cli -p "$REDIS" PING >/dev/null 2>&1 && break; sleep 0.05; done
{
  order_config_head "[state]
backend = \"redis\"
url = \"redis://127.0.0.1:$REDIS\"
timeout = \"500ms\""
  order_route limited /order \
    'rate_limits = [{ scope = "ip", rate = 1000, per = "1s", burst = 1000 }, { scope = "user", rate = 100, per = "1s", burst = 100 }]
purchase_limits = [{ scope = "user", max = 1000, window = "day" }, { scope = "ip", max = 1000, window = "day" }]'
  if [ -n "${LINKAGE:-}" ]; then printf '[risk.linkage]\n%s\n' "$LINKAGE"; fi
} > "$tmp/riskgate.toml"
start_riskgate
for _ in $(seq 1 300); do # a debug build on a busy machine may need more than start_riskgate's 10 s
  curl -sf --noproxy '*' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$ADMIN/readyz" >/dev/null && break
  sleep 0.1
done
order() { # $1 = user
  curl -s --noproxy '*' -o /dev/null -w '%{http_code}\n' -X POST "http://127.0.0.1:$PROXY/order" \
    -H 'content-type: application/json' -H 'x-forwarded-for: 81.2.69.160' -H 'accept-language: en-GB,en;q=0.9' \
    -d "{\"amount\":\"25.00\",\"currency\":\"USD\",\"quantity\":1,\"user\":\"$1\",\"email\":\"$1@example.com\"}"
}
echo "riskgate $(git rev-parse --short HEAD 2>/dev/null), $BIN, $N orders, $(date -u +%FT%TZ)"
order warm >/dev/null # caches the script, opens the connections
sleep 0.3
redis-cli -p "$REDIS" MONITOR > "$tmp/monitor.txt" &
MON_PID=$!
sleep 0.3
order monitored >/dev/null
sleep 0.5
kill "$MON_PID"; MON_PID=""
echo "== one order, every command (MONITOR; list-journal polls left out)"
grep -v -e '"XRANGE"' -e '"MONITOR"' "$tmp/monitor.txt" | grep -v '^OK' | grep '^[0-9]' | grep -v ' lua] ' \
  | python3 -c '
import re, sys
for l in sys.stdin:
    a = re.findall(r"\"((?:[^\"\\\\]|\\\\.)*)\"", l.split("]", 1)[1])
    if a[0] in ("EVALSHA", "EVAL"):
        n = int(a[2]); keys = a[3:3 + n]
        print("%-8s %2d keys, %2d distinct: %s" % (a[0], n, len(set(keys)), " ".join(sorted(set(k.split(":{")[0] for k in keys)))))
    else:
        print(a[0], " ".join(a[1:3]))'
echo "   commands run inside the scripts: $(grep -c ' lua] ' "$tmp/monitor.txt")"
redis-cli -p "$REDIS" FLUSHALL >/dev/null
redis-cli -p "$REDIS" CONFIG RESETSTAT >/dev/null
codes=$(for i in $(seq 1 "$N"); do order "u$i"; done | sort | uniq -c | tr '\n' ' ')
sleep 1
echo "== $N orders (statuses: $codes)"
redis-cli -p "$REDIS" INFO commandstats | tr -d '\r' | python3 -c '
import re, sys
n = int(sys.argv[1]); rows = []
for l in sys.stdin:
    m = re.match(r"cmdstat_(\w+):calls=(\d+),usec=(\d+)", l)
    if m and m[1] not in ("xrange", "info", "ping", "flushall", "config"):
        rows.append((m[1], int(m[2]), int(m[3])))
s = [r for r in rows if r[0] in ("evalsha", "eval")]
calls = sum(r[1] for r in s); us = sum(r[2] for r in s)
print("scripts (EVALSHA+EVAL): %.2f calls per order, %.1f µs per order inside Redis, %.1f µs per call" % (calls / n, us / n, us / max(1, calls)))
print("inside them: " + ", ".join("%s %.2f" % (r[0], r[1] / n) for r in sorted(rows, key=lambda r: -r[1]) if r not in s) + " calls per order")
' "$N"
keys=$(redis-cli -p "$REDIS" --scan --pattern '*' | grep -v 'lists$' || true)
bytes=0; vel=0; velb=0
for k in $keys; do
  b=$(redis-cli -p "$REDIS" MEMORY USAGE "$k"); bytes=$((bytes + b))
  case "$k" in *vel*) vel=$((vel + 1)); velb=$((velb + b));; esac
done
total=$(echo "$keys" | grep -c . || true)
echo "keys after $N orders: $total ($vel velocity/signal), $((bytes / N)) B per order in all, $((velb / N)) B velocity/signal (MEMORY USAGE)"
if [ -n "${REPLAY:-}" ]; then
  redis-cli -p "$REDIS" MONITOR > "$tmp/monitor2.txt" &
  MON_PID=$!
  sleep 0.3
  order replayed >/dev/null
  sleep 0.5
  kill "$MON_PID"; MON_PID=""
  echo "$REDIS_PID" > "$tmp/redis.pid"
  echo "== one more order's script calls, each replayed $REPLAY times (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  python3 benches/redis_replay.py "$REDIS" "$tmp/monitor2.txt" "$REPLAY" - "$tmp/redis.pid"
fi
