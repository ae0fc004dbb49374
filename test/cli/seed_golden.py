#!/usr/bin/env python3
"""seed_golden.py — compares a table of a `shinchoku report` (CSV) with the table the seed
document prints (test/seeds/*.tsv, transcribed from the seed text, never produced by the code).

Usage: seed_golden.py NAME REPORT.csv SEED.tsv CHECK.txt KNOWN.tsv

The header, the row order and every cell must be equal (NFKC, spaces removed, － and - alike,
〇 and ○ alike). A cell may differ only where KNOWN.tsv lists it (NAME, row, column, check
subject, year, what, why) and `shinchoku check` reports the same disagreement (CHECK.txt: that
subject, year and what, 「印刷 <the seed's value>」 and 「計算 <the report's value>」, 「（なし）」
for an empty or 対象外 cell); every entry listed must be met, so a list that no longer matches
fails too. Subject "-": a text printed differently (equal but for 「、」). Column `(row)`: a row
only the report has; `(label)`: a row label the seed misprints (the subject column holds the
report's label). Prints nothing and exits 0 when they agree.
"""
import csv, re, sys, unicodedata

name, report, seed, checkpath, knownpath = sys.argv[1:6]
errors = []


def norm(s):
    s = unicodedata.normalize("NFKC", s or "")
    s = re.sub(r"\s+", "", s)
    return s.replace("－", "-").replace("―", "-").replace("〇", "○").replace("～", "~")


def seed_table():
    rows = [r.rstrip("\n").split("\t") for r in open(seed, encoding="utf-8") if not r.startswith("#")]
    return rows[0], rows[1:]


def report_tables():
    rows = list(csv.reader(open(report, encoding="utf-8", newline="")))
    out, i = [], 0
    while i < len(rows) and rows[i]:
        i += 1
    while i < len(rows):
        if not rows[i]:
            i += 1
            continue
        header, body = rows[i + 1], []
        i += 2
        while i < len(rows) and rows[i]:
            body.append(rows[i])
            i += 1
        out.append((header, body))
    return out


def known_entries():
    out = []
    for line in open(knownpath, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        if f[0] == name:
            out.append(f)
    return out


check = [l.rstrip("\n").split("\t") for l in open(checkpath, encoding="utf-8")]


def check_says(subject, year, what, printed, computed):
    """check lists subject/year/what with this printed value and this computed value."""
    for f in check:
        if len(f) >= 5 and f[0] == subject and f[1] == year and f[2].startswith(what) \
                and norm(f[3]) == norm("印刷 " + printed) and norm(f[4]) == norm("計算 " + computed):
            return True
    return False


def key(row):
    return norm(row[0]).rstrip("※")


shead, sbody = seed_table()
tables = [t for t in report_tables() if [norm(h) for h in t[0]] == [norm(h) for h in shead]]
if not tables:
    heads = "\n  ".join(" | ".join(h) for h, _ in report_tables())
    print(f"{name}: no table of the report has the seed's header {' | '.join(shead)}; the report's:\n  {heads}")
    sys.exit(1)
header, body = tables[0]
known = known_entries()
used = set()


def known_for(row, col):
    for k, f in enumerate(known):
        if norm(f[1]) == row and norm(f[2]) == col:
            used.add(k)
            return f
    return None


# row labels the seed misprints: the report's label stands for the seed's
relabel = {}
for k, f in enumerate(known):
    if f[2] == "(label)":
        relabel[norm(f[1])] = norm(f[3])
        used.add(k)
extra = {norm(f[1]) for f in known if f[2] == "(row)"}
ours = []
for r in body:
    if key(r) in extra:  # a row only the report has, listed
        used.update(k for k, f in enumerate(known) if norm(f[1]) == key(r) and f[2] == "(row)")
    else:
        ours.append(r)
if [key(r) for r in ours] != [relabel.get(key(r), key(r)) for r in sbody]:
    errors.append(f"rows differ: report {[r[0] for r in ours][:8]}…, seed {[r[0] for r in sbody][:8]}…")
for srow, row in zip(sbody, ours):
    rk = key(srow)
    for c, col in enumerate(shead):
        if c == 0 and rk in relabel:
            continue
        got, want = row[c] if c < len(row) else "", srow[c] if c < len(srow) else ""
        if c == 0:  # the ※ the report puts on rows added mid-plan (the seed shades them)
            got = got.rstrip("※")
        if norm(got) == norm(want):
            continue
        f = known_for(rk, norm(col))
        computed = "（なし）" if got in ("", "対象外") else got
        if not f:
            errors.append(f"{srow[0]} / {col}: report '{got}', seed '{want}' (not a known source error)")
        elif f[3] == "-":
            if norm(got).replace("、", "") != norm(want).replace("、", ""):
                errors.append(f"{srow[0]} / {col}: report '{got}', seed '{want}'")
        elif not check_says(f[3], f[4], f[5], want, computed):
            errors.append(f"{srow[0]} / {col}: report '{got}', seed '{want}': check does not report it as {f[3]} {f[4]} {f[5]}")
for k, f in enumerate(known):
    if k not in used:
        errors.append(f"known source error {f[1]} / {f[2]} no longer differs")
for e in errors[:15]:
    print(e)
if len(errors) > 15:
    print(f"… {len(errors)} differences in all")
sys.exit(1 if errors else 0)
