#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""report_check.py — compares the numbers in a `shinchoku report` with `eval --format json`.

Usage: report_check.py KIND FILE EVAL.json YEAR
  summary-csv  the distribution table equals the headline level's counts, every year; the
               合計 is the count headline.of names and the rows add up to it; the
               per-top-node table counts the grades of the headline level's nodes beneath each
  summary-md   the headline sentence's share and count equal the level's share and top
  status-csv   every grade cell equals the node's grade that year ("対象外" out of scope)
  issues-csv   the rows are the in-scope nodes below the top grade, with their grades
  policy-csv   every target indicator's target, actual, rate and final-year target equal the
               indicator's, the policy's grade in the first row's 進捗状況 only; every main
               initiative (role main, each once) and every initiative row shows the figures,
               rate and grade of the indicator it names, main ones with the unit in the header
  sheets-csv   every indicator row's yearly figures, rates and 達成率 are the indicator's, its
               達成状況 the node's grade; with PLAN.json (`export --format json`) as a fifth
               argument, the later years' targets are the ones the plan states (not the target
               the policy's basis measures a year against)
  summary-xlsx the workbook's distribution cells are numbers equal to the counts
Prints nothing and exits 0 when they agree; otherwise says where they differ and exits 1.
No expected number is written here: everything is compared with eval's output.
"""
import csv, json, re, sys

kind, path, evalpath, year = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
planpath = sys.argv[5] if len(sys.argv) > 5 else None
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
            # under a "due" headline the table counts the due units' grades (so 合計 adds up)
            key = "due_counts" if ev["policy"]["headline_of"] == "due" else "counts"
            want = level_for(first + k)[key].get(m.group(1))
            if str(want) != cell:
                errors.append(f"{m.group(1)} {first + k}: report {cell}, eval {want}")
    if len(header) - 1 != year - first + 1:
        errors.append(f"{len(header) - 1} year columns, expected up to {year}")
    check_total(body, first)
    check_by_top_node()


def check_total(body, first):
    """合計 is the count the policy's headline is taken of (in scope, graded or due), and the
    rows above it add up to it."""
    of = ev["policy"]["headline_of"]
    rows = {r[0]: r for r in body}
    if "合計" not in rows:
        errors.append("no 合計 row")
        return
    for k in range(year - first + 1):
        lvl = level_for(first + k)
        above = sum(int(r[1 + k]) for r in body if r[0].startswith("【") or r[0] == "判定なし")
        if rows["合計"][1 + k] != str(lvl[of]):
            errors.append(f"合計 {first + k}: report {rows['合計'][1 + k]}, eval {of} {lvl[of]}")
        if above != lvl[of]:
            errors.append(f"{first + k}: the rows above 合計 add up to {above}, not {lvl[of]}")


def check_by_top_node():
    """The per-top-node table counts the headline level's grades beneath each top node."""
    top = [t for t in tables(path) if re.match(r".+別の.+の達成状況（", t[0])]
    lvl = headline_levels()[0]["level"]
    if lvl <= 1:
        return
    if not top:
        errors.append("no per-top-node table")
        return
    cap, header, body = top[0]
    nodes = {n["id"]: n for n in ev["nodes"] if n["year"] == year}

    def top_of(n):
        while n["parent"]:
            n = nodes[n["parent"]]
        return n["id"]

    for row in body:
        t = next(n for n in nodes.values() if n["level"] == 1 and row[0] == f"{n['number'] or ''} {n['name']}")
        units = [n for n in nodes.values() if n["level"] == lvl and n["in_scope"] and top_of(n) == t["id"]]
        for k, g in enumerate(header[1:-1]):
            want = sum(1 for n in units if (n["grade"] or "判定なし") == g)
            if str(want) != row[1 + k]:
                errors.append(f"{row[0]} {g}: report {row[1 + k]}, eval {want}")
        if row[-1] != str(len(units)):
            errors.append(f"{row[0]} 計: report {row[-1]}, eval {len(units)} in scope")


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
            n = grades[first + k][row[0].rstrip("※")]
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
        if row[3] != want or (row[4] != "－" and row[4] != nodes[row[0]]["rate_display"] + "%"):
            errors.append(f"No.{row[0]}: report {row[3]} {row[4]}, eval {want} {nodes[row[0]]['rate_display']}")


