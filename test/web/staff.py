#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""staff.py — the staff workflow (/staff, docs/workflow.md) tested over real sockets.

Driven by test/web/staff.sh, which makes a fresh store (samples/001-kagoshima-dx), the
accounts (with the command line), opens the 2024 period and starts `shinchoku serve`.
Only the Python standard library: http.client for the requests (one connection each, cookies
kept by hand, redirects never followed, so every status is seen as the server sent it),
html.parser to read the forms as a browser would submit them, threading for the concurrent
saves, sqlite3 (read-only) to prove what was stored and that refused requests changed nothing
(or, with SHINCHOKU_ENGINE=postgresql under test/pg/run.sh, psycopg2 on the database that
test/pg/shinchoku-pg gives the store path).

Usage: staff.py main URL DB BIN PASSWORD      the HTTP tests of sign-in, CSRF, roles, entry,
                                              lost updates, review, missing list
       staff.py expiry URL DB BIN PASSWORD    against a server started with
                                              SHINCHOKU_SESSION_IDLE=2 SHINCHOKU_SESSION_MAX=3
                                              and --secure-cookies
Prints "ok   NAME" / "FAIL NAME" (details indented below) and last "staffpy: N passed, M failed".
"""
import html.parser
import http.client
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import threading
import time
import traceback
import unicodedata
import urllib.parse

MODE, BASE, DB, BIN, PASSWORD = sys.argv[1:6]
_u = urllib.parse.urlsplit(BASE)
HOST, PORT = _u.hostname, _u.port

PLAN = "kagoshima-dx"
YEAR = 2024
DIGI = "デジタル戦略推進課"  # editor "digi"
HOIKU = "保育幼稚園課"  # editor "hoiku"
SILENT = "こども政策課"  # has 2024 targets, nobody enters for it
MARKUP = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
SQL = "'; DROP TABLE entries; --"
COMMENT_MARKUP = "<script>alert(3)</script>委員のコメント"
NAME_MARKUP = "<script>alert(4)</script>新人"
RAW = ["<script>alert(", "<img src=x onerror"]  # must never appear raw in any page

passed = failed = 0


def ok(name):
    global passed
    passed += 1
    print("ok   " + name, flush=True)


def bad(name, *details):
    global failed
    failed += 1
    print("FAIL " + name, flush=True)
    for d in details:
        for line in str(d).splitlines()[:12]:
            print("     " + line, flush=True)


def check(name, cond, *details):
    (ok if cond else bad)(name, *(() if cond else details))
    return cond


def q(path, **args):
    """A path with its query arguments percent-encoded (UTF-8)."""
    return path + ("?" + urllib.parse.urlencode(args) if args else "")


# ---- HTTP --------------------------------------------------------------------------------------


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def set_cookies(self):
        """name -> (value, [attributes in lower case])"""
        out = {}
        for k, v in self.headers:
            if k.lower() == "set-cookie":
                parts = [p.strip() for p in v.split(";")]
                name, _, value = parts[0].partition("=")
                out[name] = (value, [p.lower() for p in parts[1:]])
        return out

    def location(self):
        return self.header("Location") or ""

    def to_login(self):
        return self.status == 303 and "/staff/login" in self.location()

    def __repr__(self):
        return f"{self.status} {self.location()} {self.body[:300]!r}"


class Client:
    """One browser: its cookies, and the CSRF token of its session once signed in."""

    def __init__(self, name):
        self.name = name
        self.cookies = {}
        self.csrf = None

    def request(self, method, path, fields=None, cookies=None, conn=None, headers=None, raw=None,
                chunked=False):
        """raw: (Content-Type, bytes) sent as the body instead of urlencoded fields."""
        c = conn or http.client.HTTPConnection(HOST, PORT, timeout=60)
        headers = dict(headers or {})
        jar = self.cookies if cookies is None else cookies
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if raw is not None:
            headers["Content-Type"], body = raw
        if chunked:
            c.request(method, path, iter([body[i:i + 65536] for i in range(0, len(body), 65536)]), headers,
                      encode_chunked=True)
        else:
            c.request(method, path, body, headers)
        r = c.getresponse()
        data = r.read()
        c.close()
        resp = Resp(r.status, r.getheaders(), data.decode("utf-8", "replace"))
        if cookies is None:
            for name, (value, attrs) in resp.set_cookies().items():
                gone = not value or "max-age=0" in attrs or any("1970" in a for a in attrs if a.startswith("expires"))
                if gone:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields, **kw):
        return self.request("POST", path, fields, **kw)

    def upload(self, path, fields, files, **kw):
        """A multipart/form-data POST: fields [(name, value)], files [(field, filename, bytes)]."""
        return self.request("POST", path, raw=multipart(fields, files), **kw)


def multipart(fields, files):
    """(Content-Type, body) of a multipart/form-data form, as a browser encodes it."""
    boundary = "----shinchokuTest" + secrets.token_hex(8)
    out = []
    for name, value in fields:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                   + str(value).encode() + b"\r\n")
    for name, filename, data in files:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                   f"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
                   .encode() + data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(out)


ANON = Client("anon")

# ---- HTML forms --------------------------------------------------------------------------------


class FormParser(html.parser.HTMLParser):
    """Every form of a page with the fields a browser would submit (checked boxes only, the
    selected option, textarea text) and its submit buttons apart."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.form = None
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"action": a.get("action", ""), "method": (a.get("method") or "get").lower(), "fields": [],
                         "buttons": []}
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name is not None:
            t = (a.get("type") or "text").lower()
            if t in ("submit", "image", "button", "reset"):
                self.form["buttons"].append((name, a.get("value", "")))
            elif t in ("checkbox", "radio"):
                if "checked" in a:
                    self.form["fields"].append((name, a.get("value", "on")))
            elif t != "file":
                self.form["fields"].append((name, a.get("value", "") or ""))
        elif tag == "button" and name is not None and (a.get("type") or "submit").lower() == "submit":
            self.form["buttons"].append((name, a.get("value", "")))
        elif tag == "textarea" and name is not None:
            self.textarea = [name, ""]
        elif tag == "select" and name is not None:
            self.select = [name, None, None]  # name, first option, selected option
        elif tag == "option" and self.select is not None:
            v = a.get("value", "")
            if self.select[1] is None:
                self.select[1] = v
            if "selected" in a:
                self.select[2] = v

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            value = self.textarea[1]
            if value.startswith("\n"):  # the HTML parsing rule for a newline after <textarea>
                value = value[1:]
            if self.form is not None:
                self.form["fields"].append((self.textarea[0], value))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            if self.form is not None:
                v = self.select[2] if self.select[2] is not None else self.select[1]
                self.form["fields"].append((self.select[0], v or ""))
            self.select = None


def forms_of(body):
    p = FormParser()
    p.feed(body)
    p.close()
    return p.forms


def csrf_of(body):
    for f in forms_of(body):
        for k, v in f["fields"]:
            if k == "csrf" and v:
                return v
    return None


class EntryForm:
    """The entry form of a department and year as the page gave it."""

    def __init__(self, resp):
        self.resp = resp
        self.fields = None
        for f in forms_of(resp.body):
            if any(k == "rows" for k, _ in f["fields"]):
                self.fields = list(f["fields"])
                self.buttons = f["buttons"]
                break
        if self.fields is None:
            raise AssertionError(f"no entry form (with a 'rows' field) in the page: {resp!r}")
        d = dict(self.fields)
        self.rows = int(d["rows"])
        self.d = d

    def value(self, field):
        return self.d.get(field)

    def find(self, subject, kind):
        for i in range(self.rows):
            if self.d.get(f"subject.{i}") == subject and self.d.get(f"kind.{i}") == kind:
                return i
        raise AssertionError(f"no row for {subject} {kind} in the form ({self.rows} rows)")

    def numeric_rows(self, exclude=()):
        """(index, subject, kind) of every actual or projection row but those of the subjects
        excluded, in form order."""
        out = []
        for i in range(self.rows):
            s, k = self.d.get(f"subject.{i}"), self.d.get(f"kind.{i}")
            if k in ("actual", "projection") and s not in exclude and f"num.{i}" in self.d:
                out.append((i, s, k))
        return out

    def body(self, csrf, action="save", changes=None, drop_csrf=False, **override):
        """The fields as a browser submits them after the user typed changes {i: {field: v}}."""
        changes = changes or {}
        out = []
        for k, v in self.fields:
            if k == "csrf":
                if drop_csrf:
                    continue
                v = csrf
            elif k in override:
                v = str(override[k])
            else:
                head, _, idx = k.rpartition(".")
                if idx.isdigit() and int(idx) in changes and head in changes[int(idx)]:
                    v = changes[int(idx)][head]
            if k != "action":
                out.append((k, v))
        if not drop_csrf and not any(k == "csrf" for k, _ in out):
            out.append(("csrf", csrf))
        out.append(("action", action))
        return out


def seen_of(client, dept, year=YEAR):
    """The `seen` field (the submitted entries' versions) of a department's review form."""
    r = client.get(q(f"/staff/review/{PLAN}/dept", name=dept, year=year))
    for f in forms_of(r.body):
        for k, v in f["fields"]:
            if k == "seen":
                return v
    raise AssertionError(f"no review form with a 'seen' field: {r!r}")


def entry_path(**args):
    return q(f"/staff/entry/{PLAN}", **{k: str(v) for k, v in args.items()})


def entry_form(client, dept, year=YEAR):
    r = client.get(entry_path(year=year, dept=dept))
    if r.status != 200:
        raise AssertionError(f"GET entry form {dept} {year} as {client.name}: {r!r}")
    return EntryForm(r)


def plain_num(v):
    return (v or "").replace(",", "")


def shows_num(body, n):
    """body shows the number n, with or without thousands commas."""
    s = str(n)
    groups = []
    while len(s) > 3:
        groups.insert(0, s[-3:])
        s = s[:-3]
    groups.insert(0, s)
    return re.search(r"(?<![0-9])" + ",?".join(groups) + r"(?![0-9])", body) is not None


# ---- the store, read-only ----------------------------------------------------------------------

VOLATILE_TABLE = re.compile(r"session|attempt|throttle", re.I)
VOLATILE_COLUMN = re.compile(r"fail|lock|seen|last", re.I)


ENGINE = os.environ.get("SHINCHOKU_ENGINE", "sqlite")


