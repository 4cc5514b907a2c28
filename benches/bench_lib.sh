# benches/bench_lib.sh — shared by load.sh and cache_load.sh (sourced, not run).
#
# Before sourcing, a script sets BENCH (its name, for messages) and TMP_PREFIX, and may set
# the knobs below; sourcing checks the tools, builds riskgate unless SKIP_BUILD=1, creates
# $TMP with cleanup on exit, and picks the ports ORIGIN_PORT NGINX_PORT RG_PORT
# RG_ADMIN_PORT BARE_PORT. The functions start nginx and riskgate, wait for them, and parse
# wrk. A script that can also measure the bare pingora proxy (benches/bare_pingora.rs) sets
# BARE_SUPPORTED=1; then BARE=1 builds it and adds it as a third contestant.

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_ROOT"

WORKERS="${WORKERS:-1}"
CONNS="${CONNS:-64}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
ROUNDS="${ROUNDS:-2}"
SKIP_BUILD="${SKIP_BUILD:-0}"
KEEP_TMP="${KEEP_TMP:-0}"
RISKGATE_BIN="${RISKGATE_BIN:-$REPO_ROOT/target/release/riskgate}"
READY_DEADLINE_S=30
WRK_CMD="wrk -t1 -c$CONNS -d$DURATION --latency"
BARE="${BARE:-0}"
BARE_PROFILE="${BARE_PROFILE:-release}"
BARE_BIN="${BARE_BIN:-}"

die() { echo "$BENCH: error: $*" >&2; exit 1; }
log() { echo "==> $*" >&2; }
warn() { echo "$BENCH: warning: $*" >&2; }

for v in WORKERS CONNS ROUNDS; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer (got '${!v}')"
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
    warn "sources are newer than $RISKGATE_BIN (SKIP_BUILD=1 measures a stale binary)"
fi

# The bare pingora proxy (BARE=1): built with `cargo build --profile BARE_PROFILE` unless
# BARE_BIN names an existing binary. Its path comes from cargo's own build report.
if [[ "$BARE" == 1 ]]; then
    [[ "${BARE_SUPPORTED:-0}" == 1 ]] || die "BARE=1 is only supported by load.sh and cache_load.sh"
    if [[ -z "$BARE_BIN" ]]; then
        command -v cargo >/dev/null 2>&1 || die "cargo not found; set BARE_BIN to a built bare_pingora"
        log "cargo build --profile $BARE_PROFILE --bench bare_pingora"
        BARE_BIN="$(cargo build --profile "$BARE_PROFILE" --bench bare_pingora \
            --message-format=json-render-diagnostics | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "bare_pingora":
        print(m["executable"])
')" || die "bare_pingora failed to build (see the compiler output above)"
    fi
    [[ -x "$BARE_BIN" ]] || die "bare_pingora binary not found at '$BARE_BIN'"
fi

# ---------------------------------------------------------------------------------------------
# Temp dir and cleanup (runs on normal exit, on error under set -e, and on Ctrl-C / TERM).
# ---------------------------------------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/$TMP_PREFIX.XXXXXX")"
# nginx workers drop to `nobody` when started as root; they must be able to read the files.
chmod 755 "$TMP"
RG_PID=""
BARE_PID=""
NGINX_PREFIXES=()
ORIGIN_DIR="$TMP/origin"
NGINX_DIR="$TMP/nginx-proxy"
RG_DIR="$TMP/riskgate"
mkdir -p "$ORIGIN_DIR/html" "$NGINX_DIR" "$RG_DIR"
chmod 755 "$ORIGIN_DIR" "$ORIGIN_DIR/html"

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

