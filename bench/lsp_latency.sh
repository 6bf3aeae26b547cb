#!/usr/bin/env bash
# bench/lsp_latency.sh TDLINT [RUNS]: the time from writing a
# textDocument/didChange to reading its textDocument/publishDiagnostics, for
# a 2 KB and a 1 MB task definition (JSON; one container in fifty has a
# writable root filesystem), as a client sees it through the pipes. Prints
# the fastest and the median of RUNS (default 9) changes for each size.
set -eu
export LC_ALL=C
tdlint=$1
runs=${2:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# a task definition of about $1 bytes (a little more), one container a line, as the
# contents of a JSON string (quotes and newlines escaped)
gen() {
    awk -v want="$1" 'BEGIN {
        out = "{\\\"family\\\": \\\"bench\\\", \\\"containerDefinitions\\\": ["
        printf "%s", out
        n = length(out)
        for (i = 0; n < want; i++) {
            ro = i % 50 == 7 ? "false" : "true"
            c = "{\"name\": \"c" i "\", \"image\": \"nginx:1.25\", \"essential\": true, " \
                "\"readonlyRootFilesystem\": " ro ", \"mountPoints\": [{\"sourceVolume\": " \
                "\"tmp\", \"containerPath\": \"/tmp\"}]}"
            gsub(/"/, "\\\"", c)
            c = (i ? "," : "") "\\n  " c
            printf "%s", c
            raw = c
            n += length(c) - gsub(/\\/, "", raw) # escapes are not text
        }
        printf "\\n], \\\"volumes\\\": [{\\\"name\\\": \\\"tmp\\\"}]}\\n"
    }'
}

coproc SRV { "$tdlint" lsp; }
to=${SRV[1]}
from=${SRV[0]}
send() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1" >&"$to"; }
next() {
    local line n
    IFS= read -r -u "$from" line
    n=${line#Content-Length: }
    n=${n%$'\r'}
    IFS= read -r -u "$from" line
    IFS= read -r -u "$from" -N "$n" msg
}

send '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
next
send '{"jsonrpc":"2.0","method":"initialized","params":{}}'
for size in 2048 1048576; do
    text=$(gen "$size")
    uri="file://$work/taskdef-$size.json"
    send "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"$uri\",\"languageId\":\"json\",\"version\":1,\"text\":\"$text\"}}}"
    next
    ms=()
    for v in $(seq 2 $((runs + 1))); do
        change="{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"$uri\",\"version\":$v},\"contentChanges\":[{\"text\":\"$text\"}]}}"
        t0=${EPOCHREALTIME/./}
        send "$change"
        next
        t1=${EPOCHREALTIME/./}
        [[ $msg == *"\"version\":$v,"* ]] || { echo "unexpected: ${msg:0:200}"; exit 1; }
        ms+=($(((t1 - t0) / 100)))
    done
    sorted=($(printf '%s\n' "${ms[@]}" | sort -n))
    ndiag=$(grep -o '"code":"TD' <<< "$msg" | wc -l)
    printf '%8d bytes, %d diagnostics: didChange -> publishDiagnostics fastest %d.%d ms, median %d.%d ms\n' \
        $((${#text} - $(tr -cd '\\' <<< "$text" | wc -c))) "$ndiag" \
        $((sorted[0] / 10)) $((sorted[0] % 10)) \
        $((sorted[runs / 2] / 10)) $((sorted[runs / 2] % 10))
done
send '{"jsonrpc":"2.0","id":2,"method":"shutdown"}'
next
send '{"jsonrpc":"2.0","method":"exit"}'
wait
