/* SPDX-License-Identifier: Apache-2.0 */
/*
** explain.h — why a grade is what it is, in words a secretariat clerk understands: the values
** used, the target basis, the formula with the numbers put in, the rounding, and the rule that
** matched (or why none did).
*/
#ifndef SHINCHOKU_EXPLAIN_H
#define SHINCHOKU_EXPLAIN_H

#include "eval.h"

/* The variables a grade was decided on (bits 1 << EV_x): those the matched rule names, and the
   baseline and change wherever the indicator has a baseline; vars from eval_indicator_vars. */
unsigned explain_uses(const Evaluation *ev, const IndResult *r, const dec_t vars[EV__COUNT]);

/* The values an indicator's grade in a year was decided on, in words, appended to out:
   「基準値 200件（R3）、基準値からの増減 +15.0%」 — the baseline and change and every other
   variable the rule named, except the rate (shown beside the grade in a column of its own). 0
   (nothing appended) when it has no grade or used no such value. */
int explain_grade_values(const Evaluation *ev, int ind, int year, Buf *out);

void explain_indicator(const Evaluation *ev, int ind, int year, Buf *out);
void explain_node(const Evaluation *ev, int node, int year, Buf *out);
/* Rate as displayed by the policy ("90.0%"), or "－" when none. buf >= DEC_MAX_TEXT + 2. */
char *explain_rate(const Evaluation *ev, dec_t rate, char *buf);

#endif
