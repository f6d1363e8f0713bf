#!/usr/bin/env bash
# What a screen reader gets from the real window: the program runs under Xvfb with its own
# D-Bus session and AT-SPI bus, .ci/atspi_walk.py walks it through AT-SPI as a reader would
# (keys with xdotool, events and the focused node printed after each step) and, when Orca is
# installed, Orca runs beside it and what it would have said is printed from its debug log.
# Nothing is asserted: the findings are printed. The exit status is non-zero only when the
# set-up failed (no bus, no display, the window never appeared, the walker crashed).
#
#   bash .ci/atspi-check.sh [BINARY] [OUTDIR]      (defaults: target/release/kaoping, target/atspi)
#   ATSPI_ORCA=0 bash .ci/atspi-check.sh ...       (without Orca, even if installed)
#
# Needs (Debian): xvfb dbus-x11 at-spi2-core python3-pyatspi xdotool; for Orca's log also
# orca (its speech is switched off, see step 4, so speech-dispatcher is not used).
# Output: OUTDIR/walk.txt (all that is printed), orca.log, orca-speech.txt, app.log, end.png.
set -euo pipefail

bin=${1:-target/release/kaoping}
out=${2:-target/atspi}
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "atspi-check: $*" >&2; exit 2; }
[ -x "$bin" ] || die "no program at $bin (build it first, or give its path)"
bin=$(realpath "$bin")
for tool in Xvfb dbus-launch xdotool gdbus /usr/libexec/at-spi-bus-launcher; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install xvfb dbus-x11 at-spi2-core xdotool)"
done
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null || die "pyatspi is missing for /usr/bin/python3 (apt-get install python3-pyatspi)"

