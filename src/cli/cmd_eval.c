/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_eval.c — commands that evaluate a stored plan: eval, explain, check.
*/
#include "../eval/check.h"
#include "../eval/eval.h"
#include "../eval/explain.h"
#include "../model/text.h"
#include "../reports/evalout.h"
#include "cli.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The plan and its evaluation, loaded for one command. */
typedef struct Loaded {
  Store *store;
  Plan *plan;
  Policy *policy;
  Evaluation *ev;
} Loaded;

static void unload(Loaded *l) {
  eval_free(l->ev);
  policy_free(l->policy);
  plan_free(l->plan);
  store_close(l->store);
}

static int load_and_eval(Cli *cli, const char *plan, const char *variant, Loaded *l) {
  memset(l, 0, sizeof *l);
  l->store = cli_store(cli);
  l->plan = l->store ? cli_load_plan(l->store, plan) : NULL;
  if (!l->plan) return -1;
  char err[512];
  l->policy = policy_compile(l->plan->policy_json, variant, l->plan->nlevels, err, sizeof err);
  if (!l->policy) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return -1;
  }
  l->ev = eval_run(l->plan, l->policy);
  return 0;
}

int cmd_eval(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("eval");
  static const char *const names[] = {"plan", "year", "format", "variant", NULL};
  const char *v[4] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (!v[0]) return usage_error(cmd, "--plan is required");
  const char *format = v[2] ? v[2] : "text";
  if (strcmp(format, "text") && strcmp(format, "csv") && strcmp(format, "json"))
    return usage_error(cmd, "--format must be text, csv or json");
  Loaded l;
  if (load_and_eval(cli, v[0], v[3], &l)) {
    unload(&l);
    return EXIT_FINDING;
  }
  int year = 0;
  if (v[1] && cli_plan_year(cmd, l.plan, v[1], &year)) {
    unload(&l);
    return EXIT_USAGE;
  }
  if (strcmp(format, "json") == 0)
    evalout_json(l.ev, year, stdout);
  else if (strcmp(format, "csv") == 0)
    evalout_csv(l.ev, year, stdout);
  else
    evalout_text(l.ev, year, stdout);
  unload(&l);
  return EXIT_OK;
}

int cmd_explain(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("explain");
  static const char *const names[] = {"plan", "node", "indicator", "year", "variant", NULL};
  const char *v[5] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (!v[0] || !v[3] || (!v[1] == !v[2]))
    return usage_error(cmd, "--plan, --year and one of --node or --indicator are required");
  Loaded l;
  if (load_and_eval(cli, v[0], v[4], &l)) {
    unload(&l);
    return EXIT_FINDING;
  }
  int year = 0;
  rc = EXIT_OK;
  if (cli_plan_year(cmd, l.plan, v[3], &year)) {
    rc = EXIT_USAGE;
  } else {
    Buf out = {0};
    int k = v[1] ? plan_find_node(l.plan, v[1]) : plan_indicator(l.plan, v[2]);
    if (k < 0) {
      fprintf(stderr, "shinchoku: no %s '%s' in plan %s\n", v[1] ? "node" : "indicator",
              v[1] ? v[1] : v[2], l.plan->id);
      rc = EXIT_FINDING;
    } else if (v[1]) {
      explain_node(l.ev, k, year, &out);
    } else {
      explain_indicator(l.ev, k, year, &out);
    }
    if (out.s) fputs(out.s, stdout);
    buf_free(&out);
  }
  unload(&l);
  return rc;
}

static const char *reason_words(const char *reason) {
  if (strcmp(reason, "truncated") == 0) return "四捨五入ではなく切り捨て";
  if (strcmp(reason, "unreadable") == 0) return "印刷値を読めません";
  if (strcmp(reason, "no-value") == 0) return "計算値がありません";
  if (strcmp(reason, "outside-plan-years") == 0) return "計画期間外の年度";
  if (strcmp(reason, "out-of-scope") == 0) return "その年度は計画の対象外";
  if (strcmp(reason, "printed-none") == 0) return "計算できる値が印刷されていません";
  return "不一致";
}

