#!/usr/bin/env bash
# The same inputs give byte-identical output whatever the order of the
# arguments: the example and golden-case files named in name order, in reverse
# and shuffled (three fixed shuffles), in text, SARIF and JSON output.
# usage: tests/determinism.sh TDLINT SOURCE_DIR
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$2/testdata" || exit 2
export LC_ALL=C
mapfile -t files < <(find examples cases/hostile-files cases/cfn-yaml cases/cfn-json \
    cases/eval-conditions cases/inline-metadata cases/multi-document-yaml \
    -type f ! -name expected ! -name args ! -name env ! -name stdin | sort)
[ ${#files[@]} -gt 10 ] || { echo "too few input files (${#files[@]})"; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
for format in text sarif json; do
    "$tdlint" --no-config --format "$format" "${files[@]}" > "$out/sorted" 2> "$out/sorted.err"
    echo "exit $?" >> "$out/sorted"
    orders=(reversed shuffled1 shuffled2 shuffled3)
    for order in "${orders[@]}"; do
        case $order in
        reversed) mapfile -t args < <(printf '%s\n' "${files[@]}" | sort -r) ;;
        *) n=${order#shuffled}
           mapfile -t args < <(printf '%s\n' "${files[@]}" |
            shuf --random-source=<(yes "$n$n$n$n" | tr -d '\n' | head -c 65536)) ;;
        esac
        if [ "$format" = text ] && [ "${args[*]}" = "${files[*]}" ]; then
            echo "the $order order is the sorted one: no test"
            fail=1
        fi
        "$tdlint" --no-config --format "$format" "${args[@]}" > "$out/$order" 2> "$out/$order.err"
        echo "exit $?" >> "$out/$order"
        if ! cmp -s "$out/sorted" "$out/$order" || ! cmp -s "$out/sorted.err" "$out/$order.err"; then
            echo "FAIL --format $format: the $order order gives other output:"
            diff "$out/sorted" "$out/$order" | head -20
            diff "$out/sorted.err" "$out/$order.err" | head -20
            fail=1
        fi
    done
    echo "--format $format: ${#files[@]} files, ${#orders[@]} other orders: $([ $fail = 0 ] && echo identical || echo DIFFERENT)"
done
exit $fail
