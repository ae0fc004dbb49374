/* SPDX-License-Identifier: Apache-2.0 */
/*
** server.c — the HTTP side of `shinchoku serve`, on libmicrohttpd: the daemon (a thread
** pool, keep-alive, limits on connections, request size and time), the routing table from
** the first path segment to the page families, the common response headers (ETag with 304,
** Cache-Control, CORS for the API, security headers), the access log on stderr (accesslog.c),
** a reload of the store on SIGHUP, and a graceful stop on SIGTERM or SIGINT: stop accepting,
** let requests in flight finish, close. Before any page runs, gate.c refuses what the headers
** alone condemn (ambiguous framing, cross-origin POSTs, bodies where none belongs); a POST's
** body is collected here (a form) or read by multipart.c (an upload). It knows the client's
** address (a trusted proxy's X-Forwarded-For) and hands sign-ins to the slow lane
** (slowlane.c) with a copy of their headers, cookies and arguments (source.c).
*/
#include "../model/journal.h"
#include "../model/text.h"
#include "accesslog.h"
#include "conncap.h"
#include "gate.h"
#include "multipart.h"
#include "pagecache.h"
#include "pool.h"
#include "slowlane.h"
#include "staff.h"
#include "watch.h"
#include "web.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_PATH_BYTES 2048
#define CONNECTION_LIMIT 4096 /* slow clients from many addresses: epoll, no select limit */
#define PER_IP_LIMIT 64       /* per client address; the trusted proxy is exempt */
#define MEMORY_PER_CONNECTION (64 * 1024) /* bounds request line and headers */
#define TIMEOUT_SECONDS 15
#define DRAIN_SECONDS 5
#define LANE_THREADS 2    /* sign-ins hashed at once (64 MiB each) */
#define LANE_CAPACITY 128 /* sign-ins queued or waiting for their answer */

/* One loaded site, shared by the requests that use it. SIGHUP loads a new one and swaps it
   in; the old one is freed when its last request (or response still being sent) lets go. */
typedef struct SiteRef {
  Site site;
  PageCache *cache; /* the public answers this site has rendered (pagecache.c) */
  atomic_int refs;
} SiteRef;

typedef struct Server Server;
struct Server {
  pthread_mutex_t lock; /* guards current */
  SiteRef *current;
  atomic_int stopping; /* set by the main thread, read by the pool */
  const WebConf *conf;
  pthread_mutex_t reload_lock; /* one reload at a time */
  SlowLane *lane;              /* sign-ins: off the HTTP workers */
  StorePool *pool;             /* the store, open for the server's lifetime (pool.c) */
  Watch *watch;                /* plans changed by other processes (watch.c), or NULL */
};

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
    pagecache_free(ref->cache);
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

/* MHD_get_connection_values callback: count query arguments that are not UTF-8. */
static enum MHD_Result count_bad_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value) {
  (void)kind;
  if (!text_is_utf8(key, strlen(key)) || (value && !text_is_utf8(value, strlen(value))))
    (*(int *)cls)++;
  return MHD_YES;
}

/* What the server keeps per request: the path exactly as the client sent it (before any
   percent-decoding), so that "%2F" inside an id stays inside its segment, and a POST's body
   as it arrives. */
