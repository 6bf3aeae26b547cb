#!/bin/sh
# bench/run.sh: builds tdlint and the bench programs (Release, in build-bench/),
# generates the inputs into a scratch folder (not the source tree) and prints
# the benchmark table: ratios measured side by side, interleaved, in this run.
#   bench/run.sh [SCRATCH_DIR]     (default: a new folder from mktemp -d)
# Environment: BUILD (build folder, default build-bench), QUICK=1 (fewer runs);
# for section 5 (cfn-guard): TDLINT_GUARD_DIR (a bench/guard.sh install), or CFN_GUARD
# and CFN_GUARD_RULES; TDLINT_CORPUS (default ../shared/corpus/real from the repository).
# Nothing here is a test: it asserts no timing and runs in no ctest.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
SCRATCH=${1:-$(mktemp -d "${TMPDIR:-/tmp}/tdlint-bench.XXXXXX")}
mkdir -p "$SCRATCH"

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DTDLINT_BUILD_BENCH=ON \
      -DTDLINT_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target tdlint tdlint-bench-gen tdlint-bench-runx \
      tdlint-bench-baseline >/dev/null

TD="$BUILD/tdlint"
GEN="$BUILD/bench/tdlint-bench-gen"
RUNX="$BUILD/bench/tdlint-bench-runx"
BASE="$BUILD/bench/tdlint-bench-baseline"
# tdlint with every rule on and no configuration; findings make it exit 1
LINT="$TD --no-config --color never"

q=${QUICK:-0}
runs() { if [ "$q" = 1 ]; then echo 1; else echo "$1"; fi; }

echo "# tdlint benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(uname -sr)"
echo "# $("$TD" --version)"
echo "# scratch: $SCRATCH"
echo

# ---- inputs
echo "generating inputs..." >&2
for s in 2K 1M 6M 10M; do
    "$GEN" cfn-json --size $s --seed 1 "$SCRATCH/cfn-$s.json" >/dev/null
    "$GEN" cfn-yaml --size $s --seed 1 --form mixed "$SCRATCH/cfn-$s.yaml" >/dev/null
done
# 20,000 containers in 5,000 task definitions: all without ReadonlyRootFilesystem, or none
"$GEN" cfn-json --taskdefs 5000 --containers 4 --findings 20000 "$SCRATCH/f20k.json" >/dev/null
"$GEN" cfn-json --taskdefs 5000 --containers 4 --findings 0 "$SCRATCH/f0.json" >/dev/null
"$GEN" cfn-yaml --taskdefs 5000 --containers 4 --findings 20000 "$SCRATCH/f20k.yaml" >/dev/null
"$GEN" cfn-yaml --taskdefs 5000 --containers 4 --findings 0 "$SCRATCH/f0.yaml" >/dev/null
# the same 20,000 findings, the template minified to one line
"$GEN" cfn-json --taskdefs 5000 --containers 4 --findings 20000 --minify "$SCRATCH/f20k-min.json" >/dev/null
# 600,000 container definitions in a bare array on one line, each a finding
"$GEN" containers -n 600000 "$SCRATCH/c600k.json" >/dev/null
"$GEN" taskdef --size 2K --containers 2 --findings 1 "$SCRATCH/td-2k.json" >/dev/null
rm -rf "$SCRATCH/tree" "$SCRATCH/tree-100" "$SCRATCH/tree-1000"
"$GEN" tree -n 10000 --seed 1 "$SCRATCH/tree" >/dev/null
"$GEN" tree -n 100 --seed 1 "$SCRATCH/tree-100" >/dev/null
"$GEN" tree -n 1000 --seed 1 "$SCRATCH/tree-1000" >/dev/null

size() { wc -c <"$1" | tr -d ' '; }
human() { awk -v b="$1" 'BEGIN { if (b >= 1048576) printf "%.1f MiB", b/1048576; else printf "%.1f KiB", b/1024 }'; }

