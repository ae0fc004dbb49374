/*
** check_decision.c — decisions and grades that contradict the plan's own rules.
** - A continuation decision whose reason code is not one the document allows for it, or
**   whose reason contradicts the unit's final grade (000 No.62: 計画外 for reason 1 「一定の
**   成果を達成したため」 on an item graded 「－」 検討中). The rules are the policy's
**   `decisions` (docs/policy.md).
** - A grade printed for a year before the unit's targets start (000 No.12 H30: targets are
**   set from R1), where neither a number nor a grade set by people gives one.
*/
#include "check_ctx.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int in_list(json_t *list, const char *s) {
  size_t k;
  json_t *v;
  json_array_foreach(list, k, v) {
    if (json_is_string(v) && s && strcmp(json_string_value(v), s) == 0) return 1;
  }
  return 0;
}

/* The unit's grade in the last plan year it is in scope, -1 none; its year in *year. */
static int final_grade(const Evaluation *ev, int n, int *year) {
  const Plan *p = ev->plan;
  for (int y = p->last_year; y >= p->first_year; y--) {
    const NodeResult *r = eval_node(ev, n, y);
    if (!r->in_scope) continue;
    *year = y;
    return r->grade;
  }
  return -1;
}

static void check_reason(CheckCtx *c, const Evaluation *ev, int n, json_t *rules) {
  const Node *node = &c->plan->nodes[n];
  json_t *allowed = json_object_get(json_object_get(rules, "allowed"), node->decision);
  const char *where = json_string_value(json_object_get(rules, "source"));
  Buf what = {0};
  buf_printf(&what, "decision:%s", node->decision);
  if (json_is_array(allowed) && !in_list(allowed, node->decision_reason)) {
    Buf codes = {0};
    size_t k;
    json_t *v;
    json_array_foreach(allowed, k, v) buf_printf(&codes, "%s%s", k ? "・" : "理由 ",
                                                 json_is_string(v) ? json_string_value(v) : "");
    Buf printed = {0};
    buf_printf(&printed, "%s %s", node->decision,
               node->decision_reason ? node->decision_reason : "（理由なし）");
    Finding *f =
        check_add_about(c, "decision", node->id, 0, what.s, printed.s, codes.s, node->source);
    check_set(&f->note, "「%s」の理由に %s は使えません（%s）", node->decision,
              node->decision_reason ? node->decision_reason : "（なし）", where ? where : "");
    check_set(&f->suggestion, "%s の理由を %s から選ぶ", node->decision, codes.s);
    buf_free(&codes);
    buf_free(&printed);
  }
  json_t *reason = json_object_get(json_object_get(rules, "reasons"), node->decision_reason);
  json_t *grades = json_object_get(reason, "grades");
  int year = 0, g = final_grade(ev, n, &year);
  if (json_is_array(grades) && g >= 0 && !in_list(grades, eval_symbol(ev, g))) {
    const char *label = json_string_value(json_object_get(reason, "label"));
    Buf printed = {0};
    buf_printf(&printed, "%s %s", node->decision, node->decision_reason);
    Finding *f = check_add_about(c, "decision", node->id, year, what.s, printed.s,
                                 eval_symbol(ev, g), node->source);
    check_set(&f->note, "理由 %s「%s」ですが、最終年度の評価は %s です", node->decision_reason,
              label ? label : "", eval_symbol(ev, g));
    check_set(&f->suggestion, "継続・終了の理由を見直す");
    buf_free(&printed);
  }
  buf_free(&what);
}

static void check_reasons(CheckCtx *c, const Evaluation *ev) {
  json_t *doc = json_loads(c->plan->policy_json ? c->plan->policy_json : "{}", 0, NULL);
  json_t *rules = json_object_get(doc, "decisions");
  for (int n = 0; rules && n < c->plan->nnodes; n++)
    if (c->plan->nodes[n].decision) check_reason(c, ev, n, rules);
  json_decref(doc);
}

/* Do node n's targets start after year? True when none of its indicators has a target
   (number or text) in year or before, and one has a target later: the plan set targets from
   a later year (000 No.12 「R1以降の目標値を設定」). A year with no target between others is a
   gap in the data, not this. */
static int targets_start_later(const Evaluation *ev, int n, int year) {
  int later = 0;
  for (int k = ev->ind_start[n]; k < ev->ind_start[n + 1]; k++)
    for (int y = ev->first_year; y < ev->first_year + ev->nyears; y++)
      if (eval_value(ev, ev->ind_list[k], y, VK_TARGET) >= 0) {
        if (y <= year) return 0;
        later = 1;
      }
  return later;
}

static void check_untargeted(CheckCtx *c) {
  const Plan *p = c->plan;
  for (int i = 0; i < p->nprinted; i++) {
    const Printed *pr = &p->printed[i];
    Finding *f = check_finding_of(c, i);
    int n = plan_node(p, pr->subject);
    if (!f || strcmp(f->kind, "no-value") || n < 0 || strcmp(pr->what, "grade")) continue;
    const Evaluation *ev = check_evaluation(c, pr->variant);
    if (!ev || !targets_start_later(ev, n, pr->year)) continue;
    f->kind = "no-target";
    check_set(&f->note, "その年度にはどの指標にも目標値がないのに評価が印字されています");
    check_set(&f->suggestion, "評価を「－」にするか、目標値を記録する");
  }
}

void check_decisions(CheckCtx *c) {
  const Evaluation *ev = check_evaluation(c, NULL);
  if (!ev) return;
  check_reasons(c, ev);
  check_untargeted(c);
}
