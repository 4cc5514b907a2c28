#!/usr/bin/env bash
# benches/callgrind.sh — instructions per request (valgrind callgrind) of riskgate and of the
# bare pingora proxy (benches/bare_pingora.rs), for one kind of request.
#
#   MODE=pass bash benches/callgrind.sh              # proxied 1 KiB GETs, `pass` route
#   MODE=static SIZE=65536 bash benches/callgrind.sh # cache hits of a 64 KiB object
#
# Throughput on a shared 2-vCPU machine moves by ±20 % between runs; instruction counts move
# by about 1 %. Each contestant runs twice under callgrind, a fresh process each time: once
# serving WARM requests, once WARM + N; the difference of the two totals divided by N is the
# cost of one request in steady state (start-up, the first cache miss and shutdown cancel).
# Everything the process does counts: every thread, the allocator, the kernel interface.
#
# Topology (loopback, ports picked at run time): the python client below (CONNS keep-alive
# connections, requests sent one after another on each) ──► proxy under valgrind ──► origin
# nginx (one worker, static body, `Cache-Control: public, max-age=3600`).
#
# Environment:
#   MODE          pass (default) or static (riskgate `kind = "static"`, bare BARE_CACHE=1)
#   SIZE          body bytes (default 1024)
#   N             measured requests (default 4000)
#   WARM          requests of the shorter run (default 1000)
#   CONNS         client connections (default 8)
#   RISKGATE_BIN  default target/release/riskgate (built beforehand: nothing is built here)
#   BARE_BIN      bare_pingora binary; default: the newest target/release/deps/bare_pingora-*
#   ONLY          riskgate or bare: measure only that one
#   KEEP_TMP      1 = keep the temp dir (configs, callgrind.out files for callgrind_annotate)
#
# Output: one line per contestant, `name Ir(warm) Ir(warm+N) Ir/request`.
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_ROOT"

MODE="${MODE:-pass}"
SIZE="${SIZE:-1024}"
N="${N:-4000}"
WARM="${WARM:-1000}"
CONNS="${CONNS:-8}"
ONLY="${ONLY:-}"
KEEP_TMP="${KEEP_TMP:-0}"
RISKGATE_BIN="${RISKGATE_BIN:-$REPO_ROOT/target/release/riskgate}"
die() { echo "callgrind.sh: error: $*" >&2; exit 1; }
log() { echo "==> $*" >&2; }

[[ "$MODE" == pass || "$MODE" == static ]] || die "MODE must be pass or static (got '$MODE')"
for v in SIZE N WARM CONNS; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer (got '${!v}')"
done
for tool in nginx valgrind python3 curl; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found (apt-get install -y $tool)"
done
NGINX_BIN="$(command -v nginx)"
if [[ -z "${BARE_BIN:-}" ]]; then
    BARE_BIN="$(ls -t "$REPO_ROOT"/target/release/deps/bare_pingora-* 2>/dev/null | grep -v '\.d$' | head -1 || true)"
fi
[[ "$ONLY" == bare || -x "$RISKGATE_BIN" ]] || die "no riskgate binary at $RISKGATE_BIN (cargo build --release)"
[[ "$ONLY" == riskgate || -x "${BARE_BIN:-}" ]] ||
    die "no bare_pingora binary (cargo build --release --bench bare_pingora, or set BARE_BIN)"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/riskgate-callgrind.XXXXXX")"
chmod 755 "$TMP"
PROXY_PID=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [[ -z "$PROXY_PID" ]] || kill -KILL "$PROXY_PID" 2>/dev/null || true
    [[ ! -f "$TMP/origin/nginx.pid" ]] ||
        "$NGINX_BIN" -p "$TMP/origin" -c "$TMP/origin/nginx.conf" -e "$TMP/origin/error.log" -s stop 2>/dev/null || true
    if [[ "$KEEP_TMP" == 1 || $rc -ne 0 ]]; then echo "callgrind.sh: temp dir kept: $TMP" >&2; else rm -rf "$TMP"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

read -r ORIGIN_PORT PROXY_PORT ADMIN_PORT < <(python3 -c '
import socket
s = [socket.socket() for _ in range(3)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))')

mkdir -p "$TMP/origin/html" "$TMP/riskgate"
chmod 755 "$TMP/origin" "$TMP/origin/html"
head -c "$SIZE" /dev/zero | tr '\0' 'x' >"$TMP/origin/html/body"
chmod 644 "$TMP/origin/html/body"
cat >"$TMP/origin/nginx.conf" <<EOF
worker_processes 1;
pid $TMP/origin/nginx.pid;
error_log $TMP/origin/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    etag off;
    keepalive_requests 1000000;
    keepalive_timeout 300s;
    client_body_temp_path $TMP/origin/tmp_body;
    proxy_temp_path $TMP/origin/tmp_proxy;
    fastcgi_temp_path $TMP/origin/tmp_fcgi;
    uwsgi_temp_path $TMP/origin/tmp_uwsgi;
    scgi_temp_path $TMP/origin/tmp_scgi;
    server {
        listen 127.0.0.1:$ORIGIN_PORT;
        root $TMP/origin/html;
        default_type text/plain;
        location / { add_header Cache-Control "public, max-age=3600"; try_files /body =404; }
    }
}
EOF
"$NGINX_BIN" -q -p "$TMP/origin" -c "$TMP/origin/nginx.conf" -e "$TMP/origin/error.log"

