#!/usr/bin/env bash
# kill -9 loop: the server and clients killed in the middle of syncs, round after round, then the
# set check (every acknowledged record on the server exactly once, nothing else, every replica equal
# to the server after two sync rounds). See KillLoopTests and docs/reliability.md.
#
#   scripts/kill-loop.sh [rounds]        default 100 rounds: 100 server kills, ~100 client kills
#
# Environment: HARD_SCRATCH (build folder, default .build-hard).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-100}
scratch=${HARD_SCRATCH:-.build-hard}

swift build --scratch-path "$scratch" --build-tests >/dev/null
GISEMENT_KILL_ROUNDS=$rounds swift test --scratch-path "$scratch" --skip-build --filter KillLoopTests 2>&1 \
    | grep -E "kill loop|✔|✘|recorded an issue|error" 
# grep hides the rest of the output; the pipeline's status is swift test's (pipefail) or grep's.
