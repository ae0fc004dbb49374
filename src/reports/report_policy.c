/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_policy.c — 001's 資料1 (seed 001 L180–400): the plan in one paragraph (how many basic
** policies, measures and initiatives, ※ those added later) and the 【進捗状況】 legend; then one
** section per top-level node (basic policy): its grade, a paragraph drafted from its target
** indicators' figures as 資料1 writes it (「電子申請利用件数は78,691件…」) or the secretariat's
** own text, the target indicators (the year's target, actual, rate, the final year's target
** for reference, units in the cells, the policy's grade in one cell) and, per measure, its
** main initiatives (indicators of role `main`), each with its unit in the header. A plan
** without `main` indicators gets every initiative of each measure instead.
*/
#include "../model/text.h"
#include "report.h"
#include <string.h>

static int is_role(const Indicator *ind, const char *role) {
  return ind->role && strcmp(ind->role, role) == 0;
}

static int plan_has_role(const Plan *p, const char *role) {
  for (int i = 0; i < p->ninds; i++)
    if (is_role(&p->inds[i], role)) return 1;
  return 0;
}

/* "R5年度" */
static const char *fy_short(Report *r, int year) {
  char fy[16];
  return rpt_str(r, "%s年度", fy_era_short(year, fy));
}

/* The grade's label, "" for none. */
static const char *grade_words(Report *r, int grade) {
  return grade >= 0 && r->ev->policy->grades[grade].label ? r->ev->policy->grades[grade].label : "";
}

/* ---- the plan in one paragraph and the legend (資料1 L180–203) -------------------------- */

static int count_level(const Plan *p, int level, int added_only) {
  int c = 0;
  for (int n = 0; n < p->nnodes; n++)
    if (p->nodes[n].level == level && (!added_only || p->nodes[n].added_year > p->first_year)) c++;
  return c;
}

/* 「※令和6年度から、新たに26の具体策を追加。」 one sentence per year of additions. */
static void additions(Report *r, RSection *s, int level) {
  const Plan *p = r->ev->plan;
  for (int y = p->first_year + 1; y <= p->last_year; y++) {
    int c = 0;
    for (int n = 0; n < p->nnodes; n++)
      c += p->nodes[n].level == level && p->nodes[n].added_year == y;
    char fy[32];
    if (c) rpt_para(r, s, "※%sから、新たに%dの%sを追加。", fy_era(y, fy), c, rpt_level(r, level));
  }
}

static void intro(Report *r) {
  const Plan *p = r->ev->plan;
  int unit = r->ev->policy->headline_level;
  char a[32], b[32];
  RSection *s = rpt_section(r, rpt_str(r, "%s の進捗状況", p->name));
  Buf t = {0};
  buf_printf(&t, "%s（%s～%s）は、", p->name, fy_era(p->first_year, a), fy_era(p->last_year, b));
  for (int l = 1; l < unit && l <= p->nlevels; l++)
    buf_printf(&t, "%s%d%sの%s", l > 1 ? "と" : "", count_level(p, l, 0), l == 1 ? "つ" : "",
               rpt_level(r, l));
  if (unit > 1) buf_put(&t, "を掲げ、");
  buf_printf(&t, "%d%sの%sについて取組を推進している。", count_level(p, unit, 0),
             count_level(p, unit, 1) ? "（※）" : "", rpt_level(r, unit));
  rpt_para(r, s, "%s", t.s);
  buf_free(&t);
  additions(r, s, unit);
  rpt_heading(r, s, "【進捗状況】");
  const Policy *pol = r->ev->policy;
  for (int g = 0; g < pol->ngrades; g++) {
    const PolicyGrade *pg = &pol->grades[g];
    rpt_para(r, s, "%s：%s%s%s%s", pg->symbol, pg->label ? pg->label : "", pg->legend ? "（" : "",
             pg->legend ? pg->legend : "", pg->legend ? "）" : "");
  }
}

/* ---- one basic policy ------------------------------------------------------------------- */

/* 「電子申請利用件数[No.5]」: the name with its citation. */
static const char *ind_title(Report *r, int i) {
  const Indicator *ind = &r->ev->plan->inds[i];
  return rpt_str(r, "%s%s", ind->name, ind->number && ind->number[0] == '[' ? ind->number : "");
}

/* ＜目標指標の進捗状況＞: the year's figures with their units, the policy's grade in one cell
   (the first row's; 資料1 merges it over the rows). Returns how many rows. */
static int targets(Report *r, RSection *s, int n) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  if (ev->ind_start[n] == ev->ind_start[n + 1]) {
    rpt_para(r, s, "この%sには目標指標がありません。", rpt_level(r, 1));
    return 0;
  }
  RTable *t = rpt_table_n(r, s, "＜目標指標の進捗状況＞", 6);
  const char *head[] = {"目標指標",
                        rpt_str(r, "%s目標値", fy_short(r, r->year)),
                        rpt_str(r, "%s実績値", fy_short(r, r->year)),
                        "進捗率",
                        "進捗状況",
                        rpt_str(r, "%s目標値（参考）", fy_era_short(p->last_year, (char[16]){0}))};
  for (int c = 0; c < 6; c++)
    rt_set(r, t, 0, c, head[c]);
  t->row_header = 1;
  const NodeResult *nr = eval_node(ev, n, r->year);
  int rows = 0;
  for (int k = ev->ind_start[n]; k < ev->ind_start[n + 1]; k++) {
    int i = ev->ind_list[k];
    const IndResult *ir = eval_ind(ev, i, r->year);
    const char *unit = p->inds[i].unit;
    int row = rt_row(t);
    rt_set(r, t, row, 0, ind_title(r, i));
    rt_qty(r, t, row, 1, ir->target, -1, unit);
    rt_qty(r, t, row, 2, ir->actual, -1, unit);
    rt_rate(r, t, row, 3, ir->rate, ev->policy->digits);
    rt_set(r, t, row, 4, rows == 0 && nr->grade >= 0 ? rpt_grade(r, nr->grade) : "");
    rt_qty(r, t, row, 5, eval_num(ev, i, p->last_year, VK_TARGET), -1, unit);
    rows++;
  }
  return rows;
}

