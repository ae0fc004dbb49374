/* SPDX-License-Identifier: Apache-2.0 */
/*
** plandiff.c — the difference between two plans (plandiff.h). Each kind of row is matched by
** its subject in the other plan (one id look-up per indicator, node or grade subject), then
** within the subject by year and kind: values through a table of slots per indicator, year
** and kind (as the evaluation indexes them), grades and narratives through their subject's
** group of rows (a handful per subject). No look-up per pair of rows.
*/
#include "plandiff.h"
#include <stdlib.h>
#include <string.h>

static void add_change(PlanDiff *d, int what, int how, int kind, int year, const char *subject,
                       int old_row, int new_row) {
  VEC_PUSH(d->v, d->n, d->cap);
  d->v[d->n++] = (PlanChange){
      (unsigned char)what, (unsigned char)how, (signed char)kind, year, subject, old_row, new_row};
  d->counts[what][how]++;
}

static int same_text(const char *a, const char *b) {
  return strcmp(a ? a : "", b ? b : "") == 0;
}

/* ---- values ------------------------------------------------------------------------------ */

/* The current value that counts (the last current row, as the evaluation takes it) for each
   indicator, year and kind, over the years the plan's values span. */
typedef struct Slots {
  int ymin, nyears;
  int *idx;
} Slots;

static int value_counts(const Value *v) {
  return !v->superseded && v->indicator >= 0 && v->kind >= 0 && v->kind < VK__COUNT;
}

static size_t slot_of(const Slots *s, int ind, int year, int kind) {
  return ((size_t)ind * (size_t)s->nyears + (size_t)(year - s->ymin)) * VK__COUNT + (size_t)kind;
}

static void slots_build(const Plan *p, Slots *s) {
  int ymin = 0, ymax = -1;
  for (int i = 0; i < p->nvalues; i++) {
    const Value *v = &p->values[i];
    if (!value_counts(v)) continue;
    if (ymax < ymin || v->year < ymin) ymin = v->year;
    if (ymax < ymin || v->year > ymax) ymax = v->year;
  }
  s->ymin = ymin;
  s->nyears = ymax >= ymin ? ymax - ymin + 1 : 0;
  size_t n = (size_t)p->ninds * (size_t)s->nyears * VK__COUNT;
  s->idx = xmalloc((n + 1) * sizeof(int));
  memset(s->idx, 0xff, (n + 1) * sizeof(int));
  for (int i = 0; i < p->nvalues; i++)
    if (value_counts(&p->values[i]))
      s->idx[slot_of(s, p->values[i].indicator, p->values[i].year, p->values[i].kind)] = i;
}

static int slots_get(const Slots *s, int ind, int year, int kind) {
  if (ind < 0 || kind < 0 || kind >= VK__COUNT || year < s->ymin || year >= s->ymin + s->nyears)
    return -1;
  return s->idx[slot_of(s, ind, year, kind)];
}

/* The indicator of the other plan with the same id as each indicator of from (-1: none). */
static int *map_indicators(const Plan *from, const Plan *to) {
  int *m = xmalloc(((size_t)from->ninds + 1) * sizeof(int));
  for (int k = 0; k < from->ninds; k++)
    m[k] = to ? plan_indicator(to, from->inds[k].id) : -1;
  return m;
}

static void diff_values(const Plan *o, const Plan *np, PlanDiff *d) {
  Slots ns, os = {0};
  slots_build(np, &ns);
  unsigned char *matched = xcalloc((size_t)np->nvalues + 1, 1);
  if (o) {
    slots_build(o, &os);
    int *to_new = map_indicators(o, np);
    for (int i = 0; i < o->nvalues; i++) {
      const Value *v = &o->values[i];
      if (v->superseded || v->indicator < 0) continue;
      if (value_counts(v) && slots_get(&os, v->indicator, v->year, v->kind) != i) continue;
      int j = slots_get(&ns, to_new[v->indicator], v->year, v->kind);
      if (j >= 0) matched[j] = 1;
      if (j >= 0 && v->num == np->values[j].num && same_text(v->text, np->values[j].text)) continue;
      add_change(d, PC_VALUE, j >= 0 ? PC_CHANGED : PC_REMOVED, v->kind, v->year,
                 o->inds[v->indicator].id, i, j);
    }
    free(to_new);
  }
  for (int j = 0; j < np->nvalues; j++) {
    const Value *v = &np->values[j];
    if (!matched[j] && value_counts(v) && slots_get(&ns, v->indicator, v->year, v->kind) == j)
      add_change(d, PC_VALUE, PC_ADDED, v->kind, v->year, np->inds[v->indicator].id, -1, j);
  }
  free(matched);
  free(ns.idx);
  free(os.idx);
}

