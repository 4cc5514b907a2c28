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
#   BARE       1 = also measure benches/bare_pingora.rs with BARE_CACHE=1: pingora's cache
#              machinery and its own MemCache storage with nothing of riskgate's on top
#   BARE_PROFILE, BARE_BIN   as in load.sh
set -euo pipefail
BENCH=cache_load.sh
BARE_SUPPORTED=1
BARE_CACHE=1
TMP_PREFIX=riskgate-cache-load
# shellcheck source=benches/bench_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"

SIZES="${SIZES:-1024 65536}"
for size in $SIZES; do
    [[ "$size" =~ ^[1-9][0-9]*$ ]] || die "SIZES must hold positive integers (got '$size')"
done

# ---------------------------------------------------------------------------------------------
# Configs.
# ---------------------------------------------------------------------------------------------
for size in $SIZES; do
    head -c "$size" /dev/zero | tr '\0' 'x' >"$ORIGIN_DIR/html/$size"
    chmod 644 "$ORIGIN_DIR/html/$size"
done

# Origin (see nginx_origin_config): one static file per size, cacheable for an hour.
nginx_origin_config "$ORIGIN_DIR" "$ORIGIN_PORT" '        location /obj/ {
            add_header Cache-Control "public, max-age=3600";
            rewrite ^/obj/([0-9]+)$ /$1 break;
        }' >"$ORIGIN_DIR/nginx.conf"

# nginx as a caching reverse proxy (see nginx_proxy_config): proxy_cache in files
# (Debian's usual set-up), cache lock on.
nginx_proxy_config "$NGINX_DIR" \
    "    proxy_cache_path $NGINX_DIR/cache levels=1:2 keys_zone=edge:10m max_size=256m inactive=60m use_temp_path=off;" \
    '            proxy_cache edge;
            proxy_cache_lock on;
            proxy_cache_key $scheme$host$request_uri;
            add_header X-Cache $upstream_cache_status;' >"$NGINX_DIR/nginx.conf"

cat >"$RG_DIR/riskgate.toml" <<EOF
$(riskgate_base_config)

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
FIRST_SIZE="${SIZES%% *}"
log "starting origin nginx on 127.0.0.1:$ORIGIN_PORT (objects: $SIZES bytes)"
start_nginx "$ORIGIN_DIR" origin
wait_http origin "http://127.0.0.1:$ORIGIN_PORT/obj/$FIRST_SIZE"

log "starting nginx proxy on 127.0.0.1:$NGINX_PORT (worker_processes $WORKERS)"
start_nginx "$NGINX_DIR" nginx-proxy
wait_http nginx-proxy "http://127.0.0.1:$NGINX_PORT/obj/$FIRST_SIZE"

start_riskgate "/obj/$FIRST_SIZE"
start_bare "/obj/$FIRST_SIZE"
# Fill the caches, then insist that the next GET of every object is a hit in each.
for size in $SIZES; do
    for port in $(proxy_ports); do
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
warn_if_busy

BEST_LINES=()
RATIOS=()
for size in $SIZES; do
    measure "/obj/$size" "$size"
    BEST_LINES+=("${BEST_LINE[riskgate]}" "${BEST_LINE[nginx]}")
    RATIOS+=("$(awk -v s="$size" -v a="${BEST_RPS[riskgate]}" -v b="${BEST_RPS[nginx]}" 'BEGIN { printf "%7s B: %.2f", s, (b > 0 ? a / b : 0) }')")
    if [[ "$BARE" == 1 ]]; then
        BEST_LINES+=("${BEST_LINE[bare]}")
        RATIOS+=("$(awk -v s="$size" -v a="${BEST_RPS[bare]}" -v b="${BEST_RPS[nginx]}" -v r="${BEST_RPS[riskgate]}" 'BEGIN { printf "%7s B: bare pingora/nginx %.2f, riskgate/bare pingora %.2f", s, (b > 0 ? a / b : 0), (a > 0 ? r / a : 0) }')")
    fi
done

RG_RSS_KB="$(awk '/^VmRSS:/ {print $2}' "/proc/$RG_PID/status" 2>/dev/null || echo '?')"
RG_HITS="$(curl -sf --noproxy '*' -H "Authorization: Bearer $RISKGATE_ADMIN_TOKEN" \
    "http://127.0.0.1:$RG_ADMIN_PORT/metrics" | awk '/^riskgate_cache_lookups_total/ {printf "%s ", $0}')"

# ---------------------------------------------------------------------------------------------
# Report (stdout).
# ---------------------------------------------------------------------------------------------
cat <<EOF

riskgate edge cache vs nginx proxy_cache — cached GETs, HTTP/1.1 keep-alive, loopback
--------------------------------------------------------------------------------------
$(report_header)
script       WORKERS=$WORKERS CONNS=$CONNS DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS SIZES="$SIZES" bash benches/cache_load.sh
wrk command  $WRK_CMD http://127.0.0.1:<proxy-port>/obj/<size>
setup        origin = nginx, worker_processes 1, Cache-Control: public, max-age=3600;
             nginx proxy worker_processes=$WORKERS, proxy_cache (files), proxy_cache_lock on;
             riskgate server.threads=$WORKERS, kind = "static", access_log=false, level=warn
             (RSS after run: ${RG_RSS_KB} kB)$([[ "$BARE" != 1 ]] || printf '\n             bare = benches/bare_pingora.rs BARE_CACHE=1 (%s), threads=%s' "$BARE_BIN" "$WORKERS")
lookups      ${RG_HITS}

raw runs (order per size: riskgate, nginx$([[ "$BARE" != 1 ]] || echo ', bare'), riskgate, ...)
proxy        size round        req/s     p50 ms     p99 ms   errors
EOF
printf '%s\n' "${RAW_LINES[@]}"
cat <<EOF

best of $ROUNDS (by req/s)
proxy        size        req/s     p50 ms     p99 ms   errors
EOF
printf '%s\n' "${BEST_LINES[@]}"
echo
echo "ratio riskgate/nginx req/s$([[ "$BARE" != 1 ]] || echo ' (and the bare pingora floor)'):"
printf '  %s\n' "${RATIOS[@]}"
