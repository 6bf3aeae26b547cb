#!/usr/bin/env bash
# The Debian package, end to end (./build.sh deb runs it after installing
# dpkg-dev, debhelper, lintian and man-db): builds it with
# `dpkg-buildpackage -us -uc -b` in a copy of the tree (the checkout stays
# clean), runs lintian (any E: or W: not overridden fails), checks that it
# depends on exactly the packages of the libraries the binary links, installs
# it with dpkg -i, runs the installed tdlint (--version, the examples under
# /usr/share/doc/tdlint/examples give what the build tree's binary gives on
# testdata/examples), finds the man page with man -w, then removes and purges
# it and checks that nothing it installed is left.
# Installing needs root, or sudo: without either it is skipped.
# TDLINT_DEB_DIR=DIR keeps the built .deb in DIR.
# usage: tests/deb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
fail() {
    echo "deb: $*" >&2
    exit 1
}

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo > /dev/null; then
        echo "deb: skipped: installing the package needs root or sudo"
        exit 0
    fi
    sudo=(sudo)
fi

version=$(sed -n 's/^project(tdlint VERSION \([0-9][0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || fail "no version in CMakeLists.txt's project()"
bash tests/debian_version.sh . "$version" > /dev/null ||
    fail "$(bash tests/debian_version.sh . "$version")"
debversion=$(dpkg-parsechangelog -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
multiarch=$(dpkg-architecture -qDEB_HOST_GNU_TYPE)

# refuse to replace or remove a tdlint the machine already has
if dpkg-query -W -f='${Status}' tdlint 2> /dev/null | grep -q "installed"; then
    fail "a tdlint package is already installed; remove it first (dpkg --purge tdlint)"
fi
[ ! -e /usr/bin/tdlint ] || fail "/usr/bin/tdlint exists and no package owns it; remove it first"

tmp=$(mktemp -d)
installed=0
cleanup() {
    if [ $installed = 1 ]; then
        "${sudo[@]}" dpkg --purge tdlint > /dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# the tree as git sees it (tracked and untracked files, not the ignored build
# folders), or all of it but build*/ outside git
src=$tmp/tdlint-$version
mkdir "$src"
ingit=0
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    ingit=1
    git status --porcelain --ignored > "$tmp/status.before"
    git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do [ ! -e "$f" ] || printf '%s\0' "$f"; done |
        tar --null -T - -cf - | tar -xf - -C "$src"
else
    tar --exclude='./build*' --exclude=./.git -cf - . | tar -xf - -C "$src"
fi

start=$SECONDS
echo "== dpkg-buildpackage -us -uc -b (tdlint $debversion, $arch)"
(cd "$src" && dpkg-buildpackage -us -uc -b -j"$(nproc 2> /dev/null || echo 2)") \
    > "$tmp/build.log" 2>&1 || {
    tail -n 40 "$tmp/build.log"
    fail "dpkg-buildpackage failed (the log's end is above)"
}
deb=$tmp/tdlint_${debversion}_${arch}.deb
changes=$tmp/tdlint_${debversion}_${arch}.changes
[ -f "$deb" ] || fail "no $(basename "$deb"): $(ls "$tmp")"
[ -f "$changes" ] || fail "no $(basename "$changes")"
echo "built $(basename "$deb") in $((SECONDS - start)) s"
if [ -n "${TDLINT_DEB_DIR:-}" ]; then
    mkdir -p "$TDLINT_DEB_DIR"
    cp "$deb" "$TDLINT_DEB_DIR/"
    echo "kept $TDLINT_DEB_DIR/$(basename "$deb")"
fi

echo "== lintian"
status=0
# (not --fail-on warning: with --show-overrides, it counts the overridden tags)
lintian --display-info --show-overrides "$changes" > "$tmp/lintian.txt" 2> "$tmp/lintian.err" ||
    status=$?
cat "$tmp/lintian.txt"
[ -s "$tmp/lintian.txt" ] || echo "(no tags)"
if grep -q '^[EW]: ' "$tmp/lintian.txt" || [ $status -ne 0 ]; then
    grep -v 'running with root privileges' "$tmp/lintian.err" >&2 || true
    fail "lintian reports errors or warnings that are not overridden (status $status)"
fi

echo "== dependencies: the packages of the libraries the binary links"
ex=$tmp/extract
dpkg-deb -x "$deb" "$ex"
needed=$(readelf -d "$ex/usr/bin/tdlint" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || fail "readelf finds no NEEDED entry in usr/bin/tdlint"
linked=$(for so in $needed; do
    owner=$(dpkg -S "*/$so" 2> /dev/null | grep "$multiarch/$so\|/lib64/$so" | head -n 1) ||
        true
    [ -n "$owner" ] || fail "no installed package has $so"
    echo "${owner%%:*}"
done | sort -u)
depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*//; s/[[:space:]]//g' |
    grep -v '^$' | sort -u)
if [ "$linked" != "$depends" ]; then
    echo "links (readelf -d): $(echo "$needed" | tr '\n' ' ')" >&2
    echo "their packages: $(echo "$linked" | tr '\n' ' ')" >&2
    echo "Depends: $(dpkg-deb -f "$deb" Depends)" >&2
    fail "the package does not depend on exactly the libraries it links"
fi
echo "Depends: $(dpkg-deb -f "$deb" Depends)"

echo "== dpkg -i"
# paths of the package that the machine has before: only directories may be
# (and stay) there
dpkg-deb --fsys-tarfile "$deb" | tar -tf - | sed 's|^\./|/|; s|/$||' | grep -v '^\.\?$' |
    sort > "$tmp/paths"
: > "$tmp/before"
while IFS= read -r p; do
    if [ -e "$p" ] || [ -L "$p" ]; then
        if [ ! -d "$p" ] || [ -L "$p" ]; then
            fail "$p exists before the package is installed"
        fi
        echo "$p" >> "$tmp/before"
    fi
done < "$tmp/paths"
# --path-include: install the documentation and the man page even where a
# dpkg configuration excludes /usr/share/doc and /usr/share/man (minimal images)
installed=1
"${sudo[@]}" dpkg --path-include='/usr/share/doc/tdlint/*' \
    --path-include='/usr/share/man/man1/tdlint.1*' -i "$deb" ||
    fail "dpkg -i failed"
dpkg -L tdlint | grep -v '^/\.$' | sort > "$tmp/listed"
diff -u "$tmp/paths" "$tmp/listed" || fail "dpkg -L tdlint is not the package's contents (diff above)"
for f in /usr/bin/tdlint /usr/share/man/man1/tdlint.1.gz /usr/share/doc/tdlint/copyright \
    /usr/share/doc/tdlint/examples/taskdef.json; do
    [ -f "$f" ] || fail "$f is not installed"
done

echo "== the installed tdlint"
out=$(/usr/bin/tdlint --version) || fail "/usr/bin/tdlint --version failed"
echo "$out"
case $out in "tdlint $version ("*) ;; *) fail "--version says '$out', not tdlint $version" ;; esac
examples=/usr/share/doc/tdlint/examples
status=0
/usr/bin/tdlint --no-config "$examples" > "$tmp/installed.out" 2>&1 || status=$?
[ $status -eq 1 ] || fail "tdlint $examples exited with $status, not 1 (findings)"
sed -i "s|$examples/|testdata/examples/|g" "$tmp/installed.out"
status=0
"$src/obj-$multiarch/tdlint" --no-config testdata/examples > "$tmp/built.out" 2>&1 || status=$?
[ $status -eq 1 ] || fail "the build tree's tdlint exited with $status on testdata/examples"
diff -u "$tmp/built.out" "$tmp/installed.out" ||
    fail "the installed examples do not give the build tree's findings (diff above)"
echo "tdlint $examples: status 1, the $(wc -l < "$tmp/installed.out") lines the build tree gives on testdata/examples"
man=$(man -w tdlint) || fail "man -w tdlint finds no page"
[ "$man" = /usr/share/man/man1/tdlint.1.gz ] || fail "man -w tdlint finds $man"
echo "man -w tdlint: $man"

echo "== dpkg -r, dpkg --purge"
"${sudo[@]}" dpkg -r tdlint > /dev/null || fail "dpkg -r tdlint failed"
[ ! -e /usr/bin/tdlint ] || fail "/usr/bin/tdlint is left after dpkg -r"
if [ "$(dpkg-query -W -f='${db:Status-Status}' tdlint 2> /dev/null)" = config-files ]; then
    "${sudo[@]}" dpkg --purge tdlint > /dev/null || fail "dpkg --purge tdlint failed"
fi
installed=0
! dpkg-query -W -f='${Status}' tdlint 2> /dev/null | grep -q "installed" ||
    fail "dpkg still knows tdlint after --purge"
left=0
while IFS= read -r p; do
    [ -e "$p" ] || [ -L "$p" ] || continue
    grep -qxF "$p" "$tmp/before" && continue
    echo "left after purge: $p" >&2
    left=1
done < "$tmp/listed"
[ $left = 0 ] || fail "files of the package are left after dpkg --purge"
echo "removed: none of its $(wc -l < "$tmp/listed") paths is left but the $(wc -l < "$tmp/before") directories that were there before it"
if [ $ingit = 1 ]; then
    git status --porcelain --ignored > "$tmp/status.after"
    diff -u "$tmp/status.before" "$tmp/status.after" || fail "the checkout changed (diff above)"
fi
echo "ok: tdlint $debversion built, lintian-clean, installed, used and removed in $((SECONDS - start)) s"
