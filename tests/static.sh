#!/usr/bin/env bash
# The portable binary (-DTDLINT_STATIC=ON) needs glibc and nothing else:
# - readelf -d lists only glibc's libraries as NEEDED (libc, libm, libpthread,
#   the dynamic loader);
# - it runs in a throwaway root (chroot) that holds the binary, the glibc files
#   it names and two examples, and no libjansson or libyaml: --version and a
#   lint of a JSON and a YAML file give exactly the expected output and status.
#   CONTROL, a program linked with the shared libjansson, must fail to start in
#   the same root, which shows that the root really lacks it.
# It prints the newest GLIBC_x.y symbol version the binary needs: the oldest
# glibc it runs on. Needs root (chroot); skipped (77) otherwise.
# usage: tests/static.sh TDLINT CONTROL SOURCE_DIR VERSION
set -u
bin=$1 control=$2 src=$3 version=$4
fail=0
err() { echo "static: $*"; fail=1; }

needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
[ -n "$needed" ] || err "readelf -d $bin lists no NEEDED library"
for lib in $needed; do
    case $lib in
    libc.so.6 | libm.so.6 | libpthread.so.0 | ld-linux-x86-64.so.2 | ld-linux-aarch64.so.1) ;;
    *) err "$bin needs $lib, which is not part of glibc" ;;
    esac
done
glibc=$(objdump -T "$bin" | grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' | sort -uV | tail -1)
[ -n "$glibc" ] || err "objdump -T finds no GLIBC_ symbol version"
echo "static: NEEDED $(echo $needed); oldest glibc: ${glibc#GLIBC_}"

if [ "$(id -u)" -ne 0 ]; then
    echo "static: not root, the chroot run is skipped"
    exit 77
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
# the glibc files the binary loads, at the paths the loader looks for them;
# nothing else, whatever the binary asks for
for f in $(ldd "$bin" | grep -oE '/[^ ]+/(libc\.so\.6|libm\.so\.6|libpthread\.so\.0|ld-linux[^ ]*)'); do
    mkdir -p "$root$(dirname "$f")"
    cp -L "$f" "$root$f"
done
cp "$bin" "$root/tdlint"
cp "$control" "$root/control"
mkdir "$root/ex"
cp "$src/testdata/examples/taskdef.json" "$src/testdata/examples/sam-worker.yaml" "$root/ex/"
if find "$root" -name 'libjansson*' -o -name 'libyaml*' | grep -q .; then
    err "the root holds libjansson or libyaml: $(find "$root" -name 'lib*')"
fi

# the control: a jansson-linked program does not start without libjansson
out=$(chroot "$root" /control 2>&1)
rc=$?
case $rc:$out in
127:*libjansson.so*"cannot open shared object file"*) ;;
*) err "control program in the root: status $rc, want 127 and a missing libjansson: $out" ;;
esac

check() { # check WANT_STATUS WANT_STDOUT WANT_STDERR ARG...
    local want_rc=$1 want_out=$2 want_err=$3
    shift 3
    local out errout rc=0
    out=$(chroot "$root" /tdlint "$@" 2> "$root.err") || rc=$?
    errout=$(cat "$root.err")
    rm -f "$root.err"
    [ "$rc" = "$want_rc" ] || err "tdlint $*: status $rc, want $want_rc"
    [ "$out" = "$want_out" ] || err "$(printf 'tdlint %s: stdout\n%s\nwant\n%s' "$*" "$out" "$want_out")"
    [ "$errout" = "$want_err" ] || err "$(printf 'tdlint %s: stderr\n%s\nwant\n%s' "$*" "$errout" "$want_err")"
}
check 0 "tdlint $version (jansson $(pkg-config --modversion jansson), libyaml $(pkg-config --modversion yaml-0.1))" \
    "" --version
check 1 'ex/sam-worker.yaml:37:11: error: container "worker" in task definition "WorkerTaskDefinition" has a writable root filesystem when condition IsProd is false (ReadonlyRootFilesystem is false): set ReadonlyRootFilesystem to true and mount a volume on each path it writes [TD001]' \
    "" --no-config ex/taskdef.json ex/sam-worker.yaml
check 2 "nope.json:1:1: error: cannot read the file: No such file or directory; check the path and its permissions [TD000]" "" --no-config nope.json
[ $fail = 0 ] && echo "static: runs without libjansson and libyaml"
exit $fail
