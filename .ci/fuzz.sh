#!/usr/bin/env bash
# Fuzzes the sheet and ruleset readers for MINUTES (default 10) through the release binary.
# Usage: bash .ci/fuzz.sh [MINUTES] [sheets|rulesets|packages|both|all]    (needs python3)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
target=${2:-both}
[ -x target/release/kaoping ] || cargo build --release
exec python3 .ci/fuzz.py "$minutes" --bin target/release/kaoping --target "$target"
