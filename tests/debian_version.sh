#!/usr/bin/env bash
# debian/changelog's newest entry packages the version set in CMakeLists.txt:
# its upstream part (without epoch and Debian revision) is that version.
# usage: tests/debian_version.sh SOURCE_DIR VERSION
set -u
src=$1 version=$2
changelog=$src/debian/changelog
[ -f "$changelog" ] || { echo "debian-version: no $changelog"; exit 1; }
line=$(head -n 1 "$changelog")
full=$(printf '%s\n' "$line" | sed -n 's/^tdlint (\([^)]*\)) .*/\1/p')
[ -n "$full" ] || { echo "debian-version: cannot read a version in: $line"; exit 1; }
upstream=${full#*:}       # epoch
upstream=${upstream%-*}   # Debian revision
if [ "$upstream" != "$version" ]; then
    echo "debian-version: debian/changelog packages $upstream ($full), CMakeLists.txt says $version:"
    echo "add a debian/changelog entry for $version (dch -v $version-1)"
    exit 1
fi
echo "ok: debian/changelog $full packages $version"
