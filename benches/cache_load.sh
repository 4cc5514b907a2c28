#!/usr/bin/env bash
# benches/cache_load.sh — cached static GETs: riskgate's edge cache (kind = "static") vs
# nginx proxy_cache, measured with wrk. Same style and knobs as benches/load.sh.
#
#   bash benches/cache_load.sh                       # 1 worker each, 64 conns, 1 KiB and 64 KiB
#   SKIP_BUILD=1 DURATION=5s SIZES="1024" bash benches/cache_load.sh
#
# Topology (everything on loopback, ports picked at run time):
#
#   wrk ──► riskgate (threads = WORKERS, static route, moka cache) ──┐
#                                                                    ├──► origin nginx
#   wrk ──► nginx proxy (worker_processes = WORKERS, proxy_cache)  ──┘
#
# The origin serves one file per object size at /obj/SIZE with
# `Cache-Control: public, max-age=3600`, so after the first request every GET is a cache hit
# in both proxies (checked before measuring: riskgate X-Cache: HIT, nginx
# $upstream_cache_status HIT). nginx keeps its cache in files (proxy_cache_path, as shipped
# by Debian: reads go through the page cache); riskgate keeps it in memory.
#
# For each size, the proxies alternate; each is warmed for WARMUP, then measured ROUNDS times
# in the order riskgate, nginx, ... and the best run of each is reported with every raw run.
#
# Environment:
#   WORKERS    riskgate server.threads and nginx-proxy worker_processes   (default 1)
#   CONNS      wrk connections                                            (default 64)
#   DURATION   wrk duration per measured run                              (default 10s)
#   WARMUP     wrk duration of the unmeasured warm-up per proxy           (default 2s)
#   ROUNDS     measured runs per proxy                                    (default 2)
#   SIZES      object sizes in bytes, space-separated                     (default "1024 65536")
#   SKIP_BUILD 1 = do not run `cargo build --release`, use the existing binary
#   RISKGATE_BIN  path of the binary                         (default target/release/riskgate)
#   KEEP_TMP   1 = keep the temp dir (configs, logs, raw wrk output) after exit
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_ROOT"

WORKERS="${WORKERS:-1}"
CONNS="${CONNS:-64}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
ROUNDS="${ROUNDS:-2}"
SIZES="${SIZES:-1024 65536}"
SKIP_BUILD="${SKIP_BUILD:-0}"
KEEP_TMP="${KEEP_TMP:-0}"
RISKGATE_BIN="${RISKGATE_BIN:-$REPO_ROOT/target/release/riskgate}"
READY_DEADLINE_S=30

die() { echo "load.sh: error: $*" >&2; exit 1; }
log() { echo "==> $*" >&2; }

for v in WORKERS CONNS ROUNDS; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer (got '${!v}')"
done
for size in $SIZES; do
    [[ "$size" =~ ^[1-9][0-9]*$ ]] || die "SIZES must hold positive integers (got '$size')"
done
for tool in nginx wrk curl python3; do
    command -v "$tool" >/dev/null 2>&1 ||
        die "'$tool' not found (apt-get install -y nginx wrk curl python3)"
done
NGINX_BIN="$(command -v nginx)"

# ---------------------------------------------------------------------------------------------
# Build riskgate.
# ---------------------------------------------------------------------------------------------
if [[ "$SKIP_BUILD" != 1 ]]; then
    command -v cargo >/dev/null 2>&1 || die "cargo not found; install Rust or run with SKIP_BUILD=1 and an existing binary"
    log "cargo build --release (set SKIP_BUILD=1 to skip)"
    if ! cargo build --release; then
        die "riskgate failed to build ('cargo build --release' exited non-zero, see the compiler output above); nothing was measured"
    fi
fi
if [[ ! -x "$RISKGATE_BIN" ]]; then
    die "riskgate binary not found at $RISKGATE_BIN — it has not been built yet; run 'cargo build --release' (or drop SKIP_BUILD=1)"
fi
if [[ "$SKIP_BUILD" == 1 ]] && [[ -n "$(find src Cargo.toml Cargo.lock -newer "$RISKGATE_BIN" -print -quit 2>/dev/null)" ]]; then
    echo "load.sh: warning: sources are newer than $RISKGATE_BIN (SKIP_BUILD=1 measures a stale binary)" >&2
