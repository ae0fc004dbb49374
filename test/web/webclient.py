# SPDX-License-Identifier: Apache-2.0
"""webclient.py — a browser for the robustness tests (test/cli/crash.sh, test/web/concurrency.py):
cookies kept by hand, redirects never followed, forms read from the page and submitted with
the fields a browser would send, so the tests keep working whatever hidden fields (versions,
tokens) a form carries. Only the Python standard library; 127.0.0.1 only.
"""
import html.parser
import http.client
import re
import subprocess
import urllib.parse


class Tally:
    """The "ok   NAME" / "FAIL NAME" lines every socket test prints, counted; summary() is the
    "SUITE: N passed, M failed" line tools/test.sh adds up."""

    def __init__(self, suite):
        self.suite, self.passed, self.failed = suite, 0, 0

    def check(self, name, cond, *details):
        if cond:
            self.passed += 1
            print("ok   " + name, flush=True)
        else:
            self.failed += 1
            print("FAIL " + name, flush=True)
            for d in details:
                print("     " + str(d)[:600], flush=True)
        return cond

    def summary(self):
        print(f"{self.suite}: {self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 else 1


def start_server(binary, db, stderr=subprocess.DEVNULL):
    """`shinchoku serve` on 127.0.0.1 and a port the system picks: (process, port), once the
    server has printed its address."""
    p = subprocess.Popen([binary, "--db", db, "serve", "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                         stderr=stderr, text=True)
    line = p.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        p.kill()
        raise AssertionError(f"serve did not start: {line!r}")
    return p, int(m.group(1))


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def __repr__(self):
        return f"{self.status} {self.header('Location') or ''} {self.body[:200]!r}"


class FormParser(html.parser.HTMLParser):
    """Every form of a page: action, fields as a browser submits them (hidden and text inputs,
    textareas, checked boxes, selected options) and its submit buttons apart."""

    def __init__(self):
        super().__init__()
        self.forms, self.form, self.textarea, self.select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"action": a.get("action", ""), "fields": [], "buttons": []}
            self.forms.append(self.form)
            return
        if self.form is None or a.get("name") is None:
            return
        name = a["name"]
        if tag == "input":
            t = (a.get("type") or "text").lower()
            if t in ("submit", "image", "button", "reset"):
                self.form["buttons"].append((name, a.get("value", "")))
            elif t in ("checkbox", "radio"):
                if "checked" in a:
                    self.form["fields"].append((name, a.get("value", "on")))
            elif t != "file":
                self.form["fields"].append((name, a.get("value", "") or ""))
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit":
            self.form["buttons"].append((name, a.get("value", "")))
        elif tag == "textarea":
            self.textarea = [name, ""]
        elif tag == "select":
            self.select = [name, None, None]
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
            v = self.textarea[1]
            if self.form is not None:
                self.form["fields"].append((self.textarea[0], v[1:] if v.startswith("\n") else v))
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


class Client:
    """One browser signed in (or not) to the server at host:port."""

    def __init__(self, host, port, timeout=30):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}

    def request(self, method, path, fields=None):
        c = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            c.request(method, path, body, headers)
            r = c.getresponse()
            data = r.read()
        finally:
            c.close()
        resp = Resp(r.status, r.getheaders(), data.decode("utf-8", "replace"))
        for k, v in resp.headers:
            if k.lower() == "set-cookie":
                parts = [p.strip() for p in v.split(";")]
                name, _, value = parts[0].partition("=")
                gone = not value or any(p.lower() == "max-age=0" for p in parts[1:])
                if gone:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        return resp

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, fields)

    def sign_in(self, login, password):
        page = self.get("/staff/login")
        form = next(f for f in forms_of(page.body) if f["action"] == "/staff/login")
        fields = dict(form["fields"])
        fields.update(login=login, password=password)
        r = self.post("/staff/login", list(fields.items()))
        if r.status != 303:
            raise AssertionError(f"sign-in as {login}: {r!r}")
        return r


def path(p, **args):
    return p + ("?" + urllib.parse.urlencode(args) if args else "")


class EntryForm:
    """The entry form of one department and year, as the page gave it."""

    def __init__(self, client, plan, year, dept):
        self.plan = plan
        self.resp = client.get(path(f"/staff/entry/{plan}", year=year, dept=dept))
        if self.resp.status != 200:
            raise AssertionError(f"entry form {plan} {year} {dept}: {self.resp!r}")
        form = next((f for f in forms_of(self.resp.body) if any(k == "rows" for k, _ in f["fields"])), None)
        if form is None:
            raise AssertionError(f"no entry form in {self.resp!r}")
        self.fields = [(k, v) for k, v in form["fields"] if k != "action"]
        self.d = dict(self.fields)

    def row(self, subject, kind):
        for i in range(int(self.d["rows"])):
            if self.d.get(f"subject.{i}") == subject and self.d.get(f"kind.{i}") == kind:
                return i
        raise AssertionError(f"no row {subject} {kind}")

    def value(self, subject, kind):
        return self.d.get(f"num.{self.row(subject, kind)}")

    def post(self, client, changes, action="save"):
        """Submit the form with {(subject, kind): number} typed in."""
        typed = {f"num.{self.row(s, k)}": str(v) for (s, k), v in changes.items()}
        body = [(k, typed.get(k, v)) for k, v in self.fields] + [("action", action)]
        return client.post(f"/staff/entry/{self.plan}", body)


def approve(client, plan, year, dept, action="approve", reason=""):
    """Press the approve (or return) button of the department's review page."""
    page = client.get(path(f"/staff/review/{plan}/dept", name=dept, year=year))
    if page.status != 200:
        raise AssertionError(f"review page {plan} {year} {dept}: {page!r}")
    for f in forms_of(page.body):
        if any(n == "action" and v == action for n, v in f["buttons"]) or any(
            n == "action" and v == action for n, v in f["fields"]
        ):
            fields = [(k, v) for k, v in f["fields"] if k != "action"]
            if reason:
                fields = [(k, reason if k == "reason" else v) for k, v in fields]
                if not any(k == "reason" for k, _ in fields):
                    fields.append(("reason", reason))
            return client.post(f["action"] or f"/staff/review/{plan}", fields + [("action", action)])
    raise AssertionError(f"no {action} button on the review page of {dept}: {page!r}")
