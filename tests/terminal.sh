#!/usr/bin/env bash
# Text output on a real terminal: runs tdlint under script(1), which gives it a
# pseudo-terminal, and checks what --color=auto does there (snippets and
# colours; none of the colours with NO_COLOR, --color=never or TERM=dumb), the
# summary that a terminal on standard error gets, the one-line form when only
# standard error is a terminal, and cutting long lines at the terminal's width.
# Golden cases cannot do this: their output never goes to a terminal.
#
# usage: tests/terminal.sh TDLINT
# Exits 77 (skipped) when script(1) is missing.
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if ! command -v script > /dev/null; then
    echo "script(1) (util-linux) is not installed: skipping the terminal tests"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2

cat > t.json << 'EOF'
{
  "family": "web",
  "containerDefinitions": [
    {"name": "café", "image": "nginx", "readonlyRootFilesystem": false}
  ]
}
EOF
{
    printf '[{"name": "a", "image": "x", "readonlyRootFilesystem": true}, '
    printf '{"name": "long-enough-to-be-cut", "image": "public.ecr.aws/nginx/nginx:latest", '
    printf '"readonlyRootFilesystem": false, "essential": true, "cpu": 256, "memory": 512}]\n'
} > long.json

fail=0
# check NAME EXPECTED-FILE COMMAND: runs COMMAND in a pseudo-terminal (TERM=xterm,
# NO_COLOR unset unless COMMAND sets it) and compares what the terminal shows,
# carriage returns dropped.
check() {
    local name=$1 expected=$2 cmd=$3
    env -u NO_COLOR TERM=xterm script -qec "$cmd" /dev/null < /dev/null | tr -d '\r' > actual
    if ! diff -u "$expected" actual; then
        echo "FAIL: $name"
        fail=1
    else
        echo "ok: $name"
    fi
}

summary='tdlint: 1 file, 1 task definition, 1 container: 1 error, 0 warnings, 0 notes'
cat > plain << 'EOF'
t.json:4:40: error: container "café" in task definition "web" has a writable root filesystem (readonlyRootFilesystem is false): set readonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix) [TD001]
    4 |     {"name": "café", "image": "nginx", "readonlyRootFilesystem": false}
      |                                        ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
EOF
grep -q $'\033' plain && fail=1

# a terminal: what --color=always prints anywhere, then the summary
"$tdlint" --color=always t.json > colored
grep -q $'\033\\[1;31m\\^~~~' colored || { echo "FAIL: --color=always has no coloured underline"; fail=1; }
{ cat colored; echo "$summary"; } > expected
check "auto on a terminal: colours, snippets, summary" expected "'$tdlint' t.json"
check "an empty NO_COLOR is as unset" expected "NO_COLOR= '$tdlint' t.json"

{ cat plain; echo "$summary"; } > expected
check "NO_COLOR: snippets without colours" expected "NO_COLOR=1 '$tdlint' t.json"
check "--color=never: snippets without colours" expected "'$tdlint' --color=never t.json"
check "TERM=dumb: snippets without colours" expected "TERM=dumb '$tdlint' t.json"

# standard output to a file: the one-line form there, the summary on the terminal
echo "$summary" > expected
check "stdout not a terminal: summary only" expected "'$tdlint' t.json > out.txt"
head -1 plain > expected
diff -u expected out.txt || { echo "FAIL: the file holds more than the one-line form"; fail=1; }

# standard error not a terminal: no summary
cp plain expected
check "stderr not a terminal: no summary" expected "NO_COLOR=1 '$tdlint' t.json 2> /dev/null"

# a 60-column terminal: the source line is cut around the span
cat > expected << 'EOF'
long.json:1:143: error: container "long-enough-to-be-cut" has a writable root filesystem (readonlyRootFilesystem is false): set readonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix) [TD001]
    1 | ...test", "readonlyRootFilesystem": false, "essen...
      |           ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
EOF
check "a narrow terminal cuts long lines" expected "stty cols 60; '$tdlint' --color=never long.json 2> /dev/null"

exit $fail