typedef struct ReqState {
  int started;  /* the access handler has seen the headers */
  int too_long; /* the path was longer than MAX_PATH_BYTES */
  int too_big;  /* the body was longer than its kind may be (gate.h) */
  int refused;  /* answered from the headers alone: any body is dropped */
  int in_lane;  /* handed to the slow lane; answered is set when it is done */
  int answered;
  double t0;       /* when the request was complete, for the access log */
  char client[64]; /* the client's address (from a trusted proxy's X-Forwarded-For) */
  Snapshot snap;   /* the request's values, for the slow lane */
  Resp out;        /* the slow lane's answer */
  void *site;      /* the SiteRef out may point into */
  const char *method;
  struct Server *srv;
  char *query;   /* the query string as sent (after the path in raw) */
  BodyKind kind; /* the body the gate let through */
  Buf body;      /* an urlencoded form's, as it arrives */
  Multipart *mp; /* a multipart body's reader, until the body is complete */
  int mp_bad;    /* the multipart body was not well-formed */
  Form mform;    /* its text fields */
  Upload upload; /* and its file */
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
  if (st) {
    buf_free(&st->body);
    multipart_free(st->mp);
    form_free(&st->mform);
    upload_free(&st->upload);
    snapshot_free(&st->snap);
    buf_free(&st->out.body); /* an answer from the slow lane that was never sent */
    if (st->site) site_release(st->site);
  }
  free(st);
  *con_cls = NULL;
}

static void route_accessibility(const Site *site, const Req *r, Resp *out) {
  (void)site;
  page_accessibility(r, out);
}

static void route_asset(const Site *site, const Req *r, Resp *out) {
  (void)site;
  page_asset(r, out);
}

/* The page families by the path's first segment; "" is the home page. */
static const struct Route {
  const char *first;
  int only; /* the segment must be the whole path */
  void (*page)(const Site *site, const Req *r, Resp *out);
} routes[] = {
    {"", 1, page_home},
    {"search", 1, page_search},
    {"accessibility", 1, route_accessibility},
    {"compare", 1, page_compare},
    {"plan", 0, page_plan},
    {"static", 0, route_asset},
    {"api", 0, api_route},
    {"staff", 0, staff_route},
};

static void route(const Site *site, const Req *r, Resp *out) {
  const char *first = r->nparts ? r->parts[0] : "";
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
    if (strcmp(first, routes[i].first) == 0 && (!routes[i].only || r->nparts <= 1)) {
      routes[i].page(site, r, out);
      return;
    }
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
  if (stopping || out->close) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
}

/* The request's line in the access log: who (the client, or what a trusted proxy says it
   forwarded for), what, how it went (accesslog.c). */
static void access_log(struct MHD_Connection *c, const WebConf *conf, const char *addr,
                       const char *method, const char *path, const char *query, const char *version,
                       int status, size_t bytes, double ms) {
  AccessEntry e = {
      .addr = addr && *addr ? addr : "-",
      .method = method,
      .path = path,
      .query = query,
      .version = version,
      .referer = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_REFERER),
      .agent = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_USER_AGENT),
      .status = status,
      .bytes = bytes,
      .ms = ms,
      .when = time(NULL),
  };
  access_log_write(stderr, &e, conf && conf->log_json);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Build the response for one request into out. */
