#!/usr/bin/env bash
# The pre-commit hook `tdlint-build` of .pre-commit-hooks.yaml: builds the
# tdlint of the checkout this script is in, once, into .tdlint-build/ at the
# checkout's root, then runs it with the hook's arguments. pre-commit clones
# the hook repository into its cache, one clone per rev, so tdlint is built
# once per rev; the files of the commit are linted by the binary built there.
# pre-commit runs a hook in several processes at once when there are many
# files: the first one builds under a lock (flock(1)); the others wait for it
# and use what it built. docs/pre-commit.md tells users about it.
#
# Before building, every tool and library the build needs is checked, and
# each one missing is named with the Debian package that has it.
#
# usage: tools/pre-commit-build.sh [TDLINT ARGUMENT]...
# Exits with tdlint's status, or 3 when tdlint cannot be built (nothing was
# linted).
set -u

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P) || exit 3
cache=$root/.tdlint-build
bin=$cache/tdlint

# built already: no lock, no check
[ -x "$bin" ] && exec "$bin" "$@"

say() { printf 'tdlint: %s\n' "$*" >&2; }

# What the build needs; each problem is one line, each missing package one
# line of its own.
missing=()
problems=()
need() { missing+=("$1"); } # need DEBIAN_PACKAGE

cc=${CC:-}
if [ -z "$cc" ]; then
    for c in cc gcc; do
        if command -v "$c" > /dev/null; then
            cc=$c
            break
        fi
    done
fi
if [ -z "$cc" ] || ! command -v "${cc%% *}" > /dev/null; then
    need gcc
elif ! printf '#include <stdio.h>\n' | $cc -E -x c - > /dev/null 2>&1; then
    need libc6-dev # the compiler is there, the C library's headers are not
fi
generator=${CMAKE_GENERATOR:-}
if [ -z "$generator" ] && ! command -v make > /dev/null; then
    if command -v ninja > /dev/null; then
        generator=Ninja
    else
        need make
    fi
fi
if ! command -v cmake > /dev/null; then
    need cmake
else
    want=$(sed -n 's/^cmake_minimum_required(VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
    have=$(cmake --version | sed -n '1s/^cmake version \([0-9.]*\).*/\1/p')
    if [ -n "$want" ] && [ -n "$have" ] &&
        [ "$(printf '%s\n' "$want" "$have" | sort -V | head -n 1)" != "$want" ]; then
        problems+=("CMake $want or later is needed, $(command -v cmake) is $have")
    fi
fi
if command -v pkg-config > /dev/null; then
    if ! pkg-config --exists jansson; then
        need libjansson-dev
    else
        want=$(sed -n 's/.*jansson>=\([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
        if [ -n "$want" ] && ! pkg-config --atleast-version="$want" jansson; then
            problems+=("jansson $want or later is needed, libjansson-dev is $(pkg-config --modversion jansson)")
        fi
    fi
    pkg-config --exists yaml-0.1 || need libyaml-dev
else
    need pkg-config
    # without pkg-config, look for the libraries' pkg-config files where
    # Debian puts them
    pc() { # pc NAME: is NAME.pc in a usual place?
        local d
        for d in ${PKG_CONFIG_PATH//:/ } /usr/local/lib/*/pkgconfig /usr/local/lib/pkgconfig \
            /usr/local/share/pkgconfig /usr/lib/*/pkgconfig /usr/lib/pkgconfig \
            /usr/share/pkgconfig; do
            [ -f "$d/$1.pc" ] && return 0
        done
        return 1
    }
    pc jansson || need libjansson-dev
    pc yaml-0.1 || need libyaml-dev
fi
command -v flock > /dev/null || need util-linux

if [ ${#missing[@]} -gt 0 ] || [ ${#problems[@]} -gt 0 ]; then
    for p in "${missing[@]}"; do
        say "cannot build: install $p (apt-get install $p)"
    done
    if [ ${#missing[@]} -gt 1 ]; then
        say "cannot build: all at once: apt-get install ${missing[*]}"
    fi
    for p in "${problems[@]}"; do
        say "cannot build: $p"
    done
    say "the hook tdlint-build needs them to build tdlint on first use; or install tdlint and use the hook tdlint instead (docs/pre-commit.md)"
    exit 3
fi

mkdir -p "$cache" || exit 3
# A build that fails while this process waits for the lock is not tried
# again by this process: "failed" changes (a unique line per failure).
failed_before=$(cat "$cache/failed" 2> /dev/null)
exec 9> "$cache/lock" || exit 3
flock 9 || exit 3
if [ -x "$bin" ]; then # built by another process while this one waited
    exec 9>&-
    exec "$bin" "$@"
fi
failed_now=$(cat "$cache/failed" 2> /dev/null)
if [ -n "$failed_now" ] && [ "$failed_now" != "$failed_before" ]; then
    say "cannot build: the build failed in another hook process (its log: $cache/build.log)"
    exit 3
fi

say "building tdlint from $root (once: later runs reuse it)"
log=$cache/build.log
jobs=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2> /dev/null || echo 2)}
configure=(cmake -S "$root" -B "$cache/cmake" -DCMAKE_BUILD_TYPE=Release
    -DTDLINT_BUILD_TESTS=OFF -DTDLINT_BUILD_SHARED=OFF)
[ -n "$generator" ] && configure+=(-G "$generator")
[ -n "${CC:-}" ] || export CC="$cc"
if "${configure[@]}" > "$log" 2>&1 &&
    cmake --build "$cache/cmake" --target tdlint -j "$jobs" >> "$log" 2>&1 &&
    cp "$cache/cmake/tdlint" "$bin.new" && mv -f "$bin.new" "$bin"; then
    rm -f "$cache/failed"
    exec 9>&-
    exec "$bin" "$@"
fi
cat "$log" >&2
say "cannot build: the build failed; its log is above and in $log"
echo "$(date +%s.%N) $$" > "$cache/failed"
exit 3
