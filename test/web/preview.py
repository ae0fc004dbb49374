#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""preview.py — publication as the public and the staff see it, over HTTP (issue 16), run by
test/web/staff.sh on SQLite and, through test/pg/run.sh, on PostgreSQL. The store holds
kagoshima-dx of 鹿児島市 (city A, 462012) with its 2023 results withdrawn to a draft
(`shinchoku unpublish`), and dx-measures of 鹿嶋市 (city B, 082228).

- The public (pages and API) sees only 2022: the API says published_years [2022] and when,
  the evaluation of 2023 says published false, no 2023 actual is among the values, and the
  home headline is 2022's.
- City A's staff see the whole public site with the draft at /staff/preview/...: the 2023
  headline (45.1%, as 資料1 printed it), a banner on every page, noindex, no-store, links that
  stay in the preview, only city A's plans; the public pages stay as they were (the page
  cache never keeps a preview).
- City B's staff preview only city B's plan: city A's draft is refused (403) and never shown.
- Once city A's admin publishes 2023, the API and the public pages show it.

Usage: preview.py URL BIN DB PASSWORD — prints "ok ..."/"FAIL ..." and "preview: N passed, M failed".
"""
import json
import re
import sys
import urllib.parse

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from webclient import Client, Tally, forms_of, path  # noqa: E402

URL, BIN, DB, PASSWORD = sys.argv[1:5]
u = urllib.parse.urlparse(URL)
HOST, PORT = u.hostname, u.port
t = Tally("preview")
check = t.check
PLAN, DRAFT = "kagoshima-dx", 2023
DRAFT_HEADLINE = "令和5年度（2023年度）、具体策（◎）の割合: <strong>45.1%</strong>"
BANNER = "下書きを含むプレビュー（未公開）"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
public = Client(HOST, PORT)


def signed_in(login):
    c = Client(HOST, PORT)
    c.sign_in(login, PASSWORD)
    start = c.get("/staff/")
    c.csrf = next(v for f in forms_of(start.body) for k, v in f["fields"] if k == "csrf")
    return c


def api(c, p):
    r = c.get(p)
    return r.status, json.loads(r.body) if r.body else None


def actual_years(c):
    """The years of every actual the API lists for the plan (all pages)."""
    years, p = set(), f"/api/v1/plans/{PLAN}/values?limit=1000"
    while p:
        _, doc = api(c, p)
        years |= {v["year"] for v in doc["items"] if v["kind"] == "actual"}
        p = doc["next"]
    return years


def internal_links(body):
    """Every href and form action on the page that points into this site."""
    return re.findall(r'(?:href|action)="(/[^"]*)"', body)


def plan_in_list(c):
    _, doc = api(c, "/api/v1/plans")
    return next(p for p in doc["items"] if p["id"] == PLAN)


# ---- the public: published years only -------------------------------------------------------
listed = plan_in_list(public)
_, one = api(public, f"/api/v1/plans/{PLAN}")
check("API: /api/v1/plans says kagoshima-dx's published years are [2022] (2023 withdrawn)",
      listed["published_years"] == [2022], listed)
check("API: /api/v1/plans/ID says the same, with when it was last published (ISO 8601 UTC)",
      one["published_years"] == [2022] and ISO.match(one["published_at"] or ""), one)
_, ev = api(public, path(f"/api/v1/plans/{PLAN}/evaluation", year=str(DRAFT)))
_, ev22 = api(public, path(f"/api/v1/plans/{PLAN}/evaluation", year="2022"))
check("API: the evaluation of 2023 says published false, of 2022 published true",
      ev["published"] is False and ev22["published"] is True, ev.get("published"), ev22.get("published"))
years = actual_years(public)
check("API: no 2023 actual among the values (2022's are)", DRAFT not in years and 2022 in years, years)
check("API: the draft's headline share is not in the evaluation of 2023",
      all(lv["top"] == 0 for lv in ev["levels"]), ev["levels"])
home = public.get("/")
check("public: the home page shows 2022's headline, not the draft's", DRAFT_HEADLINE not in home.body
      and "令和4年度（2022年度）、具体策" in home.body, home)
r = public.get("/staff/preview/")
check("public: /staff/preview/ asks to sign in (303 to the sign-in page)",
      r.status == 303 and (r.header("Location") or "").startswith("/staff/login"), r)
r = public.get(f"/staff/preview/plan/{PLAN}?year={DRAFT}")
check("public: a preview page without signing in shows nothing of the draft",
      r.status == 303 and "45.1%" not in r.body, r)

# ---- city A's staff: the whole site with the draft ----------------------------------------
a_admin, a_editor, b_reviewer = signed_in("a_admin"), signed_in("a_editor"), signed_in("b_reviewer")
PAGES = ["/", f"/plan/{PLAN}", f"/plan/{PLAN}?year={DRAFT}", f"/plan/{PLAN}/node/I1?year={DRAFT}",
         f"/plan/{PLAN}/node/BP1", f"/plan/{PLAN}/roadmap?year=2024", f"/plan/{PLAN}/departments",
         path(f"/plan/{PLAN}/department", name="デジタル戦略推進課"), f"/plan/{PLAN}/initiatives?grade=none",
         f"/plan/{PLAN}/downloads", path("/search", q="ICT"), "/accessibility"]
for who, c in (("admin", a_admin), ("editor", a_editor)):
    for p in PAGES:
        r = c.get("/staff/preview" + p)
        leaks = [h for h in internal_links(r.body) if re.match(r"/(plan/|search|accessibility|\?|$)", h)]
        check(f"city A {who}: preview of {p}: 200, banner, noindex, no-store, links stay in the preview",
              r.status == 200 and BANNER in r.body and '<meta name="robots" content="noindex' in r.body
              and "no-store" in (r.header("Cache-Control") or "") and not r.header("ETag") and not leaks
              and "【プレビュー】" in r.body, r.status, leaks[:3], r.header("Cache-Control"))
home = a_admin.get("/staff/preview/")
check("city A admin: the preview's home shows the draft's headline (2023, 45.1% as 資料1 printed it)",
      DRAFT_HEADLINE in home.body, home)
check("city A admin: the preview lists city A's plan only", f'/staff/preview/plan/{PLAN}"' in home.body
      and "dx-measures" not in home.body, home)
dash = a_admin.get(f"/staff/preview/plan/{PLAN}")
check("city A admin: the preview's dashboard defaults to the draft year and says which years are public",
      DRAFT_HEADLINE in dash.body and "この計画で公開中の年度: 令和4年度（2022年度）。" in dash.body, dash)
node_public = public.get(f"/plan/{PLAN}/node/I1?year={DRAFT}")
node_draft = a_admin.get(f"/staff/preview/plan/{PLAN}/node/I1?year={DRAFT}")
grades = lambda body: len(re.findall(r'<span class="grade g\d', body))
check("city A admin: the preview's initiative page grades 2023, the public one does not",
      grades(node_draft.body) > grades(node_public.body), grades(node_draft.body), grades(node_public.body))
r = a_admin.get(f"/staff/preview/plan/{PLAN}/download/eval.csv")
check("city A admin: the preview offers no download (404, said in Japanese)",
      r.status == 404 and "ダウンロード" in r.body, r)
r = a_admin.get("/staff/preview/plan/dx-measures")
check("city A admin: city B's plan in the preview is refused (403)", r.status == 403 and BANNER in r.body, r)
r = a_admin.get("/staff/preview/nope")
check("city A admin: an unknown preview page is 404", r.status == 404, r)
r = a_admin.get(f"/api/v1/plans/{PLAN}")
check("city A admin: the API answers a signed-in browser as the public (published years only)",
      json.loads(r.body)["published_years"] == [2022] and DRAFT not in actual_years(a_admin), r)

# the public pages stay as they were: a preview is never what the public cache serves
for p in ("/", f"/plan/{PLAN}", f"/plan/{PLAN}?year={DRAFT}"):
    r = public.get(p)
    check(f"public after the previews: {p} has no draft and no banner",
          r.status == 200 and DRAFT_HEADLINE not in r.body and BANNER not in r.body and "noindex" not in r.body, r)

# ---- city B's staff: their own plan only ----------------------------------------------------
home = b_reviewer.get("/staff/preview/")
check("city B reviewer: the preview lists city B's plan, not city A's",
      home.status == 200 and "/staff/preview/plan/dx-measures" in home.body and PLAN not in home.body, home)
for p in (f"/plan/{PLAN}", f"/plan/{PLAN}/node/I1?year={DRAFT}", f"/plan/{PLAN}/report/summary.html"):
    r = b_reviewer.get("/staff/preview" + p)
    check(f"city B reviewer: preview of city A's {p}: 403, nothing of the draft",
          r.status == 403 and "45.1%" not in r.body, r)
r = b_reviewer.get(path("/staff/preview/search", q="共通納税"))
check("city B reviewer: the preview's search finds nothing of city A", r.status == 200 and PLAN not in r.body, r)

# ---- publishing 2023: public at once ---------------------------------------------------------
before = one["published_at"]
r = a_admin.post("/staff/publish", [("csrf", a_admin.csrf), ("plan", PLAN), ("year", str(DRAFT)),
                                    ("action", "publish")])
check("city A admin publishes 2023 (303)", r.status == 303, r)
_, one = api(public, f"/api/v1/plans/{PLAN}")
check("API after publishing: published_years [2022, 2023], published_at later",
      one["published_years"] == [2022, 2023] and ISO.match(one["published_at"] or "")
      and one["published_at"] >= before, one.get("published_years"), one.get("published_at"), before)
_, ev = api(public, path(f"/api/v1/plans/{PLAN}/evaluation", year=str(DRAFT)))
check("API after publishing: the evaluation of 2023 says published true, with 2023's actuals",
      ev["published"] is True and DRAFT in actual_years(public), ev.get("published"))
home = public.get("/")
check("public after publishing: the home headline is the one the preview showed", DRAFT_HEADLINE in home.body, home)
dash = a_admin.get(f"/staff/preview/plan/{PLAN}")
check("the preview after publishing says both years are public",
      "この計画で公開中の年度: 令和4年度（2022年度）、令和5年度（2023年度）。" in dash.body, dash)

sys.exit(t.summary())
