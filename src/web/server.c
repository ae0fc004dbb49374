/*
** server.c — the HTTP side of `shinchoku serve`, on libmicrohttpd: the daemon (a thread
** pool, keep-alive, limits on connections, request size and time), the routing table from
** the first path segment to the page families, the common response headers (ETag with 304,
** Cache-Control, CORS for the API, security headers), the access log on stderr, a reload of
** the store on SIGHUP, and a graceful stop on SIGTERM or SIGINT: stop accepting, let requests
** in flight finish, close.
*/
#include "../model/text.h"
#include "web.h"
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_PATH_BYTES 2048
#define CONNECTION_LIMIT 512
#define PER_IP_LIMIT 128
#define MEMORY_PER_CONNECTION (64 * 1024) /* bounds request line and headers */
#define TIMEOUT_SECONDS 15
#define DRAIN_SECONDS 5
#define MAX_BODY_BYTES (1024 * 1024) /* a form: the longest entry form is far below this */

/* One loaded site, shared by the requests that use it. SIGHUP loads a new one and swaps it
   in; the old one is freed when its last request (or response still being sent) lets go. */
typedef struct SiteRef {
  Site site;
  atomic_int refs;
} SiteRef;

typedef struct Server {
  pthread_mutex_t lock; /* guards current */
  SiteRef *current;
  atomic_int stopping; /* set by the main thread, read by the pool */
  const WebConf *conf;
  pthread_mutex_t reload_lock; /* one reload at a time */
} Server;

static SiteRef *site_acquire(Server *srv) {
  pthread_mutex_lock(&srv->lock);
  SiteRef *ref = srv->current;
  atomic_fetch_add(&ref->refs, 1);
  pthread_mutex_unlock(&srv->lock);
  return ref;
}

static void site_release(void *cls) {
  SiteRef *ref = cls;
  if (atomic_fetch_sub(&ref->refs, 1) == 1) {
    site_free(&ref->site);
    free(ref);
  }
}

const char *req_arg(const Req *r, const char *name) {
  return r->arg_fn ? r->arg_fn(r->arg_ctx, name) : NULL;
}

const char *req_cookie(const Req *r, const char *name) {
  return r->cookie_fn ? r->cookie_fn(r->arg_ctx, name) : NULL;
}

const char *req_header(const Req *r, const char *name) {
  return r->header_fn ? r->header_fn(r->arg_ctx, name) : NULL;
}

const char *req_field(const Req *r, const char *name) {
  return r->form ? form_get(r->form, name) : NULL;
}

/* The first value of name in pairs, NULL when absent. Names compare case-insensitively, as
   libmicrohttpd's own look-up compares them (arguments and cookies too). */
static const char *pair_get(const WebPair *v, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcasecmp(v[i].name, name) == 0) return v[i].value;
  return NULL;
}

static const char *wr_arg(const void *ctx, const char *name) {
  const WebRequest *w = ctx;
  return pair_get(w->args, w->nargs, name);
}

/* A header as sent, for the checks made before any page. */
static const char *wr_raw_header(const WebRequest *w, const char *name) {
  return pair_get(w->headers, w->nheaders, name);
}

/* A header or cookie value that is not UTF-8 is treated as absent: no page can use it, and
   it must not reach HTML, JSON or the store. */
static const char *utf8_or_null(const char *v) {
  return v && text_is_utf8(v, strlen(v)) ? v : NULL;
}

static const char *wr_cookie(const void *ctx, const char *name) {
  const WebRequest *w = ctx;
  return utf8_or_null(pair_get(w->cookies, w->ncookies, name));
}

static const char *wr_header(const void *ctx, const char *name) {
  return utf8_or_null(wr_raw_header(ctx, name));
}

/* The number of query arguments whose name or value is not UTF-8. */
static int count_bad_args(const WebRequest *w) {
  int bad = 0;
  for (int i = 0; i < w->nargs; i++) {
    const char *k = w->args[i].name, *v = w->args[i].value;
    bad += !text_is_utf8(k, strlen(k)) || (v && !text_is_utf8(v, strlen(v)));
  }
  return bad;
}

/* What the server keeps per request: the path exactly as the client sent it (before any
   percent-decoding), so that "%2F" inside an id stays inside its segment, and a POST's body
   as it arrives. */
