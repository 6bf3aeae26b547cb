#!/usr/bin/env bash
# Sets up, builds and runs tdlint. Installs what is missing with apt (as root,
# or through sudo), so that it works on a fresh Debian 12 machine.
#
#   ./build.sh examples   build, then lint the bundled examples (testdata/examples)
#   ./build.sh test       build with warnings as errors, then run the whole test suite
#   ./build.sh sanitize   the test suite built with AddressSanitizer + UBSan (leaks fail)
#   ./build.sh valgrind   the unit tests, the golden cases and the bundled examples
#                         under Valgrind memcheck (errors and leaks fail)
#   ./build.sh deb        the Debian package (docs/install.md): build it in a copy of
#                         the tree, lintian, install it, use it, remove it (as root)
#   ./build.sh deps       only install what building and testing need
set -euo pipefail
cd "$(dirname "$0")"

# what building needs, and what the tests add: check, validators for the
# report formats, groff for the man page, and the real clients the
# integration tests drive (pre-commit, Vim, Neovim, Emacs)
BUILD_PACKAGES=(build-essential cmake pkg-config libjansson-dev libyaml-dev)
TEST_PACKAGES=(check valgrind libxml2-utils python3-jsonschema groff-base clang-format
    pre-commit git vim neovim emacs-nox)
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