/* 「A は 78,691件、B は 30施設であり、」 and which of them reached their target. */
static void figures(Report *r, int n, Buf *all, Buf *met, Buf *unmet, int *nmet, int *nunmet) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  for (int k = ev->ind_start[n]; k < ev->ind_start[n + 1]; k++) {
    int i = ev->ind_list[k];
    const IndResult *ir = eval_ind(ev, i, r->year);
    if (dec_is_none(ir->rate)) continue;
    buf_printf(all, "%s%sは%s", all->len ? "、" : "", p->inds[i].name,
               rpt_qty(r, ir->actual, -1, p->inds[i].unit));
    int reached = ir->rate >= dec_from_int(100);
    Buf *b = reached ? met : unmet;
    buf_printf(b, "%s%s", b->len ? "・" : "", p->inds[i].name);
    (*(reached ? nmet : nunmet))++;
  }
}

/* The paragraph 資料1 writes under each basic policy, drafted from the target indicators'
   figures: each actual with its unit, whether they reached their targets, the average rate
   when some did not, and the policy's grade in words. */
static void drafted(Report *r, RSection *s, int n) {
  const Evaluation *ev = r->ev;
  const Node *node = &ev->plan->nodes[n];
  const NodeResult *nr = eval_node(ev, n, r->year);
  const char *who = node->number ? node->number : node->name;
  Buf all = {0}, met = {0}, unmet = {0}, b = {0};
  int nmet = 0, nunmet = 0;
  figures(r, n, &all, &met, &unmet, &nmet, &nunmet);
  if (!all.len) {
    buf_printf(&b, "%sの目標指標には、%sの進捗率を計算できる値がありません。", who,
               fy_short(r, r->year));
  } else if (!nunmet) {
    buf_printf(&b, "%sであり、%s目標値を達成していることから、", all.s, nmet > 1 ? "いずれも" : "");
  } else {
    buf_printf(&b, "%sである。", all.s);
    if (nmet) buf_printf(&b, "%sは目標値を達成しており、", met.s);
    buf_printf(&b, "%sは目標値を達成していない%s", unmet.s, nmet ? "ものの、" : "が、");
    if (!dec_is_none(nr->rate))
      buf_printf(&b, "目標指標の進捗率の%sは%sのため、",
                 ev->ind_start[n + 1] - ev->ind_start[n] > 1 ? "平均" : "",
                 rpt_qty(r, nr->rate, 0, "%"));
  }
  if (all.len && nr->grade >= 0)
    buf_printf(&b, "%sについて%s状況である。", who, grade_words(r, nr->grade));
  else if (all.len)
    buf_printf(&b, "%sの評価はまだない。", who);
  rpt_para(r, s, "%s", b.s);
  buf_free(&all);
  buf_free(&met);
  buf_free(&unmet);
  buf_free(&b);
}

/* The secretariat's own text where it has written one, else the drafted paragraph. */
static void narrative(Report *r, RSection *s, int n) {
  int own = plan_narrative(r->ev->plan, n, r->year);
  if (own >= 0) {
    rpt_heading(r, s, "進捗状況（事務局）");
    rpt_para(r, s, "%s", r->ev->plan->items[own].text);
    return;
  }
  rpt_heading(r, s, "進捗状況（事務局案・自動作成）");
  drafted(r, s, n);
}