typedef struct ReqState {
  int started;  /* the access handler has seen the headers */
  int too_long; /* the path was longer than MAX_PATH_BYTES */
  int too_big;  /* the body was longer than MAX_BODY_BYTES */
  int refused;  /* answered from the headers alone: any body is dropped */
  char *query;  /* the query string as sent (after the path in raw) */
  Buf body;
  char raw[];
} ReqState;

static int hexval(char c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* Percent-decode one path segment in place. -1 for %00 or a malformed escape. */
static int decode_segment(char *s) {
  char *w = s;
  for (const char *r = s; *r; r++) {
    if (*r != '%') {
      *w++ = *r;
      continue;
    }
    int hi = hexval(r[1]), lo = hi >= 0 ? hexval(r[2]) : -1;
    if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return -1;
    *w++ = (char)(hi * 16 + lo);
    r += 2;
  }
  *w = 0;
  return 0;
}

/* Split the raw path into decoded segments. -1 for a path no route can have: too many
   segments, a bad escape, or a "." / ".." segment (never a file system path, but refused
   anyway). */
static int split_path(char *copy, Req *r) {
  r->nparts = 0;
  for (char *save = NULL, *seg = strtok_r(copy, "/", &save); seg;
       seg = strtok_r(NULL, "/", &save)) {
    if (r->nparts == REQ_MAX_PARTS || decode_segment(seg)) return -1;
    if (!*seg || strcmp(seg, ".") == 0 || strcmp(seg, "..") == 0) return -1;
    r->parts[r->nparts++] = seg;
  }
  return 0;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
  (void)cls;
  (void)c;
  size_t n = strcspn(uri, "?"), q = uri[n] ? strlen(uri + n + 1) : 0;
  int too_long = n >= MAX_PATH_BYTES || q >= MAX_PATH_BYTES;
  if (too_long) n = q = 0;
  ReqState *st = xcalloc(1, sizeof *st + n + q + 2);
  st->too_long = too_long;
  memcpy(st->raw, uri, n);
  st->raw[n] = 0;
  st->query = st->raw + n + 1;
  memcpy(st->query, uri + n + 1, q);
  st->query[q] = 0;
  return st;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  (void)cls;
  (void)c;
  (void)toe;
  ReqState *st = *con_cls;
  if (st) buf_free(&st->body);
  free(st);
  *con_cls = NULL;
}

static void route(const Site *site, const Req *r, Resp *out) {
  const char *first = r->nparts ? r->parts[0] : "";
  if (r->nparts == 0)
    page_home(site, r, out);
  else if (strcmp(first, "search") == 0 && r->nparts == 1)
    page_search(site, r, out);
  else if (strcmp(first, "plan") == 0)
    page_plan(site, r, out);
  else if (strcmp(first, "static") == 0)
    page_asset(r, out);
  else if (strcmp(first, "api") == 0)
    api_route(site, r, out);
  else if (strcmp(first, "staff") == 0)
    staff_route(site, r, out);
  else
    page_error(out, 404, "このページは見つかりません");
}

/* FNV-1a over the body: a strong validator of exactly these bytes. */
static void etag_of(const char *s, size_t n, char *etag, size_t cap) {
  snprintf(etag, cap, "\"%016llx\"", (unsigned long long)fnv1a(FNV1A_INIT, s, n));
}

/* True when an If-None-Match list names etag (or is "*"). */
static int etag_matches(const char *inm, const char *etag) {
  if (!inm) return 0;
  if (strcmp(inm, "*") == 0) return 1;
  const char *hit = strstr(inm, etag);
  return hit != NULL;
}

static void add_common_headers(struct MHD_Response *resp, const Resp *out, int stopping) {
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
  MHD_add_response_header(resp, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                          "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                          "form-action 'self'");
  if (out->cors) {
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
    MHD_add_response_header(resp, "Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
    MHD_add_response_header(resp, "Access-Control-Allow-Headers", "If-None-Match");
    MHD_add_response_header(resp, "Access-Control-Expose-Headers", "ETag");
  }
  if (stopping) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
}

static void access_log(struct MHD_Connection *c, const char *method, const char *url,
                       const char *version, int status, size_t bytes, double ms) {
  char addr[64] = "-";
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (ci && ci->client_addr)
    getnameinfo(ci->client_addr,
                ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                       : sizeof(struct sockaddr_in),
                addr, sizeof addr, NULL, 0, NI_NUMERICHOST);
  time_t now = time(NULL);
  struct tm tm;
  char when[32];
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
  /* The URL is logged with control bytes replaced, so a request cannot forge log lines. */
  char safe[256];
  size_t k = 0;
  for (const char *p = url; *p && k + 1 < sizeof safe; p++)
    safe[k++] = (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p;
  if (url[k]) k = text_utf8_cut(safe, k); /* cut short: never in the middle of a character */
  safe[k] = 0;
  text_utf8_scrub(safe, k);
  fprintf(stderr, "%s %s \"%s %s %s\" %d %zu %.1fms\n", addr, when, method, safe, version, status,
          bytes, ms);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A POST is a form sent to a staff page: urlencoded, at most MAX_BODY_BYTES. */
static int refuse_post(const WebRequest *w, Resp *out) {
  if (strncmp(w->path, "/staff/", 7) != 0) {
    page_error(out, 405, "このページは読み取り専用です（GET のみ）");
    return 1;
  }
  const char *type = wr_raw_header(w, "Content-Type");
  const char *form = "application/x-www-form-urlencoded";
  if (!type || strncasecmp(type, form, strlen(form)) != 0 ||
      (type[strlen(form)] && type[strlen(form)] != ';')) {
    page_error(out, 415, "フォームの送信形式が正しくありません");
    return 1;
  }
  const char *len = wr_raw_header(w, "Content-Length");
  if (len && strtoll(len, NULL, 10) > MAX_BODY_BYTES) {
    page_error(out, 413, "送信された内容が大きすぎます");
    return 1;
  }
  return 0;
}

/* Requests refused from their headers alone: other methods than GET, HEAD, OPTIONS and (for
   the staff pages) POST, and bodies where none belongs. Returns 1 with out filled when
   refused. */
static int refuse_early(const WebRequest *w, Resp *out) {
  memset(out, 0, sizeof *out);
  if (strcmp(w->method, "POST") == 0) return refuse_post(w, out);
  if (strcmp(w->method, "GET") && strcmp(w->method, "HEAD") && strcmp(w->method, "OPTIONS")) {
    page_error(out, 405, "このサイトは読み取り専用です（GET のみ）");
    return 1;
  }
  const char *len = wr_raw_header(w, "Content-Length");
  if ((len && strcmp(len, "0") != 0) || wr_raw_header(w, "Transfer-Encoding")) {
    page_error(out, 413, "リクエストに本文は付けられません");
    return 1;
  }
  return 0;
}

/* Build the response for one complete request into out. */
static void handle(const Site *site, const WebConf *conf, const WebRequest *w, Resp *out) {
  memset(out, 0, sizeof *out);
  out->status = 200;
  out->max_age = 0; /* pages and API: revalidate every time, so an approval shows at once */
  int is_options = strcmp(w->method, "OPTIONS") == 0;
  if (w->too_long || strlen(w->path) >= MAX_PATH_BYTES || strlen(w->query) >= MAX_PATH_BYTES) {
    page_error(out, 414, "URL が長すぎます");
    return;
  }
  char copy[MAX_PATH_BYTES];
  strcpy(copy, w->path);
  Req r = {.path = w->path,
           .query = w->query,
           .arg_fn = wr_arg,
           .arg_ctx = w,
           .method = w->method,
           .cookie_fn = wr_cookie,
           .header_fn = wr_header,
           .conf = conf};
  if (w->path[0] != '/' || split_path(copy, &r)) {
    page_error(out, 404, "このページは見つかりません");
    return;
  }
  int bad = count_bad_args(w);
  for (int i = 0; i < r.nparts; i++)
    bad += !text_is_utf8(r.parts[i], strlen(r.parts[i]));
  if (bad) { /* every text a page or the API sees from a request is valid UTF-8 */
    if (r.nparts && strcmp(r.parts[0], "api") == 0)
      api_error(out, 400, "the URL is not valid UTF-8 once percent-decoded");
    else
      page_error(out, 400, "URL に読み取れない文字が含まれています (UTF-8 ではありません)");
    return;
  }
  Form form = {0};
  if (strcmp(w->method, "POST") == 0) {
    if (w->too_big || w->body_len > MAX_BODY_BYTES) {
      page_error(out, 413, "送信された内容が大きすぎます");
      return;
    }
    if (form_parse(&form, w->body ? w->body : "", w->body_len)) {
      form_free(&form);
      page_error(out, 400, "送信された内容を読み取れません");
      return;
    }
    r.form = &form;
  }
  if (is_options) {
    out->status = 204;
    out->cors = r.nparts && strcmp(r.parts[0], "api") == 0;
    out->type = "text/plain";
    return;
  }
  route(site, &r, out);
  form_free(&form);
}

void web_respond(const Site *site, const WebConf *conf, const WebRequest *w, Resp *out) {
  if (!refuse_early(w, out)) handle(site, conf, w, out);
}

/* The pairs of one kind libmicrohttpd parsed from a request, borrowed from the connection. */
typedef struct Pairs {
  WebPair *v;
  int n, cap;
} Pairs;

static enum MHD_Result collect_pair(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value) {
  (void)kind;
  Pairs *p = cls;
  VEC_PUSH(p->v, p->n, p->cap);
  p->v[p->n++] = (WebPair){key, value};
  return MHD_YES;
}

/* The request as libmicrohttpd parsed it, for refuse_early and handle; free the three arrays
   with request_free. */
static void request_of(struct MHD_Connection *c, const ReqState *st, const char *method,
                       WebRequest *w) {
  Pairs a = {0}, h = {0}, k = {0};
  MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_pair, &a);
  MHD_get_connection_values(c, MHD_HEADER_KIND, collect_pair, &h);
  MHD_get_connection_values(c, MHD_COOKIE_KIND, collect_pair, &k);
  *w = (WebRequest){.method = method,
                    .path = st->raw,
                    .query = st->query,
                    .args = a.v,
                    .nargs = a.n,
                    .headers = h.v,
                    .nheaders = h.n,
                    .cookies = k.v,
                    .ncookies = k.n,
                    .body = st->body.s,
                    .body_len = st->body.len,
                    .too_long = st->too_long,
                    .too_big = st->too_big};
}

static void request_free(WebRequest *w) {
  free((void *)w->args);
  free((void *)w->headers);
  free((void *)w->cookies);
}

/* Load the store again and serve the new site from the next request on (why: "SIGHUP", or
   a change saved through the staff pages). */
static void reload(Server *srv, const char *why) {
  char err[512];
  SiteRef *fresh = xcalloc(1, sizeof *fresh);
  pthread_mutex_lock(&srv->reload_lock);
  if (site_load(&fresh->site, srv->conf->db, err, sizeof err)) {
    pthread_mutex_unlock(&srv->reload_lock);
    fprintf(stderr, "shinchoku: %s: cannot reload, still serving what was loaded: %s\n", why, err);
    free(fresh);
    return;
  }
  atomic_store(&fresh->refs, 1);
  int nplans = fresh->site.nplans; /* a later reload may free fresh once the lock is released */
  pthread_mutex_lock(&srv->lock);
  SiteRef *old = srv->current;
  srv->current = fresh;
  pthread_mutex_unlock(&srv->lock);
  pthread_mutex_unlock(&srv->reload_lock);
  site_release(old);
  fprintf(stderr, "shinchoku: %s: reloaded, %d plans\n", why, nplans);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls) {
  Server *srv = cls;
  ReqState *st = *con_cls;
  SiteRef *ref = NULL;
  double t0 = now_ms();
  if (st && *upload_data_size) { /* a POST's body, or one we already refused: keep or drop */
    if (st->body.len + *upload_data_size > MAX_BODY_BYTES)
      st->too_big = 1;
    else if (st->started && !st->refused)
      buf_putn(&st->body, upload_data, *upload_data_size);
    *upload_data_size = 0;
    return MHD_YES;
  }
  Resp out;
  if (!st) return MHD_NO; /* on_uri always sets it */
  if (!st->started) {
    /* The first call sees only the headers. A request we will refuse anyway is answered now
       (the connection is then closed); a good one is answered on the next call, once the
       request is complete, so that the connection can be kept alive. */
    st->started = 1;
    WebRequest w;
    request_of(c, st, method, &w);
    int refused = refuse_early(&w, &out);
    request_free(&w);
    if (!refused) return MHD_YES;
    st->refused = 1;
  } else {
    ref = site_acquire(srv);
    WebRequest w;
    request_of(c, st, method, &w);
    handle(&ref->site, srv->conf, &w, &out);
    request_free(&w);
    if (out.reload) { /* the plan data changed: the next page must show it */
      site_release(ref);
      reload(srv, "saved in the browser");
      ref = site_acquire(srv);
    }
  }
  const char *body = out.fixed ? out.fixed : out.body.s ? out.body.s : "";
  size_t n = out.fixed ? out.fixed_len : out.body.len;
  char etag[24] = "";
  int status = out.status;
  if (status == 200 && !out.private_page) {
    etag_of(body, n, etag, sizeof etag);
    if (etag_matches(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match"), etag))
      status = 304;
  }
  struct MHD_Response *resp;
  if (status == 304 || status == 204) {
    resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    buf_free(&out.body);
  } else if (out.fixed && ref) {
    /* the bytes may belong to the site: it stays alive until the response is freed */
    resp = MHD_create_response_from_buffer_with_free_callback_cls(n, (void *)out.fixed,
                                                                  site_release, ref);
    ref = NULL;
  } else if (out.fixed) {
    resp = MHD_create_response_from_buffer(n, (void *)out.fixed, MHD_RESPMEM_PERSISTENT);
  } else {
    resp = MHD_create_response_from_buffer(n, out.body.s ? buf_detach(&out.body) : (void *)"",
                                           out.body.s ? MHD_RESPMEM_MUST_FREE
                                                      : MHD_RESPMEM_PERSISTENT);
  }
  if (ref) site_release(ref);
  if (!resp) {
    buf_free(&out.body);
    return MHD_NO;
  }
  if (status != 304 && status != 204 && out.type)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, out.type);
  if (out.disposition[0])
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, out.disposition);
  if (etag[0]) {
    char cc[64];
    if (out.max_age)
      snprintf(cc, sizeof cc, "public, max-age=%d", out.max_age);
    else
      snprintf(cc, sizeof cc, "public, no-cache");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cc);
  } else {
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  }
  if (status == 204) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, OPTIONS");
  if (out.location[0]) MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, out.location);
  for (int i = 0; i < 2; i++)
    if (out.cookies[i][0])
      MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, out.cookies[i]);
  if (out.retry_after) {
    char ra[16];
    snprintf(ra, sizeof ra, "%d", out.retry_after);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, ra);
  }
  add_common_headers(resp, &out, atomic_load(&srv->stopping));
  enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, resp);
  MHD_destroy_response(resp);
  access_log(c, method, st->too_long ? url : st->raw, version, status, status == 304 ? 0 : n,
             now_ms() - t0);
  return ok;
}

