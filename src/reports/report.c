/* SPDX-License-Identifier: Apache-2.0 */
/*
** report.c — the committee reports' document model: the table of kinds, building a report
** (the provenance every report states, then the kind's sections) and the small builders the
** kinds use. Strings live in the report's arena; tables and block lists are malloc'd.
*/
#include "report.h"
#include "packet.h"
#include "../eval/schedule.h"
#include "../model/numtext.h"
#include "../model/text.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const ReportKind report_kinds[] = {
    {"summary", "達成状況の集計", report_summary},
    {"status", "具体策の取組状況一覧", report_status},
    {"issues", "課題のある具体策と所管課の所見", report_issues},
    {"department", "所管課別の取組状況", report_department},
    {"roadmap", "ロードマップ", report_roadmap},
    {"policy", "基本方針ごとの進捗状況", report_policy},
    {"sheets", "具体策の取組状況（個票）", report_sheets},
    {"review", "総括評価", report_review},
    {NULL, NULL, NULL},
};

const ReportKind *report_kind(const char *name) {
  for (const ReportKind *k = report_kinds; k->name; k++)
    if (strcmp(k->name, name) == 0) return k;
  return NULL;
}

const char *rpt_str(Report *r, const char *fmt, ...) {
  Buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  char *s = arena_strdup(&r->arena, b.s ? b.s : "");
  buf_free(&b);
  return s ? s : "";
}

static void add_list_part(const char *part, size_t len, void *ctx) {
  Buf *b = ctx;
  if (b->len) buf_put(b, "、");
  buf_putn(b, part, len);
}

const char *rpt_list(Report *r, const char *joined) {
  if (!joined) return NULL;
  Buf b = {0};
  list_each(joined, add_list_part, &b);
  const char *s = rpt_str(r, "%s", b.s ? b.s : "");
  buf_free(&b);
  return s;
}

static void add_meta(Report *r, const char *key, const char *value, int role) {
  if (r->nmeta < (int)(sizeof r->meta / sizeof *r->meta))
    r->meta[r->nmeta++] = (RMeta){key, value ? value : "－", role};
}

Report *report_build(const ReportKind *k, const Evaluation *ev, int year, const ReportSource *src) {
  Report *r = xcalloc(1, sizeof *r);
  const Plan *p = ev->plan;
  const Policy *pol = ev->policy;
  char fy[64];
  r->ev = ev;
  r->kind = k->name;
  r->year = year;
  r->made = src->made;
  r->as_of = src->as_of ? src->as_of : schedule_date_jst(src->made);
  r->updated = src->updated ? rpt_str(r, "%s", src->updated) : NULL;
  r->title = rpt_str(r, "%s %s（%s）", p->name, k->title, fy_both(year, fy));
  add_meta(r, "計画", rpt_str(r, "%s（%s）", p->name, p->id), RM_TEXT);
  add_meta(r, "年度", rpt_str(r, "%s", fy_both(year, fy)), RM_TEXT);
  add_meta(r, "評価方針",
           pol->variant ? rpt_str(r, "%s（変形: %s）", pol->name, pol->variant) : pol->name,
           RM_TEXT);
  add_meta(r, "作成日時", src->generated, RM_MADE);
  add_meta(
      r, "データ",
      rpt_str(r, "%s（この計画の最終取込 %s）", src->store, src->updated ? src->updated : "－"),
      RM_STORE);
  r->before = src->before;
  r->next = src->next;
  r->before_name = src->before_name ? rpt_str(r, "%s", src->before_name) : NULL;
  r->after_name = src->after_name ? rpt_str(r, "%s", src->after_name) : NULL;
  k->build(r);
  const char *label = packet_label(p, k->name); /* the agenda's number beats the kind's */
  if (label) r->label = label;
  return r;
}

int report_latest_year(const Evaluation *ev) {
  const Plan *p = ev->plan;
  int year = p->first_year;
  for (int y = p->first_year; y <= p->last_year; y++)
    for (int n = 0; n < p->nnodes; n++)
      if (eval_node(ev, n, y)->grade >= 0) year = y;
  return year;
}

void report_free(Report *r) {
  if (!r) return;
  for (int s = 0; s < r->nsections; s++) {
    for (int b = 0; b < r->sections[s].nblocks; b++)
      if (r->sections[s].blocks[b].table) free(r->sections[s].blocks[b].table->cells);
    free(r->sections[s].blocks);
  }
  free(r->sections);
  arena_free(&r->arena);
  free(r);
}

RSection *rpt_section(Report *r, const char *title) {
  VEC_PUSH(r->sections, r->nsections, r->cap);
  RSection *s = &r->sections[r->nsections++];
  memset(s, 0, sizeof *s);
  s->title = arena_strdup(&r->arena, title);
  return s;
}

