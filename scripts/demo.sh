#!/usr/bin/env bash
# The whole story of Gisement in one command: build, start a server on a free port, two field
# agents working offline, a concurrent edit of the same field, sync, the conflict in the agent's
# summary and in the server's merge log, the test's indicators; then clean up, even on failure.
#
#   bash scripts/demo.sh                        # debug build (faster to build from scratch)
#   GISEMENT_DEMO_CONFIG=release bash scripts/demo.sh
#   GISEMENT_DEMO_SCRATCH=.build-x bash scripts/demo.sh   # another build folder
set -euo pipefail
cd "$(dirname "$0")/.."

CONFIG="${GISEMENT_DEMO_CONFIG:-debug}"
BUILD_FLAGS=(-c "$CONFIG")
if [ -n "${GISEMENT_DEMO_SCRATCH:-}" ]; then BUILD_FLAGS+=(--scratch-path "$GISEMENT_DEMO_SCRATCH"); fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gisement-demo.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bold() { if [ -t 1 ]; then printf '\n\033[1m== %s\033[0m\n' "$*"; else printf '\n== %s\n' "$*"; fi; }

bold "Building gisement and gisement-server ($CONFIG)"
scripts/install-deps.sh
for product in gisement gisement-server; do
    if ! swift build "${BUILD_FLAGS[@]}" --product "$product" >"$WORK/build.log" 2>&1; then
        cat "$WORK/build.log" >&2
        exit 1
    fi
    tail -n 1 "$WORK/build.log"
done
BIN="$(swift build "${BUILD_FLAGS[@]}" --show-bin-path)"

srv() { "$BIN/gisement-server" "$@" --db "$WORK/server.sqlite"; }
# agent NAME ARGS...: runs gisement on NAME's replica, showing the command line first.
agent() {
    local name="$1"; shift
    # Quoted the way a shell would need it, so each line can be pasted as it is.
    printf '%s$ gisement' "$name" >&2
    printf ' %q' "$@" >&2
    printf '\n' >&2
    GISEMENT_DB="$WORK/$name.sqlite" "$BIN/gisement" "$@"
}

bold "A server on a free port, with tokens for an admin and two agents"
ADMIN_TOKEN="$(srv token add admin --role admin 2>/dev/null)"
AWA_TOKEN="$(srv token add awa --role agent 2>/dev/null)"
BEN_TOKEN="$(srv token add ben --role agent 2>/dev/null)"
"$BIN/gisement-server" serve --port 0 --db "$WORK/server.sqlite" >"$WORK/server.out" 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 1 200); do
    [ -s "$WORK/server.out" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.05
done
URL="$(head -n 1 "$WORK/server.out" | sed 's/^listening on //')"
[ -n "$URL" ] || { echo "the server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }
echo "server: $URL (tokens: admin, awa, ben)"

bold "Two agents set up their replicas"
agent awa init --agent "Awa" --server "$URL" --token "$AWA_TOKEN"
agent ben init --agent "Ben" --server "$URL" --token "$BEN_TOKEN"

bold "Awa sets up the district, a partner and the collection test, then syncs"
agent awa district add "Bellevue" --commune "Villeurbanne" --population 12400 --habitat dense-urban
agent awa partner add "Repair Café Bellevue" --kind association
agent awa test create "Bellevue spring" --district Bellevue --starts 2026-03-01 --ends 2026-05-31 \
    --target-kg 200 --target-items 40 --target-reuse-rate 0.5
agent awa test add-partner "Bellevue spring" "Repair Café Bellevue" --role repairer
agent awa sync
agent ben sync

bold "Offline, both log collections"
BIKE="$(agent awa log --test "Bellevue spring" --category leisure --item bike --kg 11 --source door-to-door --condition repairable --at 2026-03-14T10:05:00+01:00)"
echo "$BIKE"
agent awa log --test "Bellevue spring" --category electrical --item phone --kg 0.2 --source drop-off-point --at 2026-03-14T11:20:00+01:00
agent ben log --test "Bellevue spring" --category furniture --item chair --kg 6.5 --source event --outcome reused --at 2026-03-21T15:00:00+01:00
agent ben log --test "Bellevue spring" --category textiles --items 14 --kg 9 --source partner-site --outcome reused --at 2026-03-22T09:30:00+01:00
agent awa sync
agent ben sync

bold "Offline again, both weigh the same bike: 12.5 kg for Awa, 14 kg for Ben a moment later"
agent awa set "$BIKE" weight_kg=12.5
agent awa set "$BIKE" outcome=repaired
sleep 0.1
agent ben set "$BIKE" weight_kg=14

bold "Both sync (Ben first, then Awa, then Ben again so that both converge)"
agent ben sync
agent awa sync
agent ben sync

bold "The conflict, as Awa's replica keeps it and in the server's merge log"
agent awa conflicts
echo "admin$ gisement-server merges" >&2
srv merges

bold "Both replicas hold the same records"
if [ "$(agent awa export collections --format json 2>/dev/null)" = "$(agent ben export collections --format json 2>/dev/null)" ]; then
    echo "awa and ben: identical collections"
else
    echo "awa and ben differ!" >&2
    exit 1
fi
agent ben list collections

bold "The test's indicators"
if GISEMENT_DB="$WORK/awa.sqlite" "$BIN/gisement" help report >/dev/null 2>&1; then
    agent awa report --test "Bellevue spring"
else
    agent awa show "$BIKE"
fi

bold "Done: the server is stopped and $WORK removed"