# ---- 1. tdlint vs bare parse
echo "## 1. large files: tdlint (whole run, report to /dev/null) vs bare parse (read + jansson or libyaml events), medians"
printf '%-6s %-10s %4s %11s %11s %7s %12s %12s %10s\n' fmt size runs tdlint_ms parse_ms ratio tdlint_rss parse_rss rss_target
for fmt in json yaml; do
    for s in 2K 1M 6M 10M; do
        f="$SCRATCH/cfn-$s.$fmt"
        case $s in 2K) n=$(runs 21) w=2;; 1M) n=$(runs 11) w=1;; *) n=$(runs 5) w=1;; esac
        out=$("$RUNX" -n "$n" -w "$w" -- $LINT "$f" :: "$BASE" "$f")
        b=$(size "$f")
        echo "$out" | awk -v fmt="$fmt" -v sz="$(human "$b")" -v n="$n" -v b="$b" '
            NR==1 { t=$1; r=$3 } NR==2 { p=$1; pr=$3 }
            END { printf "%-6s %-10s %4d %11.1f %11.1f %6.2fx %9.1f MiB %9.1f MiB %6.1f MiB\n",
                  fmt, sz, n, t, p, t/p, r/1024, pr/1024, (10*b + 16*1048576)/1048576 }'
    done
done
echo

# ---- 1b. the floor of any design that builds a tree from libyaml's events
echo "## 1b. YAML: libyaml events + the least tree (baseline --yaml-tree: a node per event, scalars copied; no typing, index or lines) vs events alone, medians"
printf '%-6s %-10s %4s %11s %11s %7s %12s\n' fmt size runs tree_ms events_ms ratio tree_rss
for s in 6M 10M; do
    f="$SCRATCH/cfn-$s.yaml"
    n=$(runs 5) w=1
    out=$("$RUNX" -n "$n" -w "$w" -- "$BASE" --yaml-tree "$f" :: "$BASE" "$f")
    echo "$out" | awk -v sz="$(human "$(size "$f")")" -v n="$n" '
        NR==1 { t=$1; r=$3 } NR==2 { p=$1 }
        END { printf "%-6s %-10s %4d %11.1f %11.1f %6.2fx %9.1f MiB\n", "yaml", sz, n, t, p, t/p, r/1024 }'
done
echo

# ---- 2. findings vs none
echo "## 2. 20,000 findings vs none, files of equal size (5,000 task definitions x 4 containers)"
printf '%-6s %-22s %4s %13s %11s %7s\n' fmt size runs findings_ms none_ms ratio
# every finding reported: past --max-findings (default 10000) one TD000 stands for the rest
FLINT=$LINT
if "$TD" --help 2>/dev/null | grep -q -- '--max-findings'; then FLINT="$LINT --max-findings 20000"; fi
for fmt in json yaml; do
    n=$(runs 5)
    out=$("$RUNX" -n "$n" -w 1 -- $FLINT "$SCRATCH/f20k.$fmt" :: $FLINT "$SCRATCH/f0.$fmt")
    found=$($FLINT "$SCRATCH/f20k.$fmt" 2>/dev/null | grep -c TD001 || true)
    echo "$out" | awk -v fmt="$fmt" -v sz="$(human "$(size "$SCRATCH/f20k.$fmt")") / $(human "$(size "$SCRATCH/f0.$fmt")")" -v n="$n" '
        NR==1 { a=$1 } NR==2 { z=$1 }
        END { printf "%-6s %-22s %4d %13.1f %11.1f %6.2fx\n", fmt, sz, n, a, z, a/z }'
    echo "       (findings reported: $found)"
done
echo

# ---- 2b. one line
echo "## 2b. the same 20,000 findings, the template minified to one line vs pretty-printed (JSON)"
printf '%-22s %4s %11s %11s %7s\n' size runs oneline_ms pretty_ms ratio
n=$(runs 5)
"$RUNX" -n "$n" -w 1 -- $FLINT "$SCRATCH/f20k-min.json" :: $FLINT "$SCRATCH/f20k.json" |
    awk -v sz="$(human "$(size "$SCRATCH/f20k-min.json")") / $(human "$(size "$SCRATCH/f20k.json")")" -v n="$n" '
        NR==1 { a=$1 } NR==2 { z=$1 }
        END { printf "%-22s %4d %11.1f %11.1f %6.2fx\n", sz, n, a, z, a/z }'
found=$($FLINT "$SCRATCH/f20k-min.json" 2>/dev/null | grep -c TD001 || true)
echo "       (findings reported: $found)"
echo "## 2c. 600,000 container definitions in a bare array on one line, each a finding (default --max-findings)"
n=$(runs 3)
"$RUNX" -n "$n" -w 0 -- $LINT "$SCRATCH/c600k.json" :: "$BASE" "$SCRATCH/c600k.json" |
    awk -v sz="$(human "$(size "$SCRATCH/c600k.json")")" -v n="$n" '
        NR==1 { a=$1; ar=$3 } NR==2 { z=$1; zr=$3 }
        END { printf "%s, %d runs: tdlint %.0f ms (peak RSS %.0f MiB), bare parse %.0f ms (%.0f MiB)\n",
              sz, n, a, ar/1024, z, zr/1024 }'
