#!/usr/bin/env bash
# Platform smoke test (not in CI: three release builds take longer than CI's budget).
#
#   bash .ci/platforms.sh            (as root on Debian/Ubuntu x86_64, from the clone's root)
#
# Builds the Linux binaries against glibc 2.28 (统信UOS V20, 麒麟 V10) for x86_64 and aarch64
# with cargo-zigbuild, the Windows .exe pair with mingw and its NSIS installer, the .deb
# packages; then checks each (the installer by .ci/wine-installer-checks.sh)
# and prints one line per check: "ok — …" or "FAILED — …". Exit code 1 if any check failed.
# Wine needs the ProcessPrng shim (test only, never shipped): WINE_SHIM_DIR names the folder
# with bcryptprimitives.c/.def (default ../shared/tools/wine).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'kill ${xvfb:-} 2>/dev/null; rm -rf "$work"' EXIT
failed=0
say() { echo "$1 — $2"; [ "$1" = ok ] || failed=1; }

# --- tools -----------------------------------------------------------------------------
need_apt=()
for p in qemu-user libc6-arm64-cross gcc-mingw-w64-x86-64 wine wine64 nsis xvfb imagemagick xdotool \
         desktop-file-utils shared-mime-info xdg-utils poppler-utils; do
    dpkg -s "$p" >/dev/null 2>&1 || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
command -v cargo-zigbuild >/dev/null || pip install -q ziglang cargo-zigbuild
command -v cargo-deb >/dev/null || cargo install -q --locked cargo-deb
rustup target add x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-pc-windows-gnu >/dev/null 2>&1

# --- builds ----------------------------------------------------------------------------
for t in x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu; do
    if cargo zigbuild -q --release --target "$t.2.28" --bin kaoping >"$work/build-$t.log" 2>&1; then
        say ok "built $t against glibc 2.28"
    else
        say FAILED "build $t (see below)"; tail -20 "$work/build-$t.log"
    fi
done
if cargo build -q --release --target x86_64-pc-windows-gnu >"$work/build-win.log" 2>&1; then
    say ok "built kaoping.exe and kaoping-cli.exe"
else
    say FAILED "build x86_64-pc-windows-gnu"; tail -20 "$work/build-win.log"
fi
x86=target/x86_64-unknown-linux-gnu/release/kaoping
arm=target/aarch64-unknown-linux-gnu/release/kaoping
exe=target/x86_64-pc-windows-gnu/release

# --- glibc -----------------------------------------------------------------------------
for bin in "$x86" "$arm"; do
    newest=$(readelf --dyn-syms -W "$bin" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)
    if [ -n "$newest" ] && [ "$(printf '%s\nGLIBC_2.28\n' "$newest" | sort -V | tail -1)" = GLIBC_2.28 ]; then
        say ok "$(basename "$(dirname "$(dirname "$bin")")"): newest glibc symbol $newest"
    else
        say FAILED "$bin needs ${newest:-?} (more than GLIBC_2.28)"
    fi
done

# --- aarch64 under qemu-user -----------------------------------------------------------
qemu="qemu-aarch64 -L /usr/aarch64-linux-gnu"
"$x86" sample --seed 3 -o "$work/s.kaoping" >/dev/null
if $qemu "$arm" check >"$work/arm-check.txt" 2>&1; then say ok "aarch64: check"; else say FAILED "aarch64: check"; fi
"$x86" score --json "$work/s.kaoping" >"$work/x86.json" 2>&1
$qemu "$arm" score --json "$work/s.kaoping" >"$work/arm.json" 2>&1
if cmp -s "$work/x86.json" "$work/arm.json" && [ -s "$work/x86.json" ]; then
    say ok "aarch64: score --json identical to x86_64 ($(wc -c <"$work/arm.json") bytes)"
else
    say FAILED "aarch64: score --json differs from x86_64"
