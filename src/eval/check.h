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
  int printed;        /* index into plan->printed */
  char *computed;     /* what Shinchoku computes, as text ("84.2%", "○", "49") */
  const char *reason; /* short English tag: mismatch, truncated, unreadable, no-value */
} Finding;

typedef struct CheckResult {
  Finding *findings;
  int nfindings, cap;
  int nchecked;
  char *error; /* set when the policy or a variant did not compile */
} CheckResult;

void check_plan(const Plan *plan, CheckResult *out);
void check_free(CheckResult *r);

#endif
