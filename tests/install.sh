#!/usr/bin/env bash
# What `cmake --install` puts in a prefix works for a program: the binary and
# the man page are there, the public header (with tdlint_version.h) compiles,
# and pkg-config's flags link it, against the static and the shared library.
# The version is the one of CMakeLists.txt everywhere: --version, the
# pkg-config file, TD_VERSION, the man page.
# usage: tests/install.sh BUILD_DIR VERSION CC
set -u
build=$1 version=$2 cc=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install: $*"; exit 1; }
cmake --install "$build" --prefix "$tmp/p" > /dev/null || fail "cmake --install failed"
pc=$(find "$tmp/p" -name tdlint.pc -printf "%h\n" | head -1)
lib=$(dirname "$pc")
[ -n "$pc" ] || fail "no tdlint.pc installed"
for f in bin/tdlint include/tdlint.h include/tdlint_version.h share/man/man1/tdlint.1; do
    [ -f "$tmp/p/$f" ] || fail "$f is not installed"
done
out=$("$tmp/p/bin/tdlint" --version) || fail "the installed tdlint does not run"
case $out in "tdlint $version ("*) ;; *) fail "--version says '$out', not $version" ;; esac
export PKG_CONFIG_PATH=$pc
# the .pc file names its folders from ${prefix}: point that at where it went
pkg() { pkg-config --define-variable=prefix="$tmp/p" "$@"; }
[ "$(pkg --modversion tdlint)" = "$version" ] || fail "tdlint.pc has another version"
grep -q "\"tdlint $version\"" "$tmp/p/share/man/man1/tdlint.1" || fail "the man page has another version"
cat > "$tmp/prog.c" << 'C'
#include <stdio.h>
#include <string.h>
#include <tdlint.h>
int main(void)
{
    td_file *f = NULL;
    const char *s = "[{\"name\": \"web\", \"image\": \"nginx\"}]";
    if (td_lint_buffer(NULL, "t.json", s, strlen(s), &f) != TD_OK)
        return 1;
    printf("%s %zu %s\n", TD_VERSION, td_file_finding_count(f), td_file_finding(f, 0)->rule_id);
    td_file_free(f);
    return 0;
}
C
# shellcheck disable=SC2046
"$cc" -o "$tmp/static" "$tmp/prog.c" $(pkg --cflags tdlint) "$lib/libtdlint.a" \
    $(pkg --static --libs-only-other --libs-only-l tdlint | sed 's/-ltdlint//') ||
    fail "a program does not link against libtdlint.a with pkg-config --static"
[ "$("$tmp/static")" = "$version 1 TD001" ] || fail "the static program printed '$("$tmp/static")'"
if [ -f "$lib/libtdlint.so" ]; then
    # shellcheck disable=SC2046
    "$cc" -o "$tmp/shared" "$tmp/prog.c" $(pkg --cflags --libs tdlint) ||
        fail "a program does not link against libtdlint.so"
    [ "$(LD_LIBRARY_PATH=$lib "$tmp/shared")" = "$version 1 TD001" ] ||
        fail "the shared program printed something else"
fi
echo "ok: installed tdlint $version: binary, man page, header, pkg-config, static and shared library"
