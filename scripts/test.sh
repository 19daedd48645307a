#!/usr/bin/env bash
# The tests, on a fresh machine: installs what they need (C libraries, PostgreSQL for the
# throwaway clusters the PostgreSQL tests start), builds the previous release once for the
# mixed-versions tests (.build-previous/, cached), then runs `swift test` with any arguments.
#
#   scripts/test.sh                          # everything
#   scripts/test.sh --filter PostgresTests   # a part
#   GISEMENT_TEST_POSTGRES_URL=postgresql://me@db.example/postgres scripts/test.sh
#       # PostgreSQL tests against an existing server (its role may CREATE DATABASE)
#   GISEMENT_TEST_STORE=postgres scripts/test.sh --filter 'ServerTests|EndToEndTests'
#       # the server and end-to-end suites, every server on PostgreSQL (the second pass below)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
bash scripts/build-previous-release.sh >/dev/null \
    || echo "test: the previous release could not be built (a shallow clone?); MixedVersionsTests will say they skip" >&2
swift test "$@"
# Without arguments, the server and end-to-end suites run a second time with every server and
# store on PostgreSQL (a fresh database of the throwaway cluster for each); the tests of SQLite
# itself (its files' migrations, disk faults, backup/restore, the file's secrecy) skip and say why.
if [ $# -eq 0 ]; then
    echo "test: the server and end-to-end suites again, on PostgreSQL (GISEMENT_TEST_STORE=postgres)" >&2
    GISEMENT_TEST_STORE=postgres swift test --skip-build --filter 'ServerTests|EndToEndTests'
fi
