#!/usr/bin/env bash
# The tests, on a fresh machine: installs what they need (C libraries, PostgreSQL for the
# throwaway clusters the PostgreSQL tests start), builds the previous release once for the
# mixed-versions tests (.build-previous/, cached), then runs `swift test` with any arguments.
#
#   scripts/test.sh                          # everything
#   scripts/test.sh --filter PostgresTests   # a part
#   GISEMENT_TEST_POSTGRES_URL=postgresql://me@db.example/postgres scripts/test.sh
#       # PostgreSQL tests against an existing server (its role may CREATE DATABASE)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
bash scripts/build-previous-release.sh >/dev/null \
    || echo "test: the previous release could not be built (a shallow clone?); MixedVersionsTests will say they skip" >&2
swift test "$@"
