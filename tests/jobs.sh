#!/usr/bin/env bash
# --jobs changes nothing but the speed: every golden case's run (its args,
# stdin and env), and walks of testdata/ in every format, give the same exit
# status, standard output and standard error byte for byte with -j 1 and -j 4
# (and -j 64, more threads than files); so does one big YAML template, which
# more jobs parse in pieces at once.
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
# one big template (over 512 KiB: parsed in pieces by the jobs), clean and
# with a duplicate key near its end (parsed again in one pass for the error)
big() {
    printf 'Parameters:\n  Ro: {Type: String, AllowedValues: ["true", "false"]}\nResources:\n'
    for i in $(seq 0 2999); do
        printf '  Task%d:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n' "$i"
        printf '      Volumes: [{Name: scratch}]\n      ContainerDefinitions:\n'
        printf '        - Name: app%d\n          Image: repo:v1\n' "$i"
        printf '          MountPoints: [{SourceVolume: scratch, ContainerPath: /tmp}]\n'
        case $((i % 4)) in
            0) printf '          ReadonlyRootFilesystem: false\n' ;;
            1) printf '          ReadonlyRootFilesystem: !Ref Ro\n' ;;
            2) printf '          ReadOnlyRootFileSystem: true\n' ;;
            *) printf '          ReadonlyRootFilesystem: true\n' ;;
        esac
    done
    printf 'Outputs:\n  First: {Value: !Ref Task0}\n'
}
big > "$tmp/big.yaml"
{ big; printf '  Again: 1\n  Again: 2\n'; } > "$tmp/big-dup.yaml"
for fmt in text json sarif; do
    for j in 1 2 4; do
        run "big-$fmt" "$tmp" /dev/null "$j" --no-config --format "$fmt" --summary big.yaml
        run "big-dup-$fmt" "$tmp" /dev/null "$j" --no-config --format "$fmt" big-dup.yaml
    done
    for j in 2 4; do
        same "big-$fmt" 1 "$j"
        same "big-dup-$fmt" 1 "$j"
    done
done
grep -q '^exit 1' "$tmp/big-text.1" && grep -q '^exit 2' "$tmp/big-dup-text.1" ||
    { echo "big: unexpected exit status"; head -3 "$tmp/big-text.1" "$tmp/big-dup-text.1"; fail=1; }

[ "$fail" = 0 ] && echo "ok: $ncases golden cases, testdata/ walks and a big template give the same output with -j 1, 2, 4 and 64"
exit $fail
