/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_encoding.c — unit tests for formats/encoding.c: UTF-8 with and without a byte-order
** mark, CP932 detected and named, and files in neither refused at the right line and byte.
*/
#include "testutil.h"
#include "formats/encoding.h"

/* Decode a copy of bytes; returns the status, the text in *out (caller frees). */
static int decode(const char *bytes, size_t n, const char *enc, char **out, const char **used,
                  Errors *e) {
  char *data = xmalloc(n + 1);
  memcpy(data, bytes, n);
  data[n] = '\0';
  int rc = encoding_to_utf8("t.csv", enc, &data, &n, used, e);
  assert_int_equal(strlen(data), n);
  *out = data;
  return rc;
}

static void test_utf8_kept_bom_dropped(void **state) {
  (void)state;
  Errors e = {0};
  char *t;
  const char *used;
  static const char bom[] = "\xEF\xBB\xBFid,名前\n";
  assert_int_equal(decode(bom, sizeof bom - 1, NULL, &t, &used, &e), 0);
  assert_string_equal(t, "id,名前\n");
  assert_string_equal(used, "utf-8");
  free(t);
  assert_int_equal(decode("a,b\r\n", 5, "auto", &t, &used, &e), 0);
  assert_string_equal(t, "a,b\r\n");
  free(t);
  assert_int_equal(e.count, 0);
}

/* 鹿児島市 in CP932: 8E AD 8E 99 93 87 8E 73; ① is the NEC special 87 40 */
static const char SJIS[] = "id,name\nx,\x8e\xad\x8e\x99\x93\x87\x8e\x73\x87\x40\n";

static void test_cp932_detected_and_named(void **state) {
  (void)state;
  Errors e = {0};
  char *t;
  const char *used;
  assert_int_equal(decode(SJIS, sizeof SJIS - 1, NULL, &t, &used, &e), 0);
  assert_string_equal(t, "id,name\nx,鹿児島市①\n");
  assert_string_equal(used, "cp932");
  free(t);
  assert_int_equal(decode(SJIS, sizeof SJIS - 1, "Shift_JIS", &t, &used, &e), 0);
  assert_string_equal(t, "id,name\nx,鹿児島市①\n");
  free(t);
  /* named UTF-8: refused at the first byte of 鹿 (line 2, byte 11) */
  assert_int_equal(decode(SJIS, sizeof SJIS - 1, "utf-8", &t, &used, &e), -1);
  free(t);
  assert_int_equal(e.count, 1);
  assert_string_equal(e.msgs[0], "t.csv:2: byte 11: the file is not UTF-8 (save it as UTF-8 CSV)");
  errors_free(&e);
}

static void test_neither_refused_where_it_breaks(void **state) {
  (void)state;
  Errors e = {0};
  char *t;
  const char *used;
  /* valid UTF-8 up to byte 14 of line 3; 0xFF is never CP932 either */
  static const char bad[] = "a,b\n1,2\nok,\xc3\xa9\xff\n";
  assert_int_equal(decode(bad, sizeof bad - 1, NULL, &t, &used, &e), -1);
  free(t);
  assert_string_equal(e.msgs[0], "t.csv:3: byte 14: the file is neither UTF-8 nor Shift_JIS "
                                 "(CP932) (save it as UTF-8 CSV)");
  errors_free(&e);
  /* CP932 named: a lead byte without a trail byte */
  static const char cut[] = "a\n\x8e\n";
  assert_int_equal(decode(cut, sizeof cut - 1, "cp932", &t, &used, &e), -1);
  free(t);
  assert_string_equal(e.msgs[0], "t.csv:2: byte 3: the file is not Shift_JIS (CP932)");
  errors_free(&e);
}

static void test_names(void **state) {
  (void)state;
  assert_string_equal(encoding_name(NULL), "auto");
  assert_string_equal(encoding_name("UTF8"), "utf-8");
  assert_string_equal(encoding_name("sjis"), "cp932");
  assert_string_equal(encoding_name("Windows-31J"), "cp932");
  assert_null(encoding_name("latin1"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_utf8_kept_bom_dropped),
      cmocka_unit_test(test_cp932_detected_and_named),
      cmocka_unit_test(test_neither_refused_where_it_breaks),
      cmocka_unit_test(test_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