echo

# ---- 3. one small file, start to exit
echo "## 3. start to exit on one 2 KB task definition ($(size "$SCRATCH/td-2k.json") bytes, 1 finding)"
n=$(runs 200)
"$RUNX" -n "$n" -w 5 -- $LINT "$SCRATCH/td-2k.json" :: "$BASE" "$SCRATCH/td-2k.json" :: /bin/true |
    awk -v n="$n" 'BEGIN { split("tdlint baseline /bin/true", name, " ") }
        { printf "%-10s median %.3f ms  min %.3f ms  (%d runs)  peak RSS %.1f MiB\n", name[NR], $1, $2, n, $3/1024 }'
echo

# ---- 4. jobs
echo "## 4. 1 vs 2 jobs on the tree of 10,000 small files"
if "$TD" --help 2>/dev/null | grep -q -- '--jobs'; then
    n=$(runs 11) # a run takes a fifth of a second; more of them steady the median on a shared VM
    "$RUNX" -n "$n" -w 1 -- $LINT --jobs 1 "$SCRATCH/tree" :: $LINT --jobs 2 "$SCRATCH/tree" |
        awk 'NR==1 { a=$1 } NR==2 { b=$1 } END { printf "jobs 1: %.1f ms  jobs 2: %.1f ms  ratio %.2fx\n", a, b, b/a }'
    $LINT --jobs 1 "$SCRATCH/tree" >"$SCRATCH/tree-j1.out" 2>&1 || true
    $LINT --jobs 2 "$SCRATCH/tree" >"$SCRATCH/tree-j2.out" 2>&1 || true
    if cmp -s "$SCRATCH/tree-j1.out" "$SCRATCH/tree-j2.out"; then
        echo "output: identical ($(wc -l <"$SCRATCH/tree-j1.out" | tr -d ' ') lines)"
    else
        echo "output: DIFFERS between --jobs 1 and --jobs 2"
    fi
else
    n=$(runs 5)
    "$RUNX" -n "$n" -w 1 -- $LINT "$SCRATCH/tree" |
        awk '{ printf "n/a: no --jobs yet (one job: median %.1f ms for the 10,000 files)\n", $1 }'
fi
echo

# ---- 4b. memory against the number of files
echo "## 4b. peak RSS against the number of files (generated trees of 100, 1,000 and 10,000 files, one path each)"
printf '%-6s %6s %12s %12s %12s %16s\n' format jobs '100 files' '1,000' '10,000' 'per 1,000 files'
for fmt in text json; do
    for j in 1 2; do
        rss() { "$RUNX" -n 1 -w 0 -- $LINT --jobs "$j" --format "$fmt" "$SCRATCH/$1" | awk '{ print $3 }'; }
        a=$(rss tree-100) b=$(rss tree-1000) c=$(rss tree)
        awk -v f="$fmt" -v j="$j" -v a="$a" -v b="$b" -v c="$c" 'BEGIN {
            printf "%-6s %6s %8.1f MiB %8.1f MiB %8.1f MiB %12.1f KiB\n", f, j, a/1024, b/1024, c/1024, (c-b)/9 }'
    done
done
echo

