#!/usr/bin/env bash
# Fails when the CI recipes drift from tdlint or from each other:
# - docs/ci/*.yml must be valid YAML to tdlint's own loader, and hold no task
#   definition: `tdlint --no-config docs/ci/*.yml` exits 0 and prints nothing;
# - each of them must be, byte for byte, a ```yaml block of docs/ci.md;
# - every option that docs/ci.md and docs/ci/*.yml give tdlint (on a tdlint
#   command line, in a code span, in a YAML comment) must be in --help, and
#   every --format and --fail-level value they use must be accepted.
# usage: tests/ci_docs.sh TDLINT SOURCE_DIR
set -u
tdlint=$1 src=$2
doc=$src/docs/ci.md
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=("$src"/docs/ci/*.yml)
[ -f "${files[0]}" ] || { echo "docs/ci/: no *.yml workflow files"; exit 1; }

"$tdlint" --no-config "${files[@]}" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc -ne 0 ] || [ -s "$tmp/out" ] || [ -s "$tmp/err" ]; then
    echo "tdlint --no-config docs/ci/*.yml: exit $rc, want 0 and no output:"
    cat "$tmp/out" "$tmp/err"
    fail=1
fi

awk -v dir="$tmp" '/^```yaml$/ { n++; on = 1; next }
                   on && /^```$/ { on = 0; next }
                   on { print > (dir "/block" n ".yml") }' "$doc"
for f in "${files[@]}"; do
    same=0
    for b in "$tmp"/block*.yml; do
        cmp -s "$f" "$b" && same=1
    done
    [ $same = 1 ] || { echo "docs/ci.md: no \`\`\`yaml block identical to docs/ci/${f##*/}"; fail=1; }
done

known=$("$tdlint" --help | grep -oE '^ {2,6}(-[a-zA-Z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+$')
[ -n "$known" ] || { echo "tdlint --help lists no options"; fail=1; }
used=$({
    grep -hoE '(^|[ `(])tdlint( +[^ `|;&)]+)+' "$doc" "${files[@]}"
    grep -oE '`--[a-z][^`]*`' "$doc"
    grep -hE '^ *#' "${files[@]}"
} | grep -oE -- '(^|[ `])--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+' | sort -u)
[ -n "$used" ] || { echo "docs/ci.md: no tdlint option found"; fail=1; }
for opt in $used; do
    grep -qxF -- "$opt" <<< "$known" || { echo "docs/ci: $opt is not a tdlint option"; fail=1; }
done
for pair in $(cat "$doc" "${files[@]}" | grep -oE -- '--(format|fail-level)[ =][a-z0-9_-]+' | tr ' ' = |
    sort -u); do
    if ! "$tdlint" --no-config "${pair%%=*}" "${pair#*=}" - < /dev/null > /dev/null 2>&1; then
        echo "docs/ci: tdlint does not accept ${pair%%=*} ${pair#*=}"
        fail=1
    fi
done
exit $fail
