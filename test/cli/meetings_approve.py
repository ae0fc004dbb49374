#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""meetings_approve.py — change one figure through the staff pages and approve it, for
test/cli/meetings.sh: the editor raises the first actual of the department's entry form by
one and submits it, the secretariat approves. Prints the subject and the new value.

Usage: meetings_approve.py URL PLAN YEAR DEPT EDITOR ADMIN PASSWORD
"""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
import webclient  # noqa: E402

url, plan, year, dept, editor, admin, password = sys.argv[1:8]
u = urllib.parse.urlsplit(url)
ed = webclient.Client(u.hostname, u.port)
ed.sign_in(editor, password)
form = webclient.EntryForm(ed, plan, year, dept)
rows = [i for i in range(int(form.d["rows"])) if form.d.get(f"kind.{i}") == "actual"]
if not rows:
    sys.exit("no actual on the entry form")
subject, old = form.d[f"subject.{rows[0]}"], form.d.get(f"num.{rows[0]}")
value = int(float(old.replace(",", ""))) + 1 if old else 4321
r = form.post(ed, {(subject, "actual"): value}, action="submit")
if r.status != 303:
    sys.exit(f"submit: {r!r}")
ad = webclient.Client(u.hostname, u.port)
ad.sign_in(admin, password)
r = webclient.approve(ad, plan, year, dept)
if r.status != 303:
    sys.exit(f"approve: {r!r}")
print(subject, value)
