/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_expr.c — the condition language of evaluation policies (src/eval/expr.c): band rules at
** their boundaries, missing values, precedence, exact arithmetic, has/abs, error messages with
** their positions, expr_uses, and the rule sets of docs/policy.md.
*/
#include "testutil.h"

#include "eval/expr.h"

/* ---- Helpers ---------------------------------------------------------------------------- */

/* All variables missing. */
static void clear(dec_t vars[EV__COUNT]) {
  for (int i = 0; i < EV__COUNT; i++)
    vars[i] = DEC_NONE;
}

/* Compile src (which must compile), evaluate it over vars, free it. */
static bool holds(const char *src, const dec_t vars[EV__COUNT]) {
  char err[200];
  Expr *e = expr_compile(src, err, sizeof err);
  if (!e) fail_msg("'%s' did not compile: %s", src, err);
  bool r = expr_true(e, vars);
  expr_free(e);
  return r;
}

/* As holds(), with only `rate` set (NULL = missing). */
static bool rate_holds(const char *src, const char *rate) {
  dec_t vars[EV__COUNT];
  clear(vars);
  if (rate) vars[EV_RATE] = D(rate);
  return holds(src, vars);
}

/* A constant expression (no variables needed). */
static bool const_holds(const char *src) {
  dec_t vars[EV__COUNT];
  clear(vars);
  return holds(src, vars);
}

/* src must fail to compile with exactly this message. */
static void expect_error(const char *src, const char *message) {
  char err[200];
  memset(err, 'x', sizeof err);
  Expr *e = expr_compile(src, err, sizeof err);
  if (e) {
    expr_free(e);
    fail_msg("'%s' compiled, expected error \"%s\"", src, message);
  }
  if (strcmp(err, message) != 0) fail_msg("'%s': got \"%s\", expected \"%s\"", src, err, message);
}

static unsigned uses_of(const char *src) {
  char err[200];
  Expr *e = expr_compile(src, err, sizeof err);
  if (!e) fail_msg("'%s' did not compile: %s", src, err);
  unsigned u = expr_uses(e);
  expr_free(e);
  return u;
}

/* The label of the first rule of a rule set whose condition holds, or NULL. */
typedef struct Rule {
  const char *label;
  const char *when;
} Rule;

static const char *grade(const Rule *rules, int n, const dec_t vars[EV__COUNT]) {
  for (int i = 0; i < n; i++)
    if (holds(rules[i].when, vars)) return rules[i].label;
  return NULL;
}

/* ---- Band rules ------------------------------------------------------------------------- */

static void test_band_boundaries(void **state) {
  (void)state;
  assert_true(rate_holds("rate >= 90", "90"));
  assert_false(rate_holds("rate >= 90", "89.999999"));
  assert_true(rate_holds("rate >= 90", "90.000001"));
  assert_false(rate_holds("rate > 90", "90"));
  assert_true(rate_holds("rate > 90", "90.000001"));
  assert_true(rate_holds("rate >= 70", "70"));
  assert_false(rate_holds("rate >= 70", "69.999999"));
  assert_false(rate_holds("rate < 70", "70"));
  assert_true(rate_holds("rate < 70", "69.999999"));
  assert_true(rate_holds("rate <= 70", "70"));
  assert_false(rate_holds("rate <= 70", "70.000001"));
  assert_true(rate_holds("rate == 89.830508", "89.830508"));
  assert_false(rate_holds("rate == 89.830508", "89.830509"));
  assert_true(rate_holds("rate != 1", "1.000001"));
  assert_false(rate_holds("rate != 1", "1"));
}

static void test_spacing_and_unicode_operators(void **state) {
  (void)state;
  assert_true(rate_holds("rate>=90", "90"));
  assert_true(rate_holds("\trate\n>=\r\n90 ", "90"));
  assert_true(rate_holds("rate ≥ 90", "90"));
  assert_false(rate_holds("rate ≥ 90", "89.999999"));
  assert_true(rate_holds("rate≤70", "70"));
  assert_false(rate_holds("rate ≤ 70", "70.000001"));
}

/* ---- Missing values --------------------------------------------------------------------- */