fi

# ---------------------------------------------------------------------------------------------
# Temp dir and cleanup (runs on normal exit, on error under set -e, and on Ctrl-C / TERM).
# ---------------------------------------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/riskgate-cache-load.XXXXXX")"
# nginx workers drop to `nobody` when started as root; they must be able to read the body file.
chmod 755 "$TMP"
RG_PID=""
NGINX_PREFIXES=()

stop_nginx() { # $1 = prefix dir
    local p="$1" pid=""
    [[ -f "$p/nginx.pid" ]] || return 0
    pid="$(cat "$p/nginx.pid" 2>/dev/null || true)"
    "$NGINX_BIN" -p "$p" -c "$p/nginx.conf" -e "$p/error.log" -s stop >/dev/null 2>&1 || true
    for _ in $(seq 50); do
        [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null || true
}

stop_riskgate() {
    [[ -n "$RG_PID" ]] || return 0
    if kill -0 "$RG_PID" 2>/dev/null; then
        kill -INT "$RG_PID" 2>/dev/null || true
        # grace_period is 1s in the generated config; allow a few seconds, then force.
        for _ in $(seq 50); do
            kill -0 "$RG_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$RG_PID" 2>/dev/null && kill -KILL "$RG_PID" 2>/dev/null || true
    fi
    wait "$RG_PID" 2>/dev/null || true
    RG_PID=""
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_riskgate
    local p
    for p in "${NGINX_PREFIXES[@]+"${NGINX_PREFIXES[@]}"}"; do stop_nginx "$p"; done
    if [[ "$KEEP_TMP" == 1 || $rc -ne 0 ]]; then
        echo "cache_load.sh: temp dir kept: $TMP" >&2
    else
        rm -rf "$TMP"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# Free ports: bind port 0 for all of them at once (so they are distinct), then release.
# ---------------------------------------------------------------------------------------------
read -r ORIGIN_PORT NGINX_PORT RG_PORT RG_ADMIN_PORT < <(python3 - <<'PY'
import socket
socks = []
for _ in range(4):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
)
[[ -n "${RG_ADMIN_PORT:-}" ]] || die "could not pick free loopback ports with python3"

# ---------------------------------------------------------------------------------------------
# Configs.
# ---------------------------------------------------------------------------------------------
ORIGIN_DIR="$TMP/origin"
NGINX_DIR="$TMP/nginx-proxy"
RG_DIR="$TMP/riskgate"
mkdir -p "$ORIGIN_DIR/html" "$NGINX_DIR" "$RG_DIR"
chmod 755 "$ORIGIN_DIR" "$ORIGIN_DIR/html"
for size in $SIZES; do
    head -c "$size" /dev/zero | tr '\0' 'x' >"$ORIGIN_DIR/html/$size"
    chmod 644 "$ORIGIN_DIR/html/$size"
done

# Origin: one worker, one static file per size, cacheable for an hour, no logs, unlimited keep-alive
# (so upstream connections of both proxies are never closed by the origin mid-run).
cat >"$ORIGIN_DIR/nginx.conf" <<EOF
worker_processes 1;
pid $ORIGIN_DIR/nginx.pid;
error_log $ORIGIN_DIR/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    etag off;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    open_file_cache max=16 inactive=600s;
    open_file_cache_valid 600s;
    client_body_temp_path $ORIGIN_DIR/tmp_body;
    proxy_temp_path $ORIGIN_DIR/tmp_proxy;
    fastcgi_temp_path $ORIGIN_DIR/tmp_fcgi;
    uwsgi_temp_path $ORIGIN_DIR/tmp_uwsgi;
    scgi_temp_path $ORIGIN_DIR/tmp_scgi;
    server {
        listen 127.0.0.1:$ORIGIN_PORT backlog=4096;
        root $ORIGIN_DIR/html;
        default_type text/plain;
        location /obj/ {
            add_header Cache-Control "public, max-age=3600";
            rewrite ^/obj/([0-9]+)\$ /\$1 break;
        }
    }
}
EOF

# nginx as a caching reverse proxy: WORKERS workers, proxy_cache in files (Debian's usual
# set-up), cache lock on, keep-alive pool of 64 to the origin, client keep-alive unlimited.
cat >"$NGINX_DIR/nginx.conf" <<EOF
worker_processes $WORKERS;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    tcp_nodelay on;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    client_body_temp_path $NGINX_DIR/tmp_body;
    proxy_temp_path $NGINX_DIR/tmp_proxy;
    fastcgi_temp_path $NGINX_DIR/tmp_fcgi;
    uwsgi_temp_path $NGINX_DIR/tmp_uwsgi;
    scgi_temp_path $NGINX_DIR/tmp_scgi;
    upstream origin {
        server 127.0.0.1:$ORIGIN_PORT;
        keepalive 64;
        keepalive_requests 1000000;
    }
    proxy_cache_path $NGINX_DIR/cache levels=1:2 keys_zone=edge:10m max_size=256m inactive=60m use_temp_path=off;
    server {
        listen 127.0.0.1:$NGINX_PORT backlog=4096;
        location / {
            proxy_pass http://origin;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_cache edge;
            proxy_cache_lock on;
            proxy_cache_key \$scheme\$host\$request_uri;
            add_header X-Cache \$upstream_cache_status;
        }
    }
}
EOF