def num(cell, unit=None):
    """A printed number: "78,691件" (unit 件) → 78691.0; "－" or a text → None."""
    if cell == "－":
        return None
    if unit and cell.endswith(unit):
        cell = cell[: -len(unit)]
    try:
        return float(cell.replace(",", ""))
    except ValueError:  # a value's text where the plan has no number (未定, 実施予定なし)
        return None


def fnum(v):
    return None if v is None else float(v)


def rate(i):
    return (i["rate_display"] + "%") if i["rate_display"] is not None else "－"


def check_policy_csv():
    inds = [i for i in ev["indicators"] if i["year"] == year]
    nodes = {n["id"]: n for n in ev["nodes"] if n["year"] == year}
    last = {i["id"]: i for i in ev["indicators"] if i["year"] == ev["plan"]["last_year"]}
    seen = 0
    for cap, header, body in tables(path):
        if cap != "＜目標指標の進捗状況＞":
            continue
        for k, row in enumerate(body):
            title = lambda i: i["name"] + (i["number"] if (i["number"] or "").startswith("[") else "")
            cand = [i for i in inds if nodes[i["node"]]["parent"] is None and row[0] == title(i)]
            if not cand:
                errors.append(f"indicator '{row[0]}' not in eval")
                continue
            i, u = cand[0], cand[0]["unit"]
            seen += 1
            got = (num(row[1], u), num(row[2], u), row[3], num(row[5], u))
            want = (fnum(i["target"]), fnum(i["actual"]), rate(i), fnum(last[i["id"]]["target"]))
            if got != want:
                errors.append(f"{row[0]}: report {got}, eval {want}")
            grade = (nodes[i["node"]]["grade"] or "") if k == 0 else ""
            if row[4] != grade:
                errors.append(f"{row[0]}: 進捗状況 '{row[4]}', the policy's grade in the first row only: '{grade}'")
    if seen == 0 and any(i["role"] == "target" for i in inds):
        errors.append("no target indicator rows")
    check_main_rows(inds, nodes)
    check_initiative_rows(inds)


def check_main_rows(inds, nodes):
    """A main initiative's table: its indicator's target, actual, rate and grade, the unit in the
    header; only indicators of role main, each once."""
    shown = []
    for cap, header, body in tables(path):
        if header[0] != "主な具体策":
            continue
        for row in body:
            cand = [i for i in inds if row[0] == f"{i['name']}[{nodes[i['node']]['number'] or i['node']}]"]
            if not cand:
                errors.append(f"main initiative '{row[0]}' not in eval")
                continue
            i = cand[0]
            shown.append(i["id"])
            unit = f"({i['unit']})" if i["unit"] else ""
            if header[1:3] != [f"目標値{unit}", f"実績値{unit}"]:
                errors.append(f"{row[0]}: header {header[1:3]}, unit {i['unit']}")
            got = (num(row[1]), num(row[2]), row[3], row[4])
            want = (fnum(i["target"]), fnum(i["actual"]), rate(i), i["grade"] or "判定なし")
            if got != want:
                errors.append(f"{row[0]}: report {got}, eval {want}")
    mains = [i["id"] for i in inds if i["role"] == "main" and nodes[i["node"]]["in_scope"]]
    if sorted(shown) != sorted(mains):
        errors.append(f"{len(shown)} main initiatives shown, eval has {len(mains)} of role main in scope")


def check_initiative_rows(inds):
    """An initiative row's target, actual, rate and grade are all those of the indicator it names."""
    nodes = {(n["number"] or n["id"]): n for n in ev["nodes"] if n["year"] == year}
    for cap, header, body in tables(path):
        if "主な指標" not in header:
            continue
        col = {h: k for k, h in enumerate(header)}
        for row in body:
            node = nodes[row[0]]
            cand = [i for i in inds if i["node"] == node["id"] and i["name"] == row[col["主な指標"]]]
            if not cand:
                continue  # no indicator: the row shows the initiative's own grade
            i = cand[0]
            got = (num(row[col["目標"]], i["unit"]), num(row[col["実績"]], i["unit"]), row[col["進捗率"]],
                   row[col["判定"]])
            want = (fnum(i["target"]), fnum(i["actual"]), rate(i), i["grade"] or node["grade"] or "判定なし")
            if got != want:
                errors.append(f"No.{row[0]} {i['id']}: report {got}, eval {want}")


