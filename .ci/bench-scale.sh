#!/usr/bin/env bash
# Scale, measured as whole processes (not asserted in tests): `kaoping summary` and
# `kaoping bulletin` of a folder of 5,000 sheets, and `kaoping check` of a scheme repeating one
# unit id 25,000 / 50,000 / 100,000 times (a file under the 8 MB limit) (the time should grow linearly). Wall time and peak
# resident memory from GNU time.
# Usage: bash .ci/bench-scale.sh [BIN] [WORK]   (needs the `time` package: /usr/bin/time)
set -euo pipefail
bin=$(realpath "${1:-target/release/kaoping}")
work=${2:-target/bench-scale}
mkdir -p "$work"
work=$(realpath "$work")
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)"; exit 2; }
measure() { # label command…
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
    read -r secs kib < <(tail -1 "$work/time.txt")
    printf '%-40s %6.2f s  %6.0f MiB\n' "$label" "$secs" "$((kib / 1024))"
}

sheets="$work/5000"
if [ ! -d "$sheets" ] || [ "$(ls "$sheets" | wc -l)" -lt 5000 ]; then
    rm -rf "$sheets"; mkdir -p "$sheets"
    units=(pingjiang yueyangxian huarong xiangyin linxiang miluo yueyanglou junshan yunxi)
    for i in $(seq 1 5000); do
        "$bin" sample --unit "${units[$((i % 9))]}" --seed "$i" -o "$sheets/$i.kaoping" >/dev/null
    done
fi
measure "summary of 5,000 sheets" "$bin" summary "$sheets"
measure "summary of 5,000 sheets -o xlsx" "$bin" summary "$sheets" -o "$work/5000.xlsx"
measure "bulletin of 5,000 sheets" "$bin" bulletin "$sheets" -o "$work/5000.pdf"

for n in 25000 50000 100000; do
    scheme="$work/units-$n.ron"
    python3 - "$n" "$scheme" <<'EOF'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
text = open("rulesets/yueyang-2015.ron", encoding="utf-8").read()
line = '        Unit(id: "pingjiang", name: "平江县", class: "county"),\n'
extra = "".join(f'        Unit(id: "pingjiang", name: "平江县{i}", class: "county"),\n' for i in range(n))
open(out, "w", encoding="utf-8").write(text.replace(line, line + extra, 1))
EOF
    measure "check, one unit id $n times" "$bin" check "$scheme"
done
