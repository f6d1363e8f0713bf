#!/usr/bin/env bash
# Memory benchmark (not run by CI): resident memory of the release window holding a filled
# sheet, against LibreOffice Writer holding the same table, in one run, under Xvfb with
# software GL (what a 信创 PC without a GPU driver, or a VM, gives).
#
#   bash .ci/bench-memory.sh [BIN]
#
# Needs xvfb, xdotool (and libreoffice-writer for the anchor). For each program: VmRSS and
# Pss (shared pages divided among the processes that map them) after it has drawn and sat
# still, summed over Writer's processes (oosplash + soffice.bin); then kaoping's largest
# mappings (smaps), to say where its memory is.
set -euo pipefail
bin=$(realpath "${1:-target/release/kaoping}")
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
display=:83
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$out"' EXIT
sleep 1.5
export DISPLAY=$display LIBGL_ALWAYS_SOFTWARE=1
"$bin" sample --seed 3 -o "$out/s.kaoping" >/dev/null

# kB of a field of /proc/PID/status or smaps_rollup, summed over the pids given.
field_kb() {
    local file=$1 name=$2; shift 2
    local sum=0
    for p in "$@"; do
        local v
        v=$(awk -v n="$name:" '$1 == n {print $2}' "/proc/$p/$file" 2>/dev/null || echo 0)
        sum=$((sum + ${v:-0}))
    done
    echo "$sum"
}
mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }

XDG_DATA_HOME="$out/xdg" XDG_CONFIG_HOME="$out/xdg" "$bin" "$out/s.kaoping" >/dev/null 2>&1 &
app=$!
timeout 60 xdotool search --sync --class kaoping >/dev/null
sleep 5
k_rss=$(field_kb status VmRSS "$app"); k_pss=$(field_kb smaps_rollup Pss "$app")
echo "kaoping (filled sheet): resident $(mib "$k_rss") MiB, proportional $(mib "$k_pss") MiB"
echo "  largest mappings (resident MiB):"
awk '/^[0-9a-f]+-[0-9a-f]+ / {name = ($6 == "" ? "[anonymous]" : $6)}
     /^Rss:/ {rss[name] += $2}
     END {for (n in rss) printf "%8.1f  %s\n", rss[n] / 1024, n}' "/proc/$app/smaps" |
    sort -rn | head -8
kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true

if command -v soffice >/dev/null; then
    "$bin" score --json "$out/s.kaoping" | python3 "$here/anchor-table.py" "$out/sheet.html"
    (cd "$out" && soffice --headless -env:UserInstallation="file://$out/lo" \
        --convert-to odt:writer8 sheet.html >/dev/null 2>&1)
    # A first start builds the profile; the second is what a clerk has each morning.
    for run in profile measured; do
        soffice --norestore --nologo -env:UserInstallation="file://$out/lo" "$out/sheet.odt" >/dev/null 2>&1 &
        sleep 15
        pids=$(pgrep -f "UserInstallation=file://$out/lo" || true)
        if [ "$run" = measured ]; then
            # shellcheck disable=SC2086
            w_rss=$(field_kb status VmRSS $pids); w_pss=$(field_kb smaps_rollup Pss $pids)
            echo "LibreOffice Writer (same table): resident $(mib "$w_rss") MiB, proportional $(mib "$w_pss") MiB"
            awk -v a="$k_rss" -v b="$w_rss" -v c="$k_pss" -v d="$w_pss" \
                'BEGIN {printf "kaoping / Writer: resident %.2f×, proportional %.2f×\n", a / b, c / d}'
        fi
        pkill -f "UserInstallation=file://$out/lo" 2>/dev/null || true
        sleep 2
    done
else
    echo "(no soffice: install libreoffice-writer for the comparison)"
fi
