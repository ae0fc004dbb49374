/* SPDX-License-Identifier: Apache-2.0 */
/*
** fuzz_http.c — libFuzzer target: one HTTP request through the server's own checks and
** routing (web_respond in src/web/server.c, the function libmicrohttpd's callback calls):
** every public page, the API, the assets and the staff pages with their forms, over a store
** holding the sample plan 002-dx-measures, an admin and an editor, each signed in.
**
** The input is a request as text: "METHOD TARGET" on the first line, "Name: value" header
** lines, an empty line, the body. The target is split and its query arguments decoded the
** way libmicrohttpd does it with the server's unescape rule; a Cookie header becomes
** cookies. $SID/$CSRF ($ESID/$ECSRF) are replaced by the admin's (editor's) session token and
** CSRF token, $HEX by 64 hex digits, so the fuzzer reaches the pages behind the sign-in.
** Each request that reaches /staff gets a pristine copy of the store, so every input gives
** the same answer whatever ran before it. Checked for every answer: a status in 100..599,
** text and JSON bodies in UTF-8, JSON bodies parse.
*/
#include "fuzz.h"
#include "model/text.h"
#include "store/staff.h"
#include "web/web.h"
#include <jansson.h>
#include <time.h>

static char db[256], pristine[256];
static char sid[TOKEN_HEX + 1], csrf[TOKEN_HEX + 1], esid[TOKEN_HEX + 1], ecsrf[TOKEN_HEX + 1];
static WebConf conf;
static Site site;
static int site_dirty; /* the site was reloaded after a write: load the pristine one again */

/* The sign-in delay is waiting, not code: the fuzzer does not wait for it. */
int nanosleep(const struct timespec *req, struct timespec *rem) {
  (void)req;
  (void)rem;
  return 0;
}

static void die(const char *what, const char *err) {
  fprintf(stderr, "fuzz_http: %s: %s\n", what, err);
  abort();
}

static void copy_file(const char *from, const char *to) {
  size_t len;
  char *data = read_file(from, &len);
  if (!data) die("read", from);
  fuzz_file(strrchr(to, '/') + 1, (const uint8_t *)data, len);
  free(data);
  char side[300];
  snprintf(side, sizeof side, "%s-wal", to);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", to);
  unlink(side);
}

static void load_site(void) {
  char err[512];
  Store *s = store_open(db, err, sizeof err);
  if (!s || site_load(&site, s, err, sizeof err)) die("site_load", err);
  store_close(s);
}

/* The store: the sample plan, an open period, an admin and an editor with live sessions. */
static void make_store(void) {
  char err[512];
  snprintf(pristine, sizeof pristine, "%s/pristine.db", fuzz_dir());
  snprintf(db, sizeof db, "%s/work.db", fuzz_dir());
  Store *s = store_open(pristine, err, sizeof err);
  if (!s || store_init(s, err, sizeof err)) die("store", err);
  Plan *p = fuzz_sample_plan("002-dx-measures");
  Origin o = {.actor = "os:fuzz", .via = "import", .file = "002-dx-measures"};
  if (store_save(s, p, &o, err, sizeof err)) die("store_save", err);
  Actor who = {"os:fuzz", "cli"};
  const char *depts[] = {"総務課"};
  long long now = (long long)time(NULL);
  if (user_add(s, "fuzzadmin", "事務局", ROLE_ADMIN, NULL, 0, NULL, "a long fuzzing passphrase",
               &who, err, sizeof err) ||
      user_add(s, "fuzzeditor", "総務課の人", ROLE_EDITOR, depts, 1, p->municipality_code,
               "a long fuzzing passphrase", &who, err, sizeof err) ||
      period_set(s, p->id, 2024, 1, &who, err, sizeof err) ||
      session_create(s, "fuzzadmin", now, sid, csrf, err, sizeof err) ||
      session_create(s, "fuzzeditor", now, esid, ecsrf, err, sizeof err))
    die("staff", err);
  plan_free(p);
  store_close(s);
  copy_file(pristine, db);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  setenv("SHINCHOKU_SESSION_IDLE", "100000000", 1); /* the sessions outlive any run */
  setenv("SHINCHOKU_SESSION_MAX", "100000000", 1);
  make_store();
  conf.db = db;
  load_site();
  return 0;
}