/* ---- grades ------------------------------------------------------------------------------ */

/* A grade's subject as one number: nodes first, then indicators; -1 when unresolved. */
static int subject_number(const Plan *p, const char *subject) {
  int ind = plan_indicator(p, subject);
  if (ind >= 0) return p->nnodes + ind;
  return plan_node(p, subject);
}

/* The counting grade rows of the new plan grouped by subject number. */
static void group_grades(const Plan *p, const unsigned char *counts, int **start, int **list) {
  int *owner = xmalloc(((size_t)p->ngrades + 1) * sizeof(int));
  for (int i = 0; i < p->ngrades; i++)
    owner[i] = counts[i] ? subject_number(p, p->grades[i].subject) : -1;
  group_members(p->nnodes + p->ninds, p->ngrades, owner, start, list);
  free(owner);
}

static int find_in_group(const Plan *p, const int *start, const int *list, int owner, int year) {
  if (owner < 0) return -1;
  for (int a = start[owner]; a < start[owner + 1]; a++)
    if (p->grades[list[a]].year == year) return list[a];
  return -1;
}

static void diff_grades(const Plan *o, const Plan *np, PlanDiff *d) {
  unsigned char *ncounts = plan_grades_counting(np), *matched = xcalloc((size_t)np->ngrades + 1, 1);
  int *start, *list;
  group_grades(np, ncounts, &start, &list);
  unsigned char *ocounts = o ? plan_grades_counting(o) : NULL;
  for (int i = 0; o && i < o->ngrades; i++) {
    const Grade *g = &o->grades[i];
    if (!ocounts[i]) continue;
    int j = find_in_group(np, start, list, subject_number(np, g->subject), g->year);
    if (j >= 0) matched[j] = 1;
    if (j >= 0 && same_text(g->grade, np->grades[j].grade)) continue;
    add_change(d, PC_GRADE, j >= 0 ? PC_CHANGED : PC_REMOVED, -1, g->year, g->subject, i, j);
  }
  for (int j = 0; j < np->ngrades; j++)
    if (ncounts[j] && !matched[j])
      add_change(d, PC_GRADE, PC_ADDED, -1, np->grades[j].year, np->grades[j].subject, -1, j);
  free(ncounts);
  free(ocounts);
  free(matched);
  free(start);
  free(list);
}

/* ---- narratives -------------------------------------------------------------------------- */

static int is_narrative(const Item *it) {
  return it->node >= 0 && it->kind && strcmp(it->kind, "narrative") == 0;
}

/* The narrative items of p grouped by node. */
static void group_narratives(const Plan *p, int **start, int **list) {
  int *owner = xmalloc(((size_t)p->nitems + 1) * sizeof(int));
  for (int i = 0; i < p->nitems; i++)
    owner[i] = is_narrative(&p->items[i]) ? p->items[i].node : -1;
  group_members(p->nnodes, p->nitems, owner, start, list);
  free(owner);
}

/* The narrative that counts for (node, year): the first (plan_narrative's rule), or -1. */
static int narrative_of(const Plan *p, const int *start, const int *list, int node, int year) {
  if (node < 0) return -1;
  for (int a = start[node]; a < start[node + 1]; a++)
    if (p->items[list[a]].year == year) return list[a];
  return -1;
}

