/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_compare.c — the comparison of municipalities on a shared KPI (src/eval/compare.c): rows
** from every plan whose indicators carry the code, ordered by municipality code, each graded
** under its plan's own policy and under the common policy (data/kpi-policy.json), with the
** results of a year that is not public held back; and the vocabulary look-up (model/kpi.c).
*/
#define FX_NODES "id,name\nN1,オープンデータの推進\n"
#include "evalfix.h"

#include "eval/compare.h"

/* City A rates cut to whole percent, ◎ from 90%; city B grades on a final target. */
#define POLICY_A                                                                                   \
  "{\"name\":\"A\",\"target_basis\":\"same_year\",\"rate\":\"ratio\",\"digits\":0,"                \
  "\"rounding\":\"truncate\",\"grades\":[{\"symbol\":\"◎\",\"when\":\"rate >= 90\"},"            \
  "{\"symbol\":\"○\",\"when\":\"rate >= 70\"},{\"symbol\":\"△\",\"when\":\"rate < 70\"}],"     \
  "\"unit_level\":1,\"headline\":{\"level\":1,\"top\":[\"◎\"]}}"
#define POLICY_B                                                                                   \
  "{\"name\":\"B\",\"target_basis\":\"final_year\",\"rate\":\"ratio\",\"digits\":1,"               \
  "\"grades\":[{\"symbol\":\"S\",\"when\":\"rate >= "                                              \
  "50\"},{\"symbol\":\"T\",\"when\":\"has(rate)\"}],"                                              \
  "\"unit_level\":1,\"headline\":{\"level\":1,\"top\":[\"S\"]}}"

static const Spec city_b = {
    POLICY_B,
    NULL,
    "id,name,municipality,municipality_code,first_year,last_year,levels\n"
    "b-plan,B計画,B市,152064,2022,2026,取組\n",
    NULL,
    "id,node,name,unit,kpi\nB1,N1,公開件数,件,OPEN-DATA\nB2,N1,ほか,件,\n",
    "indicator,year,kind,value\nB1,2023,target,10\nB1,2023,actual,7\nB1,2026,target,20\n",
    NULL};
static const Spec city_a = {POLICY_A,
                            NULL,
                            "id,name,municipality,municipality_code,first_year,last_year,levels\n"
                            "a-plan,A計画,A市,462012,2022,2026,取組\n",
                            NULL,
                            "id,node,name,unit,kpi\nA1,N1,公開データ数,件,OPEN-DATA\n",
                            "indicator,year,kind,value\nA1,2023,target,84\nA1,2023,actual,83\n",
                            NULL};

static void test_rows_graded_both_ways(void **state) {
  (void)state;
  Fx a = fx_open(&city_a), b = fx_open(&city_b);
  Compare c;
  char err[256];
  compare_init(&c, kpi_find("OPEN-DATA"), 2023);
  assert_int_equal(compare_add_plan(&c, a.plan, a.ev, 0, err, sizeof err), 1);
  assert_int_equal(compare_add_plan(&c, b.plan, b.ev, 0, err, sizeof err), 1); /* B2 has none */
  compare_sort(&c);
  assert_int_equal(c.n, 2);
  assert_string_equal(c.rows[0].plan->id, "b-plan"); /* 152064 before 462012 */
  CompareFigures f;
  compare_figures(&c, &c.rows[0], &f);
  /* B: 7 against the final target 20 = 35.0% T under its own policy; 7 of 10 = 70.0% C */
  assert_dec(f.actual, "7");
  assert_dec(f.target, "20");
  assert_dec(f.rate, "35");
  assert_string_equal(f.grade, "T");
  assert_dec(f.year_target, "10");
  assert_dec(f.common_rate, "70");
  assert_string_equal(f.common_grade, "C");
  compare_figures(&c, &c.rows[1], &f);
  /* A: 83 of 84 = 98.809…%: 98% ◎ cut to its whole percent, 98.8% B in common */
  assert_dec(f.rate, "98");
  assert_string_equal(f.grade, "◎");
  assert_dec(f.common_rate, "98.8");
  assert_string_equal(f.common_grade, "B");
  assert_int_equal(f.common_slot, 1);
  compare_free(&c);
  fx_close(&a);
  fx_close(&b);
}

static void test_hidden_and_outside(void **state) {
  (void)state;
  Fx a = fx_open(&city_a);
  Compare c;
  char err[256];
  compare_init(&c, kpi_find("OPEN-DATA"), 2023);
  compare_add_plan(&c, a.plan, a.ev, 1, err, sizeof err);
  CompareFigures f;
  compare_figures(&c, &c.rows[0], &f);
  assert_true(dec_is_none(f.actual) && dec_is_none(f.rate) && dec_is_none(f.common_rate));
  assert_string_equal(f.common_grade, "");
  assert_dec(f.year_target, "84"); /* targets are public */
  compare_free(&c);
  compare_init(&c, kpi_find("OPEN-DATA"), 2030);
  compare_add_plan(&c, a.plan, a.ev, 0, err, sizeof err);
  assert_false(c.rows[0].in_period);
  compare_figures(&c, &c.rows[0], &f);
  assert_true(dec_is_none(f.actual) && dec_is_none(f.year_target));
  compare_free(&c);
  fx_close(&a);
}

static void test_vocabulary(void **state) {
  (void)state;
  assert_non_null(kpi_find("MYNA-CARD"));
  assert_null(kpi_find("myna-card")); /* codes are exact */
  assert_null(kpi_find(NULL));
  char err[256];
  Policy *p = compare_common_policy(err, sizeof err);
  assert_non_null(p);
  assert_int_equal(p->ngrades, 3);
  policy_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rows_graded_both_ways),
      cmocka_unit_test(test_hidden_and_outside),
      cmocka_unit_test(test_vocabulary),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