static void test_missing_operands(void **state) {
  (void)state;
  /* Every comparison with a missing operand is false, whichever way it points. */
  assert_false(rate_holds("rate >= 90", NULL));
  assert_false(rate_holds("rate < 90", NULL));
  assert_false(rate_holds("rate == rate", NULL));
  assert_false(rate_holds("rate != 1", NULL));
  assert_false(rate_holds("90 <= rate", NULL));
  /* Arithmetic with a missing operand is missing, so nothing compares true. */
  assert_false(rate_holds("rate * 0 == 0", NULL));
  assert_false(rate_holds("rate - rate == 0", NULL));
  assert_false(rate_holds("rate + 1 > -1000", NULL));
  assert_false(rate_holds("rate + 1 < 1000", NULL));
  assert_false(rate_holds("rate / 1 < 1000", NULL));
  assert_false(rate_holds("-rate < 1000", NULL));
  assert_false(rate_holds("abs(rate) >= 0", NULL));
  /* ! of a missing value is false; ! of a comparison (never missing) may be true. */
  assert_false(rate_holds("!rate", NULL));
  assert_true(rate_holds("!(rate >= 90)", NULL));
  assert_true(rate_holds("!(rate * 2 == 0)", NULL));
  /* One missing variable does not spoil the others. */
  dec_t vars[EV__COUNT];
  clear(vars);
  vars[EV_YEAR] = D("2023");
  assert_true(holds("year == 2023", vars));
  assert_false(holds("year == 2023 && actual >= 0", vars));
  assert_true(holds("year == 2023 || actual >= 0", vars));
}

static void test_truthiness(void **state) {
  (void)state;
  assert_true(rate_holds("rate", "5"));
  assert_true(rate_holds("rate", "-0.000001"));
  assert_false(rate_holds("rate", "0"));
  assert_false(rate_holds("rate", NULL));
  assert_true(rate_holds("!rate", "0"));
  assert_false(rate_holds("!rate", "5"));
  assert_true(const_holds("!0"));
  assert_false(const_holds("!5"));
  assert_true(const_holds("!!5"));
  /* Boolean results are 1 and 0, so they can take part in arithmetic. */
  assert_true(const_holds("(1 < 2) + (2 < 3) == 2"));
  assert_true(const_holds("(1 > 2) == 0"));
  assert_true(const_holds("(1 < 2 && 5) == 1"));
  assert_true(const_holds("(0 || 7) == 1"));
}

/* ---- Operators -------------------------------------------------------------------------- */

static void test_precedence(void **state) {
  (void)state;
  assert_true(const_holds("1 + 2 * 3 == 7"));
  assert_false(const_holds("1 + 2 * 3 == 9"));
  assert_true(const_holds("(1 + 2) * 3 == 9"));
  assert_true(const_holds("10 - 4 - 3 == 3")); /* left-associative, not 10 - (4 - 3) */
  assert_true(const_holds("12 / 3 / 2 == 2")); /* not 12 / (3 / 2) = 8 */
  assert_true(const_holds("8 - 2 * 3 == 2"));
  assert_true(const_holds("-2 * -3 == 6"));
  assert_true(const_holds("2 - -3 == 5"));
  assert_true(const_holds("--4 == 4"));
  assert_true(const_holds("1 + 2 > 2")); /* arithmetic binds tighter than comparison */
  assert_true(const_holds("!1 == 2"));   /* ! applies to the whole comparison */
  assert_true(const_holds("1 == 1 || 1 == 1 && 1 == 2")); /* && binds tighter than || */
  assert_false(const_holds("(1 == 1 || 1 == 1) && 1 == 2"));
  assert_true(const_holds("!(1 == 2) && !(2 == 3)"));
}

static void test_exact_arithmetic(void **state) {
  (void)state;
  assert_true(const_holds("0.1 + 0.2 == 0.3"));
  assert_true(const_holds("1 / 3 == 0.333333"));
  assert_true(const_holds("2 / 3 == 0.666667")); /* rounded half away from zero */
  assert_true(const_holds("1 / 3 * 3 == 0.999999"));
  assert_true(const_holds("1.5 * 1.5 == 2.25"));
  assert_true(const_holds("-7 / 2 == -3.5"));
  assert_true(const_holds("0.000001 > 0"));
  assert_true(const_holds("2023 == 2023.000000"));
}

