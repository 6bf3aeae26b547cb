#!/usr/bin/env bash
# The report is written as the files are linted: a file's findings are on
# standard output (a pipe here) while a later file cannot be read yet. The
# later file is a FIFO that this script fills only once the first file's
# findings have arrived; if they never come, it fills it after 30 seconds
# anyway (so that tdlint ends) and the test fails. Nothing here is timed.
# usage: tests/stream.sh TDLINT
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
failed=0

# the first file's part has come when out holds the text given
arrived() {
    local i
    for i in $(seq 300); do
        grep -qF -- "$1" out && return 0
        sleep 0.1
    done
    return 1
}

check() { # format jobs text-of-the-first-file's-part
    local format=$1 jobs=$2 first=$3
    rm -f b.json out err
    printf '%s\n' '{"containerDefinitions": [{"name": "a", "image": "i"}]}' > a.json
    mkfifo b.json
    "$tdlint" --no-config --format "$format" -j "$jobs" a.json b.json > out 2> err &
    local pid=$! ok=1
    arrived "$first" || ok=0
    printf '%s\n' '{"containerDefinitions": [{"name": "b", "image": "i"}]}' > b.json
    wait "$pid"
    local status=$?
    if [ "$ok" = 0 ]; then
        echo "stream: --format $format -j $jobs: a.json's part was not written before b.json could be read"
        failed=1
    elif [ "$status" -ne 1 ] || ! grep -qF -- "$4" out; then
        printf 'stream: --format %s -j %s: status %s, output:\n%s\n%s\n' "$format" "$jobs" \
            "$status" "$(cat out)" "$(cat err)"
        failed=1
    fi
}

for jobs in 1 2; do
    check text "$jobs" 'a.json:1:27: error: container "a"' 'b.json:1:27: error: container "b"'
    check json "$jobs" '"path": "a.json"' '"path": "b.json"'
    check github "$jobs" '::error file=a.json,line=1' '::error file=b.json,line=1'
done
[ "$failed" = 0 ] && echo "stream: each file's report is out before the next file is read (text, json, github; -j 1 and 2)"
exit "$failed"
