/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_review.c — 000's 資料3-2 総括評価 (seed 000 L462–636): the plan's closing review, a row
** per headline-level node in scope: No., 施策, name, 目的・概要, 五次総 (attr:五次総), 対象,
** the basic policies it serves (attr:基本方針, 「○」 in columns 1–4), 取組の成果 under each of
** them (items of kind outcome, in the order of its marks), the 課題 (kind challenge) in the
** column the node's grade in the year selects (現状の課題 below the top grade, 今後の課題 at
** it), 継続・終了 and its reason; then, when the store holds the successor plan (its
** predecessor is this plan), the candidate that continues the node there: 新規・継続, name,
** 目的・概要, 対象, 指標, its baseline and final-year target, 期待される効果; then 局 and 課.
*/
#include "../model/text.h"
#include "report.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { NPOLICIES = 4 }; /* 資料3-2's 基本方針 1–4 */

static const char *attr_of(const Attr *attrs, int n, const char *name) {
  for (int a = 0; a < n; a++)
    if (strcmp(attrs[a].name, name) == 0) return attrs[a].value;
  return NULL;
}

static const char *node_attr(const Node *n, const char *name) {
  return attr_of(n->attrs, n->nattrs, name);
}

/* 「2年度末」 beside 「令和3年度末見込み」: the era's name (its first 6 bytes, two kanji) only
   when it differs from the year's. */
static const char *era_in(Report *r, int year) {
  char a[32], b[32];
  fy_era(year, a);
  fy_era(r->year, b);
  return rpt_str(r, "%s", strncmp(a, b, 6) == 0 ? a + 6 : a);
}

/* The successor's node that continues node n ("PLAN:NODE"), or -1. */
static int next_node(const Report *r, int n) {
  const Plan *nx = r->next, *p = r->ev->plan;
  if (!nx) return -1;
  size_t lp = strlen(p->id);
  const char *id = p->nodes[n].id;
  for (int k = 0; k < nx->nnodes; k++) {
    const char *c = nx->nodes[k].continues;
    if (c && strncmp(c, p->id, lp) == 0 && c[lp] == ':' && strcmp(c + lp + 1, id) == 0) return k;
  }
  return -1;
}

/* A cell as printed, or 「－」 for a printed dash: no figure, as every report shows it. */
static const char *printed_or_none(const char *s) {
  return s && (strcmp(s, "-") == 0 || strcmp(s, "－") == 0) ? "－" : s;
}

/* The successor's value of indicator i in year (kind): its number, DEC_NONE when it has none
   or keeps the printed form as text (未定, 「2/年」 for 2), then *text is that text. */
static dec_t next_value(const Report *r, int i, int year, int kind, const char **text) {
  const Plan *nx = r->next;
  *text = NULL;
  for (int v = 0; v < nx->nvalues; v++) {
    const Value *x = &nx->values[v];
    if (x->indicator != i || x->year != year || x->kind != kind || x->superseded) continue;
    *text = x->text && *x->text ? x->text : NULL;
    return *text ? DEC_NONE : x->num;
  }
  return DEC_NONE;
}

/* The successor's figures of node k, from column c on: 指標, 2年度末実績値 (the baseline, else
   the cell as printed), 8年度末目標値. One indicator's numbers are number cells; several
   (①②) are one text each, joined with a space, as 資料3-2 prints them. Returns the next
   column. */
static int next_figures(Report *r, RTable *t, int row, int c, int k) {
  const Plan *nx = r->next;
  Buf b[3] = {{0}, {0}, {0}};
  dec_t num[3] = {DEC_NONE, DEC_NONE, DEC_NONE};
  int count = 0;
  for (int i = 0; k >= 0 && i < nx->ninds; i++) {
    const Indicator *ind = &nx->inds[i];
    if (ind->node != k) continue;
    const char *no = ind->number ? ind->number : "", *cell[3];
    cell[0] = rpt_str(r, "%s%s%s%s%s", no, ind->name, ind->unit && *ind->unit ? "（" : "",
                      ind->unit ? ind->unit : "", ind->unit && *ind->unit ? "）" : "");
    num[1] = ind->baseline;
    cell[1] = !dec_is_none(num[1])
                  ? rpt_qty(r, num[1], -1, NULL)
                  : printed_or_none(attr_of(ind->attrs, ind->nattrs, "2年度末実績値"));
    num[2] = next_value(r, i, nx->last_year, VK_TARGET, &cell[2]);
    if (!dec_is_none(num[2])) cell[2] = rpt_qty(r, num[2], -1, NULL);
    for (int j = 0; j < 3; j++)
      buf_printf(&b[j], "%s%s%s", b[j].len ? " " : "", j ? no : "", cell[j] ? cell[j] : "");
    count++;
  }
  for (int j = 0; j < 3; j++, c++) {
    if (count == 1 && j && !dec_is_none(num[j]))
      rt_qty(r, t, row, c, num[j], -1, NULL);
    else
      rt_set(r, t, row, c, b[j].s ? rpt_str(r, "%s", b[j].s) : "");
    buf_free(&b[j]);
  }
  return c;
}