/* Percent-decoding of query arguments (and of the path libmicrohttpd logs), as its own but
   leaving %00 as it is: a NUL in the middle would cut the string the pages see. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s) {
  (void)cls;
  (void)c;
  char *w = s;
  for (const char *r = s; *r; r++) {
    int hi, lo;
    if (*r == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 && (hi || lo)) {
      *w++ = (char)(hi * 16 + lo);
      r += 2;
    } else {
      *w++ = *r;
    }
  }
  *w = 0;
  return (size_t)(w - s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  fputs("shinchoku: http: ", stderr);
  vfprintf(stderr, fmt, ap);
}

/* ADDR:PORT or [ADDR]:PORT into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *sa, socklen_t *salen, int *v6,
                        char *err, size_t errlen) {
  char host[256];
  const char *colon = strrchr(listen, ':');
  if (!colon || !colon[1] || (size_t)(colon - listen) >= sizeof host) {
    snprintf(err, errlen, "--listen must be ADDR:PORT, e.g. 127.0.0.1:8080, not '%s'", listen);
    return -1;
  }
  size_t hl = (size_t)(colon - listen);
  memcpy(host, listen, hl);
  host[hl] = 0;
  if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
    memmove(host, host + 1, hl - 2);
    host[hl - 2] = 0;
  }
  struct addrinfo hints = {.ai_family = AF_UNSPEC,
                           .ai_socktype = SOCK_STREAM,
                           .ai_flags = AI_NUMERICSERV | AI_PASSIVE},
                  *res = NULL;
  int rc = getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &res);
  if (rc || !res) {
    snprintf(err, errlen, "cannot listen on '%s': %s", listen, gai_strerror(rc));
    return -1;
  }
  memcpy(sa, res->ai_addr, res->ai_addrlen);
  *salen = res->ai_addrlen;
  *v6 = res->ai_family == AF_INET6;
  freeaddrinfo(res);
  return 0;
}

static unsigned pool_size(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 2 ? 2 : n > 16 ? 16 : (unsigned)n;
}

/* Serve until SIGTERM or SIGINT (blocked in every thread, taken here by sigwait); reload on
   SIGHUP. Returns the stopping signal. */
