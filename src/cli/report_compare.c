/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_compare.c — `report --kind compare --kpi CODE --year FY`: every plan in the store
** with an indicator carrying the KPI is loaded and evaluated under its own policy, then the
** comparison (eval/compare.h) is written as a report (md, csv, html, xlsx, pdf) or as JSON.
** The command line is the secretariat's tool: every year's results are shown, published or not
** (the public site shows only published years).
*/
#include "../eval/compare.h"
#include "../reports/compare_json.h"
#include "../reports/report.h"
#include "../store/kpi_store.h"
#include "cli.h"
#include "output.h"
#include <stdlib.h>
#include <string.h>

/* The plans loaded for a comparison, each with its own policy and evaluation. */
typedef struct LoadedPlan {
  Plan *plan;
  Policy *pol;
  Evaluation *ev;
} LoadedPlan;
typedef struct Loaded {
  LoadedPlan *v;
  int n, cap;
} Loaded;

static void loaded_free(Loaded *l) {
  for (int i = 0; i < l->n; i++) {
    eval_free(l->v[i].ev);
    policy_free(l->v[i].pol);
    plan_free(l->v[i].plan);
  }
  free(l->v);
}

/* Load plan id, evaluate it and add its rows. 0 or -1 with the reason on stderr. */
static int add_plan(Store *s, const char *id, Compare *c, Loaded *l) {
  char err[512];
  Plan *p = NULL;
  if (store_load(s, id, &p, err, sizeof err) || !p) {
    fprintf(stderr, "shinchoku: plan %s: %s\n", id, p ? err : "not found");
    plan_free(p);
    return -1;
  }
  Policy *pol = policy_compile(p->policy_json, NULL, p->nlevels, err, sizeof err);
  if (!pol) {
    fprintf(stderr, "shinchoku: plan %s: %s\n", id, err);
    plan_free(p);
    return -1;
  }
  VEC_PUSH(l->v, l->n, l->cap);
  LoadedPlan *x = &l->v[l->n++];
  *x = (LoadedPlan){p, pol, eval_run(p, pol)};
  if (compare_add_plan(c, p, x->ev, 0, err, sizeof err) >= 0) return 0;
  fprintf(stderr, "shinchoku: %s\n", err);
  return -1;
}

/* Every plan that has an indicator carrying the KPI, once each. */
static int load_all(Store *s, const char *code, Compare *c, Loaded *l) {
  KpiUse *uses = NULL;
  int n = 0, rc = 0;
  char err[512];
  if (store_kpi_uses(s, code, &uses, &n, err, sizeof err)) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return -1;
  }
  for (int i = 0; i < n && rc == 0; i++)
    if (i == 0 || strcmp(uses[i].plan, uses[i - 1].plan) != 0) rc = add_plan(s, uses[i].plan, c, l);
  kpi_uses_free(uses, n);
  compare_sort(c);
  return rc;
}

static int write_json(const Compare *c, const char *path) {
  char *text = compare_json(c);
  if (output_is_stdout(path)) path = NULL;
  FILE *out = path ? fopen(path, "wb") : stdout;
  int bad = !out || fputs(text, out) < 0;
  if (out && (path ? fclose(out) != 0 : fflush(out) != 0)) bad = 1;
  free(text);
  if (bad) fprintf(stderr, "shinchoku: %s: write failed\n", path ? path : "stdout");
  return bad ? EXIT_FINDING : EXIT_OK;
}

int cli_report_compare(Cli *cli, Store *s, const char *code, int year, const char *format,
                       const char *path, const char *generated, long long made) {
  const KpiDef *kpi = kpi_find(code);
  if (!kpi) {
    fprintf(stderr, "shinchoku: %s: not a code of the shared KPI vocabulary (shinchoku kpi)\n",
            code);
    return EXIT_FINDING;
  }
  Compare c;
  Loaded l = {0};
  compare_init(&c, kpi, year);
  int rc = load_all(s, code, &c, &l) ? EXIT_FINDING : EXIT_OK;
  if (rc == EXIT_OK && strcmp(format, "json") == 0) {
    rc = write_json(&c, path);
  } else if (rc == EXIT_OK) {
    char label[512];
    store_label(cli->db, label, sizeof label);
    ReportSource src = {label, NULL, generated, made, 0};
    Report *r = report_compare(&c, &src);
    rc = cli_write_report(r, format, path);
    report_free(r);
  }
  compare_free(&c);
  loaded_free(&l);
  return rc;
}
