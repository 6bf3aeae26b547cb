#!/usr/bin/env bash
# Every C source and header is formatted as .clang-format says, by the
# clang-format of Debian 12 (version 14: another version may lay out the
# same code differently). Skipped (77) when there is no clang-format 14;
# ./build.sh deps installs it.
# usage: tests/format.sh SOURCE_DIR
set -u
src=$1
cf=
for c in clang-format-14 clang-format; do
    if command -v "$c" > /dev/null && "$c" --version | grep -q 'version 14\.'; then
        cf=$c
        break
    fi
done
if [ -z "$cf" ]; then
    echo "format: no clang-format 14 (apt-get install clang-format): not checked"
    exit 77
fi
cd "$src" || exit 2
files=$(find lib cli rules tests fuzz bench -name '*.c' -o -name '*.h' | grep -v /corpus/ | sort)
bad=0
for f in $files; do
    if ! "$cf" --dry-run -Werror "$f" > /dev/null 2>&1; then
        echo "format: $f is not formatted: clang-format -i $f"
        "$cf" "$f" | diff -u "$f" - | head -20
        bad=1
    fi
done
[ $bad = 0 ] && echo "ok: $(echo "$files" | wc -l) files formatted as .clang-format says"
exit $bad
