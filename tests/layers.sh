#!/usr/bin/env bash
# The library's house rules, read off the built object files: which file
# calls which, from each object's defined and undefined symbols (nm).
#   - Stages come in the order of the pipeline (lib/README.md):
#       base < parse < model < rules < engine < report < cli
#     and an object calls only into its own stage or an earlier one.
#   - No two objects call each other, directly or around a loop.
#   - The command (cli/) uses nothing of the library but its public API (td_).
# An object's stage is the folder of its source: lib/base/, lib/parse/,
# lib/model/, rules/ (and the rule documentation embedded from it,
# rules_doc.c), lib/engine/, lib/report/, cli/.
# usage: tests/layers.sh NM OBJECT...   (objects named as CMake names them:
#        .../CMakeFiles/TARGET.dir/<source path>.o)
set -u
nm=$1
shift
[ $# -gt 0 ] || { echo "layers: no object files given"; exit 2; }
declare -A stage_of=([base]=1 [parse]=2 [model]=3 [rules]=4 [engine]=5 [report]=6 [cli]=7)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for o in "$@"; do
    src=${o#*.dir/}
    src=${src%.o}
    case $src in
    lib/base/*) stage=base ;;
    lib/parse/*) stage=parse ;;
    lib/model/*) stage=model ;;
    rules/* | rules_doc.c) stage=rules ;;
    lib/engine/*) stage=engine ;;
    lib/report/*) stage=report ;;
    cli/*) stage=cli ;;
    *)
        echo "layers: $src is in no stage: put it in a stage's folder, or name its stage here" >&2
        exit 1
        ;;
    esac
    "$nm" -g --defined-only "$o" | awk -v f="$src" -v s="${stage_of[$stage]}" \
        'NF >= 3 && $2 ~ /^[A-Z]$/ && $2 != "U" { print "D", f, s, $3 }'
    "$nm" -u "$o" | awk -v f="$src" -v s="${stage_of[$stage]}" '{ print "U", f, s, $NF }'
done > "$tmp"

awk '
BEGIN { split("base parse model rules engine report cli", name, " ") }
$1 == "D" { def[$4] = $2; stage[$2] = $3; files[$2] = 1; next }
$1 == "U" { stage[$2] = $3; files[$2] = 1; use[++nu] = $2 SUBSEP $4; next }
END {
    bad = 0
    for (i = 1; i <= nu; i++) {
        split(use[i], u, SUBSEP)
        from = u[1]; sym = u[2]
        if (!(sym in def) || def[sym] == from)
            continue
        to = def[sym]
        if (!((from, to) in edge)) {
            edge[from, to] = sym
            out[from] = out[from] " " to
            nedges++
        }
        if (stage[to] > stage[from]) {
            printf "layers: %s (%s) calls %s in %s, a later stage (%s)\n", from, name[stage[from]],
                sym, to, name[stage[to]]
            bad = 1
        }
        if (stage[from] == 7 && stage[to] != 7 && sym !~ /^td_/) {
            printf "layers: %s (the command) uses %s of %s, which is not the public API\n", from,
                sym, to
            bad = 1
        }
    }
    # a loop: a depth-first walk meets a file it is still walking from
    for (f in files)
        color[f] = 0
    for (f in files)
        if (color[f] == 0 && visit(f, 0))
            bad = 1
    n = 0
    for (f in files)
        n++
    if (!bad)
        printf "ok: %d objects, %d calls from one to another, stages in order, no loop\n", n, nedges
    exit bad
}
function visit(f, depth,    k, m, t, tos, found, i, loop) {
    color[f] = 1
    path[depth] = f
    m = split(out[f], tos, " ")
    found = 0
    for (k = 1; k <= m && !found; k++) {
        t = tos[k]
        if (color[t] == 1) {
            loop = t
            for (i = depth; i >= 0 && path[i] != t; i--)
                loop = path[i] " -> " loop
            printf "layers: files that call each other around a loop: %s -> %s\n", t, loop
            found = 1
        } else if (color[t] == 0) {
            found = visit(t, depth + 1)
        }
    }
    color[f] = 2
    return found
}
' "$tmp"
