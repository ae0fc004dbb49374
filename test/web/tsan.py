#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""tsan.py — load for the server built under ThreadSanitizer (test/web/tsan.sh).

Everything that touches shared state at once, for a bounded time and count: readers (public
pages, API, downloads, new and keep-alive connections), an editor saving and submitting
figures, the admin approving them (each approval reloads the site from another thread),
clients failing sign-ins (the slow lane, the throttle table), while tsan.sh sends SIGHUP
(a reload from the main thread) every few hundred milliseconds. The helpers of staff.py
(sign-in, forms) are reused. Counts what each kind did; the shell script then looks for
ThreadSanitizer reports in the server's stderr.

Usage: tsan.py URL DB BIN PASSWORD SECONDS
Prints "ok   NAME" / "FAIL NAME" and last "tsanpy: N passed, M failed".
"""
import http.client
import sys
import threading
import time
import traceback

URL, DB, BIN, PASSWORD, SECONDS = sys.argv[1:6]
sys.argv = ["staff.py", "tsan", URL, DB, BIN, PASSWORD]
sys.path.insert(0, __file__.rsplit("/", 1)[0])
import staff  # noqa: E402 — reads sys.argv at import

DIGI, PLAN, YEAR = staff.DIGI, staff.PLAN, staff.YEAR
STOP = None  # set once the accounts are signed in
MAX_OPS = 400  # per thread: bounded in count as well as time
counts = {"read": 0, "save": 0, "submit": 0, "approve": 0, "signin-fail": 0, "error": 0}
errors = []
lock = threading.Lock()


def count(kind, n=1):
    with lock:
        counts[kind] += n


def fail(what):
    with lock:
        counts["error"] += 1
        if len(errors) < 5:
            errors.append(what)


def reader(k):
    paths = ["/", f"/plan/{PLAN}", f"/plan/{PLAN}/node/I5", f"/api/v1/plans/{PLAN}/evaluation?year={YEAR}",
             f"/api/v1/plans/{PLAN}/values?indicator=I5-1", f"/plan/{PLAN}/download/eval.csv",
             f"/plan/{PLAN}/roadmap", "/search?q=DX"]
    conn = http.client.HTTPConnection(staff.HOST, staff.PORT, timeout=60)
    for i in range(MAX_OPS):
        if time.time() > STOP:
            break
        path = paths[(i + k) % len(paths)]
        try:
            if i % 2:  # keep-alive: a connection the server closed meanwhile (idle) is
                # opened again, once, as a browser does
                try:
                    conn.request("GET", path)
                    r = conn.getresponse()
                except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                    conn.close()
                    conn = http.client.HTTPConnection(staff.HOST, staff.PORT, timeout=60)
                    conn.request("GET", path)
                    r = conn.getresponse()
                r.read()
                status = r.status
            else:
                status = staff.ANON.get(path).status
            if status != 200:
                fail(f"GET {path}: {status}")
            count("read")
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            conn = http.client.HTTPConnection(staff.HOST, staff.PORT, timeout=60)
            fail(f"GET {path}: {e}")
    conn.close()


def editor(ed):
    for i in range(MAX_OPS):
        if time.time() > STOP:
            break
        try:
            f = staff.entry_form(ed, DIGI)
            rows = f.numeric_rows()
            idx = rows[i % len(rows)][0]
            r = ed.post(f"/staff/entry/{PLAN}", f.body(ed.csrf, "save", {idx: {"num": str(1000 + i)}}))
            if r.status in (303, 409):
                count("save")
            else:
                fail(f"save: {r.status}")
            if i % 3 == 2:
                f = staff.entry_form(ed, DIGI)
                r = ed.post(f"/staff/entry/{PLAN}", f.body(ed.csrf, "submit"))
                count("submit") if r.status in (303, 409) else fail(f"submit: {r.status}")
        except Exception:  # noqa: BLE001
            fail("editor: " + traceback.format_exc(limit=2))


def approver(ad):
    path = staff.q(f"/staff/review/{PLAN}/dept", name=DIGI, year=str(YEAR))
    for _ in range(MAX_OPS):
        if time.time() > STOP:
            break
        try:
            page = ad.get(path)
            form = next((f for f in staff.forms_of(page.body)
                         if any(v == "approve" for _, v in f["buttons"])), None)
            if form is None:  # nothing submitted yet
                time.sleep(0.2)
                continue
            r = ad.post(f"/staff/review/{PLAN}", form["fields"] + [("action", "approve")])
            if r.status in (303, 409):
                count("approve")
            else:
                fail(f"approve: {r.status} {r.body[:200]}")
        except Exception:  # noqa: BLE001
            fail("approver: " + traceback.format_exc(limit=2))


def failing_signins(k):
    for i in range(MAX_OPS):
        if time.time() > STOP:
            break
        try:
            r = staff.signin(staff.Client("t"), f"tsan-guess-{k}-{i % 7}", "wrong-password-x")
            if r.status in (401, 429):
                count("signin-fail")
            else:
                fail(f"failing sign-in: {r.status}")
        except Exception:  # noqa: BLE001
            fail("sign-in: " + traceback.format_exc(limit=2))


t0 = time.time()
ed, ad = staff.signed_in("tsan-editor", "digi"), staff.signed_in("tsan-admin", "jimu")
print(f"     (two sign-ins under ThreadSanitizer: {time.time() - t0:.1f} s)", flush=True)
STOP = time.time() + float(SECONDS)
threads = ([threading.Thread(target=reader, args=(k,)) for k in range(4)]
           + [threading.Thread(target=editor, args=(ed,)), threading.Thread(target=approver, args=(ad,))]
           + [threading.Thread(target=failing_signins, args=(k,)) for k in range(2)])
t0 = time.time()
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"     (tsan load: {time.time() - t0:.1f} s; " + ", ".join(f"{k} {v}" for k, v in counts.items()) + ")")
staff.check("tsan load: readers, an editor, approvals and failing sign-ins all ran",
            counts["read"] >= 20 and counts["save"] >= 3 and counts["approve"] >= 1 and counts["signin-fail"] >= 1,
            counts)
staff.check("tsan load: no request failed (every page 200; saves and approvals 303 or 409)", counts["error"] == 0,
            *errors)
print(f"tsanpy: {staff.passed} passed, {staff.failed} failed")
sys.exit(1 if staff.failed else 0)
