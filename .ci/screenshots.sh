#!/usr/bin/env bash
# Screenshots of the real window at office screen sizes, for a person to look at: a new sheet
# with the unit list open (typed with xdotool), a filled sheet, review mode; the ruleset preview
# of the 2016 test scheme, and a ruleset with mistakes opened in the window.
# Usage: bash .ci/screenshots.sh [BIN] [OUT]   (needs xvfb xdotool imagemagick)
set -euo pipefail
bin=${1:-target/release/kaoping}
out=${2:-target/screenshots}
mkdir -p "$out"
"$bin" sample --seed 3 -o "$out/sample.kaoping"
# Next year's scheme as an author has it: the test fixture, and a copy with two unknown fields
# and a total that does not add up.
cp tests/fixtures/yueyang-2016.ron "$out/2016.ron"
sed -e 's/^    issuer: \(.*\)$/    issuer: \1\n    isuer_phone: "0730",/' \
    -e 's/rule_text: "未开通扣1分",/rule_text: "未开通扣1分", note: "新增",/' \
    tests/fixtures/yueyang-2016.ron >"$out/2016-有错.ron"
shot() { # size name args…
    local size=$1 name=$2; shift 2
    local w=${size%x*} h=${size#*x} display=:78
    Xvfb "$display" -screen 0 "${w}x${h}x24" -nolisten tcp >/dev/null 2>&1 &
    local xvfb=$!
    sleep 1.5
    rm -rf "$out/xdg-$name"
    DISPLAY=$display XDG_DATA_HOME="$out/xdg-$name" XDG_CONFIG_HOME="$out/xdg-$name" \
        LIBGL_ALWAYS_SOFTWARE=1 "$bin" "$@" >"$out/$name.log" 2>&1 &
    local app=$!
    sleep 4
    local win
    win=$(DISPLAY=$display xdotool search --onlyvisible --class kaoping | head -1 || true)
    if [ -n "$win" ]; then
        DISPLAY=$display xdotool windowmove "$win" 0 0 windowsize "$win" "$w" "$h" windowfocus "$win"
        sleep 1
        if [ "$name" = "${name%-new}" ]; then :; else
            # A new sheet: the cursor is in 填报单位; ↓ lists the units.
            DISPLAY=$display xdotool key Down
            sleep 1
        fi
    fi
    DISPLAY=$display import -window root "$out/$name.png"
    kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
    echo "screenshot: $out/$name.png"
}
only=${ONLY:-all}
for size in 1024x700 1366x768 1920x1080; do
    if [ "$only" = all ]; then
        shot "$size" "$size-new"
        shot "$size" "$size-filled" "$out/sample.kaoping"
    fi
    shot "$size" "$size-preview" preview "$out/2016.ron"
    shot "$size" "$size-ruleset-errors" "$out/2016-有错.ron"
done
