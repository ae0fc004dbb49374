#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""multi.py — two `serve` processes on one store (test/web/multi.sh): an editor enters a
figure and submits it through server A, the secretariat approves it through A, and server B's
public download of the evaluation must show the change within WITHIN seconds (B polls the
plans' revisions). Before the approval both servers serve the same evaluation. The API's
evaluation and the indicator's node page are asked for first, so that each server holds them in its cache
of rendered pages: after the approval neither may serve the cached answer. And the sign-in
form works across servers (the pre-token secret is the installation's, in the store): the
form opened on server A is posted to server B, and the session it makes is good on both.

Usage: multi.py URL_A URL_B PASSWORD WITHIN. Prints ok/FAIL lines and
"multipy: N passed, M failed" last.
"""
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
import webclient  # noqa: E402

URL_A, URL_B, PASSWORD, WITHIN = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
PLAN, YEAR, DEPT = "dx-measures", 2024, "総務課"
EVAL = f"/plan/{PLAN}/download/eval.csv"
API = f"/api/v1/plans/{PLAN}/evaluation?year={YEAR}"
DASH = f"/plan/{PLAN}/department?" + urllib.parse.urlencode({"name": DEPT, "year": YEAR})
passed = failed = 0


def check(name, cond, *details):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}")
        for d in details:
            print(f"     {d}")


def client(url):
    u = urllib.parse.urlsplit(url)
    return webclient.Client(u.hostname, u.port)


def sign_in_across(login, password):
    """The sign-in form opened on A, posted to B (as a proxy without ip_hash may send it)."""
    on_a, on_b = client(URL_A), client(URL_B)
    page = on_a.get("/staff/login")
    form = next(f for f in webclient.forms_of(page.body) if f["action"] == "/staff/login")
    fields = dict(form["fields"])
    fields.update(login=login, password=password)
    on_b.cookies = dict(on_a.cookies)  # the pre cookie server A set
    r = on_b.post("/staff/login", list(fields.items()))
    check("the sign-in form opened on server A is accepted by server B (303)", r.status == 303, r)
    on_a.cookies = dict(on_b.cookies)  # the session cookie server B set
    check("the session made on server B is signed in on both servers",
          on_b.get("/staff/").status == 200 and on_a.get("/staff/").status == 200)
    forged = client(URL_B)
    forged.cookies = {"pre": "0" * 64}
    fields["csrf"] = "0" * 64
    r = forged.post("/staff/login", list(fields.items()))
    check("a pre-token no server issued is still refused (403)", r.status == 403, r)


def main():
    sign_in_across("jimu", PASSWORD)
    a, b = client(URL_A), client(URL_B)
    before_a, before_b = a.get(EVAL), b.get(EVAL)
    check("both servers serve the same evaluation before the approval",
          before_a.status == 200 and before_a.body == before_b.body, before_a, before_b)
    editor, admin = client(URL_A), client(URL_A)
    editor.sign_in("somu", PASSWORD)
    admin.sign_in("jimu", PASSWORD)
    form = webclient.EntryForm(editor, PLAN, YEAR, DEPT)
    actual = [form.d[f"subject.{i}"] for i in range(int(form.d["rows"]))
              if form.d.get(f"kind.{i}") == "actual"]
    node = json.loads(a.get(f"/api/v1/plans/{PLAN}/indicators/{actual[0]}").body)["node"]
    pages = (f"/api/v1/plans/{PLAN}/evaluation?year={YEAR}",
             f"/plan/{PLAN}/node/{node}?year={YEAR}")
    cached = {(u, p): [client(u).get(p).body for _ in range(2)] for u in (URL_A, URL_B)
              for p in pages}
    check("the API's evaluation and the indicator's page answer the same twice on both servers",
          all(v[0] == v[1] == cached[(URL_A, p)][0] for (u, p), v in cached.items()))
    old = form.value(actual[0], "actual")
    new = str(int(float(old or "0")) + 777)
    r = form.post(editor, {(actual[0], "actual"): new}, action="submit")
    check("the editor submits a figure through server A", r.status == 303, r)
    r = webclient.approve(admin, PLAN, YEAR, DEPT)
    check("the secretariat approves it through server A", r.status == 303, r)
    after_a = a.get(EVAL)
    check("server A serves the approved figure at once", after_a.body != before_a.body, after_a)
    t0 = time.monotonic()
    seen = None
    while time.monotonic() - t0 < WITHIN:
        now_b = b.get(EVAL)
        if now_b.body == after_a.body:
            seen = time.monotonic() - t0
            break
        time.sleep(0.1)
    check(f"server B serves the approval within {WITHIN:g} s"
          + (f" (after {seen:.1f} s)" if seen is not None else ""), seen is not None,
          "B still serves what it loaded at start")
    for p in pages:
        now_a, now_b = a.get(p).body, b.get(p).body
        check(f"{p}: neither server answers from its cache of before the approval",
              now_a != cached[(URL_A, p)][0] and now_b == now_a,
              f"A changed: {now_a != cached[(URL_A, p)][0]}, B same as A: {now_b == now_a}")
    print(f"multipy: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
