/* SPDX-License-Identifier: Apache-2.0 */
/*
** check.c — computed against printed, row by row (see check.h), and the shared helpers of
** check_ctx.h. The checks across rows and of the data are in check_*.c.
*/
#include "check_ctx.h"
#include "../model/text.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int same_variant(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

Evaluation *check_evaluation(CheckCtx *c, const char *variant) {
  for (int i = 0; i < c->n; i++)
    if (same_variant(variant, c->cache[i].name)) return c->cache[i].ev;
  char err[512];
  Policy *pol = policy_compile(c->plan->policy_json, variant, c->plan->nlevels, err, sizeof err);
  if (!pol) {
    if (!c->out->error) c->out->error = xstrdup(err);
    return NULL;
  }
  VEC_PUSH(c->cache, c->n, c->cap);
  CheckCached *k = &c->cache[c->n++];
  k->name = variant ? xstrdup(variant) : NULL;
  k->policy = pol;
  k->ev = eval_run(c->plan, pol);
  return k->ev;
}

int finding_disagrees(const Finding *f) {
  static const char *const kinds[] = {
      "mismatch", "truncated", "printed-none", "recount", "legend", "wrong-citation",
      "unit",     "no-target", "decision",     "shifted", NULL};
  for (int k = 0; kinds[k]; k++)
    if (strcmp(f->kind, kinds[k]) == 0) return 1;
  return 0;
}

static char *dup_or_null(const char *s) {
  return s ? xstrdup(s) : NULL;
}

Finding *check_add_about(CheckCtx *c, const char *kind, const char *subject, int year,
                         const char *what, const char *printed_as, const char *computed,
                         const char *source) {
  CheckResult *r = c->out;
  VEC_PUSH(r->findings, r->nfindings, r->cap);
  Finding *f = &r->findings[r->nfindings++];
  memset(f, 0, sizeof *f);
  f->printed = -1;
  f->kind = kind;
  f->subject = xstrdup(subject ? subject : "");
  f->year = year;
  f->what = xstrdup(what ? what : "");
  f->printed_as = xstrdup(printed_as ? printed_as : "");
  f->computed = xstrdup(computed ? computed : "（なし）");
  f->source = dup_or_null(source);
  return f;
}

Finding *check_add(CheckCtx *c, int i, const char *kind, const char *computed) {
  const Printed *pr = &c->plan->printed[i];
  Buf what = {0};
  buf_printf(&what, "%s%s%s", pr->what, pr->variant ? "@" : "", pr->variant ? pr->variant : "");
  Finding *f =
      check_add_about(c, kind, pr->subject, pr->year, what.s, pr->value, computed, pr->source);
  buf_free(&what);
  f->printed = i;
  return f;
}

void check_set(char **field, const char *fmt, ...) {
  Buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  free(*field);
  *field = buf_detach(&b);
}

static void finding_free(Finding *f) {
  free(f->subject);
  free(f->what);
  free(f->printed_as);
  free(f->computed);
  free(f->source);
  free(f->other);
  free(f->note);
  free(f->suggestion);
}

void check_drop(CheckCtx *c, int i) {
  CheckResult *r = c->out;
  int k = 0;
  for (int j = 0; j < r->nfindings; j++) {
    if (r->findings[j].printed == i)
      finding_free(&r->findings[j]);
    else
      r->findings[k++] = r->findings[j];
  }
  r->nfindings = k;
}

Finding *check_finding_of(CheckCtx *c, int i) {
  for (int j = 0; j < c->out->nfindings; j++)
    if (c->out->findings[j].printed == i) return &c->out->findings[j];
  return NULL;
}

void check_ind_label(const Plan *p, int ind, Buf *b) {
  const Indicator *in = &p->inds[ind];
  const Node *n = &p->nodes[in->node];
  buf_printf(b, "%s%s", n->number ? n->number : n->id, in->number ? in->number : "");
}

