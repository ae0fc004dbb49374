/* SPDX-License-Identifier: Apache-2.0 */
/*
** entrynum.h — whether a number a clerk typed for an indicator can be stored: the checks the
** entry form and the department workbook share, with the message a clerk understands.
*/
#ifndef SHINCHOKU_ENTRYNUM_H
#define SHINCHOKU_ENTRYNUM_H

#include "plan.h"

/* Whether the thousands commas of s (as typed, full-width allowed) group the integer digits
   in threes: "1,234" and "１，２３４" yes; "12,3", "1,23" and "1,2345" no (ambiguous: a
   decimal comma or a typo). Text without a comma: yes. */
int num_grouping_ok(const char *s);

/* Whether indicator ind may hold a negative number: its name or unit speaks of a change or a
   difference (増減, 差, 変化, 前年比, 収支, ポイント), or the plan already holds a negative
   baseline or value for it. */
int indicator_may_be_negative(const Plan *p, int ind);

/* Read typed (not blank) as the number of indicator ind (ind < 0: no sign rule). Returns NULL
   and sets *out, or a message in Japanese saying what to fix (a static string). */
const char *entry_number_problem(const Plan *p, int ind, const char *typed, dec_t *out);

#endif
