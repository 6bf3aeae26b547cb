#!/usr/bin/env bash
# docs/vscode/tasks.json: valid JSON (tdlint itself reads it: no error, no
# finding), and its problem matcher's pattern, applied as VS Code applies it
# to each line of a task's terminal, picks exactly the diagnostic lines of
# tdlint's terminal output (not the source snippets, not the summary) with the
# right file, line, column, severity, message and rule.
#
# usage: tests/vscode.sh TDLINT SOURCE_DIR
# Exits 77 (skipped) when python3 or script(1) is missing.
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
tasks=$src/docs/vscode/tasks.json
for tool in python3 script; do
    if ! command -v "$tool" > /dev/null; then
        echo "$tool is not installed: skipping the VS Code test"
        exit 77
    fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2

out=$("$tdlint" --no-config "$tasks" 2>&1)
if [ $? -ne 0 ] || [ -n "$out" ]; then
    echo "tdlint does not read $tasks cleanly: $out"
    exit 1
fi

cat > stack.yaml << 'EOF'
Parameters:
  Ro:
    Type: String
    Default: "false"
Resources:
  T:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - {Name: app, ReadonlyRootFilesystem: !Ref Ro}
        - {Name: side, ReadonlyRootFilesystem: !GetAtt X.Y}
EOF
# what the task's terminal shows: tdlint --color=never on a terminal
env -u NO_COLOR TERM=xterm script -qec "'$tdlint' --color=never stack.yaml" /dev/null < /dev/null |
    tr -d '\r' > terminal.txt
grep -q '^ *10 | ' terminal.txt || { echo "no snippet in the terminal output"; cat terminal.txt; exit 1; }

python3 - "$tasks" terminal.txt << 'EOF'
import json, re, sys
tasks = json.load(open(sys.argv[1]))["tasks"]
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
expected = [
    ("stack.yaml", "10", "23", "error", 'container "app" in task definition "T" has a writable root filesystem when parameter Ro is "false" (ReadonlyRootFilesystem is "false"): set ReadonlyRootFilesystem to true and mount a volume on each path it writes', "TD001"),
    ("stack.yaml", "4", "14", "note", "parameter Ro defaults to this value", None),
    ("stack.yaml", "11", "24", "warning", 'container "side" in task definition "T": ReadonlyRootFilesystem cannot be verified statically: it is computed by Fn::GetAtt; write true', "TD002"),
]
fail = 0
for t in tasks:
    p = t["problemMatcher"]["pattern"]
    rx = re.compile(p["regexp"])
    got = []
    for line in lines:
        m = rx.search(line)
        if m:
            got.append(tuple(m.group(p[k]) for k in ("file", "line", "column", "severity", "message", "code")))
    if got != expected:
        print("%s: the problem matcher reads\n  %s\nexpected\n  %s" % (t["label"], "\n  ".join(map(str, got)), "\n  ".join(map(str, expected))))
        fail = 1
    else:
        print("ok: %s: %d problems from %d lines" % (t["label"], len(got), len(lines)))
sys.exit(fail)
EOF
