/* SPDX-License-Identifier: Apache-2.0 */
/*
** eval.c — the evaluation engine (see eval.h). The order of work for each year:
**   1. every indicator: its target by the policy's basis, its actual (or projection), the
**      rate by the policy's formula and direction, and the first grade rule that matches;
**      statuses and manual grades take their place where the policy says so;
**   2. nodes from the deepest level up: units combine their indicators, upper levels roll up
**      by their level's method;
**   3. per level: the distribution of grades among nodes in scope, and the headline share.
*/
#include "eval.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const grade_from_names[5] = {"none", "rule", "status", "manual", "rollup"};

static void warn(Evaluation *ev, const char *fmt, const char *a, int year) {
  Buf b = {0};
  buf_printf(&b, fmt, a, year);
  VEC_PUSH(ev->warnings, ev->nwarnings, ev->capwarnings);
  ev->warnings[ev->nwarnings++] = buf_detach(&b);
}

/* ---- look-up tables ------------------------------------------------------------------- */

static void build_value_index(Evaluation *ev) {
  const Plan *p = ev->plan;
  size_t n = (size_t)p->ninds * ev->nyears * VK__COUNT;
  ev->vidx = xmalloc(n * sizeof(int));
  memset(ev->vidx, 0xff, n * sizeof(int));
  for (int v = 0; v < p->nvalues; v++) {
    const Value *val = &p->values[v];
    int y = val->year - ev->first_year;
    if (val->superseded || val->indicator < 0 || y < 0 || y >= ev->nyears) continue;
    ev->vidx[((size_t)val->indicator * ev->nyears + y) * VK__COUNT + val->kind] = v;
  }
}

static void build_manual_index(Evaluation *ev) {
  const Plan *p = ev->plan;
  ev->ind_manual = xmalloc((size_t)p->ninds * ev->nyears * sizeof(int16_t));
  ev->node_manual = xmalloc((size_t)p->nnodes * ev->nyears * sizeof(int16_t));
  memset(ev->ind_manual, 0xff, (size_t)p->ninds * ev->nyears * sizeof(int16_t));
  memset(ev->node_manual, 0xff, (size_t)p->nnodes * ev->nyears * sizeof(int16_t));
  unsigned char *counts = plan_grades_counting(p); /* which row counts: the model's rule */
  for (int i = 0; i < p->ngrades; i++) {
    const Grade *g = &p->grades[i];
    int y = g->year - ev->first_year;
    if (!counts[i] || y < 0 || y >= ev->nyears) continue;
    int gi = policy_grade(ev->policy, g->grade);
    if (gi < 0) {
      warn(ev, "grade %s is not a grade of the policy (year %d)", g->grade, g->year);
      continue;
    }
    if (g->indicator >= 0) ev->ind_manual[(size_t)g->indicator * ev->nyears + y] = (int16_t)gi;
    if (g->node >= 0) ev->node_manual[(size_t)g->node * ev->nyears + y] = (int16_t)gi;
  }
  free(counts);
}

static void build_tree(Evaluation *ev) {
  const Plan *p = ev->plan;
  int *owner = xmalloc(((size_t)(p->nnodes > p->ninds ? p->nnodes : p->ninds) + 1) * sizeof(int));
  for (int n = 0; n < p->nnodes; n++)
    owner[n] = p->nodes[n].parent;
  group_members(p->nnodes, p->nnodes, owner, &ev->child_start, &ev->child_list);
  for (int i = 0; i < p->ninds; i++)
    owner[i] = p->inds[i].node;
  group_members(p->nnodes, p->ninds, owner, &ev->ind_start, &ev->ind_list);
  free(owner);
  /* deepest first: counting sort on level */
  int maxlevel = 0;
  for (int n = 0; n < p->nnodes; n++)
    if (p->nodes[n].level > maxlevel) maxlevel = p->nodes[n].level;
  ev->order = xmalloc(((size_t)p->nnodes + 1) * sizeof(int));
  int k = 0;
  for (int l = maxlevel; l >= 1; l--)
    for (int n = 0; n < p->nnodes; n++)
      if (p->nodes[n].level == l) ev->order[k++] = n;
}

/* ---- values --------------------------------------------------------------------------- */

