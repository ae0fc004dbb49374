/*
** test_schemes.c — policy edge cases found when encoding other municipalities' grading
** schemes as data (docs/policy.md, "Scheme shapes"): the due share of a three-state list,
** targets pro-rated from a baseline in both directions, a KPI's own deadline target, the
** rounding mode of what is displayed and grading on the displayed rate, and the variables a
** grade was decided on in `explain`. Each case runs on a small plan of its own.
*/
#include "evalfix.h"

#define assert_contains(hay, needle)                                                               \
  do {                                                                                             \
    if (!strstr((hay), (needle))) fail_msg("\"%s\" not found in:\n%s", (needle), (hay));           \
  } while (0)

#define PLAN_5Y                                                                                    \
  "id,name,first_year,last_year,levels\n"                                                          \
  "city-5y,五か年計画,R4,R8,分野|取組\n"

#define BANDS                                                                                      \
  " \"grades\": [\n"                                                                               \
  "  {\"symbol\": \"◎\", \"when\": \"rate >= 90\"},\n"                                           \
  "  {\"symbol\": \"○\", \"when\": \"rate >= 70\"},\n"                                           \
  "  {\"symbol\": \"△\", \"when\": \"rate < 70\"}]"

/* ---- Three-state share of the items due --------------------------------------------------- */

/* Tama's 行革 list: 72 items in scope, 70 with a target (a number or a text) this year, 59 of
   them 達成. Two items carry a grade set by people but no target: they are not due, so the
   share is 59 of 70, not 59 of 72. */
static void test_due_is_having_a_target(void **state) {
  (void)state;
  Buf nodes = {0}, inds = {0}, values = {0}, grades = {0};
  buf_put(&nodes, "id,parent,level,name\nP1,,1,行革\n");
  buf_put(&inds, "id,node,name\n");
  buf_put(&values, "indicator,year,kind,value,text\n");
  buf_put(&grades, "subject,year,grade,basis\n");
  for (int i = 1; i <= 72; i++) {
    buf_printf(&nodes, "U%d,P1,2,項目%d\n", i, i);
    buf_printf(&inds, "K%d,U%d,項目%d\n", i, i, i);
    if (i <= 70) {
      if (i % 2)
        buf_printf(&values, "K%d,2023,target,,規程改正\n", i);
      else
        buf_printf(&values, "K%d,2023,target,1,\n", i);
      buf_printf(&values, "K%d,2023,actual,,%s\n", i, i <= 59 ? "達成" : "着手");
    } else {
      buf_printf(&grades, "U%d,2023,着手,担当課の評価\n", i);
    }
  }
  Spec s = {.policy = "{\"statuses\": [\n"
                      "  {\"symbol\": \"達成\", \"texts\": [\"達成\"]},\n"
                      "  {\"symbol\": \"着手\", \"texts\": [\"着手\"]},\n"
                      "  {\"symbol\": \"未着手\", \"texts\": [\"未着手\"]}],\n"
                      " \"headline\": {\"level\": 2, \"top\": [\"達成\"], \"of\": \"due\"}}\n",
            .plan = PLAN_5Y,
            .nodes = nodes.s,
            .inds = inds.s,
            .values = values.s,
            .grades = grades.s};
  Fx f = fx_open(&s);
  const LevelSummary *l = eval_level(f.ev, 2, 2023);
  assert_int_equal(l->in_scope, 72);
  assert_int_equal(l->graded, 72);
  assert_int_equal(l->due, 70);
  assert_int_equal(l->top, 59);
  assert_dec(l->share, "84.285714");
  char buf[DEC_MAX_TEXT + 2];
  assert_string_equal(explain_rate(f.ev, l->share, buf), "84.3%");
  fx_close(&f);
  buf_free(&nodes);
  buf_free(&inds);
  buf_free(&values);
  buf_free(&grades);
}

/* ---- Pro-rated from a baseline ----------------------------------------------------------- */

