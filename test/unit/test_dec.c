/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_dec.c — unit tests for model/dec.c: exact arithmetic on millionths, rounding half away
** from zero, overflow and missing operands, formatting and plain parsing.
*/
#include "testutil.h"
#include "model/dec.h"

#include <math.h>

#define BIGGEST INT64_MAX /* 9223372036854.775807 */

static void assert_dec_text(dec_t d, int digits, const char *want) {
  char buf[DEC_MAX_TEXT];
  assert_string_equal(dec_format(d, digits, buf), want);
}

/* ---- parsing ---- */

static void test_parse_plain_valid(void **state) {
  (void)state;
  dec_t d = 0;
  assert_int_equal(dec_parse_plain("78691", &d), 0);
  assert_int_equal(d, INT64_C(78691000000));
  assert_int_equal(dec_parse_plain("-12.5", &d), 0);
  assert_int_equal(d, INT64_C(-12500000));
  assert_int_equal(dec_parse_plain("+0.000001", &d), 0);
  assert_int_equal(d, 1);
  assert_int_equal(dec_parse_plain("-0", &d), 0);
  assert_int_equal(d, 0);
  assert_int_equal(dec_parse_plain("007.50", &d), 0);
  assert_int_equal(d, INT64_C(7500000));
  assert_int_equal(dec_parse_plain("9223372036854.775807", &d), 0);
  assert_int_equal(d, BIGGEST);
  assert_int_equal(dec_parse_plain("-9223372036854.775807", &d), 0);
  assert_int_equal(d, -BIGGEST);
  /* zeros past the sixth place lose nothing */
  assert_int_equal(dec_parse_plain("1.50000000", &d), 0);
  assert_int_equal(d, INT64_C(1500000));
}

static void test_parse_plain_invalid(void **state) {
  (void)state;
  dec_t d = 42;
  const char *bad[] = {"",   "-",  "+",   ".",   ".5",  "5.",  "1.2.3", "1,000",
                       " 1", "1 ", "1e5", "--1", "abc", "12a", "0x10",  "１"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(dec_parse_plain(bad[i], &d), -1);
  }
  assert_int_equal(dec_parse_plain(NULL, &d), -1);
  assert_int_equal(dec_parse_plain("0.1234567", &d), -2);
  assert_int_equal(dec_parse_plain("1.0000001", &d), -2);
  assert_int_equal(dec_parse_plain("9223372036854.775808", &d), -3);
  assert_int_equal(dec_parse_plain("-9223372036854.775808", &d), -3); /* would be DEC_NONE */
  assert_int_equal(dec_parse_plain("99999999999999999999999999999", &d), -3);
  assert_int_equal(d, 42); /* untouched on failure */
}

/* ---- arithmetic ---- */

static void test_from_int_and_sum_exact(void **state) {
  (void)state;
  assert_int_equal(dec_from_int(90), D("90"));
  assert_int_equal(D("0.1") + D("0.2"), D("0.3"));
  assert_true(dec_is_none(DEC_NONE));
  assert_false(dec_is_none(0));
}

static void test_mul(void **state) {
  (void)state;
  assert_int_equal(dec_mul(D("1.5"), D("2")), D("3"));
  assert_int_equal(dec_mul(D("-1.5"), D("1.5")), D("-2.25"));
  assert_int_equal(dec_mul(D("0.001"), D("0.001")), D("0.000001"));
  /* 0.0000005 rounds away from zero, both ways */
  assert_int_equal(dec_mul(D("0.000001"), D("0.5")), D("0.000001"));
  assert_int_equal(dec_mul(D("-0.000001"), D("0.5")), D("-0.000001"));
  assert_int_equal(dec_mul(D("0.000001"), D("0.4")), 0);
  assert_int_equal(dec_mul(D("123456.789"), D("1000")), D("123456789"));
}