stop_bare() {
    [[ -n "$BARE_PID" ]] || return 0
    kill -INT "$BARE_PID" 2>/dev/null || true
    for _ in $(seq 30); do
        kill -0 "$BARE_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$BARE_PID" 2>/dev/null || true
    wait "$BARE_PID" 2>/dev/null || true
    BARE_PID=""
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_riskgate
    stop_bare
    local p
    for p in "${NGINX_PREFIXES[@]+"${NGINX_PREFIXES[@]}"}"; do stop_nginx "$p"; done
    if [[ "$KEEP_TMP" == 1 || $rc -ne 0 ]]; then
        echo "$BENCH: temp dir kept: $TMP" >&2
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
read -r ORIGIN_PORT NGINX_PORT RG_PORT RG_ADMIN_PORT BARE_PORT < <(python3 - <<'PY'
import socket
socks = []
for _ in range(5):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
)
[[ -n "${BARE_PORT:-}" ]] || die "could not pick free loopback ports with python3"

# The lines every generated nginx.conf needs so nginx writes nothing outside $1.
nginx_temp_paths() { # $1 = prefix dir
    cat <<EOF
    client_body_temp_path $1/tmp_body;
    proxy_temp_path $1/tmp_proxy;
    fastcgi_temp_path $1/tmp_fcgi;
    uwsgi_temp_path $1/tmp_uwsgi;
    scgi_temp_path $1/tmp_scgi;
EOF
}

# The origin's nginx.conf: one worker, static files under $1/html served on $2 with the
# location block(s) $3, cached fds, no logs, unlimited keep-alive (so upstream connections
# of the proxies are never closed by the origin mid-run).
nginx_origin_config() { # $1 = prefix dir, $2 = port, $3 = location block(s)
    cat <<EOF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log warn;
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
$(nginx_temp_paths "$1")
    server {
        listen 127.0.0.1:$2 backlog=4096;
        root $1/html;
        default_type text/plain;
$3
    }
}
EOF
}

# nginx as the reverse proxy riskgate is compared with: WORKERS workers on NGINX_PORT, a
# keep-alive pool of 64 to the origin, client keep-alive unlimited (riskgate's
# server.keepalive_requests is unlimited by default); $2 adds http-level lines, $3 lines
# in `location /` after the proxy_pass set-up.
nginx_proxy_config() { # $1 = prefix dir, $2 = http lines, $3 = location lines
    cat <<EOF
worker_processes $WORKERS;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    tcp_nodelay on;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
$(nginx_temp_paths "$1")
    upstream origin {
        server 127.0.0.1:$ORIGIN_PORT;
        keepalive 64;
        keepalive_requests 1000000;
    }${2:+
$2}
    server {
        listen 127.0.0.1:$NGINX_PORT backlog=4096;
        location / {
            proxy_pass http://origin;
            proxy_http_version 1.1;
            proxy_set_header Connection "";${3:+
$3}
        }
    }
}
EOF
}

# The [server], [admin] and [log] sections of every generated riskgate.toml.
riskgate_base_config() {
    cat <<EOF
[server]
listen = ["127.0.0.1:$RG_PORT"]
threads = $WORKERS
grace_period = "1s"
# The load generator's connections all come from 127.0.0.1 (CONNS may exceed 256).
max_connections_per_address = 0

[admin]
listen = "127.0.0.1:$RG_ADMIN_PORT"
token_env = "RISKGATE_ADMIN_TOKEN"

[log]
level = "warn"
access_log = false

[upstreams.origin]
servers = ["127.0.0.1:$ORIGIN_PORT"]
EOF
}

# ---------------------------------------------------------------------------------------------
# Start and wait.
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

start_riskgate() { # $1 = a path to GET through the proxy once it is ready
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
    wait_http riskgate "http://127.0.0.1:$RG_PORT$1"
}

# The ports of the proxies under test: nginx, riskgate, and the bare proxy with BARE=1.
proxy_ports() {
    echo "$NGINX_PORT" "$RG_PORT"
    [[ "$BARE" != 1 ]] || echo "$BARE_PORT"
}

start_bare() { # $1 = a path to GET once it is ready; the bare pingora proxy, BARE=1 only
    [[ "$BARE" == 1 ]] || return 0
    log "starting bare pingora on 127.0.0.1:$BARE_PORT (threads $WORKERS)"
    BARE_LISTEN="127.0.0.1:$BARE_PORT" BARE_UPSTREAM="127.0.0.1:$ORIGIN_PORT" \
        BARE_THREADS="$WORKERS" BARE_CACHE="${BARE_CACHE:-0}" "$BARE_BIN" >"$TMP/bare.log" 2>&1 &
    BARE_PID=$!
    wait_http bare "http://127.0.0.1:$BARE_PORT${1:-/}"
}

