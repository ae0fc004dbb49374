/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_chart.c — unit tests for reports/chart.c: the charts say in words (title and desc) what they
** draw, the words and the data table follow the evaluation, every bar segment carries its
** grade symbol as text, and names from the data are escaped inside the SVG.
*/
#define FX_PLAN                                                                                    \
  "id,name,municipality,first_year,last_year,levels\n"                                             \
  "svg-city,図のテスト計画,テスト市,2022,2024,基本方針|施策|具体策\n"
#define FX_NODES                                                                                   \
  "id,parent,level,name\n"                                                                         \
  "BP1,,1,基本方針1\n"                                                                         \
  "M1,BP1,2,施策1\n"                                                                             \
  "U1,M1,3,具体策1\n"                                                                           \
  "U2,M1,3,具体策2\n"                                                                           \
  "U3,M1,3,具体策3\n"
#define FX_POLICY policy_default_json
#include "evalfix.h"
#include "reports/chart.h"

static const Spec three_grades = {
    .inds = "id,node,name,unit,direction,accumulation\n"
            "I1,U1,指標<script>1,件,up,flow\n"
            "I2,U2,指標2,件,up,flow\n"
            "I3,U3,指標3,件,up,flow\n",
    .values = "indicator,year,kind,value\n"
              "I1,2023,target,100\nI1,2023,actual,100\n"
              "I2,2023,target,100\nI2,2023,actual,80\n"
              "I3,2023,target,100\nI3,2023,actual,50\n",
};

/* The text between open and close after from, copied (caller frees). */
static char *between(const char *from, const char *open, const char *close) {
  const char *a = strstr(from, open);
  assert_non_null(a);
  a += strlen(open);
  const char *b = strstr(a, close);
  assert_non_null(b);
  return xstrndup(a, (size_t)(b - a));
}

static void test_distribution_words_follow_the_evaluation(void **state) {
  (void)state;
  Fx f = fx_open(&three_grades);
  Buf b = {0};
  chart_distribution(&b, f.ev, "d");
  assert_non_null(strstr(b.s, "role=\"img\""));
  assert_non_null(strstr(b.s, "aria-labelledby=\"d-title d-desc\""));
  assert_non_null(strstr(b.s, "<title id=\"d-title\">"));
  char *desc = between(b.s, "<desc id=\"d-desc\">", "</desc>");
  /* the counts in words are the engine's counts for the headline level */
  const LevelSummary *s = eval_level(f.ev, f.pol->headline_level, 2023);
  Buf want = {0};
  buf_printf(&want, "令和5年度（2023年度）: ");
  int any = 0;
  for (int g = 0; g < f.pol->ngrades; g++)
    if (s->counts[g]) {
      buf_printf(&want, "%s%s %d件", any ? "、" : "", f.pol->grades[g].symbol, s->counts[g]);
      any = 1;
    }
  assert_true(any);
  assert_non_null(strstr(desc, want.s));
  assert_non_null(strstr(desc, "令和4年度（2022年度）: 判定なし。"));
  /* three different grades were given, so three segments each labelled with its symbol */
  for (int g = 0; g < 3; g++) {
    Buf label = {0};
    buf_printf(&label, ">%s 1</text>", f.pol->grades[g].symbol);
    assert_non_null(strstr(b.s, label.s));
    buf_free(&label);
  }
  /* and the same numbers stand in the table */
  assert_non_null(strstr(b.s, "<caption>具体策別の判定の件数（年度別）</caption>"));
  buf_free(&want);
  free(desc);
  buf_free(&b);
  fx_close(&f);
}

static void test_indicator_chart_text_and_escaping(void **state) {
  (void)state;
  Fx f = fx_open(&three_grades);
  Buf b = {0};
  chart_indicator(&b, f.ev, plan_indicator(f.plan, "I2"), "c2");
  char *desc = between(b.s, "<desc id=\"c2-desc\">", "</desc>");
  assert_non_null(strstr(desc, "令和5年度（2023年度）: 目標 100、実績 80。"));
  assert_non_null(strstr(desc, "令和6年度（2024年度）: 目標 なし、実績 なし。"));
  free(desc);
  buf_free(&b);
  chart_indicator(&b, f.ev, plan_indicator(f.plan, "I1"), "c1");
  assert_null(strstr(b.s, "<script>"));
  assert_non_null(strstr(b.s, "指標&lt;script&gt;1"));
  buf_free(&b);
  fx_close(&f);
}

static void test_indicator_without_numbers_draws_nothing(void **state) {
  (void)state;
  Spec none = three_grades;
  none.values = NULL;
  Fx f = fx_open(&none);
  Buf b = {0};
  chart_indicator(&b, f.ev, 0, "c");
  assert_null(b.s); /* the table already says there is nothing */
  fx_close(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_distribution_words_follow_the_evaluation),
      cmocka_unit_test(test_indicator_chart_text_and_escaping),
      cmocka_unit_test(test_indicator_without_numbers_draws_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
