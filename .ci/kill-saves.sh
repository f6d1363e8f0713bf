#!/usr/bin/env bash
# Kills saving processes at random moments (ROUNDS, default 1000) and checks that the sheet
# and its .bak are each always a whole version, and that the next save, a minute later,
# leaves no temporary file behind. Usage: bash .ci/kill-saves.sh [ROUNDS] [BIN]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-1000}
bin=${2:-target/release/kaoping}
[ -x "$bin" ] || cargo build --release
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
f="$dir/kill.kaoping"
"$bin" sample --unit 平江县 --seed 1 -o "$f"
corrupt=0; corrupt_bak=0
for ((i = 1; i <= rounds; i++)); do
    "$bin" sample --unit 平江县 --seed $((i % 5 + 1)) -o "$f" >/dev/null 2>&1 &
    pid=$!
    sleep "0.00$((RANDOM % 10))$((RANDOM % 10))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    "$bin" score "$f" >/dev/null 2>&1 || { corrupt=$((corrupt + 1)); echo "round $i: target not whole"; }
    if [ -e "$f.bak" ]; then
        "$bin" score "$f.bak" >/dev/null 2>&1 || { corrupt_bak=$((corrupt_bak + 1)); echo "round $i: .bak not whole"; }
    fi
done
left_before=$(find "$dir" -name '.kaoping-*.tmp' | wc -l)
sleep 61
"$bin" sample --unit 平江县 --seed 9 -o "$f"
left=$(find "$dir" -name '.kaoping-*.tmp' | wc -l)
echo "kill-saves: $rounds kills; $corrupt corrupt targets, $corrupt_bak corrupt .bak; $left_before temporary files after the kills, $left after the next save"
[ "$corrupt" -eq 0 ] && [ "$corrupt_bak" -eq 0 ] && [ "$left" -eq 0 ]
