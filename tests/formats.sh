#!/usr/bin/env bash
# Validates the reports for CI systems (--format json, gitlab, junit, github):
# the stdout of the golden cases format-* (what was reviewed and blessed), and
# the report of every golden case's inputs in each format (odd inputs: syntax
# errors, UTF-16, escaping, deep nesting, many files).
#
# usage: tests/formats.sh TDLINT CHECK_REPORT SOURCE_DIR
#        tests/formats.sh TDLINT --python SOURCE_DIR
#   The second form validates the JSON reports against the JSON Schema with
#   python3's jsonschema package instead (an independent validator); it exits
#   77 (skipped) when no python3 has that package.
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
checker=$2
src=$(cd "$3" && pwd)
schema=$src/docs/tdlint-json.schema.json
cases=$src/testdata/cases
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

kinds=(json gitlab junit github)
python=
if [ "$checker" = --python ]; then
    for p in python3 /usr/bin/python3; do
        if "$p" -c 'import jsonschema' 2>/dev/null; then
            python=$p
            break
        fi
    done
    if [ -z "$python" ]; then
        echo "python3 with the jsonschema package is not installed: skipped"
        exit 77
    fi
    kinds=(json)
else
    checker=$(cd "$(dirname "$checker")" && pwd)/$(basename "$checker")
fi

# The golden cases' reviewed output: stdout of `expected`.
for kind in "${kinds[@]}"; do
    awk '/^--- stderr$/ { f = 0 } f { print } /^--- stdout$/ { f = 1 }' \
        "$cases/format-$kind/expected" > "$work/golden-$kind.out"
done

# Every case's inputs (what the case would lint without args), in each format.
fail=0
n=0
for dir in "$cases"/*/; do
    name=$(basename "$dir")
    inputs=()
    for f in "$dir"*; do
        case $(basename "$f") in
        args | stdin | expected | env) ;;
        *) inputs+=("$(basename "$f")") ;;
        esac
    done
    [ ${#inputs[@]} -eq 0 ] && continue
    for kind in "${kinds[@]}"; do
        out=$work/$name-$kind.out
        (cd "$dir" &&
            TDLINT_TODAY=2025-06-01 "$tdlint" --no-config --format "$kind" -- "${inputs[@]}") \
            > "$out" 2> "$work/stderr"
        rc=$?
        if [ $rc -gt 2 ]; then
            echo "$name: tdlint --format $kind exited with status $rc"
            cat "$work/stderr"
            fail=1
        fi
    done
    n=$((n + 1))
done

if [ -n "$python" ]; then
    "$python" - "$schema" "$work"/*-json.out <<'EOF' || fail=1
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    for error in validator.iter_errors(json.load(open(path))):
        print("%s: %s: %s" % (path, "/".join(map(str, error.absolute_path)), error.message))
        bad += 1
print("%d JSON reports validated against %s, %d problems" % (len(sys.argv) - 2, sys.argv[1], bad))
sys.exit(1 if bad else 0)
EOF
    exit $fail
fi

# The checker itself catches what it must: each of these broken reports fails.
mutants=0
mutant() { # KIND SED-SCRIPT: a golden report changed by the script must fail
    local kind=$1 args=()
    [ "$kind" = json ] && args=("$schema")
    sed "$2" "$work/golden-$kind.out" > "$work/mutant"
    if cmp -s "$work/mutant" "$work/golden-$kind.out"; then
        echo "mutant '$2' of the $kind report changes nothing"
        fail=1
    elif "$checker" "$kind" "${args[@]}" "$work/mutant" 2> /dev/null; then
        echo "the $kind checker accepts a report changed by '$2'"
        fail=1
    fi
    mutants=$((mutants + 1))
}
mutant json 's/"rule_name": "input-error",//'
mutant json 's/"offset": 0/"offset": "0"/'
mutant json 's/"warnings": 1/"warnings": 2/'
mutant json '0,/"suppressed": true/s//"suppressed": false/'
mutant json 's/"status": "invalid"/"status": "broken"/'
mutant json '0,/"fingerprint": "\([0-9a-f]*\)"/s//"fingerprint": "\1", "extra": 1/'
mutant gitlab 's/"severity": "minor"/"severity": "low"/'
mutant gitlab '0,/"fingerprint": "\([0-9a-f]*\)"/s//"fingerprint": "x\1"/'
mutant gitlab 's/"begin": [0-9]*/"begin": 0/'
mutant junit '0,/failures="1"/s//failures="2"/'
mutant junit '0,/&quot;/s//\&/'
mutant junit '0,/<\/failure>/s//<\/failur>/'
mutant junit '0,/(OPS-12)/s//(OPS\x01)/'
mutant junit '0,/ name="(file)"/s// name="(file)" name="x"/'
mutant github '0,/%25/s//%/'
mutant github '0,/%2C/s//,/'
mutant github 's/line=\([0-9]*\),endLine=\([0-9]*\),/line=\1,col=3,endLine=\2,endColumn=4,/'

checked=0
for out in "$work"/*.out; do
    kind=${out##*-}
    kind=${kind%.out}
    if [ "$kind" = json ]; then
        "$checker" json "$schema" "$out" || { echo "^ in $(basename "$out")"; fail=1; }
    else
        "$checker" "$kind" "$out" || { echo "^ in $(basename "$out")"; fail=1; }
    fi
    if [ "$kind" = junit ] && command -v xmllint > /dev/null; then
        xmllint --noout "$out" || { echo "^ xmllint: $(basename "$out")"; fail=1; }
    fi
    checked=$((checked + 1))
done
echo "$checked reports checked ($n cases in ${#kinds[@]} formats, and the golden format-* cases);" \
    "$mutants broken reports rejected"
exit $fail