static void diff_narratives(const Plan *o, const Plan *np, PlanDiff *d) {
  int *ns, *nl, *os = NULL, *ol = NULL;
  group_narratives(np, &ns, &nl);
  unsigned char *matched = xcalloc((size_t)np->nitems + 1, 1);
  if (o) group_narratives(o, &os, &ol);
  for (int i = 0; o && i < o->nitems; i++) {
    const Item *it = &o->items[i];
    if (!is_narrative(it) || narrative_of(o, os, ol, it->node, it->year) != i) continue;
    const char *node = o->nodes[it->node].id;
    int j = narrative_of(np, ns, nl, plan_node(np, node), it->year);
    if (j >= 0) matched[j] = 1;
    if (j >= 0 && same_text(it->text, np->items[j].text)) continue;
    add_change(d, PC_NARRATIVE, j >= 0 ? PC_CHANGED : PC_REMOVED, -1, it->year, node, i, j);
  }
  for (int j = 0; j < np->nitems; j++) {
    const Item *it = &np->items[j];
    if (!matched[j] && is_narrative(it) && narrative_of(np, ns, nl, it->node, it->year) == j)
      add_change(d, PC_NARRATIVE, PC_ADDED, -1, it->year, np->nodes[it->node].id, -1, j);
  }
  free(matched);
  free(ns);
  free(nl);
  free(os);
  free(ol);
}

/* ---- nodes and indicators ---------------------------------------------------------------- */

static void diff_nodes(const Plan *o, const Plan *np, PlanDiff *d) {
  unsigned char *seen = xcalloc((size_t)np->nnodes + 1, 1);
  for (int i = 0; o && i < o->nnodes; i++) {
    int j = plan_node(np, o->nodes[i].id);
    if (j >= 0) seen[j] = 1;
    if (j < 0 || !same_text(o->nodes[i].name, np->nodes[j].name))
      add_change(d, PC_NODE, j >= 0 ? PC_CHANGED : PC_REMOVED, -1, 0, o->nodes[i].id, i, j);
  }
  for (int j = 0; j < np->nnodes; j++)
    if (!seen[j]) add_change(d, PC_NODE, PC_ADDED, -1, 0, np->nodes[j].id, -1, j);
  free(seen);
}

static void diff_indicators(const Plan *o, const Plan *np, PlanDiff *d) {
  unsigned char *seen = xcalloc((size_t)np->ninds + 1, 1);
  for (int i = 0; o && i < o->ninds; i++) {
    int j = plan_indicator(np, o->inds[i].id);
    if (j >= 0) seen[j] = 1;
    if (j < 0 || !same_text(o->inds[i].name, np->inds[j].name))
      add_change(d, PC_INDICATOR, j >= 0 ? PC_CHANGED : PC_REMOVED, -1, 0, o->inds[i].id, i, j);
  }
  for (int j = 0; j < np->ninds; j++)
    if (!seen[j]) add_change(d, PC_INDICATOR, PC_ADDED, -1, 0, np->inds[j].id, -1, j);
  free(seen);
}

/* ---- the whole ---------------------------------------------------------------------------- */

typedef void (*DiffFn)(const Plan *o, const Plan *np, PlanDiff *d);
static const DiffFn diff_fns[PC__WHAT] = {diff_values, diff_grades, diff_narratives, diff_nodes,
                                          diff_indicators};

void plandiff_only(const Plan *old, const Plan *new_plan, unsigned what, PlanDiff *out) {
  memset(out, 0, sizeof *out);
  for (int w = 0; w < PC__WHAT; w++)
    if (what & (1u << w)) diff_fns[w](old, new_plan, out);
}

void plandiff(const Plan *old, const Plan *new_plan, PlanDiff *out) {
  plandiff_only(old, new_plan, PLANDIFF_ALL, out);
}

void plandiff_free(PlanDiff *d) {
  free(d->v);
  memset(d, 0, sizeof *d);
}

static const char *const what_words[PC__WHAT] = {"値", "評価", "事務局の本文", "ノード", "指標"};

void plandiff_summary(const PlanDiff *d, Buf *out) {
  int any = 0;
  for (int w = 0; w < PC__WHAT; w++) {
    const int *c = d->counts[w];
    if (!c[PC_ADDED] && !c[PC_CHANGED] && !c[PC_REMOVED]) continue;
    buf_printf(out, "%s%s 変更 %d・追加 %d・削除 %d", any ? "、" : "", what_words[w], c[PC_CHANGED],
               c[PC_ADDED], c[PC_REMOVED]);
    any = 1;
  }
  if (!any) buf_put(out, "値・評価・事務局の本文・ノード・指標に変更はありません");
}
