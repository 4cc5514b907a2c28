#!/usr/bin/env bash
# benches/pgo.sh — builds a profile-guided riskgate (fat LTO + PGO) at target/pgo/dist/riskgate.
#
#   bash benches/pgo.sh                  # ~20 min on 2 cores: two dist builds and a training run
#   TRAIN_SECONDS=5 bash benches/pgo.sh  # length of each training load (default 5)
#
# Steps:
#   1. `cargo build --profile dist` with `-Cprofile-generate` (target/pgo-gen/);
#   2. trains it on loopback with the repo's own load scripts: plain proxying
#      (benches/load.sh), cached static GETs (benches/cache_load.sh) and scored orders next
#      to passthrough POSTs (benches/order_load.sh); each run stops riskgate with SIGINT,
#      which writes its profile;
#   3. merges the profiles with llvm-profdata of the LLVM major version rustc uses;
#   4. `cargo build --profile dist` with `-Cprofile-use` (target/pgo/).
#
# Needs wrk and nginx (as the load scripts do) and llvm-profdata matching rustc's LLVM
# (`rustc -vV` → "LLVM version: 22.x": Debian `apt-get install llvm-22`). Nothing leaves
# loopback. Measure the result with SKIP_BUILD=1 RISKGATE_BIN=target/pgo/dist/riskgate and
# any of the load scripts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TRAIN_SECONDS="${TRAIN_SECONDS:-5}"
[[ "$TRAIN_SECONDS" =~ ^[1-9][0-9]*$ ]] || { echo "pgo.sh: TRAIN_SECONDS must be a positive integer" >&2; exit 1; }

major="$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')"
[[ -n "$major" ]] || { echo "pgo.sh: cannot read the LLVM version from 'rustc -vV'" >&2; exit 1; }
profdata=""
for c in "llvm-profdata-$major" "/usr/lib/llvm-$major/bin/llvm-profdata"; do
    if command -v "$c" >/dev/null 2>&1; then profdata="$c"; break; fi
done
if [[ -z "$profdata" ]]; then
    echo "pgo.sh: llvm-profdata for LLVM $major (rustc's) not found; install it, e.g. apt-get install llvm-$major" >&2
    exit 1
fi

data="$PWD/target/pgo-data"
rm -rf "$data"
mkdir -p "$data"

echo "pgo.sh: 1/4 instrumented build (target/pgo-gen)"
RUSTFLAGS="-Cprofile-generate=$data" cargo build --quiet --profile dist --target-dir target/pgo-gen
gen="$PWD/target/pgo-gen/dist/riskgate"
# Build scripts and proc macros are instrumented too and wrote profiles while building.
rm -f "$data"/*.profraw

train_log="$data/train.log"
echo "pgo.sh: 2/4 training on loopback (${TRAIN_SECONDS}s per load; output in $train_log)"
d="${TRAIN_SECONDS}s"
{
    SKIP_BUILD=1 RISKGATE_BIN="$gen" DURATION="$d" WARMUP=1s ROUNDS=1 bash benches/load.sh
    SKIP_BUILD=1 RISKGATE_BIN="$gen" DURATION="$d" WARMUP=1s ROUNDS=1 bash benches/cache_load.sh
    SKIP_BUILD=1 RISKGATE_BIN="$gen" DURATION="$d" AB_SECONDS="$TRAIN_SECONDS" bash benches/order_load.sh
} >"$train_log" 2>&1 || { echo "pgo.sh: a training run failed; see $train_log" >&2; exit 1; }
# The scripts stop riskgate with SIGINT and do not wait: give the last one time to write.
for _ in $(seq 100); do
    pgrep -f "$gen" >/dev/null || break
    sleep 0.1
done
ls "$data"/*.profraw >/dev/null 2>&1 || { echo "pgo.sh: no profiles were written to $data" >&2; exit 1; }

echo "pgo.sh: 3/4 merging $(ls "$data"/*.profraw | wc -l) profiles"
"$profdata" merge -o "$data/merged.profdata" "$data"/*.profraw

echo "pgo.sh: 4/4 optimised build (target/pgo)"
RUSTFLAGS="-Cprofile-use=$data/merged.profdata" cargo build --quiet --profile dist --target-dir target/pgo
echo "pgo.sh: built target/pgo/dist/riskgate"
