/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_text.c — unit tests for model/text.c: NFKC normalisation, UTF-8 checking, the dash
** family, fiscal years in every accepted form, era formatting, numbers and dates.
*/
#include "testutil.h"
#include "model/text.h"

/* ---- helpers ---- */

static void assert_fy(const char *s, int era_base, int want) {
  int year = -1;
  if (fy_parse(s, era_base, &year) != 0) fail_msg("fy_parse(\"%s\", %d) failed", s, era_base);
  if (year != want) fail_msg("fy_parse(\"%s\", %d) = %d, want %d", s, era_base, year, want);
}

static void assert_fy_bad(const char *s, int era_base) {
  int year = 12345;
  if (fy_parse(s, era_base, &year) != -1) fail_msg("fy_parse(\"%s\", %d) accepted", s, era_base);
  assert_int_equal(year, 12345);
}

static void assert_num(const char *s, const char *want) {
  dec_t d = DEC_NONE;
  int rc = num_parse(s, &d);
  if (rc != 0) fail_msg("num_parse(\"%s\") = %d", s, rc);
  if (d != D(want)) fail_msg("num_parse(\"%s\") = %lld, want %s", s, (long long)d, want);
}

static void assert_num_rc(const char *s, int want_rc) {
  dec_t d = 7;
  int rc = num_parse(s, &d);
  if (rc != want_rc) fail_msg("num_parse(\"%s\") = %d, want %d", s, rc, want_rc);
}

static void assert_date(const char *s, const char *want) {
  char buf[11] = "";
  if (date_parse(s, buf) != 0) fail_msg("date_parse(\"%s\") failed", s);
  assert_string_equal(buf, want);
}

static void assert_date_bad(const char *s) {
  char buf[11] = "untouched";
  if (date_parse(s, buf) != -1) fail_msg("date_parse(\"%s\") accepted: %s", s, buf);
}

static void assert_normalized(const char *s, const char *want) {
  char *t = text_normalize(s);
  assert_non_null(t);
  assert_string_equal(t, want);
  free(t);
}

/* ---- normalisation ---- */

static void test_normalize_nfkc(void **state) {
  (void)state;
  assert_normalized("Ｒ５", "R5");
  assert_normalized("７８，６９１", "78,691");
  assert_normalized("ＦＹ２０２３", "FY2023");
  assert_normalized("９２．７％", "92.7%");
  assert_normalized("ｶﾞｲﾄﾞ", "ガイド");
  assert_normalized("ﾃﾞｼﾞﾀﾙ", "デジタル");
  assert_normalized("㍻", "平成");
  assert_normalized("令和5年度", "令和5年度");
}

static void test_normalize_trims_and_folds(void **state) {
  (void)state;
  assert_normalized("\u3000 ○ \t\n", "○");
  assert_normalized("  中  央 ", "中  央");
  assert_normalized("\u3007", "\u25CB");
  assert_normalized("\u25EF", "\u25CB");
  assert_normalized("◎〇△", "◎○△");
  assert_normalized("", "");
  assert_normalized("\u3000\u3000", "");
}

static void test_normalize_rejects_bad_utf8(void **state) {
  (void)state;
  assert_null(text_normalize(NULL));
  assert_null(text_normalize("abc\xff"));
  assert_null(text_normalize("\xe3\x81"));
}

static void test_is_utf8(void **state) {
  (void)state;
  const char *ok = "令和5年度 ◎";
  assert_true(text_is_utf8(ok, strlen(ok)));
  assert_true(text_is_utf8("", 0));
  assert_true(text_is_utf8("\xF0\x9F\x98\x80", 4)); /* U+1F600 */
  assert_false(text_is_utf8("\xff", 1));
  assert_false(text_is_utf8("\xC0\x80", 2));         /* overlong NUL */
  assert_false(text_is_utf8("\xE0\x80\x80", 3));     /* overlong */
  assert_false(text_is_utf8("\xED\xA0\x80", 3));     /* surrogate */
  assert_false(text_is_utf8("\xF4\x90\x80\x80", 4)); /* past U+10FFFF */
  assert_false(text_is_utf8("\xE4\xBB", 2));         /* cut short */
  assert_false(text_is_utf8(ok, 2));                 /* cut inside 令 */
  assert_false(text_is_utf8("a\x80", 2));            /* stray continuation */
}

/* ---- blanks ---- */

