#!/usr/bin/python3
"""Walks the real kaoping window through the AT-SPI bus as a screen reader would, and prints
what a reader gets after each step: the focused object (role, name, description, states,
text), the nodes that appeared or went, and the events (counted by type, announcements in
full). Nothing is asserted: the output is read by a person.

Run by .ci/atspi-check.sh (which starts the session bus, the AT-SPI bus, Xvfb and the
program); on its own:  /usr/bin/python3 .ci/atspi_walk.py --pid PID
It needs Debian's /usr/bin/python3 (pyatspi is a Debian package, not a pip one) and xdotool.

Keys go in with xdotool after focusing the window: without the X focus AccessKit reports no
focused node at all. Events are collected by pumping GLib's main context for a bounded time
after each key (pyatspi delivers them through it), never by waiting for a particular event,
so a step that fires nothing still ends.

The steps (a new sheet, the 2015 ruleset): 1 填报单位 and its list of 13 units; 2 a rate
typed as a fraction (事业部 第2项, 0.27) and its warning; 3 a 是/否 question (事业部 第3项) with
y, n, Delete; 4 Esc in a text input, then Tab; 5 Ctrl+E and F1, and whether keys reach the
sheet under the help; 6 the 保存修改？ dialog of Ctrl+N; 7 the grid's table node; 8 the
announcements per ↓. Items are found by the calculator's heading (「事业部 第2项（3分）」), so
the walk follows the sheet, not pixel positions.
"""

import argparse
import collections
import re
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import GLib  # noqa: E402

import pyatspi  # noqa: E402

# The event types a screen reader listens to (Orca registers these and more). "focus:" is
# the legacy focus event; AccessKit sends object:state-changed:focused, listed with it.
EVENT_TYPES = [
    "focus:",
    "object:state-changed",
    "object:text-changed",
    "object:text-caret-moved",
    "object:announcement",
    "object:active-descendant-changed",
    "object:selection-changed",
    "object:property-change:accessible-name",
    "object:property-change:accessible-description",
    "object:property-change:accessible-value",
    "object:value-changed",
    "object:children-changed",
    "window:",
]

# Per step, at most this many events are printed one by one (the counts are always whole).
MAX_EVENT_LINES = 40
# At most this many added / removed nodes are printed per step.
MAX_DIFF_LINES = 30
# A walk of the tree stops after this many nodes (the window has about 300).
MAX_NODES = 4000


def out(line=""):
    print(line, flush=True)


def heading(text):
    out()
    out("=" * 78)
    out(text)
    out("=" * 78)


def short(s, n=90):
    s = "" if s is None else str(s).replace("\n", "⏎")
    return s if len(s) <= n else s[: n - 1] + "…"


# ---------------------------------------------------------------------------- objects


def safe(f, default=None):
    """AT-SPI calls on a node that just went away raise; a reader then gets nothing."""
    try:
        return f()
    except Exception:  # noqa: BLE001 - any D-Bus or GLib error means "not available"
        return default


def states(o):
    st = safe(lambda: o.getState().getStates(), [])
    return [pyatspi.stateToString(s) for s in st]


def role(o):
    return safe(o.getRoleName, "?")


def name(o):
    return safe(lambda: o.name, "?")


def label(o):
    """[role] 'name' — one node in one line."""
    if o is None:
        return "(none)"
    return f"[{role(o)}] {short(name(o), 70)!r}"


def children(o):
    n = safe(lambda: o.childCount, 0) or 0
    kids = []
    for i in range(n):
        c = safe(lambda: o.getChildAtIndex(i))
        if c is not None:
            kids.append(c)
    return kids


def walk(root, limit=MAX_NODES):
    """Every node under root, depth first (bounded)."""
    stack, seen = [root], 0
    while stack and seen < limit:
        o = stack.pop()
        seen += 1
        yield o
        stack.extend(reversed(children(o)))


def text_of(o):
    """What queryText gives: the whole text, and whether GetTextAtOffset (what Orca 43
    asks for) answers or raises."""
    t = safe(o.queryText)
    if t is None:
        return None, "no Text interface"
    whole = safe(lambda: t.getText(0, -1), "<getText raised>")
    try:
        line = t.getTextAtOffset(0, pyatspi.TEXT_BOUNDARY_LINE_START)
        at = f"works: {tuple(line)!r}"
    except Exception as e:  # noqa: BLE001
        at = f"RAISES {type(e).__name__}: {short(e, 120)}"
    return whole, at