class Store:
    """The store read-only, on either engine: q() takes SQL with ? parameters."""

    def __init__(self):
        if ENGINE == "postgresql":
            import hashlib
            import psycopg2
            name = "t" + hashlib.md5(os.path.realpath(DB).encode()).hexdigest()[:24]
            self.con = psycopg2.connect(dbname=name, user="shinchoku", host=os.environ["PG_HOST"])
            self.con.set_session(readonly=True, autocommit=True)
        else:
            self.con = sqlite3.connect(f"file:{DB}?mode=ro", uri=True, timeout=20)

    def q(self, sql, params=()):
        if ENGINE != "postgresql":
            return self.con.execute(sql, params).fetchall()
        cur = self.con.cursor()
        cur.execute(sql.replace("%", "%%").replace("?", "%s"), params)
        rows = cur.fetchall() if cur.description else []
        self.names = [d[0] for d in cur.description or []]
        cur.close()
        return rows

    def dicts(self, sql, params=()):
        if ENGINE != "postgresql":
            self.con.row_factory = sqlite3.Row
            return [dict(r) for r in self.con.execute(sql, params)]
        rows = self.q(sql, params)
        return [dict(zip(self.names, r)) for r in rows]

    def tables(self):
        if ENGINE == "postgresql":
            return [r[0] for r in self.q("SELECT table_name FROM information_schema.tables"
                                         " WHERE table_schema = 'public' AND table_name <> 'shinchoku_schema'"
                                         " ORDER BY table_name")]
        return [r[0] for r in self.q("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]

    def columns(self, table):
        if ENGINE == "postgresql":
            return [r[0] for r in self.q("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                                         " AND table_name = ? ORDER BY ordinal_position", (table,))]
        return [r[1] for r in self.q(f'PRAGMA table_info("{table}")')]

    def close(self):
        self.con.close()


def db():
    return Store()


def snapshot():
    """Everything stored that a request could change, leaving out what sign-ins move (sessions,
    failure counters, signin.* audit rows)."""
    con = db()
    out = {}
    try:
        for t in con.tables():
            if VOLATILE_TABLE.search(t):
                continue
            cols = [c for c in con.columns(t) if not VOLATILE_COLUMN.search(c)]
            sql = f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{t}"'
            if t == "audit":
                sql += " WHERE action NOT LIKE 'signin.%'"
            out[t] = sorted(repr(r) for r in con.q(sql))
    finally:
        con.close()
    return out


def changed_tables(a, b):
    return sorted(t for t in set(a) | set(b) if a.get(t) != b.get(t))


def audit_seq():
    """The head of every audit chain (one per municipality, docs/store.md): {chain: last seq}."""
    con = db()
    try:
        return {c: n for c, n in con.q("SELECT chain, max(seq) FROM audit GROUP BY chain")}
    finally:
        con.close()


def audit_since(heads, action=None, subject=None, year=None):
    """The rows appended to any chain since audit_seq() gave heads, oldest first."""
    con = db()
    try:
        rows = con.dicts("SELECT * FROM audit ORDER BY at, chain, seq")
    finally:
        con.close()
    rows = [r for r in rows if r["seq"] > heads.get(r["chain"], 0)]
    return [r for r in rows if (action is None or r.get("action") == action)
            and (subject is None or r.get("subject") == subject)
            and (year is None or r.get("year") == year)]


def stored_anywhere(table, text):
    """Some cell of table holds exactly text."""
    con = db()
    try:
        for row in con.q(f'SELECT * FROM "{table}"'):
            if text in row:
                return True
    finally:
        con.close()
    return False


def cli(*args):
    p = subprocess.run([BIN, "--db", DB, *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


# ---- sign-in -----------------------------------------------------------------------------------


def login_form(client, nxt=None):
    r = client.get(q("/staff/login", **({"next": nxt} if nxt else {})))
    fields = None
    for f in forms_of(r.body):
        names = [k for k, _ in f["fields"]]
        if "password" in names and "login" in names:
            fields = f["fields"]
    return r, fields


def signin(client, login, password, nxt=None, drop_pre=False, csrf=None, plant_sid=None):
    """Sign in as a browser does: GET the form (it sets the pre cookie), POST it filled in.
    plant_sid: a sid cookie to send with the POST (a fixation attempt)."""
    r, fields = login_form(client, nxt)
    if fields is None:
        raise AssertionError(f"GET /staff/login: no form with login and password: {r!r}")
    body = []
    for k, v in fields:
        if k == "login":
            v = login
        elif k == "password":
            v = password
        elif k == "csrf" and csrf is not None:
            v = csrf
        elif k == "next" and nxt:
            v = nxt
        body.append((k, v))
    if nxt and not any(k == "next" for k, _ in body):
        body.append(("next", nxt))
    if drop_pre:
        client.cookies.pop("pre", None)
    if plant_sid:
        client.cookies["sid"] = plant_sid
    r = client.post("/staff/login", body)
    if r.status == 303 and "sid" in client.cookies:
        home = client.get("/staff/")
        client.csrf = csrf_of(home.body)
    return r


def signed_in(name, login):
    c = Client(name)
    r = signin(c, login, PASSWORD)
    if r.status != 303 or not c.csrf:
        raise AssertionError(f"sign-in as {login}: {r!r}; csrf on /staff/: {c.csrf}")
    return c


# ---- the tests ---------------------------------------------------------------------------------

S = {}  # the signed-in clients: admin, editor (digi), other (hoiku), reviewer


def test_signin():
    c = Client("t")
    r = signin(c, "iin", "not-the-password-1")
    check("sign-in: a wrong password gets 401 and no session cookie", r.status == 401 and "sid" not in r.set_cookies(), r)
    r = signin(Client("t"), "nobody-such", PASSWORD)
    check("sign-in: an unknown login gets 401", r.status == 401, r)

    c = Client("t")
    r = signin(c, "iin", PASSWORD)
    sid = r.set_cookies().get("sid")
    check("sign-in: the right password gets 303 to /staff/ and a sid cookie",
          r.status == 303 and sid and r.location().endswith("/staff/"), r, r.headers)
    attrs = sid[1] if sid else []
    check("sign-in: the sid cookie is HttpOnly and SameSite=Strict (and not Secure without --secure-cookies)",
          "httponly" in attrs and "samesite=strict" in attrs and "secure" not in attrs, attrs)
    check("sign-in: the sid cookie has Path=/staff (docs/workflow.md: public pages never see it)", "path=/staff" in attrs, attrs)
    check("sign-in: a session token carries 256 bits (64 hex digits or more)", sid and len(sid[0]) >= 43, sid)

    # the token never lands in the store, only its SHA-256
    if sid:
        check("sign-in: the store keeps no session token, only its digest", not stored_in_any_table(sid[0]), sid[0])

    # open redirects: next must be a /staff path
    for nxt in ["https://evil.example/staff/", "//evil.example/staff/", "/staff/users"]:
        c = Client("t")
        r = signin(c, "jimu", PASSWORD, nxt=nxt)
        loc = r.location()
        if nxt.startswith("/staff/"):
            check(f"sign-in: next={nxt} is followed", r.status == 303 and loc.endswith(nxt), r)
        else:
            check(f"sign-in: next={nxt} is not followed (no open redirect)",
                  r.status == 303 and "evil" not in loc and urllib.parse.urlsplit(loc).path.startswith("/staff"), r)

    # session fixation: a sid the client offers is never the one it gets
    c = Client("t")
    planted = "a" * 64
    c.cookies["sid"] = planted
    r = signin(c, "jimu", PASSWORD, plant_sid=planted)
    new = r.set_cookies().get("sid", ("",))[0]
    check("session fixation: a planted sid cookie is replaced at sign-in", r.status == 303 and new and new != planted, r)
    attacker = signed_in("attacker", "iin")
    stolen = attacker.cookies["sid"]
    c = Client("t")
    r = signin(c, "jimu", PASSWORD, plant_sid=stolen)
    new = r.set_cookies().get("sid", ("",))[0]
    as_attacker = ANON.get("/staff/users", cookies={"sid": stolen})
    check("session fixation: signing in over another live session gives a new sid, and the old one never becomes the admin's",
          r.status == 303 and new and new != stolen and (as_attacker.status == 403 or as_attacker.to_login()), r, as_attacker)

    # sign-out
    c = signed_in("t", "iin")
    old = dict(c.cookies)
    r = c.post("/staff/logout", [("csrf", c.csrf)])
    after = ANON.get("/staff/", cookies=old)
    check("sign-out: 303 to /, and the old sid cookie then gets the sign-in redirect",
          r.status == 303 and urllib.parse.urlsplit(r.location()).path == "/" and after.to_login(), r, after)

    # the sign-in form's CSRF: the pre cookie and the csrf field must match
    c = Client("t")
    r = signin(c, "iin", PASSWORD, drop_pre=True)
    check("sign-in without the pre cookie is refused (403), no session", r.status == 403 and "sid" not in c.cookies, r)
    c = Client("t")
    r = signin(c, "iin", PASSWORD, csrf=secrets.token_hex(32))
    check("sign-in with a csrf field that is not the pre cookie is refused (403)", r.status == 403 and "sid" not in c.cookies, r)

    # what the sign-in page echoes back is escaped; a next with CR LF cannot add headers
    r = signin(Client("t"), '"><script>alert(5)</script>', "whatever-123")
    check("sign-in: a login with markup is shown back escaped on the 401 page", r.status == 401 and "<script>alert(5)" not in r.body, r)
    r, _ = login_form(Client("t"), '/staff/"><script>alert(6)</script>')
    check("sign-in: a next with markup is not reflected raw", r.status == 200 and "<script>alert(6)" not in r.body, r)
    c = Client("t")
    r = signin(c, "iin", PASSWORD, nxt="/staff/\r\nSet-Cookie: injected=1")
    check("sign-in: a next with CR LF adds no header (303 to a /staff page, no injected cookie)",
          r.status == 303 and "injected" not in c.cookies and "\n" not in r.location(), r.headers)


def stored_in_any_table(text):
    con = db()
    try:
        for t in con.tables():
            for row in con.q(f'SELECT * FROM "{t}"'):
                if any(isinstance(v, str) and text in v for v in row):
                    return True
    finally:
        con.close()
    return False


BRUTE = {}


def brute_force_start():
    """Five wrong passwords for "victim", then the right one, in a thread of its own: the
    server holds each failure's answer back (up to 2 s), and the other tests need not wait."""

    def run():
        try:
            t0 = time.time()
            BRUTE["codes"] = [signin(Client("t"), "victim", f"wrong-password-{k}").status for k in range(1, 6)]
            BRUTE["right"] = signin(Client("t"), "victim", PASSWORD)
            BRUTE["took"] = time.time() - t0
        except Exception:  # noqa: BLE001 — reported by test_brute_force
            BRUTE["error"] = traceback.format_exc(limit=3)

    th = threading.Thread(target=run)
    th.start()
    return th


def test_brute_force(th):
    th.join()
    if "error" in BRUTE:
        raise AssertionError(BRUTE["error"])
    codes, r, took = BRUTE["codes"], BRUTE["right"], BRUTE["took"]
    check("brute force: after 5 wrong passwords the right one is refused with 429 and no session",
          codes[:4] == [401] * 4 and codes[4] in (401, 429) and r.status == 429 and "sid" not in r.set_cookies(),
          f"wrong: {codes}, right: {r!r}")
    rows = audit_since({}, action="signin.lock")
    check("brute force: the lock is in the audit trail (signin.lock)", any("victim" in str(v) for row in rows for v in row.values()), rows)
    fails = audit_since({}, action="signin.fail")
    victim = [row for row in rows if row["subject"] == "victim"]
    check("brute force: the failures are audited aggregated (one signin.lock row with the count, no row per"
          " failure, no password typed)",
          len(victim) == 1 and victim[0]["new"] == "5" and not fails
          and not any("wrong-password" in str(v) for row in rows for v in row.values()), victim, fails[:2])
    check("brute force: failed sign-ins were slowed down (5 failures took >= 1 s)", took >= 1.0, f"{took:.2f} s")
    print(f"     (brute force: {took:.1f} s)")
    r = signin(Client("t"), "digi", PASSWORD)
    check("brute force: the lock is per account (another account signs in)", r.status == 303, r)


# the role × action matrix ---------------------------------------------------------------------

ACTORS = ["anon", "admin", "editor", "other", "reviewer", "no csrf", "bad csrf"]
MATRIX = {}
EXTRA = {}


def want_ok(want, r):
    if want == "login":
        return r.status == 401 or r.to_login()
    return r.status == want


def attempt(action, actor, client, path, fields, want, note=None):
    """POST as actor; want: a status, or "login" (401 or 303 to the sign-in). A refused request
    must change nothing stored; a 303 must change something."""
    before = snapshot()
    r = client.post(path, fields)
    after = snapshot()
    changed = changed_tables(before, after)
    good = want_ok(want, r) and (bool(changed) if want == 303 else not changed)
    cell = f"{r.status}{'' if good else '!'}"
    if note:
        EXTRA.setdefault(action, []).append(f"{note}: {cell}")
    else:
        MATRIX.setdefault(action, {})[actor] = cell
    label = f"matrix: {action} as {note or actor}: want {want}, got {r.status}" + (
        "" if want == 303 else ", nothing changed")
    check(label, good, f"POST {path}", f"changed tables: {changed}", r)
    return r


def with_csrf(fields, token):
    return [(k, token if k == "csrf" else v) for k, v in fields]


def without_csrf(fields):
    return [(k, v) for k, v in fields if k != "csrf"]


# In the POST matrix "editor" is the department's own editor (hoiku, 保育幼稚園課) and "other"
# the editor of another department (digi, デジタル戦略推進課).
ROLE = {}


def refused_all(action, path, fields_for, allowed):
    """Try action as every actor that may not (each must get its status and change nothing),
    then as the first allowed one without a CSRF token and with a wrong one (403, no change)."""
    for actor in ["anon", "admin", "editor", "other", "reviewer"]:
        if actor in allowed:
            continue
        client = ROLE[actor]
        src = ROLE["admin"] if actor == "anon" else client  # anonymous posts the admin's form
        attempt(action, actor, client, path, fields_for(src), "login" if actor == "anon" else 403)
    c = ROLE[allowed[0]]
    attempt(action, "no csrf", c, path, without_csrf(fields_for(c)), 403)
    # the token of another live session is as wrong as a random one
    other = S["reviewer"] if c is not S["reviewer"] else S["admin"]  # another live session
    attempt(action, "bad csrf", c, path, with_csrf(fields_for(c), other.csrf), 403)
    r = attempt(action, "bad csrf (random)", c, path, with_csrf(fields_for(c), secrets.token_hex(32)), 403,
                note="random csrf")
    return r


def test_post_matrix():
    ROLE.update(anon=ANON, admin=S["admin"], editor=S["other"], other=S["editor"], reviewer=S["reviewer"])
    ep = f"/staff/entry/{PLAN}"
    # -- entry.save
    f = entry_form(S["admin"], HOIKU)
    i = f.find("I9-1", "actual")
    refused_all("entry.save", ep, lambda c: f.body(c.csrf, "save", {i: {"num": "9500"}}), ["editor", "admin"])
    # the other department's editor, naming their own department for a subject not theirs
    attempt("entry.save", "other", S["editor"], ep, f.body(S["editor"].csrf, "save", {i: {"num": "9500"}}, dept=DIGI),
            403, note="other dept's subject under own dept")
    # a closed year: 2023 was never opened
    f23 = entry_form(S["admin"], HOIKU, 2023)
    i23 = f23.find("I9-1", "actual")
    attempt("entry.save", "editor", S["other"], ep, f23.body(S["other"].csrf, "save", {i23: {"num": "9999"}}), 403,
            note="editor, year 2023 never opened")
    seq = audit_seq()
    attempt("entry.save", "editor", S["other"], ep, f.body(S["other"].csrf, "save", {i: {"num": "9500"}}), 303)
    check("matrix: the editor's save is audited as entry.save by that editor for I9-1",
          [r["actor"] for r in audit_since(seq, "entry.save", "I9-1")] == ["hoiku"], audit_since(seq))
    f = entry_form(S["admin"], HOIKU)
    attempt("entry.save", "admin", S["admin"], ep, f.body(S["admin"].csrf, "save", {i: {"num": "9600"}}), 303)
    attempt("entry.save", "admin", S["admin"], ep, f23.body(S["admin"].csrf, "save", {i23: {"num": "9601"}}), 303,
            note="admin, closed year 2023")

    # -- entry.submit (submit saves the changed row first, so a wrongly accepted one would show)
    f = entry_form(S["admin"], HOIKU)
    refused_all("entry.submit", ep, lambda c: f.body(c.csrf, "submit", {i: {"num": "9700"}}), ["editor", "admin"])
    seq = audit_seq()
    attempt("entry.submit", "editor", S["other"], ep, f.body(S["other"].csrf, "submit", {i: {"num": "9700"}}), 303)
    check("matrix: the editor's submit is audited as entry.submit of I9-1",
          len(audit_since(seq, "entry.submit", "I9-1")) == 1, audit_since(seq))
    f = entry_form(S["admin"], HOIKU)
    attempt("entry.submit", "admin", S["admin"], ep, f.body(S["admin"].csrf, "submit", {i: {"num": "9800"}}), 303)

    # -- review return and approve (the department has submitted entries)
    rp = f"/staff/review/{PLAN}"
    ret = lambda c: [("csrf", c.csrf), ("year", str(YEAR)), ("dept", HOIKU), ("action", "return"), ("reason", "単位を確認してください")]
    refused_all("review.return", rp, ret, ["admin"])
    seq = audit_seq()
    attempt("review.return", "admin", S["admin"], rp, ret(S["admin"]), 303)
    check("matrix: the return is audited as entry.return with its reason",
          any(r.get("reason") == "単位を確認してください" for r in audit_since(seq, "entry.return", "I9-1")), audit_since(seq))
    # returned entries are submitted again without a new save
    f = entry_form(S["other"], HOIKU)
    seq = audit_seq()
    r = S["other"].post(ep, f.body(S["other"].csrf, "submit"))
    check("a returned entry is submitted again by its editor (303, entry.submit)",
          r.status == 303 and len(audit_since(seq, "entry.submit", "I9-1")) == 1, r, audit_since(seq))
    appr = lambda c: [("csrf", c.csrf), ("year", str(YEAR)), ("dept", HOIKU), ("action", "approve"), ("reason", ""),
                      ("seen", seen_of(S["admin"], HOIKU))]
    refused_all("review.approve", rp, appr, ["admin"])
    seq = audit_seq()
    attempt("review.approve", "admin", S["admin"], rp, appr(S["admin"]), 303)
    check("matrix: the approval is audited as entry.approve of I9-1 by the admin",
          [r["actor"] for r in audit_since(seq, "entry.approve", "I9-1")] == ["jimu"], audit_since(seq))

    # -- approval of a figure that replaces one: the closed year 2023 (the admin may), where
    # I9-1 has an imported actual; it is updated in place and the audit keeps the old one
    old = [v["value"] for v in public_values("I9-1", 2023) if v["kind"] == "actual"]
    f23 = entry_form(S["admin"], HOIKU, 2023)
    r1 = S["admin"].post(ep, f23.body(S["admin"].csrf, "submit", {i23: {"num": "9777"}}))
    seq = audit_seq()
    r2 = S["admin"].post(rp, [("csrf", S["admin"].csrf), ("year", "2023"), ("dept", HOIKU), ("action", "approve"),
                              ("seen", seen_of(S["admin"], HOIKU, 2023))])
    appr = audit_since(seq, "entry.approve", "I9-1")
    now = [v["value"] for v in public_values("I9-1", 2023) if v["kind"] == "actual"]
    check("approve over an imported actual (2023, closed: the admin): updated in place, the audit keeps the old value",
          r1.status == 303 and r2.status == 303 and len(old) == 1 and [plain_num(x).split(".")[0] for x in now] == ["9777"]
          and len(appr) == 1 and old[0] in (appr[0].get("old") or ""), r1, r2, old, now, appr)

    # -- comment
    cp = f"/staff/comment/{PLAN}"
    com = lambda c: [("csrf", c.csrf), ("subject", "I9"), ("year", str(YEAR)), ("text", f"{c.name} のコメント")]
    refused_all("comment", cp, com, ["reviewer", "admin"])
    attempt("comment", "reviewer", S["reviewer"], cp, com(S["reviewer"]), 303)
    attempt("comment", "admin", S["admin"], cp, com(S["admin"]), 303)

    # -- periods: open 2025, an editor may enter; close it, the editor may not
    pp = "/staff/periods"
    per = lambda action: (lambda c: [("csrf", c.csrf), ("plan", PLAN), ("year", "2025"), ("action", action)])
    refused_all("period.open", pp, per("open"), ["admin"])
    attempt("period.open", "admin", S["admin"], pp, per("open")(S["admin"]), 303)
    f25 = entry_form(S["admin"], HOIKU, 2025)
    i25 = f25.find("I9-1", "actual")
    attempt("entry.save", "editor", S["other"], ep, f25.body(S["other"].csrf, "save", {i25: {"num": "9900"}}), 303,
            note="editor, year 2025 opened")
    refused_all("period.close", pp, per("close"), ["admin"])
    attempt("period.close", "admin", S["admin"], pp, per("close")(S["admin"]), 303)
    f25 = entry_form(S["admin"], HOIKU, 2025)
    attempt("entry.save", "editor", S["other"], ep, f25.body(S["other"].csrf, "save", {i25: {"num": "9901"}}), 403,
            note="editor, year 2025 closed")
    # -- the due date: the secretariat only, audited
    due = lambda day: (lambda c: [("csrf", c.csrf), ("plan", PLAN), ("year", "2024"), ("action", "due"), ("due", day)])
    seq = audit_seq()
    refused_all("period.due", pp, due("2099-01-01"), ["admin"])
    check("matrix: a refused due date leaves no period.due row", not audit_since(seq, "period.due"), audit_since(seq))
    rc, out, err = cli("period", "list", "--plan", PLAN)
    y24 = [ln for ln in out.splitlines() if "2024" in ln]
    y25 = [ln for ln in out.splitlines() if "2025" in ln]
    check("period list shows 2024 open and 2025 closed (by jimu) after the web closed it",
          rc == 0 and len(y24) == 1 and "受付中" in y24[0] and len(y25) == 1 and "受付中" not in y25[0] and "jimu" in y25[0],
          out, err)

    # -- users: add, passwd, disable, enable (the refused ones aim at the admin account)
    up = "/staff/users"
    add = lambda login, role="admin", dept="": (lambda c: [("csrf", c.csrf), ("action", "add"), ("login", login),
                                                           ("role", role), ("department", dept), ("name", NAME_MARKUP),
                                                           ("password", "mallory-pass-123")])
    refused_all("users.add", up, add("mallory"), ["admin"])
    attempt("users.add", "admin", S["admin"], up, add("shinjin", "editor", HOIKU)(S["admin"]), 303)
    shinjin = Client("shinjin")
    check("users: the account the admin added signs in", signin(shinjin, "shinjin", "mallory-pass-123").status == 303)
    pw = lambda login, p: (lambda c: [("csrf", c.csrf), ("action", "passwd"), ("login", login), ("password", p)])
    refused_all("users.passwd", up, pw("jimu", "taken-over-1234"), ["admin"])
    check("users: nobody took over the admin account (its password still works, the attacker's does not)",
          signin(Client("t"), "jimu", "taken-over-1234").status == 401 and signin(Client("t"), "jimu", PASSWORD).status == 303)
    alive = shinjin.get("/staff/").status == 200
    attempt("users.passwd", "admin", S["admin"], up, pw("shinjin", "new-password-456")(S["admin"]), 303)
    check("users: a new password ends the account's open sessions", alive and shinjin.get("/staff/").to_login())
    check("users: after passwd the old password fails and the new one works",
          signin(Client("t"), "shinjin", "mallory-pass-123").status == 401
          and signin(Client("t"), "shinjin", "new-password-456").status == 303)
    dis = lambda login, action: (lambda c: [("csrf", c.csrf), ("action", action), ("login", login)])
    refused_all("users.disable", up, dis("jimu", "disable"), ["admin"])
    shinjin = Client("shinjin")
    alive = signin(shinjin, "shinjin", "new-password-456").status == 303 and shinjin.get("/staff/").status == 200
    attempt("users.disable", "admin", S["admin"], up, dis("shinjin", "disable")(S["admin"]), 303)
    check("users: a disabled account cannot sign in (429) and its open session has ended",
          alive and signin(Client("t"), "shinjin", "new-password-456").status == 429 and shinjin.get("/staff/").to_login())
    attempt("users.disable", "admin", S["admin"], up, dis("jimu", "disable")(S["admin"]), 409,
            "an admin disabling their own account")
    check("users: an admin cannot disable their own account from the browser (409), and still works",
          S["admin"].get("/staff/users").status == 200)
    refused_all("users.enable", up, dis("shinjin", "enable"), ["admin"])
    attempt("users.enable", "admin", S["admin"], up, dis("shinjin", "enable")(S["admin"]), 303)
    check("users: an enabled account signs in again", signin(Client("t"), "shinjin", "new-password-456").status == 303)

    # -- sign-out needs the token too
    c = signed_in("t", "iin")
    r = c.post("/staff/logout", [])
    r2 = c.post("/staff/logout", [("csrf", secrets.token_hex(32))])
    check("csrf: sign-out without or with a wrong token is refused (403) and the session lives on",
          r.status == 403 and r2.status == 403 and c.get("/staff/").status == 200, r, r2)

    print_matrix()


def pad(text, width, right=False):
    """text padded to width terminal columns (East Asian wide characters count two)."""
    w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    fill = " " * max(0, width - w)
    return fill + text if right else text + fill


def print_matrix():
    print("     POST role × action (! = wrong status or wrong effect; '' = allowed to another column)")
    print("     " + f"{'':16}" + "".join(f"{a:>9}" for a in ACTORS))
    for action, cells in MATRIX.items():
        line = f"{action:16}" + "".join(f"{cells.get(a, '·'):>9}" for a in ACTORS)
        print("     " + line)
        for extra in EXTRA.get(action, []):
            print("     " + " " * 18 + extra)


GET_PAGES = [
    # path, {actor: want}; "editor" is digi (デジタル戦略推進課), "other" is hoiku
    ("/staff/", dict(anon="login", admin=200, editor=200, other=200, reviewer=200)),
    (entry_path(year=YEAR, dept=DIGI), dict(anon="login", admin=200, editor=200, other=403)),
    (f"/staff/review/{PLAN}?year={YEAR}", dict(anon="login", admin=200, editor=403, other=403, reviewer=200)),
    (q(f"/staff/review/{PLAN}/dept", name=DIGI, year=YEAR), dict(anon="login", admin=200, editor=403, other=403, reviewer=200)),
    (f"/staff/missing/{PLAN}?year={YEAR}", dict(anon="login", admin=200, editor=403, other=403, reviewer=200)),
    (f"/staff/missing/{PLAN}?year={YEAR}&format=csv", dict(anon="login", admin=200, editor=403, other=403, reviewer=200)),
    ("/staff/periods", dict(anon="login", admin=200, editor=403, other=403, reviewer=403)),
    ("/staff/users", dict(anon="login", admin=200, editor=403, other=403, reviewer=403)),
    (f"/staff/history/{PLAN}/I5-1", dict(anon="login", admin=200, editor=200, other=403, reviewer=200)),
    ("/staff/history/user/digi", dict(anon="login", admin=200, editor=200, other=403, reviewer=200)),
    ("/staff/history/user/jimu", dict(anon="login", admin=200, editor=403, other=403, reviewer=200)),
]


def test_get_matrix():
    clients = {"anon": ANON, "admin": S["admin"], "editor": S["editor"], "other": S["other"], "reviewer": S["reviewer"]}
    print("     GET pages by role (! = wrong)")
    print("     " + pad("", 58) + "".join(f"{a:>9}" for a in clients))
    for path, wants in GET_PAGES:
        cells = []
        for actor, c in clients.items():
            want = wants.get(actor)
            if want is None:
                cells.append("·")
                continue
            r = c.get(path)
            good = want_ok(want, r)
            if good and r.status == 200:
                good = "no-store" in (r.header("Cache-Control") or "")
            if good and want == "login":
                nxt = urllib.parse.parse_qs(urllib.parse.urlsplit(r.location()).query).get("next", [""])[0]
                good = r.status == 401 or nxt.startswith(path.split("?")[0])
            cells.append(f"{r.status}{'' if good else '!'}")
            check(f"GET {path} as {actor}: want {want}" + (" (no-store)" if want == 200 else ""), good, r,
                  f"Cache-Control: {r.header('Cache-Control')}")
        print("     " + pad(urllib.parse.unquote(path), 58) + "".join(f"{x:>9}" for x in cells))
    for path in [entry_path(year=YEAR, dept="存在しない課"), entry_path(year=YEAR, dept=DIGI).replace(PLAN, "no-such-plan"),
                 f"/staff/history/{PLAN}/NOPE", q(f"/staff/review/{PLAN}/dept", name="存在しない課", year=YEAR)]:
        r = S["admin"].get(path)
        check(f"GET {urllib.parse.unquote(path)} as admin: 404", r.status == 404, r)


def test_entry_input():
    c = S["editor"]
    f = entry_form(c, DIGI)
    rows = f.numeric_rows(exclude={"I5-1"})
    # every row is an indicator or node of the department (as the public API tells)
    nodes = {n["id"]: n for n in api_all(f"/api/v1/plans/{PLAN}/nodes")}
    inds = {x["id"]: x for x in api_all(f"/api/v1/plans/{PLAN}/indicators")}
    node_of = lambda s: inds[s]["node"] if s in inds else s
    subjects = {f.d[f"subject.{k}"] for k in range(f.rows)}
    foreign = sorted(s for s in subjects if DIGI not in nodes.get(node_of(s), {}).get("departments", []))
    st, ev = api(f"/api/v1/plans/{PLAN}/evaluation?year={YEAR}")
    in_scope = {n["id"] for n in ev["nodes"] if n["in_scope"]}
    mine = sorted(x for x in inds if DIGI in nodes[inds[x]["node"]]["departments"] and inds[x]["node"] in in_scope)
    missing = sorted(set(mine) - subjects)
    check(f"entry form: the editor's form has a row for every indicator of the department and no other ({f.rows} rows)",
          not foreign and not missing and len(rows) >= 15, f"not the department's: {foreign}", f"missing: {missing}")
    ROWS.extend(rows)
    (n_i, n_s, _), (m_i, m_s, _), (q_i, q_s, _), (b_i, b_s, _), (b2_i, b2_s, _) = rows[:5]

    # full-width digits and commas are read as the number
    seq = audit_seq()
    r = c.post(f"/staff/entry/{PLAN}", f.body(c.csrf, "save", {n_i: {"num": "１，２３４"}}))
    f2 = entry_form(c, DIGI)
    saves = audit_since(seq, "entry.save", n_s)
    check("entry: １，２３４ (full-width, with a comma) is saved (303) and the form shows 1234",
          r.status == 303 and plain_num(f2.value(f"num.{n_i}")) == "1234", r, f2.value(f"num.{n_i}"))
    check("entry: the audit row of that save has new value 1234", len(saves) == 1 and "1234" in plain_num(saves[0].get("new")),
          saves)
    rc, out, err = cli("audit", "--plan", PLAN, "--subject", n_s, "--format", "csv")
    check("entry: `shinchoku audit --subject --format csv` lists the web save (entry.save, digi, 1234)",
          rc == 0 and "entry.save" in out and "digi" in out and "1234" in plain_num(out), out, err)
    check("entry: only the changed row was written (one entry.save in all)", len(audit_since(seq, "entry.save")) == 1,
          audit_since(seq))

    # unreadable numbers: 422, a message, nothing stored (not even the readable row beside it)
    f = f2
    for typed in ["12あ4", "1.2.3", "abc"]:
        before = snapshot()
        r = c.post(f"/staff/entry/{PLAN}", f.body(c.csrf, "save", {b_i: {"num": "777"}, b2_i: {"num": typed}}))
        after = snapshot()
        form_again = any(k == "rows" for fm in forms_of(r.body) for k, _ in fm["fields"])
        check(f"entry: unreadable number {typed!r} gets 422, the form again with the typed text, nothing stored",
              r.status == 422 and form_again and typed in r.body and not changed_tables(before, after),
              r, f"changed: {changed_tables(before, after)}")
    new = sorted(t for t in texts(r.body) - texts(f.resp.body) if re.search("[ぁ-んァ-ヶ一-龥]", t) and typed not in t)
    check("entry: the 422 page has a message (Japanese text the plain form does not have)", r.status == 422 and new,
          strip_tags(r.body)[:400])
    print(f"     (the 422 message: {new[:2]})")

    # a row with only a comment, a date or a grade's basis: 422 with the form as typed, not 500
    f = entry_form(c, DIGI)
    empty = [i for i, _, _ in f.numeric_rows() if not f.value(f"num.{i}") and not f.value(f"text.{i}")]
    cases = [(c, f, empty[0], "note", "コメントだけ書きました"), (c, f, empty[0], "as_of", "2024-03-31")] if empty else []
    admin = S["admin"]
    for dept in sorted({d for n in api_all(f"/api/v1/plans/{PLAN}/nodes") for d in n.get("departments", [])}):
        g = entry_form(admin, dept)
        grades = [i for i in range(g.rows) if g.value(f"kind.{i}") == "grade" and not g.value(f"text.{i}")]
        if grades:
            cases.append((admin, g, grades[0], "note", "根拠だけ書きました"))
            break
    check("entry: the forms have an empty numeric row and an empty grade row to try", len(cases) == 3, cases)
    for who, f, i, field, typed in cases:
        before = snapshot()
        r = who.post(f"/staff/entry/{PLAN}", f.body(who.csrf, "save", {i: {field: typed}}))
        after = snapshot()
        again = EntryForm(r) if r.status == 422 else None
        check(f"entry: a {f.value(f'kind.{i}')} row with only {field} gets 422, the form keeps {typed!r}, nothing stored",
              r.status == 422 and again is not None and again.value(f"{field}.{i}") == typed and
              not changed_tables(before, after), r, f"changed: {changed_tables(before, after)}")

    # markup and SQL are stored verbatim and shown escaped
    f = entry_form(c, DIGI)
    r = c.post(f"/staff/entry/{PLAN}", f.body(c.csrf, "save", {m_i: {"num": "10", "note": MARKUP},
                                                               q_i: {"num": "11", "note": SQL, "text": SQL}}))
    check("entry: markup and SQL typed into note and text are accepted (303)", r.status == 303, r)
    check("entry: the markup is stored verbatim", stored_anywhere("entries", MARKUP))
    check("entry: the SQL is stored verbatim (note and text) and the entries table is still there",
          stored_anywhere("entries", SQL) and table_exists("entries"))
    f = entry_form(c, DIGI)
    check("entry: the form shows the markup back as text (escaped; the parsed value is the typed one)",
          f.value(f"note.{m_i}") == MARKUP and not any(x in f.resp.body for x in RAW), f.value(f"note.{m_i}"))
    check("entry: the form shows the SQL back exactly", f.value(f"note.{q_i}") == SQL and f.value(f"text.{q_i}") == SQL,
          f.value(f"note.{q_i}"), f.value(f"text.{q_i}"))
    r = S["reviewer"].post(f"/staff/comment/{PLAN}", [("csrf", S["reviewer"].csrf), ("subject", m_s),
                                                      ("year", str(YEAR)), ("text", COMMENT_MARKUP)])
    check("comment: markup in a comment is accepted and stored verbatim", r.status == 303 and stored_anywhere("comments", COMMENT_MARKUP), r)
    MARKED.update({"row": m_s, "node": node_of(m_s)})


def test_due_and_waiting():
    """A due date set on /staff/periods: staff see the days left, the secretariat's start page
    lists the departments that wait for it across plans."""
    import datetime
    a, ed = S["admin"], S["editor"]
    jst = datetime.timezone(datetime.timedelta(hours=9))
    today = datetime.datetime.now(jst).date()
    post = lambda day: a.post("/staff/periods", [("csrf", a.csrf), ("plan", PLAN), ("year", str(YEAR)),
                                                 ("action", "due"), ("due", day)])
    seq = audit_seq()
    soon = today + datetime.timedelta(days=3)
    r = post(f"R{soon.year - 2018}.{soon.month}.{soon.day}")
    rows = audit_since(seq, "period.due")
    check("periods: the secretariat sets the 2024 due date in era form (303), audited as period.due with the ISO date",
          r.status == 303 and len(rows) == 1 and rows[0]["new"] == soon.isoformat() and rows[0]["actor"] == "jimu", r, rows)
    f = entry_form(ed, DIGI)
    m = re.search(r'id="due">([^<]*)<', f.resp.body)
    check("entry: the form says the due date and 「あと3日」", m and "あと3日" in m.group(1) and f"{soon.month}月{soon.day}日" in m.group(1),
          m and m.group(1))
    st = ed.get("/staff/")
    check("start page: the editor sees the due date and the days left of the open year", "あと3日" in strip_tags(st.body),
          strip_tags(st.body)[:500])
    r = post("abc")
    check("periods: a due date that is not a date gets 422", r.status == 422, r)
    past = today - datetime.timedelta(days=2)
    post(past.isoformat())
    st = a.get("/staff/")
    sec = re.search(r'<section id="waiting">(.*?)</section>', st.body, re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", sec.group(1), re.S) if sec else []
    late = [r_ for r_ in rows if SILENT in r_]
    check(f"start page: the secretariat's list names {SILENT} (never submitted) as late, with a link to its review",
          late and "期限超過（未提出）" in late[0] and "期限を2日過ぎています" in late[0] and "/staff/review/" in late[0],
          rows[:3])
    f = entry_form(ed, DIGI)
    m = re.search(r'id="due">([^<]*)<', f.resp.body)
    check("entry: past the due date the form says 「期限を2日過ぎています」", m and "期限を2日過ぎています" in m.group(1), m and m.group(1))
    check("start page: an editor has no secretariat's list", 'id="waiting"' not in ed.get("/staff/").body)
    r = post("")
    rc, out, err = cli("period", "list", "--plan", PLAN)
    check("periods: an empty due date clears it", r.status == 303 and "提出期限" not in out, r, out)


def test_entry_checks():
    """What a clerk types wrong gets a message in Japanese next to each field, all at once."""
    c = S["editor"]
    f = entry_form(c, DIGI)
    check("entry: the form says that the comment (コメント・根拠) is published",
          "コメント・根拠" in f.resp.body and "公開ページ" in strip_tags(f.resp.body), strip_tags(f.resp.body)[:300])
    inds = {x["id"]: x for x in api_all(f"/api/v1/plans/{PLAN}/indicators")}
    change = ("増減", "差", "変化", "前年比", "収支", "ポイント")
    plain = [(i, s) for i, s, k in f.numeric_rows(exclude={"I5-1"}) if k == "actual"
             and not any(w in inds[s]["name"] + (inds[s].get("unit") or "") for w in change)]
    check("entry: the form has three actual rows of counts to try", len(plain) >= 3, plain)
    (a, _), (b, _), (d, _) = plain[:3]
    before = snapshot()
    r = c.post(f"/staff/entry/{PLAN}", f.body(c.csrf, "save", {a: {"num": "12,3"}, b: {"num": "-5"},
                                                               d: {"num": "１２３"}}))
    after = snapshot()
    body = r.body
    err = lambda i: re.search(rf'id="err-num-{i}">([^<]*)<', body)
    check("entry: 「12,3」 is refused as ambiguous and -5 as a negative count, both at once, nothing stored (422)",
          r.status == 422 and err(a) and "カンマ" in err(a).group(1) and err(b) and "負の数" in err(b).group(1)
          and not changed_tables(before, after), r, f"changed: {changed_tables(before, after)}")
    r = c.post(f"/staff/entry/{PLAN}", f.body(c.csrf, "save", {d: {"num": "１２３"}}))
    f2 = entry_form(c, DIGI)
    check("entry: full-width １２３ alone is saved as 123", r.status == 303 and plain_num(f2.value(f"num.{d}")) == "123",
          r, f2.value(f"num.{d}"))


def api_all(path):
    """Every item of a paged API list."""
    items, url = [], q(path, limit=1000)
    while url:
        st, d = api(url)
        if st != 200:
            raise AssertionError(f"GET {url}: {st} {d}")
        items += d["items"]
        url = d.get("next")
    return items


def texts(body):
    """The text nodes of a page, trimmed."""
    return {t.strip() for t in re.split(r"<[^>]*>", body) if t.strip()}


def strip_tags(body):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", body))


def table_exists(name):
    con = db()
    try:
        return name in con.tables()
    finally:
        con.close()


ROWS = []  # the numeric rows of digi's form, other than I5-1's (the review's)
MARKED = {}


def test_lost_updates():
    (l_i, l_s, l_k) = ROWS[5]
    a, b = S["editor"], S["admin"]
    fa, fb = entry_form(a, DIGI), entry_form(b, DIGI)
    check("lost update: both forms were made from the same version",
          fa.value(f"version.{l_i}") == fb.value(f"version.{l_i}"), fa.value(f"version.{l_i}"), fb.value(f"version.{l_i}"))
    seq = audit_seq()
    ra = a.post(f"/staff/entry/{PLAN}", fa.body(a.csrf, "save", {l_i: {"num": "424242"}}))
    rb = b.post(f"/staff/entry/{PLAN}", fb.body(b.csrf, "save", {l_i: {"num": "515151"}}))
    check("lost update: the first save 303, the second 409", ra.status == 303 and rb.status == 409, ra, rb)
    check("lost update: the 409 page shows the value stored now (424242) beside the one typed (515151)",
          shows_num(rb.body, 424242) and shows_num(rb.body, 515151), strip_tags(rb.body)[:400])
    now = entry_form(a, DIGI)
    check("lost update: the stored value is still the first one", plain_num(now.value(f"num.{l_i}")) == "424242",
          now.value(f"num.{l_i}"))
    check("lost update: the audit has exactly one entry.save for the row",
          len(audit_since(seq, "entry.save", l_s)) == 1, audit_since(seq))


def fire(jobs):
    """Send jobs [(client, path, fields)] at once (each on a connection opened beforehand,
    released together by a barrier); the responses in job order."""
    out = [None] * len(jobs)
    barrier = threading.Barrier(len(jobs))

    def run(k, client, path, fields):
        conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
        try:
            conn.connect()
            barrier.wait()
            out[k] = client.request("POST", path, fields, cookies=dict(client.cookies), conn=conn)
        except Exception as e:  # noqa: BLE001 — reported as the response
            out[k] = Resp(0, [], f"{type(e).__name__}: {e}")

    threads = [threading.Thread(target=run, args=(k, *job)) for k, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_concurrent():
    n = 8
    (c_i, c_s, c_k) = ROWS[6]
    f = entry_form(S["editor"], DIGI)
    seq = audit_seq()
    jobs = []
    for k in range(n):
        cl = S["editor"] if k % 2 == 0 else S["admin"]
        jobs.append((cl, f"/staff/entry/{PLAN}", f.body(cl.csrf, "save", {c_i: {"num": str(60000 + k)}})))
    rs = fire(jobs)
    codes = [r.status for r in rs]
    winners = [k for k, r in enumerate(rs) if r.status == 303]
    check(f"concurrent: {n} saves of one row from the same version: exactly one 303, the rest 409",
          len(winners) == 1 and codes.count(409) == n - 1, codes, *[r for r in rs if r.status not in (303, 409)][:2])
    saves = audit_since(seq, "entry.save", c_s)
    check("concurrent: the audit has exactly one entry.save for the row", len(saves) == 1, saves)
    now = entry_form(S["editor"], DIGI)
    if winners:
        check("concurrent: the stored value is the winner's",
              plain_num(now.value(f"num.{c_i}")) == str(60000 + winners[0]), now.value(f"num.{c_i}"))

    # different rows from one form at once: every save lands
    rows = ROWS[7:7 + n]
    f = entry_form(S["editor"], DIGI)
    seq = audit_seq()
    jobs = []
    for k, (i, s, kind) in enumerate(rows):
        cl = S["editor"] if k % 2 == 0 else S["admin"]
        jobs.append((cl, f"/staff/entry/{PLAN}", f.body(cl.csrf, "save", {i: {"num": str(70000 + k)}})))
    rs = fire(jobs)
    codes = [r.status for r in rs]
    check(f"concurrent: {len(rows)} saves of different rows from one form all succeed (303)", codes == [303] * len(rows),
          codes, *[r for r in rs if r.status != 303][:2])
    now = entry_form(S["editor"], DIGI)
    lost = [(s, kind, now.value(f"num.{i}")) for k, (i, s, kind) in enumerate(rows)
            if plain_num(now.value(f"num.{i}")) != str(70000 + k)]
    check("concurrent: nothing lost: the form shows every one of them", not lost, lost)
    saves = audit_since(seq, "entry.save")
    check("concurrent: one entry.save per row, none for the untouched rows",
          sorted((r["subject"]) for r in saves) == sorted(s for _, s, _ in rows), [(r["subject"], r.get("field")) for r in saves])


def api(path):
    import json
    r = ANON.get(path)
    return r.status, (json.loads(r.body) if r.status == 200 else r.body)


def public_values(indicator, year=YEAR):
    """The published actuals and projections of an indicator in a year (the API)."""
    st, d = api(q(f"/api/v1/plans/{PLAN}/values", indicator=indicator, limit=100))
    if st != 200:
        raise AssertionError(f"values API: {st} {d}")
    return [v for v in d["items"] if v["year"] == year and v["kind"] in ("actual", "projection")]


def public_grade(node):
    st, d = api(f"/api/v1/plans/{PLAN}/evaluation?year={YEAR}")
    return [n["grade"] for n in d["nodes"] if n["id"] == node][0]


def public_page(node):
    return ANON.get(f"/plan/{PLAN}/node/{node}?year={YEAR}")


def strip_tags(html_text):
    return re.sub(r"<[^>]+>", "", html_text or "").strip()


def home_headline():
    """The headline paragraph of the plan on the home page."""
    body = ANON.get("/").body
    i = body.find(f'href="/plan/{PLAN}"')
    m = re.search(r'<p class="headline">.*?</p>', body[i:], re.S) if i >= 0 else None
    return m.group(0) if m else ""


def draft_headline(body, year):
    """The draft headline /staff/publish shows in the row of year (a fiscal year)."""
    for row in re.findall(r"<tr>.*?</tr>", body, re.S):
        if f"（{year}年度）" in row and "下書き" in row and PLAN in body:
            m = re.search(r'<p class="headline">.*?</p>', row, re.S)
            return m.group(0) if m else ""
    return ""


def test_review():
    ed, ad, rv = S["editor"], S["admin"], S["reviewer"]
    touched = sorted({s for _, s, _ in ROWS[:15]} | {"I5-1"})
    grade_before = public_grade("I5")
    first = public_page("I5")
    page_before, etag_before = first.body, first.header("ETag")
    f = entry_form(ed, DIGI)
    i = f.find("I5-1", "actual")
    r1 = ed.post(f"/staff/entry/{PLAN}", f.body(ed.csrf, "save", {i: {"num": "12,300", "note": "速報値"}}))
    check("review: the editor saves I5-1 (303)", r1.status == 303, r1)
    drafts_public = [(s, public_values(s)) for s in touched if public_values(s)]
    check("review: drafts are nowhere in the API (no 2024 actual or projection of any touched indicator)",
          not drafts_public, drafts_public)
    check("review: drafts are not on the public page (12300 absent, grade unchanged)",
          not shows_num(public_page("I5").body, 12300) and public_grade("I5") == grade_before)
    rv_page = rv.get(q(f"/staff/review/{PLAN}/dept", name=DIGI, year=YEAR))
    check("review: a reviewer sees the draft on the department's review page, marked as a draft (下書き)",
          rv_page.status == 200 and shows_num(rv_page.body, 12300) and "下書き" in rv_page.body, rv_page)

    seq = audit_seq()
    f = entry_form(ed, DIGI)
    r = ed.post(f"/staff/entry/{PLAN}", f.body(ed.csrf, "submit"))
    subs = audit_since(seq, "entry.submit")
    check("review: the editor submits (303); every draft of the department is submitted, I5-1 among them",
          r.status == 303 and any(s["subject"] == "I5-1" for s in subs) and len(subs) >= 10, r, len(subs))
    check("review: submitted is not published (no 2024 actual for I5-1 in the API)", not public_values("I5-1"))
    # the page after the submission warns (it is not an error) about the rows left empty, naming them
    names = {x["id"]: x["name"] for x in api_all(f"/api/v1/plans/{PLAN}/indicators")}
    filled = lambda i: f.value(f"num.{i}") or f.value(f"text.{i}")
    empty = sorted({f.value(f"subject.{i}") for i in range(f.rows) if f.value(f"kind.{i}") != "grade"} -
                   {f.value(f"subject.{i}") for i in range(f.rows) if f.value(f"kind.{i}") != "grade" and filled(i)})
    after = ed.get(r.location())
    warn = re.search(r'<div[^>]*id="empty-warning"[^>]*>(.*?)</div>', after.body, re.S)
    items = re.findall(r"<li>(.*?)</li>", warn.group(1)) if warn else []
    named = [s for s in empty if any(names[s] in it for it in items)]
    check(f"entry: after submitting, a warning names the {len(empty)} indicators left empty (each by name)",
          after.status == 200 and warn and empty and named == empty and "空欄のまま提出" in warn.group(1),
          after, f"empty: {empty}", f"items: {items[:5]}")

    # the missing list: who has not submitted
    r = ad.get(f"/staff/missing/{PLAN}?year={YEAR}&format=csv")
    listed = {line.split(",")[0].strip('"') for line in r.body.splitlines()[1:]}
    check("missing list: CSV (text/csv) naming こども政策課 (never submitted), not デジタル戦略推進課 (submitted) nor 保育幼稚園課 (approved)",
          r.status == 200 and "csv" in (r.header("Content-Type") or "") and SILENT in listed and DIGI not in listed
          and HOIKU not in listed, r)
    r = ad.get(f"/staff/missing/{PLAN}?year={YEAR}")
    check("missing list: the page names こども政策課 and not デジタル戦略推進課 nor 保育幼稚園課",
          r.status == 200 and SILENT in texts(r.body) and DIGI not in texts(r.body) and HOIKU not in texts(r.body), r)

    r = ad.get(f"/staff/review/{PLAN}?year={YEAR}")
    check("review: the overview lists the submitting department", r.status == 200 and DIGI in texts(r.body), r)
    dept_page = ad.get(q(f"/staff/review/{PLAN}/dept", name=DIGI, year=YEAR))
    check("review: the department page shows the entered value and grades before → after",
          dept_page.status == 200 and shows_num(dept_page.body, 12300) and "→" in dept_page.body, dept_page)

    # return: a reason is required
    rp = f"/staff/review/{PLAN}"
    before = snapshot()
    r = ad.post(rp, [("csrf", ad.csrf), ("year", str(YEAR)), ("dept", DIGI), ("action", "return"), ("reason", "")])
    check("review: return without a reason is refused (400/422) and changes nothing",
          r.status in (400, 422) and not changed_tables(before, snapshot()), r)
    seq = audit_seq()
    reason = "速報値ではなく確定値を入力してください"
    r = ad.post(rp, [("csrf", ad.csrf), ("year", str(YEAR)), ("dept", DIGI), ("action", "return"), ("reason", reason)])
    rets = audit_since(seq, "entry.return", "I5-1")
    check("review: return with a reason (303; entry.return with the reason)", r.status == 303 and rets and rets[0].get("reason") == reason,
          r, rets)
    f = entry_form(ed, DIGI)
    check("review: the editor's form shows the entry returned (差戻し) with the reason",
          "差戻し" in f.resp.body and reason in f.resp.body, strip_tags(f.resp.body)[:300])
    r = ed.post(f"/staff/entry/{PLAN}", f.body(ed.csrf, "save", {i: {"num": "12,345", "note": "確定値"}}))
    check("review: a returned entry is editable again (save 303)", r.status == 303, r)
    f = entry_form(ed, DIGI)
    r = ed.post(f"/staff/entry/{PLAN}", f.body(ed.csrf, "submit"))
    check("review: and submitted again (303)", r.status == 303, r)

    # approval carries the versions the page showed: a value re-submitted after the page was
    # opened is refused (409, the page again with a message), never published unseen
    approve = lambda seen: [("csrf", ad.csrf), ("year", str(YEAR)), ("dept", DIGI), ("action", "approve"),
                            ("seen", seen)]
    stale_refused = 0
    trials = 5
    for k in range(trials):
        shown = seen_of(ad, DIGI)
        f = entry_form(ed, DIGI)
        ed.post(f"/staff/entry/{PLAN}", f.body(ed.csrf, "submit", {i: {"num": str(50000 + k), "note": "差し替え"}}))
        before = snapshot()
        r = ad.post(rp, approve(shown))
        if r.status == 409 and "承認しませんでした" in r.body and not changed_tables(before, snapshot()) \
                and not public_values("I5-1") and any(k == "seen" for fm in forms_of(r.body) for k, _ in fm["fields"]):
            stale_refused += 1
    check(f"review: approving with a page opened before a re-submission: 409, the form again, nothing approved "
          f"({stale_refused} of {trials} refused)", stale_refused == trials, r)
    before = snapshot()
    r = ad.post(rp, [("csrf", ad.csrf), ("year", str(YEAR)), ("dept", DIGI), ("action", "approve")])
    check("review: an approval without the page's versions is refused (400) and changes nothing",
          r.status == 400 and not changed_tables(before, snapshot()), r)
    f = entry_form(ed, DIGI)
    r = ed.post(f"/staff/entry/{PLAN}", f.body(ed.csrf, "submit", {i: {"num": "12,345", "note": "確定値"}}))
    check("review: the editor submits the final value again (303)", r.status == 303, r)

    headline_before = home_headline()
    seq = audit_seq()
    r = ad.post(rp, approve(seen_of(ad, DIGI)))
    appr = audit_since(seq, "entry.approve", "I5-1")
    check("review: the secretariat approves (303; entry.approve of I5-1 by jimu, replacing nothing)",
          r.status == 303 and len(appr) == 1 and appr[0]["actor"] == "jimu" and not (appr[0].get("old") or ""), r, appr)
    # issue 16, publication: approved but 2024 not published, so nothing public moves
    time.sleep(0.5)
    check("publication: before 2024 is published the home headline is still 令和5年度's 45.1% (as 資料1 printed it)",
          "令和5年度" in headline_before and "45.1%" in headline_before and home_headline() == headline_before,
          headline_before, home_headline())
    check("publication: the approved 2024 actual of I5-1 is not in the API while 2024 is a draft",
          not public_values("I5-1"), public_values("I5-1"))
    pub = ad.get("/staff/publish")
    draft = draft_headline(pub.body, YEAR)
    check("publication: /staff/publish marks 2024 下書き and shows the draft's headline with the approved figures",
          pub.status == 200 and draft and "令和6年度" in draft and draft != headline_before, pub.status, draft)
    check("publication: an editor may not publish (403)",
          ed.post("/staff/publish", [("csrf", ed.csrf), ("plan", PLAN), ("year", str(YEAR)),
                                     ("action", "publish")]).status == 403)
    seq = audit_seq()
    r = ad.post("/staff/publish", [("csrf", ad.csrf), ("plan", PLAN), ("year", str(YEAR)), ("action", "publish")])
    pubs = audit_since(seq, "publish")
    check("publication: the secretariat publishes 2024 (303, audited as publish by jimu)",
          r.status == 303 and [(a["actor"], a["year"]) for a in pubs] == [("jimu", YEAR)], r, pubs)
    after = ""
    for _ in range(50):
        after = home_headline()
        if after != headline_before:
            break
        time.sleep(0.1)
    check("publication: once published, the home headline is 2024's, the one the draft showed",
          "令和6年度" in after and strip_tags(after) == strip_tags(draft), after, draft)
    # the site reloads after publishing: poll briefly
    vals = []
    for _ in range(50):
        vals = public_values("I5-1")
        if vals:
            break
        time.sleep(0.1)
    check("review: the API shows the approved actual of I5-1 for 2024 (12345)",
          [(v["kind"], plain_num(v["value"]).split(".")[0]) for v in vals] == [("actual", "12345")], vals)
    grade = public_grade("I5")
    rc, out, err = cli("eval", "--plan", PLAN, "--year", str(YEAR), "--format", "csv")
    cli_grade = [ln.split(",")[11] for ln in out.splitlines() if ln.startswith("node,I5,")]
    # 12345 / 35000 (the 2024 target) = 35.3 %, below the policy's 70 % for ○: △
    check("review: the API grade of I5 moved from none to △ (12345 / 35000), as `shinchoku eval` computes it",
          grade_before is None and grade == "△" and cli_grade == ["△"], grade_before, grade, cli_grade)
    again = ANON.request("GET", f"/plan/{PLAN}/node/I5?year={YEAR}", headers={"If-None-Match": etag_before or '""'})
    check("review: a cached copy of the public page is stale now: its ETag gets 200 with the new page, not 304",
          etag_before and again.status == 200 and again.header("ETag") != etag_before, again)
    page = public_page("I5").body
    check("review: the public page shows the new actual and grade",
          shows_num(page, 12345) and re.search(r'class="grade[^"]*">△', page) is not None and page != page_before)
    check("review: the grade after approval is the one the review page announced", grade is not None and grade in dept_page.body,
          grade)
    h = ad.get(f"/staff/history/{PLAN}/I5-1")
    check("history: /staff/history/PLAN/I5-1 lists the save, submit, return and approve with who did them",
          h.status == 200 and all(w in h.body for w in ("digi", "jimu", reason)) and shows_num(h.body, 12345), h)
    seen = S["editor"].get(f"/staff/history/{PLAN}/I5-1")
    check("history: the editor of the department sees it too", seen.status == 200)


def test_escaped_everywhere():
    node = MARKED.get("node", "I5")
    pages = [
        entry_path(year=YEAR, dept=DIGI),
        q(f"/staff/review/{PLAN}/dept", name=DIGI, year=YEAR),
        f"/staff/review/{PLAN}?year={YEAR}",
        f"/staff/history/{PLAN}/{MARKED.get('row', 'I5-1')}",
        f"/staff/history/{PLAN}/{node}",
        "/staff/history/user/digi",
        "/staff/history/user/iin",
        "/staff/users",
        "/staff/",
        f"/plan/{PLAN}/node/{node}?year={YEAR}",
        f"/plan/{PLAN}?year={YEAR}",
    ]
    bad_pages = []
    for p in pages:
        r = S["admin"].get(p)
        if r.status != 200 or any(x in r.body for x in RAW):
            bad_pages.append(f"{r.status} {urllib.parse.unquote(p)}")
    check(f"escaping: no raw <script> or <img onerror> on {len(pages)} staff and public pages showing the typed markup",
          not bad_pages, *bad_pages)
    r = S["admin"].get("/staff/users")
    check("escaping: the users page shows the account name with markup as text",
          "&lt;script&gt;alert(4)&lt;/script&gt;新人" in r.body or "&lt;script>alert(4)&lt;/script>新人" in r.body, strip_tags(r.body)[:300])
    st, d = api(q(f"/api/v1/plans/{PLAN}/values", indicator=MARKED.get("row", "I5-1"), limit=100))
    notes = [v["note"] for v in (d["items"] if st == 200 else []) if v["year"] == YEAR]
    check("escaping: the approved note with markup reaches the API verbatim", MARKUP in notes, notes)



def evaluated_indicators(year):
    st, d = api(f"/api/v1/plans/{PLAN}/evaluation?year={year}")
    if st != 200:
        raise AssertionError(f"evaluation API: {st} {d}")
    return {i["id"]: i for i in d["indicators"]}


def test_policy():
    """The secretariat edits the evaluation policy in the browser: only admins may change it,
    a policy that does not compile is refused with nothing stored, and a stored one is audited
    and recomputes every published grade."""
    import html as htmlmod
    path = f"/staff/policy/{PLAN}"
    check("policy: editors may not open the policy page (403)",
          S["editor"].get(path).status == 403 and S["other"].get(path).status == 403)
    r = S["reviewer"].get(path)
    check("policy: a reviewer reads the policy, without a form to change it",
          r.status == 200 and 'name="policy"' not in r.body and "rate &gt;= 90" in r.body, r)
    r = S["admin"].get(path)
    m = re.search(r'<textarea id="policy" name="policy"[^>]*>(.*?)</textarea>', r.body, re.S)
    if not m:
        raise AssertionError(f"no policy textarea for the admin: {r!r}")
    text = htmlmod.unescape(m.group(1))
    loose = text.replace('"rate >= 90"', '"rate >= 0"')
    broken = text.replace('"rate >= 90"', '"rate >=> 90"')
    if loose == text or broken == text:
        raise AssertionError("the sample policy has no rule 'rate >= 90' to change")

    def fields(policy):
        return lambda c: [("csrf", c.csrf), ("policy", policy), ("reason", "試験のための変更")]

    refused_all("policy", path, fields(loose), ["admin"])
    r = attempt("policy", "admin", S["admin"], path, fields(broken)(S["admin"]), 422,
                note="a policy that does not compile")
    check("policy: the refusal says why, next to the text", "policy-error" in r.body, r)
    year = YEAR - 1  # the last year with actuals
    before = evaluated_indicators(year)
    seq = audit_seq()
    attempt("policy", "admin", S["admin"], path, fields(loose)(S["admin"]), 303)
    after = evaluated_indicators(year)
    top = [g for g in ("◎",)]
    rated = [i for i, x in after.items() if x.get("rate") is not None and x.get("from") == "rule"]
    check("policy: after the change every indicator graded by a rule is ◎ (published at once)",
          rated and all(after[i]["grade"] in top for i in rated), [(i, after[i]["grade"]) for i in rated][:5])
    check("policy: the change moved some published grades",
          any(before[i]["grade"] != after[i]["grade"] for i in rated))
    rows = audit_since(seq, action="policy")
    check("policy: the change is audited with the old and new text and the reason",
          len(rows) == 1 and "rate >= 90" in rows[0]["old"] and "rate >= 0" in rows[0]["new"]
          and rows[0]["reason"] == "試験のための変更" and rows[0]["actor"] == "jimu", rows)
    attempt("policy", "admin", S["admin"], path, fields(text)(S["admin"]), 303, note="restoring the policy")
    check("policy: restoring the text restores the grades", evaluated_indicators(year) == before)

    # the form: the same policy without JSON; what the form does not show is kept
    import json
    page = S["admin"].get(path)
    form = next((f["fields"] for f in forms_of(page.body) if ("mode", "form") in f["fields"]), None)
    check("policy: the admin's page offers a form (basis, digits, each grade's label, condition, legend) "
          "and the JSON as the advanced view",
          form and any(k == "label.0" for k, _ in form) and any(k == "when.0" for k, _ in form)
          and "<details" in page.body and 'name="policy"' in page.body, page)
    if not form:
        return
    d = dict(form)
    change = lambda **kv: [("csrf", S["admin"].csrf)] + [(k, kv.get(k.replace(".", "_"), v)) for k, v in form if k != "csrf"]
    seq = audit_seq()
    r = S["admin"].post(path, change(label_0="とてもよい", digits="2", reason="フォームでの変更"))
    stored = json.loads(db_policy())
    old = json.loads(text)
    check("policy: the form stores the new label and digits (303, audited), every other part of the policy kept",
          r.status == 303 and stored["grades"][0]["label"] == "とてもよい" and stored["digits"] == 2
          and stored["variants"] == old["variants"] and stored["grades"][0]["when"] == old["grades"][0]["when"]
          and len(audit_since(seq, action="policy")) == 1, r, stored.get("grades", [None])[0])
    before_bad = db_policy()
    r = S["admin"].post(path, change(when_0="rate >=> 90"))
    check("policy: a condition that does not compile is refused from the form (422, the message, nothing stored)",
          r.status == 422 and "policy-error" in r.body and db_policy() == before_bad, r)
    r = S["admin"].post(path, change(target_basis="tomorrow"))
    check("policy: a basis not in the list is refused (422)", r.status == 422 and db_policy() == before_bad, r)
    attempt("policy", "admin", S["admin"], path, fields(text)(S["admin"]), 303, note="restoring the policy")
    check("policy: restored after the form tests", evaluated_indicators(year) == before)


def db_policy():
    con = db()
    try:
        return con.q("SELECT policy FROM plans WHERE id = ?", (PLAN,))[0][0]
    finally:
        con.close()


def stored_actual(indicator, year=YEAR):
    """The plan's current actual of indicator in year as stored (text of the number), or None."""
    con = db()
    try:
        rows = con.q("SELECT num FROM indicator_values WHERE plan = ? AND indicator = ? AND year = ?"
                     " AND kind = 'actual' AND superseded = 0 ORDER BY seq DESC LIMIT 1",
                     (PLAN, indicator, year))
    finally:
        con.close()
    row = rows[0] if rows else None
    return None if row is None or row[0] is None else str(row[0] // 1000000)


def test_workbook_while_approving():
    """A department workbook imported on the command line while the secretariat approves another
    department's figures in the browser: neither may undo the other (the workbook path applies
    only its own changes in one write transaction, like approval)."""
    import openpyxl  # Debian's python3-openpyxl (tools/deps.sh); only this test needs it
    ed, ad = S["editor"], S["admin"]
    rp = f"/staff/review/{PLAN}"
    trials, lost_approvals, lost_workbooks, failures = 12, 0, 0, []
    for k in range(trials):
        f = entry_form(ed, DIGI)
        i = f.find("I5-1", "actual")
        approved = str(60000 + k)
        r = ed.post(f"/staff/entry/{PLAN}", f.body(ed.csrf, "submit", {i: {"num": approved}}))
        seen = seen_of(ad, DIGI)
        wb_path = os.path.join(os.path.dirname(DB), f"silent-{k}.xlsx")
        rc, out, err = cli("export", "--plan", PLAN, "--department", SILENT, "--year", str(YEAR), "--format", "xlsx",
                           "-o", wb_path)
        wb = openpyxl.load_workbook(wb_path)
        ws = wb["実績入力"]
        col = [c.value for c in ws[1]].index("実績（入力）") + 1
        entered_for, entered = ws["A2"].value, 800 + k
        ws.cell(row=2, column=col, value=entered)
        wb.save(wb_path)
        imp = subprocess.Popen([BIN, "--db", DB, "import", wb_path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(0.004 * (k % 8))  # the approval lands at a different point of the import each trial
        ra = ad.post(rp, [("csrf", ad.csrf), ("year", str(YEAR)), ("dept", DIGI), ("action", "approve"), ("seen", seen)])
        iout, ierr = imp.communicate(timeout=60)
        if r.status != 303 or ra.status != 303 or imp.returncode != 0:
            failures.append((k, r.status, ra.status, imp.returncode, ierr.decode()[-300:]))
        lost_approvals += stored_actual("I5-1") != approved
        lost_workbooks += stored_actual(entered_for) != str(entered)
    check(f"workbook import while approving: {trials} trials, every step succeeded", not failures, failures)
    check(f"workbook import while approving: lost approvals {lost_approvals} of {trials}, lost workbook values "
          f"{lost_workbooks} of {trials} (want 0)", lost_approvals == 0 and lost_workbooks == 0)


def test_import_keeps_approved():
    """A full import of the file the store began with (exported before any approval) would
    drop the figures approved since: refused naming them, or replaced with --force and audited."""
    approved = stored_actual("I5-1")
    seq = audit_seq()
    before = snapshot()
    rc, out, err = cli("import", "samples/001-kagoshima-dx")
    check("import of an older file: refused (exit 1) naming the approved figure, with a Japanese message; nothing stored",
          rc == 1 and "I5-1 2024 actual" in err and "承認済み" in err and "--force" in err
          and not changed_tables(before, snapshot()) and stored_actual("I5-1") == approved, rc, err)
    rc, out, err = cli("import", "samples/001-kagoshima-dx", "--force")
    forced = audit_since(seq, "import.force", "I5-1")
    check("import --force replaces it and audits import.force with the approved figure as old",
          rc == 0 and len(forced) == 1 and approved in plain_num(forced[0].get("old") or "")
          and stored_actual("I5-1") != approved, rc, err, forced)


# ---- workbook upload (/staff/upload/PLAN) ------------------------------------------------------

XLSX_SHEET, ACTUAL_COL, STATUS_COL = "実績入力", "実績（入力）", "状況（入力）"


def workbook(dept, year=YEAR, fill=None, meta=None):
    """A department workbook as `shinchoku export` writes it, then cells filled as a clerk would
    in Excel (openpyxl): fill {(indicator, column header): value}, meta {key: value} on the hidden
    _shinchoku sheet (another plan's workbook). Returns the file's bytes."""
    import openpyxl  # Debian's python3-openpyxl (tools/deps.sh)
    path = os.path.join(os.path.dirname(DB), f"upload-{secrets.token_hex(4)}.xlsx")
    rc, out, err = cli("export", "--plan", PLAN, "--department", dept, "--year", str(year), "--format", "xlsx",
                       "-o", path)
    if rc != 0:
        raise AssertionError(f"export of the {dept} workbook: {err}")
    if fill or meta:
        wb = openpyxl.load_workbook(path)
        ws = wb[XLSX_SHEET]
        head = [c.value for c in ws[1]]
        rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
        for (ind, col), v in (fill or {}).items():
            ws.cell(row=rows[ind], column=head.index(col) + 1, value=v)
        m = wb["_shinchoku"]
        for r in range(1, m.max_row + 1):
            if m.cell(row=r, column=1).value in (meta or {}):
                m.cell(row=r, column=2, value=meta[m.cell(row=r, column=1).value])
        wb.save(path)
    with open(path, "rb") as f:
        data = f.read()
    os.unlink(path)
    return data


def send_workbook(client, data, dept=DIGI, name="入力ブック.xlsx", plan=PLAN, csrf=True, **kw):
    fields = [("csrf", client.csrf)] if csrf else []
    fields += [("year", str(YEAR)), ("dept", dept)]
    return client.upload(f"/staff/upload/{plan}", fields, [("workbook", name, data)] if data is not None else [], **kw)


def send_big(client, data, chunked):
    """A workbook padded past the 8 MiB limit, sent over a raw socket: the server may answer 413
    and close before the body is through, which http.client reports as a broken pipe."""
    import socket
    ctype, body = multipart([("csrf", client.csrf), ("year", str(YEAR)), ("dept", DIGI)],
                            [("workbook", "big.xlsx", data + b"\0" * (8 * 1024 * 1024 + 1))])
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    head = (f"POST /staff/upload/{PLAN} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\nCookie: {cookie}\r\n"
            f"Content-Type: {ctype}\r\nConnection: close\r\n")
    head += "Transfer-Encoding: chunked\r\n\r\n" if chunked else f"Content-Length: {len(body)}\r\n\r\n"
    sock = socket.create_connection((HOST, PORT), timeout=60)
    try:
        sock.sendall(head.encode())
        for i in range(0, len(body), 65536):
            piece = body[i:i + 65536]
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        if chunked:
            sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # answered and closed early: read the answer
    answer = b""
    try:
        while True:
            got = sock.recv(65536)
            if not got:
                break
            answer += got
    except OSError:
        pass
    sock.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.") else 0
    return Resp(status, [], answer.partition(b"\r\n\r\n")[2].decode("utf-8", "replace"))


def upload_form_of(body):
    return [f for f in forms_of(body) if f["action"].startswith("/staff/upload/")]


def test_upload():
    """A clerk sends the filled department workbook from the entry page: the same checks as
    `shinchoku import` (Japanese messages naming sheet and cell), a preview of what changes
    with nothing stored but the audit row, then the preview's button saves and submits the
    values as entries. Hostile uploads are refused and change nothing."""
    ed, ad, rv = S["editor"], S["admin"], S["reviewer"]
    page = ed.get(entry_path(year=YEAR, dept=DIGI))
    forms = upload_form_of(page.body)
    check("upload: the entry page offers the workbook upload (multipart form with a file input and the CSRF field)",
          page.status == 200 and forms and 'enctype="multipart/form-data"' in page.body and 'type="file"' in page.body
          and any(k == "csrf" for k, _ in forms[0]["fields"]), page)
    stamp = 4100 + secrets.randbelow(800)
    good = workbook(DIGI, fill={("I4-1", ACTUAL_COL): stamp, ("I14-1", ACTUAL_COL): "", ("I14-1", STATUS_COL): "集計中"})
    before, seq = snapshot(), audit_seq()
    r = send_workbook(ed, good, name="デジタル戦略推進課_R6.xlsx")
    ups = audit_since(seq, "entry.upload", DIGI, YEAR)
    changed = changed_tables(before, snapshot())
    import hashlib
    check("upload: a filled workbook gives the preview (200): both changes named with the new values, nothing saved",
          r.status == 200 and 'id="changes"' in r.body and "利用登録数" in r.body and shows_num(r.body, stamp)
          and "集計中" in r.body and "変わる値は 2 件" in r.body and "デジタル戦略推進課_R6.xlsx" in r.body
          and changed == ["audit"], r, changed)
    check("upload: audited once as entry.upload (the file name, its SHA-256, the number of changes)",
          len(ups) == 1 and ups[0].get("new") == "デジタル戦略推進課_R6.xlsx"
          and hashlib.sha256(good).hexdigest() in (ups[0].get("reason") or "") and "2 changes" in ups[0]["reason"]
          and ups[0].get("actor") == "digi", ups)
    confirm = EntryForm(r)
    sub = ed.post(f"/staff/entry/{PLAN}", confirm.body(ed.csrf, "submit"))
    con = db()
    try:
        stored = con.dicts("SELECT subject, kind, num, text, state FROM entries WHERE plan = ? AND year = ? AND "
                           "department = ? AND subject IN ('I4-1', 'I14-1') AND kind = 'actual'", (PLAN, YEAR, DIGI))
    finally:
        con.close()
    got = {e["subject"]: e for e in stored}
    check("upload: the preview's button saves and submits the workbook's values as entries (303, submitted)",
          sub.status == 303 and "done=submitted" in sub.location() and got.get("I4-1", {}).get("state") == "submitted"
          and got["I4-1"]["num"] == stamp * 1000000  # the store's fixed point, as stored_actual reads it
          and got.get("I14-1", {}).get("text") == "集計中", sub, stored)
    again = send_workbook(ed, good)
    check("upload: the same workbook sent again changes nothing (preview: no changes, no form)",
          again.status == 200 and 'id="no-changes"' in again.body and "変わる値は 0 件" in again.body
          and not any(k == "rows" for f in forms_of(again.body) for k, _ in f["fields"]), again)
    # the checks of `shinchoku import`, in Japanese, naming sheet and cell
    locked = workbook(DIGI, fill={("I4-1", "指標"): "書き換えた名前", ("I5-1", ACTUAL_COL): "12,3"})
    before = snapshot()
    r = send_workbook(ed, locked)
    check("upload: a changed locked cell and an ambiguous number: 422, every problem named by sheet and cell "
          "in Japanese, nothing stored", r.status == 422 and "実績入力!D2" in r.body and "変更できないセル" in r.body
          and "12,3" in r.body and re.search(r"実績入力![A-Z]+3", r.body) and not changed_tables(before, snapshot()), r)
    # hostile uploads: each refused, nothing stored (not even an audit row)
    before = snapshot()
    other_city = workbook(DIGI, meta={"plan": "shibata-dx"})
    cases = [
        ("no file", send_workbook(ed, None), 400, "ファイルが選ばれていません"),
        ("an empty file input", send_workbook(ed, b"", name=""), 400, "ファイルが選ばれていません"),
        ("not an xlsx (text named .xlsx)", send_workbook(ed, "指標ID,実績\nI4-1,1\n".encode(), name="x.xlsx"), 415,
         "Excel のブック"),
        ("a zip that is no workbook", send_workbook(ed, b"PK\3\4" + secrets.token_bytes(300)), 422, "取り込めません"),
        ("a workbook of another format", send_workbook(ed, workbook(DIGI, meta={"format": "something-else"})), 422,
         "所管課入力ブックではありません"),
        ("another department's workbook (保育幼稚園課 by digi)", send_workbook(ed, workbook(HOIKU), dept=HOIKU), 403,
         "入力はできません"),
        ("another department's workbook sent from digi's page", send_workbook(ed, workbook(HOIKU)), 403, "入力はできません"),
        ("another city's workbook to this plan", send_workbook(ed, other_city), 422, "shibata-dx"),
        ("to another city's plan", send_workbook(ed, other_city, plan="shibata-dx"), 403, "権限がありません"),
        ("a workbook of a year whose period is closed (2023)", send_workbook(ed, workbook(DIGI, year=2023)), 403,
         "受付期間ではありません"),
        ("a reviewer", send_workbook(rv, good), 403, ""),
        ("without the CSRF field", send_workbook(ed, good, csrf=False), 403, "確認用の値"),
        ("from another site's page (Origin)", send_workbook(ed, good, headers={"Origin": "https://evil.example"}), 403,
         "ほかのサイト"),
        ("anonymous", send_workbook(ANON, good, csrf=False), 401, ""),
        ("too big (Content-Length over 8 MiB)", send_big(ed, good, chunked=False), 413, ""),
        ("too big, chunked (no Content-Length)", send_big(ed, good, chunked=True), 413, ""),
        ("multipart to a page that takes forms only", ed.upload(f"/staff/entry/{PLAN}", [("csrf", ed.csrf)],
                                                               [("workbook", "a.xlsx", good)]), 415, ""),
        ("a multipart body cut short", ed.request("POST", f"/staff/upload/{PLAN}", raw=(
            "multipart/form-data; boundary=XyZ", b'--XyZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n'
            + ed.csrf.encode())), 400, ""),
        ("multipart without a boundary", ed.request("POST", f"/staff/upload/{PLAN}", raw=("multipart/form-data", good)),
         400, ""),
    ]
    wrong = [(what, want, r.status, r.body[:200]) for what, r, want, text in cases
             if r.status != want or (text and text not in r.body)]
    check(f"upload: {len(cases)} hostile uploads each refused with its status and a Japanese reason", not wrong, *wrong)
    check("upload: the refused uploads stored nothing (not even an audit row)", not changed_tables(before, snapshot()),
          changed_tables(before, snapshot()))
    check("upload: the server still answers after the hostile uploads", ed.get("/staff/").status == 200)
    # the file name is the sender's: shown escaped, cut to its last path part
    r = send_workbook(ed, good, name="C:\\Users\\clerk\\<img src=x onerror=alert(2)>入力.xlsx")
    check("upload: a file name with markup and a Windows path: shown escaped, without the folders",
          r.status == 200 and not any(x in r.body for x in RAW) and "C:" not in r.body
          and "「&lt;img src=x onerror=alert(2)&gt;入力.xlsx」" in r.body, r,
          re.findall(r'id="preview-summary">[^<]*', r.body))
    long_name = "令和6年度実績報告" * 10  # 250 bytes, no extension: cut at 120 bytes, whole characters
    cut = next(long_name[:n] for n in range(len(long_name), 0, -1) if len(long_name[:n].encode()) <= 120)
    r = send_workbook(ed, good, name=long_name)
    check("upload: a long file name is cut to whole characters; a short one ending in kanji is kept whole",
          r.status == 200 and f"「{cut}」を読み取りました" in r.body
          and "「報告」を読み取りました" in send_workbook(ed, good, name="報告").body, r)
    # the secretariat may send any department's workbook
    r = send_workbook(ad, workbook(HOIKU), dept=HOIKU)
    check("upload: the secretariat may send any department's workbook (preview 200)", r.status == 200
          and 'id="preview-summary"' in r.body, r)


def session_ids(client):
    """(id, is this one) of every session /staff/sessions lists for the client's user."""
    r = client.get("/staff/sessions")
    out = []
    for m in re.finditer(r'<tr><td>.*?</td><td>.*?</td><td>(この端末)?</td><td><form[^>]*>.*?name="id" value="(\d+)"',
                         r.body):
        out.append((int(m.group(2)), bool(m.group(1))))
    return r, out


def test_own_account():
    """Any signed-in user changes their own password and sees and ends their own sessions."""
    p = subprocess.run([BIN, "--db", DB, "user", "add", "jibun", "--role", "reviewer", "--municipality", "462012"],
                       input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    check("own account: `user add jibun` (a reviewer) for these tests", p.returncode == 0, p.stderr)
    a, b = signed_in("jibun-a", "jibun"), signed_in("jibun-b", "jibun")
    r, ids = session_ids(a)
    mine = [i for i, cur in ids if cur]
    others = [i for i, cur in ids if not cur]
    check("sessions: /staff/sessions lists both sessions of the user, this one marked (この端末)",
          r.status == 200 and len(ids) == 2 and len(mine) == 1 and len(others) == 1, r, ids)
    r = S["reviewer"].post("/staff/sessions", [("csrf", S["reviewer"].csrf), ("id", str(others[0] if others else 0))])
    check("sessions: another user cannot end them (404) and the session lives on",
          r.status == 404 and b.get("/staff/").status == 200, r)
    r = a.post("/staff/sessions", [("id", str(others[0] if others else 0))])
    check("sessions: ending one without the CSRF token is refused (403)", r.status == 403 and b.get("/staff/").status == 200, r)
    r = a.post("/staff/sessions", [("csrf", a.csrf), ("id", str(others[0] if others else 0))])
    check("sessions: the user ends the other session (303); it is signed out, this one is not",
          r.status == 303 and b.get("/staff/").to_login() and a.get("/staff/").status == 200, r)

    b = signed_in("jibun-b", "jibun")
    new_pw = "atarashii-pasuwado-2025"
    form = lambda cur, new, again: [("csrf", a.csrf), ("current", cur), ("new", new), ("again", again)]
    for why, fields in [("a wrong current password", form("chigau-pasuwado-9999", new_pw, new_pw)),
                        ("11 characters", form(PASSWORD, "mijikai-123", "mijikai-123")),
                        ("a common password", form(PASSWORD, "Password2024!", "Password2024!")),
                        ("the login itself", form(PASSWORD, "Jibun2024!!!", "Jibun2024!!!")),
                        ("two different new ones", form(PASSWORD, new_pw, new_pw + "x"))]:
        seq = audit_seq()
        r = a.post("/staff/password", fields)
        check(f"password: {why} is refused (422, a message in Japanese), the password unchanged",
              r.status == 422 and "変更していません" in r.body and not audit_since(seq, "user.passwd"), r)
    seq = audit_seq()
    r = a.post("/staff/password", form(PASSWORD, new_pw, new_pw))
    changed = audit_since(seq, "user.passwd", "jibun")
    check("password: the user changes their own password (303, audited user.passwd by jibun)",
          r.status == 303 and len(changed) == 1 and changed[0]["actor"] == "jibun", r, changed)
    check("password: this session goes on, every other session of the user has ended",
          a.get("/staff/").status == 200 and b.get("/staff/").to_login())
    check("password: the old password no longer signs in, the new one does",
          signin(Client("t"), "jibun", PASSWORD).status == 401 and signin(Client("t"), "jibun", new_pw).status == 303)


def main_tests():
    global S
    try:
        S = {"admin": signed_in("admin", "jimu"), "editor": signed_in("editor", "digi"),
             "other": signed_in("other", "hoiku"), "reviewer": signed_in("reviewer", "iin")}
        ok("sign-in: admin, two editors and a reviewer made with `shinchoku user add` sign in over HTTP")
    except Exception as e:  # noqa: BLE001
        bad("sign-in of the test accounts", e)
        return
    brute = brute_force_start()
    for t in [test_signin, test_get_matrix, lambda: test_brute_force(brute), test_post_matrix, test_entry_input, test_entry_checks,
              test_lost_updates, test_concurrent, test_review, test_escaped_everywhere, test_policy,
              test_workbook_while_approving, test_import_keeps_approved, test_due_and_waiting, test_own_account,
              test_upload]:
        if os.environ.get("STAFFPY_ONLY") and getattr(t, "__name__", "") != os.environ["STAFFPY_ONLY"]:
            continue  # developing one test: STAFFPY_ONLY=test_upload
        try:
            t()
        except Exception:  # noqa: BLE001 — a test that cannot go on counts as failed
            bad(f"{getattr(t, '__name__', 'test')} stopped", traceback.format_exc(limit=3))


def expiry_tests():
    """A server with SHINCHOKU_SESSION_IDLE=2, SHINCHOKU_SESSION_MAX=3 and --secure-cookies."""
    # the cookie check first: a sign-in hashes a password, and the sessions below are timed
    r = signin(Client("t"), "iin", PASSWORD)
    attrs = r.set_cookies().get("sid", ("", []))[1]
    check("--secure-cookies: the sid cookie is Secure, HttpOnly, SameSite=Strict",
          "secure" in attrs and "httponly" in attrs and "samesite=strict" in attrs, attrs)
    try:
        idle, busy = signed_in("idle", "iin"), signed_in("busy", "jimu")
    except Exception as e:  # noqa: BLE001
        bad("sign-in on the expiry server", e)
        return
    t0 = time.time()  # right after busy's session began: a slow sign-in on a loaded machine cannot age it
    alive = []  # (sent, answered, status): the server judged the session somewhere between the two
    while time.time() - t0 < 4.7:
        sent = time.time() - t0
        status = busy.get("/staff/").status
        alive.append((round(sent, 2), round(time.time() - t0, 2), status))
        time.sleep(0.5)
    check("session: 2 s idle ends a session (the sign-in redirect after 4 s untouched)", idle.get("/staff/").to_login())
    # A loaded machine may hold a request for seconds: judge only the answers known to have been
    # decided early (answered by 1.9 s: within both limits) or late (sent after 4.3 s), not the ones whose send time says so.
    early = [s for sent, answered, s in alive if answered <= 1.9]
    late = [s for sent, answered, s in alive if sent >= 4.3]
    check("session: 3 s in all ends a session in use every 0.5 s", early and set(early) == {200} and late and late[-1] == 303,
          alive)


if __name__ == "__main__":
    t0 = time.time()
    (main_tests if MODE == "main" else expiry_tests)()
    print(f"     ({MODE}: {time.time() - t0:.1f} s)")
    print(f"staffpy: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
