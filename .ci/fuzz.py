#!/usr/bin/env python3
"""Structure-aware fuzzing of kaoping's file readers through its command line.

Mutates real rulesets and sheets the way files go wrong (numbers pushed to their limits,
lines lost or doubled, enum words swapped, texts truncated or blown up) and runs
`kaoping check` / `kaoping score` on each. A failure is an exit code other than 0, 1, 2, a
Chinese report of an internal error, a Rust panic, or a run longer than the time limit.
Failing inputs are kept in OUT/failures. Standard library only.
"""
import argparse, os, random, re, resource, shutil, struct, subprocess, sys, tempfile, time

NUMBERS = ["0", "-1", "1", "0.001", "100", "1000", "1001", "79228162514264337593543950335",
           "-79228162514264337593543950335", "0.0000000000000000000000000001", "1e5", "",
           "NaN", "4294967295", "99999999999999999999", "9" * 200, "0.5.5", "−1"]
INTEGERS = ["0", "1", "4294967295", "4294967296", "-1", "99999999999", "18446744073709551616"]
WORDS = ["Fixed", "ByClass", "PerFigure", "PerOccurrence", "Shortfall", "RateStep",
         "Proportional", "Judgement", "DeductIfNot", "AwardIf", "Flag", "Number", "Text",
         "Some", "None", "FullSteps", "StartedSteps", "Pending", "Approved", "Returned"]


def mutate(text, rng):
    lines = text.split("\n")
    kind = rng.randrange(11)
    if kind == 0:  # a quoted number pushed to a limit
        spans = [m.span(1) for m in re.finditer(r'"(-?[0-9.]+)"', text)]
        if spans:
            a, b = rng.choice(spans)
            return text[:a] + rng.choice(NUMBERS) + text[b:]
    if kind == 1:  # a bare integer pushed to a limit
        spans = [m.span() for m in re.finditer(r"(?<![\w\".])\d+(?![\w\".])", text)]
        if spans:
            a, b = rng.choice(spans)
            return text[:a] + rng.choice(INTEGERS) + text[b:]
    if kind == 2 and len(lines) > 2:  # a line lost
        del lines[rng.randrange(len(lines))]
        return "\n".join(lines)
    if kind == 3 and lines:  # a line doubled (duplicate ids, fields)
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
        return "\n".join(lines)
    if kind == 4:  # an enum word swapped
        spans = [m.span() for m in re.finditer("|".join(WORDS), text)]
        if spans:
            a, b = rng.choice(spans)
            return text[:a] + rng.choice(WORDS) + text[b:]
    if kind == 5:  # truncated
        return text[: rng.randrange(len(text) + 1)]
    if kind == 6:  # a string blown up
        spans = [m.span(1) for m in re.finditer(r'"([^"\n]*)"', text)]
        if spans:
            a, b = rng.choice(spans)
            return text[:a] + rng.choice(["x", "甲", "\\u{0}", "{"]) * rng.choice([1000, 100000, 500000]) + text[b:]
    if kind == 7:  # random bytes spliced in
        i = rng.randrange(len(text) + 1)
        junk = "".join(chr(rng.randrange(1, 0x3000)) for _ in range(rng.randrange(1, 20)))
        return text[:i] + junk + text[i:]
    if kind == 8 and len(lines) > 4:  # a block of lines repeated many times
        i = rng.randrange(len(lines) - 3)
        block = lines[i : i + rng.randrange(1, 4)]
        return "\n".join(lines[:i] + block * rng.choice([2, 50, 2000]) + lines[i:])
    if kind == 9:  # an id replaced by another from the file
        ids = re.findall(r'id: "([^"]+)"', text)
        if len(ids) > 1:
            a, b = rng.sample(ids, 2)
            return text.replace(f'"{a}"', f'"{b}"', 1)
    # brackets dropped or added
    i = rng.randrange(len(text) + 1)
    return text[:i] + rng.choice(["(", ")", "[", "]", "{", "}", ",", ":"]) + text[i:]