/* One main initiative: its indicator's figures with the unit in the header. */
static void main_table(Report *r, RSection *s, int i) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  const Indicator *ind = &p->inds[i];
  const Node *x = &p->nodes[ind->node];
  const char *unit = ind->unit && *ind->unit ? ind->unit : NULL;
  RTable *t = rpt_table_n(r, s, rpt_str(r, "%s（%s）", x->name, x->number ? x->number : x->id), 5);
  rt_set(r, t, 0, 0, "主な具体策");
  rt_set(r, t, 0, 1, unit ? rpt_str(r, "目標値(%s)", unit) : "目標値");
  rt_set(r, t, 0, 2, unit ? rpt_str(r, "実績値(%s)", unit) : "実績値");
  rt_set(r, t, 0, 3, "進捗率");
  rt_set(r, t, 0, 4, "進捗状況");
  t->row_header = 1;
  const IndResult *ir = eval_ind(ev, i, r->year);
  int row = rt_row(t);
  rt_set(r, t, row, 0, rpt_str(r, "%s[%s]", ind->name, x->number ? x->number : x->id));
  rt_num(r, t, row, 1, ir->target, -1);
  rt_num(r, t, row, 2, ir->actual, -1);
  rt_rate(r, t, row, 3, ir->rate, ev->policy->digits);
  rt_set(r, t, row, 4, ir->grade >= 0 ? rpt_grade(r, ir->grade) : "判定なし");
}

/* Every initiative below measure m in scope, with its first (or main) indicator's figures:
   for a plan that marks no main initiatives. */
static void initiative_table(Report *r, RSection *s, int m) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  const Node *parent = &p->nodes[m];
  int l = ev->policy->headline_level;
  static const char *const head[] = {"No.",  "名称",   "所管課", "主な指標", "目標",
                                     "実績", "進捗率", "判定",   NULL};
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
    for (int j = ev->ind_start[x]; j < ev->ind_start[x + 1]; j++)
      if (main < 0) main = ev->ind_list[j];
    rt_set(r, t, row, 0, p->nodes[x].number ? p->nodes[x].number : p->nodes[x].id);
    rt_set(r, t, row, 1, p->nodes[x].name);
    rt_set(r, t, row, 2, rpt_list(r, p->nodes[x].departments));
    rt_set(r, t, row, 3, main >= 0 ? p->inds[main].name : "－");
    const IndResult *ir = main >= 0 ? eval_ind(ev, main, r->year) : NULL;
    const char *unit = main >= 0 ? p->inds[main].unit : NULL;
    rt_qty(r, t, row, 4, ir ? ir->target : DEC_NONE, -1, unit);
    rt_qty(r, t, row, 5, ir ? ir->actual : DEC_NONE, -1, unit);
    /* the row's rate and grade are those of the indicator whose figures it shows */
    int grade = ir && ir->grade >= 0 ? ir->grade : nr->grade;
    rt_rate(r, t, row, 6, ir ? ir->rate : nr->rate, ev->policy->digits);
    rt_set(r, t, row, 7, grade >= 0 ? rpt_grade(r, grade) : "判定なし");
  }
}

/* The main indicators below measure m, in the plan's order; how many. */
static int mains_below(Report *r, RSection *s, int m) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  int c = 0;
  for (int i = 0; i < p->ninds; i++) {
    int x = p->inds[i].node;
    if (!is_role(&p->inds[i], "main") || p->nodes[x].parent != m ||
        !eval_node(ev, x, r->year)->in_scope)
      continue;
    if (!c++)
      rpt_heading(r, s,
                  rpt_str(r, "%s%s %s", rpt_level(r, p->nodes[m].level),
                          p->nodes[m].number ? p->nodes[m].number : "", p->nodes[m].name));
    main_table(r, s, i);
  }
  return c;
}

/* ＜施策ごとの主な具体策の進捗状況＞ under top-level node n. */
static void measures(Report *r, RSection *s, int n) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  int l = ev->policy->headline_level, mains = plan_has_role(p, "main"), direct = 0;
  if (p->nodes[n].level >= l) return;
  if (l > 2)
    rpt_heading(r, s,
                rpt_str(r, "＜%sごとの%s%sの進捗状況＞", rpt_level(r, 2), mains ? "主な" : "",
                        rpt_level(r, l)));
  else
    rpt_heading(r, s, rpt_str(r, "＜%s%sの進捗状況＞", mains ? "主な" : "", rpt_level(r, l)));
  for (int k = ev->child_start[n]; k < ev->child_start[n + 1]; k++)
    if (p->nodes[ev->child_list[k]].level == l) direct = 1;
  if (direct && !mains) initiative_table(r, s, n);
  for (int k = ev->child_start[n]; k < ev->child_start[n + 1]; k++) {
    int m = ev->child_list[k];
    if (p->nodes[m].level >= l || !eval_node(ev, m, r->year)->in_scope) continue;
    if (mains)
      mains_below(r, s, m);
    else
      initiative_table(r, s, m);
  }
}

void report_policy(Report *r) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  r->label = "資料1";
  r->portrait = 1;
  intro(r);
  for (int n = 0; n < p->nnodes; n++) {
    const Node *node = &p->nodes[n];
    const NodeResult *nr = eval_node(ev, n, r->year);
    if (node->parent >= 0 || !nr->in_scope) continue;
    RSection *s = rpt_section(r, rpt_str(r, "%s%s%s", node->number ? node->number : "",
                                         node->number ? " " : "", node->name));
    rpt_heading(r, s,
                rpt_str(r, "%s %s", node->number ? node->number : node->name,
                        nr->grade >= 0 ? rpt_grade(r, nr->grade) : "判定なし"));
    narrative(r, s, n);
    targets(r, s, n);
    measures(r, s, n);
  }
}
