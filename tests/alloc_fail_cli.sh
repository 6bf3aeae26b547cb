#!/usr/bin/env bash
# The tdlint command when an allocation fails, for every allocation one run
# makes (tests/alloc_shim.c, preloaded): with one job and with threads,
# writing to standard output and through --output. Each run must end with
# status 0, 1 or 2 (no crash, no hang: 20 s at most), leave no temporary
# report or fixed file behind, and a run that ends in 2 must say why on
# standard error. With --diff, and with --fix (which fixes the tree once).
# usage: tests/alloc_fail_cli.sh TDLINT SHIM.so SOURCE_DIR
# Exit 77 (skipped) when tdlint is built with AddressSanitizer, which
# replaces malloc itself.
set -u
tdlint=$1 shim=$2 src=$3
if nm -D "$tdlint" 2>/dev/null | grep -q __asan_init || ldd "$tdlint" | grep -q libasan; then
    echo "alloc-fail-cli: skipped under AddressSanitizer"
    exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/tree/sub"
cp "$src"/testdata/examples/* "$dir/tree/"
cp "$src/testdata/examples/taskdef.json" "$dir/tree/sub/"
printf '{"containerDefinitions": [' > "$dir/tree/broken.json"
ln -s nowhere "$dir/tree/dangling.json"
cd "$dir" || exit 2
failed=0
run() { # label, then tdlint's arguments (standard input: a task definition)
    local label=$1
    shift
    local total
    total=$(TDLINT_COUNT=1 LD_PRELOAD="$shim" "$tdlint" "$@" < tree/taskdef.json 2>&1 >/dev/null |
        sed -n 's/^allocations: //p')
    if [ -z "$total" ] || [ "$total" -lt 100 ]; then
        echo "alloc-fail-cli: $label: could not count the allocations ($total)"
        failed=1
        return
    fi
    local n status
    for n in $(seq 1 "$total"); do
        TDLINT_FAIL_AT=$n LD_PRELOAD="$shim" timeout 20 "$tdlint" "$@" < tree/taskdef.json \
            > out 2> err
        status=$?
        if [ "$status" -gt 2 ] || { [ "$status" = 2 ] && ! [ -s err ]; } ||
            compgen -G 'report.*.tmp.*' > /dev/null || [ -n "$(find tree -name '.*.tdlint-*')" ]; then
            echo "alloc-fail-cli: $label: allocation $n of $total: status $status"
            head -5 err
            failed=1
            return
        fi
    done
    echo "alloc-fail-cli: $label: each of $total allocations failed in turn: clean"
}
run "-j 1, SARIF" --no-config -j 1 --format sarif tree -
run "-j 3, text" --no-config -j 3 tree -
run "-j 2, JUnit to --output" --no-config -j 2 --format junit --output report.xml tree
run "--diff, -j 2" --no-config -j 2 --diff tree -
run "--fix, -j 2, and standard input" --no-config -j 2 --fix tree -
exit "$failed"
