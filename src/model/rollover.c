/* SPDX-License-Identifier: Apache-2.0 */
/*
** rollover.c — the next plan from the decisions (see rollover.h).
*/
#include "rollover.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The level most decisions are taken on (000: 具体策), 0 when the plan has none. */
static int decision_level(const Plan *p) {
  int counts[33] = {0}, best = 0;
  for (int n = 0; n < p->nnodes; n++)
    if (p->nodes[n].decision && p->nodes[n].level > 0 && p->nodes[n].level <= 32)
      counts[p->nodes[n].level]++;
  for (int l = 1; l <= 32; l++)
    if (counts[l] > counts[best]) best = l;
  return best;
}

static int is_carry(const Node *n) {
  return n->decision && strcmp(n->decision, ROLLOVER_CARRY) == 0;
}

/* Which old nodes go into the next plan: those decided 継続, their ancestors, and their
   descendants that have no decision of their own. */
static char *carried_set(const Plan *p) {
  char *keep = xcalloc((size_t)p->nnodes + 1, 1);
  for (int n = 0; n < p->nnodes; n++) {
    int carry = 0;
    for (int k = n; k >= 0 && !carry; k = p->nodes[k].parent) {
      if (p->nodes[k].decision) carry = is_carry(&p->nodes[k]);
      if (p->nodes[k].decision) break;
    }
    if (!carry) continue;
    for (int k = n; k >= 0; k = p->nodes[k].parent)
      keep[k] = 1;
  }
  return keep;
}

int rollover_last_actual(const Plan *old, int ind, dec_t *value) {
  int year = 0;
  for (int v = 0; v < old->nvalues; v++) {
    const Value *x = &old->values[v];
    if (x->indicator != ind || x->kind != VK_ACTUAL || x->superseded || dec_is_none(x->num))
      continue;
    if (x->year >= year) year = x->year, *value = x->num;
  }
  return year;
}

static Attr *copy_attrs(Plan *p, const Attr *a, int n) {
  if (!n) return NULL;
  Attr *out = arena_alloc(&p->arena, sizeof(Attr) * (size_t)n);
  for (int k = 0; k < n; k++)
    out[k] = (Attr){plan_str(p, a[k].name), plan_str(p, a[k].value)};
  return out;
}

static void copy_node(Plan *np, const Plan *old, int n, const int *map) {
  const Node *o = &old->nodes[n];
  Node *c = plan_add_node(np);
  c->id = plan_str(np, o->id);
  c->parent = o->parent >= 0 ? map[o->parent] : -1;
  c->level = o->level;
  c->number = plan_str(np, o->number);
  c->name = plan_str(np, o->name);
  c->departments = plan_str(np, o->departments);
  c->audience = plan_str(np, o->audience);
  c->summary = plan_str(np, o->summary);
  char link[1024];
  snprintf(link, sizeof link, "%s:%s", old->id, o->id);
  c->continues = plan_str(np, link);
  c->source = plan_str(np, o->source);
  c->attrs = copy_attrs(np, o->attrs, o->nattrs);
  c->nattrs = o->nattrs;
}

/* A composite indicator keeps its parts only when all of them are carried. */
static const char *carried_parts(Plan *np, const Plan *old, const Indicator *o, const char *keep) {
  if (!o->composite_of) return NULL;
  for (int k = 0; k < o->nparts; k++)
    if (!keep[old->inds[o->parts[k]].node]) return NULL;
  return plan_str(np, o->composite_of);
}

static void copy_indicator(Plan *np, const Plan *old, int i, const int *map, const char *keep) {
  const Indicator *o = &old->inds[i];
  Indicator *c = plan_add_indicator(np);
  c->id = plan_str(np, o->id);
  c->node = map[o->node];
  c->number = plan_str(np, o->number);
  c->name = plan_str(np, o->name);
  c->unit = plan_str(np, o->unit);
  c->direction = o->direction;
  c->accumulation = o->accumulation;
  dec_t last = DEC_NONE;
  int year = rollover_last_actual(old, i, &last);
  c->baseline = year ? last : o->baseline; /* no actual: the old baseline stays */
  c->baseline_year = year ? year : o->baseline_year;
  c->composite_of = carried_parts(np, old, o, keep);
  c->weight = o->weight;
  c->role = plan_str(np, o->role);
  c->kpi = plan_str(np, o->kpi);
  c->source = plan_str(np, o->source);
  c->attrs = copy_attrs(np, o->attrs, o->nattrs);
  c->nattrs = o->nattrs;
}

static void copy_header(Plan *np, const Plan *old, const char *id, const char *name, int first,
                        int last) {
  char title[1024];
  snprintf(title, sizeof title, "次期%s", old->name ? old->name : old->id);
  np->id = plan_str(np, id);
  np->name = plan_str(np, name ? name : title);
  np->municipality = plan_str(np, old->municipality);
  np->municipality_code = plan_str(np, old->municipality_code);
  np->predecessor = plan_str(np, old->id);
  np->first_year = first;
  np->last_year = last;
  np->levels = arena_alloc(&np->arena, sizeof(char *) * (size_t)(old->nlevels ? old->nlevels : 1));
  for (int l = 0; l < old->nlevels; l++)
    np->levels[l] = plan_str(np, old->levels[l]);
  np->nlevels = old->nlevels;
  np->policy_json = old->policy_json ? xstrdup(old->policy_json) : NULL;
}

int rollover_build(const Plan *old, const char *id, const char *name, int first, int last,
                   Rollover *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  if (!first && !last) first = old->last_year + 1, last = old->last_year + plan_years(old);
  if (first > last || first <= old->first_year) {
    snprintf(err, errlen, "the next plan's years %d–%d must follow %d–%d", first, last,
             old->first_year, old->last_year);
    return -1;
  }
  if (!strcmp(id, old->id)) {
    snprintf(err, errlen, "the next plan needs an id of its own, not %s", id);
    return -1;
  }
  out->decision_level = decision_level(old);
  if (!out->decision_level) {
    snprintf(err, errlen, "%s records no decisions (継続 / 計画外 / 終了) to roll over from",
             old->id);
    return -1;
  }
  char *keep = carried_set(old);
  int *map = xcalloc((size_t)old->nnodes + 1, sizeof *map);
  out->carried = xcalloc((size_t)old->nnodes + 1, sizeof(int));
  out->left = xcalloc((size_t)old->nnodes + 1, sizeof(int));
  out->undecided = xcalloc((size_t)old->nnodes + 1, sizeof(int));
  Plan *np = out->plan = plan_new();
  copy_header(np, old, id, name, first, last);
  for (int n = 0; n < old->nnodes; n++) {
    const Node *o = &old->nodes[n];
    if (is_carry(o))
      out->carried[out->ncarried++] = n;
    else if (o->decision)
      out->left[out->nleft++] = n;
    else if (o->level == out->decision_level && node_in_scope(o, old->last_year))
      out->undecided[out->nundecided++] = n;
    map[n] = -1;
    if (keep[n]) map[n] = np->nnodes, copy_node(np, old, n, map);
  }
  for (int i = 0; i < old->ninds; i++)
    if (keep[old->inds[i].node]) copy_indicator(np, old, i, map, keep);
  free(map);
  free(keep);
  return 0;
}

void rollover_free(Rollover *r) {
  plan_free(r->plan);
  free(r->carried);
  free(r->left);
  free(r->undecided);
  memset(r, 0, sizeof *r);
}
