# What the benchmark scripts share (sourced, not run): whole processes timed with `date` and
# their peak memory read by GNU time, medians over runs. Needs `$out` (a scratch folder) and
# `$runs` set by the script that sources it.

# The median of its arguments (numbers).
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Runs a command once; prints "wall_ms peak_kb".
measure() {
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$out/mem" "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 )) $(cat "$out/mem")"
}

# Runs a command `$runs` times; prints "LABEL: median N ms, peak N KB (each run's ms)".
report() { # label command…
    local label=$1; shift
    local ms=() kb=() m k
    for ((i = 0; i < runs; i++)); do
        read -r m k < <(measure "$@")
        ms+=("$m"); kb+=("$k")
    done
    echo "$label: median $(median "${ms[@]}") ms, peak $(median "${kb[@]}") KB (${ms[*]})"
}

# The anchor: the sheet of `$1` rebuilt as an HTML table and made an .odt by LibreOffice
# once (its profile made then too), so each timed conversion is LibreOffice's own work.
# Sets `lo` when LibreOffice is there.
anchor_sheet() { # kaoping-binary sheet
    lo=""
    if command -v soffice >/dev/null; then
        "$1" score --json "$2" | python3 "$(dirname "${BASH_SOURCE[0]}")/anchor-table.py" "$out/sheet.html"
        (cd "$out" && soffice --headless -env:UserInstallation="file://$out/lo" \
            --convert-to odt:writer8 sheet.html >/dev/null 2>&1)
        lo=yes
    fi
}
