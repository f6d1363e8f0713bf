#!/usr/bin/env bash
# Benchmark (not run by CI): cold start to a mapped window, and idle CPU of the real release
# window under Xvfb with no input for 20 s (target: 0 — egui repaints only on input).
set -euo pipefail
bin=${1:-target/release/kaoping}
out=$(mktemp -d)
display=:78
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb ${app:-} 2>/dev/null || true' EXIT
sleep 2
"$bin" sample --seed 3 -o "$out/s.kaoping"
start=$(date +%s%N)
DISPLAY=$display XDG_DATA_HOME="$out/xdg" "$bin" "$out/s.kaoping" >/dev/null 2>&1 &
app=$!
timeout 60 env DISPLAY=$display xdotool search --sync --class kaoping >/dev/null
mapped=$(( ($(date +%s%N) - start) / 1000000 ))
echo "cold start to a mapped window: ${mapped} ms"
sleep 5   # let it draw its first frames
ticks() { awk '{print $14 + $15}' "/proc/$app/stat"; }
t0=$(ticks); sleep 20; t1=$(ticks)
hz=$(getconf CLK_TCK)
echo "idle CPU over 20 s without input: $(( (t1 - t0) * 1000 / hz )) ms of CPU"
echo "resident memory: $(awk '/VmRSS/ {print $2, $3}' /proc/$app/status)"
