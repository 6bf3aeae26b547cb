#!/usr/bin/env bash
# Sets up, builds and runs tdlint. Installs what is missing with apt (as root,
# or through sudo), so that it works on a fresh Debian 12 machine.
#
#   ./build.sh examples   build, then lint the bundled examples (testdata/examples)
#   ./build.sh test       build with warnings as errors, then run the whole test suite
#   ./build.sh sanitize   the test suite built with AddressSanitizer + UBSan (leaks fail)
#   ./build.sh valgrind   the unit tests, the golden cases and the bundled examples
#                         under Valgrind memcheck (errors and leaks fail)
#   ./build.sh release    the portable binary (jansson and libyaml linked in, glibc
#                         only): dist/tdlint-VERSION-linux-ARCH.tar.gz and its .sha256
#   ./build.sh deb        the Debian package (docs/install.md): build it in a copy of
#                         the tree, lintian, install it, use it, remove it (as root)
#   ./build.sh deps       only install what building and testing need
set -euo pipefail
cd "$(dirname "$0")"

# what building needs, and what the tests add: check, validators for the
# report formats, groff for the man page, the real clients the
# integration tests drive (pre-commit, Vim, Neovim, Emacs and its LSP client Eglot), patch (which
# applies --diff's output in tests/fix_cli.sh), what the
# GitHub Action's test needs (python3-yaml to read action.yml, curl), and Node.js, which
# checks and loads the VS Code extension (tests/vscode_extension.js)
BUILD_PACKAGES=(build-essential cmake pkg-config libjansson-dev libyaml-dev)
TEST_PACKAGES=(check valgrind libxml2-utils python3-jsonschema groff-base clang-format
    pre-commit git patch vim neovim emacs-nox elpa-eglot python3-yaml curl nodejs)
JOBS=$(nproc 2>/dev/null || echo 2)

deps() { # deps PACKAGE...
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "build.sh: installing ${missing[*]}" >&2
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends \
        "${missing[@]}"
}

build() { # build DIR [cmake options...]
    local dir=$1
    shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$JOBS"
}

case ${1:-} in
deps)
    deps "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    ;;
examples)
    deps "${BUILD_PACKAGES[@]}"
    build build -DTDLINT_BUILD_TESTS=OFF
    echo "\$ build/tdlint testdata/examples"
    status=0
    build/tdlint testdata/examples || status=$?
    echo "tdlint exited with status $status (0 clean, 1 findings, 2 unreadable input)"
    ;;
test)
    deps "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    build build -DTDLINT_WERROR=ON -DTDLINT_BUILD_TESTS=ON
    ctest --test-dir build --output-on-failure -j "$JOBS"
    ;;
sanitize)
    deps "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    build build-sanitize -DTDLINT_WERROR=ON -DTDLINT_BUILD_TESTS=ON -DTDLINT_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-sanitize --output-on-failure -j "$JOBS"
    ;;
