#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""crash_server.py — SIGKILL of `shinchoku serve` while it writes (test/cli/crash.sh).

Each trial starts the server on the store, signed in as the secretariat (an admin may enter
and approve; one session, which outlives the restarts), and in a loop types a new actual for one indicator (the value k = 1, 2, 3, …),
saves it, and every third time submits and approves the department, recording what the
server acknowledged (303). At a random moment the server gets SIGKILL. Then, with nothing
running: PRAGMA integrity_check is ok, `audit --verify` passes, and after a restart the form
shows a value between the last acknowledged save and the last one sent (nothing acknowledged
is lost, nothing but a whole save is visible), the published value is between the last
acknowledged approval and the last one sent, and the audit trail holds at least one
entry.save row per acknowledged save and no more than were sent.

Usage: crash_server.py BIN DB TRIALS PASSWORD. Prints ok/FAIL lines and
"crashserver: N passed, M failed" last.
"""
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
import webclient  # noqa: E402

BIN, DB, TRIALS, PASSWORD = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
PLAN, YEAR, DEPT, SUBJ = "dx-measures", 2024, "総務課", "M4-1"
tally = webclient.Tally("crashserver")
check = tally.check






def published(port):
    """The published actual of SUBJ in YEAR, as the public API gives it (None when none)."""
    c = webclient.Client("127.0.0.1", port)
    r = c.get(webclient.path(f"/api/v1/plans/{PLAN}/values", indicator=SUBJ))
    doc = json.loads(r.body)
    for v in doc["items"]:
        if v.get("year") == YEAR and v.get("kind") == "actual":
            return v.get("value", v.get("num"))
    return None


def as_int(v):
    try:
        return int(float(str(v).replace(",", "")))
    except (TypeError, ValueError):
        return None


def audit_saves():
    with sqlite3.connect(f"file:{DB}?mode=ro", uri=True, timeout=20) as db:
        return db.execute("SELECT count(*) FROM audit WHERE action = 'entry.save' AND plan = ? AND subject = ? "
                          "AND field = 'actual'", (PLAN, SUBJ)).fetchone()[0]


SESSION = {}  # the secretariat's cookies: signed in once, the session outlives the restarts


def writer(port, state, ready):
    """Read what the store holds now (the entry as the form shows it, the published value),
    then save k+1, k+2, …; approve every third; stop at the first error (the kill)."""
    c = webclient.Client("127.0.0.1", port, timeout=10)
    try:
        if not SESSION:
            c.sign_in("jimu", PASSWORD)
            SESSION.update(c.cookies)
        c.cookies = dict(SESSION)
        k = state["shown"] = as_int(webclient.EntryForm(c, PLAN, YEAR, DEPT).value(SUBJ, "actual") or 0)
        state["pub"] = state["approved"] = state["approve_sent"] = as_int(published(port))
        state["sent"] = state["acked"] = k
        ready.set()
        while True:
            k += 1
            form = webclient.EntryForm(c, PLAN, YEAR, DEPT)
            state["sent"] = k
            r = form.post(c, {(SUBJ, "actual"): k}, action="submit" if k % 3 == 0 else "save")
            if r.status != 303:
                state["error"] = f"save {k}: {r!r}"
                return
            state["acked"] = k
            state["acked_saves"] += 1
            if k % 3 == 0:
                state["approve_sent"] = k
                r = webclient.approve(c, PLAN, YEAR, DEPT)
                if r.status != 303:
                    state["error"] = f"approve {k}: {r!r}"
                    return
                state["approved"] = k
    except Exception as e:  # the connection dies with the server
        state["died"] = repr(e)
    finally:
        ready.set()


def check_after(trial, prev, now):
    """What trial's restart found (now) against what the killed server acknowledged (prev)."""
    shown, pub = now.get("shown"), now.get("pub")
    check(f"trial {trial}: the stored entry is a whole acknowledged or in-flight save "
          f"({prev['acked']} ≤ {shown} ≤ {prev['sent']})",
          shown is not None and prev["acked"] <= shown <= prev["sent"], prev, now)
    lo, hi = prev["approved"], prev["approve_sent"]
    check(f"trial {trial}: the published value is the last acknowledged or the in-flight approval "
          f"({lo} ≤ {pub} ≤ {hi})", pub == lo if hi is None else pub is not None and (lo or 0) <= pub <= hi,
          prev, now)


def run_server():
    """Start the server, let the writer read the store and begin; return (process, state)."""
    p, port = webclient.start_server(BIN, DB)
    state = {"acked_saves": 0}
    ready = threading.Event()
    t = threading.Thread(target=writer, args=(port, state, ready), daemon=True)
    t.start()
    ready.wait(30)
    return p, t, state


def main():
    total_acked = total_sent = 0
    saves_before = audit_saves()
    kills = 0
    prev = None
    for trial in range(TRIALS + 1):
        p, t, state = run_server()
        if "shown" not in state:
            check(f"trial {trial}: the server answers after a restart", False, state)
            p.kill()
            break
        if prev is not None:
            check_after(trial - 1, prev, state)
        if trial == TRIALS:  # the last start only reads
            p.send_signal(signal.SIGTERM)
            p.wait()
            break
        time.sleep(random.uniform(0.05, 0.6))  # the kill falls anywhere in the saves and approvals
        p.send_signal(signal.SIGKILL)
        p.wait()
        kills += 1
        t.join(15)
        if "error" in state:
            check(f"trial {trial}: every request before the kill was answered as expected", False, state["error"])
        total_acked += state["acked_saves"]
        total_sent += state["sent"] - state["shown"]
        with sqlite3.connect(DB, timeout=20) as db:
            ic = db.execute("PRAGMA integrity_check").fetchone()[0]
        if not check(f"trial {trial}: integrity_check after SIGKILL", ic == "ok", ic):
            break
        v = subprocess.run([BIN, "--db", DB, "audit", "--verify"], capture_output=True, text=True)
        check(f"trial {trial}: audit --verify", v.returncode == 0, v.stdout + v.stderr)
        prev = state
    saves = audit_saves() - saves_before
    check(f"audit trail: {saves} entry.save rows for {total_acked} acknowledged and {total_sent} sent saves "
          f"over {kills} SIGKILLs", total_acked <= saves <= total_sent, (saves, total_acked, total_sent))
    check(f"{kills} SIGKILLs of the server during entry and approval writes", kills >= TRIALS)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
