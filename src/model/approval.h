/* SPDX-License-Identifier: Apache-2.0 */
/*
** approval.h — what approving a department's entries applies to a plan, written once: the
** store's approval (store/approve.c) writes exactly these rows, and the review page's preview
** (web/pages_review.c) evaluates a copy of the plan with them applied, so the preview cannot
** disagree with what approval writes.
*/
#ifndef SHINCHOKU_APPROVAL_H
#define SHINCHOKU_APPROVAL_H

#include "plan.h"

/* One entry as approval sees it: a figure (kind VK_ACTUAL or VK_PROJECTION) for an indicator,
   or a grade (kind -1, the symbol in text and its basis in note) for a node or indicator. */
typedef struct ApprovalEntry {
  const char *subject;
  int year, kind;
  dec_t num; /* DEC_NONE when none */
  const char *text, *as_of, *note;
} ApprovalEntry;

enum { APPROVAL_ADD = -1, APPROVAL_NO_SUBJECT = -2 };

/* For each entry e[i], the row of p it writes over into rows[i]: the value row that counts for
   (indicator, year, kind) (the last current one, as the evaluation reads it) or the grade row
   that counts for (subject, year) (plan_grades_counting's rule); APPROVAL_ADD when the plan
   has none and approval adds a row after the plan's last; APPROVAL_NO_SUBJECT when p has no
   such indicator (a figure) or node or indicator (a grade). One pass over p's values and
   grades, p indexed (plan_index). */
void approval_rows(const Plan *p, const ApprovalEntry *e, int n, int *rows);

/* Write the entries into p as approval does: the row replaced gets the entry's number and
   text, as-of date and note (a grade: symbol and basis) and source (its revision date stays);
   the rows added come after the plan's last, in the entries' order. Entries without a
   subject are left out. rows from approval_rows on the same p. */
void approval_apply(Plan *p, const ApprovalEntry *e, int n, const int *rows, const char *source);

#endif
