#!/usr/bin/env bash
# Benchmarks of the field client (`gisement`) on a replica holding 100,000 collections.
#
#   scripts/bench-client.sh            # builds in release into .build-client-rel, then measures
#   GISEMENT_BIN=/path/to/gisement scripts/bench-client.sh
#   COLLECTIONS=20000 scripts/bench-client.sh
#
# Measures: importing the collections from CSV (rows per second, median of IMPORT_RUNS fresh
# imports, default 3), `gisement log` with the
# collections already there (hyperfine when installed, else a loop), `gisement list --test` and
# `gisement report --test`,
# and the cost of synchronous=FULL (the same `log` run under eatmydata, which turns fsync into
# a no-op, when installed). Figures are wall-clock on this machine; nothing here is a test.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${COLLECTIONS:-100000}
if [[ -z "${GISEMENT_BIN:-}" ]]; then
    swift build -c release --scratch-path .build-client-rel --product gisement >/dev/null
    GISEMENT_BIN=$PWD/.build-client-rel/release/gisement
fi
G=$GISEMENT_BIN
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export GISEMENT_DB=$WORK/replica.sqlite TZ=UTC

# A fresh replica holding one district and one test; prints the test id.
fresh_replica() {
    rm -f "$GISEMENT_DB" "$GISEMENT_DB-wal" "$GISEMENT_DB-shm"
    $G init --agent bench >/dev/null
    $G district add Bellevue --population 12400 >/dev/null
    $G test create "Bellevue spring" --district Bellevue --target-kg 800
}

python3 - "$WORK/collections.csv" "Bellevue spring" "$N" <<'PY'
import sys
path, test, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
cats = ["electrical", "textiles", "furniture", "books-media", "leisure", "tools"]
srcs = ["door-to-door", "drop-off-point", "partner-site", "event", "waste-center"]
with open(path, "w") as f:
    f.write("test,category,item,items,weight_kg,source,condition,collected_at\n")
    for i in range(n):
        f.write(f"{test},{cats[i % 6]},item {i},{1 + i % 3},{(i % 50) / 4},{srcs[i % 5]},reusable,"
                f"2026-03-{10 + i % 18:02d}T{8 + i % 10:02d}:{i % 60:02d}:00Z\n")
PY

# The import, IMPORT_RUNS times (default 3) into a fresh replica each time; the last one is kept.
now() { date +%s.%N; }
times=()
for _ in $(seq "${IMPORT_RUNS:-3}"); do
    TEST=$(fresh_replica)
    start=$(now)
    $G import collections "$WORK/collections.csv" >/dev/null
    end=$(now)
    times+=("$(python3 -c "print($end - $start)")")
done
python3 - "$N" "${times[@]}" <<'PY'
import statistics, sys
n, times = int(sys.argv[1]), [float(t) for t in sys.argv[2:]]
runs = ", ".join(f"{t:.2f} s" for t in times)
median = statistics.median(times)
print(f"import {n} collections from CSV: median {median:.2f} s = {n / median:,.0f} collections/s (runs: {runs})")
PY
echo "replica size: $(du -h "$GISEMENT_DB" | cut -f1) (+ WAL $(du -h "$GISEMENT_DB-wal" 2>/dev/null | cut -f1 || echo 0))"

LOG=("$G" log --test "$TEST" --category electrical --item phone --kg 0.2 --source door-to-door)
if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 3 --runs 40 "${LOG[*]}" "$G list collections --test $TEST" \
        "$G report --test $TEST --format json" --export-markdown "$WORK/h.md" \
        2>/dev/null | grep -E "Benchmark|Time" || true
    if command -v eatmydata >/dev/null; then
        echo "same log without fsync (eatmydata), to see what synchronous=FULL costs:"
        hyperfine -N --warmup 3 --runs 40 "eatmydata ${LOG[*]}" 2>/dev/null | grep -E "Time" || true
    fi
else
    start=$(now)
    for _ in $(seq 20); do "${LOG[@]}" >/dev/null; done
    end=$(now)
    python3 -c "print(f'log: {($end-$start)/20*1000:.1f} ms per run')"
    start=$(now)
    $G list collections --test "$TEST" >/dev/null
    end=$(now)
    python3 -c "print(f'list --test: {($end-$start)*1000:.0f} ms')"
    start=$(now)
    $G report --test "$TEST" --format json >/dev/null
    end=$(now)
    python3 -c "print(f'report --test: {($end-$start)*1000:.0f} ms')"
fi
echo "list --test output: $($G list collections --test "$TEST" | wc -l) lines"
