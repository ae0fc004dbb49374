/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_rollover.c — `rollover`: the next plan built from a plan's end-of-plan decisions
** (model/rollover.c), checked through the exchange format and stored as a new plan, or with
** --dry-run only listed: what is carried (継続, with each indicator's new baseline), what is
** left behind with its decision and reason, and what has no decision.
*/
#include "../formats/xchg.h"
#include "../model/numtext.h"
#include "../model/rollover.h"
#include "../model/text.h"
#include "cli.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static json_t *jdec(dec_t d) {
  if (dec_is_none(d)) return json_null();
  if (d % DEC_SCALE == 0) return json_integer(d / DEC_SCALE);
  return json_real(dec_to_double(d));
}

static json_t *jstr(const char *s) {
  return s ? json_string(s) : json_null();
}

/* The words of a reason code from the policy's "decisions" (000: 1 →
   「一定の成果を達成したため、計画外や終了とする」); NULL when it declares none. */
static const char *reason_label(json_t *policy, const char *code) {
  json_t *r = json_object_get(json_object_get(json_object_get(policy, "decisions"), "reasons"),
                              code ? code : "");
  return json_string_value(json_object_get(r, "label"));
}

static json_t *carried_json(const Plan *old, const Plan *np, int n) {
  const Node *o = &old->nodes[n];
  json_t *x = json_object(), *inds = json_array();
  json_object_set_new(x, "node", json_string(o->id));
  json_object_set_new(x, "number", jstr(o->number));
  json_object_set_new(x, "name", jstr(o->name));
  int k = plan_node(np, o->id);
  json_object_set_new(x, "continues", k >= 0 ? jstr(np->nodes[k].continues) : json_null());
  for (int i = 0; i < np->ninds; i++) {
    if (np->inds[i].node != k) continue;
    json_t *in = json_object();
    json_object_set_new(in, "id", json_string(np->inds[i].id));
    json_object_set_new(in, "name", jstr(np->inds[i].name));
    json_object_set_new(in, "baseline", jdec(np->inds[i].baseline));
    json_object_set_new(in, "baseline_year",
                        np->inds[i].baseline_year ? json_integer(np->inds[i].baseline_year)
                                                  : json_null());
    json_array_append_new(inds, in);
  }
  json_object_set_new(x, "indicators", inds);
  return x;
}

static json_t *left_json(const Plan *old, json_t *policy, int n) {
  const Node *o = &old->nodes[n];
  json_t *x = json_object();
  json_object_set_new(x, "node", json_string(o->id));
  json_object_set_new(x, "number", jstr(o->number));
  json_object_set_new(x, "name", jstr(o->name));
  json_object_set_new(x, "decision", jstr(o->decision));
  json_object_set_new(x, "reason", jstr(o->decision_reason));
  json_object_set_new(x, "reason_label", jstr(reason_label(policy, o->decision_reason)));
  return x;
}

static json_t *result_json(const Plan *old, const Plan *np, const Rollover *r, int dry_run) {
  json_t *doc = json_object(), *carried = json_array(), *left = json_array(), *none = json_array();
  json_t *policy = old->policy_json ? json_loads(old->policy_json, 0, NULL) : NULL;
  json_object_set_new(doc, "plan", json_string(old->id));
  json_object_set_new(doc, "to", json_string(np->id));
  json_object_set_new(doc, "name", jstr(np->name));
  json_object_set_new(doc, "first_year", json_integer(np->first_year));
  json_object_set_new(doc, "last_year", json_integer(np->last_year));
  json_object_set_new(doc, "dry_run", json_boolean(dry_run));
  json_object_set_new(doc, "nodes", json_integer(np->nnodes));
  json_object_set_new(doc, "indicators", json_integer(np->ninds));
  for (int k = 0; k < r->ncarried; k++)
    json_array_append_new(carried, carried_json(old, np, r->carried[k]));
  for (int k = 0; k < r->nleft; k++)
    json_array_append_new(left, left_json(old, policy, r->left[k]));
  for (int k = 0; k < r->nundecided; k++)
    json_array_append_new(none, left_json(old, policy, r->undecided[k]));
  json_object_set_new(doc, "carried", carried);
  json_object_set_new(doc, "left", left);
  json_object_set_new(doc, "undecided", none);
  json_decref(policy);
  return doc;
}

static void print_left(const Plan *old, json_t *policy, const int *list, int n, const char *title) {
  printf("%s %d件\n", title, n);
  for (int k = 0; k < n; k++) {
    const Node *o = &old->nodes[list[k]];
    const char *label = reason_label(policy, o->decision_reason);
    printf("  %s\t%s\t%s\t理由 %s%s%s%s\n", tx(o->number ? o->number : o->id), tx(o->name),
           o->decision ? tx(o->decision) : "－", o->decision_reason ? tx(o->decision_reason) : "－",
           label ? "「" : "", label ? tx(label) : "", label ? "」" : "");
  }
}

