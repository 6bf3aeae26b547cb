#!/usr/bin/env bash
# The shared library exports the public API and nothing else: the symbols
# libtdlint.so defines are exactly the functions tdlint.h declares (the
# library is built with -fvisibility=hidden; TD_API marks what it exports),
# and every one of those declarations carries TD_API.
# usage: tests/exports.sh NM LIBTDLINT_SO TDLINT_H
set -u
nm=$1 so=$2 header=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$nm" -D --defined-only "$so" | awk '$2 ~ /^[A-Z]$/ { print $3 }' | sort > "$tmp/exported"
# declarations start at the beginning of a line (comments do not)
sed -n 's/^[A-Za-z].*[ *]\(td_[a-z0-9_]*\)(.*/\1/p' "$header" | sort > "$tmp/declared"
if [ ! -s "$tmp/declared" ]; then
    echo "exports: no function declaration found in $header"
    exit 1
fi
status=0
if grep -n '^[A-Za-z].*[ *]td_[a-z0-9_]*(' "$header" | grep -v ':TD_API ' > "$tmp/unmarked"; then
    echo "exports: declarations without TD_API:"
    cat "$tmp/unmarked"
    status=1
fi
if ! diff -u "$tmp/declared" "$tmp/exported" > "$tmp/diff"; then
    echo "exports: $so does not export exactly the functions $header declares"
    echo "(- declared but not exported, + exported but not declared):"
    tail -n +3 "$tmp/diff" | grep '^[-+]'
    status=1
fi
if grep -v '^td_' "$tmp/exported" > "$tmp/other"; then
    echo "exports: symbols outside the td_ API: $(tr '\n' ' ' < "$tmp/other")"
    status=1
fi
[ $status = 0 ] && echo "ok: $(wc -l < "$tmp/exported") functions exported, all td_, all in $(basename "$header")"
exit $status
