/* SPDX-License-Identifier: Apache-2.0 */
/*
** site.c — the plans the portal serves. At start every stored plan is loaded through the
** store interface, its policy compiled and the engine run once; pages and the API then only
** read these structures, so requests on many threads share them without locks. The
** downloads (evaluation CSV and JSON, exchange-format JSON) are rendered here once with the
** same writers the command line uses. Only published years' results are loaded into what
** the public sees (publication, docs/workflow.md); a second evaluation with every year, the
** draft, is kept for the staff pages and the staff's preview of the public site
** (pages_preview.c) when anything was held back.
*/
#include "../formats/sheet.h"
#include "../formats/xchg.h"
#include "../reports/evalout.h"
#include "../reports/opendata.h"
#include "../store/publish.h"
#include "../store/store.h"
#include "web.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Capture what an evalout writer prints. */
static char *render(void (*fn)(const Evaluation *, int, FILE *), const Evaluation *ev,
                    size_t *len) {
  char *text = NULL;
  FILE *f = open_memstream(&text, len);
  if (!f) abort();
  fn(ev, 0, f);
  fclose(f);
  return text;
}

static int latest_graded_year(const Evaluation *ev, const Plan *p) {
  for (int y = p->last_year; y >= p->first_year; y--)
    for (int l = 1; l <= p->nlevels; l++)
      if (eval_level(ev, l, y)->graded > 0) return y;
  return p->first_year;
}

typedef struct DeptList {
  char **names;
  int count, cap;
} DeptList;

