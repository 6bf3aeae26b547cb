#!/usr/bin/env bash
# The language server as a client talks to it, message by message, with
# files changing between messages (tests/lsp.sh sends whole sessions):
#   - a .tdlint.yaml with errors, fixed and saved (didSave), broken again and
#     reported changed (workspace/didChangeWatchedFiles): its documents are
#     relinted each time, its errors published and cleared;
#   - a Terraform module: saving the file of a local that an open .tf reads,
#     or its change on disk reported as a watched file, relints that .tf,
#     which reads the file from disk;
#   - a burst of 300 changes written at once: every publication is of a newer
#     version than the one before, the last of the last version (how many
#     there are depends on how the pipe splits the burst; tests/lsp.sh checks
#     that changes read together are linted once);
#   - the client going away: the server exits (status 1, no shutdown).
# usage: tests/lsp_live.sh TDLINT SOURCE_DIR
set -u
export LC_ALL=C
tdlint=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$src/tests/lsp/files" "$work/files"
D=$work/files
fail=0

coproc SRV { TDLINT_TODAY=2025-06-01 "$tdlint" lsp 2> "$work/err"; }
to=${SRV[1]}
from=${SRV[0]}
pid=$SRV_PID

escape() {
    local s=$1
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//$'\t'/\\t}
    s=${s//$'\n'/\\n}
    printf '%s' "$s"
}
send() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1" >&"$to"; }
# The next message the server writes, in $msg; 1 after 20 s without one.
next() {
    local line n
    IFS= read -r -t 20 -u "$from" line || return 1
    [[ $line =~ ^Content-Length:\ ([0-9]+)$'\r'$ ]] || { echo "bad header: $line"; return 1; }
    n=${BASH_REMATCH[1]}
    IFS= read -r -t 20 -u "$from" line
    IFS= read -r -t 20 -u "$from" -N "$n" msg
}
# Sends a request the server does not know, then collects what it writes up
# to the answer, one message a line in $got: everything read before the
# request has been linted and published by then.
barrier() {
    send "{\"jsonrpc\":\"2.0\",\"id\":$1,\"method\":\"tdlint/barrier\"}"
    got=
    while next; do
        [[ $msg == *"\"id\":$1,"* ]] && return 0
        got+="${msg//$D/@DIR@}"$'\n'
    done
    echo "no answer to request $1"
    fail=1
}
expect() { # expect WHAT EXPECTED
    if [ "$got" != "$2" ]; then
        echo "lsp_live: $1: got (< expected, > got):"
        diff <(printf '%s' "$2") <(printf '%s' "$got")
        fail=1
    fi
}
open_doc() { # open_doc FILE VERSION
    send "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file://$D/$1\",\"languageId\":\"json\",\"version\":$2,\"text\":\"$(escape "$(cat "$D/$1")")\"}}}"
}

send '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
next
send '{"jsonrpc":"2.0","method":"initialized","params":{}}'

# a configuration with errors, then fixed and saved, then broken and changed
open_doc broken/a.json 1
barrier 2
td001='{"range":{"start":{"line":0,"character":43},"end":{"line":0,"character":72}},"severity":1,"code":"TD001","codeDescription":{"href":"https://github.com/tdlint/tdlint/blob/main/rules/TD001.md"},"source":"tdlint","message":"container \"app\" in task definition \"app\" has a writable root filesystem (readonlyRootFilesystem is not set): set readonlyRootFilesystem to true and mount a volume on each path it writes"}'
broken='{"jsonrpc":"2.0","method":"window/showMessage","params":{"type":1,"message":"tdlint: the configuration has errors; the files under it are not linted until it is fixed:\n@DIR@/broken/.tdlint.yaml:3:11: unknown rule \"TD009\": tdlint --list-rules lists the rules"}}
{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file://@DIR@/broken/.tdlint.yaml","diagnostics":[{"range":{"start":{"line":2,"character":10},"end":{"line":2,"character":15}},"severity":1,"source":"tdlint","message":"unknown rule \"TD009\": tdlint --list-rules lists the rules"}]}}
{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file://@DIR@/broken/a.json","version":1,"diagnostics":[]}}
'
expect "a configuration with errors" "$broken"

cp "$D/broken/.tdlint.yaml" "$work/broken.yaml"
printf 'fail-level: error\n' > "$D/broken/.tdlint.yaml"
send "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didSave\",\"params\":{\"textDocument\":{\"uri\":\"file://$D/broken/.tdlint.yaml\"}}}"
barrier 3
expect "the configuration fixed and saved" \
    '{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file://@DIR@/broken/a.json","version":1,"diagnostics":['"$td001"']}}
{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file://@DIR@/broken/.tdlint.yaml","diagnostics":[]}}
'

cp "$work/broken.yaml" "$D/broken/.tdlint.yaml"
send "{\"jsonrpc\":\"2.0\",\"method\":\"workspace/didChangeWatchedFiles\",\"params\":{\"changes\":[{\"uri\":\"file://$D/broken/.tdlint.yaml\",\"type\":2}]}}"
barrier 4
expect "the configuration broken again, a watched file changed" "$broken"

# a Terraform module: main.tf reads local.containers from locals.tf on disk;
# locals.tf changed there and saved: main.tf is linted again
open_doc tfmod/main.tf 1
open_doc tfmod/locals.tf 1
barrier 6
# each publication of $got: its file, and "{" when it has diagnostics, "]" when none
publications() { printf '%s' "$got" | sed -n 's/.*"uri":"file:\/\/@DIR@\/\([^"]*\)".*"diagnostics":\[\(.\{0,1\}\).*/\1 \2/p'; }
if [ "$(publications)" != "tfmod/main.tf {
tfmod/locals.tf ]" ]; then
    echo "lsp_live: a module's two files opened: $(publications)"
    fail=1
fi
if [[ $got != *'"message":"locals.tf:2:63: container \"naïve\" in aws_ecs_task_definition.from_local'* ]]; then
    echo "lsp_live: main.tf does not show locals.tf's finding: $got"
    fail=1
fi
sed -i 's/readonlyRootFilesystem = false/readonlyRootFilesystem = true/' "$D/tfmod/locals.tf"
send "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didSave\",\"params\":{\"textDocument\":{\"uri\":\"file://$D/tfmod/locals.tf\"}}}"
barrier 7
if [[ $got == *'naïve'* ]] || [[ $got != *'"uri":"file://@DIR@/tfmod/main.tf","version":1,"diagnostics":[{'*'café'* ]]; then
    echo "lsp_live: locals.tf saved: main.tf not linted again with the saved file: $got"
    fail=1
fi
# changed back outside the editor (a checkout), reported as a watched file
sed -i 's/readonlyRootFilesystem = true/readonlyRootFilesystem = false/' "$D/tfmod/locals.tf"
send "{\"jsonrpc\":\"2.0\",\"method\":\"workspace/didChangeWatchedFiles\",\"params\":{\"changes\":[{\"uri\":\"file://$D/tfmod/locals.tf\",\"type\":2}]}}"
barrier 8
if [[ $got != *'"uri":"file://@DIR@/tfmod/main.tf","version":1,"diagnostics":[{'*'café'*'naïve'* ]]; then
    echo "lsp_live: locals.tf changed on disk: main.tf not linted again with it: $got"
    fail=1
fi

# a burst of changes, written without waiting for the server
open_doc whale.yaml 1
fixed=$(escape "$(cat "$D/whale-fixed.yaml")")
whale=$(escape "$(cat "$D/whale.yaml")")
for v in $(seq 2 300); do
    t=$fixed
    [ "$v" = 300 ] && t=$whale
    to=1 send "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"file://$D/whale.yaml\",\"version\":$v},\"contentChanges\":[{\"text\":\"$t\"}]}}"
done > "$work/burst"
cat "$work/burst" >&"$to"
barrier 5
versions=$(printf '%s' "$got" | sed -n 's/.*"uri":"file:\/\/@DIR@\/whale.yaml","version":\([0-9]*\).*/\1/p')
count=$(echo "$versions" | wc -l)
last=$(printf '%s' "$got" | tail -1)
if ! sort -n -c -u <<< "$versions" 2> /dev/null; then
    echo "lsp_live: the burst: versions published out of order: $versions"
    fail=1
fi
if [[ $last != *'"version":300,"diagnostics":[{"range"'* ]]; then
    echo "lsp_live: the burst: $count publications, the last: $last"
    fail=1
fi
echo "the burst of 300 changes: $count publications (versions $(echo $versions))"

# the client goes away
exec {to}>&-
status=0
wait "$pid" || status=$?
if [ "$status" != 1 ]; then
    echo "lsp_live: the server exited with status $status at end of input, not 1"
    fail=1
fi
if [ -s "$work/err" ]; then
    echo "lsp_live: the server wrote to standard error:"
    cat "$work/err"
    fail=1
fi
[ $fail = 0 ] && echo "ok: configuration reloads, a module's file saved, a burst of changes, end of input"
exit $fail
