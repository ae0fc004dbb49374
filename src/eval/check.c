/* SPDX-License-Identifier: Apache-2.0 */
/*
** check.c — computed against printed (see check.h).
*/
#include "check.h"
#include "../model/text.h"
#include "eval.h"
#include <stdlib.h>
#include <string.h>

/* The plan evaluated by one policy variant (name NULL: the main policy). */
typedef struct Cached {
  char *name;
  Policy *policy;
  Evaluation *ev;
} Cached;

typedef struct Ctx {
  const Plan *plan;
  Cached *cache; /* one per variant the printed rows name */
  int n, cap;
  CheckResult *out;
} Ctx;

static int same_variant(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static Evaluation *evaluation_for(Ctx *c, const char *variant) {
  for (int i = 0; i < c->n; i++)
    if (same_variant(variant, c->cache[i].name)) return c->cache[i].ev;
  char err[512];
  Policy *pol = policy_compile(c->plan->policy_json, variant, c->plan->nlevels, err, sizeof err);
  if (!pol) {
    if (!c->out->error) c->out->error = xstrdup(err);
    return NULL;
  }
  VEC_PUSH(c->cache, c->n, c->cap);
  Cached *k = &c->cache[c->n++];
  k->name = variant ? xstrdup(variant) : NULL;
  k->policy = pol;
  k->ev = eval_run(c->plan, pol);
  return k->ev;
}

int finding_disagrees(const Finding *f) {
  return strcmp(f->reason, "mismatch") == 0 || strcmp(f->reason, "truncated") == 0 ||
         strcmp(f->reason, "printed-none") == 0;
}

static void add(Ctx *c, int printed, const char *computed, const char *reason) {
  CheckResult *r = c->out;
  VEC_PUSH(r->findings, r->nfindings, r->cap);
  Finding *f = &r->findings[r->nfindings++];
  f->printed = printed;
  f->computed = xstrdup(computed ? computed : "（なし）");
  f->reason = reason;
  r->ndisagree += finding_disagrees(f);
}

/* Decimal places written in a printed number ("90.0%" → 1). */
static int digits_of(const char *norm) {
  const char *dot = strchr(norm, '.');
  int d = 0;
  if (!dot) return 0;
  for (dot++; *dot >= '0' && *dot <= '9'; dot++)
    d++;
  return d > 6 ? 6 : d;
}

static dec_t truncate_to(dec_t v, int digits) {
  dec_t unit = 1;
  for (int i = digits; i < DEC_DIGITS; i++)
    unit *= 10;
  return v / unit * unit;
}

static void check_number(Ctx *c, int i, dec_t computed, int is_rate) {
  const Printed *pr = &c->plan->printed[i];
  char buf[DEC_MAX_TEXT + 2];
  char *norm = text_normalize(pr->value);
  dec_t printed;
  if (!norm || num_parse(norm, &printed) != 0) {
    /* a blank or a dash where the data give a number is a disagreement; other text is not */
    if (!dec_is_none(computed))
      add(c, i, dec_format(computed, -1, buf),
          !norm || text_is_blank(norm) ? "printed-none" : "unreadable");
    free(norm);
    return;
  }
  int digits = digits_of(norm);
  free(norm);
  if (dec_is_none(computed)) {
    add(c, i, NULL, "no-value");
    return;
  }
  dec_t rounded = dec_round(computed, digits);
  dec_format(rounded, digits, buf);
  if (is_rate) strcat(buf, "%");
  if (rounded == printed) return;
  if (truncate_to(computed, digits) == printed)
    add(c, i, buf, "truncated");
  else
    add(c, i, buf, "mismatch");
}

static void check_grade(Ctx *c, int i, const Evaluation *ev, int grade) {
  const Printed *pr = &c->plan->printed[i];
  char *norm = text_normalize(pr->value);
  int printed = policy_grade(ev->policy, pr->value);
  int same =
      printed == grade || (printed < 0 && grade < 0 && norm && (text_is_blank(norm) || !*norm));
  free(norm);
  if (same) return;
  if (grade < 0)
    add(c, i, NULL, "no-value");
  else
    add(c, i, eval_symbol(ev, grade), "mismatch");
}

static void check_level(Ctx *c, int i, const Evaluation *ev) {
  const Printed *pr = &c->plan->printed[i];
  int level = pr->level ? pr->level : ev->policy->headline_level;
  if (level < 1 || level > c->plan->nlevels) {
    add(c, i, NULL, "no-value");
    return;
  }
  if (!pr->year) { /* the whole plan: how many nodes the level has, in any year */
    int total = 0;
    for (int n = 0; n < c->plan->nnodes; n++)
      total += c->plan->nodes[n].level == level;
    check_number(c, i, strcmp(pr->what, "total") == 0 ? dec_from_int(total) : DEC_NONE, 0);
    return;
  }
  const LevelSummary *s = eval_level(ev, level, pr->year);
  if (strncmp(pr->what, "count:", 6) == 0) {
    int g = policy_grade(ev->policy, pr->what + 6);
    check_number(c, i, g >= 0 ? dec_from_int(s->counts[g]) : DEC_NONE, 0);
  } else if (strcmp(pr->what, "total") == 0) {
    check_number(c, i, dec_from_int(s->in_scope), 0);
  } else if (strcmp(pr->what, "share") == 0) {
    check_number(c, i, s->share, 1);
  }
}

/* A year in which the node is not in the plan: a printed blank or dash agrees; anything else
   cannot be checked (a placeholder grade, say). Returns 1 when the year is out of scope. */
static int out_of_scope(Ctx *c, int i, int node) {
  const Printed *pr = &c->plan->printed[i];
  if (!pr->year || node_in_scope(&c->plan->nodes[node], pr->year)) return 0;
  char *norm = text_normalize(pr->value);
  if (norm && *norm && !text_is_blank(norm)) add(c, i, NULL, "out-of-scope");
  free(norm);
  return 1;
}

static void check_node(Ctx *c, int i, const Evaluation *ev, int n) {
  const Printed *pr = &c->plan->printed[i];
  const NodeResult *r = eval_node(ev, n, pr->year);
  if (out_of_scope(c, i, n)) return;
  if (strcmp(pr->what, "grade") == 0) {
    check_grade(c, i, ev, r->grade);
  } else if (strcmp(pr->what, "rate") == 0) {
    check_number(c, i, r->rate, 1);
  } else if (strncmp(pr->what, "count:", 6) == 0) {
    const int *dist = eval_dist(ev, n, pr->year);
    int g = policy_grade(ev->policy, pr->what + 6);
    check_number(c, i, dist && g >= 0 ? dec_from_int(dist[g]) : DEC_NONE, 0);
  }
}

static void check_indicator(Ctx *c, int i, const Evaluation *ev, int ind) {
  const Printed *pr = &c->plan->printed[i];
  const IndResult *r = eval_ind(ev, ind, pr->year);
  if (out_of_scope(c, i, c->plan->inds[ind].node)) return;
  if (strcmp(pr->what, "grade") == 0)
    check_grade(c, i, ev, r->grade);
  else if (strcmp(pr->what, "rate") == 0)
    check_number(c, i, r->rate, 1);
  else if (strcmp(pr->what, "target") == 0)
    check_number(c, i, eval_num(ev, ind, pr->year, VK_TARGET), 0);
  else if (strcmp(pr->what, "actual") == 0)
    check_number(c, i, r->actual, 0);
}

void check_plan(const Plan *plan, CheckResult *out) {
  Ctx c = {.plan = plan, .out = out};
  memset(out, 0, sizeof *out);
  for (int i = 0; i < plan->nprinted; i++) {
    const Printed *pr = &plan->printed[i];
    Evaluation *ev = evaluation_for(&c, pr->variant);
    if (!ev) break;
    if (pr->year && (pr->year < plan->first_year || pr->year > plan->last_year)) {
      add(&c, i, NULL, "outside-plan-years");
      continue;
    }
    out->nchecked++;
    int n = plan_node(plan, pr->subject), ind = plan_indicator(plan, pr->subject);
    if (strcmp(pr->subject, "plan") == 0)
      check_level(&c, i, ev);
    else if (n >= 0)
      check_node(&c, i, ev, n);
    else if (ind >= 0)
      check_indicator(&c, i, ev, ind);
  }
  for (int i = 0; i < c.n; i++) {
    eval_free(c.cache[i].ev);
    policy_free(c.cache[i].policy);
    free(c.cache[i].name);
  }
  free(c.cache);
}

void check_free(CheckResult *r) {
  for (int i = 0; i < r->nfindings; i++)
    free(r->findings[i].computed);
  free(r->findings);
  free(r->error);
  memset(r, 0, sizeof *r);
}
