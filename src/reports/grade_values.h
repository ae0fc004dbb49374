/* SPDX-License-Identifier: Apache-2.0 */
/*
** grade_values.h — the values a grade was decided on, as a report prints them beside the
** grade: the baseline and the change from it, and every other variable the matched rule
** named (explain_uses), except the rate, which the reports show in a column of its own.
*/
#ifndef SHINCHOKU_GRADE_VALUES_H
#define SHINCHOKU_GRADE_VALUES_H

#include "report.h"

/* 「基準値 200件（R3）、基準値からの増減 +15.0%」 for an indicator in a year; NULL when it has no
   grade that year or its grade used no such value. */
const char *rpt_ind_values(Report *r, int ind, int year);
/* The same for a node's own indicators, each named when it has several
   (「指標A: 基準値 …／指標B: …」); NULL when none has any. */
const char *rpt_node_values(Report *r, int n, int year);

#endif