valgrind)
    deps "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    build build -DTDLINT_WERROR=ON -DTDLINT_BUILD_TESTS=ON
    vg=(valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
        --errors-for-leak-kinds=definite,indirect)
    failed=0
    for t in build/tests/test_*; do
        case $t in */test_alloc_fail) continue ;; esac # it replaces malloc: not with valgrind
        CK_FORK=no "${vg[@]}" "$t" >/dev/null || { echo "valgrind: $t failed"; failed=1; }
    done
    n=0
    for c in testdata/cases/*/; do
        n=$((n + 1))
        TDLINT_RUNNER="${vg[*]}" bash tests/golden.sh build/tdlint "$c" >/dev/null ||
            { echo "valgrind: golden case $c failed"; failed=1; }
    done
    "${vg[@]}" build/tdlint --no-config testdata/examples >/dev/null || [ $? -eq 1 ] ||
        { echo "valgrind: the examples failed"; failed=1; }
    echo "valgrind: $(ls build/tests/test_* | wc -l) unit test programs, $n golden cases: $([ $failed = 0 ] && echo clean || echo FAILED)"
    exit $failed
    ;;
release)
    # RelWithDebInfo (what the tests run), stripped; the man page dated from
    # the last commit, the archive reproducible: sorted names, fixed times,
    # owner root, gzip -n. tests/static.sh checks the binary (glibc only, runs
    # in a root without jansson and libyaml; check_report is its control).
    deps "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
        SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s)
    fi
    export SOURCE_DATE_EPOCH
    rm -rf build-release
    cmake -S . -B build-release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTDLINT_WERROR=ON \
        -DTDLINT_STATIC=ON -DTDLINT_BUILD_SHARED=OFF -DTDLINT_BUILD_TESTS=ON >/dev/null
    cmake --build build-release -j "$JOBS" --target tdlint man check_report
    version=$(sed -n 's/^#define TD_VERSION "\(.*\)"$/\1/p' build-release/include/tdlint_version.h)
    [ -n "$version" ] || { echo "release: no TD_VERSION in tdlint_version.h" >&2; exit 1; }
    status=0
    bash tests/static.sh build-release/tdlint build-release/tests/check_report . "$version" ||
        status=$?
    [ $status = 77 ] && echo "release: WARNING: not root, the binary was not run in a bare root" >&2
    [ $status = 0 ] || [ $status = 77 ] || exit 1
    docs=(LICENSE NOTICE THIRD-PARTY.md README.md) # THIRD-PARTY.md: jansson and libyaml are inside
    for f in "${docs[@]}"; do
        [ -f "$f" ] || { echo "release: $f is missing; the archive needs it" >&2; exit 1; }
    done
    name=tdlint-$version-linux-$(uname -m) top=tdlint-$version
    stage=build-release/stage
    rm -rf "$stage"
    mkdir -p "$stage/$top" dist
    strip -o "$stage/$top/tdlint" build-release/tdlint
    cp build-release/docs/tdlint.1 "${docs[@]}" "$stage/$top/"
    chmod 0755 "$stage/$top" "$stage/$top/tdlint"
    (cd "$stage/$top" && chmod 0644 tdlint.1 "${docs[@]}")
    tar -C "$stage" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 \
        --numeric-owner --format=gnu -cf - "$top" | gzip -9 -n > "dist/$name.tar.gz"
    (cd dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
    # what a user does: verify, extract, run
    check=$(mktemp -d)
    cp "dist/$name.tar.gz" "dist/$name.tar.gz.sha256" "$check/"
    (cd "$check" && sha256sum --quiet -c "$name.tar.gz.sha256" && tar -xzf "$name.tar.gz")
    [ "$("$check/$top/tdlint" --version | cut -d' ' -f2)" = "$version" ] ||
        { echo "release: the extracted binary does not say version $version" >&2; exit 1; }
    status=0
    "$check/$top/tdlint" --no-config testdata/examples > /dev/null || status=$?
    [ $status = 1 ] || { echo "release: linting the examples: status $status, want 1" >&2; exit 1; }
    rm -rf "$check"
    glibc=$(objdump -T build-release/tdlint | grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' | sort -uV | tail -1)
    echo "release: dist/$name.tar.gz ($(stat -c %s "dist/$name.tar.gz") bytes; binary" \
        "$(stat -c %s "$stage/$top/tdlint") bytes, needs glibc ${glibc#GLIBC_} or later)"
    cat "dist/$name.tar.gz.sha256"
    ;;
deb)
    # tests/deb.sh: dpkg -i needs root or sudo; without either it is skipped
    if [ "$(id -u)" -ne 0 ] && ! command -v sudo > /dev/null; then
        echo "build.sh deb: skipped: installing the package needs root or sudo"
        exit 0
    fi
    deps "${BUILD_PACKAGES[@]}" dpkg-dev debhelper lintian man-db
    bash tests/deb.sh
    ;;
*)
    sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