static void test_blank(void **state) {
  (void)state;
  const char *blank[] = {"",       " ",      "\t\r\n", "\u3000",         "-",      "\uFF0D",
                         "\u2015", "\u2014", "\u2010", "\u2011",         "\u2013", "\u2212",
                         "\u30FC", "\uFF70", " - ",    "\u3000－\u3000", "  ー"};
  for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
    if (!text_is_blank(blank[i])) fail_msg("\"%s\" should be blank", blank[i]);
  }
  assert_true(text_is_blank(NULL));
  const char *not_blank[] = {"--", "－－", "0", "-1", "a", "ーー", "未定", "○", "- -", "－1"};
  for (size_t i = 0; i < sizeof not_blank / sizeof not_blank[0]; i++) {
    if (text_is_blank(not_blank[i])) fail_msg("\"%s\" should not be blank", not_blank[i]);
  }
}

/* ---- fiscal years ---- */

static void test_fy_western(void **state) {
  (void)state;
  assert_fy("2023", 0, 2023);
  assert_fy("2023年度", 0, 2023);
  assert_fy("2023年", 0, 2023);
  assert_fy("FY2023", 0, 2023);
  assert_fy("fy2023", 0, 2023);
  assert_fy("ＦＹ２０２３", 0, 2023);
  assert_fy("２０２３年度", 0, 2023);
  assert_fy(" 2023 ", 0, 2023);
  assert_fy("\u30002023年度\u3000", 0, 2023);
  assert_fy("2023年度末", 0, 2023);
  assert_fy("1926", 0, 1926);
  assert_fy("2200", 0, 2200);
  /* four digits are Western even inside an era */
  assert_fy("2023", 2018, 2023);
  assert_fy("1995年度", 2018, 1995);
}

static void test_fy_reiwa(void **state) {
  (void)state;
  assert_fy("R5", 0, 2023);
  assert_fy("r5", 0, 2023);
  assert_fy("Ｒ５", 0, 2023);
  assert_fy("ｒ５", 0, 2023);
  assert_fy("R05", 0, 2023);
  assert_fy("令和5年度", 0, 2023);
  assert_fy("令和５年度", 0, 2023);
  assert_fy("令和5年", 0, 2023);
  assert_fy("令和 5 年度", 0, 2023);
  assert_fy("令和元年", 0, 2019);
  assert_fy("令和元年度", 0, 2019);
  assert_fy("R元", 0, 2019);
  assert_fy("R1", 0, 2019);
  assert_fy("R5末", 0, 2023);
  assert_fy("R5年度末", 0, 2023);
  assert_fy("令和12年度", 0, 2030);
  assert_fy("㋿5", 0, 2023);
}

static void test_fy_heisei_showa(void **state) {
  (void)state;
  assert_fy("H30", 0, 2018);
  assert_fy("h30", 0, 2018);
  assert_fy("平成30年度", 0, 2018);
  assert_fy("平成31年度", 0, 2019);
  assert_fy("H31", 0, 2019);
  assert_fy("H1", 0, 1989);
  assert_fy("平成元年度", 0, 1989);
  assert_fy("S63", 0, 1988);
  assert_fy("昭和63年度", 0, 1988);
  assert_fy("S1", 0, 1926);
  assert_fy("S64", 0, 1989);
  assert_fy("㍻30年度", 0, 2018);
}

static void test_fy_era_less(void **state) {
  (void)state;
  assert_fy("5年度", 2018, 2023);
  assert_fy("5", 2018, 2023);
  assert_fy("５年度", 2018, 2023);
  assert_fy("元年度", 2018, 2019);
  assert_fy("30年度", 1988, 2018);
  assert_fy("5年度末", 2018, 2023);
  assert_fy_bad("5年度", 0);
  assert_fy_bad("5", 0);
  assert_fy_bad("元年度", 0);
  assert_fy_bad("0", 2018);
  assert_fy_bad("12345", 2018);
}

static void test_fy_both_forms(void **state) {
  (void)state;
  assert_fy("令和5年度（2023年度）", 0, 2023);
  assert_fy("令和元年度(2019年度)", 0, 2019);
  assert_fy_bad("令和5年度（2022年度）", 0);
  assert_fy_bad("令和5年度（2023年度", 0);
  assert_fy_bad("令和5年度（）", 0);
}