int eval_value(const Evaluation *ev, int ind, int year, int kind) {
  int y = year - ev->first_year;
  if (y < 0 || y >= ev->nyears) return -1;
  return ev->vidx[((size_t)ind * ev->nyears + y) * VK__COUNT + kind];
}

dec_t eval_num(const Evaluation *ev, int ind, int year, int kind) {
  int v = eval_value(ev, ind, year, kind);
  if (v >= 0) return ev->plan->values[v].num;
  const Indicator *in = &ev->plan->inds[ind];
  if (!in->nparts) return DEC_NONE;
  dec_t sum = 0;
  for (int k = 0; k < in->nparts; k++) {
    dec_t part = eval_num(ev, in->parts[k], year, kind);
    if (dec_is_none(part) || __builtin_add_overflow(sum, part, &sum)) return DEC_NONE;
  }
  return sum;
}

const char *eval_text(const Evaluation *ev, int ind, int year, int kind) {
  int v = eval_value(ev, ind, year, kind);
  return v >= 0 ? ev->plan->values[v].text : NULL;
}

/* ---- indicators ----------------------------------------------------------------------- */

static dec_t prorated_target(const Evaluation *ev, int ind, int year) {
  int last = ev->first_year + ev->nyears - 1;
  dec_t final = eval_num(ev, ind, last, VK_TARGET);
  dec_t base = ev->plan->inds[ind].baseline;
  if (dec_is_none(final)) return DEC_NONE;
  if (dec_is_none(base)) base = 0;
  /* one rounding: (final − base) × k / n in 128 bits */
  __int128 span = (__int128)(final - base) * (year - ev->first_year + 1);
  __int128 q = span / ev->nyears, r = span % ev->nyears;
  if (2 * (r < 0 ? -r : r) >= ev->nyears) q += span < 0 ? -1 : 1;
  return base + (dec_t)q;
}

static dec_t target_for(const Evaluation *ev, int ind, int year) {
  const Policy *pol = ev->policy;
  int last = ev->first_year + ev->nyears - 1;
  switch (pol->target_basis) {
  case TB_FINAL_YEAR:
    return eval_num(ev, ind, last, VK_TARGET);
  case TB_PRORATED: /* year k of n: baseline + (final − baseline) × k / n, baseline 0 if none */
    return prorated_target(ev, ind, year);
  case TB_DEADLINE: /* the year's target, else the indicator's next one (its own deadline) */
    for (int y = year; y <= last; y++) {
      dec_t t = eval_num(ev, ind, y, VK_TARGET);
      if (!dec_is_none(t)) return t;
    }
    return DEC_NONE;
  default:
    return eval_num(ev, ind, year, VK_TARGET);
  }
}

static dec_t rate_for(const Evaluation *ev, const Indicator *in, dec_t actual, dec_t target) {
  if (dec_is_none(actual) || dec_is_none(target) || in->direction == DIR_MILESTONE) return DEC_NONE;
  if (ev->policy->rate == RF_PROGRESS) {
    if (dec_is_none(in->baseline) || target == in->baseline) return DEC_NONE;
    return dec_percent(actual - in->baseline, target - in->baseline);
  }
  if (target == 0 || (actual == 0 && in->direction == DIR_DOWN)) return DEC_NONE;
  if (in->direction == DIR_DOWN) return dec_percent(target, actual);
  return dec_percent(actual, target);
}

static dec_t change_for(const Indicator *in, dec_t actual) {
  if (dec_is_none(actual) || dec_is_none(in->baseline) || in->baseline == 0) return DEC_NONE;
  dec_t base = in->baseline < 0 ? -in->baseline : in->baseline;
  dec_t c = dec_percent(actual - in->baseline, base);
  return in->direction == DIR_DOWN && !dec_is_none(c) ? -c : c;
}

/* Fill the condition variables for a rate with everything else missing. */
static void vars_for_rate(const Evaluation *ev, int year, dec_t rate, dec_t vars[EV__COUNT]) {
  for (int i = 0; i < EV__COUNT; i++)
    vars[i] = DEC_NONE;
  /* a policy may grade on the rate as displayed (79.99 shown 80.0 grades as 80.0) */
  vars[EV_RATE] = ev->policy->grade_on_shown ? policy_shown(ev->policy, rate) : rate;
  vars[EV_YEAR] = dec_from_int(year);
  vars[EV_K] = dec_from_int(year - ev->first_year + 1);
  vars[EV_N] = dec_from_int(ev->nyears);
}

