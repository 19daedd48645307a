#!/usr/bin/env bash
# Builds the field client and the server of the release before schema versions (contract 1.0,
# commit 69b3bd5) into .build-previous/bin/, once: the mixed-versions end-to-end tests
# (MixedVersionsTests) run the old client against today's server and today's client against the
# old server. Set GISEMENT_PREVIOUS_COMMIT to build another commit, GISEMENT_PREVIOUS_DIR to put it
# elsewhere. Prints the client's path.
set -euo pipefail
cd "$(dirname "$0")/.."
commit="${GISEMENT_PREVIOUS_COMMIT:-69b3bd5}"
out="${GISEMENT_PREVIOUS_DIR:-$PWD/.build-previous}"
if [ -x "$out/bin/gisement" ] && [ -x "$out/bin/gisement-server" ] \
    && [ "$(cat "$out/bin/commit" 2>/dev/null)" = "$commit" ]; then
    echo "$out/bin/gisement"
    exit 0
fi
source_dir="$(mktemp -d)/gisement-$commit"
git worktree add --detach "$source_dir" "$commit" >&2
trap 'git worktree remove --force "$source_dir" >&2 || true' EXIT
for product in gisement gisement-server; do
    (cd "$source_dir" && swift build --scratch-path "$out/scratch" --product "$product" >&2)
done
mkdir -p "$out/bin"
cp "$out/scratch/debug/gisement" "$out/scratch/debug/gisement-server" "$out/bin/"
echo "$commit" > "$out/bin/commit"
echo "$out/bin/gisement"