def value_of(o):
    v = safe(o.queryValue)
    if v is None:
        return "no Value interface"
    cur = safe(lambda: v.currentValue, "?")
    txt = safe(lambda: v.get_text(), None)  # AT-SPI 2.46 has Value.Text
    return f"current={cur!r}" + (f" text={txt!r}" if txt else "")


def relations(o):
    rels = []
    for r in safe(o.getRelationSet, []) or []:
        kind = safe(lambda: pyatspi.relationToString(r.getRelationType()), "?")
        targets = [label(safe(lambda i=i: r.getTarget(i))) for i in range(safe(r.getNTargets, 0))]
        rels.append(f"{kind} -> {', '.join(targets)}")
    return rels


def describe(o, indent="  ", with_children=True):
    """Everything a reader can ask of one node, in plain lines."""
    if o is None:
        out(f"{indent}(nothing)")
        return
    out(f"{indent}role: {role(o)}")
    out(f"{indent}name: {name(o)!r}")
    out(f"{indent}description: {safe(lambda: o.description, '?')!r}")
    out(f"{indent}states: {' '.join(states(o))}")
    attrs = safe(o.getAttributes, []) or []
    if attrs:
        out(f"{indent}attributes: {' '.join(attrs)}")
    whole, at = text_of(o)
    if whole is not None:
        out(f"{indent}text: getText(0,-1) = {whole!r}")
    out(f"{indent}text: getTextAtOffset(0, LINE_START) {at}")
    out(f"{indent}value: {value_of(o)}")
    for r in relations(o):
        out(f"{indent}relation: {r}")
    out(f"{indent}parent: {label(safe(lambda: o.parent))}")
    if with_children:
        kids = children(o)
        out(f"{indent}children: {len(kids)}")
        for c in kids[:20]:
            out(f"{indent}  - {label(c)} states={' '.join(states(c))}")


# ---------------------------------------------------------------------------- the walker


