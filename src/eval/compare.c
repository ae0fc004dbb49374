/* SPDX-License-Identifier: Apache-2.0 */
/*
** compare.c — the comparison of municipalities on a shared KPI (compare.h): rows gathered
** from evaluated plans, each evaluated again under the common policy of the KPI vocabulary,
** and the figures a row shows for the year.
*/
#include "compare.h"
#include <stdlib.h>
#include <string.h>

void compare_init(Compare *c, const KpiDef *kpi, int year) {
  memset(c, 0, sizeof *c);
  c->kpi = kpi;
  c->year = year;
}

Policy *compare_common_policy(char *err, size_t errlen) {
  return policy_compile(kpi_common_policy_json, NULL, 1, err, errlen);
}

int compare_add_plan(Compare *c, const Plan *plan, const Evaluation *own, int hidden, char *err,
                     size_t errlen) {
  int added = 0;
  for (int i = 0; i < plan->ninds; i++) {
    if (!plan->inds[i].kpi || strcmp(plan->inds[i].kpi, c->kpi->code) != 0) continue;
    Policy *pol = policy_compile(kpi_common_policy_json, NULL, plan->nlevels, err, errlen);
    if (!pol) return -1;
    VEC_PUSH(c->rows, c->n, c->cap);
    c->rows[c->n++] = (CompareRow){
        .plan = plan,
        .ind = i,
        .own = own,
        .common_pol = pol,
        .common = eval_run(plan, pol),
        .in_period = c->year >= plan->first_year && c->year <= plan->last_year,
        .hidden = hidden,
    };
    added++;
  }
  return added;
}

static const char *text_or_empty(const char *s) {
  return s ? s : "";
}

static int row_cmp(const void *a, const void *b) {
  const CompareRow *x = a, *y = b;
  int k =
      strcmp(text_or_empty(x->plan->municipality_code), text_or_empty(y->plan->municipality_code));
  if (!k) k = strcmp(x->plan->id, y->plan->id);
  return k ? k : x->ind - y->ind;
}

void compare_sort(Compare *c) {
  if (c->n > 1) qsort(c->rows, (size_t)c->n, sizeof *c->rows, row_cmp);
}

/* A grade symbol and its rank among the policy's grades (-1 none). */
static const char *grade_of(const Evaluation *ev, const IndResult *r, int *slot) {
  if (slot) *slot = r->grade;
  return r->grade >= 0 ? eval_symbol(ev, r->grade) : "";
}

void compare_figures(const Compare *c, const CompareRow *r, CompareFigures *f) {
  *f = (CompareFigures){DEC_NONE, NULL,
                        0,        DEC_NONE,
                        DEC_NONE, r->own->policy->digits,
                        "",       DEC_NONE,
                        DEC_NONE, r->common_pol->digits,
                        "",       -1};
  if (!r->in_period) return;
  int y = c->year;
  f->year_target = eval_num(r->own, r->ind, y, VK_TARGET);
  const IndResult *own = eval_ind(r->own, r->ind, y), *com = eval_ind(r->common, r->ind, y);
  f->target = own->target;
  if (r->hidden) return;
  f->actual = own->actual;
  f->projected = own->projected;
  if (dec_is_none(f->actual)) f->actual_text = eval_text(r->own, r->ind, y, VK_ACTUAL);
  if (!dec_is_none(own->rate)) f->rate = policy_shown(r->own->policy, own->rate);
  f->grade = grade_of(r->own, own, NULL);
  if (!dec_is_none(com->rate)) f->common_rate = policy_shown(r->common_pol, com->rate);
  f->common_grade = grade_of(r->common, com, &f->common_slot);
}

void compare_free(Compare *c) {
  for (int i = 0; i < c->n; i++) {
    eval_free(c->rows[i].common);
    policy_free(c->rows[i].common_pol);
  }
  free(c->rows);
  memset(c, 0, sizeof *c);
}
