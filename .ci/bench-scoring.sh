#!/usr/bin/env bash
# 评分表 benchmark (not run by CI): an inbox of 13 units' 提交包, each with two 佐证材料 per
# item of 维权工作; `kaoping scoring-sheet export` of that category (with and without copying
# the 佐证材料) and `scoring-sheet import` of it filled (every row merged into the 13 reviews,
# sealed), against LibreOffice converting the same workbook to PDF in the same run. Whole
# processes, wall time and peak memory, medians over RUNS.
#
#   bash .ci/bench-scoring.sh [RUNS] [BIN]   (needs python3-openpyxl; libreoffice-calc for the anchor)
set -euo pipefail
runs=${1:-7}
bin=$(realpath "${2:-target/release/kaoping}")
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export KAOPING_DATA_DIR="$out/data"
# shellcheck source=.ci/bench-lib.sh
source "$here/bench-lib.sh"
mkdir -p "$out/inbox"
seed=1
for unit in pingjiang yueyangxian huarong xiangyin linxiang miluo yueyanglou junshan yunxi \
    jingkai chenglingji nanhu quyuan; do
    mkdir -p "$out/units/$unit"
    sheet="$out/units/$unit/$unit.kaoping"
    "$bin" sample --seed "$seed" --unit "$unit" -o "$sheet" >/dev/null
    for item in rights.publicity rights.mediation rights.research rights.petitions rights.violence; do
        for n in 1 2; do
            head -c 200000 /dev/urandom >"$out/photo-$n.jpg"
            "$bin" evidence "$sheet" add "$item" "$out/photo-$n.jpg" --title "活动图片$n" >/dev/null
        done
    done
    "$bin" package "$sheet" -o "$out/inbox/$unit-提交包.zip" >/dev/null 2>&1 || true
    seed=$((seed + 1))
done
"$bin" scoring-sheet export "$out/inbox" --category 维权工作 -o "$out/weiquan.xlsx" >/dev/null
echo '{"sheet": "维权工作", "reviewer": "张三", "self": true}' >"$out/spec.json"
python3 "$here/../tests/common/fill_scoring_sheet.py" "$out/weiquan.xlsx" "$out/filled.xlsx" "$out/spec.json"
echo "inbox: $(ls "$out/inbox" | wc -l) packages, $(du -sh "$out/inbox" | cut -f1)"
report "scoring-sheet export, no files" "$bin" scoring-sheet export "$out/inbox" --category 维权工作 -o "$out/a.xlsx" --no-files
report "scoring-sheet export, 130 files copied" bash -c "rm -rf '$out/b_佐证材料'; '$bin' scoring-sheet export '$out/inbox' --category 维权工作 -o '$out/b.xlsx'"
# Each import merges every row again: the first writes the 13 reviews, the rest find them the same.
report "scoring-sheet import, 65 rows" "$bin" scoring-sheet import "$out/filled.xlsx" "$out/inbox"
if command -v soffice >/dev/null; then
    (cd "$out" && soffice --headless -env:UserInstallation="file://$out/lo" --convert-to pdf weiquan.xlsx >/dev/null 2>&1) || true
    report "soffice --convert-to pdf, the same workbook" bash -c "cd '$out' && soffice --headless -env:UserInstallation='file://$out/lo' --convert-to pdf --outdir '$out/lo-pdf' weiquan.xlsx"
fi
