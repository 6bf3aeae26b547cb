#!/usr/bin/env bash
# Directory walking: .git and node_modules are skipped, symbolic links to
# directories are not followed, only .json/.yaml/.yml/.template files are read.
# (.git cannot be committed inside testdata/, so the tree is made here.)
# usage: tests/walk.sh TDLINT
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bad='{"containerDefinitions": [{"name": "x", "image": "i"}]}'
mkdir -p "$dir/repo/.git" "$dir/repo/node_modules/pkg" "$dir/repo/app" "$dir/elsewhere"
printf '%s\n' "$bad" > "$dir/repo/.git/taskdef.json"
printf '%s\n' "$bad" > "$dir/repo/node_modules/pkg/taskdef.json"
printf '%s\n' "$bad" > "$dir/elsewhere/taskdef.json"
ln -s ../elsewhere "$dir/repo/linked"
printf '%s\n' "$bad" > "$dir/repo/app/taskdef.txt"
printf '%s\n' "$bad" > "$dir/repo/app/taskdef.template"
cd "$dir" || exit 2
out=$("$tdlint" --no-config -j 1 repo 2>&1)
status=$?
want='repo/app/taskdef.template:1:27: error: container "x" has a writable root filesystem (readonlyRootFilesystem is not set): set readonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix) [TD001]'
if [ "$status" -ne 1 ] || [ "$out" != "$want" ]; then
    printf 'walk: status %s, output:\n%s\nwanted status 1 and:\n%s\n' "$status" "$out" "$want"
    exit 1
fi
echo "walk: .git, node_modules, linked directories and other extensions skipped"