cat >"$RG_DIR/riskgate.toml" <<EOF
[server]
listen = ["127.0.0.1:$RG_PORT"]
threads = $WORKERS
grace_period = "1s"

[admin]
listen = "127.0.0.1:$RG_ADMIN_PORT"
token_env = "RISKGATE_ADMIN_TOKEN"

[log]
level = "warn"
access_log = false

[upstreams.origin]
servers = ["127.0.0.1:$ORIGIN_PORT"]

[[routes]]
name = "assets"
kind = "static"
upstream = "origin"
prefix = "/"

[cache]
max_bytes = 268435456
EOF

# ---------------------------------------------------------------------------------------------
# Start everything.
# ---------------------------------------------------------------------------------------------
wait_http() { # $1 = name, $2 = url, $3.. = extra curl args; fails after READY_DEADLINE_S
    local name="$1" url="$2"; shift 2
    local deadline=$((SECONDS + READY_DEADLINE_S))
    while ((SECONDS < deadline)); do
        if curl -sf --noproxy '*' -o /dev/null --max-time 1 "$@" "$url"; then return 0; fi
        if [[ "$name" == riskgate* && -n "$RG_PID" ]] && ! kill -0 "$RG_PID" 2>/dev/null; then
            echo "--- riskgate log ($RG_DIR/riskgate.log) ---" >&2
            cat "$RG_DIR/riskgate.log" >&2 || true
            die "riskgate exited during startup (see its log above)"
        fi
        sleep 0.1
    done
    die "$name not ready at $url within ${READY_DEADLINE_S}s"
}

start_nginx() { # $1 = prefix dir, $2 = name
    local p="$1" name="$2"
    "$NGINX_BIN" -t -q -p "$p" -c "$p/nginx.conf" -e "$p/error.log" ||
        die "$name: nginx config test failed ($p/nginx.conf)"
    NGINX_PREFIXES+=("$p")
    "$NGINX_BIN" -p "$p" -c "$p/nginx.conf" -e "$p/error.log" ||
        { cat "$p/error.log" >&2 || true; die "$name: nginx failed to start"; }
}

FIRST_SIZE="${SIZES%% *}"
log "starting origin nginx on 127.0.0.1:$ORIGIN_PORT (objects: $SIZES bytes)"
start_nginx "$ORIGIN_DIR" origin
wait_http origin "http://127.0.0.1:$ORIGIN_PORT/obj/$FIRST_SIZE"

log "starting nginx proxy on 127.0.0.1:$NGINX_PORT (worker_processes $WORKERS)"
start_nginx "$NGINX_DIR" nginx-proxy
wait_http nginx-proxy "http://127.0.0.1:$NGINX_PORT/obj/$FIRST_SIZE"

