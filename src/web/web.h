/* SPDX-License-Identifier: Apache-2.0 */
/*
** web.h — what the web portal's files share: the site (every stored plan loaded and
** evaluated once at start), one request and its response, the page handlers the router in
** server.c dispatches to, and the HTML helpers of html.c (escaping and charts come from
*src/reports). Pages never talk to libmicrohttpd:
** they read a Req and fill a Resp, so they are plain functions over the in-memory plans.
*/
#ifndef SHINCHOKU_WEB_H
#define SHINCHOKU_WEB_H

#include "../eval/eval.h"
#include "../model/plan.h"
#include "../reports/chart.h"
#include "../reports/html.h"
#include <stdatomic.h>

struct Store;     /* store.h */
struct StorePool; /* pool.h */

/* What `serve` was started with, for the pages that write. */
typedef struct WebConf {
  const char *db;            /* the store's path or URI */
  struct StorePool *pool;    /* the server's open store handles (pool.h); NULL: open db */
  double watch_seconds;      /* how often to look for plans other processes changed; 0: never */
  int secure_cookies;        /* mark cookies Secure (served over TLS through a proxy) */
  int log_json;              /* the access log as JSON lines, not the combined log format */
  const char *public_url;    /* the base URL people see (shinchoku.conf), or NULL */
  const char *smtp_relay;    /* HOST:PORT of the mail relay (shinchoku.conf), or NULL */
  const char *trusted_proxy; /* the reverse proxy's address: its X-Forwarded-For is believed */
} WebConf;

/* A file the site offers at /plan/ID/download/NAME, rendered when the plan is loaded. */
typedef struct Download {
  const char *name; /* in the URL: "eval.csv" */
  const char *type; /* Content-Type */
  char *file;       /* the file name offered to the browser (plain ASCII) */
  char *data;
  size_t len;
} Download;

enum { MAX_DOWNLOADS = 8 };

/* One plan as the site serves it: evaluated once, its downloads rendered once. */
typedef struct SitePlan {
  Plan *plan;
  Policy *policy;
  Evaluation *ev;
  int default_year; /* the latest year with any grade, else the first year */
  Download downloads[MAX_DOWNLOADS];
  int ndownloads;
  char **depts; /* departments named by any node, sorted, unique */
  int ndepts;
  unsigned char *published; /* per year from plan->first_year: 1 when its results are public */
  char *published_at;       /* when a year was last published (ISO 8601 UTC), NULL if never */
  struct SitePlan *draft;   /* every year's results, for staff (下書き); NULL when no result
                               was held back. Shares policy; its own departments; no
                               downloads. */
  atomic_int *holders;      /* how many sites hold this plan's contents (a reload of another plan
                               shares them); the last site_free frees them */
} SitePlan;

typedef struct Site {
  SitePlan *plans;
  int nplans;
} Site;

/* Serve the store at listen (ADDR:PORT) until SIGTERM or SIGINT. Returns an exit status. */
int web_serve(const WebConf *conf, const char *listen);

/* Load and evaluate every plan in the store s. -1 with err when the store cannot be read; a
   plan whose policy does not compile is left out with a warning on stderr. */
int site_load(Site *site, struct Store *s, char *err, size_t errlen);
/* A site like old in which only plan id is loaded and evaluated again (and left out when the
   store no longer has it); every other plan is shared with old. 1 when old has no plan id
   (load the whole site instead), -1 with err when the store cannot be read. */
int site_reload_plan(Site *site, const Site *old, struct Store *s, const char *id, char *err,
                     size_t errlen);
void site_free(Site *site);
SitePlan *site_plan(const Site *site, const char *id);
/* True when a node of the plan names dept (dept NULL: false). */
int site_has_department(const SitePlan *sp, const char *dept);
/* True when the results of year are public. */
int site_year_published(const SitePlan *sp, int year);
/* The plan with every year's results, published or not (staff only). */
const SitePlan *site_draft(const SitePlan *sp);
/* The plan's download called name ("eval.csv"), or NULL. */
const Download *site_download(const SitePlan *sp, const char *name);

#define REQ_MAX_PARTS 8

/* The fields of a submitted form (application/x-www-form-urlencoded), decoded, in order. */
typedef struct Form {
  char **names, **values;
  int n, cap;
} Form;

/* Parse a body into f. -1 when it is not well-formed (a bad escape, a NUL, bytes that are not
   UTF-8). */
int form_parse(Form *f, const char *body, size_t len);
void form_free(Form *f);
/* The first value of name, NULL when absent. */
const char *form_get(const Form *f, const char *name);

/* Add a field to f; f owns name and value from now on. */
void form_add(Form *f, char *name, char *value);

/* The file of a multipart/form-data POST (multipart.c): one per request at most. */
typedef struct Upload {
  int present;    /* a file was sent (a part with a file name that is not empty) */
  char *field;    /* the form field it came in */
  char *filename; /* as the browser named it (UTF-8), NULL when not UTF-8 */
  Buf data;       /* its bytes */
} Upload;
void upload_free(Upload *u);

