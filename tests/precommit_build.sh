#!/usr/bin/env bash
# The pre-commit hook tdlint-build of .pre-commit-hooks.yaml
# (tools/pre-commit-build.sh), in real pre-commit and git, offline, with no
# tdlint installed: a temporary project uses the hook from a repository that
# is a copy of this checkout's working tree, by path, at a commit. The first
# commit of a bad task definition builds tdlint in pre-commit's clone, once
# although pre-commit runs the hook in parallel processes, and is refused
# with tdlint's diagnostic; the second commit, of good task definitions and a
# tsconfig.json with comments, goes through without building again. Run
# directly, the script names each missing package when the PATH has no cmake
# or pkg-config finds no jansson or libyaml, reports a failed build with its
# log, and a process that waited for the lock while another one's build
# failed does not build again.
#
# The hook repository is made from the working tree, not from the last
# commit, so that uncommitted changes are what is tested: the files git
# tracks or would track (git ls-files --cached --others --exclude-standard),
# as they are on disk, committed into a new repository.
#
# usage: tests/precommit_build.sh SOURCE_DIR
# Exits 77 (skipped) when pre-commit, git or flock is not installed, or when
# SOURCE_DIR is not a git checkout.
set -u
src=$(cd "$1" && pwd)
for tool in pre-commit git flock; do
    if ! command -v "$tool" > /dev/null; then
        echo "$tool is not installed: skipping the pre-commit build test (./build.sh deps installs it)"
        exit 77
    fi
done
if ! git -C "$src" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    echo "$src is not a git checkout: skipping the pre-commit build test"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/home"
export HOME="$work/home" PRE_COMMIT_HOME="$work/cache"
export XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache"
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
# no network: anything that tried to fetch would fail at once
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9
export HTTP_PROXY=$http_proxy HTTPS_PROXY=$https_proxy GIT_ALLOW_PROTOCOL=file
unset NO_COLOR CC CFLAGS CMAKE_GENERATOR
git config --global init.defaultBranch main
git config --global advice.detachedHead false
# no tdlint on the PATH: the hook must build its own
if command -v tdlint > /dev/null; then
    dirs=
    IFS=: read -r -a path_dirs <<< "$PATH"
    for d in "${path_dirs[@]}"; do
        [ -x "$d/tdlint" ] || dirs=${dirs:+$dirs:}$d
    done
    export PATH=$dirs
fi

fail=0
expect() { # expect ok|no NAME: checks the last command's status and output
    if [ "$1" != ok ]; then
        echo "FAIL: $2"
        sed 's/^/    /' out
        fail=1
    else
        echo "ok: $2"
    fi
}

# the hook repository: this checkout's working tree
hooks=$work/hooks
mkdir "$hooks"
(cd "$src" && git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do
        if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
    done | tar --null --no-recursion -T - -cf -) | tar -C "$hooks" -xf - || exit 2
git -C "$hooks" init -q
git -C "$hooks" add -A
git -C "$hooks" commit -q -m "the working tree of $src"
rev=$(git -C "$hooks" rev-parse HEAD)
script=$hooks/tools/pre-commit-build.sh
cd "$work" || exit 2

# --- the script alone, when the build cannot be done ---
hint='tdlint: the hook tdlint-build needs them to build tdlint on first use; or install tdlint and use the hook tdlint instead (docs/pre-commit.md)'
# a PATH with every command of the PATH but cmake
mkdir "$work/nocmake"
IFS=: read -r -a path_dirs <<< "$PATH"
for d in "${path_dirs[@]}"; do
    for f in "$d"/*; do
        n=${f##*/}
        if [ "$n" != cmake ] && [ -x "$f" ] && [ ! -d "$f" ] && [ ! -e "$work/nocmake/$n" ]; then
            ln -s "$f" "$work/nocmake/$n"
        fi
    done
done
PATH=$work/nocmake "$script" taskdef.json > out 2>&1
st=$?
printf '%s\n' 'tdlint: cannot build: install cmake (apt-get install cmake)' "$hint" > want
[ $st = 3 ] && cmp -s out want && st=ok || st=no
expect $st "without cmake: the package to install is named, status 3"
mkdir "$work/empty"
PATH=$work/nocmake PKG_CONFIG_LIBDIR=$work/empty PKG_CONFIG_PATH='' "$script" taskdef.json > out 2>&1
st=$?
printf '%s\n' 'tdlint: cannot build: install cmake (apt-get install cmake)' \
    'tdlint: cannot build: install libjansson-dev (apt-get install libjansson-dev)' \
    'tdlint: cannot build: install libyaml-dev (apt-get install libyaml-dev)' \
    'tdlint: cannot build: all at once: apt-get install cmake libjansson-dev libyaml-dev' \
    "$hint" > want
[ $st = 3 ] && cmp -s out want && st=ok || st=no
expect $st "without cmake, jansson and libyaml: each package is named, status 3"
[ ! -e "$hooks/.tdlint-build" ] && st=ok || st=no
expect $st "nothing was built or created"

