#!/usr/bin/env bash
# PDF benchmark (not run by CI): `kaoping pdf` of a filled sheet against LibreOffice
# converting the same table to PDF (`soffice --headless --convert-to pdf`), in one run.
# Whole processes, wall time and peak memory, medians over RUNS.
#
#   bash .ci/bench-pdf.sh [RUNS] [BIN]      (needs libreoffice-writer for the anchor)
set -euo pipefail
runs=${1:-15}
bin=$(realpath "${2:-target/release/kaoping}")
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" sample --seed 3 -o "$out/s.kaoping" >/dev/null

# shellcheck source=.ci/bench-lib.sh
source "$here/bench-lib.sh"
anchor_sheet "$bin" "$out/s.kaoping"

k_ms=(); k_kb=(); l_ms=(); l_kb=()
for ((i = 0; i < runs; i++)); do
    read -r ms kb < <(measure "$bin" pdf "$out/s.kaoping" -o "$out/s.pdf")
    k_ms+=("$ms"); k_kb+=("$kb")
    if [ -n "$lo" ]; then
        read -r ms kb < <(cd "$out" && measure soffice --headless -env:UserInstallation="file://$out/lo" \
            --convert-to pdf --outdir "$out/lo-pdf" sheet.odt)
        l_ms+=("$ms"); l_kb+=("$kb")
    fi
done
pages=$(pdfinfo "$out/s.pdf" 2>/dev/null | awk '/^Pages/ {print $2}' || true)
echo "kaoping pdf (${pages:-?} pages, $(stat -c %s "$out/s.pdf") bytes): median $(median "${k_ms[@]}") ms, peak $(median "${k_kb[@]}") KB over $runs runs (${k_ms[*]})"
if [ -n "$lo" ]; then
    echo "soffice --convert-to pdf, same table ($(stat -c %s "$out/lo-pdf/sheet.pdf") bytes): median $(median "${l_ms[@]}") ms, peak $(median "${l_kb[@]}") KB (${l_ms[*]})"
fi