static void test_div(void **state) {
  (void)state;
  assert_int_equal(dec_div(D("1"), D("3")), D("0.333333"));
  assert_int_equal(dec_div(D("2"), D("3")), D("0.666667"));
  assert_int_equal(dec_div(D("-2"), D("3")), D("-0.666667"));
  assert_int_equal(dec_div(D("2"), D("-3")), D("-0.666667"));
  assert_int_equal(dec_div(D("-2"), D("-3")), D("0.666667"));
  assert_int_equal(dec_div(D("81"), D("90")), D("0.9"));
  assert_int_equal(dec_div(D("1"), D("0.000002")), D("500000"));
}

static void test_percent_exact(void **state) {
  (void)state;
  assert_int_equal(dec_percent(D("81"), D("90")), D("90"));
  /* lower is better: target / actual, rounded once */
  assert_int_equal(dec_percent(D("27"), D("23")), D("117.391304"));
  assert_int_equal(dec_percent(D("53"), D("59")), D("89.830508"));
  assert_int_equal(dec_percent(D("1"), D("3")), D("33.333333"));
  assert_int_equal(dec_percent(D("2"), D("3")), D("66.666667"));
  assert_int_equal(dec_percent(D("-1"), D("8")), D("-12.5"));
  assert_int_equal(dec_percent(0, D("5")), 0);
}

static void test_none_and_zero_division(void **state) {
  (void)state;
  assert_int_equal(dec_div(D("1"), 0), DEC_NONE);
  assert_int_equal(dec_percent(D("1"), 0), DEC_NONE);
  assert_int_equal(dec_mul(DEC_NONE, D("1")), DEC_NONE);
  assert_int_equal(dec_mul(D("1"), DEC_NONE), DEC_NONE);
  assert_int_equal(dec_div(DEC_NONE, D("1")), DEC_NONE);
  assert_int_equal(dec_div(D("1"), DEC_NONE), DEC_NONE);
  assert_int_equal(dec_percent(DEC_NONE, D("1")), DEC_NONE);
  assert_int_equal(dec_percent(D("1"), DEC_NONE), DEC_NONE);
  assert_int_equal(dec_round(DEC_NONE, 1), DEC_NONE);
}

static void test_overflow(void **state) {
  (void)state;
  assert_int_equal(dec_mul(D("9223372036854"), D("2")), DEC_NONE);
  assert_int_equal(dec_mul(D("-9223372036854"), D("2")), DEC_NONE);
  assert_int_equal(dec_mul(D("4611686018427"), D("2")), D("9223372036854"));
  assert_int_equal(dec_div(D("9223372036854"), D("0.5")), DEC_NONE);
  assert_int_equal(dec_percent(D("9223372036854"), D("1")), DEC_NONE);
  assert_int_equal(dec_percent(D("92233720368"), D("1")), D("9223372036800"));
  /* rounding up past the largest value */
  assert_int_equal(dec_round(BIGGEST, 0), DEC_NONE);
  assert_int_equal(dec_round(-BIGGEST, 0), DEC_NONE);
  assert_int_equal(dec_mul(BIGGEST, D("1")), BIGGEST);
}

static void test_mean(void **state) {
  (void)state;
  dec_t two[] = {D("130.9"), D("69.1")};
  assert_int_equal(dec_mean(two, 2), D("100"));
  dec_t three[] = {D("1"), D("1"), D("0")};
  assert_int_equal(dec_mean(three, 3), D("0.666667"));
  dec_t neg[] = {D("-1"), D("-1"), D("0")};
  assert_int_equal(dec_mean(neg, 3), D("-0.666667"));
  dec_t big[] = {BIGGEST, BIGGEST}; /* the sum overflows 64 bits, the mean does not */
  assert_int_equal(dec_mean(big, 2), BIGGEST);
  dec_t gap[] = {D("1"), DEC_NONE};
  assert_int_equal(dec_mean(gap, 2), DEC_NONE);
  assert_int_equal(dec_mean(two, 0), DEC_NONE);
  assert_int_equal(dec_mean(NULL, 0), DEC_NONE);
}

