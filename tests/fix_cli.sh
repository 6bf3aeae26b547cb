#!/usr/bin/env bash
# --fix in place and --diff, on copies of testdata/cases/fix-diff's inputs
# (JSON and YAML, CRLF, minified, no last newline) in a temporary folder:
# each file fixed in place is exactly what `--fix -` gives for it; the report
# and exit status are those of linting the fixed files; permissions and
# symbolic links are kept; a second --fix changes nothing; -j 2 gives what
# -j 1 gives; --diff changes nothing and its output, applied by git apply
# -p0 and by patch -p0 (also to a path with a folder and spaces), gives
# exactly the files --fix writes; a file that cannot
# be written (a folder without write permission, a pipe) is left as it was,
# with a message and status 2.
#
# While no rule gives a fix, the checks that need a changed file say so and
# are skipped; the others check that nothing changes.
# usage: tests/fix_cli.sh TDLINT SOURCE_DIR
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
inputs=$(cd "$2/testdata/cases/fix-diff" && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
files=(crlf.yaml good.json minified.json no-newline.json stack.yaml taskdef.json)
fail=0
ok() { echo "ok: $1"; }
bad() {
    echo "FAIL: $1"
    fail=1
}
check() { # check DESCRIPTION COMMAND...: ok when the command succeeds
    local what=$1
    shift
    if "$@"; then ok "$what"; else bad "$what"; fi
}
same_files() { # same_files DIR1 DIR2: the inputs are byte for byte the same in both
    local f
    for f in "${files[@]}"; do
        cmp -s "$1/$f" "$2/$f" || { echo "    $f differs between $1 and $2"; return 1; }
    done
}
no_temporary() { # no .NAME.tdlint-XXXXXX left in DIR
    [ -z "$(find "$1" -name '.*.tdlint-*')" ]
}
copy() { # copy DIR: a fresh copy of the inputs
    mkdir -p "$1" && (cd "$inputs" && cp "${files[@]}" "$1/")
}
run() { # run DIR ARGS...: status, stdout and stderr of tdlint in DIR to DIR.{rc,out,err}
    local dir=$1
    shift
    (cd "$dir" && "$tdlint" "$@" > "$dir.out" 2> "$dir.err"
     echo $? > "$dir.rc")
}

# the reference: each file fixed through standard input
copy "$work/ref"
changed=0
for f in "${files[@]}"; do
    "$tdlint" --fix --stdin-filename "$f" - < "$inputs/$f" > "$work/ref/$f" 2> /dev/null
    cmp -s "$inputs/$f" "$work/ref/$f" || changed=1
done
[ $changed = 1 ] || echo "note: no finding has a fix in this build: nothing changes"

# --fix in place, -j 1; a file with permissions 0640
copy "$work/a"
chmod 0640 "$work/a/taskdef.json"
run "$work/a" --fix -j 1 "${files[@]}"
check "--fix writes what --fix - gives" same_files "$work/a" "$work/ref"
check "--fix keeps the permissions" test "$(stat -c %a "$work/a/taskdef.json")" = 640
check "--fix leaves no temporary file" no_temporary "$work/a"
(cd "$work/a" && "$tdlint" "${files[@]}" > "$work/after.out" 2> /dev/null; echo $? > "$work/after.rc")
check "--fix reports what remains" cmp -s "$work/a.out" "$work/after.out"
check "--fix reports what remains (status)" test "$(cat "$work/a.rc")" = "$(cat "$work/after.rc")"
if [ $changed = 1 ]; then
    check "--fix counts the fixes on standard error" \
        grep -qE '^tdlint: fixed [0-9]+ findings? in [0-9]+ files?$' "$work/a.err"
else
    check "--fix with nothing to fix says nothing of fixes" \
        test -z "$(grep '^tdlint: fixed' "$work/a.err")"
fi

# a second --fix changes nothing
cp -p "$work/a/taskdef.json" "$work/first.json"
run "$work/a" --fix -j 1 "${files[@]}"
check "a second --fix changes nothing" same_files "$work/a" "$work/ref"
check "a second --fix fixes nothing" test -z "$(grep '^tdlint: fixed' "$work/a.err")"
check "a second --fix reports what the first did" cmp -s "$work/a.out" "$work/after.out"

# -j 2 gives what -j 1 gives
copy "$work/j1"
copy "$work/j2"
run "$work/j1" --fix -j 1 "${files[@]}"
run "$work/j2" --fix -j 2 "${files[@]}"
check "-j 2 writes what -j 1 writes" same_files "$work/j1" "$work/j2"
check "-j 2 reports what -j 1 reports" \
    cmp -s <(cat "$work/j1.rc" "$work/j1.out" "$work/j1.err") \
    <(cat "$work/j2.rc" "$work/j2.out" "$work/j2.err")

# --diff changes nothing; its output applies to give --fix's files
copy "$work/d"
run "$work/d" --diff "${files[@]}"
check "--diff changes nothing" same_files "$work/d" "$inputs"
check "--diff exits 1 when a file would change, 0 when none would" \
    test "$(cat "$work/d.rc")" = "$changed"
check "--diff prints nothing else" test ! -s "$work/d.err"
if [ $changed = 0 ]; then
    check "--diff with nothing to fix prints nothing" test ! -s "$work/d.out"
fi
if [ ! -s "$work/d.out" ]; then
    echo "skip: git apply and patch (an empty diff)"
elif command -v git > /dev/null; then
    copy "$work/g"
    (cd "$work/g" && git apply -p0 "$work/d.out") && st=0 || st=1
    check "git apply -p0 takes the diff" test $st = 0
    check "git apply -p0 gives what --fix writes" same_files "$work/g" "$work/ref"
else
    echo "skip: git is not installed (git apply)"
fi
if [ ! -s "$work/d.out" ]; then
    :
elif command -v patch > /dev/null; then
    copy "$work/p"
    (cd "$work/p" && patch -s -p0 < "$work/d.out") && st=0 || st=1
    check "patch -p0 takes the diff" test $st = 0
    check "patch -p0 gives what --fix writes" same_files "$work/p" "$work/ref"
else
    echo "skip: patch is not installed (./build.sh deps installs it)"
fi

# a path with a folder and spaces in the diff's headers
if [ $changed = 1 ]; then
    for tool in "git apply -p0" "patch -s -p0"; do
        command -v "${tool%% *}" > /dev/null || continue
        rm -rf "$work/sp" "$work/sp2"
        mkdir -p "$work/sp/my dir" "$work/sp2/my dir"
        cp "$inputs/taskdef.json" "$work/sp/my dir/task def.json"
        cp "$inputs/taskdef.json" "$work/sp2/my dir/task def.json"
        (cd "$work/sp" && "$tdlint" --diff "my dir/task def.json" > "$work/sp.diff")
        (cd "$work/sp2" && $tool < "$work/sp.diff") && st=0 || st=1
        check "$tool takes a diff of 'my dir/task def.json'" test $st = 0
        check "$tool gives what --fix writes in 'my dir/task def.json'" \
            cmp -s "$work/sp2/my dir/task def.json" "$work/ref/taskdef.json"
    done
fi

# through a symbolic link: the link stays, its target is fixed
mkdir -p "$work/s/real"
cp "$inputs/taskdef.json" "$work/s/real/t.json"
ln -s real/t.json "$work/s/link.json"
(cd "$work/s" && "$tdlint" --fix link.json > /dev/null 2>&1)
check "a symbolic link stays a link" test -L "$work/s/link.json"
check "the link's target is fixed" cmp -s "$work/s/real/t.json" "$work/ref/taskdef.json"
check "no temporary file beside the link or its target" no_temporary "$work/s"

# standard input with --output: the text on standard output, the report in FILE
(cd "$work" && "$tdlint" --fix --output report.txt - < "$inputs/taskdef.json" > stdin.out 2> /dev/null)
check "--fix - puts the fixed text on standard output" cmp -s "$work/stdin.out" "$work/ref/taskdef.json"
"$tdlint" - < "$work/ref/taskdef.json" > "$work/stdin.expected" 2> /dev/null
check "--fix - --output FILE puts the report of what remains in FILE" \
    cmp -s "$work/report.txt" "$work/stdin.expected"

if [ $changed = 0 ]; then
    echo "skip: the files that cannot be written (no fix in this build)"
    exit $fail
fi

# a pipe named on the command line cannot be rewritten
"$tdlint" --fix <(cat "$inputs/taskdef.json") > /dev/null 2> "$work/pipe.err"
st=$?
check "a pipe cannot be fixed in place: status 2" test $st = 2
check "a pipe cannot be fixed in place: the message" \
    grep -qE '^tdlint: /(dev|proc/self)/fd/[0-9]+: cannot write the fixed file: it is not a regular file$' \
    "$work/pipe.err"

# a folder without write permission: the file is left as it was
as_user=()
if [ "$(id -u)" = 0 ]; then # root writes anywhere: run as nobody
    if command -v setpriv > /dev/null; then
        as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
        chmod 0755 "$work"
    fi
fi
if [ "$(id -u)" = 0 ] && { [ ${#as_user[@]} = 0 ] || ! "${as_user[@]}" test -x "$tdlint"; }; then
    echo "skip: running as root, and nobody cannot run $tdlint: the unwritable folder"
    exit $fail
fi
copy "$work/ro"
chmod 0555 "$work/ro"
(cd "$work/ro" && "${as_user[@]}" "$tdlint" --fix taskdef.json > "$work/ro.out" 2> "$work/ro.err"
 echo $? > "$work/ro.rc")
check "a folder without write permission: status 2" test "$(cat "$work/ro.rc")" = 2
check "a folder without write permission: the message" grep -qxF \
    "tdlint: taskdef.json: cannot write the fixed file: cannot create a temporary file in $(cd "$work/ro" && pwd -P): Permission denied" \
    "$work/ro.err"
check "a folder without write permission: the file is as it was" \
    cmp -s "$work/ro/taskdef.json" "$inputs/taskdef.json"
(cd "$work/ro" && "$tdlint" taskdef.json > "$work/ro.expected" 2> /dev/null)
check "a folder without write permission: the report is of the file as it is" \
    cmp -s "$work/ro.out" "$work/ro.expected"
check "a folder without write permission: nothing is said fixed" \
    test -z "$(grep '^tdlint: fixed' "$work/ro.err")"
exit $fail
