/*
** report_policy.c — 001's 資料1: one section per top-level node (basic policy) with its
** target indicators (target, actual, rate and grade for the year, the final year's target
** for reference; each also as a chart over the plan's years with its table), the
** initiatives under each measure with their figures, the node's grade by the policy, and a
** drafted narrative paragraph that states those figures and the judgement.
** Not yet: the secretariat's own replacement text (stored, shown instead, kept in history).
*/
#include "../model/text.h"
#include "report.h"
#include <string.h>

static const char *num_or(Report *r, dec_t d, int digits) {
  char b[DEC_MAX_TEXT];
  return dec_is_none(d) ? "－" : rpt_str(r, "%s", dec_format(d, digits, b));
}

/* The target indicators' table; returns how many reached a top grade. */
static int targets(Report *r, RSection *s, int n, int *count) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  char fy[64];
  static const char *const head[] = {
      "指標", "単位", "目標", "実績", "進捗率（%）", "判定", "最終年度の目標（参考）", NULL};
  RTable *t = rpt_table(r, s, rpt_str(r, "目標指標（%s）", fy_both(r->year, fy)), head);
  t->row_header = 1;
  int top = 0;
  *count = 0;
  for (int k = ev->ind_start[n]; k < ev->ind_start[n + 1]; k++) {
    int i = ev->ind_list[k];
    const IndResult *ir = eval_ind(ev, i, r->year);
    int row = rt_row(t);
    rt_set(r, t, row, 0,
           rpt_str(r, "%s%s%s", p->inds[i].number ? p->inds[i].number : "",
                   p->inds[i].number ? " " : "", p->inds[i].name));
    rt_set(r, t, row, 1, p->inds[i].unit);
    rt_num(r, t, row, 2, ir->target, -1);
    rt_num(r, t, row, 3, ir->actual, -1);
    rt_num(r, t, row, 4, policy_shown(ev->policy, ir->rate), ev->policy->digits);
    rt_set(r, t, row, 5, rpt_grade(r, ir->grade));
    rt_num(r, t, row, 6, eval_num(ev, i, p->last_year, VK_TARGET), -1);
    top += rpt_is_top(r, ir->grade);
    (*count)++;
  }
  if (!*count) rpt_para(r, s, "この%sには目標指標がありません。", rpt_level(r, 1));
  return top;
}

/* Each target indicator over the plan's years: a table, then the chart drawn from it. */
static void trends(Report *r, RSection *s, int n) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  char fy[64];
  for (int k = ev->ind_start[n]; k < ev->ind_start[n + 1]; k++) {
    int i = ev->ind_list[k];
    static const char *const head[] = {"年度", "目標", "実績", NULL};
    RTable *t = rpt_table(r, s, rpt_str(r, "%s の推移", p->inds[i].name), head);
    t->row_header = 1;
    for (int y = p->first_year; y <= p->last_year; y++) {
      int row = rt_row(t);
      rt_set(r, t, row, 0, fy_both(y, fy));
      rt_num(r, t, row, 1, eval_num(ev, i, y, VK_TARGET), -1);
      rt_num(r, t, row, 2, eval_num(ev, i, y, VK_ACTUAL), -1);
    }
    rpt_chart(r, s, RB_CHART_IND, i,
              rpt_str(r, "%s の目標と実績の棒グラフ。数値は上の表のとおり。", p->inds[i].name));
  }
}

/* One table: the headline-level children of node m with their figures. */
static void initiative_table(Report *r, RSection *s, int m, int *counts) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  const Node *parent = &p->nodes[m];
  int l = ev->policy->headline_level;
  static const char *const head[] = {"No.",  "名称",        "所管課", "主な指標", "目標",
                                     "実績", "進捗率（%）", "判定",   NULL};
  RTable *t =
      rpt_table(r, s,
                rpt_str(r, "%s %s %s の%s", rpt_level(r, parent->level),
                        parent->number ? parent->number : "", parent->name, rpt_level(r, l)),
                head);
  for (int c = ev->child_start[m]; c < ev->child_start[m + 1]; c++) {
    int x = ev->child_list[c];
    const NodeResult *nr = eval_node(ev, x, r->year);
    if (p->nodes[x].level != l || !nr->in_scope) continue;
    int row = rt_row(t), main = -1;
    for (int j = ev->ind_start[x]; j < ev->ind_start[x + 1]; j++) {
      int i = ev->ind_list[j];
      if (main < 0 || (p->inds[i].role && !strcmp(p->inds[i].role, "main"))) main = i;
    }
    rt_set(r, t, row, 0, p->nodes[x].number ? p->nodes[x].number : p->nodes[x].id);
    rt_set(r, t, row, 1, p->nodes[x].name);
    rt_set(r, t, row, 2, p->nodes[x].departments);
    rt_set(r, t, row, 3, main >= 0 ? p->inds[main].name : "－");
    const IndResult *ir = main >= 0 ? eval_ind(ev, main, r->year) : NULL;
    rt_num(r, t, row, 4, ir ? ir->target : DEC_NONE, -1);
    rt_num(r, t, row, 5, ir ? ir->actual : DEC_NONE, -1);
    rt_num(r, t, row, 6, policy_shown(ev->policy, nr->rate), ev->policy->digits);
    rt_set(r, t, row, 7, nr->grade >= 0 ? rpt_grade(r, nr->grade) : "判定なし");
    counts[nr->grade >= 0 ? nr->grade : ev->policy->ngrades]++;
  }
}

