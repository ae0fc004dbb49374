/* SPDX-License-Identifier: Apache-2.0 */
/*
** plan.c — construction and look-up of the in-memory plan (see plan.h).
*/
#include "plan.h"
#include <stdlib.h>
#include <string.h>

const char *const direction_names[4] = {"up", "down", "maintain", "milestone"};
const char *const accumulation_names[3] = {"flow", "cumulative", "snapshot"};
const char *const value_kind_names[VK__COUNT] = {"target", "actual", "projection"};

int enum_lookup(const char *const *names, int n, const char *name) {
  for (int i = 0; name && i < n; i++)
    if (strcmp(names[i], name) == 0) return i;
  return -1;
}

Plan *plan_new(void) {
  return xcalloc(1, sizeof(Plan));
}

void plan_free(Plan *p) {
  if (!p) return;
  for (int i = 0; i < p->ninds; i++)
    free(p->inds[i].parts);
  free(p->nodes);
  free(p->inds);
  free(p->values);
  free(p->extras);
  free(p->grades);
  free(p->items);
  free(p->printed);
  meetings_free(&p->meetings);
  free(p->policy_json);
  strmap_free(&p->node_index);
  strmap_free(&p->ind_index);
  arena_free(&p->arena);
  free(p);
}

const char *plan_str(Plan *p, const char *s) {
  return arena_strdup(&p->arena, s);
}

#define ADD_ROW(type, arr, n, cap)                                                                 \
  VEC_PUSH(p->arr, p->n, p->cap);                                                                  \
  type *row = &p->arr[p->n++];                                                                     \
  memset(row, 0, sizeof *row);

Node *plan_add_node(Plan *p) {
  ADD_ROW(Node, nodes, nnodes, capnodes);
  row->parent = -1;
  return row;
}

Indicator *plan_add_indicator(Plan *p) {
  ADD_ROW(Indicator, inds, ninds, capinds);
  row->node = -1;
  row->baseline = DEC_NONE;
  row->weight = DEC_NONE;
  return row;
}

Value *plan_add_value(Plan *p) {
  ADD_ROW(Value, values, nvalues, capvalues);
  row->indicator = -1;
  row->num = DEC_NONE;
  row->extra = -1;
  return row;
}

const ValueExtra *value_extra(const Plan *p, const Value *v) {
  static const ValueExtra none;
  return v->extra >= 0 ? &p->extras[v->extra] : &none;
}

void value_set_extra(Plan *p, Value *v, const char *as_of, const char *note, const char *revised,
                     const char *source) {
  if (v->extra < 0) {
    if (!as_of && !note && !revised && !source) return;
    VEC_PUSH(p->extras, p->nextras, p->capextras);
    v->extra = p->nextras++;
  }
  p->extras[v->extra] = (ValueExtra){as_of, note, revised, source};
}

Grade *plan_add_grade(Plan *p) {
  ADD_ROW(Grade, grades, ngrades, capgrades);
  row->node = row->indicator = -1;
  return row;
}

Item *plan_add_item(Plan *p) {
  ADD_ROW(Item, items, nitems, capitems);
  row->node = -1;
  return row;
}

Printed *plan_add_printed(Plan *p) {
  ADD_ROW(Printed, printed, nprinted, capprinted);
  return row;
}

struct level_ctx {
  Plan *p;
  int cap;
};

static void add_level(const char *part, size_t len, void *ctx) {
  struct level_ctx *c = ctx;
  VEC_PUSH(c->p->levels, c->p->nlevels, c->cap);
  c->p->levels[c->p->nlevels++] = arena_strndup(&c->p->arena, part, len);
}

void plan_set_levels(Plan *p, const char *joined) {
  struct level_ctx c = {p, 0};
  p->nlevels = 0;
  p->levels = NULL;
  list_each(joined, add_level, &c);
  /* levels live in malloc'd storage: move them into the arena so plan_free frees them. */
  if (p->nlevels) {
    const char **a = arena_alloc(&p->arena, sizeof(char *) * (size_t)p->nlevels);
    memcpy(a, p->levels, sizeof(char *) * (size_t)p->nlevels);
    free(p->levels);
    p->levels = a;
  }
}

