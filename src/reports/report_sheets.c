/*
** report_sheets.c — 000's 資料3-1 (seed 000 L228–460): the per-initiative sheets as one list,
** a row per indicator of each headline-level node in scope in the year: No., 施策, name,
** 目的・概要, 対象, the previous year's 実績 and the year's 実績予定 (items of kind result and
** plan), 指標 (unit), each earlier year's target, actual and rate, the year's target and
** actual (見込値 when projected), 達成率 and 達成状況 (the node's grade), the basis of the
** year's figure (kind basis), 期待される効果 (kind effect, else attr:期待される効果), 局, 課.
*/
#include "../model/text.h"
#include "report.h"
#include <string.h>

static const char *node_attr(const Node *n, const char *name) {
  for (int a = 0; a < n->nattrs; a++)
    if (strcmp(n->attrs[a].name, name) == 0) return n->attrs[a].value;
  return NULL;
}

/* 「☑ 市民等 ☑ 庁内」 as a list: "市民等、庁内". */
static const char *audience(Report *r, const Node *n) {
  return n->audience ? rpt_list(r, n->audience) : NULL;
}

static const char *text_or(const char *a, const char *b) {
  return a ? a : b;
}

/* 「令和2年度」 */
static const char *era(Report *r, int year) {
  char fy[32];
  return rpt_str(r, "%s", fy_era(year, fy));
}

/* The header: fixed columns, then three per earlier year, then the year's two, then the rest. */
static RTable *sheet_table(Report *r, RSection *s, int *ncols) {
  const Plan *p = r->ev->plan;
  int earlier = r->year - p->first_year, proj = 0;
  for (int i = 0; i < p->ninds; i++)
    proj |= eval_ind(r->ev, i, r->year)->projected;
  *ncols = 8 + 3 * earlier + 2 + 6;
  RTable *t = rpt_table_n(r, s, rpt_str(r, "%s（取組状況）", p->name), *ncols);
  char fy[16], last[16];
  const char *head[64];
  int c = 0;
  head[c++] = "No.";
  head[c++] = rpt_level(r, 1);
  head[c++] = rpt_str(r, "%sの名称", rpt_level(r, r->ev->policy->headline_level));
  head[c++] = "目的・概要";
  head[c++] = "対象";
  head[c++] = rpt_str(r, "%sの実績", era(r, r->year - 1));
  head[c++] = rpt_str(r, "%sの実績予定", era(r, r->year));
  head[c++] = "指標";
  for (int y = p->first_year; y < r->year; y++) {
    head[c++] = rpt_str(r, "%s 目標値", fy_era_short(y, fy));
    head[c++] = rpt_str(r, "%s 実績値", fy_era_short(y, fy));
    head[c++] = rpt_str(r, "%s 進捗率", fy_era_short(y, fy));
  }
  head[c++] = rpt_str(r, "%s 目標値", fy_era_short(r->year, fy));
  head[c++] = rpt_str(r, "%s %s", fy_era_short(r->year, fy), proj ? "末見込値" : "実績値");
  head[c++] = rpt_str(r, "達成率（%s%s/%s目標値）", fy_era_short(r->year, fy),
                      proj ? "末見込" : "実績", fy_era_short(r->year, last));
  head[c++] = rpt_str(r, "達成状況（%s%s）", fy_era_short(r->year, fy), proj ? "末見込" : "");
  head[c++] = rpt_str(r, "%s%sの根拠", fy_era_short(r->year, fy), proj ? "末見込" : "実績");
  head[c++] = "期待される効果";
  head[c++] = "関係部局";
  head[c++] = "主な関係課";
  for (int k = 0; k < c && k < *ncols; k++)
    rt_set(r, t, 0, k, head[k]);
  return t;
}

/* 「①一次対応完了率（%）」 */
static const char *ind_label(Report *r, const Indicator *ind) {
  return rpt_str(r, "%s%s%s%s%s", ind->number ? ind->number : "", ind->name,
                 ind->unit && *ind->unit ? "（" : "", ind->unit ? ind->unit : "",
                 ind->unit && *ind->unit ? "）" : "");
}