/* Year k of n compares with baseline + (final − baseline) × k / n. Up: baseline 40, final 90,
   2023 (k = 2 of 5) → 60; 54 → 90% ◎. Down (waiting days): baseline 100, final 50, 2024
   (k = 3) → 70; 77 days → 70 ÷ 77 = 90.909091% ◎, displayed 90.9% by the same target. */
static void test_prorated_from_baseline(void **state) {
  (void)state;
  Spec s = {.policy = "{\"target_basis\": \"prorated\", \"digits\": 1," BANDS "}",
            .plan = PLAN_5Y,
            .nodes = "id,parent,level,name\nF1,,1,分野\nU1,F1,2,上昇\nU2,F1,2,下降\n",
            .inds = "id,node,name,direction,baseline,baseline_year\n"
                    "UP,U1,利用率,up,40,R3\nDN,U2,待ち日数,down,100,R3\n",
            .values = "indicator,year,kind,value\n"
                      "UP,R8,target,90\nUP,R5,actual,54\n"
                      "DN,R8,target,50\nDN,R6,actual,77\n"};
  Fx f = fx_open(&s);
  assert_dec(IR(&f, "UP", 2023)->target, "60");
  assert_dec(IR(&f, "UP", 2023)->rate, "90");
  assert_ind_grade(&f, "UP", 2023, "◎");
  assert_dec(IR(&f, "UP", 2022)->target, "50");
  assert_dec(IR(&f, "UP", 2026)->target, "90");
  assert_dec(IR(&f, "DN", 2024)->target, "70");
  assert_dec(IR(&f, "DN", 2024)->rate, "90.909091");
  assert_ind_grade(&f, "DN", 2024, "◎");
  assert_dec(IR(&f, "DN", 2022)->target, "90");
  Buf out = {0};
  explain_indicator(f.ev, ind_index(&f, "DN"), 2024, &out);
  assert_contains(out.s, "比較する目標値: 基準値から最終年度目標値までを年数で按分した値");
  assert_contains(out.s, "= 70\n");
  assert_contains(out.s, "基準値: 100（令和3年度");
  assert_contains(out.s, "表示: 90.9%");
  assert_contains(out.s, "判定: ◎");
  buf_free(&out);
  fx_close(&f);
}

/* ---- A KPI's own deadline target ---------------------------------------------------------- */

/* Shibata S19: only an R5 target (250 by 令和5年); the document rates R3 and R4 against it:
   346 → 138%, 329 → 131% (cut off, as the document prints), 391 → 156%. After R5 there is no
   target left. */
static void test_deadline_target(void **state) {
  (void)state;
  Spec s = {.policy = "{\"target_basis\": \"deadline\", \"digits\": 0, \"rounding\": "
                      "\"truncate\"," BANDS "}",
            .plan = "id,name,first_year,last_year,levels\nshibata,計画,R3,R8,区分|取組\n",
            .nodes = "id,parent,level,name\nC1,,1,区分\nS19,C1,2,研修\n",
            .inds = "id,node,name,unit\nS19-1,S19,受講者数,人\n",
            .values = "indicator,year,kind,value\n"
                      "S19-1,R5,target,250\n"
                      "S19-1,R3,actual,346\nS19-1,R4,actual,329\nS19-1,R5,actual,391\n"
                      "S19-1,R6,actual,400\n"};
  Fx f = fx_open(&s);
  char buf[DEC_MAX_TEXT + 2];
  assert_dec(IR(&f, "S19-1", 2021)->target, "250");
  assert_dec(IR(&f, "S19-1", 2021)->rate, "138.4");
  assert_dec(IR(&f, "S19-1", 2022)->rate, "131.6");
  assert_string_equal(explain_rate(f.ev, IR(&f, "S19-1", 2022)->rate, buf), "131%");
  assert_dec(IR(&f, "S19-1", 2023)->rate, "156.4");
  assert_dec(IR(&f, "S19-1", 2024)->target, NULL);
  assert_dec(IR(&f, "S19-1", 2024)->rate, NULL);
  fx_close(&f);
}

