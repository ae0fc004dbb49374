/* SPDX-License-Identifier: Apache-2.0 */
/*
** publish.h — publication: which fiscal years of a plan the secretariat has made public.
** The public site, the API, the downloads and the public reports show only the results
** (actuals, projections, grades, the secretariat's texts) of published years; targets and
** the plan's structure are always public. Staff see every year, the unpublished ones marked
** as drafts (下書き). Conventions as in staff.h.
*/
#ifndef SHINCHOKU_PUBLISH_H
#define SHINCHOKU_PUBLISH_H

#include "staff.h"

typedef struct Published {
  char *plan;
  int year;
  char *at, *by; /* when (ISO 8601 UTC) and by whom it was published */
} Published;

/* Publish (on 1) or withdraw (on 0) the results of (plan, year). 0 changed, 1 already so
   (nothing written), STAFF_FORBIDDEN for another municipality's plan, -1 error. Audited
   ("publish" / "unpublish", field "published"); bumps the plan's revision. */
int publish_set(Store *s, const char *plan, int year, int on, const Actor *who, char *err,
                size_t errlen);
/* The published years of plan (NULL: of every plan), by plan and year. */
int publish_list(Store *s, const char *plan, Published **out, int *n, char *err, size_t errlen);
void published_free(Published *list, int n);
/* Publish every year in which p has a result (an actual, a projection or a grade set by
   people): what `import` does for a plan new to the store, whose results come from documents
   already published. Each year is audited as publish_set does. */
int publish_years_with_results(Store *s, const Plan *p, const Actor *who, char *err, size_t errlen);
#endif
