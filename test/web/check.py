#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks of a running `shinchoku serve` over a real socket, called by test/web/run.sh.

    check.py BASE_URL OPENAPI_FILE

1. crawl: every page reachable from / by links answers 200; HTML pages look valid (doctype,
   lang, one <h1>, balanced tags, unique ids) and carry no raw markup from the data (the
   markup fixture puts <script>, <img onerror> and quote-breaking text into every name);
2. openapi: real API responses validate against the schemas of /api/openapi.json, the
   served document equals the source file, and every documented path was exercised.
Prints "ok   NAME" / "FAIL NAME" lines and "check: N passed, M failed" last.
"""
import html.parser
import json
import re
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request

import jsonschema

BASE = sys.argv[1].rstrip("/")
passed = failed = 0

# Raw markup that must never reach a page: these only appear if a data value was not escaped.
RAW = ["<script>alert", "<img src=x", "<b>bold", "' onmouseover='", "\"><b>"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "rect", "line", "path", "circle"}


def ok(name):
    global passed
    passed += 1
    print("ok   " + name)


def bad(name, *why):
    global failed
    failed += 1
    print("FAIL " + name)
    for w in why[:10]:
        print("     " + str(w))


def get(path, headers=None):
    req = urllib.request.Request(BASE + path, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


class Page(html.parser.HTMLParser):
    """Collects links, ids, h1 count, and tag balance problems."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids, self.problems, self.stack = [], [], [], []
        self.h1 = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "h1":
            self.h1 += 1
        for k in a:
            if k.startswith("on"):
                self.problems.append("event handler attribute " + k)
        if tag == "script" and "src" not in a:
            self.problems.append("inline script")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("unbalanced </%s> (open: %s)" % (tag, self.stack[-3:]))
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()


def check_html(path, body):
    text = body.decode("utf-8")
    problems = []
    if not text.startswith("<!DOCTYPE html>"):
        problems.append("no doctype")
    if '<html lang="ja">' not in text:
        problems.append("no lang=ja")
    for raw in RAW:
        if raw in text:
            problems.append("raw markup from data: " + raw)
    p = Page()
    p.feed(text)
    p.close()
    if p.h1 != 1:
        problems.append("%d <h1>" % p.h1)
    if p.stack:
        problems.append("unclosed " + ",".join(p.stack))
    dup = {i for i in p.ids if p.ids.count(i) > 1}
    if dup:
        problems.append("duplicate ids " + ",".join(sorted(dup)))
    problems += p.problems
    return problems, p.links


def crawl(limit):
    seen, queue, pages, kinds, failures = set(), ["/"], 0, set(), []
    while queue and pages < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        status, headers, body = get(path)
        pages += 1
        if status != 200:
            failures.append("%s: HTTP %d" % (path, status))
            continue
        kinds.add(re.sub(r"/plan/[^/?]+", "/plan/ID", path.split("?")[0]).rsplit("/", 1)[0]
                  if "/node/" in path else re.sub(r"/plan/[^/?]+", "/plan/ID", path.split("?")[0]))
        if not headers.get("Content-Type", "").startswith("text/html"):
            continue
        problems, links = check_html(path, body)
        failures += ["%s: %s" % (path, x) for x in problems]
        for href in links:
            href = href.replace("&amp;", "&")
            u = urllib.parse.urlsplit(href)
            if u.scheme or u.netloc or not u.path.startswith("/"):
                continue
            if u.path.startswith("/api/"):
                continue
            queue.append(u.path + ("?" + u.query if u.query else ""))
    return pages, kinds, failures


def test_crawl():
    pages, kinds, failures = crawl(4000)
    if failures:
        bad("crawl: %d pages, every page answers and is well-formed" % pages, *failures)
    else:
        ok("crawl: %d pages from / (%d kinds) answer 200 and are well-formed" % (pages, len(kinds)))
    want = {"/", "/plan/ID", "/plan/ID/node", "/plan/ID/roadmap", "/plan/ID/departments",
            "/plan/ID/department", "/plan/ID/downloads", "/plan/ID/download/eval.csv",
            "/plan/ID/download/eval.json", "/plan/ID/download/plan.json", "/compare"}
    missing = want - kinds
    if missing:
        bad("crawl reaches every page type", "missing: " + ", ".join(sorted(missing)))
    else:
        ok("crawl reaches every page type (" + ", ".join(sorted(want)) + ")")


