#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""faults_web.py — the staff pages while another process holds the store's write lock
(test/cli/faults.sh). Signed in as the secretariat, an entry is saved while the lock is held
longer than the store waits: the answer is an error page (not a 303 "saved", not a dropped
connection), the public pages keep answering meanwhile, the entry is unchanged afterwards,
and the same save succeeds once the lock is gone.

Usage: faults_web.py BIN DB PASSWORD. Prints ok/FAIL lines, "faultsweb: N passed, M failed" last.
"""
import os
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
import webclient  # noqa: E402

BIN, DB, PASSWORD = sys.argv[1:4]
PLAN, YEAR, DEPT, SUBJ = "dx-measures", 2024, "総務課", "M4-1"
tally = webclient.Tally("faultsweb")
check = tally.check




def main():
    p, port = webclient.start_server(BIN, DB, stderr=subprocess.PIPE)
    try:
        c = webclient.Client("127.0.0.1", port, timeout=60)
        c.sign_in("jimu", PASSWORD)
        form = webclient.EntryForm(c, PLAN, YEAR, DEPT)
        before = form.value(SUBJ, "actual")
        holder = sqlite3.connect(DB, isolation_level=None, timeout=1)
        holder.execute("BEGIN IMMEDIATE")
        held = time.time()
        answer = {}
        t = threading.Thread(target=lambda: answer.update(r=form.post(c, {(SUBJ, "actual"): 4321})))
        t.start()
        time.sleep(0.5)
        home = webclient.Client("127.0.0.1", port, timeout=10).get("/")
        check("the public pages answer while a write waits for the lock", home.status == 200, home)
        t.join(60)
        waited = time.time() - held
        holder.execute("ROLLBACK")
        holder.close()
        r = answer.get("r")
        check(f"a save under a held lock gets an error page after {waited:.1f} s, not 'saved'",
              r is not None and r.status >= 500 and "<html" in r.body.lower(), r)
        after = webclient.EntryForm(c, PLAN, YEAR, DEPT)
        check("the entry is unchanged after the refused save", after.value(SUBJ, "actual") == before,
              (before, after.value(SUBJ, "actual")))
        r = after.post(c, {(SUBJ, "actual"): 4321})
        shown = webclient.EntryForm(c, PLAN, YEAR, DEPT).value(SUBJ, "actual")
        check("once the lock is gone the same save succeeds",
              r.status == 303 and (shown or "").replace(",", "") == "4321", r, shown)
    finally:
        p.terminate()
        _, err = p.communicate(timeout=20)
    check("the server logged the store's reason", "locked" in err, err[-400:])
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
