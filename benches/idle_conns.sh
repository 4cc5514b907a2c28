#!/usr/bin/env bash
# benches/idle_conns.sh — resident memory (RSS) per idle client connection of riskgate.
#
#   bash benches/idle_conns.sh                 # N=10000, release build
#   N=2000 SKIP_BUILD=1 bash benches/idle_conns.sh
#
# Starts riskgate (one worker, loopback) once per phase and opens N client connections,
# reading /proc/PID/status VmRSS before and after:
#
#   keep-alive  each connection sends one request that riskgate answers itself
#               (GET /rg/fp.js, the beacon script, 200 with keep-alive) and then stays
#               open and idle: the state a browser leaves behind between page loads;
#   silent      each connection is accepted and sends nothing (header_timeout is raised
#               so they stay).
#
# Before measuring, WARM connections are opened and closed so one-time allocations (the
# runtime, allocator arenas, the first request's caches) are not charged to the phases.
# Per-connection cost = (RSS after - RSS before) / N. No origin is involved: the upstream
# pool is shared, not per client, so it is not what this measures.
#
# Environment:
#   N           connections per phase                      (default 10000)
#   WARM        connections opened and closed first        (default 200)
#   SKIP_BUILD  1 = do not run `cargo build --release`
#   RISKGATE_BIN  binary to measure                        (default target/release/riskgate)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$SCRIPT_DIR/.."
N="${N:-10000}"
WARM="${WARM:-200}"
SKIP_BUILD="${SKIP_BUILD:-0}"
RISKGATE_BIN="${RISKGATE_BIN:-target/release/riskgate}"

die() { echo "idle_conns: error: $*" >&2; exit 1; }
[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer (got '$N')"
command -v python3 >/dev/null || die "python3 not found (apt-get install -y python3)"
if [[ "$SKIP_BUILD" != 1 ]]; then
    cargo build --release || die "cargo build --release failed; nothing was measured"
fi
[[ -x "$RISKGATE_BIN" ]] || die "no binary at $RISKGATE_BIN (build it, or set RISKGATE_BIN)"
# One fd per connection in each of the client and riskgate (the limit is per process).
ulimit -n $((N + 4096)) 2>/dev/null || die "cannot raise the fd limit to $((N + 4096)) (ulimit -n; hard limit $(ulimit -Hn))"

TMP="$(mktemp -d /tmp/riskgate-idle.XXXXXX)"
RG_PID=""
cleanup() {
    if [[ -n "$RG_PID" ]]; then kill -INT "$RG_PID" 2>/dev/null || true; wait "$RG_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

read -r PORT ADMIN < <(python3 -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')

cat >"$TMP/riskgate.toml" <<EOF
[server]
listen = ["127.0.0.1:$PORT"]
threads = 1
idle_timeout = "1h"
header_timeout = "1h"
max_connections = $((N + WARM + 100))
# Every client connection comes from 127.0.0.1: no per-address cap here.
max_connections_per_address = 0
[admin]
listen = "127.0.0.1:$ADMIN"
[log]
level = "warn"
access_log = false
[fingerprint]
beacon_path = "/rg"
[upstreams.shop]
servers = ["127.0.0.1:9"]
[[routes]]
kind = "pass"
upstream = "shop"
EOF

run_phase() {
    RISKGATE_ADMIN_TOKEN=idle-bench-token-0123456789 "$RISKGATE_BIN" run --config "$TMP/riskgate.toml" \
        2>"$TMP/riskgate.log" &
    RG_PID=$!
    for _ in $(seq 1 100); do
        if curl -fsS "http://127.0.0.1:$PORT/rg/fp.js" >/dev/null 2>&1; then break; fi
        sleep 0.1
    done
    curl -fsS "http://127.0.0.1:$PORT/rg/fp.js" >/dev/null || die "riskgate did not start: $(cat "$TMP/riskgate.log")"
    python3 - "$PORT" "$RG_PID" "$N" "$WARM" "$1" <<'PY'
import socket, sys, time

port, pid, n, warm = (int(a) for a in sys.argv[1:5])
which = sys.argv[5]
REQ = b"GET /rg/fp.js HTTP/1.1\r\nHost: shop.test\r\n\r\n"

def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

def settle():
    # Let the worker finish what it was doing (accepts, the last responses).
    time.sleep(1.0)

def request(s):
    s.sendall(REQ)
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            raise SystemExit("riskgate closed a connection")
        buf += chunk
    head, _, body = buf.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise SystemExit(f"unexpected answer: {head[:80]!r}")
    length = next(int(l.split(b":")[1]) for l in head.split(b"\r\n")
                  if l.lower().startswith(b"content-length:"))
    while len(body) < length:
        body += s.recv(65536)

def phase(name, send):
    socks = []
    before = rss_kb()
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        if send:
            request(s)
        socks.append(s)
    settle()
    after = rss_kb()
    per = (after - before) * 1024 / n
    print(f"{name:10} N={n}: VmRSS {before/1024:.1f} MB -> {after/1024:.1f} MB, "
          f"{per/1000:.1f} kB per connection")
    for s in socks:
        s.close()

for _ in range(warm):
    s = socket.create_connection(("127.0.0.1", port))
    request(s)
    s.close()
settle()
print(f"after {warm} warm-up connections: VmRSS {rss_kb()/1024:.1f} MB")
phase(which, which == "keep-alive")
PY
    kill -INT "$RG_PID" 2>/dev/null || true
    wait "$RG_PID" 2>/dev/null || true
    RG_PID=""
}

# Each phase in a fresh process: memory freed by one phase's connections would otherwise
# be reused by the next and hide its cost.
run_phase keep-alive
run_phase silent
