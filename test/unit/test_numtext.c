/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_numtext.c — unit tests for model/numtext.c: thousands separators on both sides of
** every group boundary, negative numbers, decimals untouched, units and 「%」, none as 「－」.
*/
#include "testutil.h"
#include "model/numtext.h"

static void assert_grouped(const char *plain, int digits, const char *want) {
  dec_t d = 0;
  char buf[NUMTEXT_MAX];
  assert_int_equal(dec_parse_plain(plain, &d), 0);
  assert_string_equal(num_grouped(d, digits, buf), want);
}

static void test_grouping(void **state) {
  (void)state;
  assert_grouped("0", -1, "0");
  assert_grouped("980", -1, "980");
  assert_grouped("999", 0, "999");
  assert_grouped("1000", -1, "1,000");
  assert_grouped("78691", -1, "78,691");
  assert_grouped("164000", -1, "164,000");
  assert_grouped("1234567.5", 1, "1,234,567.5");
  assert_grouped("-1000", -1, "-1,000");
  assert_grouped("-999", -1, "-999");
  assert_grouped("1234.5678", 2, "1,234.57");
  assert_grouped("9223372036854.775807", -1, "9,223,372,036,854.775807");
}

static void test_units_and_percent(void **state) {
  (void)state;
  char buf[80];
  dec_t d = 0;
  assert_int_equal(dec_parse_plain("78691", &d), 0);
  assert_string_equal(num_with_unit(d, -1, "件", buf, sizeof buf), "78,691件");
  assert_string_equal(num_with_unit(d, -1, NULL, buf, sizeof buf), "78,691");
  assert_string_equal(num_with_unit(DEC_NONE, -1, "件", buf, sizeof buf), "－");
  assert_int_equal(dec_parse_plain("91.489286", &d), 0);
  assert_string_equal(num_percent(d, 1, buf, sizeof buf), "91.5%");
  assert_int_equal(dec_parse_plain("1130.9", &d), 0);
  assert_string_equal(num_percent(d, 0, buf, sizeof buf), "1,131%");
  assert_string_equal(num_percent(DEC_NONE, 1, buf, sizeof buf), "－");
  /* a unit longer than the buffer is cut, never overrun */
  assert_true(strlen(num_with_unit(d, 0, "件件件件", buf, 8)) < 8);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_grouping),
      cmocka_unit_test(test_units_and_percent),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