static void test_division_by_zero(void **state) {
  (void)state;
  assert_false(const_holds("1 / 0 > 0"));
  assert_false(const_holds("1 / 0 < 0"));
  assert_false(const_holds("1 / 0 == 0"));
  assert_false(const_holds("1 / (2 - 2) * 0 == 0"));
  assert_true(const_holds("!(1 / 0 == 0)"));
  assert_false(const_holds("!(1 / 0)"));
  dec_t vars[EV__COUNT];
  clear(vars);
  vars[EV_ACTUAL] = D("5");
  vars[EV_BASELINE] = D("0");
  assert_false(holds("(actual - baseline) / baseline * 100 > 5", vars));
  assert_false(holds("(actual - baseline) / baseline * 100 <= 5", vars));
}

static void test_overflow_is_missing(void **state) {
  (void)state;
  /* The largest dec_t is about 9.2e12; overflow is missing, not a wrapped value. */
  assert_false(const_holds("9000000000000 + 9000000000000 > 0"));
  assert_false(const_holds("9000000000000 + 9000000000000 < 0"));
  assert_false(const_holds("-9000000000000 - 9000000000000 < 0"));
  assert_false(const_holds("-9000000000000 - 9000000000000 > 0"));
  assert_false(const_holds("9000000 * 9000000 > 0"));
  assert_false(const_holds("9000000 * 9000000 < 0"));
  assert_true(const_holds("9000000000000 + 200000000000 > 9000000000000"));
  assert_true(const_holds("-9000000000000 - 200000000000 < 0"));
}

static void test_has_and_abs(void **state) {
  (void)state;
  assert_true(rate_holds("has(rate)", "0"));
  assert_true(rate_holds("has(rate)", "-3"));
  assert_false(rate_holds("has(rate)", NULL));
  assert_true(rate_holds("!has(rate)", NULL));
  assert_false(rate_holds("!has(rate)", "0"));
  assert_true(rate_holds("has( rate )", "1"));
  assert_true(const_holds("abs(-5) == 5"));
  assert_true(const_holds("abs(5) == 5"));
  assert_true(const_holds("abs(0) == 0"));
  assert_true(const_holds("abs(1 - 3) == 2"));
  assert_true(const_holds("abs(-0.000001) == 0.000001"));
  assert_true(const_holds("abs(1 < 2) == 1"));
  dec_t vars[EV__COUNT];
  clear(vars);
  vars[EV_CHANGE] = D("-10");
  assert_true(holds("abs(change) <= 10", vars));
  vars[EV_CHANGE] = D("10");
  assert_true(holds("abs(change) <= 10", vars));
  vars[EV_CHANGE] = D("-10.000001");
  assert_false(holds("abs(change) <= 10", vars));
  vars[EV_CHANGE] = D("10.000001");
  assert_false(holds("abs(change) <= 10", vars));
}

/* && and || only look at the right side when the left does not decide; with no side effects
   in the language, what can be checked is that the result is the same as full evaluation
   would give, including when the undecisive side is missing or divides by zero. */
static void test_and_or(void **state) {
  (void)state;
  assert_false(rate_holds("has(rate) && rate >= 0", NULL));
  assert_true(rate_holds("has(rate) && rate >= 0", "0"));
  assert_true(rate_holds("!has(rate) || rate >= 50", NULL));
  assert_false(rate_holds("!has(rate) || rate >= 50", "49"));
  assert_true(rate_holds("!has(rate) || rate >= 50", "50"));
  assert_false(const_holds("0 && 1 / 0"));
  assert_true(const_holds("1 || 1 / 0"));
  assert_false(const_holds("1 / 0 && 1"));
  assert_true(const_holds("1 / 0 || 1"));
  assert_false(const_holds("1 / 0 || 0"));
  assert_false(const_holds("1 && 0"));
  assert_true(const_holds("1 && 2 && 3"));
  assert_false(const_holds("0 || 0 || 0"));
  assert_true(const_holds("0 || 0 || 0.000001"));
}

/* ---- Errors ----------------------------------------------------------------------------- */

