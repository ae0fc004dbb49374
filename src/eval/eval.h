/* SPDX-License-Identifier: Apache-2.0 */
/*
** eval.h — the evaluation engine: from a plan and its compiled policy, every indicator's
** rate and grade per fiscal year, every node's grade (units from their indicators, upper
** levels by the policy's roll-up), grade distributions and the headline. Pure computation
** over the in-memory plan: one pass per year, no allocation per value, no store access.
*/
#ifndef SHINCHOKU_EVAL_H
#define SHINCHOKU_EVAL_H

#include "../model/plan.h"
#include "policy.h"

/* Where a grade came from. */
enum grade_from { GF_NONE, GF_RULE, GF_STATUS, GF_MANUAL, GF_ROLLUP };
extern const char *const grade_from_names[5];

typedef struct IndResult {
  dec_t target, actual, rate; /* target after the basis; rate unrounded, percent */
  int16_t grade;              /* policy grade index, -1 none */
  uint8_t from;               /* enum grade_from */
  uint8_t projected;          /* the actual is the year's projection */
} IndResult;

typedef struct NodeResult {
  dec_t rate;    /* the node's rate where the method gives one */
  int16_t grade; /* -1 none */
  uint8_t from;  /* enum grade_from */
  uint8_t in_scope;
  int32_t decider; /* combine worst: the indicator that decided; -1 none */
  int32_t nrates;  /* how many rates the node's average was taken over */
} NodeResult;

typedef struct LevelSummary {
  int in_scope, graded, due, top;
  dec_t share;     /* top / denominator × 100 by headline.of; DEC_NONE when no denominator */
  int *counts;     /* per policy grade */
  int *due_counts; /* per policy grade, of the due nodes only (the table under a "due" headline) */
} LevelSummary;

typedef struct Evaluation {
  const Plan *plan;
  const Policy *policy;
  int first_year, nyears;
  IndResult *ind;      /* [indicator * nyears + y] */
  NodeResult *node;    /* [node * nyears + y] */
  int *dist_slot;      /* per node: slot in dist, or -1 */
  int *dist;           /* [(slot * nyears + y) * ngrades + g] */
  LevelSummary *level; /* [(level - 1) * nyears + y] */
  /* look-ups built once */
  int *vidx;           /* [(indicator * nyears + y) * VK__COUNT + kind] -> value, -1 */
  int16_t *ind_manual; /* [indicator * nyears + y] -> grade index, -1 */
  int16_t *node_manual;
  int *child_start, *child_list; /* children of node n: child_list[child_start[n]..[n+1]) */
  int *ind_start, *ind_list;     /* indicators of node n, likewise */
  int *order;                    /* nodes, deepest level first */
  char **warnings;
  int nwarnings, capwarnings;
} Evaluation;

/* Evaluate every year of the plan. Never fails: what cannot be evaluated has no grade, and
   problems (a manual grade the policy does not know) are listed in warnings. */
Evaluation *eval_run(const Plan *plan, const Policy *policy);
/* Plans with at least this many results (indicators and nodes × years; 200,000) have their
   later years evaluated on a second thread, with the same results; the unit tests set 0. */
extern size_t eval_split_results;
void eval_free(Evaluation *ev);

static inline const IndResult *eval_ind(const Evaluation *ev, int i, int year) {
  return &ev->ind[(size_t)i * ev->nyears + (year - ev->first_year)];
}
static inline const NodeResult *eval_node(const Evaluation *ev, int n, int year) {
  return &ev->node[(size_t)n * ev->nyears + (year - ev->first_year)];
}
static inline const LevelSummary *eval_level(const Evaluation *ev, int level, int year) {
  return &ev->level[(size_t)(level - 1) * ev->nyears + (year - ev->first_year)];
}
/* Distribution counts of a node (NULL when its level does not count). */
const int *eval_dist(const Evaluation *ev, int n, int year);

/* The value row behind an indicator, year and kind (-1 none). Composite indicators have
   no rows of their own unless given; their numbers come from eval_num. */
int eval_value(const Evaluation *ev, int ind, int year, int kind);
/* The number of an indicator in a year (composites summed), DEC_NONE when absent. */
dec_t eval_num(const Evaluation *ev, int ind, int year, int kind);
/* The text of an indicator in a year, NULL when absent. */
const char *eval_text(const Evaluation *ev, int ind, int year, int kind);

/* The condition variables for an indicator's result (for rules and explanations). */
void eval_indicator_vars(const Evaluation *ev, int ind, int year, const IndResult *r,
                         dec_t vars[EV__COUNT]);

/* A grade's symbol, or "" for none. */
const char *eval_symbol(const Evaluation *ev, int grade);

#endif