static void handle(const Site *site, const WebConf *conf, const Source *src, const ReqState *st,
                   const char *method, Resp *out) {
  memset(out, 0, sizeof *out);
  out->status = 200;
  out->max_age = 0; /* pages and API: revalidate every time, so an approval shows at once */
  int is_options = strcmp(method, "OPTIONS") == 0;
  if (st->too_long) {
    page_error(out, 414, "URL が長すぎます");
    return;
  }
  char copy[MAX_PATH_BYTES];
  strcpy(copy, st->raw);
  Req r = {.path = st->raw,
           .query = st->query,
           .arg_fn = source_arg,
           .arg_ctx = src,
           .method = method,
           .cookie_fn = source_cookie,
           .header_fn = source_header,
           .conf = conf,
           .client = st->client};
  if (st->raw[strcspn(st->raw, " \t\r\n\x7f")]) {
    page_error(out, 400, "URL に空白や制御文字は使えません");
    return;
  }
  if (st->raw[0] != '/' || split_path(copy, &r)) {
    page_error(out, 404, "このページは見つかりません");
    return;
  }
  int bad = 0;
  for (int i = 0; i < r.nparts; i++)
    bad += !text_is_utf8(r.parts[i], strlen(r.parts[i]));
  src->each(src->ctx, MHD_GET_ARGUMENT_KIND, count_bad_arg, &bad);
  if (bad) { /* every text a page or the API sees from a request is valid UTF-8 */
    if (r.nparts && strcmp(r.parts[0], "api") == 0)
      api_error(out, 400, "the URL is not valid UTF-8 once percent-decoded");
    else
      page_error(out, 400, "URL に読み取れない文字が含まれています (UTF-8 ではありません)");
    return;
  }
  Form form = {0};
  if (strcmp(method, "POST") == 0) {
    if (st->too_big) {
      page_error(out, 413, "送信された内容が大きすぎます");
      return;
    }
    if (st->kind == BODY_MULTIPART) {
      if (st->mp_bad) {
        page_error(out, 400, "送信された内容を読み取れません");
        return;
      }
      r.form = &st->mform;
      r.upload = &st->upload;
    } else if (form_parse(&form, st->body.s ? st->body.s : "", st->body.len)) {
      form_free(&form);
      page_error(out, 400, "送信された内容を読み取れません");
      return;
    } else {
      r.form = &form;
    }
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

/* ---- one request without a connection (test/fuzz/fuzz_http.c) -------------------------- */

void web_respond(const Site *site, const WebConf *conf, const WebRequest *w, Resp *out) {
  size_t n = strlen(w->path), q = w->query ? strlen(w->query) : 0;
  ReqState *st = xcalloc(1, sizeof *st + n + q + 2);
  memcpy(st->raw, w->path, n);
  st->query = st->raw + n + 1;
  if (q) memcpy(st->query, w->query, q);
  st->too_long = w->too_long || n >= MAX_PATH_BYTES || q >= MAX_PATH_BYTES;
  st->too_big = w->too_big || w->body_len > GATE_MAX_FORM_BYTES;
  st->body.s = (char *)w->body; /* borrowed: handle only reads it */
  st->body.len = w->body ? w->body_len : 0;
  snprintf(st->client, sizeof st->client, "127.0.0.1");
  Source src = {source_request_value, source_request_each, w, NULL};
  /* without a connection there is no post processor: a multipart body is not read */
  st->mp_bad = 1;
  if (!gate_refuse(&src, st->raw, conf, w->method, NULL, &st->kind, out))
    handle(site, conf, &src, st, w->method, out);
  free(st);
}

/* Load the site from s into fresh: only plan (when set and served), else every plan. The
   revisions are read first, so that a change made while loading is seen by the next look.
   0, or -1 with err. */
static int load_site(Server *srv, Store *s, const char *plan, SiteRef *fresh, char *err,
                     size_t errlen) {
  PlanRevision *revs = NULL;
  int nrevs = 0, rc = store_revisions(s, &revs, &nrevs, err, errlen) ? -1 : 1;
  if (rc == 1 && plan && *plan) {
    SiteRef *now = site_acquire(srv);
    rc = site_reload_plan(&fresh->site, &now->site, s, plan, err, errlen);
    site_release(now);
  }
  int whole = rc == 1;
  if (whole) rc = site_load(&fresh->site, s, err, errlen);
  for (int i = 0; rc == 0 && i < nrevs; i++)
    if (whole || strcmp(revs[i].plan, plan) == 0)
      watch_seen(srv->watch, revs[i].plan, revs[i].revision);
  plan_revisions_free(revs, nrevs);
  return rc;
}

/* Load the store again and serve the new site from the next request on (why: "SIGHUP", a
   change saved through the staff pages, or one another process made). With plan, only that
   plan is loaded again and every other one is shared with the site served now (an approval
   must not re-render every plan). 0, or -1 (still serving what was loaded). */
static int reload(Server *srv, const char *why, const char *plan) {
  char err[512];
  SiteRef *fresh = xcalloc(1, sizeof *fresh);
  pthread_mutex_lock(&srv->reload_lock);
  Store *s = pool_take(srv->pool, err, sizeof err);
  int rc = s ? load_site(srv, s, plan, fresh, err, sizeof err) : -1;
  pool_give(srv->pool, s);
  if (rc) {
    pthread_mutex_unlock(&srv->reload_lock);
    journal_say(LOG_ERR, "%s: cannot reload, still serving what was loaded: %s", why, err);
    free(fresh);
    return -1;
  }
  fresh->cache = pagecache_new();
  atomic_store(&fresh->refs, 1);
  int nplans = fresh->site.nplans; /* a later reload may free fresh once the lock is released */
  pthread_mutex_lock(&srv->lock);
  SiteRef *old = srv->current;
  srv->current = fresh;
  pthread_mutex_unlock(&srv->lock);
  pthread_mutex_unlock(&srv->reload_lock);
  site_release(old);
  if (plan && *plan)
    journal_say(LOG_NOTICE, "%s: reloaded plan %s (%d plans)", why, plan, nplans);
  else
    journal_say(LOG_NOTICE, "%s: reloaded, %d plans", why, nplans);
  return 0;
}

/* The watcher's reload (watch.c): a plan another process changed. */
static int reload_changed(void *ctx, const char *plan) {
  return reload(ctx, "changed in the store", plan);
}

/* The numeric address of the connection's peer into addr ("-" when unknown). */
static void peer_address(struct MHD_Connection *c, char *addr, size_t cap) {
  snprintf(addr, cap, "-");
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (ci && ci->client_addr)
    getnameinfo(ci->client_addr,
                ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                       : sizeof(struct sockaddr_in),
                addr, (socklen_t)cap, NULL, 0, NI_NUMERICHOST);
}

/* 1 when s is a numeric IPv4 or IPv6 address. */
static int is_ip_address(const char *s) {
  unsigned char buf[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

/* Who the client is: the peer's address, or, when the peer is the trusted proxy
   (`serve --trusted-proxy ADDR`), the last address its X-Forwarded-For names (the one the
   proxy itself added; earlier ones are the client's say). */
static void client_address(struct MHD_Connection *c, const WebConf *conf, char *addr, size_t cap) {
  peer_address(c, addr, cap);
  if (!conf || !conf->trusted_proxy || strcmp(addr, conf->trusted_proxy) != 0) return;
  const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
  if (!xff) return;
  const char *last = strrchr(xff, ',');
  last = last ? last + 1 : xff;
  last += strspn(last, " \t");
  char one[64];
  size_t n = strcspn(last, " \t");
  if (n == 0 || n >= sizeof one) return;
  memcpy(one, last, n);
  one[n] = 0;
  if (is_ip_address(one)) snprintf(addr, cap, "%s", one);
}

/* Requests answered through the slow lane: the sign-in (a password hash, and a delay after
   a failure). */
static int goes_to_lane(const ReqState *st, const char *method) {
  return strcmp(method, "POST") == 0 && strcmp(st->raw, "/staff/login") == 0;
}

/* The slow lane's job: answer the request from its snapshot; the delay the answer asks for. */
static int lane_run(void *arg) {
  ReqState *st = arg;
  Server *srv = st->srv;
  Source src = {snapshot_value, snapshot_each, &st->snap, NULL};
  SiteRef *ref = site_acquire(srv);
  handle(&ref->site, srv->conf, &src, st, st->method, &st->out);
  if (st->out.reload) {
    site_release(ref);
    reload(srv, "saved in the browser", st->out.reload_plan);
    ref = site_acquire(srv);
  }
  st->site = ref;
  return st->out.delay_ms;
}

/* Suspend the connection and queue its request on the slow lane; the answer is sent when
   the lane resumes it. -1 (nothing suspended) when the lane is full. A lane that refuses
   after all (it began to stop meanwhile) gets the job done here, without the delay. */
static int to_lane(Server *srv, struct MHD_Connection *c, ReqState *st, const char *method) {
  if (slowlane_full(srv->lane)) return -1;
  snapshot_take(&st->snap, c);
  st->method = method;
  st->srv = srv;
  st->in_lane = 1;
  MHD_suspend_connection(c);
  if (slowlane_submit(srv->lane, c, lane_run, st) != 0) {
    lane_run(st);
    MHD_resume_connection(c);
  }
  return 0;
}

/* Every header of an answer: its type, disposition, validators and caching, redirect,
   cookies, Retry-After and the headers every answer carries. */
static void add_headers(struct MHD_Response *resp, const Resp *out, int status, const char *etag,
                        int stopping) {
  if (status != 304 && status != 204 && out->type)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, out->type);
  if (out->disposition[0])
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, out->disposition);
  if (etag[0]) {
    char cc[64];
    if (out->max_age)
      snprintf(cc, sizeof cc, "public, max-age=%d", out->max_age);
    else
      snprintf(cc, sizeof cc, "public, no-cache");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cc);
  } else {
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  }
  if (status == 204) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, OPTIONS");
  if (out->location[0]) MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, out->location);
  for (int i = 0; i < 2; i++)
    if (out->cookies[i][0])
      MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, out->cookies[i]);
  if (out->retry_after) {
    char ra[16];
    snprintf(ra, sizeof ra, "%d", out->retry_after);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, ra);
  }
  add_common_headers(resp, out, stopping);
}

