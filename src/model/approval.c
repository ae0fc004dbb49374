/* SPDX-License-Identifier: Apache-2.0 */
/*
** approval.c — what approving entries applies to a plan (approval.h): the entries are chained
** by their subject's index, then the plan's values and grades are scanned once; the last
** matching row of each entry is the row it replaces.
*/
#include "approval.h"
#include <stdlib.h>
#include <string.h>

/* The subject of a grade or figure entry as one number (nodes, then indicators), or -1. */
static int entry_subject(const Plan *p, const ApprovalEntry *e) {
  int ind = plan_indicator(p, e->subject);
  if (ind >= 0) return p->nnodes + ind;
  return e->kind < 0 ? plan_node(p, e->subject) : -1;
}

static int grade_subject(const Grade *g, int nnodes) {
  return g->indicator >= 0 ? nnodes + g->indicator : g->node;
}

void approval_rows(const Plan *p, const ApprovalEntry *e, int n, int *rows) {
  int nsubjects = p->nnodes + p->ninds;
  int *head = xmalloc(((size_t)nsubjects + 1) * sizeof(int));
  int *next = xmalloc(((size_t)n + 1) * sizeof(int));
  memset(head, 0xff, ((size_t)nsubjects + 1) * sizeof(int));
  for (int i = n - 1; i >= 0; i--) {
    int s = entry_subject(p, &e[i]);
    rows[i] = s >= 0 ? APPROVAL_ADD : APPROVAL_NO_SUBJECT;
    if (s < 0) continue;
    next[i] = head[s];
    head[s] = i;
  }
  for (int v = 0; v < p->nvalues; v++) {
    const Value *x = &p->values[v];
    if (x->superseded || x->indicator < 0 || (x->kind != VK_ACTUAL && x->kind != VK_PROJECTION))
      continue;
    for (int i = head[p->nnodes + x->indicator]; i >= 0; i = next[i])
      if (e[i].kind == x->kind && e[i].year == x->year) rows[i] = v;
  }
  for (int g = 0; g < p->ngrades; g++) {
    int s = grade_subject(&p->grades[g], p->nnodes);
    for (int i = s >= 0 ? head[s] : -1; i >= 0; i = next[i])
      if (e[i].kind < 0 && e[i].year == p->grades[g].year) rows[i] = g;
  }
  free(head);
  free(next);
}

static void apply_value(Plan *p, const ApprovalEntry *e, int row, const char *source) {
  Value *v;
  if (row >= 0) {
    v = &p->values[row];
  } else {
    v = plan_add_value(p);
    v->indicator = plan_indicator(p, e->subject);
    v->year = e->year;
    v->kind = (signed char)e->kind;
  }
  v->num = e->num;
  v->text = plan_str(p, e->text);
  const char *revised = value_extra(p, v)->revised;
  value_set_extra(p, v, plan_str(p, e->as_of), plan_str(p, e->note), revised, plan_str(p, source));
}

static void apply_grade(Plan *p, const ApprovalEntry *e, int row, const char *source) {
  Grade *g;
  if (row >= 0) {
    g = &p->grades[row];
  } else {
    g = plan_add_grade(p);
    g->subject = plan_str(p, e->subject);
    g->indicator = plan_indicator(p, e->subject);
    g->node = g->indicator >= 0 ? -1 : plan_node(p, e->subject);
    g->year = e->year;
  }
  g->grade = plan_str(p, e->text);
  g->basis = plan_str(p, e->note);
  g->source = plan_str(p, source);
}

void approval_apply(Plan *p, const ApprovalEntry *e, int n, const int *rows, const char *source) {
  for (int i = 0; i < n; i++) {
    if (rows[i] == APPROVAL_NO_SUBJECT) continue;
    if (e[i].kind < 0)
      apply_grade(p, &e[i], rows[i], source);
    else
      apply_value(p, &e[i], rows[i], source);
  }
}
