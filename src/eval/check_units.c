/*
** check_units.c — values printed in another unit than their indicator's: a count KPI whose
** actual is printed as a percentage (003 S7), a head count whose target counts services
** (S11: 10業務 for 人), a count of cases printed as 延べ人 (S26). Each figure in a value's text
** is read with the unit word written right after it; dates (令和5年, R3.9, 12月) are skipped.
** A value whose figures all carry units and none the indicator's is reported, once per
** indicator and kind, with the years.
*/
#include "check_ctx.h"
#include "../model/text.h"
#include <stdlib.h>
#include <string.h>

/* Unit words recognised after a figure, longest first; a pair on one line is one unit. */
static const char *const units[][2] = {
    {"システム", NULL}, {"か所", "箇所"}, {"箇所", "か所"}, {"ページ", NULL}, {"業務", NULL},
    {"時間", NULL},     {"地区", NULL},   {"団体", NULL},   {"%", NULL},      {"件", NULL},
    {"人", "名"},       {"名", "人"},     {"社", NULL},     {"回", NULL},     {"台", NULL},
    {"校", NULL},       {"課", NULL},
};
#define NUNITS (sizeof units / sizeof *units)

static int is_digit(char ch) {
  return ch >= '0' && ch <= '9';
}

static int ends_with(const char *start, const char *at, const char *word) {
  size_t n = strlen(word);
  return (size_t)(at - start) >= n && strncmp(at - n, word, n) == 0;
}

/* A figure that is part of a date or a year: after R, H, 令和, 平成, or before 年, 月, 日. */
static int is_date(const char *start, const char *num, const char *end) {
  const char *before = num;
  while (before > start && before[-1] == ' ')
    before--;
  if (ends_with(start, before, "R") || ends_with(start, before, "H") ||
      ends_with(start, before, "令和") || ends_with(start, before, "平成"))
    return 1;
  return strncmp(end, "年", strlen("年")) == 0 || strncmp(end, "月", strlen("月")) == 0 ||
         strncmp(end, "日", strlen("日")) == 0;
}

/* The unit written right after a figure, or -1. */
static int unit_at(const char *end) {
  for (size_t u = 0; u < NUNITS; u++)
    if (strncmp(end, units[u][0], strlen(units[u][0])) == 0) return (int)u;
  return -1;
}

/* After a figure and its unit u at end: a ratio such as 「3.0人に1台」 (pupils per device)
   counts neither unit. Returns where the ratio ends, or NULL when it is none. */
static const char *ratio_end(const char *end, int u) {
  const char *s = end + strlen(units[u][0]);
  if (strncmp(s, "に", strlen("に")) != 0) return NULL;
  s += strlen("に");
  if (!is_digit(*s)) return NULL;
  while (is_digit(*s) || (*s == '.' && is_digit(s[1])))
    s++;
  int v = unit_at(s);
  return v < 0 ? NULL : s + strlen(units[v][0]);
}

static int same_unit(int u, const char *unit) {
  return strcmp(units[u][0], unit) == 0 || (units[u][1] && strcmp(units[u][1], unit) == 0);
}

/* The first unit in text that is not unit, or NULL when some figure is in unit or none
   carries a unit. Writes "延べ" in front when the text counts 延べ人. */
static const char *other_unit(const char *text, const char *unit, Buf *seen) {
  char *norm = text_normalize(text);
  const char *s = norm, *found = NULL;
  int matched = 0;
  while (s && *s) {
    if (!is_digit(*s)) {
      s++;
      continue;
    }
    const char *num = s;
    while (is_digit(*s) || ((*s == ',' || *s == '.') && is_digit(s[1])))
      s++;
    int u = is_date(norm, num, s) ? -1 : unit_at(s);
    if (u < 0) continue;
    const char *ratio = ratio_end(s, u);
    if (ratio) {
      s = ratio;
      continue;
    }
    if (same_unit(u, unit) && !ends_with(norm, num, "延べ")) {
      matched = 1;
    } else if (!found) {
      found = units[u][0];
      buf_printf(seen, "%s%s", ends_with(norm, num, "延べ") ? "延べ" : "", found);
    }
  }
  free(norm);
  return matched ? NULL : found;
}

typedef struct Odd {
  int ind, kind, year, value;
} Odd;

static int odd_order(const void *a, const void *b) {
  const Odd *x = a, *y = b;
  if (x->ind != y->ind) return x->ind - y->ind;
  if (x->kind != y->kind) return x->kind - y->kind;
  return x->year - y->year;
}

/* One finding for the values odd[0..n) of one indicator and kind. */
static void report(CheckCtx *c, const Odd *odd, int n) {
  const Plan *p = c->plan;
  const Indicator *in = &p->inds[odd[0].ind];
  const Value *first = &p->values[odd[0].value];
  Buf years = {0}, unit = {0}, what = {0};
  char fy[32];
  other_unit(first->text, in->unit, &unit);
  for (int k = 0; k < n; k++)
    buf_printf(&years, "%s%s", k ? "、" : "", fy_era_short(odd[k].year, fy));
  const ValueExtra *x = value_extra(p, first);
  buf_printf(&what, "unit:%s", value_kind_names[odd[0].kind]);
  Finding *f = check_add_about(c, "unit", in->id, first->year, what.s, first->text, in->unit,
                               x && x->source ? x->source : in->source);
  check_set(&f->note, "指標の単位は「%s」ですが、%sは「%s」で書かれています（%s）", in->unit,
            odd[0].kind == VK_TARGET   ? "目標値"
            : odd[0].kind == VK_ACTUAL ? "実績値"
                                       : "見込値",
            unit.s, years.s);
  check_set(&f->suggestion, "指標と同じ単位で記録するか、指標の単位を「%s」に改める", unit.s);
  buf_free(&what);
  buf_free(&years);
  buf_free(&unit);
}

void check_units(CheckCtx *c) {
  const Plan *p = c->plan;
  Odd *odd = NULL;
  int n = 0, cap = 0;
  for (int v = 0; v < p->nvalues; v++) { /* one pass over the values */
    const Value *val = &p->values[v];
    const char *unit = p->inds[val->indicator].unit;
    if (!unit || !val->text || val->superseded || val->kind < 0) continue;
    Buf seen = {0};
    if (other_unit(val->text, unit, &seen)) {
      VEC_PUSH(odd, n, cap);
      odd[n++] = (Odd){val->indicator, val->kind, val->year, v};
    }
    buf_free(&seen);
  }
  if (n) qsort(odd, (size_t)n, sizeof *odd, odd_order);
  for (int a = 0, b; a < n; a = b) {
    for (b = a; b < n && odd[b].ind == odd[a].ind && odd[b].kind == odd[a].kind; b++)
      ;
    report(c, odd + a, b - a);
  }
  free(odd);
}