/* The initiatives under top-level node n: one table per measure (or one for n itself when
   the initiatives sit directly below it). */
static void initiatives(Report *r, RSection *s, int n, int *counts) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  int l = ev->policy->headline_level, direct = 0;
  for (int k = ev->child_start[n]; k < ev->child_start[n + 1]; k++)
    if (p->nodes[ev->child_list[k]].level == l) direct = 1;
  if (direct) initiative_table(r, s, n, counts);
  for (int k = ev->child_start[n]; k < ev->child_start[n + 1]; k++) {
    int m = ev->child_list[k];
    if (p->nodes[m].level < l && eval_node(ev, m, r->year)->in_scope)
      initiative_table(r, s, m, counts);
  }
}

/* The drafted paragraph, in the document's style, from the figures above, unless the
   secretariat has replaced it with its own text. */
static void narrative(Report *r, RSection *s, int n, int ntarget, int ntop, const int *counts) {
  const Evaluation *ev = r->ev;
  int own = plan_narrative(ev->plan, n, r->year);
  if (own >= 0) {
    rpt_heading(r, s, "進捗状況（事務局）");
    rpt_para(r, s, "%s", ev->plan->items[own].text);
    return;
  }
  const Policy *pol = ev->policy;
  const Node *node = &ev->plan->nodes[n];
  const NodeResult *nr = eval_node(ev, n, r->year);
  char fy[64];
  Buf b = {0};
  int total = 0;
  for (int g = 0; g <= pol->ngrades; g++)
    total += counts[g];
  buf_printf(&b, "%s「%s」について、%sは", rpt_level(r, 1), node->name, fy_both(r->year, fy));
  if (ntarget) buf_printf(&b, "目標指標%d件のうち%d件が目標を十分に達成しており、", ntarget, ntop);
  if (total) {
    buf_printf(&b, "%d件の%sの判定は", total, rpt_level(r, pol->headline_level));
    int first = 1;
    for (int g = 0; g < pol->ngrades; g++)
      if (counts[g]) {
        buf_printf(&b, "%s%s %d件", first ? "" : "、", pol->grades[g].symbol, counts[g]);
        first = 0;
      }
    if (counts[pol->ngrades])
      buf_printf(&b, "%s判定なし %d件", first ? "" : "、", counts[pol->ngrades]);
    buf_put(&b, "となっています。");
  }
  if (nr->grade >= 0) {
    const PolicyGrade *g = &pol->grades[nr->grade];
    buf_printf(
        &b, "以上から、評価方針に基づく評価は「%s %s」%sです。", g->symbol,
        g->label ? g->label : "",
        dec_is_none(nr->rate)
            ? ""
            : rpt_str(r, "（進捗率 %s%%）", num_or(r, policy_shown(pol, nr->rate), pol->digits)));
  } else {
    buf_put(&b, "評価方針に基づく評価はまだありません。");
  }
  rpt_heading(r, s, "進捗状況（事務局案・自動作成）");
  rpt_para(r, s, "%s", b.s);
  buf_free(&b);
}

void report_policy(Report *r) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  for (int n = 0; n < p->nnodes; n++) {
    const Node *node = &p->nodes[n];
    if (node->parent >= 0 || !eval_node(ev, n, r->year)->in_scope) continue;
    RSection *s = rpt_section(r, rpt_str(r, "%s%s%s", node->number ? node->number : "",
                                         node->number ? " " : "", node->name));
    const NodeResult *nr = eval_node(ev, n, r->year);
    rpt_para(r, s, "評価: %s",
             nr->grade >= 0
                 ? rpt_str(r, "%s %s", rpt_grade(r, nr->grade),
                           ev->policy->grades[nr->grade].label ? ev->policy->grades[nr->grade].label
                                                               : "")
                 : "判定なし");
    int ntarget, ntop = targets(r, s, n, &ntarget);
    int counts[POLICY_MAX_GRADES + 1] = {0};
    if (node->level < ev->policy->headline_level) initiatives(r, s, n, counts);
    narrative(r, s, n, ntarget, ntop, counts);
    trends(r, s, n);
  }
}