/* The node's texts of kind in the year, in the order the plan lists them (at most max). */
static int node_texts(const Report *r, int n, const char *kind, const char **out, int max) {
  const Plan *p = r->ev->plan;
  int k = 0;
  for (int i = 0; i < p->nitems && k < max; i++) {
    const Item *it = &p->items[i];
    if (it->node == n && it->kind && strcmp(it->kind, kind) == 0 && it->text &&
        (it->year == r->year || it->year == 0))
      out[k++] = it->text;
  }
  return k;
}

/* attr:基本方針 "1|2|4" as marks per column; the k-th outcome goes under the k-th mark, and
   where there are more outcomes than marks, under the columns that follow. */
static void policy_cells(Report *r, RTable *t, int row, int c, int n) {
  const char *marks = node_attr(&r->ev->plan->nodes[n], "基本方針");
  int marked[NPOLICIES] = {0}, order[NPOLICIES], nm = 0;
  for (const char *s = marks; s && *s; s++)
    if (*s >= '1' && *s < '1' + NPOLICIES) marked[*s - '1'] = 1;
  for (int j = 0; j < NPOLICIES; j++) {
    rt_set(r, t, row, c + j, marked[j] ? "○" : "");
    if (marked[j]) order[nm++] = j;
  }
  for (int j = 0; j < NPOLICIES; j++)
    if (!marked[j]) order[nm++] = j;
  const char *texts[NPOLICIES];
  int nt = node_texts(r, n, "outcome", texts, NPOLICIES);
  for (int j = 0; j < NPOLICIES; j++)
    rt_set(r, t, row, c + NPOLICIES + j, "");
  for (int k = 0; k < nt; k++)
    rt_set(r, t, row, c + NPOLICIES + order[k], texts[k]);
}

static int header(Report *r, RTable *t, int proj) {
  const Plan *p = r->ev->plan, *nx = r->next;
  const Policy *pol = r->ev->policy;
  int l = pol->headline_level, c = 0;
  const char *top = "";
  for (int g = 0; g < pol->ngrades; g++)
    if (pol->grades[g].top) {
      top = pol->grades[g].symbol;
      break;
    }
  char fy[32];
  const char *when = rpt_str(r, "%s%s", fy_era(r->year, fy), proj ? "末見込み" : "の達成状況");
  rt_set(r, t, 0, c++, "No.");
  rt_set(r, t, 0, c++, rpt_level(r, l > 1 ? l - 1 : 1));
  rt_set(r, t, 0, c++, rpt_str(r, "%sの名称", rpt_level(r, l)));
  rt_set(r, t, 0, c++, "目的・概要");
  rt_set(r, t, 0, c++, "五次総");
  rt_set(r, t, 0, c++, "対象");
  for (int j = 0; j < NPOLICIES; j++)
    rt_set(r, t, 0, c++, rpt_str(r, "基本方針 %d", j + 1));
  for (int j = 0; j < NPOLICIES; j++)
    rt_set(r, t, 0, c++, rpt_str(r, "取組の成果 %d", j + 1));
  rt_set(r, t, 0, c++, rpt_str(r, "%sが「%s」以外の場合、現状の課題・問題点等", when, top));
  rt_set(r, t, 0, c++, rpt_str(r, "%sが「%s」の場合、今後の課題等", when, top));
  rt_set(r, t, 0, c++, "継続・終了");
  rt_set(r, t, 0, c++, "継続・終了の理由");
  if (nx) {
    rt_set(r, t, 0, c++, "新規・継続");
    rt_set(r, t, 0, c++, rpt_str(r, "%sの名称（次期）", rpt_level(r, l)));
    rt_set(r, t, 0, c++, "目的・概要（次期）");
    rt_set(r, t, 0, c++, "対象（次期）");
    rt_set(r, t, 0, c++, "指標");
    int base = p->last_year - 1; /* the successor's baseline: the last year with actuals */
    for (int i = 0; i < nx->ninds; i++)
      if (nx->inds[i].baseline_year) base = nx->inds[i].baseline_year;
    rt_set(r, t, 0, c++, rpt_str(r, "%s末実績値", era_in(r, base)));
    rt_set(r, t, 0, c++, rpt_str(r, "%s末目標値", era_in(r, nx->last_year)));
    rt_set(r, t, 0, c++, "期待される効果");
  }
  rt_set(r, t, 0, c++, "関係部局");
  rt_set(r, t, 0, c++, "主な関係課");
  return c;
}

