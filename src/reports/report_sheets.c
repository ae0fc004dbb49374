/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_sheets.c — 000's 資料3-1 (seed 000 L228–460) and the layout of 001's 資料2 (seed 001
** L395–9500): the per-initiative sheets as one list, a row per indicator of each
** headline-level node of the plan as it stands in the year: No., 施策, name (as the document
** prints it: attr:<its label>名称, e.g. attr:資料3-1名称, else the node's), 目的・概要, 対象,
** the latest 実績 and the next 取組予定 (items of kind result and plan), 指標 (unit), each
** earlier year's target, actual and rate, the year's target and actual (見込値 when
** projected), the later years' targets as the plan states them, 達成率 and 達成状況 (the
** node's grade; beside it the values the indicator's grade used other than the rate, when any
** does), the basis of the year's figure (kind basis; no column when the plan has none for the
** year, as 001 資料2 prints none), 期待される効果 (kind effect, else
** attr:期待される効果), 局, 課 (attr:関係課, else the node's departments). The label is the one
** the plan's agenda gives the kind (packet_label), else 資料3-1.
*/
#include "../model/text.h"
#include "grade_values.h"
#include "packet.h"
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

/* The year of the texts of kind shown: the latest up to the year (result: 000's 令和2年度の実績
   in R3, 001's ５年度の取組 in R5), or the earliest from the year on (plan: 000's 令和3年度の実績
   予定, 001's ６～８年度の取組予定 stored under R6). 0 when the plan has none. */
static int text_year(const Report *r, const char *kind, int from_year_on) {
  const Plan *p = r->ev->plan;
  int found = 0;
  for (int i = 0; i < p->nitems; i++) {
    const Item *it = &p->items[i];
    if (!it->kind || strcmp(it->kind, kind) != 0 || !it->year) continue;
    if (from_year_on ? it->year >= r->year && (!found || it->year < found)
                     : it->year <= r->year && it->year > found)
      found = it->year;
  }
  return found;
}

/* The columns: fixed ones, three per earlier year, the year's two, the later years' targets
   (001 資料2 prints R6–R8), then the rest. */
static RTable *sheet_table(Report *r, RSection *s, int *ncols, int ry, int py, int values,
                           int basis) {
  const Plan *p = r->ev->plan;
  int earlier = r->year - p->first_year, later = p->last_year - r->year, proj = 0;
  for (int i = 0; i < p->ninds; i++)
    proj |= eval_ind(r->ev, i, r->year)->projected;
  *ncols = 8 + 3 * earlier + 2 + later + 5 + values + basis;
  RTable *t = rpt_table_n(r, s, rpt_str(r, "%s（取組状況）", p->name), *ncols);
  char fy[16], last[16];
  const char *head[64];
  int c = 0;
  head[c++] = "No.";
  head[c++] =
      rpt_level(r, r->ev->policy->headline_level > 1 ? r->ev->policy->headline_level - 1 : 1);
  head[c++] = rpt_str(r, "%sの名称", rpt_level(r, r->ev->policy->headline_level));
  head[c++] = "目的・概要";
  head[c++] = "対象";
  head[c++] = ry ? rpt_str(r, "%sの実績", era(r, ry)) : "実績";
  head[c++] = !py            ? "取組予定"
              : py > r->year ? rpt_str(r, "%s以降の取組予定", era(r, py))
                             : rpt_str(r, "%sの実績予定", era(r, py));
  head[c++] = "指標";
  for (int y = p->first_year; y < r->year; y++) {
    head[c++] = rpt_str(r, "%s 目標値", fy_era_short(y, fy));
    head[c++] = rpt_str(r, "%s 実績値", fy_era_short(y, fy));
    head[c++] = rpt_str(r, "%s 進捗率", fy_era_short(y, fy));
  }
  head[c++] = rpt_str(r, "%s 目標値", fy_era_short(r->year, fy));
  head[c++] = rpt_str(r, "%s %s", fy_era_short(r->year, fy), proj ? "末見込値" : "実績値");
  for (int y = r->year + 1; y <= p->last_year; y++)
    head[c++] = rpt_str(r, "%s 目標値", fy_era_short(y, fy));
  head[c++] = rpt_str(r, "達成率（%s%s/%s目標値）", fy_era_short(r->year, fy),
                      proj ? "末見込" : "実績", fy_era_short(r->year, last));
  head[c++] = rpt_str(r, "達成状況（%s%s）", fy_era_short(r->year, fy), proj ? "末見込" : "");
  if (values) head[c++] = "判定に使った値";
  if (basis)
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
static int node_cells(Report *r, RTable *t, int row, int n, int first, int ry, int py) {
  const Plan *p = r->ev->plan;
  const Node *node = &p->nodes[n];
  const Node *up = node->parent >= 0 ? &p->nodes[node->parent] : node; /* 施策 */
  int c = 0;
  rt_set(r, t, row, c++, node->number ? node->number : node->id);
  rt_set(r, t, row, c++, first ? rpt_str(r, "%s %s", up->number ? up->number : "", up->name) : "");
  rt_set(r, t, row, c++,
         first ? text_or(node_attr(node, rpt_str(r, "%s名称", r->label)), node->name) : "");
  rt_set(r, t, row, c++, first ? text_or(rpt_item(r, n, 0, "purpose"), node->summary) : "");
  rt_set(r, t, row, c++, first ? audience(r, node) : "");
  rt_set(r, t, row, c++, first && ry ? rpt_item(r, n, ry, "result") : "");
  rt_set(r, t, row, c++, first && py ? rpt_item(r, n, py, "plan") : "");
  return c;
}

/* A figure, or where the plan states no number for it the value's text as printed (未定,
   実施予定なし, 無事発足: 001 資料2 prints them in the figure's cell). */
static void figure(Report *r, RTable *t, int row, int c, dec_t d, int i, int year, int kind) {
  rt_qty(r, t, row, c, d, -1, NULL);
  const char *text = eval_text(r->ev, i, year, kind);
  if (dec_is_none(d) && dec_is_none(eval_num(r->ev, i, year, kind)) && text && *text)
    rt_set(r, t, row, c, text);
}

/* One indicator's figures from column c on; returns the next column. The unit is in the 指標
   cell, as 資料3-1 prints it. */
static int figures(Report *r, RTable *t, int row, int c, int i) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  for (int y = p->first_year; y < r->year; y++) {
    const IndResult *ir = eval_ind(ev, i, y);
    figure(r, t, row, c++, ir->target, i, y, VK_TARGET);
    figure(r, t, row, c++, ir->actual, i, y, VK_ACTUAL);
    rt_rate(r, t, row, c++, ir->rate, ev->policy->digits);
  }
  const IndResult *ir = eval_ind(ev, i, r->year);
  figure(r, t, row, c++, ir->target, i, r->year, VK_TARGET);
  figure(r, t, row, c++, ir->actual, i, r->year, ir->projected ? VK_PROJECTION : VK_ACTUAL);
  /* the targets the plan states for the later years, as 001 資料2 prints them, not the target a
     year is measured against under the policy's basis (deadline, final year) */
  for (int y = r->year + 1; y <= p->last_year; y++)
    figure(r, t, row, c++, eval_num(ev, i, y, VK_TARGET), i, y, VK_TARGET);
  rt_rate(r, t, row, c++, ir->rate, ev->policy->digits);
  return c;
}

static void node_rows(Report *r, RTable *t, int n, int ry, int py, int values, int basis) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  const Node *node = &p->nodes[n];
  const NodeResult *nr = eval_node(ev, n, r->year);
  int nind = ev->ind_start[n + 1] - ev->ind_start[n];
  for (int k = 0; k < (nind ? nind : 1); k++) {
    int row = rt_row(t), first = k == 0;
    int c = node_cells(r, t, row, n, first, ry, py);
    if (nind) {
      int i = ev->ind_list[ev->ind_start[n] + k];
      rt_set(r, t, row, c++, ind_label(r, &p->inds[i]));
      c = figures(r, t, row, c, i);
    } else {
      rt_set(r, t, row, c++, node_attr(node, "指標"));
      for (int m = 0; m < 3 * (r->year - p->first_year + 1) + p->last_year - r->year; m++)
        rt_set(r, t, row, c++, "－");
    }
    const char *grade = !nr->in_scope    ? "対象外"
                        : nr->grade >= 0 ? rpt_grade(r, nr->grade)
                                         : "判定なし";
    rt_set(r, t, row, c++, first ? grade : "");
    if (values)
      rt_set(r, t, row, c++,
             nind ? rpt_ind_values(r, ev->ind_list[ev->ind_start[n] + k], r->year) : NULL);
    if (basis) rt_set(r, t, row, c++, first ? rpt_item(r, n, r->year, "basis") : "");
    rt_set(r, t, row, c++,
           first ? text_or(rpt_item(r, n, 0, "effect"), node_attr(node, "期待される効果")) : "");
    rt_set(r, t, row, c++,
           first ? text_or(node_attr(node, "局"), node_attr(node, "関係部局")) : "");
    rt_set(r, t, row, c++,
           first ? text_or(node_attr(node, "関係課"), rpt_list(r, node->departments)) : "");
  }
}

