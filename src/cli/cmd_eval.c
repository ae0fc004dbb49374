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

static const char *reason_words(const char *kind) {
  static const char *const words[][2] = {
      {"truncated", "四捨五入ではなく切り捨て"},
      {"unreadable", "印刷値を読めません"},
      {"no-value", "計算値がありません"},
      {"outside-plan-years", "計画期間外の年度"},
      {"out-of-scope", "その年度は計画の対象外"},
      {"printed-none", "計算できる値が印刷されていません"},
      {"ungraded", "評価のない単位があり数えられません"},
      {"recount", "一覧の数え直しと不一致"},
      {"wrong-citation", "引用の誤り"},
      {"legend", "凡例と算定方法の不一致"},
      {"unit", "単位の不一致"},
      {"no-target", "目標値のない年度の評価"},
      {"decision", "継続・終了の理由の不一致"},
  };
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strcmp(kind, words[i][0]) == 0) return words[i][1];
  return "不一致";
}

/* One tab-separated line per finding, disagreements first, then what could not be checked:
   subject, year, what, printed, computed, kind in words, source, and the note, second
   source and suggestion where there are any. */
static void check_text(const CheckResult *r) {
  char fy[32];
  for (int pass = 1; pass >= 0; pass--) {
    if (pass)
      printf("## 不一致 %d 件（印刷値と計算値が食い違うもの）\n", r->ndisagree);
    else
      printf("## 照合できず %d 件（計算に必要なデータがない、対象外の年度など）\n",
             r->nfindings - r->ndisagree);
    for (int i = 0; i < r->nfindings; i++) {
      const Finding *f = &r->findings[i];
      if (finding_disagrees(f) != pass) continue;
      printf("%s\t%s\t%s\t印刷 %s\t計算 %s\t%s\t%s", f->subject,
             f->year ? fy_era_short(f->year, fy) : "－", f->what, f->printed_as, f->computed,
             reason_words(f->kind), f->source ? f->source : "");
      if (f->note) printf("\t%s", f->note);
      if (f->other) printf("\t照合先 %s", f->other);
      if (f->suggestion) printf("\t→ %s", f->suggestion);
      putchar('\n');
    }
  }
  printf("照合 %d 件、不一致 %d 件、照合できず %d 件\n", r->nchecked, r->ndisagree,
         r->nfindings - r->ndisagree);
}

static json_t *json_text(const char *s) {
  return s ? json_string(s) : json_null();
}

static void check_json(const Plan *p, const CheckResult *r) {
  json_t *doc = json_object(), *a = json_array();
  for (int i = 0; i < r->nfindings; i++) {
    const Finding *f = &r->findings[i];
    const Printed *pr = f->printed >= 0 ? &p->printed[f->printed] : NULL;
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(f->kind));
    json_object_set_new(o, "subject", json_string(f->subject));
    json_object_set_new(o, "year", f->year ? json_integer(f->year) : json_null());
    json_object_set_new(o, "what", json_string(pr ? pr->what : f->what));
    json_object_set_new(o, "variant", json_text(pr ? pr->variant : NULL));
    json_object_set_new(o, "printed", json_string(f->printed_as));
    json_object_set_new(o, "computed", json_string(f->computed));
    json_object_set_new(o, "reason", json_string(f->kind));
    json_object_set_new(o, "disagrees", json_boolean(finding_disagrees(f)));
    json_object_set_new(o, "source", json_text(f->source));
    json_object_set_new(o, "other_source", json_text(f->other));
    json_object_set_new(o, "note", json_text(f->note));
    json_object_set_new(o, "suggestion", json_text(f->suggestion));
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
      check_text(&r);
    rc = r.ndisagree ? EXIT_FINDING : EXIT_OK;
  }
  check_free(&r);
  plan_free(p);
  store_close(s);
  return rc;
}
