/*
** test_csv.c — unit tests for formats/csv.c's writer: the guard against formula injection
** (csv_formula_like, csv_put_field) and that reading a written file gives every text back.
*/
#include "testutil.h"
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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_formula_like),
      cmocka_unit_test(test_put_field_guards),
      cmocka_unit_test(test_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