static void print_text(const Plan *old, const Plan *np, const Rollover *r, int dry_run) {
  char fy1[64], fy2[64], b[NUMTEXT_MAX + 64];
  printf("%s → %s「%s」（%s〜%s）\n", tx(old->id), tx(np->id), tx(np->name),
         fy_both(np->first_year, fy1), fy_both(np->last_year, fy2));
  printf("継続（引き継ぐ） %d件\n", r->ncarried);
  for (int k = 0; k < r->ncarried; k++) {
    const Node *o = &old->nodes[r->carried[k]];
    int n = plan_node(np, o->id), count = 0;
    printf("  %s\t%s", tx(o->number ? o->number : o->id), tx(o->name));
    for (int i = 0; i < np->ninds; i++) {
      const Indicator *in = &np->inds[i];
      if (in->node != n) continue;
      printf("%s%s 基準値 %s", count++ ? "、" : "\t", tx(in->name),
             num_with_unit(in->baseline, -1, in->unit, b, sizeof b));
      if (in->baseline_year) printf("（%s）", fy_era_short(in->baseline_year, fy1));
    }
    putchar('\n');
  }
  json_t *policy = old->policy_json ? json_loads(old->policy_json, 0, NULL) : NULL;
  print_left(old, policy, r->left, r->nleft, "引き継がない");
  print_left(old, policy, r->undecided, r->nundecided, "方向性の記載なし（引き継がない）");
  json_decref(policy);
  printf("新しい計画: 項目 %d、指標 %d（値・評価・取組項目は引き継ぎません）\n", np->nnodes,
         np->ninds);
  if (dry_run) printf("（--dry-run: 何も保存していません）\n");
}

/* The next plan through the exchange format, so that it is what an import would accept
   (and indexed); NULL after printing what is wrong. */
static Plan *checked(const Plan *np) {
  Book book = {0};
  Errors errs = {0};
  xchg_from_plan(np, &book);
  Plan *p = xchg_to_plan(&book, &errs);
  book_free(&book);
  if (!p) term_errors(&errs, stderr);
  errors_free(&errs);
  return p;
}

static int exists(Store *s, const char *id) {
  Plan *p = NULL;
  char err[256];
  int rc = store_load(s, id, &p, err, sizeof err);
  plan_free(p);
  return rc == 0 && p;
}

int cmd_rollover(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("rollover");
  static const char *const names[] = {"plan", "to",       "first-year", "last-year",
                                      "name", "dry-run!", "format",     NULL};
  const char *v[7] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (!v[0] || !v[1]) return usage_error(cmd, "--plan and --to are required");
  if (v[6] && strcmp(v[6], "text") && strcmp(v[6], "json"))
    return usage_error(cmd, "--format must be text or json");
  if (!v[2] != !v[3]) return usage_error(cmd, "give both --first-year and --last-year, or neither");
  int first = 0, last = 0;
  if (v[2] && (cli_year(cmd, v[2], &first) || cli_year(cmd, v[3], &last))) return EXIT_USAGE;
  Store *s = cli_store(cli);
  Plan *old = s ? cli_load_plan(s, v[0]) : NULL;
  Rollover r = {0};
  Plan *np = NULL;
  char err[4096];
  rc = EXIT_FINDING;
  if (!old) {
  } else if (rollover_build(old, v[1], v[4], first, last, &r, err, sizeof err)) {
    fprintf(stderr, "shinchoku: %s\n", tx(err));
  } else if (!(np = checked(r.plan))) {
    fprintf(stderr, "shinchoku: the next plan would not import; nothing was stored\n");
  } else if (exists(s, np->id)) {
    fprintf(stderr, "shinchoku: a plan %s is already stored; nothing was stored\n", tx(np->id));
  } else {
    rc = EXIT_OK;
    if (!v[5]) {
      char reason[512];
      snprintf(reason, sizeof reason, "rollover from %s", old->id);
      Origin o = {cli_actor(), "cli", NULL, NULL, reason, 0};
      if (store_save(s, np, &o, err, sizeof err) != 0) {
        fprintf(stderr, "shinchoku: %s\n", tx(err));
        rc = EXIT_FINDING;
      }
    }
  }
  if (rc == EXIT_OK && v[6] && !strcmp(v[6], "json")) {
    json_t *doc = result_json(old, np, &r, v[5] != NULL);
    json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(doc);
  } else if (rc == EXIT_OK) {
    print_text(old, np, &r, v[5] != NULL);
  }
  plan_free(np);
  rollover_free(&r);
  plan_free(old);
  store_close(s);
  return rc;
}