def mutate_zip(data, rng):
    """A 提交包 damaged the way zips arrive damaged or forged: a byte flipped, a CRC, a size, a
    name length or an extra field of a local header or of the central directory rewritten,
    the end record's counts or offset changed, the file cut short or padded."""
    b = bytearray(data)
    kind = rng.randrange(8)
    local = [m.start() for m in re.finditer(b"PK\x03\x04", b)]
    central = [m.start() for m in re.finditer(b"PK\x01\x02", b)]
    end = b.rfind(b"PK\x05\x06")
    big = rng.choice([0, 1, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF, rng.randrange(1 << 32)])
    def put(at, fmt, value):
        size = struct.calcsize(fmt)
        if 0 <= at and at + size <= len(b):
            b[at:at + size] = struct.pack(fmt, value & ((1 << (8 * size)) - 1))
    if kind == 0 and b:  # bytes flipped
        for _ in range(rng.randrange(1, 8)):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
    elif kind == 1 and local:  # a local header's CRC or sizes
        at = rng.choice(local)
        put(at + rng.choice([14, 18, 22]), "<I", big)
    elif kind == 2 and central:  # a central entry's sizes, CRC or local offset
        at = rng.choice(central)
        put(at + rng.choice([16, 20, 24, 42]), "<I", big)
    elif kind == 3 and central:  # name or extra length in the central directory
        at = rng.choice(central)
        put(at + rng.choice([28, 30, 32]), "<H", big)
    elif kind == 4 and end >= 0:  # the end record's counts or directory offset
        put(end + rng.choice([8, 10]), "<H", big)
        if rng.random() < 0.5:
            put(end + 16, "<I", big)
    elif kind == 5 and local and max(local) + 30 <= len(b):  # a name rewritten in place
        at = rng.choice([x for x in local if x + 30 <= len(b)])
        n = struct.unpack("<H", bytes(b[at + 26:at + 28]))[0]
        name = rng.choice([b"../../", b"/etc/", b"C:", b"manifest.json", b"\x00\x01", b".."])
        for i, c in enumerate(name[:n]):
            if at + 30 + i < len(b):
                b[at + 30 + i] = c
    elif kind == 6:  # cut short
        del b[rng.randrange(len(b) + 1):]
    else:  # padded, or a second archive appended
        b += data if rng.random() < 0.5 else bytes(rng.randrange(1, 4096))
    return bytes(b)


ATTRIBUTE_NUMBERS = ["0", "1", "-1", "100000000000", "18446744073709551615",
                     "999999999999999999999999", "4294967296", "1048577", "16385", "", "x"]


def mutate_workbook(data, rng):
    """A scheme workbook damaged inside: a part's XML mutated as text, a count or a cell
    reference or a style index pushed to a limit, a sheet hidden or renamed, a part dropped
    or doubled; sometimes the zip itself damaged."""
    import io, zipfile
    if rng.random() < 0.15:
        return mutate_zip(data, rng)
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        parts = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    except Exception:  # already damaged past Python's reading: damage it further
        return mutate_zip(data, rng)
    if not parts:
        return mutate_zip(data, rng)
    i = rng.randrange(len(parts))
    name, body = parts[i]
    kind = rng.randrange(6)
    if kind == 0 and name.endswith(".xml"):  # the XML as text
        body = mutate(body.decode("utf-8", "replace"), rng).encode("utf-8", "surrogatepass")
    elif kind == 1 and name.endswith(".xml"):  # a numeric attribute to a limit
        text = body.decode("utf-8", "replace")
        spans = [m.span(2) for m in re.finditer(r'\b(count|uniqueCount|r|s|min|max|ref|sheetId|numFmtId|xfId)="([^"]*)"', text)]
        if spans:
            a, b = rng.choice(spans)
            text = text[:a] + rng.choice(ATTRIBUTE_NUMBERS + ["A1:XFD1048576", "XFD1048576"]) + text[b:]
        body = text.encode("utf-8")
    elif kind == 2:  # a sheet hidden or renamed
        for j, (n, b) in enumerate(parts):
            if n == "xl/workbook.xml":
                t = b.decode("utf-8")
                t = t.replace('name="单位"', rng.choice(['name="单位" state="veryHidden"', 'name="单位 "', 'name=""']), 1)
                parts[j] = (n, t.encode("utf-8"))
    elif kind == 3 and len(parts) > 1:  # a part dropped
        del parts[i]
        name = None
    elif kind == 4:  # a part doubled under a name differing in case
        parts.append((name.upper() if rng.random() < 0.5 else name, body))
    elif name.endswith(".xml"):  # a block of the XML repeated (many rows or cells)
        text = body.decode("utf-8", "replace")
        spans = [m.span() for m in re.finditer(r"<row [^>]*>.*?</row>|<c [^>]*>.*?</c>|<si>.*?</si>", text)]
        if spans:
            a, b = rng.choice(spans)
            text = text[:b] + text[a:b] * rng.choice([2, 100, 5000]) + text[b:]
        body = text.encode("utf-8")
    if name is not None and kind not in (2, 3, 4):
        parts[i] = (name, body)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts:
            try:
                z.writestr(n, b)
            except Exception:
                pass
    return out.getvalue()


def limit_memory():
    # 300 MiB of address space: a reader that reserves what a file declares fails here.
    resource.setrlimit(resource.RLIMIT_AS, (300 << 20, 300 << 20))


