#!/usr/bin/env bash
# Smoke run of every gisement-bench scenario at a small size, so that the benchmarks keep working.
# Not a timed check: the figures at this size mean little. CI runs it after the tests.
#
#   scripts/bench-smoke.sh              # debug build (reuses CI's `swift build`), --size 2000
#   BENCH_SMOKE_SIZE=500 BENCH_SMOKE_CONFIG=release scripts/bench-smoke.sh
#   GISEMENT_BENCH_SCRATCH=.build-x scripts/bench-smoke.sh
#   BENCH_SMOKE_POSTGRES_SIZE=200 BENCH_SMOKE_SERVERS_SIZE=128 scripts/bench-smoke.sh   # the PostgreSQL runs
#
# Exits non-zero when a build or any scenario fails.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE="${BENCH_SMOKE_SIZE:-2000}"
CONFIG="${BENCH_SMOKE_CONFIG:-debug}"
FLAGS=(-c "$CONFIG")
if [ -n "${GISEMENT_BENCH_SCRATCH:-}" ]; then FLAGS+=(--scratch-path "$GISEMENT_BENCH_SCRATCH"); fi

# The process scenarios spawn gisement and gisement-server from the bench's own build folder.
for product in gisement gisement-server gisement-bench; do
    swift build "${FLAGS[@]}" --product "$product"
done
BIN="$(swift build "${FLAGS[@]}" --show-bin-path)"

# A bad argument must be a usage error (64), not a crash.
set +e
"$BIN/gisement-bench" --size nope >/dev/null 2>&1
status=$?
set -e
if [ "$status" -ne 64 ]; then
    echo "bench-smoke: 'gisement-bench --size nope' exited $status, expected 64" >&2
    exit 1
fi
set +e
"$BIN/gisement-bench" push --store nope >/dev/null 2>&1
status=$?
set -e
if [ "$status" -ne 64 ]; then
    echo "bench-smoke: 'gisement-bench push --store nope' exited $status, expected 64" >&2
    exit 1
fi

start=$(date +%s)
"$BIN/gisement-bench" --size "$SIZE"
echo "bench-smoke: every scenario ran at size $SIZE in $(( $(date +%s) - start )) s"

# PostgreSQL (a throwaway cluster the bench starts; scripts/install-deps.sh installs PostgreSQL):
# push and pull on both stores, and two servers on one database, at a tiny size.
start=$(date +%s)
"$BIN/gisement-bench" push pull --store postgres --size "${BENCH_SMOKE_POSTGRES_SIZE:-200}"
"$BIN/gisement-bench" servers --size "${BENCH_SMOKE_SERVERS_SIZE:-128}"
echo "bench-smoke: the PostgreSQL scenarios ran in $(( $(date +%s) - start )) s"