def test_search_escapes():
    q = urllib.parse.quote('<script>alert("q")</script>')
    status, _, body = get("/search?q=" + q)
    text = body.decode()
    if status == 200 and "<script>alert" not in text and "&lt;script&gt;alert" in text:
        ok("search echoes its query escaped")
    else:
        bad("search echoes its query escaped", "status %d" % status)
    status, _, body = get("/search?q=" + urllib.parse.quote("取組"))
    problems, _ = check_html("/search", body)
    if status == 200 and "markup-city" in body.decode() and not problems:
        ok("search finds the markup plan's names and shows them escaped")
    else:
        bad("search finds the markup plan's names and shows them escaped", status, *problems)


def search(q):
    status, _, body = get("/search?q=" + urllib.parse.quote(q))
    text = body.decode()
    items = re.findall(r"<li>(?:(?!</li>).)*?<a href=\"/plan/.*?</li>", text, re.S)
    return status, text, items


def plain(html_text):
    return re.sub(r"<[^>]+>", "", html_text)


def test_search_words():
    """Issue 16: NFKC- and case-insensitive, several words AND, indicators, departments and
    texts too, grouped and highlighted."""
    forms = {q: search(q)[2] for q in ("ICT", "ＩＣＴ", "ict", "Ict")}
    counts = {q: len(v) for q, v in forms.items()}
    if counts["ICT"] > 0 and len(set(counts.values())) == 1 and len({tuple(v) for v in forms.values()}) == 1:
        ok(f"search: ＩＣＴ, ICT, ict and Ict find the same {counts['ICT']} results")
    else:
        bad("search: full-width and case do not matter", counts)
    status, text, both = search("ict 人材")
    fold = lambda t: unicodedata.normalize("NFKC", plain(t)).lower()
    if 0 < len(both) < counts["ICT"] and all("ict" in fold(li) and "人材" in fold(li) for li in both):
        ok(f"search: two words find only results holding both ({len(both)} of {counts['ICT']})")
    else:
        bad("search: two words are AND", len(both), counts["ICT"])
    if "<mark>" in text and all("<mark>" in li for li in both):
        ok("search: every result highlights the words with <mark>")
    else:
        bad("search: highlighted", both[:2])
    status, text, dept = search("デジタル戦略推進課")
    if dept and "担当部署で見つかったもの" in text and all("デジタル戦略推進課" in plain(li) for li in dept):
        ok(f"search: a department's name finds the {len(dept)} nodes it owns, grouped under 担当部署")
    else:
        bad("search: departments", len(dept))
    status, text, ind = search("電子申請利用件数")
    if any("指標: " in li for li in ind) and "指標で見つかったもの" in text:
        ok("search: an indicator's name finds its node, grouped under 指標")
    else:
        bad("search: indicators", ind[:2])
    problems, _ = check_html("/search", text.encode())
    if not problems:
        ok("search: the grouped results are valid HTML")
    else:
        bad("search: valid HTML", *problems)


