#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""tenancy.py — the tenancy matrix over HTTP (docs/store.md, "Tenancy"), run by
test/web/staff.sh on SQLite and, through test/pg/run.sh, on PostgreSQL. The store holds
kagoshima-dx of 鹿児島市 (city A, 462012) and dx-measures of 鹿嶋市 (city B, 082228); city A
has an admin, an editor (of a department of each plan, so that only the municipality tells
them apart) and a reviewer, and the installation an admin. Every role of city A against every
staff route for city B's plan (and city B's accounts) is refused with 403, and nothing of city
B is written; the same requests for city A's plan are not refused for tenancy (so the test is
honest: it fails if the pages refused everything). The installation admin reaches both.

Usage: tenancy.py URL DB BIN PASSWORD — prints "ok ..."/"FAIL ..." and "tenancy: N passed, M failed".
"""
import subprocess
import sys
import urllib.parse

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from webclient import Client, forms_of, path  # noqa: E402

URL, DB, BIN, PASSWORD = sys.argv[1:5]
u = urllib.parse.urlparse(URL)
HOST, PORT = u.hostname, u.port
passed = failed = 0


def check(what, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok {what}")
    else:
        failed += 1
        print(f"FAIL {what}\n     {str(detail)[:400]}")


def sql(statement):
    p = subprocess.run([BIN, "--db", DB, "sql", statement], capture_output=True, text=True, timeout=60)
    return p.stdout.strip()


def signed_in(login):
    c = Client(HOST, PORT)
    c.sign_in(login, PASSWORD)
    start = c.get("/staff/")
    c.csrf = next(v for f in forms_of(start.body) for k, v in f["fields"] if k == "csrf")
    c.start = start.body
    return c


A = {"plan": "kagoshima-dx", "dept": "デジタル戦略推進課", "subject": "I4", "editor": "a_editor2"}
B = {"plan": "dx-measures", "dept": "総務課", "subject": "M4", "editor": "b_editor"}
ROLES = ["a_admin", "a_editor", "a_reviewer"]


def routes(t):
    """(name, method, path, fields, roles the role check lets through) for plan t."""
    p, d, y = t["plan"], t["dept"], "2024"
    return [
        ("entry form", "GET", path(f"/staff/entry/{p}", year=y, dept=d), None, {"a_admin", "a_editor"}),
        ("entry save", "POST", f"/staff/entry/{p}", [("year", y), ("dept", d), ("rows", "0"), ("action", "save")],
         {"a_admin", "a_editor"}),
        ("entry submit", "POST", f"/staff/entry/{p}", [("year", y), ("dept", d), ("rows", "0"), ("action", "submit")],
         {"a_admin", "a_editor"}),
        ("review", "GET", path(f"/staff/review/{p}", year=y), None, {"a_admin", "a_reviewer"}),
        ("review of a department", "GET", path(f"/staff/review/{p}/dept", name=d, year=y), None,
         {"a_admin", "a_reviewer"}),
        ("approve", "POST", f"/staff/review/{p}/dept", [("name", d), ("dept", d), ("year", y), ("seen", ""),
                                                        ("action", "approve")], {"a_admin"}),
        ("return", "POST", f"/staff/review/{p}/dept", [("name", d), ("dept", d), ("year", y), ("reason", "再確認"),
                                                       ("action", "return")], {"a_admin"}),
        ("missing", "GET", path(f"/staff/missing/{p}", year=y), None, {"a_admin", "a_reviewer"}),
        ("comment", "POST", f"/staff/comment/{p}", [("subject", t["subject"]), ("year", y), ("text", "確認します")],
         {"a_admin", "a_reviewer"}),
        ("policy page", "GET", f"/staff/policy/{p}", None, {"a_admin", "a_reviewer"}),
        ("policy save", "POST", f"/staff/policy/{p}", [("policy", "{}"), ("reason", "試験")], {"a_admin"}),
        ("history of a subject", "GET", f"/staff/history/{p}/{t['subject']}", None,
         {"a_admin", "a_reviewer", "a_editor"}),
        ("period close", "POST", "/staff/periods", [("plan", p), ("year", y), ("action", "close")], {"a_admin"}),
        ("period open", "POST", "/staff/periods", [("plan", p), ("year", y), ("action", "open")], {"a_admin"}),
        ("publish", "POST", "/staff/publish", [("plan", p), ("year", y), ("action", "publish")], {"a_admin"}),
        ("unpublish", "POST", "/staff/publish", [("plan", p), ("year", y), ("action", "unpublish")], {"a_admin"}),
        ("account passwd", "POST", "/staff/users", [("action", "passwd"), ("login", t["editor"]),
                                                    ("password", "atarashii-pasuwado-99")], {"a_admin"}),
        ("account disable", "POST", "/staff/users", [("action", "disable"), ("login", t["editor"])], {"a_admin"}),
        ("account enable", "POST", "/staff/users", [("action", "enable"), ("login", t["editor"])], {"a_admin"}),
        ("account history", "GET", f"/staff/history/user/{t['editor']}", None, {"a_admin", "a_reviewer"}),
    ]


def send(c, method, p, fields):
    if method == "GET":
        return c.get(p)
    return c.post(p, [("csrf", c.csrf)] + fields)


def b_state():
    """Everything of city B the requests could change."""
    return sql("SELECT count(*) FROM audit WHERE plan = 'dx-measures' OR subject = 'b_editor';"
               " SELECT count(*) FROM comments WHERE plan = 'dx-measures';"
               " SELECT plan || year || open FROM periods WHERE plan = 'dx-measures';"
               " SELECT md5 FROM (SELECT policy AS md5 FROM plans WHERE id = 'dx-measures') x;"
               " SELECT password || disabled FROM users WHERE login = 'b_editor';"
               " SELECT count(*) FROM entries WHERE plan = 'dx-measures'")


clients = {login: signed_in(login) for login in ROLES + ["inst"]}

for login in ROLES:
    c = clients[login]
    check(f"{login}: the start page lists city A's plan, not city B's",
          "/staff/review/kagoshima-dx" in c.start or "/staff/entry/kagoshima-dx" in c.start
          or login == "a_editor" and "kagoshima-dx" in c.start, c.start[-600:])
    check(f"{login}: the start page does not name city B's plan", "dx-measures" not in c.start)
    if login != "a_editor":
        page = c.get("/staff/publish")
        check(f"{login}: the publication page shows city A's plan, not city B's drafts",
              page.status == 200 and "kagoshima-dx" in page.body and "dx-measures" not in page.body, page)

before = b_state()
for login in ROLES:
    c = clients[login]
    for name, method, p, fields, allowed in routes(B):
        r = send(c, method, p, fields or [])
        check(f"city A {login} → city B {name} ({method} {p.split('?')[0]}): 403", r.status == 403, r)
check("nothing of city B changed (audit, comments, periods, policy, accounts, entries)", b_state() == before,
      f"{before!r} → {b_state()!r}")

# honest: the same requests for city A's plan and account are not refused (where the role allows)
for login in ROLES:
    c = clients[login]
    for name, method, p, fields, allowed in routes(A):
        r = send(c, method, p, fields or [])
        if login in allowed:
            check(f"city A {login} → city A {name}: not refused ({r.status})", r.status != 403, r)
        else:
            check(f"city A {login} → city A {name}: refused by role (403)", r.status == 403, r)

# the installation admin reaches both municipalities
inst = clients["inst"]
for t in (A, B):
    r = inst.get(path(f"/staff/review/{t['plan']}", year="2024"))
    check(f"the installation admin reads the review of {t['plan']}", r.status == 200, r)
check("the installation admin's start page lists both plans", "kagoshima-dx" in inst.start and "dx-measures" in inst.start)
r = inst.get("/staff/users")
check("the installation admin's account list shows both municipalities' accounts",
      r.status == 200 and "a_editor" in r.body and "b_editor" in r.body, r)
r = clients["a_admin"].get("/staff/users")
check("city A's admin's account list shows city A's accounts only",
      r.status == 200 and "a_editor" in r.body and "b_editor" not in r.body, r)

# accounts added in the browser: the installation admin names the municipality, a city's admin
# adds to its own
add = lambda c, login, m=None: c.post("/staff/users", [("csrf", c.csrf), ("action", "add"), ("login", login),
                                                        ("role", "editor"), ("department", "総務課"),
                                                        ("password", "atarashii-pasuwado-77")]
                                      + ([("municipality", m)] if m is not None else []))
r = add(inst, "b_new", "")
check("the installation admin adding an editor without a municipality: 422, nothing stored",
      r.status == 422 and sql("SELECT count(*) FROM users WHERE login = 'b_new'") == "0", r)
r = add(inst, "b_new", "082228")
check("the installation admin adds an editor of city B", r.status == 303 and
      sql("SELECT municipality FROM users WHERE login = 'b_new'") == "082228", r)
r = add(clients["a_admin"], "a_new", "082228")
check("city A's admin adds an editor: of city A, whatever the form says", r.status == 303 and
      sql("SELECT municipality FROM users WHERE login = 'a_new'") == "462012", r)

print(f"tenancy: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
