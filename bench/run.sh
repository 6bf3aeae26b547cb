#!/bin/sh
# bench/run.sh: builds tdlint and the bench programs (Release, in build-bench/),
# generates the inputs into a scratch folder (not the source tree) and prints
# the benchmark table: ratios measured side by side, interleaved, in this run.
#   bench/run.sh [SCRATCH_DIR]     (default: a new folder from mktemp -d)
# Environment: BUILD (build folder, default build-bench), QUICK=1 (fewer runs).
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
for s in 2K 1M 10M 50M; do
    "$GEN" cfn-json --size $s --seed 1 "$SCRATCH/cfn-$s.json" >/dev/null
    "$GEN" cfn-yaml --size $s --seed 1 --form mixed "$SCRATCH/cfn-$s.yaml" >/dev/null
done
# 20,000 containers in 5,000 task definitions: all without ReadonlyRootFilesystem, or none
"$GEN" cfn-json --taskdefs 5000 --containers 4 --findings 20000 "$SCRATCH/f20k.json" >/dev/null
"$GEN" cfn-json --taskdefs 5000 --containers 4 --findings 0 "$SCRATCH/f0.json" >/dev/null
"$GEN" cfn-yaml --taskdefs 5000 --containers 4 --findings 20000 "$SCRATCH/f20k.yaml" >/dev/null
"$GEN" cfn-yaml --taskdefs 5000 --containers 4 --findings 0 "$SCRATCH/f0.yaml" >/dev/null
"$GEN" taskdef --size 2K --containers 2 --findings 1 "$SCRATCH/td-2k.json" >/dev/null
rm -rf "$SCRATCH/tree"
"$GEN" tree -n 10000 --seed 1 "$SCRATCH/tree" >/dev/null

size() { wc -c <"$1" | tr -d ' '; }
human() { awk -v b="$1" 'BEGIN { if (b >= 1048576) printf "%.1f MiB", b/1048576; else printf "%.1f KiB", b/1024 }'; }

# ---- 1. tdlint vs bare parse
echo "## 1. large files: tdlint (whole run, report to /dev/null) vs bare parse (read + jansson or libyaml events), medians"
printf '%-6s %-10s %4s %11s %11s %7s %12s %12s %10s\n' fmt size runs tdlint_ms parse_ms ratio tdlint_rss parse_rss rss_target
for fmt in json yaml; do
    for s in 2K 1M 10M 50M; do
        f="$SCRATCH/cfn-$s.$fmt"
        case $s in 2K) n=$(runs 21) w=2;; 1M) n=$(runs 11) w=1;; 10M) n=$(runs 5) w=1;; *) n=$(runs 3) w=0;; esac
        out=$("$RUNX" -n "$n" -w "$w" -- $LINT "$f" :: "$BASE" "$f")
        b=$(size "$f")
        echo "$out" | awk -v fmt="$fmt" -v sz="$(human "$b")" -v n="$n" -v b="$b" '
            NR==1 { t=$1; r=$3 } NR==2 { p=$1; pr=$3 }
            END { printf "%-6s %-10s %4d %11.1f %11.1f %6.2fx %9.1f MiB %9.1f MiB %6.1f MiB\n",
                  fmt, sz, n, t, p, t/p, r/1024, pr/1024, (10*b + 16*1048576)/1048576 }'
    done
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
    n=$(runs 5)
    "$RUNX" -n "$n" -w 1 -- $LINT --jobs 1 "$SCRATCH/tree" :: $LINT --jobs 2 "$SCRATCH/tree" |
        awk 'NR==1 { a=$1 } NR==2 { b=$1 } END { printf "jobs 1: %.1f ms  jobs 2: %.1f ms  speed-up %.2fx\n", a, b, a/b }'
else
    n=$(runs 5)
    "$RUNX" -n "$n" -w 1 -- $LINT "$SCRATCH/tree" |
        awk '{ printf "n/a: no --jobs yet (one job: median %.1f ms for the 10,000 files)\n", $1 }'
fi
echo

# ---- 5. cfn-guard
echo "## 5. cfn-guard"
if command -v cfn-guard >/dev/null 2>&1; then
    rules="$SCRATCH/ro.guard"
    cat >"$rules" <<'G'
let tds = Resources.*[ Type == 'AWS::ECS::TaskDefinition' ]
rule ro when %tds !empty {
  %tds.Properties.ContainerDefinitions[*].ReadonlyRootFilesystem == true
}
G
    for s in 1M 10M; do
        "$RUNX" -n "$(runs 3)" -w 0 -- $LINT "$SCRATCH/cfn-$s.json" :: cfn-guard validate -r "$rules" -d "$SCRATCH/cfn-$s.json" |
            awk -v s="$s" 'NR==1 { a=$1 } NR==2 { b=$1 } END { printf "%s JSON: tdlint %.1f ms  cfn-guard %.1f ms  ratio %.2fx\n", s, a, b, a/b }'
    done
else
    echo "n/a: cfn-guard is not installed"
fi