/* First band whose condition holds, or -1. */
static int match_band(const Policy *pol, const dec_t vars[EV__COUNT]) {
  for (int g = 0; g < pol->nbands; g++)
    if (expr_true(pol->grades[g].cond, vars)) return g;
  return -1;
}

void eval_indicator_vars(const Evaluation *ev, int ind, int year, const IndResult *r,
                         dec_t vars[EV__COUNT]) {
  const Indicator *in = &ev->plan->inds[ind];
  vars_for_rate(ev, year, r->rate, vars);
  vars[EV_ACTUAL] = r->actual;
  vars[EV_TARGET] = r->target;
  vars[EV_FINAL_TARGET] = eval_num(ev, ind, ev->first_year + ev->nyears - 1, VK_TARGET);
  vars[EV_BASELINE] = in->baseline;
  vars[EV_CHANGE] = change_for(in, r->actual);
}

static void apply_manual(const Policy *pol, int manual, int16_t *grade, uint8_t *from) {
  if (manual < 0) return;
  int wins = pol->grades[manual].is_status || pol->manual == MM_OVERRIDE || *grade < 0;
  if (wins) {
    *grade = (int16_t)manual;
    *from = GF_MANUAL;
  }
}

static void eval_indicator(Evaluation *ev, int ind, int year, IndResult *r) {
  const Policy *pol = ev->policy;
  const Indicator *in = &ev->plan->inds[ind];
  r->target = target_for(ev, ind, year);
  r->actual = eval_num(ev, ind, year, VK_ACTUAL);
  const char *text = eval_text(ev, ind, year, VK_ACTUAL);
  int status = policy_status_for_text(pol, text);
  if (dec_is_none(r->actual) && status < 0 && pol->use_projection) {
    dec_t proj = eval_num(ev, ind, year, VK_PROJECTION);
    const char *ptext = eval_text(ev, ind, year, VK_PROJECTION);
    if (!dec_is_none(proj) || ptext) {
      r->actual = proj;
      r->projected = 1;
      status = policy_status_for_text(pol, ptext);
    }
  }
  r->rate = rate_for(ev, in, r->actual, r->target);
  r->grade = -1;
  r->from = GF_NONE;
  if (status >= 0) {
    r->grade = (int16_t)status;
    r->from = GF_STATUS;
  } else {
    dec_t vars[EV__COUNT];
    eval_indicator_vars(ev, ind, year, r, vars);
    int g = match_band(pol, vars);
    if (g >= 0) {
      r->grade = (int16_t)g;
      r->from = GF_RULE;
    }
  }
  if (r->from != GF_STATUS)
    apply_manual(pol, ev->ind_manual[(size_t)ind * ev->nyears + (year - ev->first_year)], &r->grade,
                 &r->from);
}

/* ---- nodes ---------------------------------------------------------------------------- */

static int is_band(const Policy *pol, int g) {
  return g >= 0 && g < pol->nbands;
}

/* Grade the node from the rate of an average (plain or weighted). */
static void grade_by_rate(const Evaluation *ev, int year, NodeResult *r) {
  dec_t vars[EV__COUNT];
  vars_for_rate(ev, year, r->rate, vars);
  int g = match_band(ev->policy, vars);
  if (g >= 0) {
    r->grade = (int16_t)g;
    r->from = GF_RULE;
  }
}

static void combine_worst(const Evaluation *ev, const int *inds, int n, int year, NodeResult *r) {
  int status = -1;
  for (int k = 0; k < n; k++) {
    const IndResult *ir = eval_ind(ev, inds[k], year);
    if (is_band(ev->policy, ir->grade)) {
      if (r->grade < 0 || ir->grade > r->grade) {
        r->grade = ir->grade;
        r->decider = inds[k];
        r->rate = ir->rate;
      }
    } else if (ir->grade >= 0 && status < 0) {
      status = ir->grade;
      if (r->decider < 0) r->decider = inds[k];
    }
  }
  if (r->grade < 0 && status >= 0) r->grade = (int16_t)status;
  if (r->grade >= 0) r->from = GF_RULE;
}

/* sum / den rounded half away from zero, as a dec_t. */
static dec_t round_div(__int128 sum, __int128 den) {
  __int128 q = sum / den, rem = sum % den;
  if (2 * (rem < 0 ? -rem : rem) >= den) q += sum < 0 ? -1 : 1;
  return (dec_t)q;
}

