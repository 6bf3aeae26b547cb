#!/usr/bin/env bash
# .gitignore while walking: on a tree of tricky patterns (comments, escapes,
# trailing spaces, negation, a file in an excluded folder that cannot be
# re-included, anchored and directory-only patterns, every form of "**" (and
# git's "**" after a literal start, "pre**/"), a set left open, an escaped
# backslash before trailing spaces, a deeper .gitignore beating a shallower one, .git/info/exclude, a nested
# repository that reads only its own), the files
# tdlint walks are exactly those git reports as not ignored
# (git ls-files --others --exclude-standard), from the root and from a
# subfolder. Each file holds one finding, so the report lists every file
# walked. (.git cannot be committed inside testdata/, so the tree is made here.)
# usage: tests/gitignore.sh TDLINT
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
command -v git > /dev/null || {
    echo "gitignore: git is not installed; skipped"
    exit 77
}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
export HOME=$dir GIT_CONFIG_NOSYSTEM=1 # no user's or system's ignores
git init -q repo || exit 2
cd repo || exit 2

files=(
    plain.json x.tmp.json anchored.json sub/anchored.json
    build/a.json build/keep.json
    logs/a.json logs/important.json logs/sub/important.json
    gen/a.json deep/er/gen/b.json gen.json
    a/deep.json a/b/deep.json a/b/c/deep.json b/a/deep.json
    doc/x.json doc/sub/x.json
    '#hash.json' '!bang.json' trailing.json 'space .json'
    ax.json bx.json dx.json qq.json q.json
    one.yaml keep.yaml sub/two.yaml
    dironly.json/t.json sub/dironly.json
    sub/x.tmp.json sub/local.json sub/deeper/local.json sub/nested/n.json
    sub/deeper/x.tmp.json sub/deeper/again.tmp.json
    excluded-by-info.json sub/excluded-by-info.json
    star/a.json star/b/a.json
    glob/x.json glob/y/x.json
    '[open.json' pre/b.json prefix.json pre/c/d/prefix.json prx/other.json
    'esc\\/a.json' 'esc\\ /a.json'
)
for f in "${files[@]}"; do
    mkdir -p "$(dirname "$f")"
    printf '[{"image": "i"}]\n' > "$f"
done
cat > .gitignore << 'GI'
# a comment, then a blank line

*.tmp.json
/anchored.json
build/
!build/keep.json
logs/**
!logs/important.json
!logs/sub/important.json
**/gen/
a/**/deep.json
doc/*.json
\#hash.json
\!bang.json
trailing.json   
space\ .json
[ab]x.json
?q.json
*.yaml
!keep.yaml
dironly.json/
star/*
!star/b/
glob/**/x.json
[open.json
pre**/*fix.json
esc\\\\  
GI
cat > sub/.gitignore << 'GI'
!*.tmp.json
/local.json
nested/
GI
cat > sub/deeper/.gitignore << 'GI'
again.tmp.json
GI
printf 'excluded-by-info.json\n' >> .git/info/exclude

fail=0
# a nested repository reads only its own ignore files
git init -q nested || exit 2
for f in nested/a.yaml nested/b.json nested/c.tmp.json nested/own.json nested/x/own.json; do
    mkdir -p "$(dirname "$f")"
    printf '[{"image": "i"}]\n' > "$f"
done
printf 'own.json\n' > nested/.gitignore
printf 'b.json\n' >> nested/.git/info/exclude
want=$(cd nested && git ls-files --others --exclude-standard | grep -E '\.(json|ya?ml)$' |
    sed 's|^|nested/|' | sort)
got=$("$tdlint" --no-config -j 1 . 2> /dev/null | cut -d: -f1 | grep '^nested/' | sort -u)
if [ "$want" != "$got" ] || [ -z "$want" ]; then
    echo "gitignore: in a nested repository, tdlint and git differ (< git, > tdlint):"
    diff <(printf '%s\n' "$want") <(printf '%s\n' "$got")
    fail=1
fi
compare() { # compare WHERE: tdlint's walk of WHERE against git's (the nested repository aside)
    local want got
    want=$(git ls-files --others --exclude-standard -z -- "$1" | tr '\0' '\n' |
        grep -E '\.(json|ya?ml|template)$' | sort)
    got=$("$tdlint" --no-config -j 1 "$1" 2> /dev/null | cut -d: -f1 | grep -v '^nested/' |
        sort -u)
    if [ "$want" != "$got" ]; then
        echo "gitignore: walking $1, tdlint and git differ (< git, > tdlint):"
        diff <(printf '%s\n' "$want") <(printf '%s\n' "$got")
        fail=1
    fi
    [ -n "$want" ] || {
        echo "gitignore: git lists nothing under $1"
        fail=1
    }
}
compare .
compare sub
compare sub/deeper
compare logs
# named files are linted whatever .gitignore says, as git add -f would take them
out=$("$tdlint" --no-config build/a.json x.tmp.json 2> /dev/null | cut -d: -f1 | sort -u | tr '\n' ' ')
if [ "$out" != "build/a.json x.tmp.json " ]; then
    echo "gitignore: named files that .gitignore leaves out were not linted: $out"
    fail=1
fi
# outside a repository .gitignore files in the folders walked still apply,
# but none above the folder named
rm -rf .git
got=$("$tdlint" --no-config -j 1 sub 2> /dev/null | cut -d: -f1 | sort -u | tr '\n' ' ')
want='sub/anchored.json sub/deeper/local.json sub/deeper/x.tmp.json sub/dironly.json sub/excluded-by-info.json sub/two.yaml sub/x.tmp.json '
if [ "$got" != "$want" ]; then
    printf 'gitignore: outside a repository, walking sub gave:\n%s\nwanted:\n%s\n' "$got" "$want"
    fail=1
fi
[ "$fail" = 0 ] && echo "gitignore: tdlint walks exactly what git does not ignore"
exit "$fail"
