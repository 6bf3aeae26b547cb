#!/usr/bin/env bash
# Fails when the README drifts from the program: every rule of --list-rules
# must have its row (ID, name, level) in the README's rule table, every option
# of --help its row in the README's option table, and every rule's
# documentation file must exist.
# usage: tests/docs.sh TDLINT SOURCE_DIR
set -u
tdlint=$1 src=$2
readme=$src/README.md
fail=0
while read -r id level name _; do
    if ! grep -qF "| $id | $name | $level |" "$readme"; then
        echo "README.md: no rule table row '| $id | $name | $level |'"
        fail=1
    fi
    [ -f "$src/rules/$id.md" ] || { echo "rules/$id.md is missing"; fail=1; }
done < <("$tdlint" --list-rules)
while read -r opt; do
    if ! grep -qE "^\| (\`-[a-zA-Z]\`, )?\`$opt( [A-Z]+)?\` \|" "$readme"; then
        echo "README.md: no option table row for $opt"
        fail=1
    fi
done < <("$tdlint" --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+')
exit $fail
