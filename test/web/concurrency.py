#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""concurrency.py — concurrent edits of one entry through the staff pages, counted over many
trials (test/web/concurrency.sh).

1. Stale forms: in each trial W browsers open the entry form of the same row (the same
   version), type different values and submit at the same moment (a barrier). Exactly one
   save may win (303); every other must get 409; the stored value must be the winner's, and
   the audit trail must hold one entry.save per win. A lost update is a trial where two saves
   won, or the stored value is not the winner's.
2. Counter: W browsers each add 1 to the row R times (read the form, save value + 1, on 409
   read again and retry). The final value must be exactly W × R, and the audit must hold
   W × R entry.save rows for it: any update lost shows as a smaller number.

Usage: concurrency.py URL DB PASSWORD TRIALS. Prints ok/FAIL lines and
"concurrencypy: N passed, M failed" last.
"""
import os
import sqlite3
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
import webclient  # noqa: E402

URL, DB, PASSWORD, TRIALS = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
_u = urllib.parse.urlsplit(URL)
HOST, PORT = _u.hostname, _u.port
PLAN, YEAR, DEPT = "dx-measures", 2024, "総務課"
WRITERS, ROUNDS = 4, 8
tally = webclient.Tally("concurrencypy")
check = tally.check




def saves_of(subject):
    with sqlite3.connect(f"file:{DB}?mode=ro", uri=True, timeout=20) as db:
        return db.execute("SELECT count(*) FROM audit WHERE action = 'entry.save' AND plan = ? AND subject = ? "
                          "AND field = 'actual'", (PLAN, subject)).fetchone()[0]


def num(v):
    return int((v or "0").replace(",", ""))


def stale_forms(clients, subject):
    lost = wrong = 0
    wins_total = 0
    before = saves_of(subject)
    for trial in range(TRIALS):
        forms = [webclient.EntryForm(c, PLAN, YEAR, DEPT) for c in clients]
        versions = {f.d[f"version.{f.row(subject, 'actual')}"] for f in forms}
        out = [None] * len(clients)
        barrier = threading.Barrier(len(clients))

        def go(k):
            barrier.wait()
            try:
                out[k] = forms[k].post(clients[k], {(subject, "actual"): 1000 * (trial + 1) + k})
            except Exception as e:  # reported below
                out[k] = webclient.Resp(0, [], repr(e))

        threads = [threading.Thread(target=go, args=(k,)) for k in range(len(clients))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = [r.status for r in out]
        winners = [k for k, r in enumerate(out) if r.status == 303]
        stored = num(webclient.EntryForm(clients[0], PLAN, YEAR, DEPT).value(subject, "actual"))
        wins_total += len(winners)
        if len(versions) != 1 or any(c not in (303, 409) for c in codes):
            wrong += 1
            print(f"     trial {trial}: versions {versions}, answers {codes}: {[r for r in out if r.status not in (303, 409)][:1]}")
        if len(winners) != 1 or stored != 1000 * (trial + 1) + winners[0]:
            lost += 1
            print(f"     trial {trial}: answers {codes}, stored {stored}")
    saves = saves_of(subject) - before
    check(f"stale forms: {TRIALS} trials of {len(clients)} saves from one version at once: "
          f"{lost} lost updates (exactly one 303 and the rest 409 each time)", lost == 0)
    check(f"stale forms: every answer was 303 or 409 ({wrong} trials otherwise)", wrong == 0)
    check(f"stale forms: the audit holds one entry.save per win ({saves} rows, {wins_total} wins)",
          saves == wins_total, (saves, wins_total))


def counter(clients, subject):
    start = num(webclient.EntryForm(clients[0], PLAN, YEAR, DEPT).value(subject, "actual"))
    before = saves_of(subject)
    conflicts = [0] * len(clients)
    errors = []

    def add(k):
        c = clients[k]
        done = 0
        while done < ROUNDS:
            f = webclient.EntryForm(c, PLAN, YEAR, DEPT)
            r = f.post(c, {(subject, "actual"): num(f.value(subject, "actual")) + 1})
            if r.status == 303:
                done += 1
            elif r.status == 409:
                conflicts[k] += 1
            else:
                errors.append(r)
                return

    threads = [threading.Thread(target=add, args=(k,)) for k in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = num(webclient.EntryForm(clients[0], PLAN, YEAR, DEPT).value(subject, "actual"))
    want = len(clients) * ROUNDS
    check(f"counter: {len(clients)} browsers × {ROUNDS} increments ({sum(conflicts)} retried after 409): "
          f"the value rose by {final - start} of {want}, {want - (final - start)} lost", final - start == want and not errors,
          errors[:2])
    saves = saves_of(subject) - before
    check(f"counter: {saves} entry.save rows for {want} acknowledged increments", saves == want)


def main():
    clients = []
    for k in range(WRITERS):
        c = webclient.Client(HOST, PORT, timeout=60)
        c.sign_in("jimu" if k % 2 == 0 else "somu", PASSWORD)
        clients.append(c)
    f = webclient.EntryForm(clients[0], PLAN, YEAR, DEPT)
    subjects = [f.d[f"subject.{i}"] for i in range(int(f.d["rows"])) if f.d.get(f"kind.{i}") == "actual"]
    stale_forms(clients, subjects[0])
    counter(clients, subjects[1])
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