/* A request: its method, decoded path split at '/', its query arguments, cookies and
   headers (looked up through the server), and a POST's form (and uploaded file). */
typedef struct Req {
  const char *path;
  const char *query; /* as sent, still percent-encoded; "" or NULL when none */
  char *parts[REQ_MAX_PARTS];
  int nparts;
  const char *(*arg_fn)(const void *ctx, const char *name);
  const void *arg_ctx;
  const char *method;
  const char *(*cookie_fn)(const void *ctx, const char *name);
  const char *(*header_fn)(const void *ctx, const char *name);
  const Form *form;     /* POST only */
  const Upload *upload; /* a multipart POST's file, or NULL */
  const WebConf *conf;
  const char *client; /* the client's numeric address (a trusted proxy's X-Forwarded-For) */
} Req;

/* A query argument, NULL when absent. */
const char *req_arg(const Req *r, const char *name);
/* A cookie or a request header, NULL when absent. */
const char *req_cookie(const Req *r, const char *name);
const char *req_header(const Req *r, const char *name);
/* A field of the POST body, NULL when absent (or not a POST). */
const char *req_field(const Req *r, const char *name);

typedef struct Resp {
  int status;
  const char *type; /* Content-Type */
  Buf body;
  const char *fixed; /* instead of body: static or site-owned bytes */
  size_t fixed_len;
  char disposition[160]; /* Content-Disposition, "" for none */
  int max_age;           /* Cache-Control max-age in seconds */
  int cors;              /* read-only CORS headers (the API) */
  int private_page;      /* a staff page: never cached, never validated by ETag */
  char location[512];    /* Location, for 303 after a POST and sign-in redirects */
  char cookies[2][256];  /* Set-Cookie headers, "" when unused */
  int retry_after;       /* seconds, for 429 */
  int reload;            /* plan data changed: load the store again before answering */
  int close;             /* answer with Connection: close */
  int delay_ms;          /* hold the answer this long (a failed sign-in; slow lane only) */
  char reload_plan[128]; /* the plan that changed ("": every plan is loaded again) */
} Resp;

/* One request as libmicrohttpd parsed it: what the server hands web_respond. Query
   arguments are percent-decoded (a value is NULL for "?name" without "="); header names
   compare case-insensitively. Everything is borrowed. */
typedef struct WebPair {
  const char *name, *value;
} WebPair;

typedef struct WebRequest {
  const char *method;
  const char *path;  /* as sent, before percent-decoding */
  const char *query; /* as sent, after the '?'; "" when none */
  const WebPair *args, *headers, *cookies;
  int nargs, nheaders, ncookies;
  const char *body; /* a POST's body (may be NULL when empty) */
  size_t body_len;
  int too_long, too_big; /* the server cut the URL or the body short */
} WebRequest;

/* The response to one request: the checks made on its headers, then the routing to a page,
   exactly as `serve` answers it (server.c; test/fuzz/fuzz_http.c drives it directly). A
   response with out->reload set asks the caller to load the store again. */
void web_respond(const Site *site, const WebConf *conf, const WebRequest *w, Resp *out);

/* Route handlers: fill resp, return nothing; errors are responses too. */
void page_home(const Site *s, const Req *r, Resp *out);
void page_search(const Site *s, const Req *r, Resp *out);
void page_accessibility(const Req *r, Resp *out);          /* /accessibility */
void page_plan(const Site *s, const Req *r, Resp *out);    /* /plan/ID/... */
void page_asset(const Req *r, Resp *out);                  /* /static/NAME */
void api_route(const Site *s, const Req *r, Resp *out);    /* /api/... */
void staff_route(const Site *s, const Req *r, Resp *out);  /* /staff/...: signed-in work */
void page_compare(const Site *s, const Req *r, Resp *out); /* /compare (pages_compare.c) */
void api_compare(const Site *s, const Req *r, Resp *out);  /* /api/v1/compare */