KIND=pass
CACHE_SECTION=""
if [[ "$MODE" == static ]]; then
    KIND=static
    CACHE_SECTION=$'[cache]\nmax_bytes = 268435456'
fi
cat >"$TMP/riskgate/riskgate.toml" <<EOF
[server]
listen = ["127.0.0.1:$PROXY_PORT"]
threads = 1
grace_period = "1s"

[admin]
listen = "127.0.0.1:$ADMIN_PORT"
token_env = "RISKGATE_ADMIN_TOKEN"

[log]
level = "warn"
access_log = false

[upstreams.origin]
servers = ["127.0.0.1:$ORIGIN_PORT"]

[[routes]]
name = "all"
kind = "$KIND"
upstream = "origin"
prefix = "/"

$CACHE_SECTION
EOF
export RISKGATE_ADMIN_TOKEN="callgrind-bench-token-0123456789"

# The client: CONNS threads, each one keep-alive connection sending its share of $1 GETs in
# turn; exits non-zero on any status but 200 or (MODE=static) a response that was no hit.
client() { # $1 = requests
    python3 - "$PROXY_PORT" "$1" "$CONNS" "$MODE" "$SIZE" <<'PY'
import http.client, sys, threading
port, total, conns, mode, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
errors = []
def run(n):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for _ in range(n):
        c.request("GET", "/obj", headers={"User-Agent": "callgrind-bench/1", "Accept": "*/*"})
        r = c.getresponse()
        body = r.read()
        if r.status != 200 or len(body) != size:
            errors.append(f"status {r.status}, {len(body)} bytes")
            return
        if mode == "static" and r.getheader("x-cache") not in ("HIT",):
            errors.append(f"x-cache {r.getheader('x-cache')}")
            return
    c.close()
share = [total // conns + (1 if i < total % conns else 0) for i in range(conns)]
ts = [threading.Thread(target=run, args=(n,)) for n in share if n]
for t in ts: t.start()
for t in ts: t.join()
if errors:
    sys.exit("client: " + errors[0])
PY
}

wait_ready() {
    for _ in $(seq 600); do
        curl -sf --noproxy '*' -o /dev/null --max-time 5 "http://127.0.0.1:$PROXY_PORT/obj" && return 0
        kill -0 "$PROXY_PID" 2>/dev/null || die "the proxy exited during start-up (log: $TMP)"
        sleep 0.2
    done
    die "the proxy was not ready within 120 s"
}

# Runs $1 under callgrind serving $2 requests (after the readiness GET and, in static mode,
# GETs until one is a cache hit); sets IR to the total instruction count.
one_run() { # $1 = name, $2 = requests
    local name="$1" reqs="$2" out="$TMP/callgrind.$1.$2.out"
    local -a cmd
    local cache=0
    [[ "$MODE" == static ]] && cache=1
    if [[ "$name" == riskgate ]]; then
        cmd=("$RISKGATE_BIN" run --config "$TMP/riskgate/riskgate.toml")
    else
        cmd=("$BARE_BIN")
    fi
    # `env` goes before valgrind: valgrind does not follow an exec unless told to.
    env -u RUST_LOG BARE_LISTEN="127.0.0.1:$PROXY_PORT" BARE_UPSTREAM="127.0.0.1:$ORIGIN_PORT" \
        BARE_THREADS=1 BARE_CACHE=$cache \
        valgrind --tool=callgrind --callgrind-out-file="$out" "${cmd[@]}" >"$TMP/$name.$reqs.log" 2>&1 &
    PROXY_PID=$!
    wait_ready
    if [[ "$MODE" == static ]]; then
        local status="" _
        for _ in $(seq 100); do
            status="$(curl -sf --noproxy '*' -D - -o /dev/null "http://127.0.0.1:$PROXY_PORT/obj" |
                awk 'tolower($1) == "x-cache:" {print $2}' | tr -d '\r')"
            [[ "$status" == HIT ]] && break
            sleep 0.2
        done
        [[ "$status" == HIT ]] || die "$name: /obj is not a cache hit (X-Cache: '$status')"
    fi
    client "$reqs" || die "$name: the client failed"
    kill -INT "$PROXY_PID"
    wait "$PROXY_PID" 2>/dev/null || true
    PROXY_PID=""
    # The summary line of the dump (one file: callgrind writes all threads into it).
    IR="$(awk '/^(summary|totals):/ { print $2; exit }' "$out")"
    [[ -n "$IR" ]] || die "$name: no instruction total in $out"
}

names=(riskgate bare)
[[ -z "$ONLY" ]] || names=("$ONLY")
log "MODE=$MODE SIZE=$SIZE N=$N WARM=$WARM CONNS=$CONNS; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${names[@]}"; do
    log "$name: $WARM requests under callgrind"
    one_run "$name" "$WARM"
    a="$IR"
    log "$name: $((WARM + N)) requests under callgrind"
    one_run "$name" "$((WARM + N))"
    b="$IR"
    awk -v n="$name" -v a="$a" -v b="$b" -v r="$N" \
        'BEGIN { printf "%-9s Ir(%s)=%s Ir(%s)=%s  Ir/request=%.0f\n", n, "warm", a, "warm+N", b, (b - a) / r }'
done
