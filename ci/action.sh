#!/usr/bin/env bash
# The shell steps of the composite GitHub Action (action.yml at the repository
# root); tests/action.sh runs them as a runner does.
#
#   ci/action.sh plan     decide how to get tdlint (INPUT_VERSION): "installed"
#                         (tdlint on PATH), a release X.Y.Z (download), or ""
#                         (build the action's own checkout); outputs method,
#                         build-dir and cache-key (for actions/cache)
#   ci/action.sh install  get it: outputs bin, and its folder goes on GITHUB_PATH
#   ci/action.sh lint     run it on INPUT_PATHS from GITHUB_WORKSPACE: the report in
#                         INPUT_FORMAT on standard output, the SARIF log in
#                         INPUT_SARIF_FILE; outputs exit-code and sarif-file, and
#                         exits with tdlint's status
#
# Environment, as a runner sets it: GITHUB_ACTION_PATH, GITHUB_WORKSPACE,
# GITHUB_OUTPUT, GITHUB_PATH, RUNNER_TEMP; the inputs as INPUT_* (action.yml
# passes them); TDLINT_BIN (install's output, for lint); TDLINT_RELEASE_URL (where
# releases are, default GitHub's).
set -euo pipefail

: "${GITHUB_ACTION_PATH:?}" "${GITHUB_OUTPUT:?}" "${RUNNER_TEMP:?}"
build_dir=$RUNNER_TEMP/tdlint-build
release_url=${TDLINT_RELEASE_URL:-https://github.com/tdlint/tdlint/releases/download}
packages=(build-essential cmake pkg-config libjansson-dev libyaml-dev)

output() { echo "$1=$2" >> "$GITHUB_OUTPUT"; }
die() {
    echo "::error title=tdlint action::$*" >&2
    exit 1
}

# the source the build uses, hashed: the cache key of the build folder
source_key() {
    (cd "$GITHUB_ACTION_PATH" &&
        find CMakeLists.txt cmake lib cli rules -type f -print0 | LC_ALL=C sort -z |
        xargs -0 sha256sum | sha256sum | cut -c1-16)
}

# build the action's checkout into $build_dir, unless the cache restored it
build() {
    local missing=() p
    if [ -x "$build_dir/tdlint" ] && "$build_dir/tdlint" --version > /dev/null 2>&1; then
        echo "tdlint action: using the cached build in $build_dir"
        return
    fi
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        command -v apt-get > /dev/null ||
            die "building tdlint needs ${missing[*]} (Debian/Ubuntu names), and there is no apt-get"
        local sudo=()
        [ "$(id -u)" -ne 0 ] && sudo=(sudo)
        echo "tdlint action: installing ${missing[*]}"
        "${sudo[@]}" apt-get update -q
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends \
            "${missing[@]}"
    fi
    cmake -S "$GITHUB_ACTION_PATH" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
        -DTDLINT_BUILD_TESTS=OFF -DTDLINT_BUILD_SHARED=OFF > /dev/null
    cmake --build "$build_dir" -j "$(nproc)" --target tdlint
}

# download release $1 into $RUNNER_TEMP; print the binary's path, or fail
# with status 3 when it cannot be downloaded (no such release)
download() {
    local version=$1 dir=$RUNNER_TEMP/tdlint-release arch name
    arch=$(uname -m)
    name=tdlint-$version-linux-$arch.tar.gz
    rm -rf "$dir"
    mkdir -p "$dir"
    curl -fsSL -o "$dir/$name" "$release_url/v$version/$name" &&
        curl -fsSL -o "$dir/$name.sha256" "$release_url/v$version/$name.sha256" || return 3
    # a checksum that does not match is never worked around
    (cd "$dir" && sha256sum --quiet -c "$name.sha256") >&2 ||
        die "$name does not match its SHA-256 ($release_url/v$version/$name.sha256)"
    tar -xzf "$dir/$name" -C "$dir" >&2
    echo "$dir/tdlint-$version/tdlint"
}

case ${1:-} in
plan)
    case ${INPUT_VERSION:-} in
    installed) method=installed ;;
    '') method=build ;;
    [0-9]*.[0-9]*.[0-9]*) method=release ;;
    *) die "version: '$INPUT_VERSION' is not X.Y.Z, 'installed' or empty (build from source)" ;;
    esac
    output method "$method"
    output build-dir "$build_dir"
    output cache-key "tdlint-build-${ImageOS:-$(uname -s)}-$(uname -m)-$(source_key)"
    ;;
install)
    case ${INPUT_VERSION:-} in
    installed)
        bin=$(command -v tdlint) || die "version: installed, but there is no tdlint on PATH"
        ;;
    '')
        bin=$build_dir/tdlint
        build
        ;;
    *)
        status=0
        bin=$(download "$INPUT_VERSION") || status=$?
        if [ $status = 3 ]; then
            echo "::warning title=tdlint action::no release v$INPUT_VERSION for $(uname -m) at $release_url: building the action's checkout instead"
            bin=$build_dir/tdlint
            build
        elif [ $status != 0 ]; then
            exit $status
        fi
        ;;
    esac
    "$bin" --version
    output bin "$bin"
    [ -z "${GITHUB_PATH:-}" ] || dirname "$bin" >> "$GITHUB_PATH"
    ;;
lint)
    bin=${TDLINT_BIN:?TDLINT_BIN: the install step gives it}
    cd "${GITHUB_WORKSPACE:?}"
    read -r -a paths <<< "$(printf '%s' "${INPUT_PATHS:-.}" | tr '\n' ' ')"
    [ ${#paths[@]} -gt 0 ] || paths=(.)
    format=${INPUT_FORMAT:-text} sarif=${INPUT_SARIF_FILE:-}
    args=()
    [ -z "${INPUT_FAIL_LEVEL:-}" ] || args+=(--fail-level "$INPUT_FAIL_LEVEL")
    status=0
    if [ "$format" = sarif ]; then
        # the SARIF log is the report: into the file, nothing on standard output
        sarif=${sarif:-tdlint.sarif}
        "$bin" "${args[@]}" --format sarif --output "$sarif" -- "${paths[@]}" || status=$?
    else
        if [ -n "$sarif" ]; then
            "$bin" "${args[@]}" --format sarif --output "$sarif" -- "${paths[@]}" || status=$?
        fi
        # the same files, the same status; the larger one if it is not
        s=0
        "$bin" "${args[@]}" --format "$format" -- "${paths[@]}" || s=$?
        [ $s -le $status ] || status=$s
    fi
    output exit-code "$status"
    output sarif-file "$sarif"
    exit $status
    ;;
*)
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