def test_filter():
    """Issue 16: /plan/ID/initiatives filters by grade, department and audience."""
    def count(query):
        status, _, body = get("/plan/kagoshima-dx/initiatives?year=2023&" + query)
        text = body.decode()
        m = re.search(r'<p role="status">(\d+)件', text)
        return status, (int(m.group(1)) if m else -1), text
    _, total, text = count("")
    symbols = re.findall(r'<option value="([^"]+)">\1 ', text)
    by_grade = {g: count("grade=" + urllib.parse.quote(g))[1] for g in symbols + ["none"]}
    if total > 0 and symbols and sum(by_grade.values()) == total:
        ok(f"filter: the {len(symbols)} grades and 判定なし partition the {total} initiatives")
    else:
        bad("filter: grades partition the list", total, by_grade)
    _, _, dash = get("/plan/kagoshima-dx?year=2023")
    m = re.search(r'<strong>[^<]*</strong>（(\d+)件 / (\d+)件）', dash.decode())
    if m and (int(m.group(1)), int(m.group(2))) == (by_grade.get("◎"), total):
        ok("filter: ◎ and all agree with the dashboard's headline counts")
    else:
        bad("filter: agrees with the headline", m and m.groups(), by_grade.get("◎"), total)
    dept = "デジタル戦略推進課"
    _, n, text = count("dept=" + urllib.parse.quote(dept))
    rows = re.findall(r"<tr><td>.*?</tr>", text, re.S)
    if 0 < n < total and len(rows) == n and all(dept in r for r in rows):
        ok(f"filter: a department keeps only its {n} initiatives")
    else:
        bad("filter: department", n, len(rows))
    status, _, _ = count("grade=" + urllib.parse.quote("★"))
    problems, _ = check_html("/plan/ID/initiatives", text.encode())
    if status == 400 and not problems:
        ok("filter: an unknown grade is 400; the page is valid HTML")
    else:
        bad("filter: 400 and valid HTML", status, *problems)


def schema_for(doc, template, status):
    resp = doc["paths"][template]["get"]["responses"][str(status)]
    ref = resp["content"]["application/json"]["schema"]
    return {"$ref": ref["$ref"], "components": doc["components"]}


def test_openapi(source_file):
    status, headers, body = get("/api/openapi.json")
    served = body.decode()
    with open(source_file, encoding="utf-8") as f:
        source = f.read()
    if status != 200 or served != source:
        bad("/api/openapi.json is served and equals src/web/openapi.json (run "
            "tools/embed-openapi.sh)", "status %d" % status)
        return
    doc = json.loads(served)
    if doc.get("openapi", "").startswith("3.1"):
        ok("/api/openapi.json is an OpenAPI 3.1 document equal to its source")
    else:
        bad("/api/openapi.json is OpenAPI 3.1")
    jsonschema.Draft202012Validator.check_schema({"components": doc["components"]})
    _, _, plans = get("/api/v1/plans")
    plans = json.loads(plans)["items"]
    calls = [("/api/v1/plans", "/api/v1/plans", 200)]
    for p in plans:
        pid = urllib.parse.quote(p["id"], safe="")
        base = "/api/v1/plans/" + pid
        _, _, nodes = get(base + "/nodes?limit=1000")
        _, _, inds = get(base + "/indicators?limit=1000")
        nodes, inds = json.loads(nodes)["items"], json.loads(inds)["items"]
        calls += [
            (base, "/api/v1/plans/{plan}", 200),
            (base + "/nodes", "/api/v1/plans/{plan}/nodes", 200),
            (base + "/nodes?limit=2&offset=1", "/api/v1/plans/{plan}/nodes", 200),
            (base + "/indicators", "/api/v1/plans/{plan}/indicators", 200),
            (base + "/values?limit=5", "/api/v1/plans/{plan}/values", 200),
            (base + "/evaluation", "/api/v1/plans/{plan}/evaluation", 200),
            (base + "/evaluation?year=" + str(p["first_year"]), "/api/v1/plans/{plan}/evaluation", 200),
            (base + "/evaluation?year=1900", "/api/v1/plans/{plan}/evaluation", 400),
            (base + "/nodes?limit=0", "/api/v1/plans/{plan}/nodes", 400),
            (base + "/nodes/no-such-node", "/api/v1/plans/{plan}/nodes/{node}", 404),
        ]
        for n in nodes[:3]:
            calls.append((base + "/nodes/" + urllib.parse.quote(n["id"], safe=""),
                          "/api/v1/plans/{plan}/nodes/{node}", 200))
        for i in inds[:2]:
            q = urllib.parse.quote(i["id"], safe="")
            calls.append((base + "/indicators/" + q, "/api/v1/plans/{plan}/indicators/{indicator}", 200))
            calls.append((base + "/values?indicator=" + q, "/api/v1/plans/{plan}/values", 200))
    calls.append(("/api/v1/plans/no-such-plan", "/api/v1/plans/{plan}", 404))
    calls += [("/api/v1/compare?kpi=OPEN-DATA&year=2023", "/api/v1/compare", 200),
              ("/api/v1/compare?kpi=NO-SUCH-KPI", "/api/v1/compare", 404),
              ("/api/v1/compare", "/api/v1/compare", 400)]
    errors, used = [], set()
    for path, template, want in calls:
        status, headers, body = get(path)
        used.add(template)
        if status != want:
            errors.append("%s: HTTP %d, expected %d" % (path, status, want))
            continue
        if not headers.get("Content-Type", "").startswith("application/json"):
            errors.append("%s: Content-Type %s" % (path, headers.get("Content-Type")))
        try:
            jsonschema.validate(json.loads(body), schema_for(doc, template, status),
                                cls=jsonschema.Draft202012Validator)
        except jsonschema.ValidationError as e:
            errors.append("%s: %s at %s" % (path, e.message, list(e.absolute_path)))
    unused = set(doc["paths"]) - used
    if errors or unused:
        bad("API responses validate against the OpenAPI schemas", *(errors + ["not exercised: %s" % unused]))
    else:
        ok("%d real API responses (200, 400, 404) validate against the OpenAPI schemas" % len(calls))


