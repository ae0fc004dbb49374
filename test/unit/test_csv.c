/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_csv.c — unit tests for formats/csv.c's writers: the guard against formula injection
** (csv_formula_like, csv_put_field) and that reading a written file gives every text back;
** which texts Excel would not keep (dates like 1-1, leading zeros, formulas), ="…" written for
** them in excel-csv and read back as the text, and Shift_JIS (CP932) output refused at the line
** of a character it cannot hold.
*/
#include "testutil.h"
#include "formats/encoding.h"
#include "formats/sheet.h"
#include "model/util.h"
#include <unistd.h>

/* What csv_put_field writes for s. Caller frees. */
static char *put(const char *s) {
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  csv_put_field(f, s);
  fclose(f);
  return buf;
}

static void test_formula_like(void **state) {
  (void)state;
  const char *formulas[] = {"=SUM(A1:A9)", "+cmd|' /C calc'!A0",
                            "-2+3",        "@SUM(1)",
                            "\tx",         "\rx",
                            "=1",          "-",
                            "+",           "'=1",
                            "''@x",        "-1.5.3",
                            "-1e3"};
  for (size_t i = 0; i < sizeof formulas / sizeof *formulas; i++)
    assert_true(csv_formula_like(formulas[i]));
  const char *texts[] = {"",    "電子申請", "-3.5",    "+12", "-1,234",
                         "1=1", "a@b",      "'quoted", "0",   "x-1"};
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
    assert_false(csv_formula_like(texts[i]));
}

static void test_put_field_guards(void **state) {
  (void)state;
  char *s = put("=SUM(1+2)");
  assert_string_equal(s, "'=SUM(1+2)");
  free(s);
  s = put("@x,y"); /* quoted and guarded: the apostrophe inside the quotes */
  assert_string_equal(s, "\"'@x,y\"");
  free(s);
  s = put("-3.5");
  assert_string_equal(s, "-3.5");
  free(s);
  s = put("施策①");
  assert_string_equal(s, "施策①");
  free(s);
}

/* Every text survives a write and a read, guard apostrophes included. */
static void test_round_trip(void **state) {
  (void)state;
  const char *values[] = {"=SUM(1+2)", "'=already", "''+two", "'plain",     "-3.5",
                          "-x",        "@at",       "\tTab",  "普通の名前", "a,b \"c\""};
  int n = (int)(sizeof values / sizeof *values);
  Sheet *s = sheet_new("t", "t.csv");
  sheet_add_column(s, "v");
  for (int i = 0; i < n; i++)
    sheet_set(s, sheet_add_row(s, i + 2), 0, values[i]);
  char path[] = "/tmp/test_csv_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  Errors errs = {0};
  assert_int_equal(csv_write_file(path, s, 0, &errs), 0);
  Sheet *back = NULL;
  assert_int_equal(csv_read_file(path, "t", &back, &errs), 0);
  assert_int_equal(back->nrows, n);
  for (int i = 0; i < n; i++)
    assert_string_equal(sheet_get(back, i, 0), values[i]);
  sheet_free(s);
  sheet_free(back);
  errors_free(&errs);
  unlink(path);
}

static void test_excel_would_change(void **state) {
  (void)state;
  static const char *const changed[] = {"1-1",      "10-12", "2023/4", "1/2/2023",
                                        "012025",   "1.10",  "1:30",   "1E5",
                                        "=SUM(A1)", "+1",    "@x",     "12345678901234567"};
  static const char *const kept[] = {"",        "1",     "10",     "1.5", "-3",     "I19-1", "P1-1",
                                     "1-2-3-4", "1.2.3", "１－１", "市",  "462012", "50%"};
  for (size_t i = 0; i < sizeof changed / sizeof *changed; i++)
    if (!csv_excel_would_change(changed[i])) fail_msg("'%s' should be protected", changed[i]);
  for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
    if (csv_excel_would_change(kept[i])) fail_msg("'%s' should be written as it is", kept[i]);
}

static Sheet *sample(void) {
  Sheet *s = sheet_new("nodes", NULL);
  sheet_add_column(s, "id");
  sheet_add_column(s, "number");
  sheet_add_column(s, "name");
  int r = sheet_add_row(s, 2);
  sheet_set(s, r, 0, "P1-1");
  sheet_set(s, r, 1, "1-1");
  sheet_set(s, r, 2, "鹿児島市〜\"都市\"");
  return s;
}

/* The bytes of the file the style writes. */
static char *written(const Sheet *s, const CsvStyle *st, size_t *len, Errors *e, int *rc) {
  char path[] = "/tmp/test_csv-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  *rc = csv_write_styled(path, s, st, e);
  char *data = read_file(path, len);
  unlink(path);
  return data;
}

static void test_excel_text_round_trip(void **state) {
  (void)state;
  Sheet *s = sample();
  Errors e = {0};
  size_t len;
  int rc;
  CsvStyle st = {.bom = 1, .excel_text = 1};
  char *data = written(s, &st, &len, &e, &rc);
  assert_int_equal(rc, 0);
  static const char want[] = "\xEF\xBB\xBFid,number,name\r\nP1-1,\"=\"\"1-1\"\"\",";
  assert_memory_equal(data, want, sizeof want - 1);
  free(data);
  /* read back through the importer's reader: the text again, not the formula */
  char path[] = "/tmp/test_csv-XXXXXX";
  close(mkstemp(path));
  assert_int_equal(csv_write_styled(path, s, &st, &e), 0);
  Sheet *back = NULL;
  assert_int_equal(csv_read_file(path, "nodes", &back, &e), 0);
  unlink(path);
  assert_string_equal(sheet_get(back, 0, 1), "1-1");
  assert_string_equal(sheet_get(back, 0, 2), "鹿児島市〜\"都市\"");
  sheet_free(back);
  sheet_free(s);
}

static void test_cp932(void **state) {
  (void)state;
  Sheet *s = sample();
  Errors e = {0};
  size_t len;
  int rc;
  CsvStyle st = {.bom = 1, .excel_text = 1, .cp932 = 1};
  char *data = written(s, &st, &len, &e, &rc);
  assert_int_equal(rc, 0);
  assert_memory_equal(data, "id,number", 9); /* no BOM in Shift_JIS */
  assert_non_null(
      memmem(data, len, "\x8e\xad\x8e\x99\x93\x87\x8e\x73\x81\x60", 10)); /* 鹿児島市〜 */
  free(data);
  sheet_set(s, 0, 2, "𠮷野家");
  data = written(s, &st, &len, &e, &rc);
  assert_int_equal(rc, -1);
  assert_int_equal(e.count, 1);
  assert_non_null(strstr(e.msgs[0], ":2: '𠮷' has no Shift_JIS (CP932) form"));
  free(data);
  errors_free(&e);
  sheet_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_formula_like),
      cmocka_unit_test(test_put_field_guards),
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_excel_would_change),
      cmocka_unit_test(test_excel_text_round_trip),
      cmocka_unit_test(test_cp932),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