log "starting riskgate on 127.0.0.1:$RG_PORT, admin 127.0.0.1:$RG_ADMIN_PORT (threads $WORKERS)"
RISKGATE_ADMIN_TOKEN="bench-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export RISKGATE_ADMIN_TOKEN
"$RISKGATE_BIN" check --config "$RG_DIR/riskgate.toml" >/dev/null ||
    die "riskgate rejected the generated config ($RG_DIR/riskgate.toml)"
# RUST_LOG would override [log] level (see src/logging.rs); keep it out of the benchmark.
env -u RUST_LOG "$RISKGATE_BIN" run --config "$RG_DIR/riskgate.toml" >"$RG_DIR/riskgate.log" 2>&1 &
RG_PID=$!
wait_http riskgate-admin "http://127.0.0.1:$RG_ADMIN_PORT/readyz" \
    -H "Authorization: Bearer $RISKGATE_ADMIN_TOKEN"
wait_http riskgate "http://127.0.0.1:$RG_PORT/obj/$FIRST_SIZE"
# Fill both caches, then insist that the next GET of every object is a hit in both.
for size in $SIZES; do
    for port in "$NGINX_PORT" "$RG_PORT"; do
        url="http://127.0.0.1:$port/obj/$size"
        curl -sf --noproxy '*' -o /dev/null "$url" || die "GET $url failed"
        for _ in $(seq 50); do
            status="$(curl -sf --noproxy '*' -D - -o "$TMP/body" "$url" | awk 'tolower($1) == "x-cache:" {print $2}' | tr -d '\r')"
            [[ "$status" == HIT ]] && break
            sleep 0.1
        done
        [[ "$status" == HIT ]] || die "GET $url is not a cache hit (X-Cache: '$status')"
        got="$(wc -c <"$TMP/body")"
        [[ "$got" -eq "$size" ]] || die "proxy on port $port returned $got bytes for /obj/$size"
    done
done

# ---------------------------------------------------------------------------------------------
# Measure.
# ---------------------------------------------------------------------------------------------
WRK_CMD="wrk -t1 -c$CONNS -d$DURATION --latency"

to_ms() { # wrk latency value such as 512.00us, 1.23ms, 1.01s, 1.00m -> milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.3f", n }'
}

# Parses a wrk output file into "rps p50_ms p99_ms errors".
parse_wrk() {
    local f="$1" rps p50 p99 errs
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$f")"
    p50="$(awk '$1 == "50%" {print $2}' "$f")"
    p99="$(awk '$1 == "99%" {print $2}' "$f")"
    [[ -n "$rps" && -n "$p50" && -n "$p99" ]] || { cat "$f" >&2; die "could not parse wrk output $f"; }
    # Socket errors + non-2xx/3xx responses; 0 when wrk prints neither line.
    errs="$(awk '/Socket errors:/ { gsub(/,/, ""); s += $4 + $6 + $8 + $10 }
                 /Non-2xx or 3xx responses:/ { s += $5 }
                 END { print s + 0 }' "$f")"
    echo "$rps $(to_ms "$p50") $(to_ms "$p99") $errs"
}

# wrk, the proxy under test and the origin already share the cores; anything else running
# (a cargo build, tests) skews absolute numbers. Alternating runs keep the ratio usable.
LOADAVG_START="$(cut -d' ' -f1-3 /proc/loadavg)"
if awk -v l="${LOADAVG_START%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > 0.5 * n) }'; then
    echo "cache_load.sh: warning: load average is $LOADAVG_START on $(nproc) CPUs before the run;" \
        "other work on this machine will skew the absolute numbers" >&2
fi

declare -A PORT=([riskgate]="$RG_PORT" [nginx]="$NGINX_PORT")
RAW_LINES=()
BEST_LINES=()
RATIOS=()