/* ---- Rounding modes and grading on the displayed rate --------------------------------------- */

/* 84.25 → half up 84.3, truncate 84.2, half even 84.2; 84.35 → half even 84.4; 84.15 → 84.2
   (half even rounds toward the even digit); negative values mirror. */
static void test_rounding_modes(void **state) {
  (void)state;
  static const struct {
    const char *v, *half_up, *trunc, *even;
  } cases[] = {{"84.25", "84.3", "84.2", "84.2"},     {"84.35", "84.4", "84.3", "84.4"},
               {"84.15", "84.2", "84.1", "84.2"},     {"84.250001", "84.3", "84.2", "84.3"},
               {"-84.25", "-84.3", "-84.2", "-84.2"}, {"79.99", "80", "79.9", "80"}};
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    dec_t v = D(cases[k].v);
    assert_dec(dec_round_mode(v, 1, DEC_HALF_UP), cases[k].half_up);
    assert_dec(dec_round_mode(v, 1, DEC_TRUNCATE), cases[k].trunc);
    assert_dec(dec_round_mode(v, 1, DEC_HALF_EVEN), cases[k].even);
  }
}

/* Some cities grade the rate as displayed: 79.99% is shown 80.0% and graded ○ (≥ 80) there,
   △ where the exact rate is graded. Under truncation it is shown 79.9% and graded △. */
static void test_grade_on_displayed(void **state) {
  (void)state;
  const char *bands = " \"grades\": [{\"symbol\": \"○\", \"when\": \"rate >= 80\"},"
                      " {\"symbol\": \"△\", \"when\": \"rate < 80\"}]";
  Buf exact = {0}, shown = {0}, cut = {0};
  buf_printf(&exact, "{\"digits\": 1, %s}", bands);
  buf_printf(&shown, "{\"digits\": 1, \"grade_on\": \"displayed\", %s}", bands);
  buf_printf(&cut, "{\"digits\": 1, \"grade_on\": \"displayed\", \"rounding\": \"truncate\", %s}",
             bands);
  const char *policies[] = {exact.s, shown.s, cut.s}, *want[] = {"△", "○", "△"},
             *display[] = {"80.0%", "80.0%", "79.9%"};
  for (int k = 0; k < 3; k++) {
    Spec s = {.policy = policies[k],
              .plan = PLAN_5Y,
              .nodes = "id,parent,level,name\nF1,,1,分野\nU1,F1,2,取組\n",
              .inds = "id,node,name\nI1,U1,指標\n",
              .values = "indicator,year,kind,value\nI1,R5,target,10000\nI1,R5,actual,7999\n"};
    Fx f = fx_open(&s);
    char buf[DEC_MAX_TEXT + 2];
    assert_dec(IR(&f, "I1", 2023)->rate, "79.99");
    assert_ind_grade(&f, "I1", 2023, want[k]);
    assert_string_equal(explain_rate(f.ev, IR(&f, "I1", 2023)->rate, buf), display[k]);
    fx_close(&f);
  }
  buf_free(&exact);
  buf_free(&shown);
  buf_free(&cut);
}

/* ---- The values a grade was decided on ------------------------------------------------------ */

/* Baseline-relative bands: `explain` shows the baseline, the change and every variable the
   matched rule named. Baseline 200, actual 230 → change +15% → 改善. */
