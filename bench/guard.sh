#!/bin/sh
# bench/guard.sh: installs the peer that section 5 of bench/run.sh compares tdlint with,
# cfn-guard and the AWS Control Tower rule CT.ECS.PR.6, both shipped in the npm package
# @cdklabs/cdk-validator-cfnguard, and finds them again.
#   bench/guard.sh install DIR   npm install the package into DIR (outside the source
#                                tree), then print the two paths as below
#   bench/guard.sh paths DIR     print, for an install in DIR:
#                                  CFN_GUARD=/path/to/cfn-guard
#                                  CFN_GUARD_RULES=/path/to/ct-ecs-pr-6.guard
# Environment: TDLINT_GUARD_PKG (default @cdklabs/cdk-validator-cfnguard@0.0.62, which
# bundles cfn-guard 3.1.1). Only the package is installed (--omit=peer: not aws-cdk-lib).
# bench/run.sh finds the two paths itself from TDLINT_GUARD_DIR=DIR, or takes them from
# CFN_GUARD and CFN_GUARD_RULES. Nothing of the package is copied into the source tree.
set -eu
PKG=${TDLINT_GUARD_PKG:-@cdklabs/cdk-validator-cfnguard@0.0.62}

usage() { echo "usage: bench/guard.sh install|paths DIR" >&2; exit 2; }

paths() {
    top="$1/node_modules/@cdklabs/cdk-validator-cfnguard"
    [ -d "$top" ] || { echo "guard.sh: no $top (run: bench/guard.sh install $1)" >&2; exit 1; }
    case $(uname -s) in Darwin) os=macos;; *) os=ubuntu;; esac
    case $(uname -m) in aarch64|arm64) arch=aarch64;; *) arch=x86_64;; esac
    bin="$top/bin/$os/$arch/cfn-guard"
    rules=$(find "$top/rules" -name 'ct-ecs-pr-6.guard' | head -n 1)
    [ -x "$bin" ] || { echo "guard.sh: no cfn-guard binary at $bin" >&2; exit 1; }
    [ -n "$rules" ] || { echo "guard.sh: no ct-ecs-pr-6.guard under $top/rules" >&2; exit 1; }
    echo "CFN_GUARD=$bin"
    echo "CFN_GUARD_RULES=$rules"
}

[ $# -eq 2 ] || usage
case $1 in
install)
    mkdir -p "$2"
    npm install --prefix "$2" --omit=peer --ignore-scripts --no-audit --no-fund "$PKG" >&2
    paths "$(cd "$2" && pwd)"
    ;;
paths)
    [ -d "$2" ] || { echo "guard.sh: no folder $2 (run: bench/guard.sh install $2)" >&2; exit 1; }
    paths "$(cd "$2" && pwd)"
    ;;
*) usage ;;
esac
