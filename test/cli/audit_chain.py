#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The audit trail's hash chain, computed independently of the C code from the formats that
docs/workflow.md documents, for test/cli/staff.sh: it writes a store's rows the way a store
before migration 5 did (format 1), and rewrites a whole chain with fresh format-2 hashes the
way an attacker who read the documentation would. Since migration 13 the trail is one chain
per municipality (column `chain`, '' the installation's): each is hashed on its own, and only
the installation's chain has format-1 rows (before `since`); a store without the column is
one chain.

Usage: audit_chain.py format1-rows DB N       append N format-1 rows (the store is at version 4)
       audit_chain.py rehash DB               recompute every row's hash (format 2 from `since`)
       audit_chain.py check DB                exit 0 when every stored hash is what the formats give
"""
import hashlib
import sqlite3
import sys

COLS = "seq, at, actor, via, action, plan, subject, year, field, old, new, reason"


def enc1(prev, row):
    out = f"{prev}\n{row[0]}\n".encode()
    for v in row[1:]:
        if v is None:
            out += b"~\n"
        else:
            b = str(v).encode()
            out += str(len(b)).encode() + b":" + b + b"\n"
    return out


def enc2(prev, row):
    def t(v):
        b = v.encode()
        return b"t" + str(len(b)).encode() + b":" + b

    out = b"shinchoku-audit-2\n" + t(prev) + b"i" + str(row[0]).encode() + b";"
    for v in row[1:]:
        if v is None:
            out += b"n"
        elif isinstance(v, int):
            out += b"i" + str(v).encode() + b";"
        else:
            out += t(v)
    return out


def since(con):
    try:
        r = con.execute("SELECT min(since) FROM audit_format WHERE format = 2").fetchone()
        return r[0] if r and r[0] is not None else 1
    except sqlite3.OperationalError:  # before migration 5: every row is format 1
        return 1 << 62


def has_chains(con):
    return any(r[1] == "chain" for r in con.execute("PRAGMA table_info(audit)"))


def chain(con):
    """(chain, seq, stored hash, computed hash) of every row, chain by chain."""
    s, out = since(con), []
    chained = has_chains(con)
    names = [r[0] for r in con.execute("SELECT DISTINCT chain FROM audit ORDER BY chain")] if chained else [""]
    for name in names:
        where = "WHERE chain = ?" if chained else ""
        prev = ""
        for row in con.execute(f"SELECT {COLS}, hash FROM audit {where} ORDER BY seq",
                               (name,) if chained else ()).fetchall():
            old = name == "" and row[0] < s
            h = hashlib.sha256((enc1 if old else enc2)(prev, row[:-1])).hexdigest()
            out.append((name, row[0], row[-1], h))
            prev = h
    return out


def main():
    mode, path = sys.argv[1], sys.argv[2]
    con = sqlite3.connect(path)
    if mode == "format1-rows":
        last = con.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = last if last else (0, "")
        for k in range(int(sys.argv[3])):
            seq += 1
            row = (seq, "2025-04-01T09:00:00Z", "os:old", "cli", "user.add", None, f"old{k}", None, "role",
                   None, "admin", None)
            h = hashlib.sha256(enc1(prev, row)).hexdigest()
            con.execute(f"INSERT INTO audit ({COLS}, hash) VALUES ({','.join('?' * 13)})", (*row, h))
            prev = h
    elif mode == "rehash":
        chained = has_chains(con)
        for name, seq, _, h in chain(con):
            if chained:
                con.execute("UPDATE audit SET hash = ? WHERE chain = ? AND seq = ?", (h, name, seq))
            else:
                con.execute("UPDATE audit SET hash = ? WHERE seq = ?", (h, seq))
        bad = [(name, seq) for name, seq, stored, h in chain(con) if stored != h]
        if bad:
            sys.exit(f"rehash: rows {bad[:3]} still differ")
    elif mode == "check":
        bad = [(name, seq) for name, seq, stored, h in chain(con) if stored != h]
        if bad:
            sys.exit(f"check: rows {bad[:5]} are not hashed as documented")
    con.commit()


main()
