#!/usr/bin/env bash
# Builds the fuzz targets with clang and libFuzzer (AddressSanitizer and
# UBSan) in build-fuzz/ and runs each for SECONDS (default 60) on its corpus,
# all at once. New inputs go to a scratch directory, never into the tree:
#
#   fuzz/run.sh [SECONDS [TARGET...]]
#
# Prints each target's executions, coverage and the crash files found. A
# crash file becomes a regression test by copying it into fuzz/corpus/TARGET/
# (fuzz/replay/TARGET then runs it in every build). To keep new coverage,
# merge the scratch corpus: build-fuzz/fuzz/fuzz_T -merge=1 fuzz/corpus/T DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(json yaml pipeline config fix hcl hcl_load lsp)
CC=${CC:-clang}

cmake -S . -B build-fuzz -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTDLINT_BUILD_FUZZERS=ON -DTDLINT_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)" \
    --target "${targets[@]/#/fuzz_}" >/dev/null

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tdlint-fuzz.XXXXXX")
echo "fuzz/run.sh: ${seconds}s per target; new inputs, crashes and logs in $scratch"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pids=()
for t in "${targets[@]}"; do
    mkdir -p "$scratch/$t/corpus" "$scratch/$t/crashes"
    build-fuzz/fuzz/fuzz_"$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$scratch/$t/crashes/" \
        "$scratch/$t/corpus" "fuzz/corpus/$t" >"$scratch/$t/log" 2>&1 &
    pids+=($!)
done
status=0
for i in "${!targets[@]}"; do
    t=${targets[$i]}
    wait "${pids[$i]}" || status=1
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/$t/log" | tail -1)
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]* corp: [0-9]*/[^ ]*' "$scratch/$t/log" | tail -1)
    echo "$t: ${runs:-?} executions; last $cov; new inputs: $(ls "$scratch/$t/corpus" | wc -l)"
    for f in "$scratch/$t"/crashes/*; do
        [ -e "$f" ] || continue
        echo "  CRASH $f (log: $scratch/$t/log); to keep it: cp $f fuzz/corpus/$t/"
        status=1
    done
done
exit $status