static int wait_for_stop(Server *srv, const sigset_t *set) {
  for (;;) {
    int sig = 0;
    if (sigwait(set, &sig) != 0) continue;
    if (sig != SIGHUP) return sig;
    reload(srv, "SIGHUP");
  }
}

/* Stop accepting, give connections in flight DRAIN_SECONDS to finish, then stop. */
static void drain_and_stop(struct MHD_Daemon *d) {
  MHD_socket fd = MHD_quiesce_daemon(d);
  if (fd != MHD_INVALID_SOCKET) close(fd);
  double deadline = now_ms() + DRAIN_SECONDS * 1000.0;
  while (now_ms() < deadline) {
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    if (!di || di->num_connections == 0) break;
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  MHD_stop_daemon(d);
}

int web_serve(const WebConf *conf, const char *listen) {
  const char *db = conf->db;
  char err[512];
  struct sockaddr_storage sa;
  socklen_t salen;
  int v6 = 0;
  if (parse_listen(listen, &sa, &salen, &v6, err, sizeof err)) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return 2;
  }
  SiteRef *first = xcalloc(1, sizeof *first);
  if (site_load(&first->site, db, err, sizeof err)) {
    fprintf(stderr, "shinchoku: %s\n", err);
    free(first);
    return 1;
  }
  atomic_store(&first->refs, 1);
  Server srv = {.lock = PTHREAD_MUTEX_INITIALIZER,
                .current = first,
                .conf = conf,
                .reload_lock = PTHREAD_MUTEX_INITIALIZER};
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, NULL); /* the daemon's threads inherit the mask */
  signal(SIGPIPE, SIG_IGN);
  unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
                   MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0);
  uint16_t port =
      ntohs(v6 ? ((struct sockaddr_in6 *)&sa)->sin6_port : ((struct sockaddr_in *)&sa)->sin_port);
  struct MHD_Daemon *d = MHD_start_daemon(
      flags, port, NULL, NULL, on_request, &srv,
      /* the logger first: options before it would still log through MHD's own */
      MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
      MHD_OPTION_THREAD_POOL_SIZE, pool_size(), MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)CONNECTION_LIMIT, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)PER_IP_LIMIT,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MEMORY_PER_CONNECTION,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)TIMEOUT_SECONDS, MHD_OPTION_LISTEN_BACKLOG_SIZE,
      (unsigned)256, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_URI_LOG_CALLBACK,
      on_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "shinchoku: cannot listen on %s (address in use or not available)\n", listen);
    site_release(first);
    return 1;
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  char host[128] = "";
  getnameinfo((struct sockaddr *)&sa, salen, host, sizeof host, NULL, 0, NI_NUMERICHOST);
  printf("計画 %d 件を公開中: http://%s%s%s:%u/ （終了は Ctrl+C）\n", first->site.nplans,
         v6 ? "[" : "", host, v6 ? "]" : "", di ? di->port : port);
  fflush(stdout);
  int sig = wait_for_stop(&srv, &set);
  atomic_store(&srv.stopping, 1);
  fprintf(stderr, "shinchoku: %s: finishing requests in flight, then stopping\n",
          sig == SIGINT ? "SIGINT" : "SIGTERM");
  drain_and_stop(d);
  site_release(srv.current);
  return 0;
}
