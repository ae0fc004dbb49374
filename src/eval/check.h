/*
** check.h — the consistency check: every value a source document printed (the plan's
** `printed` rows) against what the plan's policy computes from the stored data, and the
** printed rows against each other (a summary recounted from the list it summarises, a
** legend against the rows it explains, a citation against the figures it quotes). The data
** themselves are checked too: units that disagree with the indicator's, decisions that
** contradict their reason. Each finding has a kind, the subject, both values, the source
** line and, where one exists, a suggestion. docs/check.md lists the kinds.
*/
#ifndef SHINCHOKU_CHECK_H
#define SHINCHOKU_CHECK_H

#include "../model/plan.h"

typedef struct Finding {
  int printed; /* index into plan->printed, -1 for a finding about no single printed row */
  /* short English tag (docs/check.md). Disagreements: mismatch, truncated, printed-none,
     recount, wrong-citation, legend, unit, no-target, decision, shifted. Could not be checked:
     no-value, ungraded, out-of-scope, outside-plan-years, unreadable. */
  const char *kind;
  char *subject;    /* "plan", node or indicator id, or a document ("資料2") */
  int year;         /* 0: none */
  char *what;       /* rate, grade, count:◎, legend, unit, decision… (with @variant) */
  char *printed_as; /* what the document (or the data, for data findings) says */
  char *computed;   /* what Shinchoku computes or expects, as text ("84.2%", "○", "49") */
  char *source;     /* the line it is on */
  char *other;      /* the second source a recount or citation compared with, or NULL */
  char *note;       /* why, in Japanese, or NULL */
  char *suggestion; /* what to do, in Japanese, or NULL */
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