mkdir -p "$out"
out=$(realpath "$out")
rm -f "$out"/walk.txt "$out"/orca.log "$out"/orca-speech.txt "$out"/app.log "$out"/orca.out "$out"/*.png

# Everything runs in a private temporary home: no recovery drafts, remembered window state
# or Orca settings of the user leak in, and the buses' sockets live there too.
tmp=$(mktemp -d /tmp/kaoping-atspi.XXXXXX)
mkdir -p "$tmp/home" "$tmp/data" "$tmp/run" "$tmp/xdg/data" "$tmp/xdg/config" "$tmp/xdg/cache" "$tmp/xdg/state"
chmod 700 "$tmp/run"
export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/xdg/data" \
    XDG_CONFIG_HOME="$tmp/xdg/config" XDG_CACHE_HOME="$tmp/xdg/cache" XDG_STATE_HOME="$tmp/xdg/state" \
    KAOPING_DATA_DIR="$tmp/data" LIBGL_ALWAYS_SOFTWARE=1 LANG=C.UTF-8
# A desktop the caller may be in must not be reached: X11 only, our buses only.
unset WAYLAND_DISPLAY AT_SPI_BUS_ADDRESS DBUS_SESSION_BUS_ADDRESS DBUS_SESSION_BUS_PID SESSION_MANAGER
# Every process started from here (and the services our buses start) inherits this mark;
# the clean-up ends exactly those, by their process id.
export KAOPING_ATSPI_RUN="$$-$RANDOM$RANDOM"

xvfb= app= orca= launcher=
DBUS_SESSION_BUS_PID=

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
stop() { # stop PID [SECONDS]: TERM, wait, then KILL
    local pid=$1 wait=${2:-5} i
    alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < wait * 10; i++)); do alive "$pid" || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}
ours() { # the processes carrying this run's mark, but not this shell
    local p
    for p in /proc/[0-9]*; do
        p=${p#/proc/}
        [ "$p" = "$$" ] || [ "$p" = "$BASHPID" ] && continue
        grep -qz "^KAOPING_ATSPI_RUN=$KAOPING_ATSPI_RUN\$" "/proc/$p/environ" 2>/dev/null && echo "$p"
    done
    return 0
}
cleanup() {
    local rc=$? p
    trap - EXIT INT TERM
    stop "$orca" 10
    stop "$app" 5
    stop "$launcher" 3
    stop "$DBUS_SESSION_BUS_PID" 3
    # Services the buses started for us (registryd, dconf, portals, speech-dispatcher and
    # its modules) were handed to init; they carry the mark.
    local swept=""
    for p in $(ours); do
        [ "$p" = "$xvfb" ] && continue
        alive "$p" || continue
        swept="$swept $(cat "/proc/$p/comm" 2>/dev/null)($p)"
        stop "$p" 3
    done
    [ -z "$swept" ] || echo "atspi-check: also ended, started for this run:$swept"
    stop "$xvfb" 3
    # The document portal may have mounted in $XDG_RUNTIME_DIR; never delete through it.
    if ! grep -q " $tmp/" /proc/mounts 2>/dev/null; then rm -rf "$tmp"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. A display of its own: Xvfb picks a free number and writes it to fd 3.
Xvfb -displayfd 3 -screen 0 1024x700x24 -nolisten tcp 3>"$tmp/display" >"$out/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 100); do [ -s "$tmp/display" ] && break; alive "$xvfb" || break; sleep 0.1; done
[ -s "$tmp/display" ] || die "Xvfb did not start: $(cat "$out/xvfb.log")"
export DISPLAY=":$(head -1 "$tmp/display")"
echo "atspi-check: Xvfb on $DISPLAY (1024x700)"

# 2. A session bus of its own, and the accessibility bus beside it.
eval "$(dbus-launch --sh-syntax)"
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || die "dbus-launch gave no session bus"
/usr/libexec/at-spi-bus-launcher --launch-immediately >"$out/at-spi-bus.log" 2>&1 &
launcher=$!
a11y=
for _ in $(seq 50); do
    a11y=$(gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
        --method org.a11y.Bus.GetAddress 2>/dev/null || true)
    [ -n "$a11y" ] && break
    sleep 0.2
done
[ -n "$a11y" ] || die "the AT-SPI bus did not come up: $(cat "$out/at-spi-bus.log")"
# AccessKit stays silent unless a screen reader is said to be running: set BEFORE the
# program starts (AccessKit issue #713).
for prop in IsEnabled ScreenReaderEnabled; do
    gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
        --method org.freedesktop.DBus.Properties.Set org.a11y.Status "$prop" '<true>' >/dev/null \
        || die "could not set org.a11y.Status $prop"
done
echo "atspi-check: session bus and AT-SPI bus up; IsEnabled and ScreenReaderEnabled set"

# 3. The program on a new sheet. A new sheet, not a prepared file: the walk starts where a
# clerk starts, in 填报单位 with no unit chosen, and `kaoping new` always sets a unit (and an
# opened file does not put the cursor in 填报单位).
(cd "$tmp" && exec "$bin") >"$out/app.log" 2>&1 &
app=$!
window=$(timeout 40 xdotool search --sync --pid "$app" 2>/dev/null | head -1 || true)
alive "$app" || die "the program died at start: $(cat "$out/app.log")"
[ -n "$window" ] || die "the program's window did not appear within 40 s"
sleep 2
echo "atspi-check: $(basename "$bin") running (pid $app, window $window), HOME=$HOME"

# 4. Orca beside it, if installed. No --replace: that SIGKILLs every Orca of this user on
# the machine, not only ours; an Orca already running makes this one refuse, said below.
# Speech and braille off: under Xvfb speech-dispatcher cannot open any audio (no pulse),
# and Orca then blocks for good inside its first speak() (measured: 3 utterances, then a
# hang until Orca kills itself). With speech off Orca still writes every utterance it
# would say to its debug log as SPEECH OUTPUT, which is what is read here.
# Orca writes its debug log block-buffered and, idle, does not act on SIGTERM (measured: still
# running 30 s later, the log's last 8 KB lost when killed). So it runs through a small
# launcher that opens that one file line-buffered: what Orca has said is on disk at once.
if [ "${ATSPI_ORCA:-1}" = 0 ]; then
    echo "atspi-check: ATSPI_ORCA=0: Orca not started"
elif command -v orca >/dev/null; then
    cat >"$tmp/orca-run.py" <<'PY'
import builtins, runpy, sys
log = sys.argv[1]
_open = builtins.open
def _open_log_line_buffered(file, mode="r", *args, **kwargs):
    if file == log and "w" in mode:
        kwargs["buffering"] = 1
    return _open(file, mode, *args, **kwargs)
builtins.open = _open_log_line_buffered
sys.argv = ["orca", "--disable=speech,braille", "--debug-file=" + log]
runpy.run_path("/usr/bin/orca", run_name="__main__")
PY
    /usr/bin/python3 "$tmp/orca-run.py" "$out/orca.log" >"$out/orca.out" 2>&1 &
    orca=$!
    disown "$orca"  # its end is ours to cause; no "Killed" notice from bash
    # Something in its log means it got going; then it is given a moment to settle.
    for _ in $(seq 100); do [ -s "$out/orca.log" ] && break; alive "$orca" || break; sleep 0.1; done
    sleep 3
    if ! alive "$orca"; then
        echo "atspi-check: Orca did not stay up (see $out/orca.out): $(head -3 "$out/orca.out")"
        orca=
    else
        echo "atspi-check: Orca running (pid $orca), debug log $out/orca.log"
    fi
else
    echo "atspi-check: Orca is not installed; only the walker's view is printed"
fi

# 5. The walk. Bounded: a stuck AT-SPI call must not hang CI.
set +e
timeout 300 /usr/bin/python3 "$here/atspi_walk.py" --pid "$app" --window "$window" \
    ${orca:+--reader-pid "$orca"} 2>&1 | tee "$out/walk.txt"
walk_rc=${PIPESTATUS[0]}
set -e
DISPLAY=$DISPLAY import -window root "$out/end.png" 2>/dev/null || true

# 6. Orca's speech. Orca falls behind on a flood of events; it is given time to catch up
# (its CPU time stops growing), then stopped.
if [ -n "$orca" ]; then
    cpu() { awk '{print $14 + $15}' "/proc/$orca/stat" 2>/dev/null || echo x; }
    last=$(cpu) quiet=0
    for _ in $(seq 90); do
        sleep 1
        now=$(cpu)
        if [ "$now" = "$last" ]; then quiet=$((quiet + 1)); else quiet=0; fi
        last=$now
        [ "$quiet" -ge 3 ] && break
    done
    [ "$quiet" -ge 3 ] || echo "atspi-check: Orca was still busy after 90 s; its log stops there"
    stop "$orca" 2  # idle, it ignores SIGTERM; its log is line-buffered, nothing is lost
    orca=
    say() { echo "$*" | tee -a "$out/walk.txt"; }
    # 「04:59:16.253169 - SPEECH OUTPUT: '保存 push button.'{'established': False}」
    #   -> 「04:59:16.2 '保存 push button.'」 (the walker stamps its keys with the same clock)
    grep 'SPEECH OUTPUT' "$out/orca.log" 2>/dev/null \
        | sed -E -e 's/^([0-9:]*\.[0-9])[0-9]* - SPEECH OUTPUT: /\1 /' -e 's/\{[^{}]*\}$//' >"$out/orca-speech.txt" || true
    say
    say "=============================================================================="
    say "9. Orca: SPEECH OUTPUT, in order (the last 80 of $(wc -l <"$out/orca-speech.txt"))"
    say "=============================================================================="
    tail -80 "$out/orca-speech.txt" | tee -a "$out/walk.txt"
    tb=$(grep -c '^Traceback' "$out/orca.log" 2>/dev/null || true)
    um=$(grep -c "GetTextAtOffset" "$out/orca.log" 2>/dev/null || true)
    say "  (Orca's log: ${tb:-0} tracebacks; ${um:-0} lines naming GetTextAtOffset)"
else
    echo
    echo "9. Orca: not run" | tee -a "$out/walk.txt"
fi

echo
echo "atspi-check: output in $out: $(cd "$out" && ls | tr '\n' ' ')"
if [ "$walk_rc" -ne 0 ]; then
    echo "atspi-check: the walker failed (exit $walk_rc)"
    exit 1
fi
