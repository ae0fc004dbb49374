/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_roadmap.c — the roadmap: nodes × fiscal years from the plan's roadmap and
** checklist items (002's roadmap rows, 004's items with due months), and for the year being
** reported each item's state: done, undecided, and for an item with a month deadline
** (004's 「（～10月）」) its state as of the report's date (eval/schedule.c: planned, due,
** overdue); an item with only a year is overdue once its year is past (when recorded open)
** or not recorded.
*/
#include "../eval/schedule.h"
#include "../model/text.h"
#include "report.h"
#include <stdlib.h>
#include <string.h>

static int roadmap_kind(const char *kind) {
  return kind && (!strcmp(kind, "plan") || !strcmp(kind, "item") || !strcmp(kind, "goal"));
}

static const char *kind_words(const char *kind) {
  return !strcmp(kind, "plan") ? "ロードマップ" : !strcmp(kind, "item") ? "取組項目" : "年度目標";
}

/* An item's state in the reported year, as of the date as_of (YYYYMMDD). */
static const char *state(const Item *it, int year, int as_of) {
  int st = item_state(it, as_of);
  if (st == IS_DONE) return "完了";
  if ((it->status && !strcmp(it->status, "undecided")) || (it->text && strstr(it->text, "未定")))
    return "未定";
  if (st == IS_OVERDUE) return "期限超過";
  if (st == IS_DUE) return "実施中";
  if (st == IS_PLANNED || (it->year && it->year > year)) return "予定";
  if (it->status && !strcmp(it->status, "open"))
    return it->year && it->year < year ? "期限超過" : "実施中";
  return it->year && it->year < year ? "状況の記録なし" : "実施中（状況の記録なし）";
}

static void grid(Report *r, RSection *s) {
  const Plan *p = r->ev->plan;
  int ny = plan_years(p);
  RTable *t = rpt_table_n(r, s, "ロードマップ（年度別）", ny + 3);
  char fy[64];
  rt_set(r, t, 0, 0, "No.");
  rt_set(r, t, 0, 1, "名称");
  rt_set(r, t, 0, 2, "担当");
  for (int y = p->first_year; y <= p->last_year; y++)
    rt_set(r, t, 0, 3 + y - p->first_year, fy_both(y, fy));
  for (int n = 0; n < p->nnodes; n++) {
    Buf *cells = xcalloc((size_t)ny, sizeof *cells);
    const char *owner = NULL;
    int any = 0;
    for (int i = 0; i < p->nitems; i++) {
      const Item *it = &p->items[i];
      if (it->node != n || !roadmap_kind(it->kind) || !it->text) continue;
      if (it->year < p->first_year || it->year > p->last_year) continue;
      Buf *b = &cells[it->year - p->first_year];
      buf_printf(b, "%s%s%s", b->len ? "\n" : "",
                 strcmp(it->kind, "goal") ? "" : "目標: ", it->text);
      if (it->due) buf_printf(b, "（期限 %s）", it->due);
      if (it->owner) owner = it->owner;
      any = 1;
    }
    if (any) {
      int row = rt_row(t);
      rt_set(r, t, row, 0, p->nodes[n].number ? p->nodes[n].number : p->nodes[n].id);
      rt_set(r, t, row, 1, p->nodes[n].name);
      rt_set(r, t, row, 2, rpt_list(r, owner ? owner : p->nodes[n].departments));
      for (int y = 0; y < ny; y++)
        rt_set(r, t, row, 3 + y, cells[y].s);
    }
    for (int y = 0; y < ny; y++)
      buf_free(&cells[y]);
    free(cells);
  }
  if (t->nrows == 1) rpt_para(r, s, "この計画にはロードマップの項目が記録されていません。");
}

static void year_states(Report *r, RSection *s) {
  const Plan *p = r->ev->plan;
  char day[16];
  const char *head[] = {
      "No.",  "名称", "年度",   "種類",
      "内容", "期限", "期限日", rpt_str(r, "状況（%s現在）", schedule_iso(r->as_of, day)),
      NULL};
  static const char *const states[] = {"完了",           "期限超過", "未定", "実施中",
                                       "状況の記録なし", "予定",     NULL};
  char fy[64];
  RTable *t = rpt_table(r, s, rpt_str(r, "%sまでの項目の状況", fy_both(r->year, fy)), head);
  int counts[6] = {0};
  for (int i = 0; i < p->nitems; i++) {
    const Item *it = &p->items[i];
    if (!roadmap_kind(it->kind) || !it->text || it->year > r->year || it->node < 0) continue;
    const Node *node = &p->nodes[it->node];
    const char *st = state(it, r->year, r->as_of);
    int start, end;
    int row = rt_row(t);
    rt_set(r, t, row, 0, node->number ? node->number : node->id);
    rt_set(r, t, row, 1, node->name);
    rt_set(r, t, row, 2, it->year ? fy_era_short(it->year, fy) : "計画期間");
    rt_set(r, t, row, 3, kind_words(it->kind));
    rt_set(r, t, row, 4, it->text);
    rt_set(r, t, row, 5, it->due);
    rt_set(r, t, row, 6,
           item_period(it, &start, &end) ? rpt_str(r, "%s", schedule_iso(end, day)) : NULL);
    rt_set(r, t, row, 7, st);
    for (int k = 0; states[k]; k++)
      if (!strncmp(st, states[k], strlen(states[k]))) counts[k]++;
  }
  Buf b = {0};
  for (int k = 0; states[k]; k++)
    buf_printf(&b, "%s%s %d件", k ? "、" : "", states[k], counts[k]);
  rpt_para(
      r, s,
      "%sの状況（%s現在）: "
      "%s（月の期限がある項目はその日付で判定します。実施中には状況の記録がないものを含みます）。",
      fy_both(r->year, fy), schedule_iso(r->as_of, day), b.s);
  buf_free(&b);
}

void report_roadmap(Report *r) {
  RSection *s = rpt_section(r, "ロードマップ");
  grid(r, s);
  RSection *y = rpt_section(r, "今年度の状況");
  year_states(r, y);
}