int check_source_line(const char *source) {
  const char *l = source ? strstr(source, " L") : NULL;
  return l ? atoi(l + 2) : 0;
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

int check_compare(const char *printed, dec_t computed, const Policy *rates, char *rounded) {
  int mode = rates ? rates->rounding : DEC_HALF_UP;
  char *norm = text_normalize(printed);
  dec_t value;
  int readable = norm && num_parse(norm, &value) == 0;
  int digits = readable ? digits_of(norm) : -1;
  free(norm);
  if (rounded) dec_format(computed, -1, rounded);
  if (dec_is_none(computed)) return NM_NONE;
  if (!readable) return NM_UNREADABLE;
  dec_t r = dec_round_mode(computed, digits, mode);
  if (rounded) {
    dec_format(r, digits, rounded);
    if (rates) strcat(rounded, "%");
  }
  if (r == value) return NM_EQUAL;
  return mode != DEC_TRUNCATE && truncate_to(computed, digits) == value ? NM_TRUNCATED
                                                                        : NM_DIFFERENT;
}

/* Why an indicator has no rate in a year, in words, into b. */
static void why_no_rate(const Evaluation *ev, int ind, int year, Buf *b) {
  const IndResult *r = eval_ind(ev, ind, year);
  if (dec_is_none(r->target) && dec_is_none(r->actual))
    buf_put(b, "目標値も実績値もありません");
  else if (dec_is_none(r->target))
    buf_put(b, ev->policy->target_basis == TB_SAME_YEAR ? "その年度の目標値がありません"
                                                        : "比較する目標値がありません");
  else if (dec_is_none(r->actual))
    buf_put(b, "実績値がありません");
  else
    buf_put(b, "目標値と実績値から率が出ません（どちらも 0 など）");
}

/* Why a node has no grade in a year, in words, into b. */
static void why_no_grade(const Evaluation *ev, int n, int year, Buf *b) {
  int from = ev->ind_start[n], to = ev->ind_start[n + 1];
  if (from == to) {
    buf_put(b, "数値の指標がなく、担当課の評価も記録されていません");
    return;
  }
  for (int k = from; k < to; k++) {
    buf_printf(b, "%s%s: ", k > from ? "、" : "", ev->plan->inds[ev->ind_list[k]].id);
    why_no_rate(ev, ev->ind_list[k], year, b);
  }
}

/* The no-value finding of row i, saying what is missing. */
static void no_value(CheckCtx *c, int i) {
  const Printed *pr = &c->plan->printed[i];
  const Evaluation *ev = check_evaluation(c, pr->variant);
  int n = plan_node(c->plan, pr->subject), ind = plan_indicator(c->plan, pr->subject);
  Finding *f = check_add(c, i, "no-value", NULL);
  Buf b = {0};
  if (ev && ind >= 0 && pr->year)
    why_no_rate(ev, ind, pr->year, &b);
  else if (ev && n >= 0 && pr->year)
    why_no_grade(ev, n, pr->year, &b);
  if (b.s) f->note = buf_detach(&b);
}

/* rates: the policy whose rounding applies when the number is a rate, NULL for others. */
static void check_number(CheckCtx *c, int i, dec_t computed, const Policy *rates) {
  const Printed *pr = &c->plan->printed[i];
  char buf[DEC_MAX_TEXT + 2];
  switch (check_compare(pr->value, computed, rates, buf)) {
  case NM_EQUAL:
    return;
  case NM_TRUNCATED:
    check_add(c, i, "truncated", buf);
    return;
  case NM_DIFFERENT:
    check_add(c, i, "mismatch", buf);
    return;
  case NM_NONE: {
    char *norm = text_normalize(pr->value);
    dec_t v;
    if (norm && num_parse(norm, &v) == 0) no_value(c, i);
    free(norm);
    return;
  }
  default: { /* a blank or a dash where the data give a number disagrees; other text not */
    char *norm = text_normalize(pr->value);
    check_add(c, i, !norm || text_is_blank(norm) ? "printed-none" : "unreadable", buf);
    free(norm);
  }
  }
}

static void check_grade(CheckCtx *c, int i, const Evaluation *ev, int grade) {
  const Printed *pr = &c->plan->printed[i];
  char *norm = text_normalize(pr->value);
  int printed = policy_grade(ev->policy, pr->value);
  int same =
      printed == grade || (printed < 0 && grade < 0 && norm && (text_is_blank(norm) || !*norm));
  free(norm);
  if (same) return;
  if (grade < 0)
    no_value(c, i);
  else
    check_add(c, i, "mismatch", eval_symbol(ev, grade));
}

/* what `top`: the document put the node's text in the column for the top grade (value 「◎」)
   or in the one for any other (「◎以外」, 000 資料3-2's two 課題 columns); the node's grade
   must be at the top or below it accordingly. */
static void check_top(CheckCtx *c, int i, const Evaluation *ev, int grade) {
  const Printed *pr = &c->plan->printed[i];
  static const char other[] = "以外";
  size_t len = pr->value ? strlen(pr->value) : 0, ol = sizeof other - 1;
  int below = len > ol && strcmp(pr->value + len - ol, other) == 0;
  if (grade < 0) {
    no_value(c, i);
    return;
  }
  if (ev->policy->grades[grade].top == !below) return;
  check_add(c, i, "mismatch", eval_symbol(ev, grade));
}

/* Units of a level in scope in a year that have no grade; their numbers go to b. */
static int ungraded_units(const Evaluation *ev, int level, int year, Buf *b) {
  const Plan *p = ev->plan;
  int n = 0;
  for (int k = 0; k < p->nnodes; k++) {
    const NodeResult *r = eval_node(ev, k, year);
    if (p->nodes[k].level != level || !r->in_scope || r->grade >= 0) continue;
    if (n < 8)
      buf_printf(b, "%s%s", n ? "、" : "",
                 p->nodes[k].number ? p->nodes[k].number : p->nodes[k].id);
    n++;
  }
  if (n > 8) buf_put(b, "…");
  return n;
}

/* A count over a level with ungraded units cannot be checked against the computation: the
   printed list, where there is one, is recounted instead (check_recount.c). Returns 1 when
   the computed count must not be compared. */
static int counts_unknown(CheckCtx *c, int i, const Evaluation *ev, int level) {
  const Printed *pr = &c->plan->printed[i];
  Buf names = {0};
  int n = ungraded_units(ev, level, pr->year, &names);
  if (n) {
    const char *first, *last;
    int *counts = xcalloc((size_t)ev->policy->ngrades, sizeof *counts);
    if (!check_list_counts(c, ev, level, pr->year, pr->variant, counts, &first, &last)) {
      Finding *f = check_add(c, i, "ungraded", NULL);
      check_set(&f->note, "その年度に評価のない単位が %d 件あり数えられません（%s）", n, names.s);
    }
    free(counts);
  }
  buf_free(&names);
  return n > 0;
}

static void check_level(CheckCtx *c, int i, const Evaluation *ev) {
  const Printed *pr = &c->plan->printed[i];
  int level = pr->level ? pr->level : ev->policy->headline_level;
  if (level < 1 || level > c->plan->nlevels) {
    check_add(c, i, "no-value", NULL);
    return;
  }
  if (!pr->year) { /* the whole plan: how many nodes the level has, in any year */
    int total = 0;
    for (int n = 0; n < c->plan->nnodes; n++)
      total += c->plan->nodes[n].level == level;
    check_number(c, i, strcmp(pr->what, "total") == 0 ? dec_from_int(total) : DEC_NONE, NULL);
    return;
  }
  const LevelSummary *s = eval_level(ev, level, pr->year);
  if (strncmp(pr->what, "count:", 6) == 0) {
    if (counts_unknown(c, i, ev, level)) return;
    int g = policy_grade(ev->policy, pr->what + 6);
    check_number(c, i, g >= 0 ? dec_from_int(s->counts[g]) : DEC_NONE, NULL);
  } else if (strcmp(pr->what, "total") == 0) {
    check_number(c, i, dec_from_int(s->in_scope), NULL);
  } else if (strcmp(pr->what, "share") == 0) {
    if (counts_unknown(c, i, ev, level)) return;
    check_number(c, i, s->share, ev->policy);
  }
}

/* A year in which the node is not in the plan: a printed blank or dash agrees; anything else
   cannot be checked (a placeholder grade, say). Returns 1 when the year is out of scope. */
static int out_of_scope(CheckCtx *c, int i, int node) {
  const Printed *pr = &c->plan->printed[i];
  if (!pr->year || node_in_scope(&c->plan->nodes[node], pr->year)) return 0;
  const Node *nd = &c->plan->nodes[node];
  char *norm = text_normalize(pr->value);
  char fy[32];
  if (norm && *norm && !text_is_blank(norm)) {
    Finding *f = check_add(c, i, "out-of-scope", NULL);
    if (nd->added_year && pr->year < nd->added_year)
      check_set(&f->note, "%s 年度に追加された単位です", fy_era_short(nd->added_year, fy));
    else
      check_set(&f->note, "%s 年度で終了した単位です", fy_era_short(nd->ended_year, fy));
  }
  free(norm);
  return 1;
}

static void check_node(CheckCtx *c, int i, const Evaluation *ev, int n) {
  const Printed *pr = &c->plan->printed[i];
  const NodeResult *r = eval_node(ev, n, pr->year);
  if (out_of_scope(c, i, n)) return;
  if (strcmp(pr->what, "grade") == 0) {
    check_grade(c, i, ev, r->grade);
  } else if (strcmp(pr->what, "top") == 0) {
    check_top(c, i, ev, r->grade);
  } else if (strcmp(pr->what, "rate") == 0) {
    check_number(c, i, r->rate, ev->policy);
  } else if (strncmp(pr->what, "count:", 6) == 0) {
    const int *dist = eval_dist(ev, n, pr->year);
    int g = policy_grade(ev->policy, pr->what + 6);
    check_number(c, i, dist && g >= 0 ? dec_from_int(dist[g]) : DEC_NONE, NULL);
  }
}

static void check_indicator(CheckCtx *c, int i, const Evaluation *ev, int ind) {
  const Printed *pr = &c->plan->printed[i];
  const IndResult *r = eval_ind(ev, ind, pr->year);
  if (out_of_scope(c, i, c->plan->inds[ind].node)) return;
  if (strcmp(pr->what, "grade") == 0)
    check_grade(c, i, ev, r->grade);
  else if (strcmp(pr->what, "rate") == 0)
    check_number(c, i, r->rate, ev->policy);
  else if (strcmp(pr->what, "target") == 0)
    check_number(c, i, eval_num(ev, ind, pr->year, VK_TARGET), NULL);
  else if (strcmp(pr->what, "actual") == 0)
    check_number(c, i, r->actual, NULL);
}

/* Every printed row against the computation by its own variant. Returns 0 when a policy
   does not compile. */
static int check_rows(CheckCtx *c) {
  const Plan *plan = c->plan;
  for (int i = 0; i < plan->nprinted; i++) {
    const Printed *pr = &plan->printed[i];
    Evaluation *ev = check_evaluation(c, pr->variant);
    if (!ev) return 0;
    if (pr->year && (pr->year < plan->first_year || pr->year > plan->last_year)) {
      check_add(c, i, "outside-plan-years", NULL);
      continue;
    }
    c->out->nchecked++;
    int n = plan_node(plan, pr->subject), ind = plan_indicator(plan, pr->subject);
    if (strcmp(pr->subject, "plan") == 0)
      check_level(c, i, ev);
    else if (n >= 0)
      check_node(c, i, ev, n);
    else if (ind >= 0)
      check_indicator(c, i, ev, ind);
  }
  return 1;
}

void check_plan(const Plan *plan, CheckResult *out) {
  CheckCtx c = {.plan = plan, .out = out};
  memset(out, 0, sizeof *out);
  if (check_evaluation(&c, NULL) && check_rows(&c)) {
    check_recount(&c);
    check_citations(&c);
    check_legends(&c);
    check_units(&c);
    check_decisions(&c);
    check_shifts(&c);
  }
  for (int i = 0; i < out->nfindings; i++)
    out->ndisagree += finding_disagrees(&out->findings[i]);
  for (int i = 0; i < c.n; i++) {
    eval_free(c.cache[i].ev);
    policy_free(c.cache[i].policy);
    free(c.cache[i].name);
  }
  free(c.cache);
}

void check_free(CheckResult *r) {
  for (int i = 0; i < r->nfindings; i++)
    finding_free(&r->findings[i]);
  free(r->findings);
  free(r->error);
  memset(r, 0, sizeof *r);
}
