/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_changes.c — the `changes` report: what changed between two states of a plan, a
** snapshot (before) and a later snapshot or the plan as it is now (after) — figures revised
** (targets, actuals, projections per indicator and year), grades that moved (every node and
** indicator, every year), and initiatives added, removed or ended. Rows are matched by id.
*/
#include "../model/text.h"
#include "report.h"
#include <string.h>

const ReportKind report_changes_kind = {"changes", "前回からの変更", report_changes};

static const char *const kind_words[VK__COUNT] = {"目標", "実績", "見込"};

static const char *label_of(const Node *n) {
  return n->number ? n->number : n->id;
}

static const char *figure(Report *r, const Evaluation *ev, int ind, int year, int kind) {
  dec_t d = eval_num(ev, ind, year, kind);
  const char *text = eval_text(ev, ind, year, kind);
  if (dec_is_none(d)) return text ? text : "－";
  const char *q = rpt_qty(r, d, -1, ev->plan->inds[ind].unit);
  return text ? rpt_str(r, "%s（%s）", q, text) : q;
}

static void figures(Report *r, const Evaluation *a, const Evaluation *b) {
  static const char *const head[] = {"指標", "名称", "年度", "種別", "前", "後", NULL};
  RSection *s = rpt_section(r, "数値の修正");
  RTable *t = rpt_table(r, s, "目標・実績・見込の変わった値", head);
  const Plan *pb = b->plan;
  char fy[64];
  for (int i = 0; i < pb->ninds; i++) {
    int ia = plan_indicator(a->plan, pb->inds[i].id);
    for (int y = pb->first_year; y <= pb->last_year; y++)
      for (int k = 0; k < VK__COUNT; k++) {
        const char *after = figure(r, b, i, y, k);
        const char *before = ia >= 0 && y >= a->first_year && y < a->first_year + a->nyears
                                 ? figure(r, a, ia, y, k)
                                 : "－";
        if (strcmp(before, after) == 0) continue;
        int row = rt_row(t);
        rt_set(r, t, row, 0, pb->inds[i].number ? pb->inds[i].number : pb->inds[i].id);
        rt_set(r, t, row, 1, pb->inds[i].name);
        rt_set(r, t, row, 2, fy_both(y, fy));
        rt_set(r, t, row, 3, kind_words[k]);
        rt_set(r, t, row, 4, before);
        rt_set(r, t, row, 5, after);
      }
  }
  if (t->nrows == 1) rpt_para(r, s, "修正された値はありません。");
}

static const char *grade_text(const Evaluation *ev, int grade) {
  return grade >= 0 ? eval_symbol(ev, grade) : "－";
}

static int in_years(const Evaluation *ev, int y) {
  return y >= ev->first_year && y < ev->first_year + ev->nyears;
}

static void grades(Report *r, const Evaluation *a, const Evaluation *b) {
  static const char *const head[] = {"No.", "名称", "年度", "前", "後", NULL};
  RSection *s = rpt_section(r, "評価の変化");
  RTable *t = rpt_table(r, s, "達成状況の判定が変わった取組", head);
  const Plan *pb = b->plan;
  char fy[64];
  for (int n = 0; n < pb->nnodes; n++) {
    int na = plan_node(a->plan, pb->nodes[n].id);
    if (na < 0) continue; /* added: listed below */
    for (int y = pb->first_year; y <= pb->last_year; y++) {
      int gb = eval_node(b, n, y)->grade;
      int ga = in_years(a, y) ? eval_node(a, na, y)->grade : -1;
      const char *before = grade_text(a, ga), *after = grade_text(b, gb);
      if (strcmp(before, after) == 0) continue;
      int row = rt_row(t);
      rt_set(r, t, row, 0, label_of(&pb->nodes[n]));
      rt_set(r, t, row, 1, pb->nodes[n].name);
      rt_set(r, t, row, 2, fy_both(y, fy));
      rt_set(r, t, row, 3, before);
      rt_set(r, t, row, 4, after);
    }
  }
  if (t->nrows == 1) rpt_para(r, s, "判定の変わった取組はありません。");
}

static void add_row(Report *r, RTable *t, const Node *n, const char *what, const char *detail) {
  int row = rt_row(t);
  rt_set(r, t, row, 0, label_of(n));
  rt_set(r, t, row, 1, n->name);
  rt_set(r, t, row, 2, what);
  rt_set(r, t, row, 3, detail);
}

static int same(const char *x, const char *y) {
  return strcmp(x ? x : "", y ? y : "") == 0;
}

static void nodes(Report *r, const Evaluation *a, const Evaluation *b) {
  static const char *const head[] = {"No.", "名称", "変更", "内容", NULL};
  RSection *s = rpt_section(r, "取組の追加・終了");
  RTable *t = rpt_table(r, s, "追加・削除・終了した取組", head);
  const Plan *pa = a->plan, *pb = b->plan;
  char fy[64];
  for (int n = 0; n < pb->nnodes; n++) {
    const Node *x = &pb->nodes[n];
    int na = plan_node(pa, x->id);
    if (na < 0) {
      add_row(r, t, x, "追加",
              x->added_year ? rpt_str(r, "%sから", fy_both(x->added_year, fy)) : "");
      continue;
    }
    const Node *o = &pa->nodes[na];
    if (x->ended_year != o->ended_year)
      add_row(r, t, x, "終了",
              x->ended_year ? rpt_str(r, "%sまで", fy_both(x->ended_year, fy)) : "終了を取消");
    if (!same(x->decision, o->decision))
      add_row(r, t, x, "今後の方向性",
              rpt_str(r, "%s → %s", o->decision ? o->decision : "－",
                      x->decision ? x->decision : "－"));
  }
  for (int n = 0; n < pa->nnodes; n++)
    if (plan_node(pb, pa->nodes[n].id) < 0) add_row(r, t, &pa->nodes[n], "削除", "");
  if (t->nrows == 1) rpt_para(r, s, "追加・削除・終了した取組はありません。");
}

void report_changes(Report *r) {
  const Evaluation *a = r->before, *b = r->ev;
  RSection *s = rpt_section(r, "比較したもの");
  rpt_para(r, s, "前: %s", r->before_name ? r->before_name : "－");
  rpt_para(r, s, "後: %s", r->after_name ? r->after_name : "現在の計画");
  if (!a) {
    rpt_para(r, s, "比較するスナップショットがありません（--snapshot NAME）。");
    return;
  }
  figures(r, a, b);
  grades(r, a, b);
  nodes(r, a, b);
}