/* The node's texts, in the columns before the figures. */
static int node_cells(Report *r, RTable *t, int row, int n, int first) {
  const Plan *p = r->ev->plan;
  const Node *node = &p->nodes[n];
  const Node *top = node;
  while (top->parent >= 0)
    top = &p->nodes[top->parent];
  int c = 0;
  rt_set(r, t, row, c++, node->number ? node->number : node->id);
  rt_set(r, t, row, c++,
         first ? rpt_str(r, "%s %s", top->number ? top->number : "", top->name) : "");
  rt_set(r, t, row, c++, first ? node->name : "");
  rt_set(r, t, row, c++, first ? text_or(rpt_item(r, n, 0, "purpose"), node->summary) : "");
  rt_set(r, t, row, c++, first ? audience(r, node) : "");
  rt_set(r, t, row, c++, first ? rpt_item(r, n, r->year - 1, "result") : "");
  rt_set(r, t, row, c++, first ? rpt_item(r, n, r->year, "plan") : "");
  return c;
}

/* One indicator's figures from column c on; returns the next column. */
static int figures(Report *r, RTable *t, int row, int c, int i) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  const char *unit = NULL; /* the unit is in the 指標 cell, as 資料3-1 prints it */
  for (int y = p->first_year; y < r->year; y++) {
    const IndResult *ir = eval_ind(ev, i, y);
    rt_qty(r, t, row, c++, ir->target, -1, unit);
    rt_qty(r, t, row, c++, ir->actual, -1, unit);
    rt_rate(r, t, row, c++, ir->rate, ev->policy->digits);
  }
  const IndResult *ir = eval_ind(ev, i, r->year);
  rt_qty(r, t, row, c++, ir->target, -1, unit);
  rt_qty(r, t, row, c++, ir->actual, -1, unit);
  rt_rate(r, t, row, c++, ir->rate, ev->policy->digits);
  return c;
}

static void node_rows(Report *r, RTable *t, int n) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  const Node *node = &p->nodes[n];
  const NodeResult *nr = eval_node(ev, n, r->year);
  int nind = ev->ind_start[n + 1] - ev->ind_start[n];
  for (int k = 0; k < (nind ? nind : 1); k++) {
    int row = rt_row(t), first = k == 0;
    int c = node_cells(r, t, row, n, first);
    if (nind) {
      int i = ev->ind_list[ev->ind_start[n] + k];
      rt_set(r, t, row, c++, ind_label(r, &p->inds[i]));
      c = figures(r, t, row, c, i);
    } else {
      rt_set(r, t, row, c++, node_attr(node, "指標"));
      for (int m = 0; m < 3 * (r->year - p->first_year + 1); m++)
        rt_set(r, t, row, c++, "－");
    }
    rt_set(r, t, row, c++, first ? (nr->grade >= 0 ? rpt_grade(r, nr->grade) : "判定なし") : "");
    rt_set(r, t, row, c++, first ? rpt_item(r, n, r->year, "basis") : "");
    rt_set(r, t, row, c++,
           first ? text_or(rpt_item(r, n, 0, "effect"), node_attr(node, "期待される効果")) : "");
    rt_set(r, t, row, c++, first ? node_attr(node, "局") : "");
    rt_set(r, t, row, c++, first ? rpt_list(r, node->departments) : "");
  }
}

void report_sheets(Report *r) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  int l = ev->policy->headline_level, ncols;
  r->label = "資料3-1";
  RSection *s = rpt_section(r, rpt_str(r, "%s（%s一覧）", p->name, rpt_level(r, l)));
  const Policy *pol = ev->policy;
  Buf b = {0};
  for (int g = 0; g < pol->ngrades; g++) {
    const PolicyGrade *pg = &pol->grades[g];
    buf_printf(&b, "%s%s：%s%s%s%s", g ? "　" : "", pg->symbol, pg->label ? pg->label : "",
               pg->legend ? "（" : "", pg->legend ? pg->legend : "", pg->legend ? "）" : "");
  }
  rpt_para(r, s, "【達成状況】%s", b.s ? b.s : "");
  buf_free(&b);
  RTable *t = sheet_table(r, s, &ncols);
  for (int n = 0; n < p->nnodes; n++)
    if (p->nodes[n].level == l && eval_node(ev, n, r->year)->in_scope) node_rows(r, t, n);
}
