#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ and runs each for a while.
#
#   scripts/fuzz.sh [seconds-per-target] [target...]     (default 60 s, every target)
#   scripts/fuzz.sh 20                                    the CI form: 20 s per target
#
# Targets: FuzzHTTPParser, FuzzPushBody, FuzzClockText, FuzzMerge, FuzzPullPage. Each starts from the seeds in
# Fuzz/Seeds/<target> plus every kept crash input in Tests/Fixtures/fuzz/<target>, and grows a
# working corpus in .build-hard-fuzz/corpus/<target> (kept between runs, never committed).
# A crash stops that target; the input is saved as .build-hard-fuzz/artifacts/<target>-crash-*
# and the script exits 1 after running the others. Copy a crash input into
# Tests/Fixtures/fuzz/<target>/ to make it a regression test of `swift test`.
#
# Environment: FUZZ_JOBS (parallel workers per target, default 1), FUZZ_SCRATCH (build folder).
set -euo pipefail
export SWIFT_BACKTRACE=enable=no  # the Swift backtracer and ASan fight over a crashing process
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzHTTPParser FuzzPushBody FuzzClockText FuzzMerge FuzzPullPage)
scratch=${FUZZ_SCRATCH:-$PWD/.build-hard-fuzz}
jobs=${FUZZ_JOBS:-1}
parallel=()
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")

# -sanitize=fuzzer,address instruments every Swift module, the main package's included, and links
# libFuzzer's main; -enable-testing lets the checks reach internal parsers.
echo "fuzz: building (${targets[*]})"
mkdir -p "$scratch"
for target in "${targets[@]}"; do
    # --disable-build-manifest-caching: the main package is a path dependency, and a cached build
    # manifest would not see source files added to it since the last fuzz build.
    swift build --package-path Fuzz --scratch-path "$scratch" -c debug --disable-build-manifest-caching \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing --product "$target" >"$scratch/build.log" 2>&1 \
        || { cat "$scratch/build.log" >&2; echo "fuzz: build of $target failed" >&2; exit 2; }
done
bin=$(swift build --package-path Fuzz --scratch-path "$scratch" -c debug --show-bin-path)

status=0
for target in "${targets[@]}"; do
    corpus="$scratch/corpus/$target"
    artifacts="$scratch/artifacts"
    mkdir -p "$corpus" "$artifacts"
    seeds=()
    for dir in "Fuzz/Seeds/$target" "Tests/Fixtures/fuzz/$target"; do
        [ -d "$dir" ] && seeds+=("$dir")
    done
    dict=()
    [ -f "Fuzz/Dictionaries/$target.dict" ] && dict=(-dict="Fuzz/Dictionaries/$target.dict")
    echo "fuzz: $target for ${seconds}s"
    log="$scratch/$target.log"
    # -rss_limit_mb bounds a leak; -timeout flags a hang (an input that takes over 10 s).
    if "$bin/$target" "$corpus" "${seeds[@]}" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=4096 -artifact_prefix="$artifacts/$target-" -print_final_stats=1 \
        "${parallel[@]}" >"$log" 2>&1; then
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$log" | sed "s/^/fuzz: $target /" || true

    else
        status=1
        echo "fuzz: $target FAILED; see $log" >&2
        grep -E "Fatal error|ERROR: |SUMMARY|Test unit written" "$log" | head -n 8 >&2 || true
    fi
done
exit $status
