#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""report_check.py — compares the numbers in a `shinchoku report` with `eval --format json`.

Usage: report_check.py KIND FILE EVAL.json YEAR
  summary-csv  the distribution table equals the headline level's counts, every year
  summary-md   the headline sentence's share and count equal the level's share and top
  status-csv   every grade cell equals the node's grade that year ("対象外" out of scope)
  issues-csv   the rows are the in-scope nodes below the top grade, with their grades
  policy-csv   every target indicator's target, actual and rate equal the indicator's
  summary-xlsx the workbook's distribution cells are numbers equal to the counts
Prints nothing and exits 0 when they agree; otherwise says where they differ and exits 1.
No expected number is written here: everything is compared with eval's output.
"""
import csv, json, re, sys

kind, path, evalpath, year = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ev = json.load(open(evalpath, encoding="utf-8"))
errors = []


def tables(path):
    """The sectioned CSV: provenance rows, then (caption, header, rows) per table."""
    rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
    out, i = [], 0
    while i < len(rows) and rows[i]:
        i += 1
    while i < len(rows):
        if not rows[i]:
            i += 1
            continue
        caption, header, body = rows[i][0], rows[i + 1], []
        i += 2
        while i < len(rows) and rows[i]:
            body.append(rows[i])
            i += 1
        out.append((caption, header, body))
    return out


def headline_levels():
    return [l for l in ev["levels"] if l["headline"]]


def level_for(y):
    return next(l for l in headline_levels() if l["year"] == y)


def node_grades(y):
    lvl = headline_levels()[0]["level"]
    return {(n["number"] or n["id"]): n for n in ev["nodes"] if n["level"] == lvl and n["year"] == y}


def check_summary_csv():
    cap, header, body = next(t for t in tables(path) if t[0].endswith("の達成状況（年度別の件数）"))
    first = ev["plan"]["first_year"]
    for row in body:
        m = re.match(r"【(.+?)】", row[0])
        if not m:
            continue
        for k, cell in enumerate(row[1:]):
            want = level_for(first + k)["counts"].get(m.group(1))
            if str(want) != cell:
                errors.append(f"{m.group(1)} {first + k}: report {cell}, eval {want}")
    if len(header) - 1 != year - first + 1:
        errors.append(f"{len(header) - 1} year columns, expected up to {year}")


def check_summary_md():
    text = open(path, encoding="utf-8").read()
    lvl = level_for(year)
    m = re.search(r"全体の([0-9.]+)%にあたる(\d+)の", text)
    if lvl["share_display"] is None:
        if m:
            errors.append("a share is stated where eval has none")
        return
    if not m:
        errors.append("no headline sentence")
    elif m.group(1) != lvl["share_display"] or int(m.group(2)) != lvl["top"]:
        errors.append(f"headline {m.group(1)}% {m.group(2)}, eval {lvl['share_display']}% {lvl['top']}")


def check_status_csv():
    cap, header, body = tables(path)[0]
    first = ev["plan"]["first_year"]
    cols = [k for k, h in enumerate(header) if h.startswith(("達成状況 ", "達成見込 "))]
    if len(cols) != year - first + 1:
        errors.append(f"{len(cols)} grade columns, expected {year - first + 1}")
    grades = {y: node_grades(y) for y in range(first, year + 1)}
    if len(body) != sum(1 for n in grades[year].values() if n["in_scope"]):
        errors.append(f"{len(body)} rows, eval has a different number in scope")
    for row in body:
        for k, c in enumerate(cols):
            n = grades[first + k][row[0]]
            want = (n["grade"] or "") if n["in_scope"] else "対象外"
            if row[c] != want:
                errors.append(f"No.{row[0]} {first + k}: report '{row[c]}', eval '{want}'")


def check_issues_csv():
    cap, header, body = tables(path)[0]
    lvl, nodes = level_for(year), node_grades(year)
    if len(body) != lvl["in_scope"] - lvl["top"]:
        errors.append(f"{len(body)} rows, eval: {lvl['in_scope']} in scope, {lvl['top']} top")
    for row in body:
        want = nodes[row[0]]["grade"] or "判定なし"
        if row[3] != want or (row[4] != "－" and row[4] != nodes[row[0]]["rate_display"]):
            errors.append(f"No.{row[0]}: report {row[3]} {row[4]}, eval {want} {nodes[row[0]]['rate_display']}")


def num(cell):
    return None if cell == "－" else float(cell)


def check_policy_csv():
    inds = [i for i in ev["indicators"] if i["year"] == year]
    seen = 0
    for cap, header, body in tables(path):
        if not cap.startswith("目標指標"):
            continue
        for row in body:
            cand = [i for i in inds if row[0] == ((i["number"] + " ") if i["number"] else "") + i["name"]]
            if not cand:
                errors.append(f"indicator '{row[0]}' not in eval")
                continue
            i = cand[0]
            seen += 1
            for cell, want in ((row[2], i["target"]), (row[3], i["actual"])):
                if num(cell) != (None if want is None else float(want)):
                    errors.append(f"{row[0]}: report {cell}, eval {want}")
            if row[4] != (i["rate_display"] or "－") or row[5] != (i["grade"] or ""):
                errors.append(f"{row[0]}: rate/grade {row[4]} {row[5]}, eval {i['rate_display']} {i['grade']}")
    if seen == 0 and any(i["role"] == "target" for i in inds):
        errors.append("no target indicator rows")


def check_summary_xlsx():
    import openpyxl
    ws = openpyxl.load_workbook(path).worksheets[0]
    first, found = ev["plan"]["first_year"], 0
    for row in ws.iter_rows(values_only=True):
        m = re.match(r"【(.+?)】", str(row[0] or ""))
        if not m:
            continue
        for k in range(year - first + 1):
            v, want = row[1 + k], level_for(first + k)["counts"].get(m.group(1))
            found += 1
            if not isinstance(v, (int, float)) or v != want:
                errors.append(f"{m.group(1)} {first + k}: cell {v!r} ({type(v).__name__}), eval {want}")
    if not found:
        errors.append("no distribution rows in the first sheet")


{"summary-csv": check_summary_csv, "summary-md": check_summary_md, "status-csv": check_status_csv,
 "issues-csv": check_issues_csv, "policy-csv": check_policy_csv,
 "summary-xlsx": check_summary_xlsx}[kind]()
for e in errors[:10]:
    print(e)
sys.exit(1 if errors else 0)
