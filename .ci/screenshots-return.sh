#!/usr/bin/env bash
# Screenshots of the return loop in the real window, for a person to look at, at the office's
# screen sizes: the office's review of a package (退回修改 with words on two items), the clerk's
# sheet with the 退回通知 over it, the office's resend with the changed items 需重审, the
# comparison with a partial review and a forged one; and the 考核通报 pages after it all.
# Usage: bash .ci/screenshots-return.sh [BIN] [OUT]   (needs xvfb xdotool imagemagick poppler-utils)
set -euo pipefail
bin=$(realpath "${1:-target/release/kaoping}")
out=${2:-target/screenshots-return}
rm -rf "$out"; mkdir -p "$out"
out=$(realpath "$out")
export KAOPING_DATA_DIR="$out/office-data"
inbox="$out/收件箱"; unit="$out/平江县妇联"
mkdir -p "$inbox" "$unit"
"$bin" sample --unit pingjiang --seed 8 -o "$unit/平江县.kaoping" >/dev/null
"$bin" sample --unit xiangyin --seed 2 -o "$inbox/湘阴县.kaoping" >/dev/null
"$bin" sample --unit huarong --seed 5 -o "$inbox/华容县.kaoping" >/dev/null
"$bin" package "$unit/平江县.kaoping" -o "$inbox/平江县-提交包.zip" >/dev/null || true
# 华容县 sends itself 已审核 with full marks (a forged review, sealed with its own key).
KAOPING_DATA_DIR="$out/unit-data" "$bin" review "$inbox/华容县.kaoping" --adopt-rest --state 已审核 >/dev/null
# The office: 湘阴县 reviewed in part (3 items), 平江县 returned with words on items 1 and 4.
"$bin" review "$inbox/湘阴县.kaoping" --score office.info=5 --score office.research=2 --score office.meetings=1 >/dev/null || true
"$bin" review "$inbox/平江县-提交包.zip" --adopt-rest \
    --opinion office.info=请附市妇联采用信息的证明 --opinion office.research=调研报告只有一篇 \
    --state 退回修改 --reason 两项缺佐证材料 --resubmit-by 2016-01-20 >/dev/null
notice=$(ls "$inbox"/*.kaoping-return | head -1)

shot() { # size name desk keys args…   (desk: unit or office; office shots hold its key)
    local size=$1 name=$2 desk=$3 keys=$4; shift 4
    local w=${size%x*} h=${size#*x} display=:79
    local data="$out/pc-$name" xdg="$out/xdg-$name"
    mkdir -p "$data" "$xdg/kaoping"
    if [ "$desk" = office ]; then
        cp -r "$out/office-data/审核密钥" "$data/"
        echo '{"kaoping-mode":"review"}' >"$xdg/kaoping/app.ron"
    fi
    Xvfb "$display" -screen 0 "${w}x${h}x24" -nolisten tcp >/dev/null 2>&1 &
    local xvfb=$!
    sleep 1.5
    DISPLAY=$display KAOPING_DATA_DIR="$data" XDG_DATA_HOME="$xdg" XDG_CONFIG_HOME="$xdg" \
        PATH=/nonexistent LIBGL_ALWAYS_SOFTWARE=1 "$bin" "$@" >"$out/$name.log" 2>&1 &
    local app=$!
    sleep 4
    local win
    win=$(DISPLAY=$display xdotool search --onlyvisible --class kaoping | head -1 || true)
    if [ -n "$win" ]; then
        DISPLAY=$display xdotool windowmove "$win" 0 0 windowsize "$win" "$w" "$h" windowfocus "$win"
        sleep 1
        for k in $keys; do DISPLAY=$display xdotool key "$k"; sleep 0.5; done
    fi
    DISPLAY=$display import -window root "$out/$name.png"
    kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
    echo "screenshot: $out/$name.png"
}

copy=$(ls "$inbox"/平江县-提交包/*.kaoping | head -1)
for size in 1366x768 1024x700; do
    # The clerk: her sheet with the notice over it (the first item to fix selected).
    shot "$size" "$size-unit-returned" unit "" "$unit/平江县.kaoping" "$notice"
done
# The clerk changes two items and resends (as the window would save them).
python3 - "$unit/平江县.kaoping" <<'EOF'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace('"office.info": ItemEntry(', '"office.info": ItemEntry(', 1)
s = re.sub(r'("office\.info": ItemEntry\(\n(?:.*\n)*?\s*note: )"[^"]*"', r'\1"已补采用证明"', s, count=1)
s = re.sub(r'("office\.internal": ItemEntry\(\n(?:.*\n)*?\s*note: )"[^"]*"', r'\1"补充说明"', s, count=1)
open(p, "w", encoding="utf-8").write(s)
EOF
"$bin" package "$unit/平江县.kaoping" -o "$inbox/平江县-提交包.zip" >/dev/null || true
"$bin" diff "$copy" "$inbox/平江县-提交包.zip" >"$out/diff.txt" || true
for size in 1366x768 1024x700; do
    # The office opens the resend: the dialog of what changed, then the sheet (Esc).
    shot "$size" "$size-office-resend" office "" "$inbox/平江县-提交包.zip"
    shot "$size" "$size-office-resend-sheet" office "Escape" "$inbox/平江县-提交包.zip"
    # The comparison: 审核中 for the partial review, 华容县's own review not taken.
    shot "$size" "$size-office-comparison" office "" "$inbox"
done
"$bin" bulletin "$inbox" -o "$out/通报.pdf" >/dev/null || true
pdftoppm -r 60 -png "$out/通报.pdf" "$out/通报"
"$bin" summary "$inbox" -o "$out/汇总.pdf" >/dev/null || true
pdftoppm -r 60 -png "$out/汇总.pdf" "$out/汇总"
echo "done: $out"
