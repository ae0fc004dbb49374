/*
** site.c — the plans the portal serves. At start every stored plan is loaded through the
** store interface, its policy compiled and the engine run once; pages and the API then only
** read these structures, so requests on many threads share them without locks. The
** downloads (evaluation CSV and JSON, exchange-format JSON) are rendered here once with the
** same writers the command line uses.
*/
#include "../formats/sheet.h"
#include "../formats/xchg.h"
#include "../reports/evalout.h"
#include "../store/store.h"
#include "web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void prepare(SitePlan *sp) {
  Plan *p = sp->plan;
  sp->ev = eval_run(p, sp->policy);
  sp->default_year = latest_graded_year(sp->ev, p);
  sp->eval_csv = render(evalout_csv, sp->ev, &sp->eval_csv_len);
  sp->eval_json = render(evalout_json, sp->ev, &sp->eval_json_len);
  Book book = {0};
  xchg_from_plan(p, &book);
  sp->xchg_json = book_json_text(&book);
  sp->xchg_json_len = sp->xchg_json ? strlen(sp->xchg_json) : 0;
  book_free(&book);
  collect_depts(sp);
}

int site_load(Site *site, const char *db, char *err, size_t errlen) {
  memset(site, 0, sizeof *site);
  Store *s = store_open(db, err, errlen);
  if (!s) return -1;
  PlanSummary *list = NULL;
  int n = 0;
  if (store_list(s, &list, &n, err, errlen)) {
    store_close(s);
    return -1;
  }
  site->plans = xcalloc((size_t)n + 1, sizeof *site->plans);
  for (int i = 0; i < n; i++) {
    char perr[512];
    Plan *p = NULL;
    if (store_load(s, list[i].id, &p, perr, sizeof perr) != 0 || !p) {
      fprintf(stderr, "shinchoku: plan %s not served: %s\n", list[i].id, p ? perr : "not found");
      continue;
    }
    Policy *pol = policy_compile(p->policy_json, NULL, p->nlevels, perr, sizeof perr);
    if (!pol) {
      fprintf(stderr, "shinchoku: plan %s not served: %s\n", p->id, perr);
      plan_free(p);
      continue;
    }
    SitePlan *sp = &site->plans[site->nplans++];
    sp->plan = p;
    sp->policy = pol;
    prepare(sp);
  }
  plan_summaries_free(list, n);
  store_close(s);
  return 0;
}

void site_free(Site *site) {
  for (int i = 0; i < site->nplans; i++) {
    SitePlan *sp = &site->plans[i];
    free(sp->eval_csv);
    free(sp->eval_json);
    free(sp->xchg_json);
    for (int d = 0; d < sp->ndepts; d++)
      free(sp->depts[d]);
    free(sp->depts);
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