/* One tab-separated line per finding, disagreements first, then what could not be checked. */
static void check_text(const Plan *p, const CheckResult *r) {
  char fy[32];
  for (int pass = 1; pass >= 0; pass--) {
    if (pass)
      printf("## 不一致 %d 件（印刷値と計算値が食い違うもの）\n", r->ndisagree);
    else
      printf("## 照合できず %d 件（計算に必要なデータがない、対象外の年度など）\n",
             r->nfindings - r->ndisagree);
    for (int i = 0; i < r->nfindings; i++) {
      const Finding *f = &r->findings[i];
      const Printed *pr = &p->printed[f->printed];
      if (finding_disagrees(f) != pass) continue;
      printf("%s\t%s\t%s%s%s\t印刷 %s\t計算 %s\t%s\t%s\n", pr->subject,
             pr->year ? fy_era_short(pr->year, fy) : "－", pr->what, pr->variant ? "@" : "",
             pr->variant ? pr->variant : "", pr->value, f->computed, reason_words(f->reason),
             pr->source ? pr->source : "");
    }
  }
  printf("照合 %d 件、不一致 %d 件、照合できず %d 件\n", r->nchecked, r->ndisagree,
         r->nfindings - r->ndisagree);
}

static void check_json(const Plan *p, const CheckResult *r) {
  json_t *doc = json_object(), *a = json_array();
  for (int i = 0; i < r->nfindings; i++) {
    const Finding *f = &r->findings[i];
    const Printed *pr = &p->printed[f->printed];
    json_t *o = json_object();
    json_object_set_new(o, "subject", json_string(pr->subject));
    json_object_set_new(o, "year", pr->year ? json_integer(pr->year) : json_null());
    json_object_set_new(o, "what", json_string(pr->what));
    json_object_set_new(o, "variant", pr->variant ? json_string(pr->variant) : json_null());
    json_object_set_new(o, "printed", json_string(pr->value));
    json_object_set_new(o, "computed", json_string(f->computed));
    json_object_set_new(o, "reason", json_string(f->reason));
    json_object_set_new(o, "disagrees", json_boolean(finding_disagrees(f)));
    json_object_set_new(o, "source", pr->source ? json_string(pr->source) : json_null());
    json_array_append_new(a, o);
  }
  json_object_set_new(doc, "plan", json_string(p->id));
  json_object_set_new(doc, "checked", json_integer(r->nchecked));
  json_object_set_new(doc, "disagreements", json_integer(r->ndisagree));
  json_object_set_new(doc, "unverified", json_integer(r->nfindings - r->ndisagree));
  json_object_set_new(doc, "findings", a);
  json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
  fputc('\n', stdout);
  json_decref(doc);
}

int cmd_check(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("check");
  static const char *const names[] = {"plan", "format", NULL};
  const char *v[2] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (!v[0]) return usage_error(cmd, "--plan is required");
  if (v[1] && strcmp(v[1], "text") && strcmp(v[1], "json"))
    return usage_error(cmd, "--format must be text or json");
  Store *s = cli_store(cli);
  Plan *p = s ? cli_load_plan(s, v[0]) : NULL;
  if (!p) {
    store_close(s);
    return EXIT_FINDING;
  }
  CheckResult r;
  check_plan(p, &r);
  if (r.error) {
    fprintf(stderr, "shinchoku: %s\n", r.error);
    rc = EXIT_FINDING;
  } else {
    if (v[1] && strcmp(v[1], "json") == 0)
      check_json(p, &r);
    else
      check_text(p, &r);
    rc = r.ndisagree ? EXIT_FINDING : EXIT_OK;
  }
  check_free(&r);
  plan_free(p);
  store_close(s);
  return rc;
}
