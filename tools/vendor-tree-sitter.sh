#!/usr/bin/env bash
# Refreshes the vendored tree-sitter runtime and HCL grammar (third_party/)
# from the npm registry, at the versions pinned below, after checking each
# tarball's SHA-512 against its pin. Run it from anywhere; it needs curl,
# tar and sha512sum, and network access to registry.npmjs.org.
#
# To move to a new version: change the version, run the script once with
# TDLINT_VENDOR_PIN=1 to print the new tarball's digest, check it against
# `npm view PACKAGE@VERSION dist.integrity` (the same SHA-512, in base64),
# put it here, run the script again, rebuild and run the tests (the HCL
# grammar's parse trees are pinned in tests/unit/test_hcl.c).
set -euo pipefail

RUNTIME_VERSION=0.25.1
RUNTIME_SHA512=9ab70476462d1dfacad40e9fb373ba171901a344228395d45ea1e1c54390bb46e63e8d34405e17692c7879da5acdd1f0c674828e518a1a022a59d68de1dbd32c
HCL_VERSION=1.2.0
HCL_SHA512=d9b5673a88e491d30b7afa741b8bf792c6cda0e40573f3edf4601d597e22ddaca457223e0a492d13586c17f5c07944058f0806ad5667132782965e680fb21b7e

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch NAME URL SHA512: the tarball, checked, unpacked into $work/NAME
fetch() {
    curl -fsSL --retry 3 -o "$work/$1.tgz" "$2"
    local got
    got=$(sha512sum "$work/$1.tgz" | cut -d' ' -f1)
    if [ "${TDLINT_VENDOR_PIN:-}" = 1 ]; then
        echo "$1: $got"
    elif [ "$got" != "$3" ]; then
        echo "vendor-tree-sitter: $2 has SHA-512 $got, not the pinned $3" >&2
        exit 1
    fi
    mkdir -p "$work/$1"
    tar -xzf "$work/$1.tgz" -C "$work/$1"
}

fetch runtime "https://registry.npmjs.org/tree-sitter/-/tree-sitter-$RUNTIME_VERSION.tgz" \
    "$RUNTIME_SHA512"
fetch hcl "https://registry.npmjs.org/@tree-sitter-grammars/tree-sitter-hcl/-/tree-sitter-hcl-$HCL_VERSION.tgz" \
    "$HCL_SHA512"
[ "${TDLINT_VENDOR_PIN:-}" = 1 ] && exit 0

# the runtime: the C library only (lib/src, lib/include), not the Node binding
dest=$root/third_party/tree-sitter
rm -rf "$dest"
mkdir -p "$dest/lib"
cp -R "$work/runtime/package/vendor/tree-sitter/lib/src" "$work/runtime/package/vendor/tree-sitter/lib/include" "$dest/lib/"
cp "$work/runtime/package/LICENSE" "$dest/LICENSE"
# the grammar: the generated parser, its external scanner and their headers
dest=$root/third_party/tree-sitter-hcl
rm -rf "$dest"
mkdir -p "$dest/src"
cp -R "$work/hcl/package/src/parser.c" "$work/hcl/package/src/scanner.c" \
    "$work/hcl/package/src/tree_sitter" "$dest/src/"
cp "$work/hcl/package/LICENSE" "$dest/LICENSE"

cat > "$root/third_party/VERSIONS" <<VERSIONS
# Written by tools/vendor-tree-sitter.sh: what third_party/ holds, from where.
tree-sitter $RUNTIME_VERSION https://registry.npmjs.org/tree-sitter/-/tree-sitter-$RUNTIME_VERSION.tgz sha512:$RUNTIME_SHA512
tree-sitter-hcl $HCL_VERSION https://registry.npmjs.org/@tree-sitter-grammars/tree-sitter-hcl/-/tree-sitter-hcl-$HCL_VERSION.tgz sha512:$HCL_SHA512
VERSIONS
echo "vendored tree-sitter $RUNTIME_VERSION and tree-sitter-hcl $HCL_VERSION into third_party/"
