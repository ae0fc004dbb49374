/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_form.c — unit tests for web/form.c: decoding urlencoded form bodies as browsers send
** them (+ for space, %XX bytes, Japanese text, repeated and empty fields) and refusing what
** no browser sends (bad escapes, NUL bytes, bytes that are not UTF-8).
*/
#include "testutil.h"
#include "web/web.h"

static void test_form_decodes_fields(void **state) {
  (void)state;
  const char *body = "login=dx-clerk&num.0=%EF%BC%91%EF%BC%8C%EF%BC%92%EF%BC%93%EF%BC%94"
                     "&note.0=a+b%26c%3D%3Cscript%3E&empty=&flag&num.0=second";
  Form f;
  assert_int_equal(form_parse(&f, body, strlen(body)), 0);
  assert_string_equal(form_get(&f, "login"), "dx-clerk");
  assert_string_equal(form_get(&f, "num.0"), "１，２３４"); /* the first of a repeated name */
  assert_string_equal(form_get(&f, "note.0"), "a b&c=<script>");
  assert_string_equal(form_get(&f, "empty"), "");
  assert_string_equal(form_get(&f, "flag"), "");
  assert_null(form_get(&f, "missing"));
  assert_int_equal(f.n, 6);
  form_free(&f);
}

static void test_form_keeps_sql_and_quotes_verbatim(void **state) {
  (void)state;
  const char *body = "note=%27%3B+DROP+TABLE+entries%3B+--+%22";
  Form f;
  assert_int_equal(form_parse(&f, body, strlen(body)), 0);
  assert_string_equal(form_get(&f, "note"), "'; DROP TABLE entries; -- \"");
  form_free(&f);
}

static void test_form_refuses_malformed(void **state) {
  (void)state;
  const char *bad[] = {"a=%zz", "a=%4", "a=%", "a=%00", "a=%FF%FE", "%=1", "a=b%C3"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    Form f;
    assert_int_equal(form_parse(&f, bad[i], strlen(bad[i])), -1);
    form_free(&f);
  }
}

static void test_form_empty_body(void **state) {
  (void)state;
  Form f;
  assert_int_equal(form_parse(&f, "", 0), 0);
  assert_int_equal(f.n, 0);
  assert_null(form_get(&f, "csrf"));
  form_free(&f);
  assert_int_equal(form_parse(&f, "&&a=1&&", 7), 0);
  assert_int_equal(f.n, 1);
  assert_string_equal(form_get(&f, "a"), "1");
  form_free(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_form_decodes_fields),
      cmocka_unit_test(test_form_keeps_sql_and_quotes_verbatim),
      cmocka_unit_test(test_form_refuses_malformed),
      cmocka_unit_test(test_form_empty_body),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
