#!/usr/bin/env bash
# 台账 benchmark (not run by CI): the same filled sheet with no 台账 and with 300 entries (60
# each in five ledgers: 讲座, 信息, 贷款, 示范妇女之家, 代表活动), opened and scored
# (`kaoping score`), printed (`kaoping pdf`) and its 进度 computed (`kaoping progress`), against
# LibreOffice converting the sheet's table to PDF in the same run. Whole processes, wall time
# and peak memory, medians over RUNS.
#
#   bash .ci/bench-ledger.sh [RUNS] [BIN]      (needs libreoffice-writer for the anchor)
set -euo pipefail
runs=${1:-11}
bin=$(realpath "${2:-target/release/kaoping}")
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" sample --seed 3 -o "$out/plain.kaoping" >/dev/null
cp "$out/plain.kaoping" "$out/ledger.kaoping"
# 300 entries through the command line, as a script would keep them.
for i in $(seq 1 60); do
    day=$(date -d "2015-01-01 + $((i * 5)) days" +%F)
    "$bin" ledger add "$out/ledger.kaoping" rights.publicity --date "$day" \
        --title "社区家庭律师普法讲座第${i}场" --figure "参加妇女人数=$((30 + i % 50))" >/dev/null
    "$bin" ledger add "$out/ledger.kaoping" office.info --date "$day" \
        --title "信息第${i}条" --figure "市妇联采用=是" --figure "省妇联采用=$([ $((i % 2)) = 0 ] && echo 是 || echo 否)" >/dev/null
    "$bin" ledger add "$out/ledger.kaoping" development.loans --date "$day" \
        --title "小额担保贷款第${i}笔" --figure "性别=$([ $((i % 3)) = 0 ] && echo 男 || echo 女)" --figure "金额=$((5 + i % 7))" >/dev/null
    "$bin" ledger add "$out/ledger.kaoping" organization.homes --date "$day" \
        --title "示范妇女之家第${i}个" --figure "级别=$([ $((i % 3)) = 0 ] && echo 县级 || echo 乡级)" >/dev/null
    "$bin" ledger add "$out/ledger.kaoping" organization.deputies --date "$day" \
        --title "代表活动第${i}次" --figure "参加代表人数=$((i % 20 + 5))" >/dev/null
done
entries=$("$bin" ledger list "$out/ledger.kaoping" | tail -1)

# shellcheck source=.ci/bench-lib.sh
source "$here/bench-lib.sh"
anchor_sheet "$bin" "$out/plain.kaoping"
echo "sheet with 台账: $entries; file $(stat -c %s "$out/ledger.kaoping") bytes (without: $(stat -c %s "$out/plain.kaoping"))"
report "score, no 台账" "$bin" score "$out/plain.kaoping"
report "score, 300 entries" "$bin" score "$out/ledger.kaoping"
report "pdf, no 台账" "$bin" pdf "$out/plain.kaoping" -o "$out/p.pdf"
report "pdf, 300 entries" "$bin" pdf "$out/ledger.kaoping" -o "$out/l.pdf"
report "progress, 300 entries" "$bin" progress "$out/ledger.kaoping" --on 2015-06-30 -o "$out/progress.pdf"
if [ -n "$lo" ]; then
    report "soffice --convert-to pdf, the sheet's table" bash -c "cd '$out' && soffice --headless -env:UserInstallation='file://$out/lo' --convert-to pdf --outdir '$out/lo-pdf' sheet.odt"
fi