/* Mean of the indicators' rates, each weighted by its weight (1 when weighted is 0). */
static void combine_average(const Evaluation *ev, const int *inds, int n, int year, int weighted,
                            const char *role, NodeResult *r) {
  __int128 sum = 0, wsum = 0;
  int status = -1;
  for (int k = 0; k < n; k++) {
    const Indicator *in = &ev->plan->inds[inds[k]];
    if (role && (!in->role || strcmp(in->role, role) != 0)) continue;
    const IndResult *ir = eval_ind(ev, inds[k], year);
    if (ir->from == GF_STATUS && status < 0) status = ir->grade;
    if (dec_is_none(ir->rate)) continue;
    dec_t w = weighted && !dec_is_none(in->weight) ? in->weight : DEC_SCALE;
    sum += (__int128)ir->rate * w;
    wsum += w;
    r->nrates++;
  }
  if (wsum > 0) {
    r->rate = round_div(sum, wsum);
    grade_by_rate(ev, year, r);
  } else if (status >= 0) {
    r->grade = (int16_t)status;
    r->from = GF_STATUS;
  }
}

static void eval_unit(Evaluation *ev, int n, int year, NodeResult *r) {
  const int *inds = &ev->ind_list[ev->ind_start[n]];
  int count = ev->ind_start[n + 1] - ev->ind_start[n];
  switch (ev->policy->combine) {
  case CB_AVERAGE:
    combine_average(ev, inds, count, year, 0, NULL, r);
    break;
  case CB_WEIGHTED:
    combine_average(ev, inds, count, year, 1, NULL, r);
    break;
  default:
    combine_worst(ev, inds, count, year, r);
  }
}

static void eval_children(Evaluation *ev, int n, int year, int method, NodeResult *r) {
  for (int k = ev->child_start[n]; k < ev->child_start[n + 1]; k++) {
    const NodeResult *c = eval_node(ev, ev->child_list[k], year);
    if (!c->in_scope) continue;
    if (method == RU_WORST && is_band(ev->policy, c->grade) && c->grade > r->grade) {
      r->grade = c->grade;
      r->decider = ev->child_list[k];
    }
  }
  if (method == RU_WORST) {
    if (r->grade >= 0) r->from = GF_ROLLUP;
    return;
  }
  __int128 sum = 0;
  for (int k = ev->child_start[n]; k < ev->child_start[n + 1]; k++) {
    const NodeResult *c = eval_node(ev, ev->child_list[k], year);
    if (!c->in_scope || dec_is_none(c->rate)) continue;
    sum += c->rate;
    r->nrates++;
  }
  if (r->nrates) {
    r->rate = round_div(sum, r->nrates);
    grade_by_rate(ev, year, r);
    if (r->grade >= 0) r->from = GF_ROLLUP;
  }
}

static void count_subtree(Evaluation *ev, int n, int year, const char *role, int *counts) {
  const Policy *pol = ev->policy;
  const Node *node = &ev->plan->nodes[n];
  if (!node_in_scope(node, year)) return;
  if (role) {
    for (int k = ev->ind_start[n]; k < ev->ind_start[n + 1]; k++) {
      int i = ev->ind_list[k];
      const char *r = ev->plan->inds[i].role;
      const IndResult *ir = eval_ind(ev, i, year);
      if (r && strcmp(r, role) == 0 && ir->grade >= 0) counts[ir->grade]++;
    }
  } else if (node->level == pol->unit_level) {
    const NodeResult *nr = eval_node(ev, n, year);
    if (nr->grade >= 0) counts[nr->grade]++;
    return;
  }
  for (int k = ev->child_start[n]; k < ev->child_start[n + 1]; k++)
    count_subtree(ev, ev->child_list[k], year, role, counts);
}