def stated_targets():
    """(indicator, year) -> the target the exported plan states: the latest revision, a
    composite the sum of its parts (as eval_num sums them)."""
    plan = json.load(open(planpath, encoding="utf-8"))
    own = {}
    for v in plan["values"]:
        if v["kind"] == "target" and v.get("value", "") != "":
            k = (v["indicator"], int(v["year"]))
            if k not in own or v.get("revised", "") >= own[k][0]:
                own[k] = (v.get("revised", ""), float(v["value"]))
    out = {k: x for k, (_, x) in own.items()}
    for i in plan["indicators"]:
        parts = [x for x in i.get("composite_of", "").split("|") if x]
        for y in range(int(plan["plan"]["first_year"]), int(plan["plan"]["last_year"]) + 1):
            if parts and (i["id"], y) not in out and all((x, y) in out for x in parts):
                out[(i["id"], y)] = sum(out[(x, y)] for x in parts)
    return out


def check_sheets_csv():
    """Every indicator row: each year's target, actual and rate, the later years' targets and
    the year's 達成率 are the indicator's; 達成状況 is the node's grade (対象外 out of scope)."""
    cap, header, body = tables(path)[-1]
    first, last = ev["plan"]["first_year"], ev["plan"]["last_year"]
    short = lambda y: ("H" + str(y - 1988)) if y < 2019 else ("R" + str(y - 2018))
    by = {}
    for i in ev["indicators"]:
        by[(i["id"], i["year"])] = i
    nodes = {}
    for n in ev["nodes"]:
        if n["year"] == year:
            nodes[n["number"] or n["id"]] = n
    col = {h: k for k, h in enumerate(header)}
    label = lambda i: (i["number"] or "") + i["name"] + (f"（{i['unit']}）" if i["unit"] else "")
    stated = stated_targets() if planpath else None
    rows = 0
    for row in body:
        node = nodes[row[0]]
        cand = [i for i in ev["indicators"] if i["node"] == node["id"] and i["year"] == year
                and label(i) == row[col["指標"]]]
        if not cand:
            continue
        i, rows = cand[0], rows + 1
        for y in range(first, last + 1):
            got = by[(i["id"], y)]
            for what, key in (("目標値", "target"), ("実績値", "actual"), ("末見込値", "actual")):
                h = f"{short(y)} {what}"
                if h in col and y > year and key == "target" and stated is not None:
                    if num(row[col[h]]) != stated.get((i["id"], y)):
                        errors.append(f"{row[0]} {i['id']} {h}: report {row[col[h]]}, "
                                      f"the plan states {stated.get((i['id'], y))}")
                elif h in col and num(row[col[h]]) != fnum(got[key]):
                    errors.append(f"{row[0]} {i['id']} {h}: report {row[col[h]]}, eval {got[key]}")
            h = f"{short(y)} 進捗率"
            if h in col and row[col[h]] != rate(got):
                errors.append(f"{row[0]} {i['id']} {h}: report {row[col[h]]}, eval {rate(got)}")
        rc = next(k for h, k in col.items() if h.startswith("達成率"))
        if row[rc] != rate(i):
            errors.append(f"{row[0]} {i['id']} 達成率: report {row[rc]}, eval {rate(i)}")
        gc = next(k for h, k in col.items() if h.startswith("達成状況"))
        want = (node["grade"] or "判定なし") if node["in_scope"] else "対象外"
        if row[gc] not in ("", want):
            errors.append(f"{row[0]} 達成状況: report {row[gc]}, eval {want}")
    if not rows and any(i["year"] == year for i in ev["indicators"]):
        errors.append("no indicator rows")


def check_summary_xlsx():
    import openpyxl
    ws = openpyxl.load_workbook(path).worksheets[0]
    first, found = ev["plan"]["first_year"], 0
    for row in ws.iter_rows(values_only=True):
        m = re.match(r"【(.+?)】", str(row[0] or ""))
        if not m:
            continue
        for k in range(year - first + 1):
            key = "due_counts" if ev["policy"]["headline_of"] == "due" else "counts"
            v, want = row[1 + k], level_for(first + k)[key].get(m.group(1))
            found += 1
            if not isinstance(v, (int, float)) or v != want:
                errors.append(f"{m.group(1)} {first + k}: cell {v!r} ({type(v).__name__}), eval {want}")
    if not found:
        errors.append("no distribution rows in the first sheet")


{"summary-csv": check_summary_csv, "summary-md": check_summary_md, "status-csv": check_status_csv,
 "issues-csv": check_issues_csv, "policy-csv": check_policy_csv, "sheets-csv": check_sheets_csv,
 "summary-xlsx": check_summary_xlsx}[kind]()
for e in errors[:10]:
    print(e)
sys.exit(1 if errors else 0)