fi
if $qemu "$arm" pdf "$work/s.kaoping" -o "$work/arm.pdf" >/dev/null 2>&1 && pdftotext "$work/arm.pdf" - | grep -q 合计; then
    say ok "aarch64: pdf ($(pdfinfo "$work/arm.pdf" | awk '/^Pages/ {print $2}') pages)"
else
    say FAILED "aarch64: pdf"
fi

# The arm64 window under qemu-user + Xvfb, with Debian's arm64 GL/X11 libraries (multiarch).
if ! dpkg -s libgl1-mesa-dri:arm64 >/dev/null 2>&1; then
    dpkg --add-architecture arm64 && apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq libc6:arm64 libgcc-s1:arm64 libgl1:arm64 libglx-mesa0:arm64 \
        libgl1-mesa-dri:arm64 libx11-6:arm64 libx11-xcb1:arm64 libxcursor1:arm64 libxi6:arm64 \
        libxrandr2:arm64 libxkbcommon-x11-0:arm64 >/dev/null
fi
Xvfb :94 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
armx=$!
sleep 2
DISPLAY=:94 LIBGL_ALWAYS_SOFTWARE=1 XDG_DATA_HOME="$work/xdg-arm" XDG_CONFIG_HOME="$work/xdg-arm" \
    qemu-aarch64 -L / "$(realpath "$arm")" "$work/s.kaoping" >"$work/arm-window.log" 2>&1 &
armapp=$!
sleep 60
DISPLAY=:94 import -window root "$root/target/platforms-arm64-window.png" 2>/dev/null
armcolours=$(convert "$root/target/platforms-arm64-window.png" -format %k info: 2>/dev/null || echo 0)
kill "$armapp" "$armx" 2>/dev/null
if [ "${armcolours:-0}" -gt 64 ]; then
    say ok "aarch64: the window drawn under qemu-user + Xvfb ($armcolours colours, target/platforms-arm64-window.png)"
else
    say FAILED "aarch64: the window was not drawn under qemu-user (see $work/arm-window.log)"
fi

# --- Windows under Wine ----------------------------------------------------------------
shim=${WINE_SHIM_DIR:-$root/../shared/tools/wine}
export WINEPREFIX="$work/wine" WINEDEBUG=-all
if [ -f "$shim/bcryptprimitives.c" ]; then
    x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" \
        "$shim/bcryptprimitives.c" "$shim/bcryptprimitives.def" -ladvapi32
    wineboot -i >/dev/null 2>&1
    cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
    cp "$work/s.kaoping" "$WINEPREFIX/drive_c/s.kaoping"
    wine "$exe/kaoping-cli.exe" score --json 'C:\s.kaoping' 2>/dev/null | tr -d '\r' >"$work/win.json"
    if cmp -s "$work/x86.json" "$work/win.json"; then
        say ok "Windows: kaoping-cli.exe score --json identical to Linux"
    else
        say FAILED "Windows: score --json differs from Linux"
    fi
    wine "$exe/kaoping-cli.exe" score 'C:\no-such.kaoping' >/dev/null 2>&1
    code=$?
    if [ "$code" = 2 ]; then say ok "Windows: kaoping-cli.exe exit code 2 for a missing file"; else say FAILED "Windows: exit code $code for a missing file (expected 2)"; fi
    # The window, under Xvfb: a screenshot once it is drawn.
    Xvfb :93 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    sleep 2
    DISPLAY=:93 LIBGL_ALWAYS_SOFTWARE=1 wine "$exe/kaoping.exe" 'C:\s.kaoping' >/dev/null 2>&1 &
    app=$!
    sleep 15
    DISPLAY=:93 import -window root "$work/win.png" 2>/dev/null
    colours=$(convert "$work/win.png" -format %k info: 2>/dev/null || echo 0)
    cp "$work/win.png" "$root/target/platforms-windows.png" 2>/dev/null || true
    kill "$app" 2>/dev/null; wineserver -k 2>/dev/null
    if [ "${colours:-0}" -gt 64 ]; then
        say ok "Windows: window drawn under Wine ($colours colours, target/platforms-windows.png)"
    else
        say FAILED "Windows: window not drawn under Wine"
    fi
    # A crash draft survives kill -9 and is offered on the next start: drafts are owned by a
    # lock, not by a process id (which Wine and Windows reuse). A unit is picked from the
    # keyboard, the draft is written 2 s later, the process is killed, the program restarted.
    drafts() { find "$WINEPREFIX/drive_c/users" -path '*kaoping*' -name 'draft-*.ron' 2>/dev/null; }
    DISPLAY=:93 LIBGL_ALWAYS_SOFTWARE=1 wine "$exe/kaoping.exe" >/dev/null 2>&1 &
    sleep 15
    win=$(DISPLAY=:93 xdotool search --onlyvisible --name . 2>/dev/null | tail -1)
    if [ -n "$win" ]; then
        DISPLAY=:93 xdotool windowfocus --sync "$win" type --delay 100 junshan
        sleep 0.5
        DISPLAY=:93 xdotool windowfocus --sync "$win" key Return
    fi
    sleep 6
    before=$(drafts | head -1)
    pkill -9 -f kaoping.exe; wineserver -k 2>/dev/null; sleep 1
    DISPLAY=:93 LIBGL_ALWAYS_SOFTWARE=1 wine "$exe/kaoping.exe" >/dev/null 2>&1 &
    sleep 15
    DISPLAY=:93 import -window root "$root/target/platforms-windows-restore.png" 2>/dev/null
    after=$(drafts | head -1)
    pkill -9 -f kaoping.exe; wineserver -k 2>/dev/null
    if [ -n "$before" ] && [ -n "$after" ] && grep -q junshan "$after"; then
        say ok "Windows: the draft survived kill -9 and a restart ($(basename "$after"); the 恢复 question in target/platforms-windows-restore.png)"
    else
        say FAILED "Windows: draft before kill '${before:-none}', after restart '${after:-none}'"
    fi