def run(bin_, args, timeout, limited=False):
    t0 = time.time()
    try:
        p = subprocess.run([bin_] + args, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL,
                           preexec_fn=limit_memory if limited else None)
    except subprocess.TimeoutExpired:
        return "hang", time.time() - t0, b""
    err = p.stderr
    if p.returncode not in (0, 1, 2) or b"panicked" in err or "程序内部出错".encode() in err:
        return "crash", time.time() - t0, err
    return "ok", time.time() - t0, err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("minutes", type=float)
    ap.add_argument("--bin", default="target/release/kaoping")
    ap.add_argument("--out", default="target/fuzz")
    ap.add_argument("--target", choices=["both", "sheets", "rulesets", "packages", "workbooks", "all"], default="both")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "failures"), exist_ok=True)
    work = tempfile.mkdtemp(prefix="kaoping-fuzz-")
    sheet_path = os.path.join(work, "seed.kaoping")
    subprocess.run([a.bin, "sample", "--seed", "3", "-o", sheet_path], check=True)
    rules = open(os.path.join(os.path.dirname(__file__), "..", "rulesets", "yueyang-2015.ron"), encoding="utf-8").read()
    sheet = open(sheet_path, encoding="utf-8").read()
    package_bytes = b""
    if a.target in ("packages", "all"):
        made = os.path.join(work, "pkg")
        os.makedirs(made)
        unit_sheet = os.path.join(made, "unit.kaoping")
        shutil.copy(sheet_path, unit_sheet)
        subprocess.run([a.bin, "package", unit_sheet, "-o", os.path.join(made, "p.zip")],
                       capture_output=True)
        package_bytes = open(os.path.join(made, "p.zip"), "rb").read()
    workbook_bytes = b""
    if a.target in ("workbooks", "all"):
        made = os.path.join(work, "scheme.xlsx")
        subprocess.run([a.bin, "ruleset", "export", "yueyang-2015", "-o", made], capture_output=True, check=True)
        workbook_bytes = open(made, "rb").read()
    targets = {"both": ["sheets", "rulesets"], "sheets": ["sheets"], "rulesets": ["rulesets"],
               "packages": ["packages"], "workbooks": ["workbooks"],
               "all": ["sheets", "rulesets", "packages", "workbooks"]}[a.target]
    counts = {t: {"runs": 0, "crash": 0, "hang": 0} for t in targets}
    slowest = 0.0
    end = time.time() + a.minutes * 60
    n = 0
    while time.time() < end:
        t = targets[n % len(targets)]
        n += 1
        if t == "workbooks":
            data = workbook_bytes
            for _ in range(rng.choice([1, 1, 2])):
                data = mutate_workbook(data, rng)
            ext = "xlsx"
            path = os.path.join(work, "case.xlsx")
            with open(path, "wb") as f:
                f.write(data)
            args = rng.choice([["check", path], ["ruleset", "diff", "yueyang-2015", path],
                               ["new", "--unit", "平江县", "--ruleset", path, "-o", os.path.join(work, "new.kaoping"), "--force"]])
        elif t == "packages":
            data = package_bytes
            for _ in range(rng.choice([1, 1, 2, 3])):
                data = mutate_zip(data, rng)
            ext = "zip"
            inbox = os.path.join(work, "inbox")
            shutil.rmtree(inbox, ignore_errors=True)
            os.makedirs(inbox)
            path = os.path.join(inbox, "case.zip")
            with open(path, "wb") as f:
                f.write(data)
            args = ["summary", inbox]
        else:
            base = sheet if t == "sheets" else rules
            text = base
            for _ in range(rng.choice([1, 1, 2, 3])):
                text = mutate(text, rng)
            ext = "kaoping" if t == "sheets" else "ron"
            path = os.path.join(work, f"case.{ext}")
            with open(path, "w", encoding="utf-8", errors="surrogatepass") as f:
                f.write(text)
            if t == "sheets":
                args = ["score", path] if rng.random() < 0.8 else ["summary", work]
            else:
                args = ["check", path] if rng.random() < 0.7 else ["score", sheet_path, "--ruleset", path]
        verdict, secs, err = run(a.bin, args, a.timeout, limited=(t == "workbooks"))
        slowest = max(slowest, secs)
        counts[t]["runs"] += 1
        if verdict != "ok":
            counts[t][verdict] += 1
            keep = os.path.join(a.out, "failures", f"{t}-{verdict}-{n}.{ext}")
            shutil.copy(path, keep)
            sys.stderr.write(f"{verdict}: kaoping {' '.join(args)} -> kept {keep}\n{err[-400:].decode(errors='replace')}\n")
    shutil.rmtree(work, ignore_errors=True)
    for t, c in counts.items():
        print(f"fuzz {t}: {c['runs']} executions, {c['crash']} crashes, {c['hang']} hangs")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"fuzz: slowest run {slowest:.2f} s; largest peak memory of a run {peak // 1024} MiB; seed {a.seed}")
    failed = sum(c["crash"] + c["hang"] for c in counts.values())
    print(f"fuzz: {sum(c['runs'] for c in counts.values()) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