class Walker:
    def __init__(self, pid, display_timeout, window=None, reader_pid=None):
        self.pid = pid
        self.reader_pid = reader_pid
        self.events = []
        self.sent_at = "-"
        self.ctx = GLib.MainContext.default()
        pyatspi.Registry.registerEventListener(self._on_event, *EVENT_TYPES)
        self.app = self._find_app(display_timeout)
        self.window = self._find_window(display_timeout, window)
        self.snapshot = self._snap()

    # -- finding things

    def _find_app(self, timeout):
        end = time.time() + timeout
        while time.time() < end:
            desktop = pyatspi.Registry.getDesktop(0)
            for a in children(desktop):
                if safe(a.get_process_id) == self.pid:
                    # The adapter may publish the application before its window.
                    if children(a):
                        return a
            self.pump(0.5)
        sys.exit(f"atspi_walk: no accessible application with pid {self.pid} after {timeout} s")

    def _find_window(self, timeout, given=None):
        if given:
            return given
        for args in (["--pid", str(self.pid)], ["--class", "kaoping"]):
            try:
                r = subprocess.run(["xdotool", "search", "--sync", *args],
                                   capture_output=True, text=True, timeout=timeout / 2)
            except subprocess.TimeoutExpired:
                continue
            ids = r.stdout.split()
            if ids:
                return ids[-1]
        sys.exit("atspi_walk: xdotool found no window of the program")

    def frame(self):
        for c in children(self.app):
            if role(c) == "frame":
                return c
        return self.app

    def find(self, pred, root=None):
        for o in walk(root or self.app):
            if safe(lambda: pred(o), False):
                return o
        return None

    def find_all(self, pred, root=None):
        return [o for o in walk(root or self.app) if safe(lambda o=o: pred(o), False)]

    def focused(self):
        """The deepest node with the focused state (the frame has it when nothing else
        does); a second focused node elsewhere would be a finding, so it is said."""
        all_focused = self.find_all(lambda o: "focused" in states(o))
        if len(all_focused) > 1:
            out(f"  NOTE: {len(all_focused)} nodes are marked focused: {[label(o) for o in all_focused]}")
        return all_focused[-1] if all_focused else None

    def table(self):
        return self.find(lambda o: role(o) == "table" and name(o) == "考评表")

    def selected_row(self):
        t = self.table()
        if t is None:
            return None
        for r in children(t):
            if role(r) == "table row" and "selected" in states(r):
                return r
        return None

    def item_heading(self):
        """The calculator's heading, 「事业部 第2项（3分）」: which item is selected."""
        h = self.find(lambda o: role(o) == "label" and re.fullmatch(r".+ 第\d+项（.+分）", name(o) or ""))
        return name(h) if h else None

    # -- keys and events

    def _on_event(self, e):
        # The source is named now: after the pump it may be gone (egui drops nodes every
        # frame). Not for the floods (defunct, children-changed), which are only counted.
        t = e.type
        if "defunct" in t or t.startswith("object:children-changed"):
            src = None
        else:
            src = label(e.source)
        self.events.append((t, e.detail1, e.detail2, e.any_data, src))

    def pump(self, seconds):
        end = time.time() + seconds
        while time.time() < end:
            while self.ctx.pending():
                self.ctx.iteration(False)
            time.sleep(0.01)

    def _reader_cpu(self):
        try:
            with open(f"/proc/{self.reader_pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])  # utime + stime
        except (OSError, IndexError, ValueError):
            return None

    def wait_for_reader(self, limit=45.0):
        """With Orca running: wait (bounded) until it has worked through the events so far,
        i.e. its CPU time stops growing, so that what it says belongs to the next key and
        not to a backlog. Events arriving meanwhile are kept for the step's report."""
        if not self.reader_pid:
            return 0.0
        started, last, quiet = time.time(), self._reader_cpu(), 0
        while time.time() - started < limit and quiet < 3:
            self.pump(0.5)
            now = self._reader_cpu()
            if now is None:
                break
            quiet = quiet + 1 if now == last else 0
            last = now
        return time.time() - started

    def _xdotool(self, *args):
        subprocess.run(
            ["xdotool", "windowfocus", "--sync", self.window, *args],
            timeout=30, check=False,
        )

    def stamp(self):
        """The clock Orca's debug log uses, to find what it said for a key."""
        self.sent_at = time.strftime("%H:%M:%S") + f".{int(time.time() * 10) % 10}"

    def key(self, *keys, settle=1.2, delay=80):
        self.stamp()
        self._xdotool("key", "--delay", str(delay), *keys)
        self.pump(settle)

    def type(self, text, settle=1.2):
        self.stamp()
        self._xdotool("type", "--delay", "80", text)
        self.pump(settle)

    def take_events(self):
        ev, self.events = self.events, []
        return ev

    # -- reports

    def report_events(self, ev):
        counts = collections.Counter(t for t, *_ in ev)
        out(f"  events: {sum(counts.values())}")
        for t, n in sorted(counts.items()):
            out(f"    {n:4d}  {t}")
        ann = [str(a) for t, _, _, a, _ in ev if t.startswith("object:announcement")]
        if ann:
            out(f"  announcements ({len(ann)}):")
            for a in ann:
                out(f"    «{a}»")
        else:
            out("  announcements: none")
        shown = 0
        lines = []
        for t, d1, d2, a, src in ev:
            if src is None:
                continue  # defunct / children-changed: counted above, the diff says what
            extra = ""
            if a is not None and not isinstance(a, (int, float)) and str(a) not in ("", "0"):
                extra = f" data={short(a, 70)}"
            lines.append(f"    {t} ({d1},{d2}) on {src}{extra}")
        if lines:
            out("  events in order (defunct and children-changed left out; each source named as "
                "it was when the event was read, which can be a frame later):")
            for line in lines[:MAX_EVENT_LINES]:
                out(line)
                shown += 1
            if len(lines) > shown:
                out(f"    … {len(lines) - shown} more")

    def _snap(self):
        return collections.Counter(
            (role(o), short(name(o), 80), short(safe(lambda o=o: o.description, ""), 80))
            for o in walk(self.app)
        )

    def report_diff(self):
        now = self._snap()
        added = now - self.snapshot
        gone = self.snapshot - now
        self.snapshot = now
        for what, diff in (("appeared", added), ("went", gone)):
            if not diff:
                continue
            out(f"  nodes that {what}: {sum(diff.values())}")
            for i, ((r, n, d), k) in enumerate(sorted(diff.items())):
                if i == MAX_DIFF_LINES:
                    out(f"    … {len(diff) - MAX_DIFF_LINES} more")
                    break
                out(f"    {k}× [{r}] {n!r}" + (f" desc={d!r}" if d else ""))

    def report(self, what, focus_detail=True):
        """After a step: the focused node, the events since the last report, the diff."""
        out(f"-- {what}   [keys sent at {self.sent_at}]")
        f = self.focused()
        out(f"  focus: {label(f)}")
        if f is not None and focus_detail:
            describe(f, indent="    ", with_children=role(f) not in ("entry", "text"))
        self.report_events(self.take_events())
        self.report_diff()
        return f


# ---------------------------------------------------------------------------- the steps


def step1_unit(w):
    heading("1. Start: 填报单位 and the unit list")
    # The window gets the X focus first (no window manager under Xvfb).
    w.stamp()
    w._xdotool("sleep", "0.1")
    w.pump(1.5)
    f = w.report("window focused (no key yet)")
    if f is not None:
        out(f"  has-popup state: {'has-popup' in states(f)}; "
            f"supports-autocompletion: {'supports-autocompletion' in states(f)}")
    w.key("Down", settle=2.0)
    w.report("Down in 填报单位")
    # What a reader could learn as chosen: a node that is selected, pressed, checked or is
    # the active descendant, other than the grid's rows.
    chosen = w.find_all(
        lambda o: role(o) != "table row"
        and any(s in states(o) for s in ("selected", "pressed", "checked", "focused"))
    )
    out(f"  nodes selected/pressed/checked/focused (grid rows left out): {len(chosen)}")
    for o in chosen:
        out(f"    {label(o)} desc={short(safe(lambda o=o: o.description, ''), 40)!r} "
            f"states={' '.join(s for s in states(o) if s in ('selected', 'pressed', 'checked', 'focused'))}")
    # The list itself: a node whose children are the 13 units (a popup of egui).
    popups = [d for d in w.find_all(lambda o: role(o) in ("dialog", "window", "list", "menu", "combo box"))
              if sum(1 for c in children(d) if re.search(r"(县|市|区) .+类$", name(c) or "")) >= 5]
    if not popups:
        out("  no node holding the unit list was found")
    for p in popups:
        out(f"  the list: {label(p)} states={' '.join(states(p))} parent={label(safe(lambda p=p: p.parent))}")
        for c in children(p):
            out(f"    {label(c)} states={' '.join(states(c))}")
    w.key("Down", settle=1.5)
    w.report("Down again (second unit)", focus_detail=False)
    pressed = [label(o) for o in w.find_all(lambda o: "pressed" in states(o) or
                                            ("selected" in states(o) and role(o) != "table row"))]
    out(f"  now selected/pressed: {pressed}")
    w.key("Return", settle=1.5)
    f = w.report("Return (takes the unit)")
    out(f"  window title now: {name(w.frame())!r}")


# The sheet's categories and how many items each has (the 2015 ruleset): where an item is
# in the grid, so that a far item is reached with one burst of keys, then checked.
CATEGORIES = [("办公室工作", 8), ("维权工作", 5), ("儿童工作", 7), ("妇儿工委工作", 7),
              ("组织工作", 8), ("宣传工作", 4), ("事业部", 5)]


def item_index(h):
    """「事业部 第2项（3分）」 -> its row in the grid (0-based), or None."""
    m = re.match(r"(.+) 第(\d+)项", h or "")
    if not m:
        return None
    before = 0
    for cat, n in CATEGORIES:
        if cat == m.group(1):
            return before + int(m.group(2)) - 1
        before += n
    return None


def goto_item(w, wanted, tries=4):
    """Selects the item whose heading starts with `wanted` with ↓/↑ (the keys move items
    from any input but 填报单位's list). Keys go in bursts of the distance, then the
    calculator's heading is read again. Returns whether it got there."""
    target = item_index(wanted)
    for _ in range(tries):
        h = w.item_heading()
        if h and h.startswith(wanted):
            return True
        here = item_index(h)
        if here is None or target is None:
            return False
        n = abs(target - here)
        w.key(*(["Down" if here < target else "Up"] * n), settle=1.0 + 0.05 * n, delay=60)
        # Orca, when running, works through a burst's events slowly (seconds behind).
        waited = w.wait_for_reader()
        if waited > 2:
            out(f"  (waited {waited:.1f} s for Orca to catch up after {n} keys)")
    h = w.item_heading()
    return bool(h and h.startswith(wanted))


def step2_number(w):
    heading("2. A number input and its warning (事业部 第2项, 推进妇女小额担保贷款工作)")
    # Leave 填报单位 first: there ↓ opens the unit list instead of moving the item.
    w.key("Tab", settle=1.0)
    w.report("Tab out of 填报单位", focus_detail=False)
    ok = goto_item(w, "事业部 第2项")
    ev = w.take_events()
    ann = sum(1 for t, *_ in ev if t.startswith("object:announcement"))
    out(f"  reached 事业部 第2项 with ↓ (40 keys in a burst): {ok} (heading now {w.item_heading()!r}); "
        f"{len(ev)} events, {ann} announcements on the way")
    w.report_diff()
    f = w.report("on 事业部 第2项: the focused input")
    w.type("0.27", settle=2.0)
    f = w.report("typed 0.27")
    warn = w.find_all(lambda o: "是否为" in (name(o) or ""))
    out(f"  warning nodes: {[label(o) for o in warn]}")
    btn = w.find_all(lambda o: name(o) == "确认无误")
    out(f"  确认无误 buttons: {[label(o) + ' ' + ' '.join(states(o)) for o in btn]}")
    first = w.find(lambda o: role(o) == "entry" and name(o) == "妇女占贷款总人数的比例")
    out("  the first rate input now:")
    describe(first, indent="    ", with_children=False)
    out(f"  the warning in the first input's name or description: "
        f"{'是否为' in (name(first) or '') + (safe(lambda: first.description, '') or '')}")
    w.key("Tab", settle=1.5)
    f = w.report("Tab after the warning")
    out(f"  the warning in the focused node's name or description: "
        f"{'是否为' in (name(f) or '') + (safe(lambda: f.description, '') or '')}")
    w.type("30", settle=1.5)
    w.report("typed 30", focus_detail=False)
    for n in ("妇女占贷款总人数的比例", "妇女获贷资金占发放总额的比例"):
        e = w.find(lambda o, n=n: role(o) == "entry" and name(o) == n)
        whole, _ = text_of(e) if e else (None, None)
        out(f"  entry {n!r}: text={whole!r} desc={safe(lambda: e.description)!r}")


def halves_of(w, control):
    """The 是 / 否 halves of a 是/否 control: radio buttons that are its children, or (as the
    window first built them) radio buttons elsewhere named 「question：是」「question：否」."""
    if control is None:
        return []
    base = name(control)
    kids = [c for c in children(control) if role(c) == "radio button"]
    named = w.find_all(lambda o: role(o) == "radio button" and (name(o) or "").startswith(base + "："))
    return kids + [o for o in named if label(o) not in {label(k) for k in kids}]


def yes_no_report(w, what):
    f = w.report(what)
    if f is None:
        return
    halves = halves_of(w, f)
    if not halves:
        out(f"  no 是/否 radio buttons found for {label(f)}")
    for h in halves:
        parent = safe(lambda h=h: h.parent)
        out(f"  half {label(h)} child-of-the-control={label(parent) == label(f)} "
            f"checked={'checked' in states(h)} states={' '.join(states(h))}")


def step3_yes_no(w):
    heading("3. A 是/否 question (事业部 第3项: four 是/否 rules)")
    ok = goto_item(w, "事业部 第3项")
    out(f"  reached 事业部 第3项: {ok}")
    w.report_events(w.take_events())
    w.report_diff()
    yes_no_report(w, "focused 是/否 control")
    for k in ("y", "n", "Delete"):
        w.key(k, settle=1.5)
        yes_no_report(w, f"key {k}")


def step4_escape(w):
    heading("4. Esc inside a text input")
    ok = goto_item(w, "事业部 第2项")
    w.take_events()
    w.report_diff()
    f = w.focused()
    out(f"  back on 事业部 第2项: {ok}; focus {label(f)}")
    w.key("Escape", settle=1.5)
    w.report("Esc")
    w.key("Tab", settle=1.5)
    w.report("Tab after Esc")


def answers(w, control):
    """The 是 / 否 halves of a 是/否 control and whether each is checked."""
    return [label(o) + (" checked" if "checked" in states(o) else "") for o in halves_of(w, control)]


def step5_lists(w):
    heading("5. Ctrl+E (problems list) and F1 (help)")
    # From an input of an item, as a clerk would press them: 事业部 第3项's first 是/否.
    ok = goto_item(w, "事业部 第3项")
    w.take_events()
    w.report_diff()
    out(f"  on 事业部 第3项 before Ctrl+E: {ok}; focus {label(w.focused())}")
    w.key("ctrl+e", settle=2.0)
    w.report("Ctrl+E")
    w.key("Escape", settle=1.5)
    w.report("Esc (problems list)", focus_detail=False)
    # A 是/否 control has the keyboard before F1 (Esc above left it nowhere), so that a y
    # reaching it under the help would show: 事业部 第4项's only question, unanswered.
    ok = goto_item(w, "事业部 第4项")
    w.take_events()
    w.report_diff()
    control = w.focused()
    out(f"  on 事业部 第4项 before F1: {ok}; focus {label(control)}")
    row_before = label(w.selected_row())
    w.key("F1", settle=2.0)
    w.report("F1")
    before = answers(w, control)
    w.key("y", settle=1.5)
    w.report("y with help open")
    out(f"  {name(control)!r} before y: {before}")
    out(f"  {name(control)!r} after y:  {answers(w, control)}")
    w.key("Down", settle=1.5)
    w.report("Down with help open", focus_detail=False)
    out(f"  selected row before F1: {row_before}")
    out(f"  selected row now:       {label(w.selected_row())}")
    out(f"  item heading now: {w.item_heading()!r}")
    w.key("Escape", settle=1.5)
    w.report("Esc (help)")


def ancestors(o):
    chain = []
    p = safe(lambda: o.parent)
    while p is not None and len(chain) < 20:
        chain.append(label(p))
        p = safe(lambda p=p: p.parent)
    return chain


def print_subtree(o, depth=0, max_depth=4):
    for c in children(o):
        out("    " + "  " * depth + f"{label(c)} desc={short(safe(lambda c=c: c.description, ''), 50)!r} "
            f"states={' '.join(s for s in states(c) if s in ('focused', 'focusable', 'is-default', 'showing'))}")
        if depth < max_depth:
            print_subtree(c, depth + 1, max_depth)


def step6_dialog(w):
    heading("6. A dialog: Ctrl+N with unsaved changes")
    # A change: Space on 开展了新型职业女农民培训 switches its answer, whatever it was (the
    # sheet has had unsaved changes since the unit was taken anyway).
    ok = goto_item(w, "事业部 第3项")
    f = w.focused()
    w.key("space", settle=1.0)
    w.take_events()
    w.report_diff()
    out(f"  on 事业部 第3项: {ok}; Space pressed in {label(f)}")
    out(f"  window title before: {name(w.frame())!r}")
    w.key("ctrl+n", settle=2.0)
    w.report("Ctrl+N")
    dialogs = w.find_all(lambda o: role(o) in ("dialog", "alert", "window", "file chooser"))
    out(f"  dialog nodes: {len(dialogs)}")
    for d in dialogs:
        out(f"  dialog {label(d)}")
        describe(d, indent="    ", with_children=False)
        out(f"    ancestors: {' < '.join(ancestors(d))}")
        out("    subtree:")
        print_subtree(d)
        desc = safe(lambda d=d: d.description, "") or ""
        texts = [name(o) for o in walk(d) if "未保存的修改" in (name(o) or "")]
        out(f"    「…有未保存的修改。」 as the dialog's description: {'未保存的修改' in desc}; "
            f"as a node's name under it: {texts}")
    if not dialogs:
        anywhere = [label(o) + " < " + " < ".join(ancestors(o)[:3])
                    for o in w.find_all(lambda o: "未保存的修改" in (name(o) or ""))]
        out(f"  no dialog node; nodes saying 未保存的修改: {anywhere}")
    w.key("Escape", settle=1.5)
    w.report("Esc (dialog)")
    out(f"  window title after: {name(w.frame())!r}")


def step7_table(w):
    heading("7. The grid: the table 考评表")
    t = w.table()
    if t is None:
        out("  no node with role table named 考评表")
        return
    describe(t, indent="  ", with_children=False)
    kids = children(t)
    rows = [c for c in kids if role(c) == "table row"]
    out(f"  direct children: {len(kids)} ({dict(collections.Counter(role(c) for c in kids))})")
    out(f"  rows: {len(rows)}; rows with children: {sum(1 for r in rows if children(r))}")
    out(f"  labels that are direct children of the table: {sum(1 for c in kids if role(c) == 'label')}")
    try:
        qt = t.queryTable()
        out(f"  queryTable(): works: nRows={qt.nRows} nColumns={qt.nColumns}")
        try:
            out(f"    cell (0,0): {label(qt.getAccessibleAt(0, 0))}")
        except Exception as e:  # noqa: BLE001
            out(f"    getAccessibleAt(0,0) raises {type(e).__name__}: {short(e, 100)}")
    except Exception as e:  # noqa: BLE001
        out(f"  queryTable(): RAISES {type(e).__name__}: {short(e, 120)}")
    for which, r in (("first", rows[0] if rows else None), ("last", rows[-1] if rows else None)):
        if r is None:
            continue
        out(f"  {which} row: {label(r)}")
        out(f"    states: {' '.join(states(r))}")
        out(f"    showing={'showing' in states(r)} visible={'visible' in states(r)}; "
            f"children: {[label(c) for c in children(r)]}")
        ext = safe(lambda r=r: r.queryComponent().getExtents(pyatspi.DESKTOP_COORDS))
        if ext is not None:
            out(f"    extents (desktop): x={ext.x} y={ext.y} w={ext.width} h={ext.height}")
    showing = sum(1 for r in rows if "showing" in states(r))
    out(f"  rows marked showing: {showing} of {len(rows)}")


def step8_announcements(w):
    heading("8. Announcements per Down key in the grid")
    ok = goto_item(w, "办公室工作 第1项")
    w.take_events()
    w.report_diff()
    out(f"  start on 办公室工作 第1项: {ok}; focus {label(w.focused())}")
    w.wait_for_reader()  # a running Orca may still be reading the ↑ that brought us here
    w.take_events()
    for i in range(6):
        w.key("Down", settle=1.5)
        ev = w.take_events()
        ann = [str(a) for t, _, _, a, _ in ev if t.startswith("object:announcement")]
        focus = [s for t, d1, _, _, s in ev if t == "object:state-changed:focused" and d1 == 1]
        kinds = collections.Counter(t for t, *_ in ev)
        out(f"  Down #{i + 1} [sent at {w.sent_at}]: heading {w.item_heading()!r}; {len(ann)} announcements; "
            f"focus events to {focus}")
        out(f"    events by type: {dict(sorted(kinds.items()))}")
        for a in ann:
            out(f"    «{a}»")
    w.report_diff()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pid", type=int, required=True, help="the program's process id")
    ap.add_argument("--window", help="its X window id (else found with xdotool)")
    ap.add_argument("--timeout", type=float, default=40, help="seconds to wait for its window")
    ap.add_argument("--reader-pid", type=int,
                    help="a screen reader's pid (Orca): wait for it to catch up before each step")
    ap.add_argument("--steps", default="1,2,3,4,5,6,7,8", help="which steps to walk")
    a = ap.parse_args()
    w = Walker(a.pid, a.timeout, a.window, a.reader_pid)
    out(f"application: {label(w.app)} pid {a.pid}; X window {w.window}")
    out(f"frame: {label(w.frame())}")
    steps = {
        "1": step1_unit, "2": step2_number, "3": step3_yes_no, "4": step4_escape,
        "5": step5_lists, "6": step6_dialog, "7": step7_table, "8": step8_announcements,
    }
    for s in a.steps.split(","):
        w.wait_for_reader()
        started = time.time()
        try:
            steps[s.strip()](w)
        except Exception as e:  # noqa: BLE001 - one step failing must not hide the others
            out(f"  STEP {s} FAILED: {type(e).__name__}: {e}")
        out(f"  ({time.time() - started:.1f} s)")
    pyatspi.Registry.deregisterEventListener(w._on_event, *EVENT_TYPES)


if __name__ == "__main__":
    main()
