/*
** check_ctx.h — what the parts of the consistency check share (internal to src/eval/check*.c):
** the plan evaluated once per policy variant, adding findings, and comparing a printed number
** with a computed one at the digits the document printed.
*/
#ifndef SHINCHOKU_CHECK_CTX_H
#define SHINCHOKU_CHECK_CTX_H

#include "check.h"
#include "eval.h"

/* The plan evaluated by one policy variant (name NULL: the main policy). */
typedef struct CheckCached {
  char *name;
  Policy *policy;
  Evaluation *ev;
} CheckCached;

typedef struct CheckCtx {
  const Plan *plan;
  CheckCached *cache; /* one per variant asked for */
  int n, cap;
  CheckResult *out;
} CheckCtx;

/* The evaluation by a variant (NULL: the main policy); NULL when it does not compile. */
Evaluation *check_evaluation(CheckCtx *c, const char *variant);

/* A finding about printed row i (subject, year, what, printed value, source filled from it). */
Finding *check_add(CheckCtx *c, int i, const char *kind, const char *computed);
/* A finding about no single printed row; any text may be NULL. */
Finding *check_add_about(CheckCtx *c, const char *kind, const char *subject, int year,
                         const char *what, const char *printed_as, const char *computed,
                         const char *source);
/* Set a finding's text field (note, suggestion, other) from a format. */
void check_set(char **field, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Drop every finding about printed row i. */
void check_drop(CheckCtx *c, int i);
/* The finding about printed row i, or NULL. */
Finding *check_finding_of(CheckCtx *c, int i);

/* How a printed number compares with a computed one at the printed digits. */
enum number_match { NM_EQUAL, NM_TRUNCATED, NM_DIFFERENT, NM_UNREADABLE, NM_NONE };
/* Compare printed text with computed (DEC_NONE: nothing computed → NM_NONE). A rate (rates:
   its policy, NULL for other numbers) is rounded by the policy's rounding mode, others half
   up. When rounded is given, the computed value rounded to the printed digits is written
   there as text. */
int check_compare(const char *printed, dec_t computed, const Policy *rates, char *rounded);

/* A unit's display name: its node's number, with the indicator's own number ("№58①"). */
void check_ind_label(const Plan *p, int ind, Buf *b);
/* The line number in a source ("資料2 L150" → 150), 0 when none. */
int check_source_line(const char *source);

/* The printed list a summary cell counts: the grades printed for the units of level in year
   under variant. Returns 1 and fills counts (per policy grade, in-scope units only) and the
   list's first and last source when every unit in scope that year has a printed grade. */
int check_list_counts(CheckCtx *c, const Evaluation *ev, int level, int year, const char *variant,
                      int *counts, const char **first, const char **last);

/* The parts of the check, run in this order by check_plan. */
void check_recount(CheckCtx *c);   /* check_recount.c: a summary against its list */
void check_citations(CheckCtx *c); /* check_cite.c: figures cited under another item */
void check_legends(CheckCtx *c);   /* check_legend.c: a legend against its rows */
void check_units(CheckCtx *c);     /* check_units.c: values in another unit */
void check_decisions(CheckCtx *c); /* check_decision.c: decisions and grades without targets */
void check_shifts(CheckCtx *c);    /* check_shift.c: a block of rows one column off */

#endif
