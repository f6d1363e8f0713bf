#!/usr/bin/env bash
# Smoke test of the real window: start the binary under Xvfb on a filled sheet, let it
# draw, take a screenshot, and fail if the process died or the screen stayed empty.
set -euo pipefail
bin=${1:-target/release/kaoping}
out=${2:-target/smoke}
mkdir -p "$out"
display=:77
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; [ -n "${app:-}" ] && kill $app 2>/dev/null || true' EXIT
sleep 2
"$bin" sample --seed 3 -o "$out/sample.kaoping"
DISPLAY=$display XDG_DATA_HOME="$out/xdg" LIBGL_ALWAYS_SOFTWARE=1 "$bin" "$out/sample.kaoping" >"$out/app.log" 2>&1 &
app=$!
sleep 8
if ! kill -0 "$app" 2>/dev/null; then
    echo "smoke: the window process died:"; cat "$out/app.log"; exit 1
fi
DISPLAY=$display import -window root "$out/window.png"
colours=$(convert "$out/window.png" -format %k info:)
echo "smoke: window alive after 8 s; screenshot $out/window.png has $colours colours"
if [ "$colours" -lt 16 ]; then
    echo "smoke: the screenshot is (nearly) blank"; exit 1
fi
kill "$app"; wait "$app" 2>/dev/null || true
app=
echo "smoke: 1 passed, 0 failed"
