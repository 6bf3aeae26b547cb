#!/usr/bin/env bash
# The pre-commit hook of .pre-commit-hooks.yaml, in real pre-commit and git,
# offline: a temporary repository uses the hook from a local clone of a
# repository that holds this checkout's .pre-commit-hooks.yaml, with the
# tdlint under test on the PATH. A commit of a bad task definition, or of a bad
# CloudFormation .template, is refused with tdlint's diagnostics; a commit of
# good ones goes through. The hook tdlint-fix refuses a commit of a fixable
# task definition and leaves the file fixed, so that the next commit of it
# goes through.
#
# usage: tests/precommit.sh TDLINT SOURCE_DIR
# Exits 77 (skipped) when pre-commit or git is not installed.
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
for tool in pre-commit git; do
    if ! command -v "$tool" > /dev/null; then
        echo "$tool is not installed: skipping the pre-commit test (./build.sh deps installs it)"
        exit 77
    fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/home"
ln -s "$tdlint" "$work/bin/tdlint"
export PATH="$work/bin:$PATH" HOME="$work/home" PRE_COMMIT_HOME="$work/cache"
export XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache"
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
# no network: anything that tried to fetch would fail at once
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9
export HTTP_PROXY=$http_proxy HTTPS_PROXY=$https_proxy GIT_ALLOW_PROTOCOL=file
unset NO_COLOR
git config --global init.defaultBranch main
git config --global advice.detachedHead false

fail=0
expect() { # expect NAME: checks the last command's status and output
    if [ "$1" != ok ]; then
        echo "FAIL: $2"
        sed 's/^/    /' out
        fail=1
    else
        echo "ok: $2"
    fi
}

# the hook repository: the hook definitions as they are in this checkout
hooks=$work/hooks
git init -q "$hooks"
cp "$src/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -q -m hooks
rev=$(git -C "$hooks" rev-parse HEAD)

repo=$work/project
git init -q "$repo"
cd "$repo" || exit 2
cat > .pre-commit-config.yaml << EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: tdlint
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
git add taskdef.json
git commit -m "bad task definition" > out 2>&1 && st=no || st=ok
expect $st "a commit of a bad task definition is refused"
grep -qxF 'taskdef.json:4:5: error: container "web" in task definition "web" has a writable root filesystem (readonlyRootFilesystem is not set): set readonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix) [TD001]' out &&
    grep -q '^tdlint (ECS task definitions)\.*Failed' out && st=ok || st=no
expect $st "the hook shows tdlint's diagnostics"
[ "$(git rev-list --count HEAD)" = 1 ] && st=ok || st=no
expect $st "nothing was committed"

sed -i 's/"image": "nginx"}/"image": "nginx", "readonlyRootFilesystem": true}/' taskdef.json
cat > stack.template << 'EOF'
Resources:
  Worker:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: worker
          Image: busybox
          ReadonlyRootFilesystem: false
EOF
git add taskdef.json stack.template
git commit -m "bad template" > out 2>&1 && st=no || st=ok
expect $st "a commit of a bad CloudFormation .template is refused"
grep -qxF 'stack.template:8:11: error: container "worker" in task definition "Worker" has a writable root filesystem (ReadonlyRootFilesystem is false): set ReadonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix) [TD001]' out &&
    ! grep -q '^taskdef.json:' out && st=ok || st=no
expect $st "the hook passes .template files to tdlint, and only the bad file has findings"

sed -i 's/ReadonlyRootFilesystem: false/ReadonlyRootFilesystem: true/' stack.template
printf '# notes\n\nnot: [a task definition\n' > README.md
git add stack.template README.md
git commit -m "good task definitions" > out 2>&1 && st=ok || st=no
expect $st "a commit of good task definitions goes through"
grep -q '^tdlint (ECS task definitions)\.*Passed' out && st=ok || st=no
expect $st "the hook ran and passed"
[ "$(git rev-list --count HEAD)" = 2 ] && st=ok || st=no
expect $st "the commit is there"

# the hook tdlint-fix: a commit of a fixable task definition is refused, and
# the file is left fixed for the next commit
cat > .pre-commit-config.yaml << EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: tdlint-fix
EOF
git add .pre-commit-config.yaml
git commit -q -m "the fixing hook" > out 2>&1 && st=ok || st=no
expect $st "a commit of the configuration alone goes through"
printf '{\n  "family": "fixme",\n  "containerDefinitions": [\n    {\n      "name": "app",\n      "image": "nginx"\n    }\n  ]\n}\n' > fixme.json
cp fixme.json "$work/fixme.orig"
git add fixme.json
git commit -m "a fixable task definition" > out 2>&1 && st=no || st=ok
expect $st "a commit of a fixable task definition is refused"
if cmp -s fixme.json "$work/fixme.orig"; then
    # no fix for this finding in this build: the hook fails as tdlint does
    grep -q '^fixme.json:4:5: error: .*\[TD001\]$' out && st=ok || st=no
    expect $st "tdlint-fix shows what it cannot fix"
else
    grep -q 'files were modified by this hook' out &&
        grep -q '^tdlint: fixed 1 finding in 1 file$' out &&
        tdlint --diff fixme.json > /dev/null && st=ok || st=no
    expect $st "tdlint-fix fixed the file in the working tree, and pre-commit says so"
    git add fixme.json
    git commit -m "the fixed task definition" > out 2>&1 && st=ok || st=no
    expect $st "the fixed file, staged, commits"
fi
exit $fail
