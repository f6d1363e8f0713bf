#!/usr/bin/env bash
# Start-up benchmark (not run by CI): launch → first drawn frame of a filled sheet, against
# LibreOffice Writer opening the same table, in one run, under Xvfb with software GL.
#
#   bash .ci/bench-start.sh [RUNS] [BIN]
#
# Needs xvfb x11-apps imagemagick (and libreoffice-writer for the anchor; without it only
# kaoping is measured). Three figures, medians over RUNS:
#  1. kaoping's own trace (KAOPING_TRACE_START): frame 2 starts right after frame 1 was
#     painted and swapped, so its time is launch → first drawn frame. Runs with nothing else
#     on the machine.
#  2. The screen, for kaoping and for Writer alike: the root window is dumped (xwd) as fast
#     as it can be from launch on; afterwards each dump is compared with how the screen
#     finally looks (a dump taken seconds later) and the first one within 1 % of its pixels
#     (a blinking text cursor) is when the document was on screen. The dumps compete with the
#     program for the CPU, so these figures are upper bounds.
set -euo pipefail
runs=${1:-10}
bin=$(realpath "${2:-target/release/kaoping}")
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
display=:81
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$out"' EXIT
sleep 1.5
export DISPLAY=$display LIBGL_ALWAYS_SOFTWARE=1
# The pointer rests outside both windows: a row under it would light up a frame later.
xdotool mousemove 1399 899
"$bin" sample --seed 3 -o "$out/s.kaoping" >/dev/null

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Dumps the screen from launch (given in ms) for $2 seconds, then the final look after $3.
record_screen() {
    local launched=$1 seconds=$2 settle=$3 dir=$4
    mkdir -p "$dir"
    local until=$(( launched + seconds * 1000 ))
    while [ "$(now_ms)" -lt "$until" ]; do
        local t=$(( $(now_ms) - launched ))
        xwd -root -silent > "$dir/$(printf '%06d' "$t").xwd" 2>/dev/null || true
    done
    sleep "$settle"
    xwd -root -silent > "$dir/final.xwd"
}

# The first dump within 1 % of the final look, in ms after launch.
settled_at() {
    local dir=$1 limit=$(( 1400 * 900 / 100 ))
    for f in $(ls "$dir" | grep -v final | sort); do
        local diff
        diff=$(compare -metric AE -fuzz 3% "$dir/$f" "$dir/final.xwd" null: 2>&1 >/dev/null | cut -d' ' -f1)
        diff=${diff%%.*}
        if [ "${diff:-999999999}" -le "$limit" ]; then
            echo $((10#${f%.xwd})); return
        fi
    done
    echo 0
}

kaoping_env() {
    env XDG_DATA_HOME="$out/xdg" XDG_CONFIG_HOME="$out/xdg" "$@"
}

# Writer: the same filled sheet as a table (.odt), opened with a profile made beforehand
# (a first start builds the profile: that is not what a clerk waits for each morning).
lo=""
if command -v soffice >/dev/null; then
    "$bin" score --json "$out/s.kaoping" | python3 "$here/anchor-table.py" "$out/sheet.html"
    (cd "$out" && soffice --headless -env:UserInstallation="file://$out/lo" \
        --convert-to odt:writer8 sheet.html >/dev/null 2>&1)
    soffice --norestore --nologo -env:UserInstallation="file://$out/lo" "$out/sheet.odt" >/dev/null 2>&1 &
    first=$!
    sleep 12; kill "$first" 2>/dev/null || true; wait "$first" 2>/dev/null || true
    pkill -f "UserInstallation=file://$out/lo" 2>/dev/null || true
    lo=yes
else
    echo "(no soffice: install libreoffice-writer for the comparison)"
fi

traced=(); screen=(); writer=()
for ((i = 0; i < runs; i++)); do
    # 1. The trace alone.
    rm -rf "$out/xdg"
    kaoping_env KAOPING_TRACE_START=1 "$bin" "$out/s.kaoping" 2>"$out/trace.log" &
    app=$!
    for ((k = 0; k < 100; k++)); do
        grep -q "frame 2 built" "$out/trace.log" 2>/dev/null && break
        sleep 0.05
    done
    kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true
    traced+=("$(sed -n 's/^kaoping-trace: frame 2 built at \([0-9]*\).*/\1/p' "$out/trace.log" | head -1)")

    # 2. kaoping on screen.
    rm -rf "$out/xdg" "$out/shots"
    launched=$(now_ms)
    kaoping_env "$bin" "$out/s.kaoping" >/dev/null 2>&1 &
    app=$!
    record_screen "$launched" 1 2 "$out/shots"
    kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true
    screen+=("$(settled_at "$out/shots")")

    # 3. Writer on screen.
    if [ -n "$lo" ]; then
        rm -rf "$out/shots"
        launched=$(now_ms)
        soffice --norestore --nologo -env:UserInstallation="file://$out/lo" "$out/sheet.odt" >/dev/null 2>&1 &
        app=$!
        record_screen "$launched" 3 6 "$out/shots"
        kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true
        pkill -f "UserInstallation=file://$out/lo" 2>/dev/null || true
        sleep 1
        writer+=("$(settled_at "$out/shots")")
    fi
done
echo "kaoping, launch → first frame drawn (own trace): median $(median "${traced[@]}") ms over $runs runs (${traced[*]})"
echo "kaoping, launch → sheet on screen (screen dumps): median $(median "${screen[@]}") ms (${screen[*]})"
if [ -n "$lo" ]; then
    echo "LibreOffice Writer, launch → same table on screen (screen dumps): median $(median "${writer[@]}") ms (${writer[*]})"
fi
