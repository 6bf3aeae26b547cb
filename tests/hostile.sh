#!/usr/bin/env bash
# Hostile input that is too big, too slow or too special to commit as a
# golden case, made here at run time: files larger than --max-file-size (as
# named files and met while walking), a 100 MB file and a 20 MB line under the
# default limits, a million levels of nesting (JSON, YAML block and flow),
# "billion laughs", a FIFO and a device in a walked directory, an unreadable
# file, endless devices named on the command line, a file rewritten while it
# is read. Every run must end in time (timeout) with a clear exit status.
# usage: tests/hostile.sh TDLINT
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
fail=0
export LC_ALL=C

# run NAME EXPECTED_STATUS PATTERN_IN_OUTPUT TDLINT_ARGS...: tdlint must end
# within 20 seconds with that status, print PATTERN (grep -E; "" for nothing
# to look for) on stdout or stderr, and say nothing of a sanitizer
run() {
    local name=$1 want=$2 pattern=$3
    shift 3
    local start=$SECONDS
    timeout 20 "$tdlint" --no-config "$@" > out 2> err < "${input:-/dev/null}"
    local rc=$?
    local why=
    if [ $rc = 124 ]; then
        why="did not end within 20 s"
    elif grep -qE 'Sanitizer|runtime error' err; then
        why="sanitizer report"
    elif [ $rc != "$want" ]; then
        why="exit $rc, not $want"
    elif [ -n "$pattern" ] && ! cat out err | grep -qE -- "$pattern"; then
        why="no '$pattern' in the output"
    fi
    if [ -n "$why" ]; then
        echo "FAIL $name: $why"
        head -c 600 out err
        fail=1
    else
        echo "ok   $name ($((SECONDS - start)) s)"
    fi
}

task='{"family": "f", "containerDefinitions": [{"name": "a", "image": "x", "readonlyRootFilesystem": true, "environment": ['
# a 100 MB file: a task definition with a long list of variables
python3 - << 'PY'
task = '{"family": "f", "containerDefinitions": [{"name": "a", "image": "x", "readonlyRootFilesystem": true, "environment": ['
entry = '{"name": "V", "value": "%s"},\n' % ("x" * 60)
n = 100 * 1024 * 1024 // len(entry)
with open("big.json", "w") as f:
    f.write(task)
    f.write(entry * n)
    f.write('{"name": "V", "value": ""}]}]}\n')
