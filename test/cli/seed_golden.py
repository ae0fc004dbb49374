#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""seed_golden.py — compares a table of a `shinchoku report` (CSV) with the table the seed
document prints (test/seeds/*.tsv, transcribed from the seed text, never produced by the code).

Usage: seed_golden.py NAME REPORT.csv SEED.tsv CHECK.txt KNOWN.tsv

The header, the row order and every cell must be equal (NFKC, spaces removed, － and - alike,
〇 and ○ alike, a number equal to its value with the same unit: 10 and 10.0). 001's 資料1 is
many small tables: they are flattened into the transcript's one (see flatten). A cell may differ only where KNOWN.tsv lists it (NAME, row, column, check
subject, year, what, why) and `shinchoku check` reports the same disagreement (CHECK.txt: that
subject, year and what, 「印刷 <the seed's value>」 and 「計算 <the report's value>」, 「（なし）」
for an empty or 対象外 cell); every entry listed must be met, so a list that no longer matches
fails too. Subject "-": a difference check cannot see (a unit the two documents print
differently, a separator), listed with its reason. Column `(row)`: a row
only the report has; `(label)`: a row label the seed misprints (the subject column holds the
report's label). The sheets (NAME ending in -sheets) are one wide table: the transcript's
columns are taken from it by header, the report made with the digits of the seed's most precise
rate; a seed's value may carry the unit the report prints in the 指標 cell (60人 = 60), and a
printed rate is compared with the report's at the decimals printed (201% = 200.81%; the
report's two decimals stand for any rate within half a unit of them, so 53.8% = 53.85%). A
transcript's last column 行 (the seed line of each row, 000-sheets) is for the reader and not
compared. check prints a computed rate without its % (「計算 100」) and a printed cell without
the note the seed prints beside it (No.30's 「672.7% (令和元年度に…)」); on the sheets a dash
the report prints is nothing computed (「（なし）」). Prints nothing and exits 0 when they agree.
"""
import csv, re, sys, unicodedata
from decimal import Decimal, ROUND_HALF_UP

name, report, seed, checkpath, knownpath = sys.argv[1:6]
errors = []


def norm(s):
    s = unicodedata.normalize("NFKC", s or "")
    s = re.sub(r"\s+", "", s)
    return s.replace("－", "-").replace("―", "-").replace("—", "-").replace("〇", "○").replace("～", "~")


def seed_table():
    rows = [r.rstrip("\n").split("\t") for r in open(seed, encoding="utf-8") if not r.startswith("#")]
    if rows[0][-1] == "行":  # the seed line of each row, for the reader: not a column of the report
        rows = [r[:-1] for r in rows]
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


def report_tables_with_captions():
    rows = list(csv.reader(open(report, encoding="utf-8", newline="")))
    out, i = [], 0
    while i < len(rows) and rows[i]:
        i += 1
    while i < len(rows):
        if not rows[i]:
            i += 1
            continue
        cap, header, body = rows[i][0], rows[i + 1], []
        i += 2
        while i < len(rows) and rows[i]:
            body.append(rows[i])
            i += 1
        out.append((cap, header, body))
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


def same_rate(got, want):
    """check prints a computed rate without its % ("計算 100"), the report with it (100.0%)."""
    return same(got, want) or same(got + "%", want)


def printed_as(check_value, cell):
    """The seed's cell is the value check read, or that value with the note printed beside it
    (No.30: 「672.7% (令和元年度に事業が終了したことからH30年度の達成率)」)."""
    v, c = norm(check_value), norm(cell)
    return same(check_value, cell) or (c.startswith(v) and c[len(v):].startswith("("))


def check_says(subject, year, what, printed, computed):
    """check lists subject/year/what with this printed value and this computed value."""
    for f in check:
        if len(f) >= 5 and f[0] == subject and f[1] == year and f[2].startswith(what) \
                and f[3].startswith("印刷 ") and f[4].startswith("計算 ") \
                and printed_as(f[3][3:], printed) and same_rate(f[4][3:], computed):
            return True
    return False


def key(row):
    return norm(row[0]).rstrip("※")


def number_of(cell):
    """A printed number and what follows it ("3,665.0時間" → (3665.0, "時間")), or None."""
    m = re.fullmatch(r"(-?[\d,]+(?:\.\d+)?)(\D*)", norm(cell))
    return (float(m.group(1).replace(",", "")), m.group(2)) if m else None


def same(got, want):
    """Equal as printed, or the same number with the same unit (10 and 10.0)."""
    if norm(got) == norm(want):
        return True
    a, b = number_of(got), number_of(want)
    return a is not None and a == b


def flatten(tables):
    """The report's many small tables as the one the seed transcript holds: 001 資料1's target
    indicators of every basic policy in order; its main initiatives, one row each."""
    if name == "001-targets":
        rows = [r for h, b in tables if norm(h[0]) == norm("目標指標") for r in b]
        return [(next(h for h, b in tables if norm(h[0]) == norm("目標指標")), rows)] if rows else []
    if name == "001-mains":
        rows = []
        for (h, b), cap in zip(tables, captions):
            if h[0] == "主な具体策":
                no = re.search(r"（№(\d+)）$", cap)
                rows += [["No." + (no.group(1) if no else "?"), h[1], h[2]] + r[1:5] for r in b]
        return [(seed_table()[0], rows)] if rows else []
    if name.endswith("-review"):
        return review_columns(tables)
    if name.endswith("-sheets"):
        want = [norm(h) for h in seed_table()[0]]
        for h, b in tables:
            col = {norm(x): k for k, x in enumerate(h)}
            if all(w in col for w in want):
                pick = [col[w] for w in want]
                return [(seed_table()[0], [[r[k] if k < len(r) else "" for k in pick] for r in b])]
    return tables


def review_columns(tables):
    """000 資料3-2 (NAME ending in -review): the transcript's columns taken from the review
    table by header, as for the sheets."""
    want = [norm(h) for h in seed_table()[0]]
    for h, b in tables:
        col = {norm(x): k for k, x in enumerate(h)}
        if all(w in col for w in want):
            pick = [col[w] for w in want]
            return [(seed_table()[0], [[r[k] if k < len(r) else "" for k in pick] for r in b])]
    return tables


def review_as_printed(got, want):
    """000 資料3-2: a figure the seed prints with its unit or without separators (「10%」,
    「①100人 ②2,100人」, 「29441」, 「78.0」) is the report's figure without them (10, ①100
    ②2,100, 78); the CSV's 「'」 before a cell starting with - (kept from being a formula) is
    not the report's."""
    if re.match(r"'[-=+@]", got or ""):
        got = got[1:]
    if norm(want) == "-" and not got:
        return want  # a dash where there is no figure: the report leaves the cell empty
    bare = lambda s: re.sub(r"\.0(?!\d)", "", re.sub(r"(?<=\d),(?=\d{3})", "", norm(s)))
    unitless = re.sub(r"(?<=\d)(%|人|件|回|箇所)", "", bare(want))
    return want if bare(got) == unitless else got


def review_check_says(f, srow):
    """000 資料3-2: a 課題 the report puts in the other column than the seed does; `check`
    reports the seed's column (printed `top`: 「◎以外」 or 「◎」) against the computed grade."""
    if f[5] != "top":
        return None
    below = [k for k, h in enumerate(shead) if "以外の場合" in h]
    printed = "◎以外" if below and norm(srow[below[0]]) else "◎"
    return any(len(c) >= 5 and c[0] == f[3] and c[1] == f[4] and c[2] == "top"
               and norm(c[3]) == norm("印刷 " + printed) for c in check)


def as_printed(got, want):
    """The sheets: the report's cell as the seed prints it, where only unit and precision differ."""
    if name.endswith("-sheets") and want == "" and norm(got) == "-":
        return want  # a cell the seed leaves blank: no value, as a dash
    if name.endswith("-sheets") and got == "" and norm(want) == "-":
        return want  # a text the seed prints as a dash: none
    g, w = number_of(got), number_of(want)
    if not name.endswith("-sheets") or g is None or w is None:
        return got
    if w[1] == "%" and g[1] == "%":
        # the report's rate has two decimals: the unrounded rate lies within half a unit of
        # them; the seed's is right when some rate there rounds half up to what it prints
        decimals = len(norm(want).rstrip("%").partition(".")[2])
        r, p = Decimal(norm(got).rstrip("%").replace(",", "")), Decimal(norm(want).rstrip("%").replace(",", ""))
        half_r, half_p = Decimal("0.005"), Decimal(5).scaleb(-decimals - 1)
        if r - half_r < p + half_p and p - half_p <= r + half_r - Decimal("1e-9"):
            return want
        return f"{r.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)}%"
    if g[1] == "" and w[1] != "":
        return got + w[1]
    return got


shead, sbody = seed_table()
captions = [c for c, _, _ in report_tables_with_captions()] if name.startswith("001-") else []
tables = [t for t in flatten(report_tables()) if [norm(h) for h in t[0]] == [norm(h) for h in shead]]
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
def measure_layout(rows):
    """000 資料3-1 and 3-2: the report's 施策 as the seed lays it out. 施策 is printed on the
    first row of a measure only (a row whose 施策 is the previous row's leaves it blank); where
    the seed's text keeps only the measure's number (資料3-1 and 3-2 No.22 and 40, 資料3-1 No.27
    and 34, 資料3-2 No.52 and 60: the name is lost in the PDF's text), only the report's number
    is compared."""
    s = next((k for k, h in enumerate(shead) if norm(h) == norm("施策")), None)
    prev = None
    for row, srow in zip(rows, sbody):
        if s is not None and s < len(row):
            if row[s]:
                this, row[s] = row[s], "" if row[s] == prev else row[s]
                prev = this
            if re.fullmatch(r"\d+", norm(srow[s])) and row[s]:
                row[s] = re.match(r"\d*", norm(row[s])).group(0)
    return rows


def sheets_layout(rows):
    """000 資料3-1 (the sheets): 施策 as the seed lays it out (see measure_layout); 対象 is the
    seed's check boxes, transcribed as the names marked ☑ joined by ・ (「市民等・庁内」, a dash
    for none): the report's 、 between them is that ・."""
    t = next((k for k, h in enumerate(shead) if norm(h) == norm("対象")), None)
    for row in measure_layout(rows):
        if t is not None and t < len(row):
            row[t] = row[t].replace("、", "・")
    return rows


CIRCLED = "①②③④⑤⑥⑦⑧⑨"


def indicator_cell(cells):
    """000 資料3-1: one No.'s indicators as the seed prints them in one 指標 cell: the units
    first (「(単位:件) (単位:か所)」, each once, 「(単位:)」 for none), then the name; two or more
    indicators as their shared leading words and the rest marked ①② (「利用者数 ①高齢者
    ②障害者」). The report prints a row per indicator: 「①利用者数 高齢者（人）」."""
    names, units = [], []
    for c in cells or [""]:
        m = re.fullmatch(r"(.*?)（([^（）]*)）", c.strip())
        name, unit = (m.group(1), m.group(2)) if m else (c.strip(), "")
        names.append(name.lstrip(CIRCLED).split())
        if unit and unit not in units:
            units.append(unit)
    head = " ".join(f"(単位:{u})" for u in units) or "(単位:)"
    if len(names) == 1:
        return f"{head} {' '.join(names[0])}".strip()
    common = 0
    while all(len(n) > common + 1 and n[common] == names[0][common] for n in names):
        common += 1
    rest = " ".join(f"{CIRCLED[k]}{' '.join(n[common:])}" for k, n in enumerate(names))
    return " ".join([head] + names[0][:common] + [rest])


def sheets_indicators(rows):
    """000 資料3-1: the report's 指標 cells of one No. (its consecutive rows) as the seed's one
    cell on the No.'s first row (see indicator_cell), the other rows' left blank as the seed's."""
    k = next((k for k, h in enumerate(shead) if norm(h) == norm("指標")), None)
    if k is None:
        return rows
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and key(rows[j + 1]) == key(rows[i]):
            j += 1
        cells = [r[k] for r in rows[i:j + 1] if r[k]]
        rows[i][k] = indicator_cell(cells) if cells else "(単位:)"
        for r in rows[i + 1:j + 1]:
            r[k] = ""
        i = j + 1
    return rows


def review_layout(rows):
    """000 資料3-2 (review): 施策 as on the sheets (see measure_layout); 対象 and 対象（次期） as
    on the sheets (the report's 、 is the seed's ・ between the marked names); 指標 (the next plan's indicator) in the seed's cell form (see
    indicator_cell; the report puts ①② in one cell), the report's 「（指標名の記載なし）」 for
    a nameless indicator nothing, and a next-plan row without indicator 「(単位:)」."""
    next_name = next(k for k, h in enumerate(shead) if norm(h) == norm("具体策の名称（次期）"))
    for k, h in enumerate(shead):
        for row in rows:
            if k >= len(row):
                continue
            if norm(h).startswith(norm("対象")):
                row[k] = row[k].replace("、", "・")
            elif norm(h) == norm("指標") and (row[k] or row[next_name]):
                cells = re.split(r"\s+(?=[①-⑨])", row[k]) if row[k] else []
                row[k] = indicator_cell([re.sub(r"^（指標名の記載なし）", "", c) for c in cells])
    return measure_layout(rows)


if name == "000-sheets":
    ours = sheets_indicators(sheets_layout(ours))
if name == "000-review":
    ours = review_layout(ours)
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
        got = review_as_printed(got, want) if name.endswith("-review") else as_printed(got, want)
        if same(got, want):
            continue
        f = known_for(rk, norm(col))
        # nothing computed: an empty or 対象外 cell, and on the sheets a figure's dash
        none = ("", "対象外", "-") if name.endswith("-sheets") else ("", "対象外")
        computed = "（なし）" if norm(got) in none else got
        if not f:
            errors.append(f"{srow[0]} / {col}: report '{got}', seed '{want}' (not a known source error)")
        elif f[3] == "-":
            pass  # a difference check cannot see (a unit, a separator), listed with its reason
        elif not (review_check_says(f, srow) if name.endswith("-review") and f[5] == "top"
                  else check_says(f[3], f[4], f[5], want, computed)):
            errors.append(f"{srow[0]} / {col}: report '{got}', seed '{want}': check does not report it as {f[3]} {f[4]} {f[5]}")
for k, f in enumerate(known):
    if k not in used:
        errors.append(f"known source error {f[1]} / {f[2]} no longer differs")
for e in errors[:int(__import__("os").environ.get("SEED_GOLDEN_SHOW", 15))]:
    print(e)
if len(errors) > 15:
    print(f"… {len(errors)} differences in all")
sys.exit(1 if errors else 0)
