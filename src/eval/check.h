/* SPDX-License-Identifier: Apache-2.0 */
/*
** check.h — the consistency check: every value a source document printed (the plan's
** `printed` rows) against what the plan's policy computes from the stored data. Each
** disagreement is a finding with the subject, year, printed and computed value and the source
** line. Printed rates that differ only by the document's own rounding digits agree; a rate cut
** off instead of rounded is reported as such.
*/
#ifndef SHINCHOKU_CHECK_H
#define SHINCHOKU_CHECK_H

#include "../model/plan.h"

typedef struct Finding {
  int printed;    /* index into plan->printed */
  char *computed; /* what Shinchoku computes, as text ("84.2%", "○", "49") */
  /* short English tag. Disagreements: mismatch, truncated, printed-none (a blank or dash
     printed where the data give a number). Printed values that could not be
     checked: no-value (the data gives nothing to compare), out-of-scope (the node is not in
     the plan that year), outside-plan-years, unreadable (the printed text is no number). */
  const char *reason;
} Finding;

/* True for a finding where the document and the data disagree, false for one that could
   not be checked. */
int finding_disagrees(const Finding *f);

typedef struct CheckResult {
  Finding *findings;
  int nfindings, cap;
  int nchecked;
  int ndisagree; /* findings that are disagreements; the rest could not be checked */
  char *error;   /* set when the policy or a variant did not compile */
} CheckResult;

void check_plan(const Plan *plan, CheckResult *out);
void check_free(CheckResult *r);

#endif
