/* SPDX-License-Identifier: Apache-2.0 */
/*
** explain.h — why a grade is what it is, in words a secretariat clerk understands: the values
** used, the target basis, the formula with the numbers put in, the rounding, and the rule that
** matched (or why none did).
*/
#ifndef SHINCHOKU_EXPLAIN_H
#define SHINCHOKU_EXPLAIN_H

#include "eval.h"

void explain_indicator(const Evaluation *ev, int ind, int year, Buf *out);
void explain_node(const Evaluation *ev, int node, int year, Buf *out);
/* Rate as displayed by the policy ("90.0%"), or "－" when none. buf >= DEC_MAX_TEXT + 2. */
char *explain_rate(const Evaluation *ev, dec_t rate, char *buf);

#endif