void report_sheets(Report *r) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  int l = ev->policy->headline_level, ncols;
  const char *label = packet_label(p, "sheets"); /* 000's 資料3-1, 001's 資料2 */
  r->label = label ? label : "資料3-1";
  r->a3 = 1; /* 25 columns, whole texts: the seeds' lists are A3 (001: 36 pages for 139) */
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
  int ry = text_year(r, "result", 0), py = text_year(r, "plan", 1);
  int values = 0; /* the column of the values a grade used, when any indicator's did */
  for (int i = 0; i < p->ninds && !values; i++)
    values = rpt_ind_values(r, i, r->year) != NULL;
  int basis = 0; /* the column of the year's basis texts, when the plan has any (000's) */
  for (int n = 0; n < p->nnodes && !basis; n++)
    basis = p->nodes[n].level == l && rpt_item(r, n, r->year, "basis") != NULL;
  RTable *t = sheet_table(r, s, &ncols, ry, py, values, basis);
  /* the plan as it stands: in scope in the year, or added to it later (001 資料2 lists the
     initiatives added from R6 too) */
  for (int n = 0; n < p->nnodes; n++)
    if (p->nodes[n].level == l &&
        (eval_node(ev, n, r->year)->in_scope || p->nodes[n].added_year > r->year))
      node_rows(r, t, n, ry, py, values, basis);
}
