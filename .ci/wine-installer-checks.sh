#!/usr/bin/env bash
# The Windows installer checked under Wine, one line per step ("ok — …" or "FAILED — …"):
# a silent install into a fresh prefix, its files and HKCU keys, an upgrade over an older
# version (refused while kaoping runs, then keeping the association and the user's
# settings), a .kaoping in a folder with spaces and Chinese opened by `wine start` through
# the association (twice: a second window), a silent uninstall that leaves no program file
# and no key but keeps the user's sheet and data folder; screenshots of the installer's first
# page and of the opened sheet in target/.
#
#   bash .ci/wine-installer-checks.sh   (run by .ci/platforms.sh; alone after .ci/windows-installer.sh)
#
# Needs wine, wine64, xvfb, imagemagick, xdotool and the ProcessPrng shim (WINE_SHIM_DIR, see
# .ci/platforms.sh). Exit code 1 if any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
w=$(mktemp -d)
trap 'kill ${wx:-} 2>/dev/null; WINEPREFIX="$w/prefix" wineserver -k 2>/dev/null; rm -rf "$w"' EXIT
bad=0
say() { echo "$1 — $2"; [ "$1" = ok ] || bad=1; }

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
installer="target/installer/kaoping-安装程序-$version.exe"
if [ ! -f "$installer" ]; then
    say FAILED "no $installer (run .ci/windows-installer.sh first)"
    exit 1
fi
say ok "installer $(basename "$installer"): $(stat -c %s "$installer") bytes"
# An "older version" for the upgrade: the same files under version 0.0.1.
older="$w/kaoping-安装程序-0.0.1.exe"
makensis -V1 -DVERSION=0.0.1 -DSRC="$root/target/installer/src" -DOUT="$older" installer/kaoping.nsi >/dev/null
[ -f "$older" ] || say FAILED "makensis: the older installer for the upgrade check"

# The prefix's 桌面 and 文档 are links into $HOME and Wine mirrors shortcuts as host menu
# entries: a home of its own and no winemenubuilder keep this machine's own folders clean.
mkdir -p "$w/home/Desktop" "$w/home/Documents"
export WINEPREFIX="$w/prefix" WINEDEBUG=-all HOME="$w/home" WINEDLLOVERRIDES=winemenubuilder.exe=d
shim=${WINE_SHIM_DIR:-$root/../shared/tools/wine}
if [ ! -f "$shim/bcryptprimitives.c" ]; then
    say FAILED "no ProcessPrng shim in $shim (set WINE_SHIM_DIR): Rust programs do not start under Wine 8 without it"
    exit 1