/* The candidate in the successor plan that continues node n, from column c. */
static int next_cells(Report *r, RTable *t, int row, int c, int k) {
  const Node *x = k >= 0 ? &r->next->nodes[k] : NULL;
  rt_set(r, t, row, c++, x ? "継続" : "");
  rt_set(r, t, row, c++, x ? x->name : "");
  rt_set(r, t, row, c++, x ? x->summary : "");
  rt_set(r, t, row, c++, x && x->audience ? rpt_list(r, x->audience) : "");
  c = next_figures(r, t, row, c, k);
  rt_set(r, t, row, c++, x ? node_attr(x, "期待される効果") : "");
  return c;
}

static void node_row(Report *r, RTable *t, int n, int *last_parent) {
  const Plan *p = r->ev->plan;
  const Node *node = &p->nodes[n];
  const NodeResult *nr = eval_node(r->ev, n, r->year);
  int row = rt_row(t), c = 0, k = next_node(r, n);
  const Node *up = node->parent >= 0 ? &p->nodes[node->parent] : NULL;
  rt_set(r, t, row, c++, node->number ? node->number : node->id);
  /* 施策 once, on its first row, as 資料3-2 prints it */
  rt_set(r, t, row, c++,
         up && node->parent != *last_parent
             ? rpt_str(r, "%s %s", up->number ? up->number : "", up->name)
             : "");
  *last_parent = node->parent;
  rt_set(r, t, row, c++, node->name);
  const char *purpose = rpt_item(r, n, 0, "purpose");
  rt_set(r, t, row, c++, purpose ? purpose : node->summary);
  rt_set(r, t, row, c++, node_attr(node, "五次総"));
  rt_set(r, t, row, c++, node->audience ? rpt_list(r, node->audience) : "");
  policy_cells(r, t, row, c, n);
  c += 2 * NPOLICIES;
  /* the 課題 in the column the year's grade selects (資料3-2: S列 ◎ or not) */
  const char *challenge = NULL;
  node_texts(r, n, "challenge", &challenge, 1);
  int top = rpt_is_top(r, nr->grade);
  rt_set(r, t, row, c++, !top ? challenge : "");
  rt_set(r, t, row, c++, top ? challenge : "");
  rt_set(r, t, row, c++, node->decision);
  rt_set(r, t, row, c++, node->decision_reason);
  if (r->next) c = next_cells(r, t, row, c, k);
  const Node *x = k >= 0 ? &r->next->nodes[k] : NULL;
  const char *bureau = x ? node_attr(x, "局") : NULL;
  rt_set(r, t, row, c++, bureau ? bureau : node_attr(node, "局"));
  rt_set(r, t, row, c++, rpt_list(r, x && x->departments ? x->departments : node->departments));
}

/* 【継続・終了の理由】 1:…　2:… from the policy's decisions (000 L464–466). */
static void reasons_legend(Report *r, RSection *s) {
  json_t *pol = json_loads(r->ev->plan->policy_json, 0, NULL);
  json_t *reasons = json_object_get(json_object_get(pol, "decisions"), "reasons");
  Buf b = {0};
  const char *code;
  json_t *v;
  json_object_foreach(reasons, code, v) {
    const char *label = json_string_value(json_object_get(v, "label"));
    if (label) buf_printf(&b, "%s%s:%s", b.len ? "　" : "", code, label);
  }
  if (b.s) rpt_para(r, s, "【継続・終了の理由】%s", b.s);
  buf_free(&b);
  json_decref(pol);
}

void report_review(Report *r) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  int l = ev->policy->headline_level, proj = 0, last_parent = -2;
  r->label = "資料3-2";
  r->a3 = 1; /* 28 columns of whole texts, as 資料3-1 beside it: A3 landscape */
  for (int i = 0; i < p->ninds; i++)
    proj |= eval_ind(ev, i, r->year)->projected;
  RSection *s = rpt_section(r, rpt_str(r, "%s（総括評価）", p->name));
  reasons_legend(r, s);
  if (r->next)
    rpt_para(r, s, "次期計画（掲載検討施策）: %s（%s）。「継続」の%sを掲載します。", r->next->name,
             r->next->id, rpt_level(r, l));
  RTable *t = rpt_table_n(r, s, rpt_str(r, "%s（総括評価）", p->name),
                          6 + 2 * NPOLICIES + 4 + (r->next ? 8 : 0) + 2);
  header(r, t, proj);
  for (int n = 0; n < p->nnodes; n++)
    if (p->nodes[n].level == l && eval_node(ev, n, r->year)->in_scope)
      node_row(r, t, n, &last_parent);
}
