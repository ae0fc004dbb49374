/*
** test_schedule.c — checklist items with month deadlines (src/eval/schedule.c) as of a date:
** months of the fiscal year (January–March fall in the next calendar year), ranges, 通年,
** and the states done, due, overdue, planned.
*/
#include "testutil.h"

#include "eval/schedule.h"

static Item item(int year, const char *due, const char *status) {
  Item it = {0};
  it.year = year;
  it.due = due;
  it.status = status;
  return it;
}

static void test_periods(void **state) {
  (void)state;
  static const struct {
    const char *due;
    int start, end;
  } cases[] = {{"10", 20230401, 20231031},   {"6-8", 20230601, 20230831},
               {"3", 20230401, 20240331},    {"2", 20230401, 20240229},
               {"11-2", 20231101, 20240229}, {"通年", 20230401, 20240331},
               {"１０", 20230401, 20231031}};
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    Item it = item(2023, cases[k].due, NULL);
    int start = 0, end = 0;
    assert_int_equal(item_period(&it, &start, &end), 1);
    assert_int_equal(start, cases[k].start);
    assert_int_equal(end, cases[k].end);
  }
  const char *none[] = {NULL, "未定", "", "13", "6-"};
  for (size_t k = 0; k < sizeof none / sizeof *none; k++) {
    Item it = item(2023, none[k], NULL);
    int start, end;
    assert_int_equal(item_period(&it, &start, &end), 0);
    assert_int_equal(item_state(&it, 20230901), IS_NONE);
  }
  Item whole_plan = item(0, "10", NULL);
  int start, end;
  assert_int_equal(item_period(&whole_plan, &start, &end), 0);
}

/* 「（～10月）」 of R5 as of 2023-10-31 is due, as of 2023-11-01 overdue; 「（6～8月）」 is
   planned before June; 完了 is done whatever the date. */
static void test_states(void **state) {
  (void)state;
  Item oct = item(2023, "10", NULL), summer = item(2023, "6-8", NULL),
       done = item(2023, "10", "完了");
  assert_int_equal(item_state(&oct, 20231031), IS_DUE);
  assert_int_equal(item_state(&oct, 20231101), IS_OVERDUE);
  assert_int_equal(item_state(&oct, 20230331), IS_PLANNED);
  assert_int_equal(item_state(&summer, 20230531), IS_PLANNED);
  assert_int_equal(item_state(&summer, 20230601), IS_DUE);
  assert_int_equal(item_state(&summer, 20230901), IS_OVERDUE);
  assert_int_equal(item_state(&done, 20240101), IS_DONE);
  assert_string_equal(item_state_names[IS_OVERDUE], "overdue");
}

static void test_dates(void **state) {
  (void)state;
  assert_int_equal(schedule_date("2023-11-01"), 20231101);
  assert_int_equal(schedule_date("令和5年11月1日"), 20231101);
  assert_int_equal(schedule_date("2023-02-30"), 0);
  assert_int_equal(schedule_date("tomorrow"), 0);
  int today = schedule_today_jst();
  assert_true(today > 20240000 && today < 21000000);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_periods),
      cmocka_unit_test(test_states),
      cmocka_unit_test(test_dates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