/* The input with the $ placeholders replaced (caller frees; *len set). */
static char *expand(const uint8_t *data, size_t size, size_t *len) {
  static const char hex[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  const char *names[] = {"$ESID", "$ECSRF", "$SID", "$CSRF", "$HEX"};
  const char *values[] = {esid, ecsrf, sid, csrf, hex};
  Buf b = {0};
  for (size_t i = 0; i < size;) {
    int hit = -1;
    for (int k = 0; k < 5 && hit < 0; k++)
      if (size - i >= strlen(names[k]) && memcmp(data + i, names[k], strlen(names[k])) == 0)
        hit = k;
    if (hit >= 0) {
      buf_put(&b, values[hit]);
      i += strlen(names[hit]);
    } else {
      buf_putn(&b, (const char *)data + i, 1);
      i++;
    }
  }
  *len = b.len;
  return b.s ? buf_detach(&b) : xstrdup("");
}

static int hexval(char c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* A query name or value decoded as libmicrohttpd does before the server's unescape callback
   ('+' is a space), then as that callback does (%XX, but %00 left as it is). In place. */
static void unescape(char *s) {
  char *w = s;
  for (const char *r = s; *r; r++) {
    int hi, lo;
    if (*r == '+') {
      *w++ = ' ';
    } else if (*r == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 && (hi || lo)) {
      *w++ = (char)(hi * 16 + lo);
      r += 2;
    } else {
      *w++ = *r;
    }
  }
  *w = 0;
}

enum { MAX_PAIRS = 64 };

typedef struct Parsed {
  WebPair args[MAX_PAIRS], headers[MAX_PAIRS], cookies[MAX_PAIRS];
  int nargs, nheaders, ncookies;
  char *copies[MAX_PAIRS]; /* the Cookie headers' values, split into cookies */
  int ncopies;
} Parsed;

static void parse_query(char *q, Parsed *p) {
  for (char *save = NULL, *a = strtok_r(q, "&", &save); a && p->nargs < MAX_PAIRS;
       a = strtok_r(NULL, "&", &save)) {
    char *eq = strchr(a, '=');
    if (eq) {
      *eq = 0;
      unescape(eq + 1);
    }
    unescape(a);
    p->args[p->nargs++] = (WebPair){a, eq ? eq + 1 : NULL};
  }
}

static void parse_cookies(char *c, Parsed *p) {
  for (char *save = NULL, *k = strtok_r(c, ";", &save); k && p->ncookies < MAX_PAIRS;
       k = strtok_r(NULL, ";", &save)) {
    while (*k == ' ')
      k++;
    char *eq = strchr(k, '=');
    if (!eq) continue;
    *eq = 0;
    p->cookies[p->ncookies++] = (WebPair){k, eq + 1};
  }
}

/* The next line of text (up to "\n", a "\r" before it dropped), NUL-terminated in place;
   NULL at the end. */
static char *next_line(char **at, char *end) {
  if (*at >= end) return NULL;
  char *line = *at, *nl = memchr(line, '\n', (size_t)(end - line));
  char *stop = nl ? nl : end;
  *at = nl ? nl + 1 : end;
  if (stop > line && stop[-1] == '\r') stop--;
  *stop = 0;
  return line;
}

/* The properties every answer has. */
static void check_answer(const Resp *out) {
  FUZZ_ASSERT(out->status >= 100 && out->status <= 599);
  const char *body = out->fixed ? out->fixed : out->body.s ? out->body.s : "";
  size_t n = out->fixed ? out->fixed_len : out->body.len;
  const char *type = out->type ? out->type : "";
  int json = strstr(type, "json") != NULL;
  if (strncmp(type, "text/", 5) == 0 || json) FUZZ_ASSERT(text_is_utf8(body, n));
  if (json && n) {
    json_error_t je;
    json_t *doc = json_loadb(body, n, 0, &je);
    if (!doc) fprintf(stderr, "fuzz_http: not JSON: %s\n", je.text);
    FUZZ_ASSERT(doc);
    json_decref(doc);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t len;
  char *text = expand(data, size, &len), *at = text, *end = text + len;
  char *line = next_line(&at, end);
  if (!line) {
    free(text);
    return 0;
  }
  char *sp = strchr(line, ' ');
  const char *method = line, *target = "/";
  if (sp) {
    *sp = 0;
    target = sp + 1;
  }
  char *path = xstrdup(target), *q = strchr(path, '?');
  if (q) *q++ = 0;
  char *query_raw = xstrdup(q ? q : ""), *query = xstrdup(q ? q : "");
  Parsed *p = xcalloc(1, sizeof *p);
  parse_query(query, p);
  while ((line = next_line(&at, end)) && *line && p->nheaders < MAX_PAIRS) {
    char *colon = strchr(line, ':');
    if (!colon) continue;
    *colon = 0;
    char *v = colon + 1;
    while (*v == ' ' || *v == '\t')
      v++;
    p->headers[p->nheaders++] = (WebPair){line, v};
    if (strcasecmp(line, "Cookie") == 0) parse_cookies(p->copies[p->ncopies++] = xstrdup(v), p);
  }
  if (strncmp(path, "/staff", 6) == 0 || site_dirty) { /* a store as if nothing ran before */
    copy_file(pristine, db);
    if (site_dirty) {
      site_free(&site);
      load_site();
      site_dirty = 0;
    }
  }
  WebRequest w = {.method = method,
                  .path = path,
                  .query = query_raw,
                  .args = p->args,
                  .nargs = p->nargs,
                  .headers = p->headers,
                  .nheaders = p->nheaders,
                  .cookies = p->cookies,
                  .ncookies = p->ncookies,
                  .body = at,
                  .body_len = (size_t)(end - at)};
  Resp out;
  web_respond(&site, &conf, &w, &out);
  check_answer(&out);
  if (out.reload) { /* as the server does: the next page shows the change */
    site_free(&site);
    load_site();
    site_dirty = 1;
  }
  buf_free(&out.body);
  for (int i = 0; i < p->ncopies; i++)
    free(p->copies[i]);
  free(p);
  free(path);
  free(query_raw);
  free(query);
  free(text);
  return 0;
}