with open("line.json", "w") as f:  # one 20 MB line
    f.write(task + ('{"name": "V", "value": "%s"}, ' % ("y" * 100)) * (20 * 1024 * 1024 // 130))
    f.write('{"name": "V", "value": ""}]}]}')
with open("deep.json", "w") as f:
    f.write("[" * 1000000)
with open("deep-object.json", "w") as f:
    f.write('{"a": ' * 1000000)
with open("deep-block.yaml", "w") as f:
    f.write("- " * 1000000 + "x\n")
with open("deep-flow.yaml", "w") as f:
    f.write("a: " + "[" * 1000000 + "\n")
with open("deep-flow-map.yaml", "w") as f:
    f.write("a: " + "{b: " * 1000000 + "\n")
# billion laughs, 30 levels of 2: 2^30 nodes if expanded
lines = ['l0: &l0 ["lol"]']
for i in range(1, 31):
    lines.append("l%d: &l%d [*l%d, *l%d]" % (i, i, i - 1, i - 1))
lines.append("family: laughs")
lines.append("containerDefinitions: [{name: a, image: x, readonlyRootFilesystem: true, command: *l30, entryPoint: *l30}]")
open("laughs.yaml", "w").write("\n".join(lines) + "\n")
# 100,000 duplicate keys on one line, JSON and YAML: each is a TD000 naming
# the line of the one before it and with the same fingerprint key
head = '{"family": "f", "containerDefinitions": [{"name": "a", "image": "x", "readonlyRootFilesystem": true}], '
open("dups-line.json", "w").write(head + ", ".join('"Cpu": "%d"' % i for i in range(100000)) + "}")
open("dups-line.yaml", "w").write(head.replace('"', '') + ", ".join('Cpu: "%d"' % i for i in range(100000)) + "}\n")
# 200,000 keys of one block mapping, then all of them again
keys = "".join("k%d: 1\n" % i for i in range(200000))
open("dups-twice.yaml", "w").write("family: f\ncontainerDefinitions: [{name: a, image: x, readonlyRootFilesystem: true}]\n" + keys + keys)
# an unparseable file whose template markers are looked for: 400,000 $ in a row
open("dollars.json", "w").write('{"containerDefinitions": [\n' + "$" * 400000 + "\n")
# more aliases than the default allows (10000)
open("aliases.yaml", "w").write("a: &a 1\nb: [" + ", ".join(["*a"] * 10001) + "]\n")
PY

run "100 MB file over --max-file-size" 2 'big.json:1:1: error: the file is larger than 1048576 bytes' \
    --max-file-size 1M big.json
run "20 MB line over --max-file-size" 2 'line.json:1:1: error: the file is larger than' \
    --max-file-size 10M line.json
mkdir walked && ln big.json walked/big.json
run "100 MB file over --max-file-size, walked" 2 'walked/big.json:1:1: error: the file is larger than' \
    --max-file-size 1M walked
input=big.json run "100 MB file over --max-file-size, standard input" 2 \
    'stdin.json:1:1: error: the file is larger than' --max-file-size 1M --stdin-filename stdin.json -
# through a pipe, where the size is known only while reading
cat big.json | timeout 20 "$tdlint" --no-config --max-file-size 1M - > out 2> err
rc=$?
if [ $rc = 2 ] && grep -q '<stdin>:1:1: error: the file is larger than 1048576 bytes' out; then
    echo "ok   100 MB through a pipe over --max-file-size"
else
    echo "FAIL 100 MB through a pipe over --max-file-size: exit $rc"; head -c 600 out err; fail=1
fi
# the default limit (64 MiB) refuses the 100 MB file, and reads the 20 MB line
run "100 MB file, default limit" 2 'larger than 67108864 bytes' big.json
start=$SECONDS
run "20 MB line, default limit" 0 '' line.json
if [ $((SECONDS - start)) -gt 5 ]; then
    echo "FAIL 20 MB line: $((SECONDS - start)) s (more than 5)"
    fail=1
fi
run "100 MB file, --max-file-size 128M" 0 '' --max-file-size 128M big.json
run "/dev/zero over the default limit" 2 '/dev/zero:1:1: error: the file is larger than' /dev/zero
run "/dev/null named: empty" 0 '' /dev/null

for f in deep.json deep-object.json; do
    run "$f: a million levels" 2 "$f:1:[0-9]+: error: nesting deeper than 2048 levels" "$f"
done
for f in deep-block.yaml deep-flow.yaml deep-flow-map.yaml; do
    run "$f: a million levels" 2 "$f:1:[0-9]+: error: nesting deeper than 2048 levels" "$f"
    run "$f: a million levels, --max-depth 100" 2 "$f:1:[0-9]+: error: nesting deeper than 100 levels" \
        --max-depth 100 "$f"
done
run "deep.json, --max-depth 100" 2 'deep.json:1:101: error: nesting deeper than 100 levels' \
    --max-depth 100 deep.json
run "deep.json, --max-depth 100000 (JSON stops at 2048)" 2 'deep.json:1:2049: error: nesting deeper than 2048 levels' \
    --max-depth 100000 deep.json
run "billion laughs (linear time)" 0 '' laughs.yaml
# (each took longer than the 20 s timeout when it was quadratic)
for f in dups-line.json dups-line.yaml dups-twice.yaml; do
    run "duplicate keys in linear time ($f)" 2 \
        "$f:[0-9]+:[0-9]+: error: duplicate key \"(Cpu|k0)\" \\(also at line (1|3)\\)" "$f"
done
run "400,000 \$ in a row in an unparseable file" 2 \
    "dollars.json:2:1: error: invalid JSON: invalid token near '\\\$' \\[TD000\\]" dollars.json
run "10001 aliases" 2 'aliases.yaml:2:[0-9]+: error: more than 10000 aliases in one document' aliases.yaml
run "10001 aliases, --max-aliases 20000" 0 '' --max-aliases 20000 aliases.yaml

# special files met while walking: skipped unopened (a FIFO without a writer
# would block an open for reading)
mkdir special
printf '{"family": "f", "containerDefinitions": [{"name": "a", "image": "x"}]}\n' > special/task.json
mkfifo special/fifo.json
ln -s /dev/zero special/zero.json
ln -s /dev/null special/null.yaml
ln -s loop.json special/loop.json
if mknod special/device.json c 1 3 2> /dev/null; then :; else echo "note: mknod not permitted; the device is met through a symbolic link only"; fi
run "FIFO and devices in a walked directory" 1 'special/task.json:1:[0-9]+: error: container "a"' special
if grep -qE 'fifo|zero|null|device' out; then
    echo "FAIL special files: reported"; cat out; fail=1
fi
run "symbolic link loop in a walked directory" 1 'skipping special/loop.json: a symbolic link that leads nowhere' special

# an unreadable file: as root every file is readable, so only as another user
printf '{"family": "f"}\n' > unreadable.json
chmod 000 unreadable.json
# (root: tdlint runs as nobody through setpriv when it can)
mkdir unreadable && cp -p unreadable.json unreadable/
as_user=()
if [ "$(id -u)" = 0 ]; then
    chmod 755 "$dir"
    if command -v setpriv > /dev/null &&
        setpriv --reuid=65534 --regid=65534 --clear-groups "$tdlint" --version > /dev/null 2>&1; then
        as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    fi
fi
if [ "$(id -u)" = 0 ] && [ ${#as_user[@]} = 0 ]; then
    echo "skip unreadable file: running as root, who can read any file, and cannot run as nobody (setpriv)"
else
    saved=$tdlint
    tdlint=$dir/as-user.sh
    printf '#!/bin/sh\nexec %s %s "$@"\n' "${as_user[*]}" "$saved" > "$tdlint"
    chmod 755 "$tdlint"
    run "unreadable file" 2 'unreadable.json:1:1: error: cannot read the file: Permission denied' unreadable.json
    run "unreadable file, walked" 2 'unreadable/unreadable.json:1:1: error: cannot read the file' unreadable
    tdlint=$saved
fi
chmod 600 unreadable.json

# a file truncated and rewritten while tdlint reads it: any clear answer
python3 -c "open('moving.json','w').write(open('line.json').read())"
( for i in 1 2 3 4 5 6 7 8 9 10; do
      : > moving.json
      cat line.json > moving.json
  done ) &
writer=$!
for i in 1 2 3 4 5; do
    timeout 20 "$tdlint" --no-config moving.json > out 2> err
    rc=$?
    if [ $rc -gt 2 ] || grep -qE 'Sanitizer|runtime error' err; then
        echo "FAIL file rewritten while read: exit $rc"; head -c 600 out err; fail=1
    fi
done
wait $writer
echo "ok   file rewritten while read"
exit $fail
