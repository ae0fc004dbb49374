/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_compare.c — `report --kind compare`: municipalities side by side on one shared KPI
** and year (docs/compare.md). Not a kind of report_kinds: it is built from a comparison of
** several plans (eval/compare.h), not from one plan's evaluation, so Report.ev stays NULL and
** every block is a paragraph, a table or the bar chart, which every writer prints.
*/
#include "../eval/compare.h"
#include "../model/numtext.h"
#include "../model/text.h"
#include "chart.h"
#include "report.h"
#include <stdlib.h>
#include <string.h>

static void add_meta(Report *r, const char *key, const char *value, int role) {
  if (r->nmeta < (int)(sizeof r->meta / sizeof *r->meta))
    r->meta[r->nmeta++] = (RMeta){key, value ? value : "－", role};
}

/* What stands in a row's actual cell when it has no number. */
static const char *missing(const CompareRow *row, const CompareFigures *f) {
  if (!row->in_period) return "計画期間外";
  if (row->hidden) return "未公開";
  return f->actual_text ? f->actual_text : "－";
}

static void set_qty(Report *r, RTable *t, int row, int col, dec_t d, const char *unit) {
  rt_qty(r, t, row, col, d, -1, unit);
}

static void set_rate(Report *r, RTable *t, int row, int col, dec_t d, int digits) {
  rt_qty(r, t, row, col, d, digits, "%");
}

static const char *unit_of(const Compare *c, const CompareRow *row) {
  const char *u = row->plan->inds[row->ind].unit;
  return u ? u : c->kpi->unit;
}

static void fill_row(Report *r, RTable *t, const Compare *c, const CompareRow *row) {
  const Plan *p = row->plan;
  CompareFigures f;
  compare_figures(c, row, &f);
  int k = rt_row(t);
  const char *unit = unit_of(c, row);
  rt_set(r, t, k, 0, p->municipality ? p->municipality : "－");
  rt_set(r, t, k, 1, p->municipality_code ? p->municipality_code : "－");
  rt_set(r, t, k, 2, rpt_str(r, "%s（%s）", p->name, p->id));
  rt_set(r, t, k, 3, rpt_str(r, "%s（%s）", p->inds[row->ind].name, p->inds[row->ind].id));
  if (dec_is_none(f.actual))
    rt_set(r, t, k, 4, missing(row, &f));
  else
    set_qty(r, t, k, 4, f.actual, unit);
  if (f.projected)
    t->cells[k * t->ncols + 4].text = rpt_str(r, "%s（見込）", t->cells[k * t->ncols + 4].text);
  set_qty(r, t, k, 5, dec_is_none(f.target) ? f.year_target : f.target, unit);
  set_rate(r, t, k, 6, f.rate, f.digits);
  rt_set(r, t, k, 7, *f.grade ? f.grade : "－");
  set_qty(r, t, k, 8, f.year_target, unit);
  set_rate(r, t, k, 9, f.common_rate, f.common_digits);
  rt_set(r, t, k, 10, *f.common_grade ? f.common_grade : "－");
}

/* The bar of a row: its common rate, or why it has none. */
static ChartBar bar_of(Report *r, const Compare *c, const CompareRow *row) {
  CompareFigures f;
  compare_figures(c, row, &f);
  char b[NUMTEXT_MAX + 8];
  const char *why = !row->in_period         ? "計画期間外"
                    : row->hidden           ? "未公開"
                    : dec_is_none(f.actual) ? "実績なし"
                                            : "目標なし";
  const char *text =
      dec_is_none(f.common_rate)
          ? why
          : rpt_str(r, "%s %s", num_percent(f.common_rate, f.common_digits, b, sizeof b),
                    f.common_grade);
  return (ChartBar){rpt_str(r, "%s（%s）", row->plan->municipality ? row->plan->municipality : "－",
                            row->plan->id),
                    f.common_rate, text, f.common_slot};
}

