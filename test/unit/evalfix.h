/* SPDX-License-Identifier: Apache-2.0 */
/*
** evalfix.h — what the engine's unit tests share: building a plan from compact CSV-like text
** through the real importer (so validation runs too), a fixture holding the plan, its compiled
** policy and evaluation, and exact assertions on rates and grades.
*/
#ifndef SHINCHOKU_EVALFIX_H
#define SHINCHOKU_EVALFIX_H

#include "testutil.h"

#include "eval/eval.h"
#include "eval/explain.h"
#include "eval/policy.h"
#include "formats/sheet.h"
#include "formats/xchg.h"
#include "model/plan.h"

/* Defaults for the plan, nodes and policy a Spec leaves NULL. A test file that wants them
   defines these before including this header; otherwise every Spec must give all three. */
#ifndef FX_PLAN
#define FX_PLAN NULL
#endif
#ifndef FX_NODES
#define FX_NODES NULL
#endif
#ifndef FX_POLICY
#define FX_POLICY NULL
#endif

/* ---- Building plans from compact text --------------------------------------------------- */

/* A sheet from text: rows separated by '\n', cells by ','; the first row is the header. An
   empty cell is "none". No quoting: the test data never needs a comma (numbers are written
   without thousands separators). */
static inline Sheet *sheet_text(const char *name, const char *text) {
  char file[64];
  snprintf(file, sizeof file, "%s.csv", name);
  Sheet *s = sheet_new(name, file);
  int line = 0;
  for (const char *p = text; p && *p;) {
    const char *end = strchr(p, '\n');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len) {
      char *row = xstrndup(p, len);
      int r = line ? sheet_add_row(s, line) : -1;
      int col = 0;
      for (char *cell = row;; col++) {
        char *comma = strchr(cell, ',');
        if (comma) *comma = 0;
        if (r < 0)
          sheet_add_column(s, cell);
        else if (col < s->ncols)
          sheet_set(s, r, col, cell);
        else
          fail_msg("%s row %d has more cells than the header", name, line);
        if (!comma) break;
        cell = comma + 1;
      }
      free(row);
      line++;
    }
    p = end ? end + 1 : NULL;
  }
  return s;
}

typedef struct Spec {
  const char *policy;  /* NULL: FX_POLICY */
  const char *variant; /* NULL: the main policy */
  const char *plan;    /* NULL: FX_PLAN */
  const char *nodes, *inds, *values, *grades;
} Spec;

typedef struct Fx {
  Plan *plan;
  Policy *pol;
  Evaluation *ev;
} Fx;

static inline Plan *plan_of(const Spec *s) {
  Book b = {0};
  book_add(&b, sheet_text("plan", s->plan ? s->plan : FX_PLAN));
  book_add(&b, sheet_text("nodes", s->nodes ? s->nodes : FX_NODES));
  if (s->inds) book_add(&b, sheet_text("indicators", s->inds));
  if (s->values) book_add(&b, sheet_text("values", s->values));
  if (s->grades) book_add(&b, sheet_text("grades", s->grades));
  b.policy_json = xstrdup(s->policy ? s->policy : FX_POLICY);
  Errors errs = {0};
  Plan *p = xchg_to_plan(&b, &errs);
  book_free(&b);
  if (!p) {
    errors_print(&errs, stderr);
    errors_free(&errs);
    fail_msg("the test plan was refused by the exchange-format validator");
  }
  errors_free(&errs);
  return p;
}

/* Evaluate the plan of s by the policy (variant) of s. */
static inline Fx fx_open(const Spec *s) {
  Fx f = {0};
  char err[512];
  f.plan = plan_of(s);
  f.pol = policy_compile(f.plan->policy_json, s->variant, f.plan->nlevels, err, sizeof err);
  if (!f.pol) fail_msg("policy did not compile: %s", err);
  f.ev = eval_run(f.plan, f.pol);
  return f;
}

/* The same plan evaluated by another variant of its policy. */
static inline Fx fx_variant(const Fx *base, const char *variant) {
  Fx f = {base->plan, NULL, NULL};
  char err[512];
  f.pol = policy_compile(f.plan->policy_json, variant, f.plan->nlevels, err, sizeof err);
  if (!f.pol) fail_msg("variant %s did not compile: %s", variant ? variant : "-", err);
  f.ev = eval_run(f.plan, f.pol);
  return f;
}

static inline void fx_close_variant(Fx *f) {
  eval_free(f->ev);
  policy_free(f->pol);
}

static inline void fx_close(Fx *f) {
  fx_close_variant(f);
  plan_free(f->plan);
}

static inline int ind_index(const Fx *f, const char *id) {
  int i = plan_indicator(f->plan, id);
  if (i < 0) fail_msg("no indicator %s", id);
  return i;
}

static inline int node_index(const Fx *f, const char *id) {
  int n = plan_node(f->plan, id);
  if (n < 0) fail_msg("no node %s", id);
  return n;
}

static inline const IndResult *IR(const Fx *f, const char *id, int year) {
  return eval_ind(f->ev, ind_index(f, id), year);
}

static inline const NodeResult *NR(const Fx *f, const char *id, int year) {
  return eval_node(f->ev, node_index(f, id), year);
}

static inline int grade_of(const Fx *f, const char *symbol) {
  int g = policy_grade(f->pol, symbol);
  if (g < 0) fail_msg("no grade %s in the policy", symbol);
  return g;
}

/* Exact decimal assertion with readable output; want NULL means "no number". */
#define assert_dec(got, want) assert_dec_((got), (want), __FILE__, __LINE__)
static inline void assert_dec_(dec_t got, const char *want, const char *file, int line) {
  dec_t w = want ? D(want) : DEC_NONE;
  if (got == w) return;
  char a[DEC_MAX_TEXT];
  print_error("%s:%d: got %s, expected %s\n", file, line,
              dec_is_none(got) ? "(none)" : dec_format(got, -1, a), want ? want : "(none)");
  _fail(file, line);
}

/* Grade symbol assertions ("" = no grade). */
#define assert_ind_grade(f, id, year, sym)                                                         \
  assert_string_equal(eval_symbol((f)->ev, IR((f), (id), (year))->grade), (sym))
#define assert_node_grade(f, id, year, sym)                                                        \
  assert_string_equal(eval_symbol((f)->ev, NR((f), (id), (year))->grade), (sym))

#endif
