/*
** check_cite.c — figures quoted under the wrong item: where a document prints several
** figures (target, actual, rate) of one indicator on one line and they disagree with it, but
** all of them are another indicator's, the line cites the wrong item (001 資料1 [No.58] with
** №59's figures). Every figure of the line is then reported as a wrong citation, instead of
** as separate mismatches.
*/
#include "check_ctx.h"
#include <stdlib.h>
#include <string.h>

/* The number of indicator ind that printed row pr quotes, DEC_NONE when none. */
static dec_t figure(const Evaluation *ev, int ind, const Printed *pr) {
  if (pr->year < ev->first_year || pr->year >= ev->first_year + ev->nyears) return DEC_NONE;
  if (!node_in_scope(&ev->plan->nodes[ev->plan->inds[ind].node], pr->year)) return DEC_NONE;
  if (strcmp(pr->what, "target") == 0) return eval_num(ev, ind, pr->year, VK_TARGET);
  if (strcmp(pr->what, "actual") == 0) return eval_ind(ev, ind, pr->year)->actual;
  if (strcmp(pr->what, "rate") == 0) return eval_ind(ev, ind, pr->year)->rate;
  return DEC_NONE;
}

static int is_figure(const Printed *pr) {
  return pr->year && (strcmp(pr->what, "target") == 0 || strcmp(pr->what, "actual") == 0 ||
                      strcmp(pr->what, "rate") == 0);
}

/* The rows of one citation: same subject, variant and source as row i. */
static int same_line(const Printed *a, const Printed *b) {
  return strcmp(a->subject, b->subject) == 0 && a->source && b->source &&
         strcmp(a->source, b->source) == 0 &&
         ((!a->variant && !b->variant) ||
          (a->variant && b->variant && strcmp(a->variant, b->variant) == 0));
}

/* Is the value behind a figure recorded from the same document as the printed row (資料1's
   own table of its figures)? Such a record confirms nothing about the citation. */
static int same_document(const Evaluation *ev, int ind, const Printed *pr) {
  int v = eval_value(ev, ind, pr->year, strcmp(pr->what, "target") ? VK_ACTUAL : VK_TARGET);
  const ValueExtra *x = v >= 0 ? value_extra(ev->plan, &ev->plan->values[v]) : NULL;
  const char *a = x ? x->source : NULL, *b = pr->source;
  if (!a || !b) return 0;
  size_t la = strcspn(a, " "), lb = strcspn(b, " ");
  return la == lb && strncmp(a, b, la) == 0;
}

/* Does indicator ind have every figure of the line (rows[0..n)), recorded elsewhere? */
static int has_all(const Evaluation *ev, int ind, const int *rows, int n) {
  for (int k = 0; k < n; k++) {
    const Printed *pr = &ev->plan->printed[rows[k]];
    if (same_document(ev, ind, pr)) return 0;
    int m = check_compare(pr->value, figure(ev, ind, pr),
                          !strcmp(pr->what, "rate") ? ev->policy : NULL, NULL);
    if (m != NM_EQUAL && m != NM_TRUNCATED) return 0;
  }
  return 1;
}

static void cite_line(CheckCtx *c, const Evaluation *ev, int subject, const int *rows, int n) {
  int bad = 0, match = -1, nmatch = 0;
  for (int k = 0; k < n; k++)
    bad += check_finding_of(c, rows[k]) != NULL;
  if (!bad || n < 2) return;
  for (int j = 0; j < c->plan->ninds && nmatch < 2; j++)
    if (j != subject && has_all(ev, j, rows, n)) match = j, nmatch++;
  if (nmatch != 1) return;
  Buf cited = {0}, real = {0};
  check_ind_label(c->plan, subject, &cited);
  check_ind_label(c->plan, match, &real);
  for (int k = 0; k < n; k++) {
    const Printed *pr = &c->plan->printed[rows[k]];
    char buf[DEC_MAX_TEXT + 2];
    check_compare(pr->value, figure(ev, subject, pr), !strcmp(pr->what, "rate") ? ev->policy : NULL,
                  buf);
    check_drop(c, rows[k]);
    Finding *f =
        check_add(c, rows[k], "wrong-citation", dec_is_none(figure(ev, subject, pr)) ? NULL : buf);
    check_set(&f->note,
              "%s を引用していますが、数値は %s のものと一致します（cites %s; the "
              "figures match %s）",
              cited.s, real.s, cited.s, real.s);
    check_set(&f->suggestion, "引用を %s（%s）に直す", real.s, c->plan->inds[match].id);
    check_set(&f->other, "%s",
              c->plan->inds[match].source ? c->plan->inds[match].source : c->plan->inds[match].id);
  }
  buf_free(&cited);
  buf_free(&real);
}

void check_citations(CheckCtx *c) {
  const Plan *p = c->plan;
  int *done = xcalloc((size_t)p->nprinted + 1, sizeof *done);
  int *rows = xcalloc((size_t)p->nprinted + 1, sizeof *rows);
  for (int i = 0; i < p->nprinted; i++) {
    const Printed *pr = &p->printed[i];
    int ind = plan_indicator(p, pr->subject);
    if (done[i] || ind < 0 || !is_figure(pr)) continue;
    int n = 0;
    for (int k = i; k < p->nprinted; k++)
      if (!done[k] && is_figure(&p->printed[k]) && same_line(pr, &p->printed[k]))
        done[k] = 1, rows[n++] = k;
    Evaluation *ev = check_evaluation(c, pr->variant);
    if (ev) cite_line(c, ev, ind, rows, n);
  }
  free(rows);
  free(done);
}
