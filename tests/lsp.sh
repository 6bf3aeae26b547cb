#!/usr/bin/env bash
# The language server (tdlint lsp) through scripted sessions: each
# tests/lsp/NAME.session is sent to one server as its whole standard input,
# and what the server writes (each message unframed on a line of its own,
# its Content-Length checked), what it writes to standard error and its exit
# status must be exactly tests/lsp/NAME.expected. The files of
# tests/lsp/files/ are copied to a scratch folder first; @DIR@ stands for it.
#
# A session holds one item a line (blank lines and lines starting with #
# are skipped):
#   {...}                        a message (JSON, @DIR@ replaced), framed
#   open FILE VERSION [SOURCE]   textDocument/didOpen of file://@DIR@/FILE with the text
#                                of SOURCE (default: FILE)
#   change FILE VERSION SOURCE   textDocument/didChange: the whole text of SOURCE
#   raw TEXT                     bytes as printf %b writes TEXT, unframed
#   args ARG...                  arguments after "tdlint lsp" (before any message)
#
# usage: tests/lsp.sh TDLINT SOURCE_DIR [NAME...]
# TDLINT_UPDATE=1 rewrites the .expected files (review the diff).
set -u
export LC_ALL=C
tdlint=$1
src=$2
shift 2
here=$src/tests/lsp
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# JSON string contents for the bytes of $1
escape() {
    local s=$1
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//$'\t'/\\t}
    s=${s//$'\r'/\\r}
    s=${s//$'\n'/\\n}
    printf '%s' "$s"
}
frame() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
text_of() { # the text of file $1, trailing newlines kept
    local t
    t=$(cat "$work/files/$1" && printf x)
    printf '%s' "${t%x}"
}

# The session $1 as bytes on standard output; its arguments in $work/args.
build_input() {
    : > "$work/args"
    local line kind f v t
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line//@DIR@/$work/files}
        case $line in
        '' | '#'*) continue ;;
        'args '*) printf '%s\n' ${line#args } > "$work/args" ;;
        'raw '*) printf '%b' "${line#raw }" ;;
        'open '* | 'change '*)
            read -r kind f v t <<< "$line"
            local uri="file://$work/files/$f"
            [ -n "$t" ] || t=$f
            if [ "$kind" = open ]; then
                frame "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"$uri\",\"languageId\":\"yaml\",\"version\":$v,\"text\":\"$(escape "$(text_of "$t")")\"}}}"
            else
                frame "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"$uri\",\"version\":$v},\"contentChanges\":[{\"text\":\"$(escape "$(text_of "$t")")\"}]}}"
            fi
            ;;
        *) frame "$line" ;;
        esac
    done < "$1"
}

# The server's output, one message a line; a frame that is not
# "Content-Length: N" CRLF CRLF and N bytes is said.
unframe() {
    local line n body
    while IFS= read -r line; do
        if ! [[ $line =~ ^Content-Length:\ ([0-9]+)$'\r'$ ]]; then
            echo "BAD HEADER: $line"
            return
        fi
        n=${BASH_REMATCH[1]}
        IFS= read -r line
        [ "$line" = $'\r' ] || { echo "BAD HEADER END: $line"; return; }
        IFS= read -r -N "$n" body
        [ "${#body}" = "$n" ] || { echo "SHORT BODY ($n): $body"; return; }
        printf '%s\n' "$body"
    done
}

version=$("$tdlint" --version | cut -d' ' -f2)
fail=0
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for s in "$here"/*.session; do
        n=${s##*/}
        names+=("${n%.session}")
    done
fi
for name in "${names[@]}"; do
    rm -rf "$work/files"
    cp -R "$here/files" "$work/files"
    build_input "$here/$name.session" > "$work/in"
    mapfile -t args < "$work/args"
    status=0
    TDLINT_TODAY=2025-06-01 timeout 60 "$tdlint" lsp "${args[@]}" < "$work/in" > "$work/out" \
        2> "$work/err" || status=$?
    {
        unframe < "$work/out"
        sed 's/^/stderr: /' "$work/err"
        echo "exit $status"
    } | sed "s|$work/files|@DIR@|g; s|\"version\":\"$version\"|\"version\":\"@VERSION@\"|g" \
        > "$work/got"
    if [ "${TDLINT_UPDATE:-}" = 1 ]; then
        cp "$work/got" "$here/$name.expected"
    elif ! diff -u "$here/$name.expected" "$work/got"; then
        echo "lsp: session $name: the output differs (< expected, > got)"
        fail=1
    fi
done

# the command line: --lsp is lsp, --stdio changes nothing; --help; an unknown argument
printf 'Content-Length: 33\r\n\r\n{"jsonrpc":"2.0","method":"exit"}' > "$work/in"
status=0
"$tdlint" --lsp --stdio < "$work/in" > "$work/out" 2>&1 || status=$?
if [ $status != 1 ] || [ -s "$work/out" ]; then
    echo "lsp: tdlint --lsp, exit before shutdown: status $status (not 1), output: $(cat "$work/out")"
    fail=1
fi
status=0
"$tdlint" lsp --help > "$work/out" 2>&1 || status=$?
if [ $status != 0 ] || ! grep -q '^usage: tdlint lsp \[--verbose\] \[--stdio\]$' "$work/out"; then
    echo "lsp: tdlint lsp --help: status $status, output: $(cat "$work/out")"
    fail=1
fi
status=0
"$tdlint" lsp --tcp < /dev/null > "$work/out" 2> "$work/err" || status=$?
if [ $status != 2 ] || [ -s "$work/out" ] ||
    [ "$(cat "$work/err")" != "tdlint lsp: unknown argument '--tcp' (tdlint lsp --help)" ]; then
    echo "lsp: tdlint lsp --tcp: status $status, stderr: $(cat "$work/err")"
    fail=1
fi
[ $fail = 0 ] && echo "ok: ${#names[@]} sessions, the command line"
exit $fail