else
    say FAILED "Windows: no ProcessPrng shim in $shim (set WINE_SHIM_DIR)"
fi

# --- the Windows installer, checked under Wine (its own prefix; one line per step) ---------
if bash .ci/windows-installer.sh >"$work/installer.log" 2>&1; then
    say ok "built $(ls target/installer/kaoping-安装程序-*.exe | tail -1)"
    WINE_SHIM_DIR="$shim" bash .ci/wine-installer-checks.sh || failed=1
else
    say FAILED "the installer (see below)"; tail -20 "$work/installer.log"
fi

# --- .deb ------------------------------------------------------------------------------
for t in x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu; do
    if deb=$(cargo deb --no-build --no-strip --target "$t" 2>"$work/deb-$t.log" | tail -1) && [ -f "$deb" ]; then
        say ok "package $(basename "$deb") ($(stat -c %s "$deb") bytes)"
    else
        say FAILED "cargo deb for $t"; tail -5 "$work/deb-$t.log"
    fi
done
deb=$(ls target/x86_64-unknown-linux-gnu/debian/kaoping_*_amd64.deb 2>/dev/null | tail -1)
if [ -n "$deb" ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null 2>&1; then
    say ok "dpkg: installed $(basename "$deb")"
    if kaoping check >/dev/null 2>&1; then say ok "installed kaoping runs (check)"; else say FAILED "installed kaoping does not run"; fi
    if desktop-file-validate /usr/share/applications/kaoping.desktop; then say ok "desktop-file-validate: clean"; else say FAILED "desktop-file-validate"; fi
    type=$(xdg-mime query filetype "$work/s.kaoping" 2>/dev/null)
    app=$(xdg-mime query default application/x-kaoping 2>/dev/null)
    if [ "$type" = application/x-kaoping ] && [ "$app" = kaoping.desktop ]; then
        say ok "xdg-mime: a .kaoping file is $type, opened by $app"
    else
        say FAILED "xdg-mime: type '$type', default '$app'"
    fi
else
    say FAILED "dpkg install of the amd64 package"
fi
exit $failed