# ---- 5. cfn-guard
# The nearest runnable peer: cfn-guard with the AWS Control Tower rule CT.ECS.PR.6
# (ct-ecs-pr-6.guard), both from the npm package @cdklabs/cdk-validator-cfnguard
# (bench/guard.sh install DIR). Found from CFN_GUARD and CFN_GUARD_RULES, else from the
# install in TDLINT_GUARD_DIR, else cfn-guard on PATH (the rule file is then required).
guard_section() {
    CORPUS=${TDLINT_CORPUS:-$(dirname "$ROOT")/shared/corpus/real}
    GUARD=${CFN_GUARD:-}
    GRULES=${CFN_GUARD_RULES:-}
    if [ -n "${TDLINT_GUARD_DIR:-}" ] && gp=$("$ROOT/bench/guard.sh" paths "$TDLINT_GUARD_DIR"); then
        [ -n "$GUARD" ] || GUARD=$(echo "$gp" | sed -n 's/^CFN_GUARD=//p')
        [ -n "$GRULES" ] || GRULES=$(echo "$gp" | sed -n 's/^CFN_GUARD_RULES=//p')
    fi
    [ -n "$GUARD" ] || GUARD=$(command -v cfn-guard || true)
    why=
    if [ -z "$GUARD" ]; then
        why="cfn-guard is not installed (bench/guard.sh install DIR, then TDLINT_GUARD_DIR=DIR)"
    elif ! "$GUARD" --version >/dev/null 2>&1; then
        why="$GUARD --version fails"
    elif [ -z "$GRULES" ] || [ ! -f "$GRULES" ]; then
        why="no CT.ECS.PR.6 rule file (set CFN_GUARD_RULES, or TDLINT_GUARD_DIR to a bench/guard.sh install)"
    elif [ ! -d "$CORPUS" ]; then
        why="no corpus at $CORPUS (set TDLINT_CORPUS)"
    fi
    if [ -n "$why" ]; then
        echo "## 5. cfn-guard"
        echo "n/a: $why"
        return 0
    fi
    echo "## 5. $("$GUARD" --version) with the AWS Control Tower rule CT.ECS.PR.6 ($(basename "$GRULES")), real files"
    ALL="$SCRATCH/corpus-all.txt" OK="$SCRATCH/corpus-guard-ok.txt" BAD="$SCRATCH/corpus-guard-unparsed.txt"
    find "$CORPUS" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' -o -name '*.template' \) |
        LC_ALL=C sort >"$ALL"
    # One cfn-guard process over many files stops at the first file it cannot parse (exit 255,
    # nothing checked), so find those first, one process per file: exit 0 is PASS or SKIP,
    # 19 is FAIL, anything else an error. Both tools are timed on the files it can read.
    : >"$OK"; : >"$BAD"
    while IFS= read -r f; do
        rc=0
        "$GUARD" validate -r "$GRULES" -d "$f" -z -S none -o json >/dev/null 2>&1 || rc=$?
        case $rc in 0|19) echo "$f" >>"$OK";; *) echo "$rc $f" >>"$BAD";; esac
    done <"$ALL"
    nall=$(wc -l <"$ALL" | tr -d ' ') nok=$(wc -l <"$OK" | tr -d ' ') nbad=$(wc -l <"$BAD" | tr -d ' ')
    echo "corpus: $nall files (*.json *.yaml *.yml *.template) under $CORPUS"
    echo "cfn-guard cannot load $nbad of them (exit status and path in $BAD)"
    echo "timed: the other $nok, the same list for both tools"
    if [ "$nok" = 0 ]; then echo "n/a: no file cfn-guard can read"; return 0; fi

    # argument lists, one argument a line: tdlint over the list in one process; cfn-guard in
    # one process with a structured report (-z, JSON or YAML) or its default text report, or
    # one process per file
    for a in $LINT; do echo "$a"; done >"$SCRATCH/argv-tdlint"
    cat "$OK" >>"$SCRATCH/argv-tdlint"
    JOBS1=
    if "$TD" --help 2>/dev/null | grep -q -- '--jobs'; then
        JOBS1=1
        { for a in $LINT --jobs 1; do echo "$a"; done; cat "$OK"; } >"$SCRATCH/argv-tdlint-j1"
    fi
    for m in json yaml; do
        { printf '%s\n' "$GUARD" validate -r "$GRULES" -z -S none -o $m
          while IFS= read -r f; do printf '%s\n' -d "$f"; done <"$OK"; } >"$SCRATCH/argv-guard-$m"
    done
    { printf '%s\n' "$GUARD" validate -r "$GRULES"
      while IFS= read -r f; do printf '%s\n' -d "$f"; done <"$OK"; } >"$SCRATCH/argv-guard-text"
    { printf '%s\n' sh -c 'g=$1 r=$2; shift 2; for f do "$g" validate -r "$r" -d "$f" -z -S none -o json; done' sh "$GUARD" "$GRULES"
      cat "$OK"; } >"$SCRATCH/argv-guard-perfile"

    # what cfn-guard and tdlint report (not timed)
    set --
    while IFS= read -r a; do set -- "$@" "$a"; done <"$SCRATCH/argv-guard-json"
    "$@" >"$SCRATCH/guard-report.json" 2>/dev/null || true
    set --
    while IFS= read -r a; do set -- "$@" "$a"; done <"$SCRATCH/argv-tdlint"
    "$@" >"$SCRATCH/tdlint-report.txt" 2>/dev/null || true
    verdict() { grep -c "^    \"status\": \"$1\"" "$SCRATCH/guard-report.json" || true; }
    tfiles() { grep "$1" "$SCRATCH/tdlint-report.txt" | sed 's/:[0-9]*:[0-9]*: .*//' | sort -u | wc -l | tr -d ' '; }
    echo "cfn-guard: FAIL $(verdict FAIL), PASS $(verdict PASS), SKIP $(verdict SKIP) (no task definition, or not a template)"
    echo "tdlint: $(tfiles '\[TD001\]$') files with a TD001 finding, $(tfiles '\[TD[0-9]*\]$') with any finding ($(tfiles '\[TD000\]$') with TD000)"

    # the fastest way to run cfn-guard, one run each
    best='' bestms=''
    trial=
    for m in json yaml text perfile; do
        set -- -n 1 -w 0 --
        while IFS= read -r a; do set -- "$@" "$a"; done <"$SCRATCH/argv-guard-$m"
        ms=$("$RUNX" "$@" | awk '{ print $1 }')
        trial="$trial $m $(printf '%.0f' "$ms") ms,"
        if [ -z "$best" ] || awk -v a="$ms" -v b="$bestms" 'BEGIN { exit !(a < b) }'; then best=$m bestms=$ms; fi
    done
    case $best in
        json|yaml) way="one process, structured report (validate -z -S none -o $best)";;
        text) way="one process, default text report";;
        *) way="one process per file (validate -z -S none -o json)";;
    esac
    echo "cfn-guard ways, one run each (json/yaml: one process, -z -o json|yaml; text: one process,"
    echo "  its default report; perfile: a process per file):${trial%,}"
    echo "timed: $way"

    # tdlint and cfn-guard over the same list, interleaved
    n=$(runs 5)
    set -- -n "$n" -w 1 --
    for f in tdlint ${JOBS1:+tdlint-j1} guard-$best; do
        [ "$f" = tdlint ] || set -- "$@" ::
        while IFS= read -r a; do set -- "$@" "$a"; done <"$SCRATCH/argv-$f"
    done
    printf '%-6s %4s %10s %13s %10s %8s %9s %11s %11s\n' files runs tdlint_ms tdlint_j1_ms guard_ms ratio ratio_j1 tdlint_rss guard_rss
    "$RUNX" "$@" | awk -v nf="$nok" -v n="$n" -v j1="$JOBS1" '
        { ms[NR]=$1; rss[NR]=$3 }
        END { g = j1 ? 3 : 2
              printf "%-6d %4d %10.1f %13s %10.1f %7.2fx %9s %7.1f MiB %7.1f MiB\n", nf, n, ms[1],
                     j1 ? sprintf("%.1f", ms[2]) : "n/a", ms[g], ms[g]/ms[1],
                     j1 ? sprintf("%.2fx", ms[g]/ms[2]) : "n/a", rss[1]/1024, rss[g]/1024 }'
    echo "(ratio = cfn-guard / tdlint: tdlint is that many times faster; tdlint_ms with its default --jobs)"
    # the ceiling: parsing the same files and nothing else (jansson, libyaml's events),
    # one thread, against tdlint --jobs 1
    { printf '%s\n' "$BASE"; cat "$OK"; } >"$SCRATCH/argv-base"
    set -- -n "$n" -w 1 --
    for f in ${JOBS1:+tdlint-j1} base; do
        [ "$f" = base ] && [ -n "$JOBS1" ] && set -- "$@" ::
        while IFS= read -r a; do set -- "$@" "$a"; done <"$SCRATCH/argv-$f"
    done
    "$RUNX" "$@" | awk -v j1="$JOBS1" '
        { ms[NR]=$1 }
        END { b = j1 ? 2 : 1
              printf "bare parse of the same files, one thread: %.1f ms (tdlint --jobs 1: %s, %s of it)\n", ms[b],
                     j1 ? sprintf("%.1f ms", ms[1]) : "n/a", j1 ? sprintf("%.2fx", ms[1]/ms[b]) : "n/a" }'
    echo

    # the generated 1 MiB templates (no finding), one process each, structured JSON report
    echo "generated templates, the same rule (cfn-guard: validate -z -S none -o json), medians"
    printf '%-6s %-10s %4s %11s %11s %8s\n' fmt size runs tdlint_ms guard_ms ratio
    for fmt in json yaml; do
        f="$SCRATCH/cfn-1M.$fmt" n=$(runs 3)
        "$RUNX" -n "$n" -w 1 -- $LINT "$f" :: "$GUARD" validate -r "$GRULES" -z -S none -o json -d "$f" |
            awk -v fmt="$fmt" -v sz="$(human "$(size "$f")")" -v n="$n" '
                NR==1 { a=$1 } NR==2 { b=$1 }
                END { printf "%-6s %-10s %4d %11.1f %11.1f %7.2fx\n", fmt, sz, n, a, b, b/a }'
    done
}
guard_section
