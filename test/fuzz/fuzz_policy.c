/* SPDX-License-Identifier: Apache-2.0 */
/*
** fuzz_policy.c — libFuzzer target: a plan's evaluation policy (policy.c) and its condition
** expressions (expr.c). An even first byte makes the rest a policy JSON document: made
** canonical, compiled, each declared variant compiled too, and every grade's condition
** evaluated. An odd first byte makes the rest one condition ("rate >= 90 && has(actual)"),
** compiled and evaluated over a few sets of values, missing and extreme ones among them.
*/
#include "eval/policy.h"
#include "fuzz.h"
#include "model/dec.h"

/* Evaluate e over value sets built from the input (and DEC_NONE, 0, the extremes). */
static void evaluate(const Expr *e, const uint8_t *data, size_t size) {
  static const dec_t fixed[] = {DEC_NONE, 0, 1000000, -1, INT64_MAX, INT64_MIN + 1};
  dec_t vars[EV__COUNT];
  for (size_t k = 0; k < sizeof fixed / sizeof fixed[0] + 1; k++) {
    for (int v = 0; v < EV__COUNT; v++)
      vars[v] = k < sizeof fixed / sizeof fixed[0]
                    ? fixed[(k + (size_t)v) % (sizeof fixed / sizeof fixed[0])]
                    : (dec_t)(size > (size_t)v ? (int8_t)data[v] : 0) * 1000000;
    (void)expr_true(e, vars);
  }
  FUZZ_ASSERT((expr_uses(e) >> EV__COUNT) == 0);
}

static void fuzz_expr(const char *src, const uint8_t *data, size_t size) {
  char err[256] = "";
  Expr *e = expr_compile(src, err, sizeof err);
  if (e)
    evaluate(e, data, size);
  else
    FUZZ_ASSERT(err[0]);
  expr_free(e);
}

static void fuzz_compiled(const Policy *p, const uint8_t *data, size_t size) {
  FUZZ_ASSERT(p->ngrades >= 0 && p->ngrades <= POLICY_MAX_GRADES);
  FUZZ_ASSERT(p->nbands >= 0 && p->nbands <= p->ngrades);
  for (int g = 0; g < p->ngrades; g++) {
    if (p->grades[g].cond) evaluate(p->grades[g].cond, data, size);
    (void)policy_grade(p, p->grades[g].symbol);
    (void)policy_status_for_text(p, p->grades[g].symbol);
  }
}

static void fuzz_policy(const char *json, int nlevels, const uint8_t *data, size_t size) {
  char err[512] = "";
  char *canon = policy_canonical(json, nlevels, err, sizeof err);
  if (!canon) {
    FUZZ_ASSERT(err[0]);
    Policy *p = policy_compile(json, NULL, nlevels, err, sizeof err);
    if (p) fuzz_compiled(p, data, size);
    policy_free(p);
    return;
  }
  Policy *p = policy_compile(canon, NULL, nlevels, err, sizeof err);
  FUZZ_ASSERT(p); /* what is made canonical compiles */
  fuzz_compiled(p, data, size);
  policy_free(p);
  char **variants = policy_variants(canon);
  for (int i = 0; variants && variants[i]; i++) {
    Policy *v = policy_compile(canon, variants[i], nlevels, err, sizeof err);
    if (v) fuzz_compiled(v, data, size);
    policy_free(v);
    free(variants[i]);
  }
  free(variants);
  free(canon);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  char *text = fuzz_text(data + 1, size - 1);
  if (data[0] & 1)
    fuzz_expr(text, data + 1, size - 1);
  else
    fuzz_policy(text, (data[0] >> 1) % 5, data + 1, size - 1);
  free(text);
  return 0;
}