# A build that fails (the compiler refuses CFLAGS): its log is shown. Two
# processes wait for the lock, held here; the one that gets it first builds
# and fails, the other one does not build again.
mkdir "$hooks/.tdlint-build"
exec 8> "$hooks/.tdlint-build/lock"
flock 8
# (8>&-: a process that kept this descriptor would keep the lock held)
CFLAGS=--no-such-option timeout 300 "$script" a.json > out1 2>&1 8>&- &
p1=$!
CFLAGS=--no-such-option timeout 300 "$script" b.json > out2 2>&1 8>&- &
p2=$!
waiting() { # the number of flock(1) processes started by $p1's or $p2's script
    local s comm ppid gppid n=0
    for s in /proc/[0-9]*/stat; do
        read -r _ comm _ ppid _ 2> /dev/null < "$s" || continue
        [ "$comm" = "(flock)" ] || continue
        read -r _ _ _ gppid _ 2> /dev/null < "/proc/$ppid/stat" || continue
        if [ "$gppid" = $p1 ] || [ "$gppid" = $p2 ]; then n=$((n + 1)); fi
    done
    echo $n
}
for _ in $(seq 300); do
    [ "$(waiting)" = 2 ] && break
    sleep 0.1
done
exec 8>&-
wait $p1
st1=$?
wait $p2
st2=$?
cat out1 out2 > out
log=$hooks/.tdlint-build/build.log
[ $st1 = 3 ] && [ $st2 = 3 ] && [ "$(grep -c '^tdlint: building tdlint from ' out)" = 1 ] &&
    grep -q -- '--no-such-option' out &&
    [ "$(grep -cxF "tdlint: cannot build: the build failed; its log is above and in $log" out)" = 1 ] &&
    [ "$(grep -cxF "tdlint: cannot build: the build failed in another hook process (its log: $log)" out)" = 1 ] &&
    [ ! -e "$hooks/.tdlint-build/tdlint" ] && st=ok || st=no
expect $st "a failed build: its log is shown, status 3; the process that waited does not build again"
git -C "$hooks" status --porcelain > out
[ ! -s out ] && st=ok || st=no
expect $st ".tdlint-build is ignored by git"

# --- the hook in pre-commit ---
repo=$work/project
git init -q "$repo"
cd "$repo" || exit 2
cat > .pre-commit-config.yaml << EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: tdlint-build
EOF
git add .pre-commit-config.yaml
git commit -q -m config
pre-commit install > out 2>&1 && st=ok || st=no
expect $st "pre-commit install"

cat > taskdef.json << 'EOF'
{
  "family": "web",
  "containerDefinitions": [
    {"name": "web", "image": "nginx"}
  ]
}
EOF
# good ones too: more than 4 files make pre-commit run the hook in parallel
# processes (one per CPU)
mkdir services
for s in a b c d e f; do
    printf '{"family": "%s", "containerDefinitions": [{"name": "%s", "image": "busybox", "readonlyRootFilesystem": true}]}\n' $s $s > services/$s.json
done
git add taskdef.json services
git commit -m "bad task definition" > out 2>&1 && st=no || st=ok
expect $st "a commit of a bad task definition is refused"
grep -qxF 'taskdef.json:4:5: error: container "web" in task definition "web" has a writable root filesystem (readonlyRootFilesystem is not set): set readonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix) [TD001]' out &&
    grep -q '^tdlint (ECS task definitions)\.*Failed' out && st=ok || st=no
expect $st "the hook shows tdlint's diagnostics"
[ "$(grep -c '^tdlint: building tdlint from ' out)" = 1 ] && ! grep -q 'cannot build' out &&
    [ "$(grep -c ': error: ' out)" = 1 ] && st=ok || st=no
expect $st "tdlint was built once, and only taskdef.json has a finding"
[ "$(git rev-list --count HEAD)" = 1 ] && st=ok || st=no
expect $st "nothing was committed"
clones=$(find "$PRE_COMMIT_HOME" -mindepth 2 -maxdepth 2 -name .tdlint-build)
[ "$(echo "$clones" | wc -l)" = 1 ] && [ -x "$clones/tdlint" ] && [ "$clones" != "$hooks/.tdlint-build" ] &&
    st=ok || st=no
expect $st "tdlint was built in pre-commit's clone of the hook repository"
stamp() { stat -c '%i %.9Y' "$clones/tdlint" "$clones/build.log" "$clones/cmake/CMakeCache.txt"; }
before=$(stamp)

sed -i 's/"image": "nginx"}/"image": "nginx", "readonlyRootFilesystem": true}/' taskdef.json
cat > tsconfig.json << 'EOF'
{
  // TypeScript reads JSON with comments
  "compilerOptions": {"strict": true}
}
EOF
git add taskdef.json tsconfig.json
git commit -m "good task definition" > out 2>&1 && st=ok || st=no
expect $st "a commit of a good task definition and a tsconfig.json with comments goes through"
grep -q '^tdlint (ECS task definitions)\.*Passed' out && st=ok || st=no
expect $st "the hook ran and passed"
[ "$(git rev-list --count HEAD)" = 2 ] && st=ok || st=no
expect $st "the commit is there"
[ "$(stamp)" = "$before" ] && st=ok || st=no
expect $st "tdlint was not built again"
pre-commit run tdlint-build --verbose --files taskdef.json tsconfig.json > out 2>&1 &&
    grep -qxF "tdlint: note: skipping tsconfig.json:2:3: invalid JSON: string or '}' expected near '/' (it does not look like a task definition; --strict reports it)" out &&
    ! grep -q 'building' out && [ "$(stamp)" = "$before" ] && st=ok || st=no
expect $st "the hook skips tsconfig.json with a note, with the tdlint built before"
exit $fail
