#!/usr/bin/env bash
# A ~1 GB 提交包, measured as whole processes (not asserted in tests): a sample sheet with five
# 190 MB 佐证材料, `kaoping package` (every attachment hashed, then streamed into the zip) beside
# Info-ZIP's `zip -0` of the same files as the anchor. Wall time and peak resident memory from
# GNU time: the package is never held in memory, so its peak stays far below its size.
# Usage: bash .ci/bench-package.sh [BIN] [WORK]   (needs /usr/bin/time and zip)
set -euo pipefail
bin=$(realpath "${1:-target/release/kaoping}")
work=${2:-target/bench-package}
rm -rf "$work"; mkdir -p "$work"
work=$(realpath "$work")
for tool in /usr/bin/time zip; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install time zip)"; exit 2; }
done
measure() { # label command…
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
    read -r secs kib < <(tail -1 "$work/time.txt")
    printf '%-44s %6.2f s  %6.0f MiB\n' "$label" "$secs" "$((kib / 1024))"
}

sheet="$work/平江县.kaoping"
"$bin" sample --unit pingjiang --seed 1 -o "$sheet" >/dev/null
mkdir -p "$work/录像"
for i in 1 2 3 4 5; do
    # Random bytes: nothing compresses or shortcuts them, as with a real recording.
    head -c $((190 * 1024 * 1024)) /dev/urandom > "$work/录像/会议录像$i.mp4"
    "$bin" evidence "$sheet" add 1 "$work/录像/会议录像$i.mp4" >/dev/null
done
measure "kaoping package (5 × 190 MB)" "$bin" package "$sheet" -o "$work/提交包.zip"
ls -l "$work/提交包.zip" | awk '{printf "%-44s %6.0f MiB\n", "  its size", $5 / 1048576}'
measure "zip -0 of the same five files (anchor)" zip -0 -q -j "$work/anchor.zip" "$work"/录像/*.mp4