# ---------------------------------------------------------------------------------------------
# Measure.
# ---------------------------------------------------------------------------------------------
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
warn_if_busy() {
    LOADAVG_START="$(cut -d' ' -f1-3 /proc/loadavg)"
    if awk -v l="${LOADAVG_START%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > 0.5 * n) }'; then
        warn "load average is $LOADAVG_START on $(nproc) CPUs before the run;" \
            "other work on this machine will skew the absolute numbers"
    fi
}

# The machine and version lines at the top of a report.
report_header() {
    local cpu
    cpu="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
    [[ -n "$cpu" ]] || cpu="$(uname -m)"
    cat <<EOF
date         $(date -u '+%Y-%m-%d %H:%M:%S UTC')
machine      nproc=$(nproc), CPU: $cpu
kernel       $(uname -srm)
load avg     $LOADAVG_START at start, $(cut -d' ' -f1-3 /proc/loadavg) at end
nginx        $("$NGINX_BIN" -v 2>&1 | sed 's/^nginx version: //')
wrk          $(wrk -v 2>&1 | head -n1 | awk '{print $1, $2}')
riskgate     $("$RISKGATE_BIN" --version 2>/dev/null || echo '?') ($RISKGATE_BIN), git $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo ' +uncommitted changes')
EOF
}

# Warms the proxies on path $1, then measures them alternately (riskgate, nginx[, bare],
# riskgate, ...) ROUNDS times. Appends each run to RAW_LINES and leaves the best run (by req/s) of
# each in BEST_RPS[name] and BEST_LINE[name]. $2, when set, is an extra column (the object
# size) in those lines and in the names of the raw wrk files.
RAW_LINES=()
declare -A BEST_RPS=() BEST_LINE=()
measure() {
    local path="$1" col="${2:-}" name round out res rps p50 p99 errs line cell=""
    [[ -z "$col" ]] || cell="$(printf '%7s ' "$col")"
    local -A port=([riskgate]="$RG_PORT" [nginx]="$NGINX_PORT" [bare]="$BARE_PORT")
    local names=(riskgate nginx)
    [[ "$BARE" != 1 ]] || names+=(bare)
    BEST_RPS=([riskgate]=0 [nginx]=0 [bare]=0)
    BEST_LINE=()
    for name in "${names[@]}"; do
        log "warm-up $name $path ($WARMUP)"
        wrk -t1 -c"$CONNS" -d"$WARMUP" "http://127.0.0.1:${port[$name]}$path" >"$TMP/warmup-$name${col:+-$col}.txt"
    done
    for round in $(seq "$ROUNDS"); do
        for name in "${names[@]}"; do
            out="$TMP/wrk-$name${col:+-$col}-$round.txt"
            log "run $round/$ROUNDS $name: $WRK_CMD http://127.0.0.1:${port[$name]}$path"
            $WRK_CMD "http://127.0.0.1:${port[$name]}$path" >"$out"
            res="$(parse_wrk "$out")"
            read -r rps p50 p99 errs <<<"$res"
            line="$(printf '%-9s %s%5s %12.2f %10.3f %10.3f %8s' "$name" "$cell" "$round" "$rps" "$p50" "$p99" "$errs")"
            RAW_LINES+=("$line")
            echo "$line" >&2
            if awk -v a="$rps" -v b="${BEST_RPS[$name]}" 'BEGIN { exit !(a > b) }'; then
                BEST_RPS[$name]="$rps"
                BEST_LINE[$name]="$(printf '%-9s %s%12.2f %10.3f %10.3f %8s' "$name" "$cell" "$rps" "$p50" "$p99" "$errs")"
            fi
        done
    done
    kill -0 "$RG_PID" 2>/dev/null || die "riskgate died during the run (log: $RG_DIR/riskgate.log)"
    [[ "$BARE" != 1 ]] || kill -0 "$BARE_PID" 2>/dev/null || die "bare pingora died during the run (log: $TMP/bare.log)"
}
