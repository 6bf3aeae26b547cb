#!/usr/bin/env bash
# The composite GitHub Action (action.yml, ci/action.sh), run as a runner runs it
# (tests/action_runner.py: GITHUB_ACTION_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT,
# GITHUB_PATH, RUNNER_TEMP, each step's env) on a workspace with a bad and a good
# task definition. TDLINT, the binary built here, stands for every way the action
# gets tdlint, so that nothing is built: on PATH (version: installed), as the
# build cache restored (version empty), in a release archive served from a
# file:// URL (version X.Y.Z: verified, extracted; a wrong SHA-256 stops the
# action; a missing release falls back to the build). Asserts the exact standard
# output, $GITHUB_OUTPUT files, action outputs, SARIF file and exit status.
# Skipped (77) without python3's yaml module (python3-yaml).
# usage: tests/action.sh TDLINT SOURCE_DIR
set -u
tdlint=$(realpath "$1") src=$(realpath "$2")
python3 -c 'import yaml' 2> /dev/null || { echo "action: no python3 yaml module; skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
err() { echo "action: $case: $*"; fail=1; }

mkdir -p "$tmp/bin" "$tmp/bad" "$tmp/good"
ln -s "$tdlint" "$tmp/bin/tdlint"
cp "$src/testdata/examples/taskdef.json" "$tmp/good/"
cp "$src/testdata/examples/taskdef.json" "$tmp/bad/good.json"
printf '{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx"}]}\n' \
    > "$tmp/bad/bad.json"
version_line=$("$tdlint" --version)
version=$(echo "$version_line" | cut -d' ' -f2)
finding='bad.json:1:44: error: container "web" in task definition "web" has a writable root filesystem (readonlyRootFilesystem is not set): set readonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix) [TD001]'
annotation='::error file=bad.json,line=1,col=44,endLine=1,endColumn=77,title=TD001 writable-root-filesystem::container "web" in task definition "web" has a writable root filesystem (readonlyRootFilesystem is not set): set readonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix)'

run() { # run WORKSPACE [INPUT=VALUE]...: status in $rc, output in $tmp/runner/outputs;
    # with $cached set, the build folder is there as the cache restores it
    local ws=$1
    shift
    rm -rf "$tmp/runner" "$ws"/*.sarif
    mkdir -p "$tmp/runner"
    if [ -n "$cached" ]; then # as actions/cache restores it
        mkdir -p "$tmp/runner/tdlint-build"
        cp "$tdlint" "$tmp/runner/tdlint-build/tdlint"
    fi
    : > "$tmp/path"
    rc=0
    env GITHUB_ACTION_PATH="$src" GITHUB_WORKSPACE="$ws" RUNNER_TEMP="$tmp/runner" \
        GITHUB_PATH="$tmp/path" PATH="$tmp/bin:$PATH" TDLINT_RELEASE_URL="file://$tmp/releases" \
        python3 "$src/tests/action_runner.py" "$@" > "$tmp/stdout" 2> "$tmp/stderr" || rc=$?
}
expect() { # expect STATUS STDOUT
    [ "$rc" = "$1" ] || err "status $rc, want $1; stderr: $(cat "$tmp/stderr")"
    [ "$(cat "$tmp/stdout")" = "$2" ] ||
        err "$(printf 'stdout:\n%s\nwant:\n%s' "$(cat "$tmp/stdout")" "$2")"
}
file_is() { # file_is FILE CONTENT
    [ "$(cat "$1" 2> /dev/null)" = "$2" ] ||
        err "$(printf '%s:\n%s\nwant:\n%s' "${1#"$tmp"/}" "$(cat "$1" 2>&1)" "$2")"
}
same_sarif() { # same_sarif WORKSPACE FILE PATH...: FILE is what tdlint writes there
    local ws=$1 file=$2
    shift 2
    (cd "$ws" && "$tdlint" --format sarif "$@" > "$tmp/want.sarif")
    cmp -s "$ws/$file" "$tmp/want.sarif" || err "$file is not tdlint's SARIF log of $*"
}
cached=

case="bad workspace, defaults, tdlint on PATH"
run "$tmp/bad" version=installed
expect 1 "$version_line
$finding"
file_is "$tmp/runner/outputs/plan" "method=installed
build-dir=$tmp/runner/tdlint-build
cache-key=tdlint-build-${ImageOS:-$(uname -s)}-$(uname -m)-$(cd "$src" &&
    find CMakeLists.txt cmake lib cli rules -type f -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum | sha256sum | cut -c1-16)"
file_is "$tmp/runner/outputs/install" "bin=$tmp/bin/tdlint"
file_is "$tmp/path" "$tmp/bin"
file_is "$tmp/runner/outputs/lint" "exit-code=1
sarif-file=tdlint.sarif"
file_is "$tmp/runner/outputs/action" "exit-code=1
sarif-file=tdlint.sarif"
same_sarif "$tmp/bad" tdlint.sarif .

case="good workspace, the build restored from the cache"
cached=1
run "$tmp/good"
cached=
expect 0 "tdlint action: using the cached build in $tmp/runner/tdlint-build
$version_line"
file_is "$tmp/runner/outputs/install" "bin=$tmp/runner/tdlint-build/tdlint"
file_is "$tmp/runner/outputs/action" "exit-code=0
sarif-file=tdlint.sarif"
same_sarif "$tmp/good" tdlint.sarif .

case="github annotations, two paths on two lines, no SARIF, fail-level error"
run "$tmp/bad" version=installed format=github sarif-file= fail-level=error "paths=good.json
bad.json"
expect 1 "$version_line
$annotation"
file_is "$tmp/runner/outputs/action" "exit-code=1
sarif-file="
[ ! -e "$tmp/bad/tdlint.sarif" ] || err "a SARIF log was written"

case="format sarif: the log is the report"
run "$tmp/bad" version=installed format=sarif sarif-file=bad.sarif paths=bad.json
expect 1 "$version_line"
file_is "$tmp/runner/outputs/action" "exit-code=1
sarif-file=bad.sarif"
same_sarif "$tmp/bad" bad.sarif bad.json

case="a wrong fail-level: status 2 from tdlint"
run "$tmp/good" version=installed fail-level=fatal sarif-file=
[ "$rc" = 2 ] || err "status $rc, want 2"
file_is "$tmp/runner/outputs/action" "exit-code=2
sarif-file="

# a release archive as ./build.sh release makes it, served from file://
if ! command -v curl > /dev/null; then
    echo "action: no curl: the release cases are skipped"
    [ $fail = 0 ] && echo "action: every other case passed"
    exit $fail
fi
arch=$(uname -m)
rel=$tmp/releases/v$version
mkdir -p "$rel" "$tmp/stage/tdlint-$version"
cp "$tdlint" "$tmp/stage/tdlint-$version/tdlint"
tar -C "$tmp/stage" -czf "$rel/tdlint-$version-linux-$arch.tar.gz" "tdlint-$version"
(cd "$rel" && sha256sum "tdlint-$version-linux-$arch.tar.gz" > "tdlint-$version-linux-$arch.tar.gz.sha256")

case="release v$version, verified"
run "$tmp/bad" version="$version" paths=bad.json sarif-file=
expect 1 "$version_line
$finding"
file_is "$tmp/runner/outputs/install" "bin=$tmp/runner/tdlint-release/tdlint-$version/tdlint"
file_is "$tmp/path" "$tmp/runner/tdlint-release/tdlint-$version"

case="release v$version, a SHA-256 that does not match"
cp "$rel/tdlint-$version-linux-$arch.tar.gz.sha256" "$tmp/sha256"
printf '%064d  %s\n' 0 "tdlint-$version-linux-$arch.tar.gz" > "$rel/tdlint-$version-linux-$arch.tar.gz.sha256"
run "$tmp/bad" version="$version"
[ "$rc" = 1 ] || err "status $rc, want 1"
grep -qxF "::error title=tdlint action::tdlint-$version-linux-$arch.tar.gz does not match its SHA-256 (file://$rel/tdlint-$version-linux-$arch.tar.gz.sha256)" \
    "$tmp/stderr" || err "no error on the SHA-256: $(cat "$tmp/stderr")"
[ ! -e "$tmp/runner/outputs/lint" ] || err "tdlint ran"
file_is "$tmp/runner/outputs/action" "exit-code=
sarif-file="
cp "$tmp/sha256" "$rel/tdlint-$version-linux-$arch.tar.gz.sha256"

case="a release that does not exist: the build instead"
cached=1
run "$tmp/good" version=9.9.9
cached=
expect 0 "::warning title=tdlint action::no release v9.9.9 for $arch at file://$tmp/releases: building the action's checkout instead
tdlint action: using the cached build in $tmp/runner/tdlint-build
$version_line"

case="a version that is none"
run "$tmp/good" version=latest
[ "$rc" = 1 ] || err "status $rc, want 1"
file_is "$tmp/stderr" "::error title=tdlint action::version: 'latest' is not X.Y.Z, 'installed' or empty (build from source)"

case="an input the action does not have"
run "$tmp/good" colour=always
[ "$rc" = 100 ] || err "status $rc, want 100 (the runner refuses it)"

[ $fail = 0 ] && echo "action: every case passed"
exit $fail