static void add_dept(const char *part, size_t len, void *ctx) {
  DeptList *d = ctx;
  for (int i = 0; i < d->count; i++)
    if (strlen(d->names[i]) == len && memcmp(d->names[i], part, len) == 0) return;
  VEC_PUSH(d->names, d->count, d->cap);
  d->names[d->count++] = xstrndup(part, len);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect_depts(SitePlan *sp) {
  DeptList d = {0};
  for (int n = 0; n < sp->plan->nnodes; n++)
    list_each(sp->plan->nodes[n].departments, add_dept, &d);
  if (d.count) qsort(d.names, (size_t)d.count, sizeof *d.names, cmp_str);
  sp->depts = d.names;
  sp->ndepts = d.count;
}

/* The plan id with anything but [A-Za-z0-9._-] replaced, so that a file name offered in a
   header stays plain ASCII whatever the id holds. */
static char *safe_file_name(const Plan *p, const char *suffix) {
  Buf b = {0};
  for (const char *c = p->id; *c && b.len < 60; c++)
    buf_putc(&b, (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
                         *c == '.' || *c == '-' || *c == '_'
                     ? *c
                     : '_');
  buf_put(&b, suffix);
  return buf_detach(&b);
}

static void add_download(SitePlan *sp, const char *name, const char *type, char *file, char *data,
                         size_t len) {
  if (!data || sp->ndownloads == MAX_DOWNLOADS) {
    free(file);
    free(data);
    return;
  }
  sp->downloads[sp->ndownloads++] = (Download){name, type, file, data, len};
}

/* The downloads whose writers only write files (open data, the xlsx workbook): written once
   into a private temporary folder, read back, removed. */
static void add_file_downloads(SitePlan *sp) {
  const char *tmp = getenv("TMPDIR");
  Buf dir = {0}, path = {0};
  buf_printf(&dir, "%s/shinchoku-site-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir.s)) {
    fprintf(stderr, "shinchoku: %s: %s (open data and xlsx downloads left out)\n", dir.s,
            strerror(errno));
    buf_free(&dir);
    return;
  }
  Errors errs = {0};
  size_t len = 0;
  char *data;
  if (opendata_write(sp->plan, dir.s, &errs) == 0) {
    buf_printf(&path, "%s/%s.csv", dir.s, sp->plan->id);
    data = read_file(path.s, &len);
    add_download(sp, "opendata.csv", "text/csv; charset=utf-8", safe_file_name(sp->plan, ".csv"),
                 data, len);
    unlink(path.s);
    path.len = 0;
    buf_printf(&path, "%s/datapackage.json", dir.s);
    data = read_file(path.s, &len);
    add_download(sp, "datapackage.json", "application/json; charset=utf-8",
                 xstrdup("datapackage.json"), data, len);
    unlink(path.s);
  }
  path.len = 0;
  buf_printf(&path, "%s/plan.xlsx", dir.s);
  if (xchg_write_path(sp->plan, "xlsx", path.s, &errs) == 0) {
    data = read_file(path.s, &len);
    add_download(sp, "plan.xlsx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 safe_file_name(sp->plan, ".xlsx"), data, len);
    unlink(path.s);
  }
  errors_print(&errs, stderr);
  errors_free(&errs);
  rmdir(dir.s);
  buf_free(&dir);
  buf_free(&path);
}

static void prepare(SitePlan *sp) {
  Plan *p = sp->plan;
  sp->ev = eval_run(p, sp->policy);
  sp->default_year = latest_graded_year(sp->ev, p);
  size_t len = 0;
  char *data = render(evalout_csv, sp->ev, &len);
  add_download(sp, "eval.csv", "text/csv; charset=utf-8", safe_file_name(p, "-eval.csv"), data,
               len);
  data = render(evalout_json, sp->ev, &len);
  add_download(sp, "eval.json", "application/json; charset=utf-8", safe_file_name(p, "-eval.json"),
               data, len);
  Book book = {0};
  xchg_from_plan(p, &book);
  data = book_json_text(&book);
  add_download(sp, "plan.json", "application/json; charset=utf-8", safe_file_name(p, "-plan.json"),
               data, data ? strlen(data) : 0);
  book_free(&book);
  add_file_downloads(sp);
  collect_depts(sp);
}

int site_has_department(const SitePlan *sp, const char *dept) {
  for (int d = 0; dept && d < sp->ndepts; d++)
    if (strcmp(sp->depts[d], dept) == 0) return 1;
  return 0;
}

const Download *site_download(const SitePlan *sp, const char *name) {
  for (int i = 0; i < sp->ndownloads; i++)
    if (strcmp(sp->downloads[i].name, name) == 0) return &sp->downloads[i];
  return NULL;
}

/* ---- publication: hold back the results of years not published -------------------- */

static int year_public(const SitePlan *sp, int year) {
  const Plan *p = sp->plan;
  return year >= p->first_year && year <= p->last_year && sp->published[year - p->first_year];
}

static int is_narrative(const Item *it) {
  return it->kind && strcmp(it->kind, "narrative") == 0;
}

/* Remove from sp->plan every result of a year that is not published: actuals, projections,
   grades set by people, the secretariat's texts and printed figures. Returns how many rows. */
static int hold_back(SitePlan *sp) {
  Plan *p = sp->plan;
  int kept = 0, before = p->nvalues + p->ngrades + p->nitems + p->nprinted;
  for (int i = 0; i < p->nvalues; i++)
    if (p->values[i].kind == VK_TARGET || year_public(sp, p->values[i].year))
      p->values[kept++] = p->values[i];
  p->nvalues = kept;
  kept = 0;
  for (int i = 0; i < p->ngrades; i++)
    if (year_public(sp, p->grades[i].year)) p->grades[kept++] = p->grades[i];
  p->ngrades = kept;
  kept = 0;
  for (int i = 0; i < p->nitems; i++)
    if (!is_narrative(&p->items[i]) || p->items[i].year == 0 || year_public(sp, p->items[i].year))
      p->items[kept++] = p->items[i];
  p->nitems = kept;
  kept = 0;
  for (int i = 0; i < p->nprinted; i++)
    if (p->printed[i].year == 0 || year_public(sp, p->printed[i].year))
      p->printed[kept++] = p->printed[i];
  p->nprinted = kept;
  return before - (p->nvalues + p->ngrades + p->nitems + p->nprinted);
}

/* Read which years of sp->plan are published. */
static int read_published(Store *s, SitePlan *sp) {
  Plan *p = sp->plan;
  Published *list = NULL;
  int n = 0;
  char err[512];
  sp->published = xcalloc((size_t)plan_years(p), 1);
  if (publish_list(s, p->id, &list, &n, err, sizeof err)) {
    fprintf(stderr, "shinchoku: plan %s: %s (no year is shown as published)\n", p->id, err);
    return -1;
  }
  for (int i = 0; i < n; i++) {
    if (list[i].year < p->first_year || list[i].year > p->last_year) continue;
    sp->published[list[i].year - p->first_year] = 1;
    if (!sp->published_at || strcmp(list[i].at, sp->published_at) > 0) {
      free(sp->published_at);
      sp->published_at = xstrdup(list[i].at);
    }
  }
  published_free(list, n);
  return 0;
}

int site_year_published(const SitePlan *sp, int year) {
  return year_public(sp, year);
}

const SitePlan *site_draft(const SitePlan *sp) {
  return sp->draft ? sp->draft : sp;
}

/* The staff's view: the plan as stored, evaluated. */
static SitePlan *make_draft(Store *s, const SitePlan *sp) {
  char perr[512];
  Plan *p = NULL;
  if (store_load(s, sp->plan->id, &p, perr, sizeof perr) != 0 || !p) {
    fprintf(stderr, "shinchoku: plan %s: drafts not shown: %s\n", sp->plan->id, p ? perr : "gone");
    plan_free(p);
    return NULL;
  }
  SitePlan *d = xcalloc(1, sizeof *d);
  d->plan = p;
  d->policy = sp->policy;
  d->ev = eval_run(p, sp->policy);
  d->default_year = latest_graded_year(d->ev, p);
  d->published = xmalloc((size_t)plan_years(p));
  memcpy(d->published, sp->published, (size_t)plan_years(p));
  d->published_at = sp->published_at ? xstrdup(sp->published_at) : NULL;
  collect_depts(d); /* the staff's preview has department pages too */
  return d;
}

static void free_draft(SitePlan *d) {
  if (!d) return;
  for (int i = 0; i < d->ndepts; i++)
    free(d->depts[i]);
  free(d->depts);
  eval_free(d->ev);
  plan_free(d->plan);
  free(d->published);
  free(d->published_at);
  free(d);
}

/* Load, compile and evaluate plan id into sp: 0, or -1 after a warning on stderr (the plan is
   not served). */
static int load_plan(Store *s, const char *id, SitePlan *sp) {
  char perr[512];
  Plan *p = NULL;
  if (store_load(s, id, &p, perr, sizeof perr) != 0 || !p) {
    fprintf(stderr, "shinchoku: plan %s not served: %s\n", id, p ? perr : "not found");
    return -1;
  }
  Policy *pol = policy_compile(p->policy_json, NULL, p->nlevels, perr, sizeof perr);
  if (!pol) {
    fprintf(stderr, "shinchoku: plan %s not served: %s\n", p->id, perr);
    plan_free(p);
    return -1;
  }
  memset(sp, 0, sizeof *sp);
  sp->plan = p;
  sp->policy = pol;
  read_published(s, sp);
  if (hold_back(sp) > 0) sp->draft = make_draft(s, sp);
  prepare(sp);
  sp->holders = xmalloc(sizeof *sp->holders);
  atomic_init(sp->holders, 1);
  return 0;
}

int site_load(Site *site, Store *s, char *err, size_t errlen) {
  memset(site, 0, sizeof *site);
  PlanSummary *list = NULL;
  int n = 0;
  if (store_list(s, &list, &n, err, errlen)) return -1;
  site->plans = xcalloc((size_t)n + 1, sizeof *site->plans);
  for (int i = 0; i < n; i++)
    if (load_plan(s, list[i].id, &site->plans[site->nplans]) == 0) site->nplans++;
  plan_summaries_free(list, n);
  return 0;
}

int site_reload_plan(Site *site, const Site *old, Store *s, const char *id, char *err,
                     size_t errlen) {
  (void)err;
  (void)errlen;
  memset(site, 0, sizeof *site);
  if (!site_plan(old, id)) return 1;
  site->plans = xcalloc((size_t)old->nplans + 1, sizeof *site->plans);
  for (int i = 0; i < old->nplans; i++) {
    const SitePlan *was = &old->plans[i];
    if (strcmp(was->plan->id, id) != 0) { /* shared: the same contents, one more holder */
      atomic_fetch_add(was->holders, 1);
      site->plans[site->nplans++] = *was;
    } else if (load_plan(s, id, &site->plans[site->nplans]) == 0) {
      site->nplans++;
    }
  }
  return 0;
}

void site_free(Site *site) {
  for (int i = 0; i < site->nplans; i++) {
    SitePlan *sp = &site->plans[i];
    if (atomic_fetch_sub(sp->holders, 1) != 1) continue; /* another site still serves it */
    free(sp->holders);
    for (int d = 0; d < sp->ndownloads; d++) {
      free(sp->downloads[d].file);
      free(sp->downloads[d].data);
    }
    for (int d = 0; d < sp->ndepts; d++)
      free(sp->depts[d]);
    free(sp->depts);
    free_draft(sp->draft);
    free(sp->published);
    free(sp->published_at);
    eval_free(sp->ev);
    policy_free(sp->policy);
    plan_free(sp->plan);
  }
  free(site->plans);
  memset(site, 0, sizeof *site);
}

SitePlan *site_plan(const Site *site, const char *id) {
  for (int i = 0; i < site->nplans; i++)
    if (strcmp(site->plans[i].plan->id, id) == 0) return &site->plans[i];
  return NULL;
}
