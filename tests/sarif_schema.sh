#!/usr/bin/env bash
# Validates tdlint's SARIF against the OASIS SARIF 2.1.0 JSON Schema with
# python3's jsonschema package: the SARIF of every golden case's inputs (odd
# inputs, parse errors, suppressions, related locations) and the golden
# sarif-* outputs as blessed.
#
# usage: tests/sarif_schema.sh TDLINT SOURCE_DIR
#   The schema is not part of this project: it is taken from
#   $TDLINT_SARIF_SCHEMA, else from ../shared/reference/sarif-schema-2.1.0.json
#   beside the checkout (as in CI). Exits 77 (skipped) when there is no schema
#   or no python3 with jsonschema.
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
schema=${TDLINT_SARIF_SCHEMA:-$src/../shared/reference/sarif-schema-2.1.0.json}
if [ ! -f "$schema" ]; then
    echo "no SARIF 2.1.0 schema at $schema (set TDLINT_SARIF_SCHEMA): skipped"
    exit 77
fi
python=
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
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
for dir in "$src"/testdata/cases/*/; do
    name=$(basename "$dir")
    inputs=()
    for f in "$dir"*; do
        case $(basename "$f") in args | stdin | expected | env) ;; *) inputs+=("$f") ;; esac
    done
    [ ${#inputs[@]} -gt 0 ] || continue
    (cd "$dir" && "$tdlint" --no-config --format sarif "${inputs[@]}" > "$work/$name.sarif" 2>/dev/null)
    n=$((n + 1))
done
for c in "$src"/testdata/cases/sarif-*/; do
    sed -n '/^--- stdout$/,/^--- stderr$/p' "$c/expected" | sed '1d;$d' > "$work/golden-$(basename "$c").sarif"
    n=$((n + 1))
done
"$python" - "$schema" "$work" <<'PY'
import json, sys, pathlib, jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft7Validator(schema)
bad = 0
files = sorted(pathlib.Path(sys.argv[2]).glob("*.sarif"))
for f in files:
    try:
        doc = json.loads(f.read_text(encoding="utf-8"))
    except ValueError as e:
        print(f"{f.name}: not JSON: {e}")
        bad += 1
        continue
    for err in validator.iter_errors(doc):
        print(f"{f.name}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
        bad += 1
print(f"{len(files)} SARIF logs checked against the SARIF 2.1.0 schema, {bad} errors")
sys.exit(1 if bad else 0)
PY
