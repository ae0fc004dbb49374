/* SPDX-License-Identifier: Apache-2.0 */
/*
** plandiff.h — the difference between two plans (an old one, e.g. as stored, and a new one,
** e.g. as imported) as a list of changes: current values (target, actual, projection) per
** indicator, year and kind; the grade that counts per subject and year; the secretariat's
** narrative per node and year; nodes and indicators added, removed or renamed. Computed by
** grouping both plans' rows by subject (counting sorts and the id indexes), never by a look-up
** per pair of rows: a national plan has millions of values. `import --dry-run` prints its
** summary from it and the store writes the audit rows of a save from it.
*/
#ifndef SHINCHOKU_PLANDIFF_H
#define SHINCHOKU_PLANDIFF_H

#include "plan.h"

enum plan_change_what { PC_VALUE, PC_GRADE, PC_NARRATIVE, PC_NODE, PC_INDICATOR, PC__WHAT };
enum plan_change_how { PC_ADDED, PC_CHANGED, PC_REMOVED, PC__HOW };

typedef struct PlanChange {
  unsigned char what, how;
  signed char kind;     /* PC_VALUE: enum value_kind (-1 for a stored kind it does not know) */
  int year;             /* 0 for nodes and indicators */
  const char *subject;  /* indicator or node id, from whichever plan has the row */
  int old_row, new_row; /* index in the plan's values, grades, items, nodes or inds; -1 none */
} PlanChange;

typedef struct PlanDiff {
  PlanChange *v;
  int n, cap;
  int counts[PC__WHAT][PC__HOW];
} PlanDiff;

/* The changes from old (NULL: an empty plan) to new_plan, both indexed (plan_index), in this
   order: values, grades, narratives, nodes, indicators; within each, the old plan's rows that
   change or go in the old plan's order, then the rows that appear in the new plan's order. A
   value changes when its number or text does (not its note or as-of date); superseded target
   revisions are not compared. */
void plandiff(const Plan *old, const Plan *new_plan, PlanDiff *out);
/* The same for only the kinds of rows in what (bits 1u << PC_VALUE etc.; PLANDIFF_ALL). */
#define PLANDIFF_ALL ((1u << PC__WHAT) - 1)
void plandiff_only(const Plan *old, const Plan *new_plan, unsigned what, PlanDiff *out);
void plandiff_free(PlanDiff *d);

/* A one-line summary in Japanese ("値: 変更 1、追加 0、削除 0 / 評価: …"), appended to out. */
void plandiff_summary(const PlanDiff *d, Buf *out);

#endif