fi
wineboot -i >/dev/null 2>&1
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    "$shim/bcryptprimitives.c" "$shim/bcryptprimitives.def" -ladvapi32 || say FAILED "the ProcessPrng shim"
user=$(wine cmd /c 'echo %USERNAME%' 2>/dev/null | tr -d '\r')
home="$WINEPREFIX/drive_c/users/$user"
dir="$home/AppData/Local/Programs/kaoping"
classes='HKCU\Software\Classes'
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\kaoping'
# A key is there; a value's text (name '' for the default value), read through `reg export`
# (UTF-16, so the Chinese survives: `reg query` prints it in the console's code page).
haskey() { wine reg query "$1" >/dev/null 2>&1; }
regval() {
    wine reg export "$1" "$w/q.reg" /y >/dev/null 2>&1 || return 1
    iconv -f utf-16 -t utf-8 "$w/q.reg" | tr -d '\r' | awk -v name="$2" '
        /^\[/ { section++; next }
        section == 1 && name == "" && index($0, "@=") == 1 { print substr($0, 3); exit }
        section == 1 && name != "" && index($0, "\"" name "\"=") == 1 { print substr($0, length(name) + 4); exit }' \
        | sed 's/^"//; s/"$//; s/\\"/"/g; s/\\\\/\\/g'
}
# Chinese Windows has 宋体, the face the installer's Chinese pages ask for; a fresh prefix has
# no Chinese face at all (every character a box): the shipped Song face stands in (test only).
cp assets/fonts/gbsn00lp.ttf "$WINEPREFIX/drive_c/windows/Fonts/"
for face in 宋体 SimSun "MS Shell Dlg" "MS Shell Dlg 2" Tahoma; do
    wine reg add 'HKCU\Software\Wine\Fonts\Replacements' /v "$face" /t REG_SZ /d "AR PL SungtiL GB" /f >/dev/null 2>&1
done
wineserver -w

Xvfb :95 -screen 0 1024x700x24 -nolisten tcp >/dev/null 2>&1 &
wx=$!
sleep 2
export DISPLAY=:95 LIBGL_ALWAYS_SOFTWARE=1

# The first page, as a clerk sees it when she double-clicks the installer.
wine "$root/$installer" >/dev/null 2>&1 &
sleep 8
import -window root "$root/target/platforms-installer.png" 2>/dev/null
page=$(xdotool search --onlyvisible --name '考评' 2>/dev/null | head -1)
if [ -n "$page" ]; then
    say ok "the installer's first page is shown: “$(xdotool getwindowname "$page")” (target/platforms-installer.png)"
    # 下一步 (Enter): the components, the desktop shortcut ticked.
    xdotool windowfocus --sync "$page" key Return 2>/dev/null
    sleep 2
    import -window root "$root/target/platforms-installer-components.png" 2>/dev/null
else
    say FAILED "no installer window under Xvfb"
fi
wineserver -k 2>/dev/null; sleep 1

# The older version, silently, for the current user.
wine "$older" /S >/dev/null 2>&1; code=$?; wineserver -w
if [ "$code" = 0 ] && [ -f "$dir/kaoping.exe" ] && [ -f "$home/Desktop/考评.lnk" ]; then
    say ok "0.0.1 installed silently (/S) into $(echo "${dir#"$WINEPREFIX/drive_c/"}" | tr / '\\'), with its desktop shortcut"
else
    say FAILED "silent install of 0.0.1 (exit code $code)"
fi

# The user has worked with it: a sheet in 文档 with a space and Chinese in its path, opened
# from the association; the program remembers its settings when closed.
docs="$WINEPREFIX/drive_c/users/李梅/Documents"
# Windows reads HKEY_CLASSES_ROOT as HKCU\Software\Classes over HKLM\Software\Classes; Wine 8
# reads HKLM's alone (Wine bug 14771), so `start` would not see a per-user association. What
# the installer wrote under HKCU is copied there as it is (test only; removed below).
wine reg export 'HKCU\Software\Classes' "$w/classes.reg" /y >/dev/null 2>&1
iconv -f utf-16 -t utf-8 "$w/classes.reg" | sed 's/^\[HKEY_CURRENT_USER\\/[HKEY_LOCAL_MACHINE\\/' >"$w/merged.reg"
wine regedit /S "$(winepath -w "$w/merged.reg" 2>/dev/null)" 2>/dev/null
mkdir -p "$docs"
wine "$root/target/installer/src/kaoping-cli.exe" sample --unit pingjiang --seed 4 \
    -o 'C:\Users\李梅\Documents\平江县 考评.kaoping' >/dev/null 2>&1
[ -f "$docs/平江县 考评.kaoping" ] || say FAILED "kaoping-cli.exe sample: no sheet in C:\Users\李梅\Documents"
# `start` returns once kaoping is started; on a file it cannot open it would wait behind a
# message box, hence the timeout.
timeout 60 wine start 'C:\Users\李梅\Documents\平江县 考评.kaoping' >/dev/null 2>&1
sleep 20
opened=$(xdotool search --onlyvisible --name '平江县 考评.kaoping' 2>/dev/null | head -1)
import -window root "$root/target/platforms-windows-double-click.png" 2>/dev/null
if [ -n "$opened" ]; then
    say ok "start 'C:\\Users\\李梅\\Documents\\平江县 考评.kaoping' opened it in kaoping: “$(xdotool getwindowname "$opened")” (target/platforms-windows-double-click.png)"
else
    say FAILED "start on the sheet: no window names it ($(xdotool search --onlyvisible --name . getwindowname %@ 2>/dev/null | tr '\n' '|'))"
fi
# A second double-click while it is open: a second window on the same sheet (a save over
# the other's asks first: 文件已在别处改过).
timeout 60 wine start /unix "$docs/平江县 考评.kaoping" >/dev/null 2>&1
sleep 20
windows=$(xdotool search --onlyvisible --name '平江县 考评.kaoping' 2>/dev/null | wc -l)
if [ "$windows" = 2 ]; then
    say ok "start /unix on the same sheet again: a second window ($windows windows name it)"
else
    say FAILED "start /unix on the same sheet again: $windows windows name it (expected 2)"
fi

for key in .kaoping kaoping.sheet kaoping.ruleset .ron; do
    wine reg delete "HKLM\\Software\\Classes\\$key" /f >/dev/null 2>&1
done

# An upgrade while kaoping runs is refused, the files untouched.
before=$(md5sum "$dir/kaoping.exe" | cut -c1-32)
wine "$root/$installer" /S >/dev/null 2>&1; code=$?
after=$(md5sum "$dir/kaoping.exe" | cut -c1-32)
version_now=$(regval "$uninstall_key" DisplayVersion)
if [ "$code" != 0 ] && [ "$before" = "$after" ] && [ "$version_now" = 0.0.1 ]; then
    say ok "upgrade while kaoping runs: refused (exit code $code, 考评正在运行), 0.0.1 still installed"
else
    say FAILED "upgrade while kaoping runs: exit code $code, version $version_now"
fi
for win in $(xdotool search --onlyvisible --name '平江县 考评.kaoping' 2>/dev/null); do
    xdotool windowfocus --sync "$win" key alt+F4 2>/dev/null
done
sleep 5
pgrep -f kaoping.exe >/dev/null && { pkill -f kaoping.exe; sleep 2; }
settings=$(find "$home/AppData" -name app.ron -path '*kaoping*' 2>/dev/null | head -1)
settings_sum=$(md5sum "$settings" 2>/dev/null | cut -c1-32)
[ -n "$settings" ] || say FAILED "closing kaoping left no settings file (app.ron) in AppData"

# The user has deleted the desktop shortcut: the upgrade must not bring it back.
rm -f "$home/Desktop/考评.lnk"

# The upgrade with kaoping closed: the new version, the association and the settings kept.
wine "$root/$installer" /S >/dev/null 2>&1; code=$?; wineserver -w
version_now=$(regval "$uninstall_key" DisplayVersion)
if [ "$code" = 0 ] && [ "$version_now" = "$version" ]; then
    say ok "upgrade 0.0.1 → $version over the installed one (exit code 0)"
else
    say FAILED "upgrade: exit code $code, DisplayVersion ${version_now:-none}"
fi
if [ -n "$settings" ] && [ "$(md5sum "$settings" 2>/dev/null | cut -c1-32)" = "$settings_sum" ]; then
    say ok "the user's settings kept by the upgrade (${settings#"$home/"})"
else
    say FAILED "the settings file changed or went: ${settings:-none}"
fi

# What it installed: files, shortcuts, keys.
missing=""
for f in kaoping.exe kaoping-cli.exe icon.ico 说明.md uninstall.exe licences; do
    [ -e "$dir/$f" ] || missing="$missing $f"
done
startmenu=$(find "$home/AppData/Roaming/Microsoft/Windows/Start Menu" -name '考评.lnk' 2>/dev/null | head -1)
desktop=$(find -L "$home/Desktop" -maxdepth 1 -name '考评.lnk' 2>/dev/null | head -1)
if [ -z "$missing" ] && [ -n "$startmenu" ] && [ -z "$desktop" ]; then
    say ok "files: $(ls "$dir" | tr '\n' ' ')($(du -sm "$dir" | cut -f1) MB); Start menu 考评.lnk; the desktop shortcut the user deleted not brought back"
else
    say FAILED "files missing:${missing:- none}; Start menu '${startmenu:-none}'; desktop '${desktop:-none}'"
fi
ext=$(regval "$classes\\.kaoping" '')
command=$(regval "$classes\\kaoping.sheet\\shell\\open\\command" '')
typename=$(regval "$classes\\kaoping.sheet" '')
icon=$(regval "$classes\\kaoping.sheet\\DefaultIcon" '')
if [ "$ext" = kaoping.sheet ] && [ "$typename" = 考评表 ] && [[ "$command" == *'\kaoping.exe" "%1"' ]] && [[ "$icon" == *kaoping.exe,0 ]]; then
    say ok "reg: .kaoping → kaoping.sheet 「$typename」, open: $command"
else
    say FAILED "reg: .kaoping '$ext', type '$typename', command '$command', icon '$icon'"
fi
if haskey "$classes\\.ron\\OpenWithProgids" && [ "$(regval "$classes\\.ron\\OpenWithProgids" kaoping.ruleset)" = "" ] \
    && wine reg query "$classes\\.ron\\OpenWithProgids" /v kaoping.ruleset >/dev/null 2>&1 \
    && [ -z "$(regval "$classes\\.ron" '')" ]; then
    say ok "reg: .ron offers kaoping in 打开方式 (OpenWithProgids), its default left alone"
else
    say FAILED "reg: .ron OpenWithProgids"
fi
if [ "$(regval "$uninstall_key" DisplayName)" = 考评 ] && [[ "$(regval "$uninstall_key" QuietUninstallString)" == *'uninstall.exe" /S' ]]; then
    say ok "reg: 应用和功能 entry 「$(regval "$uninstall_key" DisplayName)」 $(regval "$uninstall_key" DisplayVersion), quiet uninstall: $(regval "$uninstall_key" QuietUninstallString)"
else
    say FAILED "reg: the uninstall entry ($(regval "$uninstall_key" DisplayName))"
fi
if ! haskey 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\kaoping' \
    && ! haskey 'HKLM\Software\Classes\.kaoping' && ! haskey 'HKLM\Software\Classes\kaoping.sheet'; then
    say ok "reg: nothing written under HKLM (no administrator needed)"
else
    say FAILED "reg: keys under HKLM"
fi

# The installed command line writes a sheet into the user's own 文档.
mine="$home/Documents/君山区 考评.kaoping"
wine "$dir/kaoping-cli.exe" sample --unit junshan -o "C:\\users\\$user\\Documents\\君山区 考评.kaoping" >/dev/null 2>&1
if [ -f "$mine" ]; then
    say ok "the installed kaoping-cli.exe wrote 文档\\$(basename "$mine")"
else
    say FAILED "the installed kaoping-cli.exe did not write into 文档"
fi

# Uninstall: the program's files and keys go; the sheets and the data folder stay.
data=$(find "$home/AppData/Roaming" -maxdepth 1 -name yueyang 2>/dev/null | head -1)
wine "$dir/uninstall.exe" /S >/dev/null 2>&1; wineserver -w; sleep 1
left=""
[ -e "$dir" ] && left="$left $(ls -A "$dir" | tr '\n' ' ')"
[ -n "$(find -L "$home" -name '考评.lnk' 2>/dev/null)" ] && left="$left shortcuts"
for key in "$classes\\.kaoping" "$classes\\kaoping.sheet" "$classes\\kaoping.ruleset" "$uninstall_key" 'HKCU\Software\kaoping'; do
    haskey "$key" && left="$left $key"
done
wine reg query "$classes\\.ron\\OpenWithProgids" /v kaoping.ruleset >/dev/null 2>&1 && left="$left .ron/OpenWithProgids"
if [ -z "$left" ]; then
    say ok "uninstall /S: no program file, shortcut or key left"
else
    say FAILED "uninstall /S left:$left"
fi
if [ -f "$docs/平江县 考评.kaoping" ] && [ -f "$mine" ] && [ -n "$data" ] && [ -d "$data" ]; then
    say ok "uninstall kept both sheets in 文档 and the data folder ${data#"$home/"}"
else
    say FAILED "uninstall took the user's sheet or data folder (${data:-no data folder})"
fi
exit $bad