static void test_round_half_away_from_zero(void **state) {
  (void)state;
  assert_int_equal(dec_round(D("89.830508"), 1), D("89.8"));
  assert_int_equal(dec_round(D("89.85"), 1), D("89.9"));
  assert_int_equal(dec_round(D("89.849999"), 1), D("89.8"));
  assert_int_equal(dec_round(D("-1.25"), 1), D("-1.3"));
  assert_int_equal(dec_round(D("-1.24"), 1), D("-1.2"));
  assert_int_equal(dec_round(D("2.5"), 0), D("3"));
  assert_int_equal(dec_round(D("-2.5"), 0), D("-3"));
  assert_int_equal(dec_round(D("0.4"), 0), 0);
  assert_int_equal(dec_round(D("117.391304"), 2), D("117.39"));
  assert_int_equal(dec_round(D("99.995"), 2), D("100"));
  assert_int_equal(dec_round(D("1.234567"), 6), D("1.234567"));
  assert_int_equal(dec_round(D("1.234567"), 5), D("1.23457"));
}

/* ---- formatting ---- */

static void test_format_shortest(void **state) {
  (void)state;
  assert_dec_text(D("90"), -1, "90");
  assert_dec_text(D("89.830508"), -1, "89.830508");
  assert_dec_text(D("0.5"), -1, "0.5");
  assert_dec_text(D("-1.25"), -1, "-1.25");
  assert_dec_text(D("-0.000001"), -1, "-0.000001");
  assert_dec_text(D("78691"), -1, "78691");
  assert_dec_text(D("51.10"), -1, "51.1");
  assert_dec_text(0, -1, "0");
  assert_dec_text(BIGGEST, -1, "9223372036854.775807");
  assert_dec_text(-BIGGEST, -1, "-9223372036854.775807");
  assert_dec_text(DEC_NONE, -1, "");
}

static void test_format_fixed(void **state) {
  (void)state;
  assert_dec_text(D("90"), 1, "90.0");
  assert_dec_text(D("89.85"), 1, "89.9");
  assert_dec_text(D("89.830508"), 1, "89.8");
  assert_dec_text(D("-1.25"), 1, "-1.3");
  assert_dec_text(D("-0.04"), 1, "0.0"); /* no negative zero */
  assert_dec_text(D("0.05"), 1, "0.1");
  assert_dec_text(D("99.95"), 1, "100.0");
  assert_dec_text(D("117.391304"), 0, "117");
  assert_dec_text(D("2.5"), 0, "3");
  assert_dec_text(D("1.5"), 3, "1.500");
  assert_dec_text(D("1.5"), 6, "1.500000");
  assert_dec_text(D("0.000001"), 6, "0.000001");
  /* rounding past the largest value still prints */
  assert_dec_text(BIGGEST, 0, "9223372036855");
  assert_dec_text(-BIGGEST, 2, "-9223372036854.78");
  assert_dec_text(DEC_NONE, 1, "");
}

static void test_format_parse_round_trip(void **state) {
  (void)state;
  const char *texts[] = {"0", "1", "-1", "0.1", "123.456789", "-0.5", "1000000", "3.14"};
  char buf[DEC_MAX_TEXT];
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    dec_format(D(texts[i]), -1, buf);
    assert_string_equal(buf, texts[i]);
  }
}

static void test_to_double(void **state) {
  (void)state;
  assert_true(dec_to_double(D("92.7")) == 92.7);
  assert_true(dec_to_double(D("-0.5")) == -0.5);
  assert_true(isnan(dec_to_double(DEC_NONE)));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_plain_valid),
      cmocka_unit_test(test_parse_plain_invalid),
      cmocka_unit_test(test_from_int_and_sum_exact),
      cmocka_unit_test(test_mul),
      cmocka_unit_test(test_div),
      cmocka_unit_test(test_percent_exact),
      cmocka_unit_test(test_none_and_zero_division),
      cmocka_unit_test(test_overflow),
      cmocka_unit_test(test_mean),
      cmocka_unit_test(test_round_half_away_from_zero),
      cmocka_unit_test(test_format_shortest),
      cmocka_unit_test(test_format_fixed),
      cmocka_unit_test(test_format_parse_round_trip),
      cmocka_unit_test(test_to_double),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