static void test_fy_rejects(void **state) {
  (void)state;
  const char *bad[] = {"",      "R",      "令和",       "R0",         "令和0年度", "H32",
                       "H0",    "S65",    "平成32年度", "2023年度度", "abc",       "1900",
                       "1925",  "2201",   "FY23",       "FY",         "R5R",       "R 5 6",
                       "20 23", "2023.5", "-2023",      "R-5",        "R2023",     "令和5年度x",
                       "年度",  "5年度5", "FY令和5",    "元",         "R元元",     "X5"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_fy_bad(bad[i], 0);
  int year = 0;
  assert_int_equal(fy_parse(NULL, 0, &year), -1);
  assert_fy_bad("\xff", 0);
  assert_fy_bad("", 2018);
  assert_fy_bad("年度", 2018);
  assert_fy_bad("5年度度", 2018);
}

static void test_fy_era_format(void **state) {
  (void)state;
  char buf[64];
  assert_string_equal(fy_era(2019, buf), "令和元年度");
  assert_string_equal(fy_era(2023, buf), "令和5年度");
  assert_string_equal(fy_era(2018, buf), "平成30年度");
  assert_string_equal(fy_era(1989, buf), "平成元年度");
  assert_string_equal(fy_era(1988, buf), "昭和63年度");
  assert_string_equal(fy_era(1926, buf), "昭和元年度");
  assert_string_equal(fy_era_short(2023, buf), "R5");
  assert_string_equal(fy_era_short(2019, buf), "R1");
  assert_string_equal(fy_era_short(2018, buf), "H30");
  assert_string_equal(fy_era_short(1988, buf), "S63");
  assert_string_equal(fy_both(2023, buf), "令和5年度（2023年度）");
  assert_string_equal(fy_both(2019, buf), "令和元年度（2019年度）");
  assert_string_equal(fy_both(2018, buf), "平成30年度（2018年度）");
}

static void test_fy_format_parses_back(void **state) {
  (void)state;
  char buf[64];
  for (int y = 1926; y <= 2200; y++) {
    int got = 0;
    assert_int_equal(fy_parse(fy_era(y, buf), 0, &got), 0);
    assert_int_equal(got, y);
    assert_int_equal(fy_parse(fy_era_short(y, buf), 0, &got), 0);
    assert_int_equal(got, y);
    assert_int_equal(fy_parse(fy_both(y, buf), 0, &got), 0);
    assert_int_equal(got, y);
  }
}

/* ---- numbers ---- */

static void test_num_plain_and_full_width(void **state) {
  (void)state;
  assert_num("78691", "78691");
  assert_num("７８，６９１", "78691");
  assert_num("78,691", "78691");
  assert_num("1,234,567.25", "1234567.25");
  assert_num("１２．５", "12.5");
  assert_num(" 49 ", "49");
  assert_num("\u300049\u3000", "49");
  assert_num("0", "0");
  assert_num("0.000001", "0.000001");
  assert_num("1,2,3", "123"); /* lenient: any comma between digits */
}

static void test_num_signs_and_percent(void **state) {
  (void)state;
  assert_num("-12.5", "-12.5");
  assert_num("+3", "3");
  assert_num("＋３", "3");
  assert_num("－５", "-5");
  assert_num("\u22125", "-5");
  assert_num("▲1,200", "-1200");
  assert_num("▲ 1,200", "-1200");
  assert_num("92.7%", "92.7");
  assert_num("９２．７％", "92.7");
  assert_num("90.0 %", "90");
  assert_num("-10%", "-10");
}

static void test_num_rejects(void **state) {
  (void)state;
  const char *bad[] = {"",    "-",    "－",    "▲",    "%",    "約50",   "50名", "1.2.3",
                       "abc", "1.",   ".5",    ",100", "100,", "1,,000", "1e5",  "--5",
                       "+-5", "5-",   "1 000", "50%%", "%50",  "1.2,3",  "ー",   "△5",
                       "①",   "5 %a", "10²",   "⑩",    "½"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_num_rc(bad[i], -1);
  dec_t d = 7;
  assert_int_equal(num_parse(NULL, &d), -1);
  assert_int_equal(d, 7);
  assert_num_rc("\xff", -1);
}

static void test_num_decimals_and_range(void **state) {
  (void)state;
  assert_num_rc("0.1234567", -2);
  assert_num_rc("１．２３４５６７８", -2);
  assert_num_rc("99,999,999,999,999", -3);
  assert_num_rc("▲99999999999999", -3);
  assert_num("9,223,372,036,854", "9223372036854");
}

/* ---- dates ---- */

static void test_date_valid(void **state) {
  (void)state;
  assert_date("2024-03-31", "2024-03-31");
  assert_date("2024/3/31", "2024-03-31");
  assert_date("2024.3.31", "2024-03-31");
  assert_date("2024年3月31日", "2024-03-31");
  assert_date("２０２４年３月３１日", "2024-03-31");
  assert_date("令和6年3月31日", "2024-03-31");
  assert_date("令和元年5月1日", "2019-05-01");
  assert_date("R6.3.31", "2024-03-31");
  assert_date("Ｒ６．３．３１", "2024-03-31");
  assert_date("H31.4.1", "2019-04-01");
  assert_date("平成31年4月1日", "2019-04-01");
  assert_date("S64.1.7", "1989-01-07");
  assert_date("2024-02-29", "2024-02-29");
  assert_date("2000-02-29", "2000-02-29");
  assert_date(" 2024/12/1 ", "2024-12-01");
}

static void test_date_invalid(void **state) {
  (void)state;
  const char *bad[] = {"",           "2024",        "2024-03",    "2024-3-31-1", "2023-02-29",
                       "1900-02-29", "2100-02-29",  "2024-04-31", "2024-13-01",  "2024-00-10",
                       "2024-01-00", "2024-01-32",  "2024-3/31",  "2024/03.31",  "24-03-31",
                       "R0.1.1",     "H32.1.1",     "令和6年3月", "2024年3/31",  "2024-003-01",
                       "abc",        "2024-03-31x", "R6.3.31.",   "1899-12-31",  "2024年3月31日日"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_date_bad(bad[i]);
  char buf[11];
  assert_int_equal(date_parse(NULL, buf), -1);
}

/* Invalid bytes become '?' one for one; a valid string is left as it is. */
static void test_utf8_scrub(void **state) {
  (void)state;
  char a[] = "ok\xFF\xE3\x81z\xE3\x81\x82";
  assert_int_equal(text_utf8_scrub(a, strlen(a)), 3);
  assert_string_equal(a, "ok???z\xE3\x81\x82");
  char b[] = "\xE9\x80\xB2\xE6\x8D\x97";
  assert_int_equal(text_utf8_scrub(b, strlen(b)), 0);
  assert_string_equal(b, "\xE9\x80\xB2\xE6\x8D\x97");
  char c[] = "\xC0\xAF"; /* an overlong '/' is not UTF-8 */
  assert_int_equal(text_utf8_scrub(c, strlen(c)), 2);
}

/* A cut never leaves the first bytes of a character at the end. */
static void test_utf8_cut(void **state) {
  (void)state;
  const char *s = "a\xE3\x81\x82\xF0\x9F\x98\x80";
  assert_int_equal(text_utf8_cut(s, 8), 8);
  assert_int_equal(text_utf8_cut(s, 7), 4);
  assert_int_equal(text_utf8_cut(s, 5), 4);
  assert_int_equal(text_utf8_cut(s, 4), 4);
  assert_int_equal(text_utf8_cut(s, 3), 1);
  assert_int_equal(text_utf8_cut(s, 2), 1);
  assert_int_equal(text_utf8_cut(s, 1), 1);
  assert_int_equal(text_utf8_cut(s, 0), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_normalize_nfkc),
      cmocka_unit_test(test_normalize_trims_and_folds),
      cmocka_unit_test(test_normalize_rejects_bad_utf8),
      cmocka_unit_test(test_is_utf8),
      cmocka_unit_test(test_blank),
      cmocka_unit_test(test_fy_western),
      cmocka_unit_test(test_fy_reiwa),
      cmocka_unit_test(test_fy_heisei_showa),
      cmocka_unit_test(test_fy_era_less),
      cmocka_unit_test(test_fy_both_forms),
      cmocka_unit_test(test_fy_rejects),
      cmocka_unit_test(test_fy_era_format),
      cmocka_unit_test(test_fy_format_parses_back),
      cmocka_unit_test(test_num_plain_and_full_width),
      cmocka_unit_test(test_num_signs_and_percent),
      cmocka_unit_test(test_num_rejects),
      cmocka_unit_test(test_num_decimals_and_range),
      cmocka_unit_test(test_date_valid),
      cmocka_unit_test(test_date_invalid),
      cmocka_unit_test(test_utf8_scrub),
      cmocka_unit_test(test_utf8_cut),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
