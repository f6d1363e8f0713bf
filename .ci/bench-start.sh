#!/usr/bin/env bash
# Start-up benchmark (not run by CI): launch → first drawn frame of a filled sheet under Xvfb
# with software GL, RUNS times, medians. Two measures: the program's own trace
# (KAOPING_TRACE_START: frame 2 is built after frame 1 was painted) and an external check that
# polls screenshots until the window shows the sheet (more than 64 colours on screen).
# Usage: bash .ci/bench-start.sh [RUNS] [BIN]   (needs xvfb imagemagick)
set -euo pipefail
runs=${1:-10}
bin=${2:-target/release/kaoping}
out=$(mktemp -d)
display=:81
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$out"' EXIT
sleep 1.5
"$bin" sample --seed 3 -o "$out/s.kaoping"
traced=(); seen=()
for ((i = 0; i < runs; i++)); do
    rm -rf "$out/xdg"
    start=$(date +%s%N)
    DISPLAY=$display XDG_DATA_HOME="$out/xdg" XDG_CONFIG_HOME="$out/xdg" LIBGL_ALWAYS_SOFTWARE=1 \
        KAOPING_TRACE_START=1 "$bin" "$out/s.kaoping" 2>"$out/trace.log" &
    app=$!
    visible=""
    for ((k = 0; k < 200; k++)); do
        colours=$(DISPLAY=$display import -window root -depth 8 png:- 2>/dev/null | convert png:- -format %k info: 2>/dev/null || echo 0)
        if [ "${colours:-0}" -gt 64 ]; then
            visible=$(( ($(date +%s%N) - start) / 1000000 )); break
        fi
    done
    sleep 0.5
    kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true
    t=$(sed -n 's/^kaoping-trace: frame 2 built at \([0-9]*\) ms.*/\1/p' "$out/trace.log" | head -1)
    traced+=("${t:-0}"); seen+=("${visible:-0}")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "launch → first frame drawn (trace, frame 2 built): median $(median "${traced[@]}") ms over $runs runs (${traced[*]})"
echo "launch → sheet visible on screen (screenshot poll): median $(median "${seen[@]}") ms (${seen[*]})"
