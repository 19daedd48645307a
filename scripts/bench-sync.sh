#!/usr/bin/env bash
# Benchmark of `gisement sync` (release build): a full push of N collections (10 field changes
# each) from one replica to a fresh server, a full pull into a fresh replica, and a sync with
# nothing to do; repeated for several batch sizes. A benchmark, not a test.
#
#   bash scripts/bench-sync.sh [COLLECTIONS] [BATCH SIZES...]
#   bash scripts/bench-sync.sh 100000 250 1000 2000 5000
#   GISEMENT_BENCH_SCRATCH=.build-x bash scripts/bench-sync.sh 10000 1000
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT="${1:-100000}"
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000)
FLAGS=(-c release)
if [ -n "${GISEMENT_BENCH_SCRATCH:-}" ]; then FLAGS+=(--scratch-path "$GISEMENT_BENCH_SCRATCH"); fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gisement-bench-sync.XXXXXX")"
SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap 'stop_server; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

for product in gisement gisement-server; do
    swift build "${FLAGS[@]}" --product "$product" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
done
BIN="$(swift build "${FLAGS[@]}" --show-bin-path)"
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
g() { local db="$1"; shift; GISEMENT_DB="$db" "$BIN/gisement" "$@"; }

# start_server NAME: a fresh server database; sets URL and TOKEN.
start_server() {
    local db="$WORK/$1.server.sqlite"
    TOKEN="$("$BIN/gisement-server" token add bench --role agent --db "$db" 2>/dev/null)"
    "$BIN/gisement-server" serve --port 0 --db "$db" >"$WORK/$1.server.out" 2>"$WORK/$1.server.log" &
    SERVER_PID=$!
    for _ in $(seq 1 400); do [ -s "$WORK/$1.server.out" ] && break; sleep 0.05; done
    URL="$(head -n 1 "$WORK/$1.server.out" | sed 's/^listening on //')"
}

echo "Populating a replica with $COUNT collections..."
TEMPLATE="$WORK/template.sqlite"
g "$TEMPLATE" init --agent Bench >/dev/null
DISTRICT="$(g "$TEMPLATE" district add Nord --population 50000)"
TEST="$(g "$TEMPLATE" test create "Nord spring" --district "$DISTRICT")"
awk -v n="$COUNT" -v t="$TEST" 'BEGIN {
    print "test,category,collected_at,item,items,weight_kg,source,condition,outcome"
    split("electrical textiles furniture books-media leisure tools other", c, " ")
    for (i = 0; i < n; i++)
        printf "%s,%s,2026-03-%02dT%02d:%02d:00Z,item %d,%d,%.1f,door-to-door,reusable,pending\n",
            t, c[i % 7 + 1], i % 28 + 1, i % 24, i % 60, i, i % 5 + 1, (i % 97) / 10 + 0.1
}' >"$WORK/big.csv"
start=$(now)
g "$TEMPLATE" import collection "$WORK/big.csv" >/dev/null
end=$(now)
CHANGES="$(g "$TEMPLATE" status --json | sed -n 's/.*"pending":\([0-9]*\).*/\1/p')"
echo "import: $CHANGES changes in $(elapsed "$start" "$end") s"
echo
printf '%-7s %12s %10s %12s %10s %10s %12s\n' batch changes "push s" "push ch/s" "pull s" "pull ch/s" "no-op s"
for size in "${SIZES[@]}"; do
    start_server "b$size"
    cp "$TEMPLATE" "$WORK/a$size.sqlite"
    page=$(( size > 10000 ? 10000 : size ))
    start=$(now)
    g "$WORK/a$size.sqlite" sync --server "$URL" --token "$TOKEN" --batch-size "$size" --page-size "$page" >/dev/null
    mid=$(now)
    g "$WORK/f$size.sqlite" init --server "$URL" --token "$TOKEN" >/dev/null
    pull_start=$(now)
    g "$WORK/f$size.sqlite" sync --batch-size "$size" --page-size "$page" >/dev/null
    pull_end=$(now)
    g "$WORK/a$size.sqlite" sync --page-size "$page" >/dev/null
    noop_end=$(now)
    push_s=$(elapsed "$start" "$mid")
    pull_s=$(elapsed "$pull_start" "$pull_end")
    printf '%-7s %12s %10s %12s %10s %10s %12s\n' "$size" "$CHANGES" "$push_s" "$(rate "$CHANGES" "$push_s")" \
        "$pull_s" "$(rate "$CHANGES" "$pull_s")" "$(elapsed "$pull_end" "$noop_end")"
    stop_server
    rm -f "$WORK/a$size.sqlite"* "$WORK/f$size.sqlite"* "$WORK/b$size.server.sqlite"*
done
