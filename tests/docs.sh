#!/usr/bin/env bash
# Fails when the README or the man page drifts from the program: every rule
# of --list-rules must have its row (ID, name, level) in the README's rule
# table and its entry in the man page's RULES, and its documentation file
# must exist; the options of --help, the README's option table and the man
# page's OPTIONS must be the same options, with the same short names and
# argument names; the man page must render without a warning (groff -ww,
# and mandoc -Tlint when it is installed) and name the version that
# --version prints, which must also name the jansson and libyaml versions.
# usage: tests/docs.sh TDLINT SOURCE_DIR [MANPAGE]
set -u
tdlint=$1 src=$2 man=${3:-}
readme=$src/README.md
fail=0
while read -r id level name _; do
    if ! grep -qF "| $id | $name | $level |" "$readme"; then
        echo "README.md: no rule table row '| $id | $name | $level |'"
        fail=1
    fi
    [ -f "$src/rules/$id.md" ] || { echo "rules/$id.md is missing"; fail=1; }
done < <("$tdlint" --list-rules)

# The options as --help shows them, "-f, --format FORMAT": the heads of the
# option lines (an argument name is upper case; the help text follows).
help_opts=$("$tdlint" --help |
    sed -nE 's/^ {2,6}((-[a-zA-Z], )?--[a-z0-9-]+( [A-Z][A-Z_]*)?)( .*)?$/\1/p' | sort)
[ -n "$help_opts" ] || { echo "tdlint --help lists no options"; fail=1; }
# README rows start "| `-f`, `--format FORMAT` |"
readme_opts=$(grep -E '^\| (`-[a-zA-Z]`, )?`--[a-z-]+' "$readme" |
    sed -E 's/^\| ((`-[a-zA-Z]`, )?`--[^`]*`) \|.*/\1/; s/`//g' | sort)
if [ "$help_opts" != "$readme_opts" ]; then
    echo "README.md: the option table differs from tdlint --help (< --help, > README):"
    diff <(echo "$help_opts") <(echo "$readme_opts")
    fail=1
fi

# --version: tdlint's version, and those of the jansson and libyaml it runs with
version=$("$tdlint" --version)
re='^tdlint ([0-9]+\.[0-9]+\.[0-9]+) \(jansson [0-9][0-9.]*, libyaml [0-9][0-9.]*\)$'
if ! [[ $version =~ $re ]]; then
    echo "tdlint --version prints '$version', not 'tdlint X.Y.Z (jansson X.Y, libyaml X.Y.Z)'"
    fail=1
elif [ -n "$man" ] && ! grep -qF "\"tdlint ${BASH_REMATCH[1]}\"" "$man"; then
    echo "$man: the .TH line does not name tdlint ${BASH_REMATCH[1]}"
    fail=1
fi

if [ -n "$man" ]; then
    # roff without font changes and with plain dashes
    plain() { sed -E 's/\\f[BIRP]//g; s/\\-/-/g; s/\\&//g' "$man"; }
    # the line after each .TP of a section
    tags() { plain | awk -v sec="$1" '/^\.SH/ { on = ($0 ~ sec) } on && tp { print; tp = 0 }
                                      on && /^\.TP/ { tp = 1 }'; }
    man_opts=$(tags OPTIONS | sort)
    if [ "$help_opts" != "$man_opts" ]; then
        echo "$man: OPTIONS differ from tdlint --help (< --help, > man page):"
        diff <(echo "$help_opts") <(echo "$man_opts")
        fail=1
    fi
    rules=$("$tdlint" --list-rules | awk '{ print $1 " " $3 " (" $2 ")" }')
    if [ "$rules" != "$(tags RULES)" ]; then
        echo "$man: RULES differ from tdlint --list-rules (< --list-rules, > man page):"
        diff <(echo "$rules") <(tags RULES)
        fail=1
    fi
    if command -v groff > /dev/null; then
        warnings=$(groff -man -Tutf8 -ww -z "$man" 2>&1)
        [ -z "$warnings" ] || { echo "groff -ww $man:"; echo "$warnings"; fail=1; }
    else
        echo "note: groff is not installed (Debian: groff-base); the man page's rendering is not checked"
    fi
    if command -v mandoc > /dev/null; then
        warnings=$(mandoc -Tlint -W warning "$man" 2>&1)
        [ -z "$warnings" ] || { echo "mandoc -Tlint $man:"; echo "$warnings"; fail=1; }
    fi
fi
exit $fail