/* An HTML error page (status and a Japanese message). */
void page_error(Resp *out, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A JSON error document. */
void api_error(Resp *out, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- html.c ---------------------------------------------------------------------------- */

/* A breadcrumb: label and href (NULL href for the current page). */
typedef struct Crumb {
  const char *label;
  const char *href;
} Crumb;

/* The page skeleton: head, skip link, header with search, breadcrumbs, <main>. */
void html_begin(Buf *b, const char *title, const Crumb *crumbs, int ncrumbs);
void html_end(Buf *b);
/* The end of a plan's page: when its results were last published (JST), the source and the
   data's licence (CC BY 4.0), then html_end. */
void html_plan_end(Buf *b, const SitePlan *sp);
/* The fiscal-year selector: a GET form back to action with ?year= (and ?name=dept when
   dept is not NULL). */
void html_year_form(Buf *b, const SitePlan *sp, const char *action, const char *dept, int year);
/* A grade as symbol and label (never colour alone); "－" when none. */
void html_grade(Buf *b, const Evaluation *ev, int grade);
/* The URL of a plan page: /plan/ID[/rest][?year=Y] (rest already escaped). */
void html_plan_url(Buf *b, const Plan *p, const char *rest, int year);
/* The URL of a node page. */
void html_node_url(Buf *b, const Plan *p, const Node *n, int year);

/* The URL of a department page: /plan/ID/department?name=DEPT (a query value, because
   department names may hold '/'). */
void html_dept_url(Buf *b, const Plan *p, const char *dept, int year);

/* The year of a request (?year= in any fiscal-year form), sp's default when absent.
   -1 and a 400 response (HTML, or JSON when api) when it is not a year of the plan. */
int web_year(const SitePlan *sp, const Req *r, Resp *out, int api, int *year);
/* The date checklist items are judged as of (asof.c): ?as_of=DATE, else today in Japan, as
   YYYYMMDD. -1 with a 400 page written when the argument is not a date. */
int web_as_of(const Req *r, Resp *out, int *as_of);
/* An item's deadline date and state as of the date: two table cells (<td>…</td><td>…</td>). */
void html_item_state(Buf *b, const Item *it, int as_of);
/* The same as spans for a list entry (the roadmap page's grouped items). */
void html_item_state_facts(Buf *b, const Item *it, int as_of);
/* Node n's history across plans (history.c): when it continues a node of a plan the site
   has, a link to it and each indicator's years in both plans in one table and one chart. */
void html_history(Buf *b, const Site *site, const SitePlan *sp, int n);

/* The plan's headline for a year: the headline level's share of top grades. */
void html_headline(Buf *b, const SitePlan *sp, int year);
/* The grade counts below a node, as text: "◎ 3件、○ 2件" (nothing when its level does not
   count). */
void html_dist(Buf *b, const Evaluation *ev, int n, int year);
/* A stored time (ISO 8601 UTC) in Japan time, in era and Western form:
   "令和8年12月2日（2026年12月2日）10時14分" inside <time datetime>. */
void html_time(Buf *b, const char *iso);
/* A rate as the policy shows it ("52.8%") with a bar beside it (a <meter>, hidden from
   screen readers, which read the number); "－" when none. */
void html_rate(Buf *b, const Evaluation *ev, dec_t rate);
/* The change from before to now, signed and grouped ("+1,234", "−5.5", "±0"); "－" when
   either is missing. */
void html_change(Buf *b, dec_t now, dec_t before);
/* A '|'-separated list of the exchange format as Japanese text: "市民等、庁内" (escaped). */
void html_list(Buf *b, const char *joined);
/* A number as the plan wrote it, "－" when none. */
void html_num(Buf *b, dec_t d);
/* A roadmap item's kind in Japanese. */
const char *item_kind_words(const char *kind);
/* A node's level name ("施策"), "" when out of range. */
const char *node_level_name(const Plan *p, const Node *n);

/* pages_filter.c: /plan/ID/initiatives, filtered by grade, department and audience. */
void page_initiatives(const SitePlan *sp, const Req *r, int year, Resp *out);

/* pages_node.c: /plan/ID/node/NODE (drill-down and initiative). */
void page_node(const Site *site, const SitePlan *sp, const Req *r, Resp *out);
/* The plan's committee meetings and what each handed out (pages_meetings.c); nothing for a
   plan without meetings. */
void html_meetings(Buf *b, const Plan *p);
/* pages_snapshot.c: /plan/ID/snapshot/NAME/report/KIND.FMT, a report made from a snapshot as
   `shinchoku report --snapshot NAME` makes it; and the list of snapshots with their reports
   on the downloads page (nothing when the plan has none). */
void page_snapshot(const Site *site, const SitePlan *sp, const Req *r, Resp *out);
void html_snapshot_reports(Buf *b, const Req *r, const SitePlan *sp);
struct Snapshot;
/* Snapshot name of sp's plan read as a plan, when the site may show it (every year it holds
   results for is published now); NULL with the error page written in out (404 unknown or
   unpublished, 503 no store). sn receives the stored row (free with snapshot_clear). */
Plan *snapshot_public_plan(const SitePlan *sp, const Req *r, const char *name, struct Snapshot *sn,
                           Resp *out);
/* A report's bytes in fmt (pdf, html, md, csv) appended to body, -1 when the PDF cannot be
   made; and the Content-Type of fmt. The site's report downloads and snapshot reports. */
struct Report;
int web_report_render(const struct Report *rep, const char *fmt, Buf *body);
const char *web_report_type(const char *fmt);
/* pages_changes.c: /plan/ID/snapshot/NAME/changes[?against=OTHER], the `changes` report from
   snapshot NAME to snapshot OTHER or to the plan as published now, as a page of the site. */
void page_snapshot_changes(const SitePlan *sp, const Req *r, Resp *out);

#endif
