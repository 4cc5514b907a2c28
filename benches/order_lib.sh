# benches/order_lib.sh — shared by order_load.sh and fleet_ab.sh (sourced, not run): the
# origin nginx, the common head of riskgate's order-scoring config and its start-up.
#
# Sourcing moves to the repository root, creates $tmp (removed on exit, with the origin and
# riskgate stopped; a script that starts more sets CLEANUP_EXTRA to a command to run
# first), starts the origin nginx on $ORIGIN (201 `{"order":"ok"}` for everything) and
# sets BIN (RISKGATE_BIN or the release binary). Tools the script needs beyond nginx are
# checked by the script.

cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx" >&2; exit 1; }
BIN="${RISKGATE_BIN:-target/release/riskgate}"
tmp="$(mktemp -d)"
root="$PWD"
TOKEN="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
cleanup() {
  [ -n "${RG_PID:-}" ] && kill -INT "$RG_PID" 2>/dev/null || true
  [ -z "${CLEANUP_EXTRA:-}" ] || eval "$CLEANUP_EXTRA"
  nginx -c "$tmp/origin.conf" -s stop 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
ORIGIN=$(port)
cat > "$tmp/origin.conf" <<NGINX
worker_processes 1;
pid $tmp/origin.pid;
error_log $tmp/origin.err;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:$ORIGIN; location / { return 201 '{"order":"ok"}'; } } }
NGINX
nginx -c "$tmp/origin.conf"

# The config up to the routes, listening on $PROXY and $ADMIN: one worker, loopback trusted
# as a CDN hop, no access log, the shipped geo files and model. Thresholds at 1.0: every
# order is scored, logged and forwarded, so every route does the same upstream work (block
# answers would be cheaper than forwarding and flatter the result). $1: lines after
# `[risk]` (a `[state]` section, say). Ends with the upstream `origin`.
order_config_head() {
  cat <<TOML
[server]
listen = ["127.0.0.1:$PROXY"]
threads = 1
trusted_proxies = ["127.0.0.0/8"]
[admin]
listen = "127.0.0.1:$ADMIN"
[log]
level = "warn"
access_log = false
[geo]
country_db = "$root/geoip/country.mmdb"
asn_db = "$root/geoip/asn.mmdb"
hosting_asns = "$root/geoip/hosting_asns.txt"
[risk]
model = "$root/models/risk.onnx"
schema = "$root/models/schema.json"
disposable_domains = "$root/models/disposable_domains.txt"
review_at = 1.0
block_at = 1.0
sessions = 1
${1:-}
[upstreams.origin]
servers = ["127.0.0.1:$ORIGIN"]
TOML
}

# An order route named $1 on prefix $2 (JSON amount, currency, quantity, user, email;
# amount and user required); $3: extra lines of the route (limits).
order_route() {
  cat <<TOML
[[routes]]
name = "$1"
kind = "order"
upstream = "origin"
prefix = "$2"
${3:-}
[routes.order]
amount = "/amount"
currency = "/currency"
quantity = "/quantity"
user = "/user"
email = "/email"
required = ["amount", "user"]
TOML
}

# Starts $BIN on $tmp/riskgate.toml (RG_PID) and waits up to 10 s for its /readyz.
start_riskgate() {
  RISKGATE_ADMIN_TOKEN="$TOKEN" env -u RUST_LOG "$BIN" run --config "$tmp/riskgate.toml" 2>"$tmp/riskgate.log" &
  RG_PID=$!
  for _ in $(seq 1 200); do
    curl -sf --noproxy '*' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$ADMIN/readyz" >/dev/null && break
    sleep 0.05
  done
}
