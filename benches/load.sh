#!/usr/bin/env bash
# benches/load.sh — riskgate vs nginx as plain HTTP/1.1 reverse proxies, measured with wrk.
#
#   bash benches/load.sh                      # defaults: 1 worker each, 64 conns, 10 s runs
#   DURATION=5s CONNS=256 bash benches/load.sh
#   SKIP_BUILD=1 WORKERS=2 BODY_SIZE=16384 bash benches/load.sh
#   BARE=1 BARE_PROFILE=dist bash benches/load.sh   # also measure a bare pingora proxy
#
# Topology (everything on loopback, ports picked at run time):
#
#   wrk ──► riskgate (server.threads = WORKERS) ──┐
#                                                 ├──► origin nginx (worker_processes 1, static body)
#   wrk ──► nginx proxy (worker_processes = WORKERS) ┘
#
# The origin is a separate nginx instance with a single worker that serves one fixed file of
# BODY_SIZE bytes for every URI. It is the same process for both proxies, it is fast enough
# not to be the bottleneck of a 1-worker proxy, and it is neutral: neither contestant is
# measured against its own code. A static file is used (rather than `return 200 "..."`)
# because nginx refuses config tokens longer than ~4 KiB, and BODY_SIZE may be larger.
#
# Only the proxies alternate; each is warmed for WARMUP, then measured ROUNDS times in the
# order riskgate, nginx, riskgate, nginx ... and the best run (highest req/s) of each is
# reported along with every raw run.
#
# Environment:
#   WORKERS    riskgate server.threads and nginx-proxy worker_processes   (default 1)
#   CONNS      wrk connections                                            (default 64)
#   DURATION   wrk duration per measured run                              (default 10s)
#   WARMUP     wrk duration of the unmeasured warm-up per proxy           (default 2s)
#   ROUNDS     measured runs per proxy                                    (default 2)
#   BODY_SIZE  origin response body in bytes                              (default 1024)
#   SKIP_BUILD 1 = do not run `cargo build --release`, use the existing binary
#   RISKGATE_BIN  path of the binary                         (default target/release/riskgate)
#   BARE       1 = also measure benches/bare_pingora.rs, pingora 0.9.1 with nothing of
#              riskgate's on top (same allocator, runtime flavour and upstream timeouts): it
#              splits the riskgate/nginx gap into pingora's own cost and riskgate's
#   BARE_PROFILE  cargo profile bare_pingora is built with   (default release; dist = fat LTO)
#   BARE_BIN   an already built bare_pingora binary (skips its build)
#   KEEP_TMP   1 = keep the temp dir (configs, logs, raw wrk output) after exit
set -euo pipefail
BENCH=load.sh
BARE_SUPPORTED=1
TMP_PREFIX=riskgate-load
# shellcheck source=benches/bench_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"

BODY_SIZE="${BODY_SIZE:-1024}"
[[ "$BODY_SIZE" =~ ^[1-9][0-9]*$ ]] || die "BODY_SIZE must be a positive integer (got '$BODY_SIZE')"

# ---------------------------------------------------------------------------------------------
# Configs.
# ---------------------------------------------------------------------------------------------
head -c "$BODY_SIZE" /dev/zero | tr '\0' 'x' >"$ORIGIN_DIR/html/body.txt"
chmod 644 "$ORIGIN_DIR/html/body.txt"

# Origin (see nginx_origin_config): one static file for every URI.
nginx_origin_config "$ORIGIN_DIR" "$ORIGIN_PORT" \
    '        location / { try_files /body.txt =404; }' >"$ORIGIN_DIR/nginx.conf"

# nginx as a plain reverse proxy (see nginx_proxy_config).
nginx_proxy_config "$NGINX_DIR" "" "" >"$NGINX_DIR/nginx.conf"

cat >"$RG_DIR/riskgate.toml" <<EOF
$(riskgate_base_config)

[[routes]]
name = "all"
kind = "pass"
upstream = "origin"
prefix = "/"
EOF

# ---------------------------------------------------------------------------------------------
# Start everything.
# ---------------------------------------------------------------------------------------------
log "starting origin nginx on 127.0.0.1:$ORIGIN_PORT (body ${BODY_SIZE} B)"
start_nginx "$ORIGIN_DIR" origin
wait_http origin "http://127.0.0.1:$ORIGIN_PORT/"
got="$(curl -sf --noproxy '*' "http://127.0.0.1:$ORIGIN_PORT/" | wc -c)"
[[ "$got" -eq "$BODY_SIZE" ]] || die "origin returned $got bytes, expected $BODY_SIZE"

log "starting nginx proxy on 127.0.0.1:$NGINX_PORT (worker_processes $WORKERS)"
start_nginx "$NGINX_DIR" nginx-proxy
wait_http nginx-proxy "http://127.0.0.1:$NGINX_PORT/"

start_riskgate /
start_bare
for port in $(proxy_ports); do
    got="$(curl -sf --noproxy '*' "http://127.0.0.1:$port/" | wc -c)"
    [[ "$got" -eq "$BODY_SIZE" ]] || die "proxy on port $port returned $got bytes, expected $BODY_SIZE"
done

# ---------------------------------------------------------------------------------------------
# Measure.
# ---------------------------------------------------------------------------------------------
warn_if_busy

measure /
RG_RSS_KB="$(awk '/^VmRSS:/ {print $2}' "/proc/$RG_PID/status" 2>/dev/null || echo '?')"

# ---------------------------------------------------------------------------------------------
# Report (stdout).
# ---------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
RATIO="$(ratio "${BEST_RPS[riskgate]}" "${BEST_RPS[nginx]}")"
BARE_SETUP="" BARE_BEST="" BARE_RATIOS=""
if [[ "$BARE" == 1 ]]; then
    BARE_SETUP="
             bare = benches/bare_pingora.rs ($BARE_BIN), threads=$WORKERS"
    BARE_BEST="
${BEST_LINE[bare]}"
    BARE_RATIOS="
ratio bare pingora/nginx req/s: $(ratio "${BEST_RPS[bare]}" "${BEST_RPS[nginx]}")
ratio riskgate/bare pingora req/s: $(ratio "${BEST_RPS[riskgate]}" "${BEST_RPS[bare]}")"
fi

cat <<EOF

riskgate vs nginx — plain reverse proxy, HTTP/1.1 keep-alive, loopback
------------------------------------------------------------------------
$(report_header)
script       WORKERS=$WORKERS CONNS=$CONNS DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS BODY_SIZE=$BODY_SIZE bash benches/load.sh
wrk command  $WRK_CMD http://127.0.0.1:<proxy-port>/
setup        origin = nginx, worker_processes 1, static ${BODY_SIZE}-byte body;
             nginx proxy worker_processes=$WORKERS, upstream keepalive 64;
             riskgate server.threads=$WORKERS, access_log=false, level=warn (RSS after run: ${RG_RSS_KB} kB)$BARE_SETUP

raw runs (order: riskgate, nginx$([[ "$BARE" != 1 ]] || echo ', bare'), riskgate, ...)
proxy     round        req/s     p50 ms     p99 ms   errors
EOF
printf '%s\n' "${RAW_LINES[@]}"
cat <<EOF

best of $ROUNDS (by req/s)
proxy            req/s     p50 ms     p99 ms   errors
${BEST_LINE[riskgate]}
${BEST_LINE[nginx]}$BARE_BEST

ratio riskgate/nginx req/s: $RATIO$BARE_RATIOS
EOF