static void test_errors_names_and_tokens(void **state) {
  (void)state;
  expect_error("rate>rat", "at 6: unknown name 'rat'");
  expect_error("Rate >= 90", "at 1: unknown name 'Rate'");
  expect_error("rate >= 90 && hs(rate)", "at 15: unknown name 'hs'");
  expect_error("rate # 1", "at 6: unexpected character '#'");
  expect_error("rate >= ９０", "at 9: unexpected character '９'");
  /* Positions count characters, not bytes: "≥" is one character of three bytes. */
  expect_error("rate ≥ 90 @", "at 11: unexpected character '@'");
  expect_error("rate = 90", "at 6: unexpected '=' (use '==' to compare)");
  expect_error("has(rate) & rate", "at 11: unexpected '&' (use '&&')");
  expect_error("has(rate) | rate", "at 11: unexpected '|' (use '||')");
  expect_error("rate >= 1.", "at 10: unexpected character '.'");
  expect_error("rate >= .5", "at 9: unexpected character '.'");
  expect_error("rate\x01", "at 5: unexpected control character 0x01");
  expect_error("rate \xff", "at 6: invalid byte 0xFF");
  expect_error("rate \xe2\x89", "at 6: invalid byte 0xE2");
}

static void test_errors_numbers(void **state) {
  (void)state;
  expect_error("rate >= 1.1234567", "at 9: more than six decimals in '1.1234567'");
  expect_error("rate >= 10000000000000", "at 9: number out of range '10000000000000'");
  assert_true(const_holds("9000000000000 > 0"));
  assert_true(const_holds("1.123456 == 1.123456"));
}

static void test_errors_structure(void **state) {
  (void)state;
  expect_error("", "at 1: empty condition");
  expect_error("   ", "at 4: empty condition");
  expect_error("rate >= 90 rate", "at 12: unexpected 'rate'");
  expect_error("rate >= 90 90", "at 12: unexpected '90'");
  expect_error("rate >= 90)", "at 11: unmatched ')'");
  expect_error("(rate >= 90", "at 12: missing ')' for the '(' at 1");
  expect_error("((rate >= 90)", "at 14: missing ')' for the '(' at 1");
  expect_error("(rate >= 90 rate", "at 13: expected ')' but found 'rate'");
  expect_error("()", "at 2: expected a number, a name or '(' but found ')'");
  expect_error("rate >=", "at 8: unexpected end of condition");
  expect_error("rate >= >= 1", "at 9: expected a number, a name or '(' but found '>='");
  expect_error("&& rate", "at 1: expected a number, a name or '(' but found '&&'");
  expect_error("rate >= 90 &&", "at 14: unexpected end of condition");
  expect_error("1 < 2 < 3", "at 7: comparisons do not chain; use && between them, found '<'");
  expect_error("has rate", "at 5: expected '(' after 'has' but found 'rate'");
  expect_error("has", "at 4: expected '(' after 'has' but found end of condition");
  expect_error("has(1)", "at 5: has() takes a variable name, found '1'");
  expect_error("has(rate + 1)", "at 10: expected ')' but found '+'");
  expect_error("has(rat)", "at 5: unknown name 'rat'");
  expect_error("has(rate", "at 9: missing ')' for the '(' at 4");
  expect_error("abs 1", "at 5: expected '(' after 'abs' but found '1'");
  expect_error("abs(change", "at 11: missing ')' for the '(' at 4");
}

static void test_errors_limits(void **state) {
  (void)state;
  char src[5200];
  /* 64 nested groups compile, 65 do not. */
  int n = 0;
  for (int i = 0; i < 64; i++)
    src[n++] = '(';
  src[n++] = '1';
  for (int i = 0; i < 64; i++)
    src[n++] = ')';
  src[n] = '\0';
  assert_true(const_holds(src));
  n = 0;
  for (int i = 0; i < 65; i++)
    src[n++] = '(';
  src[n++] = '1';
  for (int i = 0; i < 65; i++)
    src[n++] = ')';
  src[n] = '\0';
  expect_error(src, "at 65: condition nested too deeply (limit 64)");
  /* A long flat chain is also a deep tree: 63 terms and a comparison compile (depth 64), 65
     terms do not. */
  strcpy(src, "1");
  for (int i = 1; i < 63; i++)
    strcat(src, "+1");
  strcat(src, " == 63");
  assert_true(const_holds(src));
  strcpy(src, "1");
  for (int i = 1; i < 65; i++)
    strcat(src, "+1");
  expect_error(src, "at 128: condition nested too deeply (limit 64)");
  /* So are many prefix operators. */
  memset(src, '!', 100);
  strcpy(src + 100, "1");
  expect_error(src, "at 65: condition nested too deeply (limit 64)");
  /* Longer than 4096 bytes. */
  memset(src, ' ', 5000);
  strcpy(src + 5000, "1");
  expect_error(src, "at 4097: condition too long (limit 4096 bytes)");
}