def test_paging():
    _, _, plans = get("/api/v1/plans")
    pid = max(json.loads(plans)["items"], key=lambda p: p["id"] == "kashima-action")["id"]
    base = "/api/v1/plans/" + pid + "/nodes"
    _, _, whole = get(base + "?limit=1000")
    whole = json.loads(whole)
    got, path = [], base + "?limit=7"
    while path:
        _, _, page = get(path)
        page = json.loads(page)
        got += page["items"]
        path = page["next"]
    if [n["id"] for n in got] == [n["id"] for n in whole["items"]] and len(got) == whole["total"]:
        ok("paging through nodes with next links gives every node once, in order (%d)" % len(got))
    else:
        bad("paging through nodes", "%d paged vs %d whole" % (len(got), whole["total"]))


def test_bad_utf8():
    """Bytes that are not UTF-8 once percent-decoded (in a segment, in a query value, or a
    valid character cut short) get 400 with a valid JSON or HTML body, and the server stays up
    (before, api_error handed jansson invalid UTF-8 and the server died of SIGSEGV)."""
    _, _, plans = get("/api/v1/plans")
    pid = json.loads(plans)["items"][0]["id"]
    cases = ["/api/v1/plans/%FF", "/api/v1/plans/" + pid + "/evaluation?year=%E3%81",
             "/api/v1/plans/" + pid + "/nodes/%C3", "/api/v1/plans/" + pid + "/values?indicator=%FF",
             "/api/v1/plans/%E3%81%82%E3%81", "/plan/%FF", "/search?q=%E3%81", "/plan/" + pid + "?year=%C0%AF"]
    wrong = []
    for path in cases:
        status, headers, body = get(path)
        body.decode("utf-8")  # raises if the answer itself is not UTF-8
        if status != 400:
            wrong.append("%s: %d" % (path, status))
        elif path.startswith("/api/") and "error" not in json.loads(body):
            wrong.append(path + ": no JSON error")
    # A message quoting a long id is cut on a character boundary, never inside one.
    status, _, body = get("/api/v1/plans/" + "%E3%81%82" * 170)
    if status not in (404, 414):
        wrong.append("long id: %d" % status)
    elif status == 404 and not json.loads(body.decode("utf-8"))["error"].endswith("\u3042"):
        wrong.append("long id: message not cut at a character")
    status, _, _ = get("/api/v1/plans")
    if status != 200:
        wrong.append("server no longer answers: %d" % status)
    if wrong:
        bad("bytes that are not UTF-8 get 400 and the server stays up", *wrong)
    else:
        ok("bytes that are not UTF-8 get 400 and the server stays up (%d requests)" % (len(cases) + 2))


test_bad_utf8()
test_crawl()
test_search_escapes()
test_search_words()
test_filter()
test_openapi(sys.argv[2])
test_paging()
print("check: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