/* The key a public GET or HEAD is cached under (the path and query as sent) into key; 0 when
   the request is not one whose answer may be cached (the staff pages, a URL cut short). */
static int cache_key(const ReqState *st, const char *method, int stopping, char *key, size_t cap) {
  key[0] = 0;
  if (stopping || st->too_long || (strcmp(method, "GET") && strcmp(method, "HEAD")) ||
      strncmp(st->raw, "/staff", 6) == 0)
    return 0;
  snprintf(key, cap, "%s?%s", st->raw, st->query);
  return 1;
}

/* 1 when an answer is the same for every visitor and may be kept: a public 200 whose bytes
   the answer owns, with no cookie, redirect or closing, from a page that read no cookie or
   header. */
static int may_cache(const Resp *out, int personal) {
  return out->status == 200 && !out->private_page && !out->fixed && !personal && !out->close &&
         !out->cookies[0][0] && !out->cookies[1][0] && !out->location[0] && !out->reload;
}

/* Answer from a cached page: the full answer, or 304 when the client holds its ETag. */
static enum MHD_Result send_cached(struct MHD_Connection *c, const Server *srv, const ReqState *st,
                                   const CachedPage *page, const char *method, const char *version,
                                   double t0) {
  int fresh =
      etag_matches(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match"), page->etag);
  int status = fresh ? 304 : 200;
  enum MHD_Result ok =
      MHD_queue_response(c, (unsigned)status, fresh ? page->not_modified : page->full);
  access_log(c, srv->conf, st->client, method, st->raw, st->query, version, status,
             fresh ? 0 : page->len, now_ms() - t0);
  return ok;
}

/* Keep a rendered public answer in the site's cache and send it. */
static enum MHD_Result cache_and_send(struct MHD_Connection *c, const Server *srv,
                                      const ReqState *st, SiteRef *ref, const char *key, Resp *out,
                                      const char *etag, const char *method, const char *version,
                                      double t0) {
  CachedPage page = {.len = out->body.len};
  snprintf(page.etag, sizeof page.etag, "%s", etag);
  size_t n = out->body.len;
  int owned = out->body.s != NULL;
  page.full =
      MHD_create_response_from_buffer(n, owned ? buf_detach(&out->body) : (void *)"",
                                      owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  page.not_modified = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
  enum MHD_Result ok = MHD_NO;
  if (page.full && page.not_modified) {
    add_headers(page.full, out, 200, etag, 0);
    add_headers(page.not_modified, out, 304, etag, 0);
    const CachedPage *kept = pagecache_put(ref->cache, key, &page);
    ok = send_cached(c, srv, st, kept ? kept : &page, method, version, t0);
    /* kept: the cache's now, or destroyed by it; NULL (full): still ours, freed below */
    if (kept) page.full = page.not_modified = NULL;
  }
  if (page.full) MHD_destroy_response(page.full);
  if (page.not_modified) MHD_destroy_response(page.not_modified);
  buf_free(&out->body);
  site_release(ref);
  return ok;
}

/* The next piece of a POST's body: kept (a form's bytes, or fed to the multipart reader), or
   dropped when the request was refused or the body is over its limit. */
static void take_body(ReqState *st, const char *data, size_t n) {
  if (!st->started || st->refused || st->too_big) return;
  if (st->mp) {
    int rc = multipart_feed(st->mp, data, n);
    st->too_big |= rc > 0;
    st->mp_bad |= rc < 0;
  } else if (st->kind == BODY_MULTIPART) {
    /* no reader (no boundary): dropped, answered 400 */
  } else if (st->body.len + n > GATE_MAX_FORM_BYTES) {
    st->too_big = 1;
  } else {
    buf_putn(&st->body, data, n);
  }
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls) {
  Server *srv = cls;
  ReqState *st = *con_cls;
  SiteRef *ref = NULL;
  double t0 = now_ms();
  if (st && *upload_data_size) { /* a POST's body, or one we already refused: keep or drop */
    take_body(st, upload_data, *upload_data_size);
    *upload_data_size = 0;
    return MHD_YES;
  }
  Resp out;
  char key[2 * MAX_PATH_BYTES + 2] = "";
  int personal = 0, stopping = atomic_load(&srv->stopping);
  if (!st) return MHD_NO; /* on_uri always sets it */
  if (!st->started) {
    /* The first call sees only the headers. A request we will refuse anyway is answered now
       (the connection is then closed); a good one is answered on the next call, once the
       request is complete, so that the connection can be kept alive. */
    st->started = 1;
    client_address(c, srv->conf, st->client, sizeof st->client);
    Source live = {source_conn_value, source_conn_each, c, NULL};
    if (!gate_refuse(&live, st->raw, srv->conf, method, version, &st->kind, &out)) {
      if (st->kind == BODY_MULTIPART &&
          !(st->mp = multipart_new(c, GATE_MAX_UPLOAD_BYTES, &st->mform, &st->upload)))
        st->mp_bad = 1; /* no boundary: answered 400 once the body is in */
      return MHD_YES;
    }
    st->refused = 1;
    out.close = 1; /* the body, if any, is not read: nothing after it may pass for a request */
  } else if (st->in_lane) { /* resumed: the slow lane has the answer */
    out = st->out;
    memset(&st->out, 0, sizeof st->out);
    ref = st->site;
    st->site = NULL;
    st->in_lane = 0;
    t0 = st->t0;
  } else if (goes_to_lane(st, method)) {
    st->t0 = t0;
    if (to_lane(srv, c, st, method) == 0) return MHD_YES; /* answered once resumed */
    memset(&out, 0, sizeof out);
    page_error(&out, 503, "ログインが混み合っています。しばらくしてからもう一度お試しください");
    out.retry_after = 5;
  } else {
    Source src = {source_conn_value, source_conn_each, c, &personal};
    if (st->mp) { /* the body is complete */
      st->mp_bad |= multipart_finish(st->mp) != 0;
      st->mp = NULL;
    }
    ref = site_acquire(srv);
    const CachedPage *hit =
        cache_key(st, method, stopping, key, sizeof key) ? pagecache_get(ref->cache, key) : NULL;
    if (hit) {
      enum MHD_Result ok = send_cached(c, srv, st, hit, method, version, t0);
      site_release(ref);
      return ok;
    }
    handle(&ref->site, srv->conf, &src, st, method, &out);
    if (out.reload) { /* the plan data changed: the next page must show it */
      site_release(ref);
      reload(srv, "saved in the browser", out.reload_plan);
      ref = site_acquire(srv);
    }
  }
  const char *body = out.fixed ? out.fixed : out.body.s ? out.body.s : "";
  size_t n = out.fixed ? out.fixed_len : out.body.len;
  char etag[24] = "";
  int status = out.status;
  if (status == 200 && !out.private_page) {
    etag_of(body, n, etag, sizeof etag);
    if (key[0] && ref && may_cache(&out, personal))
      return cache_and_send(c, srv, st, ref, key, &out, etag, method, version, t0);
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
  add_headers(resp, &out, status, etag, stopping);
  enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, resp);
  MHD_destroy_response(resp);
  access_log(c, srv->conf, st->client, method, st->too_long ? url : st->raw,
             st->too_long ? "" : st->query, version, status, status == 304 ? 0 : n, now_ms() - t0);
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
  fprintf(stderr, "%sshinchoku: http: ", journal_prefix(LOG_WARNING));
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
  const char *port = colon + 1;
  char *end = NULL;
  long n = strtol(port, &end, 10);
  if (*port < '0' || *port > '9' || *end || n > 65535) {
    snprintf(err, errlen, "--listen: port '%s' is not a number from 1 to 65535 (0: a free port)",
             port);
    return -1;
  }
  int rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
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

/* MHD's accept policy: refuse a connection from an address that holds PER_IP_LIMIT, else
   count it (conncap.c; on_connection's CLOSED notice uncounts it). */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen) {
  (void)cls;
  (void)addrlen;
  return conncap_admit(addr) ? MHD_YES : MHD_NO;
}

/* MHD's connection notices: the slot the connection was counted in (socket_context), and
   uncounting it on close. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code) {
  (void)cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    int slot = conncap_open(ci ? ci->client_addr : NULL);
    *socket_context = (void *)(intptr_t)(slot + 1);
  } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
    conncap_close((int)(intptr_t)*socket_context - 1);
    *socket_context = NULL;
  }
}

/* Room for CONNECTION_LIMIT sockets and the store's files: raise the soft limit on open
   files towards the hard one (a fresh machine's soft limit is often 1024). */
static void raise_file_limit(void) {
  struct rlimit rl;
  rlim_t want = CONNECTION_LIMIT + 256;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want) return;
  rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= want ? want : rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
}

/* Serve until SIGTERM or SIGINT (blocked in every thread, taken here by sigwait); reload on
   SIGHUP. Returns the stopping signal. */
static int wait_for_stop(Server *srv, const sigset_t *set) {
  for (;;) {
    int sig = 0;
    if (sigwait(set, &sig) != 0) continue;
    if (sig != SIGHUP) return sig;
    reload(srv, "SIGHUP", NULL);
  }
}

/* Stop accepting, answer waiting sign-ins at once, give connections in flight DRAIN_SECONDS
   to finish, then stop (the lane first: no connection may stay suspended). */
static void drain_and_stop(struct MHD_Daemon *d, SlowLane *lane) {
  MHD_socket fd = MHD_quiesce_daemon(d);
  if (fd != MHD_INVALID_SOCKET) close(fd);
  slowlane_hurry(lane);
  double deadline = now_ms() + DRAIN_SECONDS * 1000.0;
  while (now_ms() < deadline) {
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    if (!di || di->num_connections == 0) break;
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  slowlane_stop(lane);
  MHD_stop_daemon(d);
}

/* The site served first, loaded through a handle of the pool, and the watcher started from
   the revisions it was loaded at. NULL with err. */
static SiteRef *load_first(Server *srv, char *err, size_t errlen) {
  Store *s = pool_take(srv->pool, err, errlen);
  if (!s) return NULL;
  PlanRevision *revs = NULL;
  int nrevs = 0;
  SiteRef *first = xcalloc(1, sizeof *first);
  char why[512];
  if (pretoken_init(s, why, sizeof why))
    journal_say(LOG_WARNING, "the sign-in form's secret is this server's own: %s", why);
  if (store_revisions(s, &revs, &nrevs, err, errlen) || site_load(&first->site, s, err, errlen)) {
    pool_give(srv->pool, s);
    plan_revisions_free(revs, nrevs);
    free(first);
    return NULL;
  }
  pool_give(srv->pool, s);
  first->cache = pagecache_new();
  atomic_store(&first->refs, 1);
  watch_start(&srv->watch, srv->pool, srv->conf->watch_seconds, revs, nrevs, reload_changed, srv);
  plan_revisions_free(revs, nrevs);
  return first;
}

int web_serve(const WebConf *conf, const char *listen) {
  const char *db = conf->db;
  char err[512];
  struct sockaddr_storage sa;
  socklen_t salen;
  int v6 = 0;
  if (parse_listen(listen, &sa, &salen, &v6, err, sizeof err)) {
    journal_say(LOG_ERR, "%s", err);
    return 2;
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, NULL); /* every thread (watcher, daemon) inherits the mask */
  WebConf live = *conf;
  live.pool = pool_open(db, (int)pool_size() + LANE_THREADS + 2, err, sizeof err);
  if (!live.pool) {
    journal_say(LOG_ERR, "%s", err);
    return 1;
  }
  Server srv = {.lock = PTHREAD_MUTEX_INITIALIZER,
                .conf = &live,
                .reload_lock = PTHREAD_MUTEX_INITIALIZER,
                .pool = live.pool};
  SiteRef *first = load_first(&srv, err, sizeof err);
  if (!first) {
    journal_say(LOG_ERR, "%s", err);
    pool_close(live.pool);
    return 1;
  }
  srv.current = first;
  signal(SIGPIPE, SIG_IGN);
  unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
                   MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0);
  conncap_init(PER_IP_LIMIT, conf->trusted_proxy);
  raise_file_limit();
  srv.lane = slowlane_start(LANE_THREADS, LANE_CAPACITY);
  uint16_t port =
      ntohs(v6 ? ((struct sockaddr_in6 *)&sa)->sin6_port : ((struct sockaddr_in *)&sa)->sin_port);
  errno = 0;
  struct MHD_Daemon *d = MHD_start_daemon(
      flags, port, on_accept, NULL, on_request, &srv,
      /* the logger first: options before it would still log through MHD's own */
      MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
      MHD_OPTION_THREAD_POOL_SIZE, pool_size(), MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)CONNECTION_LIMIT, MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MEMORY_PER_CONNECTION,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)TIMEOUT_SECONDS, MHD_OPTION_LISTEN_BACKLOG_SIZE,
      (unsigned)256, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_URI_LOG_CALLBACK,
      on_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
  if (!d) {
    journal_say(LOG_ERR, "cannot listen on %s: %s", listen,
                errno ? strerror(errno) : "address in use or not available");
    slowlane_stop(srv.lane);
    watch_stop(srv.watch);
    site_release(first);
    pool_close(live.pool);
    return 1;
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  char host[128] = "";
  getnameinfo((struct sockaddr *)&sa, salen, host, sizeof host, NULL, 0, NI_NUMERICHOST);
  printf("%s計画 %d 件を公開中: http://%s%s%s:%u/ （終了は Ctrl+C）\n", journal_prefix(LOG_NOTICE),
         first->site.nplans, v6 ? "[" : "", host, v6 ? "]" : "", di ? di->port : port);
  fflush(stdout);
  int sig = wait_for_stop(&srv, &set);
  atomic_store(&srv.stopping, 1);
  journal_say(LOG_NOTICE, "%s: finishing requests in flight, then stopping",
              sig == SIGINT ? "SIGINT" : "SIGTERM");
  watch_stop(srv.watch);
  drain_and_stop(d, srv.lane);
  site_release(srv.current);
  pool_close(live.pool);
  return 0;
}
