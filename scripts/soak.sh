#!/usr/bin/env bash
# Soak test: the release server under wrk on loopback for minutes, its RSS sampled every 2 s.
#
#   scripts/soak.sh [seconds]     default 300: a warm-up of 20 s of health and 60 s of the mix (SQLite's
#                                 page caches and the allocator fill up in the first minute of pushes),
#                                 then the rest of the time split between GET /v1/health and a push/pull
#                                 mix (scripts/soak-mix.lua, 1 push of 10 new records in 4 requests)
#
# Passes when wrk saw no socket error and no non-2xx answer, the server logged no warning or error,
# and RSS grew less than 10% from the end of the warm-up to the end. Prints req/s per phase and
# RSS start/end; the samples are left in $SOAK_DIR/rss.csv. Needs wrk (apt-get install -y wrk).
# Environment: SOAK_CONNECTIONS (default 32), SOAK_THREADS (2), HARD_REL_SCRATCH (.build-hard-rel).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
connections=${SOAK_CONNECTIONS:-32}
threads=${SOAK_THREADS:-2}
scratch=${HARD_REL_SCRATCH:-.build-hard-rel}
command -v wrk >/dev/null || { echo "soak: wrk is missing (apt-get install -y wrk)" >&2; exit 2; }

swift build -c release --scratch-path "$scratch" --product gisement-server >/dev/null
server="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/gisement-server"
export SOAK_DIR=${SOAK_DIR:-$(mktemp -d /tmp/gisement-soak.XXXXXX)}
db="$SOAK_DIR/server.sqlite"
SOAK_TOKEN=$("$server" token add soak --role agent --db "$db" 2>/dev/null | head -n 1)
export SOAK_TOKEN

LOG_LEVEL=warning "$server" serve --port 0 --db "$db" >"$SOAK_DIR/serve.out" 2>"$SOAK_DIR/serve.err" &
pid=$!
sampler=""
cleanup() {
    [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do grep -q "^listening on " "$SOAK_DIR/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$SOAK_DIR/serve.out" | head -n 1)
[ -n "$url" ] || { echo "soak: the server did not start" >&2; cat "$SOAK_DIR/serve.err" >&2; exit 1; }

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$pid/status"; }
( start=$(date +%s); while kill -0 "$pid" 2>/dev/null; do
      echo "$(( $(date +%s) - start )),$(rss)"; sleep 2; done ) >"$SOAK_DIR/rss.csv" &
sampler=$!

run() {  # name, duration, wrk arguments...
    local name=$1 duration=$2
    shift 2
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$@" >"$SOAK_DIR/$name.txt"
    local rps errors non2xx p99
    rps=$(awk '/^Requests\/sec/ { print $2 }' "$SOAK_DIR/$name.txt")
    errors=$(awk '/Socket errors/ { print }' "$SOAK_DIR/$name.txt")
    non2xx=$(awk '/Non-2xx/ { print $NF }' "$SOAK_DIR/$name.txt")
    p99=$(awk '$1 == "99%" { print $2 }' "$SOAK_DIR/$name.txt")
    echo "soak: $name ${duration}s: ${rps} req/s, p99 ${p99}, non-2xx ${non2xx:-0}, ${errors:-no socket errors}"
    [ -z "$errors" ] && [ -z "$non2xx" ]
}

status=0
run warmup 20 "$url/v1/health" || status=1
run warmup-mix 60 -s scripts/soak-mix.lua "$url" || status=1
start_rss=$(rss)
half=$(( (seconds - 80) / 2 ))
run health "$half" "$url/v1/health" || status=1
run mix "$half" -s scripts/soak-mix.lua "$url" || status=1
end_rss=$(rss)
growth=$(awk -v a="$start_rss" -v b="$end_rss" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
max_rss=$(cut -d, -f2 "$SOAK_DIR/rss.csv" | sort -n | tail -n 1)
echo "soak: RSS after warm-up ${start_rss} KiB, at the end ${end_rss} KiB (${growth}%), peak ${max_rss} KiB"
echo "soak: database $(du -k "$db" | cut -f1) KiB + WAL $(du -k "$db-wal" 2>/dev/null | cut -f1 || echo 0) KiB; samples in $SOAK_DIR/rss.csv"
awk -v g="$growth" 'BEGIN { exit !(g < 10) }' || { echo "soak: RSS grew by ${growth}%" >&2; status=1; }
# The first-run hint (no admin token yet) is advice, not a problem: every other line is.
if grep -v "^No admin token yet" "$SOAK_DIR/serve.err" | grep -q .; then
    echo "soak: the server logged warnings or errors:" >&2
    grep -v "^No admin token yet" "$SOAK_DIR/serve.err" | head -n 5 >&2
    status=1
fi
exit $status
