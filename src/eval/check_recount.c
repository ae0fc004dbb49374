/*
** check_recount.c — a printed summary against the printed list it summarises: the grades a
** document prints per unit (資料2's list of 62 rows) are counted again per year and compared
** with the summary's cells (L218–224), each cell that differs a finding naming both sources.
** This also checks summary cells the computation cannot (units whose numbers are lost).
*/
#include "check_ctx.h"
#include "../model/text.h"
#include <stdlib.h>
#include <string.h>

static int same_variant(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int check_list_counts(CheckCtx *c, const Evaluation *ev, int level, int year, const char *variant,
                      int *counts, const char **first, const char **last) {
  const Plan *p = c->plan;
  int *seen = xcalloc((size_t)p->nnodes, sizeof *seen);
  int lo = 0, hi = 0;
  *first = *last = NULL;
  memset(counts, 0, sizeof *counts * (size_t)ev->policy->ngrades);
  for (int i = 0; i < p->nprinted; i++) {
    const Printed *pr = &p->printed[i];
    if (pr->year != year || strcmp(pr->what, "grade") || !same_variant(pr->variant, variant))
      continue;
    int n = plan_node(p, pr->subject);
    if (n < 0 || p->nodes[n].level != level || !node_in_scope(&p->nodes[n], year)) continue;
    seen[n] = 1;
    int g = policy_grade(ev->policy, pr->value);
    if (g >= 0) counts[g]++;
    int line = check_source_line(pr->source);
    if (!*first || line < lo) lo = line, *first = pr->source;
    if (!*last || line > hi) hi = line, *last = pr->source;
  }
  int complete = *first != NULL;
  for (int n = 0; n < p->nnodes && complete; n++)
    if (p->nodes[n].level == level && node_in_scope(&p->nodes[n], year) && !seen[n]) complete = 0;
  free(seen);
  return complete;
}

/* "資料2 L146" and "資料2 L210" → "資料2 L146–L210". */
static void span(const char *first, const char *last, Buf *b) {
  const char *l = strstr(first, " L");
  if (first == last || strcmp(first, last) == 0)
    buf_put(b, first);
  else if (l && strncmp(first, last, (size_t)(l - first + 2)) == 0)
    buf_printf(b, "%s–L%s", first, last + (l - first) + 2);
  else
    buf_printf(b, "%s–%s", first, last);
}

static void recount_cell(CheckCtx *c, int i, const Evaluation *ev) {
  const Printed *pr = &c->plan->printed[i];
  int level = pr->level ? pr->level : ev->policy->headline_level;
  if (level < 1 || level > c->plan->nlevels || !pr->year) return;
  int g = strncmp(pr->what, "count:", 6) == 0 ? policy_grade(ev->policy, pr->what + 6) : -1;
  if (g < 0) return; /* a total needs no recount: the list has every unit in scope */
  int *counts = xcalloc((size_t)ev->policy->ngrades, sizeof *counts);
  const char *first, *last;
  if (check_list_counts(c, ev, level, pr->year, pr->variant, counts, &first, &last)) {
    int n = counts[g];
    char want[24];
    snprintf(want, sizeof want, "%d", n);
    if (check_compare(pr->value, dec_from_int(n), NULL, NULL) != NM_EQUAL) {
      Finding *f = check_add(c, i, "recount", want);
      Buf b = {0};
      span(first, last, &b);
      f->other = buf_detach(&b);
      check_set(&f->note, "%s の集計 %s と、%s の一覧を数え直した %d が違います",
                pr->source ? pr->source : "集計表", pr->value, f->other, n);
      check_set(&f->suggestion, "集計表を一覧から数え直す");
    }
  }
  free(counts);
}

void check_recount(CheckCtx *c) {
  for (int i = 0; i < c->plan->nprinted; i++) {
    const Printed *pr = &c->plan->printed[i];
    if (strcmp(pr->subject, "plan") != 0) continue;
    if (pr->year && (pr->year < c->plan->first_year || pr->year > c->plan->last_year)) continue;
    Evaluation *ev = check_evaluation(c, pr->variant);
    if (ev) recount_cell(c, i, ev);
  }
}