static RBlock *add_block(RSection *s, int type) {
  VEC_PUSH(s->blocks, s->nblocks, s->cap);
  RBlock *b = &s->blocks[s->nblocks++];
  memset(b, 0, sizeof *b);
  b->type = type;
  return b;
}

void rpt_para(Report *r, RSection *s, const char *fmt, ...) {
  Buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  add_block(s, RB_PARA)->text = arena_strdup(&r->arena, b.s);
  buf_free(&b);
}

void rpt_heading(Report *r, RSection *s, const char *text) {
  add_block(s, RB_HEADING)->text = arena_strdup(&r->arena, text);
}

RTable *rpt_table_n(Report *r, RSection *s, const char *caption, int ncols) {
  RTable *t = arena_alloc(&r->arena, sizeof *t);
  memset(t, 0, sizeof *t);
  t->caption = arena_strdup(&r->arena, caption);
  t->ncols = ncols;
  add_block(s, RB_TABLE)->table = t;
  rt_row(t);
  return t;
}

RTable *rpt_table(Report *r, RSection *s, const char *caption, const char *const *header) {
  int n = 0;
  while (header[n])
    n++;
  RTable *t = rpt_table_n(r, s, caption, n);
  for (int c = 0; c < n; c++)
    rt_set(r, t, 0, c, header[c]);
  return t;
}

int rt_row(RTable *t) {
  if (t->nrows == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 16;
    t->cells = xrealloc(t->cells, (size_t)t->cap * (size_t)t->ncols * sizeof *t->cells);
  }
  for (int c = 0; c < t->ncols; c++)
    t->cells[(size_t)t->nrows * (size_t)t->ncols + (size_t)c] = (RCell){NULL, DEC_NONE, -1};
  return t->nrows++;
}

static RCell *cell(RTable *t, int row, int col) {
  return &t->cells[(size_t)row * (size_t)t->ncols + (size_t)col];
}

void rt_set(Report *r, RTable *t, int row, int col, const char *text) {
  cell(t, row, col)->text = arena_strdup(&r->arena, text);
}

void rt_num(Report *r, RTable *t, int row, int col, dec_t d, int digits) {
  rt_qty(r, t, row, col, d, digits, NULL);
}

void rt_qty(Report *r, RTable *t, int row, int col, dec_t d, int digits, const char *unit) {
  char b[NUMTEXT_MAX + 64];
  RCell *c = cell(t, row, col);
  if (dec_is_none(d)) {
    c->text = "－";
    return;
  }
  c->num = digits >= 0 ? dec_round(d, digits) : d;
  c->digits = digits;
  c->text = arena_strdup(&r->arena, num_with_unit(d, digits, unit, b, sizeof b));
}

void rt_rate(Report *r, RTable *t, int row, int col, dec_t d, int digits) {
  /* as the policy displays it: its rounding mode (half-up, truncate, half-even) */
  rt_qty(r, t, row, col, dec_is_none(d) ? d : policy_shown(r->ev->policy, d), digits, "%");
}

const char *rpt_qty(Report *r, dec_t d, int digits, const char *unit) {
  char b[NUMTEXT_MAX + 64];
  return rpt_str(r, "%s", num_with_unit(d, digits, unit, b, sizeof b));
}

void rt_int(Report *r, RTable *t, int row, int col, int v) {
  rt_num(r, t, row, col, dec_from_int(v), 0);
}

void rpt_chart(Report *r, RSection *s, int type, int ind, const char *alt) {
  RBlock *b = add_block(s, type);
  b->ind = ind;
  b->text = arena_strdup(&r->arena, alt);
}

void rpt_chart_bars(Report *r, RSection *s, const struct ChartBars *bars, const char *alt) {
  RBlock *b = add_block(s, RB_CHART_BARS);
  b->bars = bars;
  b->text = arena_strdup(&r->arena, alt);
}

const char *rpt_grade(const Report *r, int grade) {
  return grade >= 0 ? eval_symbol(r->ev, grade) : "";
}

int rpt_is_top(const Report *r, int grade) {
  return grade >= 0 && grade < r->ev->policy->ngrades && r->ev->policy->grades[grade].top;
}

const char *rpt_level(const Report *r, int level) {
  const Plan *p = r->ev->plan;
  return level >= 1 && level <= p->nlevels ? p->levels[level - 1] : "";
}

const char *rpt_item(const Report *r, int n, int year, const char *kind) {
  const Plan *p = r->ev->plan;
  const char *found = NULL, *whole = NULL;
  for (int i = 0; i < p->nitems; i++) {
    const Item *it = &p->items[i];
    if (it->node != n || !it->kind || strcmp(it->kind, kind) != 0 || !it->text) continue;
    if (it->year == year) found = it->text;
    if (it->year == 0) whole = it->text;
  }
  return found ? found : whole;
}