static void eval_upper(Evaluation *ev, int n, int year, NodeResult *r) {
  const Rollup *ru = &ev->policy->rollup[ev->plan->nodes[n].level];
  const int *inds = &ev->ind_list[ev->ind_start[n]];
  int count = ev->ind_start[n + 1] - ev->ind_start[n];
  switch (ru->method) {
  case RU_TARGET_AVERAGE:
    combine_average(ev, inds, count, year, 0, ru->role ? ru->role : "target", r);
    if (r->grade >= 0) r->from = GF_ROLLUP;
    break;
  case RU_AVERAGE:
  case RU_WORST:
    eval_children(ev, n, year, ru->method, r);
    break;
  case RU_DISTRIBUTION: {
    int *counts = (int *)eval_dist(ev, n, year);
    for (int k = ev->child_start[n]; k < ev->child_start[n + 1]; k++)
      count_subtree(ev, ev->child_list[k], year, ru->role, counts);
    if (ru->role) /* the node's own indicators with the role count too */
      for (int k = 0; k < count; k++) {
        const char *role = ev->plan->inds[inds[k]].role;
        const IndResult *ir = eval_ind(ev, inds[k], year);
        if (role && strcmp(role, ru->role) == 0 && ir->grade >= 0) counts[ir->grade]++;
      }
    break;
  }
  default:
    break;
  }
}

static void eval_node_year(Evaluation *ev, int n, int year) {
  const Node *node = &ev->plan->nodes[n];
  NodeResult *r = &ev->node[(size_t)n * ev->nyears + (year - ev->first_year)];
  r->rate = DEC_NONE;
  r->grade = -1;
  r->decider = -1;
  r->in_scope = (uint8_t)node_in_scope(node, year);
  if (!r->in_scope) return;
  if (node->level == ev->policy->unit_level)
    eval_unit(ev, n, year, r);
  else
    eval_upper(ev, n, year, r);
  int16_t manual = ev->node_manual[(size_t)n * ev->nyears + (year - ev->first_year)];
  apply_manual(ev->policy, manual, &r->grade, &r->from);
}

const int *eval_dist(const Evaluation *ev, int n, int year) {
  int slot = ev->dist_slot[n];
  if (slot < 0) return NULL;
  return &ev->dist[((size_t)slot * ev->nyears + (year - ev->first_year)) * ev->policy->ngrades];
}

static void alloc_dist(Evaluation *ev) {
  const Plan *p = ev->plan;
  int slots = 0;
  ev->dist_slot = xmalloc(((size_t)p->nnodes + 1) * sizeof(int));
  for (int n = 0; n < p->nnodes; n++) {
    int level = p->nodes[n].level;
    int counts = level >= 1 && level <= POLICY_MAX_LEVELS &&
                 ev->policy->rollup[level].method == RU_DISTRIBUTION;
    ev->dist_slot[n] = counts ? slots++ : -1;
  }
  ev->dist = xcalloc((size_t)slots * ev->nyears * ev->policy->ngrades + 1, sizeof(int));
}

/* ---- levels --------------------------------------------------------------------------- */

/* Due in a year: one of the node's indicators has a target that year, a number or a text
   ("システム導入"). A grade set by people does not make a unit due: a list grades items
   that are not due too (Tama's 行革 list: 59 of 70 due). */
static int node_due(const Evaluation *ev, int n, int year) {
  for (int k = ev->ind_start[n]; k < ev->ind_start[n + 1]; k++) {
    int i = ev->ind_list[k];
    if (eval_value(ev, i, year, VK_TARGET) >= 0 || !dec_is_none(eval_num(ev, i, year, VK_TARGET)))
      return 1;
  }
  return 0;
}

static void summarise_levels(Evaluation *ev, int nlevels) {
  const Policy *pol = ev->policy;
  ev->level = xcalloc((size_t)nlevels * ev->nyears + 1, sizeof(LevelSummary));
  for (int i = 0; i < nlevels * ev->nyears; i++) {
    ev->level[i].counts = xcalloc((size_t)pol->ngrades + 1, sizeof(int));
    ev->level[i].due_counts = xcalloc((size_t)pol->ngrades + 1, sizeof(int));
  }
  for (int n = 0; n < ev->plan->nnodes; n++) {
    int level = ev->plan->nodes[n].level;
    if (level < 1 || level > nlevels) continue;
    for (int y = 0; y < ev->nyears; y++) {
      const NodeResult *r = &ev->node[(size_t)n * ev->nyears + y];
      LevelSummary *s = &ev->level[(size_t)(level - 1) * ev->nyears + y];
      if (!r->in_scope) continue;
      int due = node_due(ev, n, ev->first_year + y);
      int top = r->grade >= 0 && pol->grades[r->grade].top;
      s->in_scope++;
      s->due += due;
      if (r->grade >= 0) {
        s->graded++;
        s->counts[r->grade]++;
        if (due) s->due_counts[r->grade]++;
      }
      if (top && (pol->headline_of != HO_DUE || due)) s->top++;
    }
  }
  for (int i = 0; i < nlevels * ev->nyears; i++) {
    LevelSummary *s = &ev->level[i];
    int den = pol->headline_of == HO_GRADED ? s->graded
              : pol->headline_of == HO_DUE  ? s->due
                                            : s->in_scope;
    s->share = den ? dec_percent(dec_from_int(s->top), dec_from_int(den)) : DEC_NONE;
  }
}

