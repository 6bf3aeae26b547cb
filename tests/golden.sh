#!/usr/bin/env bash
# Replays one golden case: runs tdlint in the case's directory and compares
# its exit status, standard output and standard error with the file
# `expected` there.
#
# usage: tests/golden.sh TDLINT CASEDIR
#   A case directory holds its input files, `expected`, and optionally:
#     args   the arguments, one per line (default: every input file, sorted)
#     stdin  a file fed to standard input (default: /dev/null)
#     env    NAME=VALUE lines exported for the run (for example
#            TDLINT_TODAY=2025-06-01); blank lines and lines starting with #
#            are skipped
#   With TDLINT_UPDATE=1 in the environment, `expected` is rewritten from the
#   actual output instead (review the diff before committing it).
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$2" || exit 2

args=()
if [ -f args ]; then
    while IFS= read -r line || [ -n "$line" ]; do
        args+=("$line")
    done < args
else
    for f in *; do
        case $f in args | stdin | expected | env) ;; *) args+=("$f") ;; esac
    done
fi
input=/dev/null
[ -f stdin ] && input=stdin
if [ -f env ]; then
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in '' | '#'*) continue ;; esac
        export "${line%%=*}=${line#*=}"
    done < env
fi

out=$(mktemp) err=$(mktemp) actual=$(mktemp)
trap 'rm -f "$out" "$err" "$actual"' EXIT
# TDLINT_RUNNER runs tdlint under a tool, e.g. "valgrind -q --error-exitcode=99"
# (word-split on purpose); it must print nothing when all is well.
${TDLINT_RUNNER:-} "$tdlint" "${args[@]}" < "$input" > "$out" 2> "$err"
rc=$?
{
    echo "exit $rc"
    echo "--- stdout"
    # the working directory appears in SARIF's originalUriBaseIds
    sed "s|file://$PWD/|file:///CASE/|g" "$out"
    echo "--- stderr"
    cat "$err"
} > "$actual"

if [ "${TDLINT_UPDATE:-}" = 1 ]; then
    cp "$actual" expected
    echo "updated $2/expected"
    exit 0
fi
if ! diff -u expected "$actual"; then
    echo "golden case $2 differs from expected (TDLINT_UPDATE=1 rewrites it)" >&2
    exit 1
fi