char *plan_levels_joined(const Plan *p) {
  Buf b = {0};
  for (int i = 0; i < p->nlevels; i++) {
    if (i) buf_putc(&b, '|');
    buf_put(&b, p->levels[i]);
  }
  return buf_detach(&b);
}

void plan_index(Plan *p) {
  strmap_free(&p->node_index);
  strmap_free(&p->ind_index);
  for (int i = 0; i < p->nnodes; i++)
    if (p->nodes[i].id) strmap_put(&p->node_index, p->nodes[i].id, i);
  for (int i = 0; i < p->ninds; i++)
    if (p->inds[i].id) strmap_put(&p->ind_index, p->inds[i].id, i);
}

int plan_add_part(Plan *p, int ind, const char *id, size_t len) {
  char *key = xstrndup(id, len);
  int k = plan_indicator(p, key);
  free(key);
  if (k < 0) return -1;
  Indicator *in = &p->inds[ind];
  in->parts = xrealloc(in->parts, sizeof(int) * (size_t)(in->nparts + 1));
  in->parts[in->nparts++] = k;
  return k;
}

int plan_node(const Plan *p, const char *id) {
  return id ? strmap_get(&p->node_index, id) : -1;
}

int plan_indicator(const Plan *p, const char *id) {
  return id ? strmap_get(&p->ind_index, id) : -1;
}

int node_in_scope(const Node *n, int year) {
  if (n->added_year && year < n->added_year) return 0;
  if (n->ended_year && year > n->ended_year) return 0;
  return 1;
}

int plan_era_base(const Plan *p) {
  if (p->first_year >= 2019) return 2018; /* 令和 */
  if (p->first_year >= 1989) return 1988; /* 平成 */
  return 0;
}

struct dept_ctx {
  const char *dept;
  int found;
};

static void match_dept(const char *part, size_t len, void *ctx) {
  struct dept_ctx *c = ctx;
  if (strlen(c->dept) == len && memcmp(part, c->dept, len) == 0) c->found = 1;
}

int node_has_department(const Node *n, const char *dept) {
  struct dept_ctx c = {dept, 0};
  list_each(n->departments, match_dept, &c);
  return c.found;
}

int plan_grade(const Plan *p, const char *subject, int year) {
  int found = -1;
  for (int i = 0; i < p->ngrades; i++)
    if (p->grades[i].year == year && strcmp(p->grades[i].subject, subject) == 0) found = i;
  return found;
}

unsigned char *plan_grades_counting(const Plan *p) {
  StrMap subjects = {0};
  int *owner = xmalloc(((size_t)p->ngrades + 1) * sizeof(int)), nsubjects = 0, *start, *list;
  for (int i = 0; i < p->ngrades; i++) {
    const char *s = p->grades[i].subject ? p->grades[i].subject : "";
    int k = strmap_get(&subjects, s);
    if (k < 0) strmap_put(&subjects, s, k = nsubjects++);
    owner[i] = k;
  }
  group_members(nsubjects, p->ngrades, owner, &start, &list);
  unsigned char *counts = xcalloc((size_t)p->ngrades + 1, 1);
  for (int k = 0; k < nsubjects; k++) /* a subject has a row or two per year: scan its group */
    for (int a = start[k]; a < start[k + 1]; a++) {
      int later = 0;
      for (int b = a + 1; b < start[k + 1] && !later; b++)
        later = p->grades[list[b]].year == p->grades[list[a]].year;
      counts[list[a]] = !later;
    }
  free(owner);
  free(start);
  free(list);
  strmap_free(&subjects);
  return counts;
}

int plan_find_node(const Plan *p, const char *key) {
  int n = plan_node(p, key);
  for (int i = 0; n < 0 && i < p->nnodes; i++)
    if (p->nodes[i].number && strcmp(p->nodes[i].number, key) == 0) n = i;
  return n;
}

int plan_narrative(const Plan *p, int n, int year) {
  for (int i = 0; i < p->nitems; i++) {
    const Item *it = &p->items[i];
    if (it->node == n && it->year == year && it->kind && strcmp(it->kind, "narrative") == 0)
      return i;
  }
  return -1;
}
