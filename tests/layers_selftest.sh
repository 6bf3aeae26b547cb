#!/usr/bin/env bash
# tests/layers.sh can fail: on object files made here that break each of its
# rules (two files calling each other, a stage calling a later one, the
# command using a name that is not the public API), it must fail and say so;
# on ones that keep them, pass.
# usage: tests/layers_selftest.sh CC NM LAYERS_SH
set -u
cc=$1 nm=$2 layers=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# obj PATH CODE: compiles CODE as the object CMake would make of source PATH
obj() {
    local o="$tmp/CMakeFiles/t.dir/$1.o"
    mkdir -p "$(dirname "$o")"
    printf '%s\n' "$2" > "$tmp/src.c"
    "$cc" -c -o "$o" "$tmp/src.c" || exit 2
    echo "$o"
}
# expect NAME STATUS PATTERN OBJECT...
expect() {
    local name=$1 want=$2 pattern=$3
    shift 3
    local out status=0
    out=$(bash "$layers" "$nm" "$@" 2>&1) || status=$?
    if [ "$status" != "$want" ] || ! grep -q -- "$pattern" <<<"$out"; then
        echo "FAIL $name: status $status (want $want), output: $out"
        fail=1
    else
        echo "ok   $name: $out"
    fi
    rm -rf "$tmp/CMakeFiles"
}
a=$(obj lib/parse/a.c 'void b(void); void a(void) { b(); }')
b=$(obj lib/parse/b.c 'void a(void); void b(void) { a(); }')
expect "two files that call each other" 1 "around a loop: lib/parse/a.c -> lib/parse/b.c -> lib/parse/a.c\|around a loop: lib/parse/b.c -> lib/parse/a.c -> lib/parse/b.c" "$a" "$b"
a=$(obj lib/model/a.c 'void b(void); void a(void) { b(); }')
b=$(obj lib/model/b.c 'void c(void); void b(void) { c(); }')
c=$(obj lib/model/c.c 'void a(void); void c(void) { a(); }')
expect "a loop of three" 1 "around a loop" "$a" "$b" "$c"
a=$(obj lib/base/a.c 'void p(void); void a(void) { p(); }')
p=$(obj lib/parse/p.c 'void p(void) {}')
expect "a stage calling a later one" 1 "lib/base/a.c (base) calls p in lib/parse/p.c, a later stage (parse)" "$a" "$p"
r=$(obj lib/report/r.c 'void r(void) {}')
e=$(obj rules/td999.c 'void r(void); void e(void) { r(); }')
expect "a rule calling the report" 1 "rules/td999.c (rules) calls r in lib/report/r.c" "$e" "$r"
x=$(obj cli/x.c 'void tdi_secret(void); void x(void) { tdi_secret(); }')
s=$(obj lib/engine/s.c 'void tdi_secret(void) {}')
expect "the command using an internal name" 1 "uses tdi_secret of lib/engine/s.c, which is not the public API" "$x" "$s"
n=$(obj lib/nowhere.c 'void n(void) {}')
expect "a file in no stage" 1 "lib/nowhere.c is in no stage" "$n"
b=$(obj lib/base/b.c 'void b(void) {}')
p=$(obj lib/parse/p.c 'void b(void); void p(void) { b(); }')
x=$(obj cli/x.c 'void td_lint(void); void p(void); void x(void) { td_lint(); }')
t=$(obj lib/engine/t.c 'void p(void); void td_lint(void) { p(); }')
expect "stages in order" 0 "ok: 4 objects, 3 calls" "$b" "$p" "$x" "$t"
exit $fail
