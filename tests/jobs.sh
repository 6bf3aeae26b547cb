#!/usr/bin/env bash
# --jobs changes nothing but the speed: every golden case's run (its args,
# stdin and env), and walks of testdata/ in every format, give the same exit
# status, standard output and standard error byte for byte with -j 1 and -j 4
# (and -j 64, more threads than files).
# usage: tests/jobs.sh TDLINT SOURCE_DIR
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# run NAME DIR STDIN JOBS ARGS...: the run's status, stdout and stderr in $tmp/NAME.JOBS
run() {
    local name=$1 dir=$2 input=$3 jobs=$4
    shift 4
    (cd "$dir" && "$tdlint" -j "$jobs" "$@" < "$input" > "$tmp/out" 2> "$tmp/err"
     echo "exit $?" > "$tmp/$name.$jobs"
     cat "$tmp/out" >> "$tmp/$name.$jobs"
     echo "--- stderr" >> "$tmp/$name.$jobs"
     cat "$tmp/err" >> "$tmp/$name.$jobs")
}
same() {
    local name=$1 a=$2 b=$3
    if ! cmp -s "$tmp/$name.$a" "$tmp/$name.$b"; then
        echo "$name: -j $a and -j $b differ:"
        diff -u "$tmp/$name.$a" "$tmp/$name.$b" | head -40
        fail=1
    fi
}

ncases=0
for dir in "$src"/testdata/cases/*/; do
    dir=${dir%/}
    case=$(basename "$dir")
    args=()
    if [ -f "$dir/args" ]; then
        while IFS= read -r line || [ -n "$line" ]; do args+=("$line"); done < "$dir/args"
    else
        for f in "$dir"/*; do
            f=$(basename "$f")
            case $f in args | stdin | expected | env) ;; *) args+=("$f") ;; esac
        done
    fi
    input=/dev/null
    [ -f "$dir/stdin" ] && input=$dir/stdin
    (
        if [ -f "$dir/env" ]; then
            while IFS= read -r line || [ -n "$line" ]; do
                case $line in '' | '#'*) continue ;; esac
                export "${line%%=*}=${line#*=}"
            done < "$dir/env"
        fi
        run "$case" "$dir" "$input" 1 "${args[@]}"
        run "$case" "$dir" "$input" 4 "${args[@]}"
    )
    same "$case" 1 4
    ncases=$((ncases + 1))
done

# the whole of testdata/, walked: many files, syntax errors skipped with notes
export TDLINT_TODAY=2025-06-01
for fmt in text json sarif github gitlab junit; do
    for j in 1 4 64; do
        run "walk-$fmt" "$src" /dev/null "$j" --no-config --format "$fmt" --summary -v testdata
    done
    same "walk-$fmt" 1 4
    same "walk-$fmt" 1 64
done
for j in 1 4; do
    run walk-strict "$src" /dev/null "$j" --no-config --strict --show-suppressed testdata
done
same walk-strict 1 4
[ "$fail" = 0 ] && echo "ok: $ncases golden cases and testdata/ walks give the same output with -j 1, 2, 4 and 64"
exit $fail