/* ---- driver --------------------------------------------------------------------------- */

static int max_level(const Plan *p) {
  int m = p->nlevels;
  for (int n = 0; n < p->nnodes; n++)
    if (p->nodes[n].level > m) m = p->nodes[n].level;
  return m;
}

/* Years y0 ≤ y < y1: each indicator, then each node bottom-up. A year's results depend only
   on the same year's (and on the values of any year), and are written only in its own slots. */
typedef struct YearSpan {
  Evaluation *ev;
  int y0, y1;
} YearSpan;

static void *eval_years(void *arg) {
  YearSpan *s = arg;
  Evaluation *ev = s->ev;
  const Plan *plan = ev->plan;
  for (int y = s->y0; y < s->y1; y++) {
    int year = ev->first_year + y;
    for (int i = 0; i < plan->ninds; i++)
      eval_indicator(ev, i, year, &ev->ind[(size_t)i * ev->nyears + y]);
    for (int k = 0; k < plan->nnodes; k++)
      eval_node_year(ev, ev->order[k], year);
  }
  return NULL;
}

/* A big plan's later years are evaluated on a second thread (a national plan: 17 % of an
   eval, on one of the machine's cores); a small plan's all on this one (eval.h). */
size_t eval_split_results = 200000;

static void eval_years_split(Evaluation *ev) {
  size_t results = ((size_t)ev->plan->ninds + (size_t)ev->plan->nnodes) * (size_t)ev->nyears;
  YearSpan all = {ev, 0, ev->nyears}, later = {ev, ev->nyears / 2, ev->nyears};
  pthread_t t;
  if (results < eval_split_results || ev->nyears < 2 ||
      pthread_create(&t, NULL, eval_years, &later)) {
    eval_years(&all);
    return;
  }
  YearSpan earlier = {ev, 0, later.y0};
  eval_years(&earlier);
  pthread_join(t, NULL);
}

Evaluation *eval_run(const Plan *plan, const Policy *policy) {
  Evaluation *ev = xcalloc(1, sizeof *ev);
  ev->plan = plan;
  ev->policy = policy;
  ev->first_year = plan->first_year;
  ev->nyears = plan->last_year >= plan->first_year ? plan_years(plan) : 1;
  build_value_index(ev);
  build_manual_index(ev);
  build_tree(ev);
  alloc_dist(ev);
  ev->ind = xcalloc((size_t)plan->ninds * ev->nyears + 1, sizeof(IndResult));
  ev->node = xcalloc((size_t)plan->nnodes * ev->nyears + 1, sizeof(NodeResult));
  eval_years_split(ev);
  summarise_levels(ev, max_level(plan));
  return ev;
}

void eval_free(Evaluation *ev) {
  if (!ev) return;
  int nlevels = max_level(ev->plan);
  for (int i = 0; i < nlevels * ev->nyears; i++) {
    free(ev->level[i].counts);
    free(ev->level[i].due_counts);
  }
  for (int i = 0; i < ev->nwarnings; i++)
    free(ev->warnings[i]);
  free(ev->warnings);
  free(ev->level);
  free(ev->ind);
  free(ev->node);
  free(ev->dist_slot);
  free(ev->dist);
  free(ev->vidx);
  free(ev->ind_manual);
  free(ev->node_manual);
  free(ev->child_start);
  free(ev->child_list);
  free(ev->ind_start);
  free(ev->ind_list);
  free(ev->order);
  free(ev);
}

const char *eval_symbol(const Evaluation *ev, int grade) {
  return grade >= 0 && grade < ev->policy->ngrades ? ev->policy->grades[grade].symbol : "";
}
