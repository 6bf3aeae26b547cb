#!/usr/bin/env bash
# Runs every file of JSONTestSuite's test_parsing/ through tdlint, each named
# on the command line with --no-config and --strict (none of them looks like
# a task definition: without it, a file that is not JSON is skipped): y_ files must be accepted (exit 0, no
# TD000), n_ files rejected with a TD000 error at a position (exit 2), i_ files
# handled somehow, never a crash (exit 0, 1 or 2, no sanitizer report).
# Prints the figures; exits 77 (skipped) when the suite is not there.
# usage: tests/jsontestsuite.sh TDLINT [SUITE_DIR]
#   SUITE_DIR defaults to ../shared/corpus/jsontestsuite/test_parsing from the
#   source tree, or $JSONTESTSUITE.
set -u
tdlint=$1
suite=${2:-${JSONTESTSUITE:-$(dirname "$0")/../../shared/corpus/jsontestsuite/test_parsing}}
if [ ! -d "$suite" ]; then
    echo "JSONTestSuite not found at $suite: skipped"
    exit 77
fi
# Files where tdlint departs from the suite on purpose (README, "Limits and
# hostile input"); any other departure fails the test, and so does one of
# these behaving otherwise.
declare -A by_design=(
    # duplicate keys are an error (the file is still linted with the last value)
    [y_object_duplicated_key.json]=rejected
    [y_object_duplicated_key_and_value.json]=rejected
    # \u0000 is refused: jansson cannot hold it in a key, and in a value C
    # strings would cut it ("true\u0000x" read as "true")
    [y_object_escaped_null_in_key.json]=rejected
    [y_string_null_escape.json]=rejected
    # the content decides the format: no document (blanks, or a byte-order mark only)
    [n_single_space.json]=accepted
    [n_structure_no_data.json]=accepted
    [n_structure_UTF8_BOM_no_data.json]=accepted
    # ... text that does not start with { or [ is YAML: these are YAML plain scalars
    [n_string_single_string_no_double_quotes.json]=accepted
    [n_structure_number_with_trailing_garbage.json]=accepted
    [n_structure_angle_bracket_..json]=accepted
    [n_structure_close_unopened_array.json]=accepted
    [n_structure_ascii-unicode-identifier.json]=accepted
    [n_structure_unicode-identifier.json]=accepted
    # ... and { with unquoted or single-quoted keys is a YAML flow mapping
    [n_object_unquoted_key.json]=accepted
    [n_object_single_quote.json]=accepted
    [n_object_key_with_single_quotes.json]=accepted
)
export LC_ALL=C
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
declare -A pass total designed
fail=0
for f in "$suite"/*.json; do
    name=$(basename "$f")
    kind=${name%%_*}
    total[$kind]=$((${total[$kind]:-0} + 1))
    timeout 20 "$tdlint" --no-config --strict --color never -- "$f" > "$out" 2> "$err"
    rc=$?
    why=
    if grep -qE 'Sanitizer|runtime error' "$err"; then
        why="sanitizer report"
    elif [ $rc -gt 2 ]; then
        why="exit $rc (crash or timeout)"
    else
        case $kind in
        y) [ $rc = 0 ] && ! grep -q 'TD000' "$out" || why="rejected (exit $rc): $(head -c 300 "$out")" ;;
        n) [ $rc = 2 ] && grep -qE ':[0-9]+:[0-9]+: error: .*\[TD000\]$' "$out" ||
            why="not rejected with a position (exit $rc): $(head -c 300 "$out")" ;;
        esac
    fi
    design=${by_design[$name]:-}
    if [ -n "$design" ]; then
        got=accepted
        [ $rc = 2 ] && grep -q 'TD000' "$out" && got=rejected
        if [ "$got" = "$design" ] && [ $rc -le 2 ] && ! grep -qE 'Sanitizer|runtime error' "$err"; then
            designed[$kind]=$((${designed[$kind]:-0} + 1))
            continue
        fi
        why="expected $design by design, got $got (exit $rc)"
    fi
    if [ -n "$why" ]; then
        echo "FAIL $name: $why"
        fail=1
    else
        pass[$kind]=$((${pass[$kind]:-0} + 1))
    fi
done
for k in y n i; do
    echo "${k}_: ${pass[$k]:-0} of ${total[$k]:-0} as the suite expects, ${designed[$k]:-0} otherwise by design"
done
exit $fail
