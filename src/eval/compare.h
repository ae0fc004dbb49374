/* SPDX-License-Identifier: Apache-2.0 */
/*
** compare.h — municipalities compared on a shared KPI (docs/compare.md): for one KPI code and
** fiscal year, every indicator that carries the code in the plans given, each with its
** figures graded under its own plan's policy and under the common policy of the vocabulary
** (kpi.h), so that cities whose policies differ can be read side by side. Pure computation
** over plans already loaded and evaluated; the caller says whether a year's results are public.
*/
#ifndef SHINCHOKU_COMPARE_H
#define SHINCHOKU_COMPARE_H

#include "../model/kpi.h"
#include "eval.h"

/* One indicator of one plan that carries the KPI. */
typedef struct CompareRow {
  const Plan *plan;
  int ind;
  const Evaluation *own; /* the plan's own evaluation (borrowed) */
  Policy *common_pol;    /* the common policy, compiled for this plan's levels */
  Evaluation *common;    /* the plan evaluated under it */
  int in_period;         /* the year is in the plan's period */
  int hidden;            /* the year's results are not public: targets only */
} CompareRow;

typedef struct Compare {
  const KpiDef *kpi;
  int year;
  CompareRow *rows;
  int n, cap;
} Compare;

/* What a row shows for the year. Numbers are DEC_NONE when absent (or held back). */
typedef struct CompareFigures {
  dec_t actual;            /* the year's actual (or projection where the own policy uses it) */
  const char *actual_text; /* the value's text when it has no number (未定, 集計中) */
  int projected;           /* the actual is a projection */
  dec_t target;            /* the target the own policy compares with */
  dec_t rate;              /* rate under the own policy, as that policy displays it */
  int digits;              /* the own policy's digits */
  const char *grade;       /* the own policy's grade symbol, "" none */
  dec_t year_target;       /* the year's own target (what the common policy compares with) */
  dec_t common_rate;       /* rate under the common policy, as it displays it */
  int common_digits;
  const char *common_grade; /* "" none */
  int common_slot;          /* the common grade's rank (colour), -1 none */
} CompareFigures;

void compare_init(Compare *c, const KpiDef *kpi, int year);
/* Add a row for every indicator of plan that carries the KPI; own is the plan evaluated under
   its own policy; hidden: the year's results are not public. Returns how many rows, or -1 with
   err when the common policy does not compile. */
int compare_add_plan(Compare *c, const Plan *plan, const Evaluation *own, int hidden, char *err,
                     size_t errlen);
/* Order the rows by municipality code, plan id, then the indicators' order in their plan. */
void compare_sort(Compare *c);
void compare_figures(const Compare *c, const CompareRow *r, CompareFigures *f);
void compare_free(Compare *c);

/* The common policy compiled once for a plan of one level, for its name and bands. NULL with
   err when it does not compile. Caller frees with policy_free. */
Policy *compare_common_policy(char *err, size_t errlen);

#endif