static void comparison(Report *r, const Compare *c, const Policy *common) {
  char fy[64];
  RSection *s = rpt_section(r, "団体別の比較");
  rpt_para(r, s,
           "共通KPI「%s」（%s、単位 %s）を%sについて、保存されているすべての計画から並べます。"
           "「各計画の方針」は各計画の評価方針による達成率と判定、「共通の方針」は%sによります。",
           c->kpi->name, c->kpi->code, c->kpi->unit, fy_both(c->year, fy), common->name);
  if (c->n == 0) {
    rpt_para(r, s, "このKPIの指標を持つ計画はありません。");
    return;
  }
  static const char *const head[] = {"団体",
                                     "団体コード",
                                     "計画",
                                     "指標",
                                     "実績",
                                     "目標（各計画の方針）",
                                     "達成率（各計画の方針）",
                                     "判定（各計画の方針）",
                                     "当該年度の目標",
                                     "達成率（共通の方針）",
                                     "判定（共通の方針）",
                                     NULL};
  RTable *t = rpt_table(r, s, rpt_str(r, "%s（%s）", c->kpi->name, fy_both(c->year, fy)), head);
  t->row_header = 1;
  ChartBars *bars = arena_alloc(&r->arena, sizeof *bars);
  bars->bars = arena_alloc(&r->arena, sizeof *bars->bars * (size_t)c->n);
  bars->n = c->n;
  bars->ref = 100;
  bars->title = rpt_str(r, "%s の共通の方針による達成率（%s、団体別の横棒グラフ）", c->kpi->name,
                        fy_both(c->year, fy));
  for (int i = 0; i < c->n; i++) {
    fill_row(r, t, c, &c->rows[i]);
    bars->bars[i] = bar_of(r, c, &c->rows[i]);
  }
  rpt_chart_bars(r, s, bars, bars->title);
}

static void common_bands(Report *r, const Policy *common) {
  RSection *s = rpt_section(r, "共通の方針");
  rpt_para(
      r, s,
      "%s。どの団体も同じ基準で判定するため、各計画の方針（目標の取り方、端数処理、判定の区分）"
      "の違いに左右されません。",
      common->name);
  static const char *const head[] = {"判定", "意味", NULL};
  RTable *t = rpt_table(r, s, "共通の方針の判定", head);
  for (int g = 0; g < common->ngrades; g++) {
    int k = rt_row(t);
    rt_set(r, t, k, 0, common->grades[g].symbol);
    rt_set(r, t, k, 1, common->grades[g].label ? common->grades[g].label : "");
  }
}

static void definition(Report *r, const Compare *c) {
  RSection *s = rpt_section(r, "KPIの定義");
  rpt_para(r, s, "%s（%s）: %s。単位 %s。", c->kpi->name, c->kpi->code, c->kpi->definition,
           c->kpi->unit);
  rpt_para(r, s, "出典（この指標が現れる資料）: %s", c->kpi->source);
}

Report *report_compare(const Compare *c, const ReportSource *src) {
  Report *r = xcalloc(1, sizeof *r);
  char fy[64], err[256];
  r->kind = "compare";
  r->year = c->year;
  r->made = src->made;
  r->updated = NULL;
  r->title = rpt_str(r, "共通KPIの団体間比較 %s（%s）", c->kpi->name, fy_both(c->year, fy));
  Policy *common = compare_common_policy(err, sizeof err);
  add_meta(r, "KPI", rpt_str(r, "%s（%s）", c->kpi->name, c->kpi->code), RM_TEXT);
  add_meta(r, "年度", rpt_str(r, "%s", fy_both(c->year, fy)), RM_TEXT);
  add_meta(r, "共通の方針", common ? rpt_str(r, "%s", common->name) : err, RM_TEXT);
  add_meta(r, "作成日時", src->generated, RM_MADE);
  add_meta(r, "データ", rpt_str(r, "%s", src->store), RM_STORE);
  if (common) {
    comparison(r, c, common);
    common_bands(r, common);
    policy_free(common);
  }
  definition(r, c);
  return r;
}