static void test_error_buffer(void **state) {
  (void)state;
  /* No buffer at all is fine. */
  assert_null(expr_compile("rate >=", NULL, 0));
  /* A small buffer is truncated, still terminated. */
  char err[10];
  assert_null(expr_compile("rate >= rat", err, sizeof err));
  assert_string_equal(err, "at 9: unk");
  /* A successful compile leaves an empty message. */
  char ok[20] = "stale";
  Expr *e = expr_compile("rate >= 1", ok, sizeof ok);
  assert_non_null(e);
  assert_string_equal(ok, "");
  expr_free(e);
  expr_free(NULL);
}

/* ---- expr_uses -------------------------------------------------------------------------- */

static void test_uses(void **state) {
  (void)state;
  assert_int_equal(uses_of("rate >= 90"), 1u << EV_RATE);
  assert_int_equal(uses_of("!has(actual)"), 1u << EV_ACTUAL);
  assert_int_equal(uses_of("actual >= target && year >= 2023"),
                   (1u << EV_ACTUAL) | (1u << EV_TARGET) | (1u << EV_YEAR));
  assert_int_equal(uses_of("(actual - baseline) / baseline * 100 > 5"),
                   (1u << EV_ACTUAL) | (1u << EV_BASELINE));
  assert_int_equal(uses_of("abs(change) <= 10"), 1u << EV_CHANGE);
  assert_int_equal(uses_of("1 + 1 == 2"), 0u);
  assert_int_equal(uses_of("rate + actual + target + final_target + baseline + change + year + k"
                           " + n > 0"),
                   (1u << EV__COUNT) - 1);
  assert_int_equal(uses_of("k == n"), (1u << EV_K) | (1u << EV_N));
  assert_int_equal(expr_uses(NULL), 0u);
}

static void test_var_names(void **state) {
  (void)state;
  assert_string_equal(expr_var_names[EV_RATE], "rate");
  assert_string_equal(expr_var_names[EV_ACTUAL], "actual");
  assert_string_equal(expr_var_names[EV_TARGET], "target");
  assert_string_equal(expr_var_names[EV_FINAL_TARGET], "final_target");
  assert_string_equal(expr_var_names[EV_BASELINE], "baseline");
  assert_string_equal(expr_var_names[EV_CHANGE], "change");
  assert_string_equal(expr_var_names[EV_YEAR], "year");
  assert_string_equal(expr_var_names[EV_K], "k");
  assert_string_equal(expr_var_names[EV_N], "n");
  /* Each name reads its own slot. */
  for (int v = 0; v < EV__COUNT; v++) {
    dec_t vars[EV__COUNT];
    clear(vars);
    vars[v] = D("7");
    char src[40];
    snprintf(src, sizeof src, "%s == 7", expr_var_names[v]);
    assert_true(holds(src, vars));
    for (int w = 0; w < EV__COUNT; w++) {
      snprintf(src, sizeof src, "has(%s)", expr_var_names[w]);
      assert_int_equal(holds(src, vars), v == w);
    }
  }
}

/* ---- Rule sets from docs/policy.md ------------------------------------------------------ */