static void test_explain_shows_variables(void **state) {
  (void)state;
  Spec s = {.policy = "{\"grades\": [\n"
                      "  {\"symbol\": \"達成\", \"when\": \"rate >= 100\"},\n"
                      "  {\"symbol\": \"改善\", \"when\": \"change > 10\"},\n"
                      "  {\"symbol\": \"横ばい\", \"when\": \"change >= -10\"},\n"
                      "  {\"symbol\": \"悪化\", \"when\": \"change < -10\"}]}\n",
            .plan = PLAN_5Y,
            .nodes = "id,parent,level,name\nF1,,1,分野\nU1,F1,2,取組\n",
            .inds = "id,node,name,baseline,baseline_year\nI1,U1,来訪者数,200,R3\n",
            .values = "indicator,year,kind,value\nI1,R5,target,300\nI1,R5,actual,230\n"};
  Fx f = fx_open(&s);
  assert_ind_grade(&f, "I1", 2023, "改善");
  Buf out = {0};
  explain_indicator(f.ev, ind_index(&f, "I1"), 2023, &out);
  assert_contains(out.s, "基準値: 200");
  assert_contains(out.s, "判定に使った値: baseline = 200, change = 15");
  assert_contains(out.s, "規則「change > 10」に該当");
  buf_free(&out);
  fx_close(&f);
}

/* ---- Four bands plus a status (the worked example of docs/policy.md) -------------------- */

static void test_four_bands_and_status(void **state) {
  (void)state;
  const char *bands = "\"grades\": [{\"symbol\": \"A\", \"when\": \"rate >= 100\"},"
                      " {\"symbol\": \"B\", \"when\": \"rate >= 80\"},"
                      " {\"symbol\": \"C\", \"when\": \"rate >= 60\"},"
                      " {\"symbol\": \"D\", \"when\": \"has(rate)\"}],"
                      " \"statuses\": [{\"symbol\": \"－\", \"label\": \"未実施\","
                      " \"texts\": [\"未実施\", \"検討中\"]}]";
  Buf exact = {0}, shown = {0};
  buf_printf(&exact, "{\"digits\": 1, %s}", bands);
  buf_printf(&shown, "{\"digits\": 0, \"grade_on\": \"displayed\", %s}", bands);
  Spec s = {.policy = exact.s,
            .plan = PLAN_5Y,
            .nodes = "id,parent,level,name\nF1,,1,分野\nU1,F1,2,a\nU2,F1,2,b\nU3,F1,2,c\n"
                     "U4,F1,2,d\nU5,F1,2,e\n",
            .inds = "id,node,name\nK1,U1,a\nK2,U2,b\nK3,U3,c\nK4,U4,d\nK5,U5,e\n",
            .values = "indicator,year,kind,value,text\n"
                      "K1,R5,target,50,\nK1,R5,actual,50,\n"
                      "K2,R5,target,50,\nK2,R5,actual,40,\n"
                      "K3,R5,target,50,\nK3,R5,actual,39.99,\n"
                      "K4,R5,target,50,\nK4,R5,actual,29.9,\n"
                      "K5,R5,target,50,\nK5,R5,actual,,未実施\n"};
  Fx f = fx_open(&s);
  assert_ind_grade(&f, "K1", 2023, "A");
  assert_ind_grade(&f, "K2", 2023, "B");
  assert_dec(IR(&f, "K3", 2023)->rate, "79.98");
  assert_ind_grade(&f, "K3", 2023, "C");
  assert_dec(IR(&f, "K4", 2023)->rate, "59.8");
  assert_ind_grade(&f, "K4", 2023, "D");
  assert_ind_grade(&f, "K5", 2023, "－");
  assert_int_equal(IR(&f, "K5", 2023)->from, GF_STATUS);
  fx_close(&f);
  s.policy = shown.s;
  f = fx_open(&s);
  assert_ind_grade(&f, "K3", 2023, "B");
  fx_close(&f);
  buf_free(&exact);
  buf_free(&shown);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_due_is_having_a_target), cmocka_unit_test(test_prorated_from_baseline),
      cmocka_unit_test(test_deadline_target),        cmocka_unit_test(test_rounding_modes),
      cmocka_unit_test(test_grade_on_displayed),     cmocka_unit_test(test_explain_shows_variables),
      cmocka_unit_test(test_four_bands_and_status),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
