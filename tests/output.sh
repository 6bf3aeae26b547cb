#!/usr/bin/env bash
# --output FILE: where the report lands, and what becomes of what FILE was.
# - a new file gets 0666 less the umask (0644, then 0600 under umask 077), no
#   temporary file is left beside it;
# - an existing file is replaced with its permissions kept (0640 stays 0640);
# - a symbolic link to a file stays a link, its target gets the report;
# - a FIFO, and a link to a device, are written to, not replaced;
# - /dev/stdout and /dev/fd/N are written through the descriptor: >> appends;
# - a folder, a missing folder and a full device are status 2 with one line
#   saying why.
# Each report is compared with the one on standard output.
# usage: tests/output.sh TDLINT
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
failed=0
fail() {
    echo "output: $*"
    failed=1
}

printf '%s\n' '{"containerDefinitions": [{"name": "a", "image": "i"}]}' > td.json
lint() { "$tdlint" --no-config td.json "$@"; }
lint > want 2> /dev/null
[ "$(wc -l < want)" = 1 ] || fail "standard output: $(cat want)"

same() { # file what
    cmp -s want "$1" || fail "$2: the report in $1 differs from standard output"
}
mode() { stat -c %a "$1"; }
status_is() { # expected what actual
    [ "$3" = "$1" ] || fail "$2: status $3, not $1"
}

(umask 022 && lint --output new.txt)
status_is 1 "new file" $?
same new.txt "new file"
[ "$(mode new.txt)" = 644 ] || fail "new file under umask 022: mode $(mode new.txt)"
(umask 077 && lint --output private.txt)
[ "$(mode private.txt)" = 600 ] || fail "new file under umask 077: mode $(mode private.txt)"

echo old > kept.txt
chmod 640 kept.txt
lint --output kept.txt
same kept.txt "existing file"
[ "$(mode kept.txt)" = 640 ] || fail "existing file of mode 640: mode $(mode kept.txt)"

echo old > target.txt
ln -s target.txt link.txt
lint --output link.txt
[ -L link.txt ] || fail "a symbolic link was replaced by a file"
same target.txt "through a symbolic link"

ln -s /dev/null null-link
lint --output null-link
status_is 1 "link to /dev/null" $?
[ -L null-link ] || fail "a symbolic link to /dev/null was replaced"
[ -c /dev/null ] || fail "/dev/null is no longer a device"

mkfifo fifo
cat fifo > from-fifo &
reader=$!
lint --output fifo
status_is 1 "FIFO" $?
if [ -p fifo ]; then
    wait "$reader"
    same from-fifo "FIFO"
else
    fail "the FIFO was replaced"
    kill "$reader" # it waits for a writer that never came
fi

echo first > appended
lint --output /dev/stdout >> appended
status_is 1 "/dev/stdout" $?
{ echo first && cat want; } | cmp -s - appended || fail "/dev/stdout, appended to: $(cat appended)"
lint --output /dev/fd/5 5> fd5
same fd5 "/dev/fd/5"
lint --output /dev/fd/97 2> err
status_is 2 "a descriptor not open" $?
[ "$(cat err)" = "tdlint: cannot write the report to /dev/fd/97: Bad file descriptor" ] ||
    fail "a descriptor not open: $(cat err)"

leftover=$(ls | grep -F .tmp.)
[ -z "$leftover" ] || fail "temporary files left: $leftover"

mkdir folder
lint --output folder 2> err
status_is 2 "a folder" $?
[ "$(cat err)" = "tdlint: cannot write the report to folder: Is a directory" ] ||
    fail "a folder: $(cat err)"
lint --output none/report.txt 2> err
status_is 2 "a missing folder" $?
[ "$(cat err)" = "tdlint: cannot write the report to none/report.txt: No such file or directory: check that its folder exists and is writable" ] ||
    fail "a missing folder: $(cat err)"
if [ -c /dev/full ]; then
    lint --output /dev/full 2> err
    status_is 2 "/dev/full" $?
    [ "$(cat err)" = "tdlint: cannot write the report to /dev/full: No space left on device" ] ||
        fail "/dev/full: $(cat err)"
fi
exit $failed