static void test_five_bands(void **state) {
  (void)state;
  static const Rule rules[] = {
      {"S", "rate >= 120"}, {"A", "rate >= 100"}, {"B", "rate >= 80"},
      {"C", "rate >= 50"},  {"D", "has(rate)"},
  };
  static const struct {
    const char *rate, *label;
  } cases[] = {
      {"250", "S"},       {"120", "S"}, {"119.999999", "A"}, {"100", "A"},
      {"99.999999", "B"}, {"80", "B"},  {"79.999999", "C"},  {"50", "C"},
      {"49.999999", "D"}, {"0", "D"},   {"-12.5", "D"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dec_t vars[EV__COUNT];
    clear(vars);
    vars[EV_RATE] = D(cases[i].rate);
    const char *got = grade(rules, 5, vars);
    assert_non_null(got);
    if (strcmp(got, cases[i].label) != 0)
      fail_msg("rate %s: got %s, expected %s", cases[i].rate, got, cases[i].label);
  }
  dec_t none[EV__COUNT];
  clear(none);
  assert_null(grade(rules, 5, none));
}

static void test_baseline_rules(void **state) {
  (void)state;
  static const Rule rules[] = {
      {"達成", "rate >= 100"},  {"改善", "change > 10"},      {"横ばい", "change >= -10"},
      {"悪化", "change < -10"}, {"測定不能", "!has(actual)"},
  };
  static const struct {
    const char *actual, *rate, *change, *label;
  } cases[] = {
      {"100", "100", "25", "達成"},       {"90", "99.999999", "10.000001", "改善"},
      {"90", "90", "10", "横ばい"},       {"80", "80", "-10", "横ばい"},
      {"70", "70", "-10.000001", "悪化"}, {"70", NULL, "-40", "悪化"},
      {NULL, NULL, NULL, "測定不能"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dec_t vars[EV__COUNT];
    clear(vars);
    if (cases[i].actual) vars[EV_ACTUAL] = D(cases[i].actual);
    if (cases[i].rate) vars[EV_RATE] = D(cases[i].rate);
    if (cases[i].change) vars[EV_CHANGE] = D(cases[i].change);
    const char *got = grade(rules, 5, vars);
    assert_non_null(got);
    if (strcmp(got, cases[i].label) != 0) fail_msg("case %zu: got %s", i, got);
  }
  /* An actual with no baseline (so no change) and no rate matches nothing. */
  dec_t vars[EV__COUNT];
  clear(vars);
  vars[EV_ACTUAL] = D("5");
  assert_null(grade(rules, 5, vars));
}

static void test_baseline_formula(void **state) {
  (void)state;
  const char *rule = "(actual - baseline) / baseline * 100 > 5";
  dec_t vars[EV__COUNT];
  clear(vars);
  vars[EV_BASELINE] = D("200");
  vars[EV_ACTUAL] = D("210.0002"); /* +5.0001 % */
  assert_true(holds(rule, vars));
  vars[EV_ACTUAL] = D("210"); /* exactly +5 % */
  assert_false(holds(rule, vars));
  vars[EV_ACTUAL] = DEC_NONE;
  assert_false(holds(rule, vars));
  /* The pitfall has() is for: negating a comparison over a missing value gives true. */
  assert_true(holds("!((actual - baseline) / baseline * 100 <= 5)", vars));
  assert_false(holds("has(actual) && !((actual - baseline) / baseline * 100 <= 5)", vars));

  clear(vars);
  vars[EV_ACTUAL] = D("78691");
  vars[EV_TARGET] = D("78000");
  vars[EV_YEAR] = D("2023");
  const char *both = "actual >= target && year >= 2023";
  assert_true(holds(both, vars));
  vars[EV_YEAR] = D("2022");
  assert_false(holds(both, vars));
  vars[EV_YEAR] = D("2024");
  vars[EV_TARGET] = D("78691.000001");
  assert_false(holds(both, vars));
  vars[EV_TARGET] = DEC_NONE;
  assert_false(holds(both, vars));
}

/* One compiled condition is reusable over many evaluations. */
static void test_reuse(void **state) {
  (void)state;
  char err[100];
  Expr *e = expr_compile("k == n && rate >= 100", err, sizeof err);
  assert_non_null(e);
  dec_t vars[EV__COUNT];
  clear(vars);
  vars[EV_N] = D("5");
  vars[EV_RATE] = D("100");
  for (int k = 1; k <= 5; k++) {
    vars[EV_K] = dec_from_int(k);
    assert_int_equal(expr_true(e, vars), k == 5);
  }
  expr_free(e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_band_boundaries),
      cmocka_unit_test(test_spacing_and_unicode_operators),
      cmocka_unit_test(test_missing_operands),
      cmocka_unit_test(test_truthiness),
      cmocka_unit_test(test_precedence),
      cmocka_unit_test(test_exact_arithmetic),
      cmocka_unit_test(test_division_by_zero),
      cmocka_unit_test(test_overflow_is_missing),
      cmocka_unit_test(test_has_and_abs),
      cmocka_unit_test(test_and_or),
      cmocka_unit_test(test_errors_names_and_tokens),
      cmocka_unit_test(test_errors_numbers),
      cmocka_unit_test(test_errors_structure),
      cmocka_unit_test(test_errors_limits),
      cmocka_unit_test(test_error_buffer),
      cmocka_unit_test(test_uses),
      cmocka_unit_test(test_var_names),
      cmocka_unit_test(test_five_bands),
      cmocka_unit_test(test_baseline_rules),
      cmocka_unit_test(test_baseline_formula),
      cmocka_unit_test(test_reuse),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