for size in $SIZES; do
    declare -A BEST_RPS=([riskgate]=0 [nginx]=0) BEST_LINE=()
    for name in riskgate nginx; do
        log "warm-up $name /obj/$size ($WARMUP)"
        wrk -t1 -c"$CONNS" -d"$WARMUP" "http://127.0.0.1:${PORT[$name]}/obj/$size" >"$TMP/warmup-$name-$size.txt"
    done
    for round in $(seq "$ROUNDS"); do
        for name in riskgate nginx; do
            out="$TMP/wrk-$name-$size-$round.txt"
            log "run $round/$ROUNDS $name: $WRK_CMD http://127.0.0.1:${PORT[$name]}/obj/$size"
            $WRK_CMD "http://127.0.0.1:${PORT[$name]}/obj/$size" >"$out"
            res="$(parse_wrk "$out")"
            read -r rps p50 p99 errs <<<"$res"
            line="$(printf '%-9s %7s %5s %12.2f %10.3f %10.3f %8s' "$name" "$size" "$round" "$rps" "$p50" "$p99" "$errs")"
            RAW_LINES+=("$line")
            echo "$line" >&2
            if awk -v a="$rps" -v b="${BEST_RPS[$name]}" 'BEGIN { exit !(a > b) }'; then
                BEST_RPS[$name]="$rps"
                BEST_LINE[$name]="$(printf '%-9s %7s %12.2f %10.3f %10.3f %8s' "$name" "$size" "$rps" "$p50" "$p99" "$errs")"
            fi
        done
    done
    BEST_LINES+=("${BEST_LINE[riskgate]}" "${BEST_LINE[nginx]}")
    RATIOS+=("$(awk -v s="$size" -v a="${BEST_RPS[riskgate]}" -v b="${BEST_RPS[nginx]}" 'BEGIN { printf "%7s B: %.2f", s, (b > 0 ? a / b : 0) }')")
    unset BEST_RPS BEST_LINE
done

if ! kill -0 "$RG_PID" 2>/dev/null; then
    die "riskgate died during the run (log: $RG_DIR/riskgate.log)"
fi
RG_RSS_KB="$(awk '/^VmRSS:/ {print $2}' "/proc/$RG_PID/status" 2>/dev/null || echo '?')"
RG_HITS="$(curl -sf --noproxy '*' -H "Authorization: Bearer $RISKGATE_ADMIN_TOKEN" \
    "http://127.0.0.1:$RG_ADMIN_PORT/metrics" | awk '/^riskgate_cache_lookups_total/ {printf "%s ", $0}')"

# ---------------------------------------------------------------------------------------------
# Report (stdout).
# ---------------------------------------------------------------------------------------------
CPU_MODEL="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
[[ -n "$CPU_MODEL" ]] || CPU_MODEL="$(uname -m)"

cat <<EOF

riskgate edge cache vs nginx proxy_cache — cached GETs, HTTP/1.1 keep-alive, loopback
--------------------------------------------------------------------------------------
date         $(date -u '+%Y-%m-%d %H:%M:%S UTC')
machine      nproc=$(nproc), CPU: $CPU_MODEL
kernel       $(uname -srm)
load avg     $LOADAVG_START at start, $(cut -d' ' -f1-3 /proc/loadavg) at end
nginx        $("$NGINX_BIN" -v 2>&1 | sed 's/^nginx version: //')
wrk          $(wrk -v 2>&1 | head -n1 | awk '{print $1, $2}')
riskgate     $("$RISKGATE_BIN" --version 2>/dev/null || echo '?') ($RISKGATE_BIN), git $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo ' +uncommitted changes')
script       WORKERS=$WORKERS CONNS=$CONNS DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS SIZES="$SIZES" bash benches/cache_load.sh
wrk command  $WRK_CMD http://127.0.0.1:<proxy-port>/obj/<size>
setup        origin = nginx, worker_processes 1, Cache-Control: public, max-age=3600;
             nginx proxy worker_processes=$WORKERS, proxy_cache (files), proxy_cache_lock on;
             riskgate server.threads=$WORKERS, kind = "static", access_log=false, level=warn
             (RSS after run: ${RG_RSS_KB} kB)
lookups      ${RG_HITS}

raw runs (order per size: riskgate, nginx, riskgate, nginx, ...)
proxy        size round        req/s     p50 ms     p99 ms   errors
EOF
printf '%s\n' "${RAW_LINES[@]}"
cat <<EOF

best of $ROUNDS (by req/s)
proxy        size        req/s     p50 ms     p99 ms   errors
EOF
printf '%s\n' "${BEST_LINES[@]}"
echo
echo "ratio riskgate/nginx req/s:"
printf '  %s\n' "${RATIOS[@]}"
