/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_eval.c — the evaluation engine (src/eval/eval.c, explain.c) against the rules found in
** the seeds (domain.md, "Evaluation rules found in the seeds"): one test per rule, each on a
** small plan built from compact CSV-like text through the exchange-format validator
** (xchg_to_plan), evaluated by eval_run. Expected rates and grades are the ones the seed
** documents print (000 = 第四次鹿児島市地域情報化計画 wrap-up, 001 = 鹿児島市DX推進計画).
*/

/* The seed plans' periods (000: H30–R3, 001: R4–R8), three levels. */
#define PLAN_000                                                                                   \
  "id,name,municipality,first_year,last_year,levels\n"                                             \
  "kagoshima-4,第四次鹿児島市地域情報化計画,鹿児島市,H30,R3,基本方針|施策|具体策\n"
#define PLAN_001                                                                                   \
  "id,name,municipality,first_year,last_year,levels\n"                                             \
  "kagoshima-dx,鹿児島市DX推進計画,鹿児島市,R4,R8,基本方針|施策|具体策\n"

/* The policy of docs/policy.md (資料1's legend), with variants for the other documents'
   rules. Written out here rather than taken from policy_default_json so that a change of
   the built-in default does not silently change what these tests check. */
#define SEED_POLICY                                                                                        \
  "{\n"                                                                                                    \
  "  \"name\": \"資料1の凡例\",\n"                                                                    \
  "  \"target_basis\": \"same_year\", \"rate\": \"ratio\", \"digits\": 1,\n"                               \
  "  \"use_projection\": false,\n"                                                                         \
  "  \"grades\": [\n"                                                                                      \
  "    {\"symbol\": \"◎\", \"label\": \"十分に達成されている\", \"when\": \"rate >= 90\"},\n"  \
  "    {\"symbol\": \"○\", \"label\": \"概ね達成されている\", \"when\": \"rate >= 70\"},\n"     \
  "    {\"symbol\": \"△\", \"label\": \"あまり達成されていない\", \"when\": \"rate < 70\"}\n" \
  "  ],\n"                                                                                                 \
  "  \"statuses\": [\n"                                                                                    \
  "    {\"symbol\": \"－\", \"label\": \"検討中（予算化していないもの等）\", \"texts\": " \
  "[\"検討中\"]}\n"                                                                                     \
  "  ],\n"                                                                                                 \
  "  \"manual\": \"fallback\", \"combine\": \"worst\", \"unit_level\": 3,\n"                               \
  "  \"rollup\": [\n"                                                                                      \
  "    {\"level\": 1, \"method\": \"target_average\"},\n"                                                  \
  "    {\"level\": 2, \"method\": \"distribution\", \"role\": \"main\"}\n"                                 \
  "  ],\n"                                                                                                 \
  "  \"headline\": {\"level\": 3, \"top\": [\"◎\"], \"of\": \"in_scope\"},\n"                            \
  "  \"variants\": {\n"                                                                                    \
  "    \"資料2\": {\"target_basis\": \"final_year\", \"use_projection\": true},\n"                       \
  "    \"見込\": {\"use_projection\": true},\n"                                                          \
  "    \"上書き\": {\"manual\": \"override\"},\n"                                                       \
  "    \"整数\": {\"digits\": 0}\n"                                                                      \
  "  }\n"                                                                                                  \
  "}\n"

/* One tree: 基本方針 BP1 > 施策 M1 > 具体策 U1. */
#define NODES_ONE                                                                                  \
  "id,parent,level,name\n"                                                                         \
  "BP1,,1,基本方針1\n"                                                                         \
  "M1,BP1,2,施策1\n"                                                                             \
  "U1,M1,3,具体策1\n"

#define FX_PLAN PLAN_000
#define FX_NODES NODES_ONE
#define FX_POLICY SEED_POLICY
#include "evalfix.h"

/* A rate as the policy displays it. */
static const char *shown(const Fx *f, dec_t rate) {
  static char buf[DEC_MAX_TEXT + 2];
  return explain_rate(f->ev, rate, buf);
}

#define assert_contains(hay, needle)                                                               \
  do {                                                                                             \
    if (!strstr((hay), (needle))) fail_msg("\"%s\" not found in:\n%s", (needle), (hay));           \
  } while (0)

/* ---- 000 No.9 電子納品の推進: H30–R3 targets 70/80/85/90, actuals 75/80/81, R3 見込 82 ------ */

#define NO9_INDS "id,node,name,unit\nI9,U1,対象となる工事・業務の電子納品率,%\n"
#define NO9_VALUES                                                                                 \
  "indicator,year,kind,value\n"                                                                    \
  "I9,H30,target,70\nI9,H30,actual,75\n"                                                           \
  "I9,R1,target,80\nI9,R1,actual,80\n"                                                             \
  "I9,R2,target,85\nI9,R2,actual,81\n"                                                             \
  "I9,R3,target,90\nI9,R3,projection,82\n"

/* 000 No.9 R2 under 資料2's rule: 81 ÷ 90 = 90.0% → ◎ (the band's bound is inclusive). */
static void test_band_bound_inclusive(void **state) {
  (void)state;
  Spec s = {.variant = "資料2", .inds = NO9_INDS, .values = NO9_VALUES};
  Fx f = fx_open(&s);
  const IndResult *r = IR(&f, "I9", 2020);
  assert_dec(r->target, "90");
  assert_dec(r->actual, "81");
  assert_dec(r->rate, "90");
  assert_string_equal(shown(&f, r->rate), "90.0%");
  assert_ind_grade(&f, "I9", 2020, "◎");
  assert_int_equal(r->from, GF_RULE);
  assert_node_grade(&f, "U1", 2020, "◎");
  /* R1: 80 ÷ 90 = 88.9% → ○; R3 見込 82 ÷ 90 = 91.1% → ◎ */
  assert_string_equal(shown(&f, IR(&f, "I9", 2019)->rate), "88.9%");
  assert_ind_grade(&f, "I9", 2019, "○");
  assert_string_equal(shown(&f, IR(&f, "I9", 2021)->rate), "91.1%");
  assert_ind_grade(&f, "I9", 2021, "◎");
  fx_close(&f);
}

/* Just below each bound: a rate a millionth under 90 is ○ though it displays 90.0%; 70 is
   ○ and a millionth under 70 is △. */
static void test_band_bounds_exact(void **state) {
  (void)state;
  Spec s = {.inds = "id,node,name\nI1,U1,指標\n",
            .values = "indicator,year,kind,value\n"
                      "I1,2018,target,100\nI1,2018,actual,89.999999\n"
                      "I1,2019,target,100\nI1,2019,actual,70\n"
                      "I1,2020,target,100\nI1,2020,actual,69.999999\n"
                      "I1,2021,target,100\nI1,2021,actual,90\n"};
  Fx f = fx_open(&s);
  assert_dec(IR(&f, "I1", 2018)->rate, "89.999999");
  assert_string_equal(shown(&f, IR(&f, "I1", 2018)->rate), "90.0%");
  assert_ind_grade(&f, "I1", 2018, "○");
  assert_ind_grade(&f, "I1", 2019, "○");
  assert_ind_grade(&f, "I1", 2020, "△");
  assert_ind_grade(&f, "I1", 2021, "◎");
  fx_close(&f);
}

/* 001 資料1 施策①: 44,917 ÷ 50,000 prints 89.8% and is 〇; 001 №6: 89.83% prints as 90% (資料2,
   whole percent) and is still 〇 — grades use the unrounded rate. */
static void test_grade_on_unrounded_rate(void **state) {
  (void)state;
  Spec s = {.plan = PLAN_001,
            .inds = "id,node,name,unit\nI1,U1,申請件数,件\nI6,U1,№6の指標,件\n",
            .values = "indicator,year,kind,value\n"
                      "I1,R5,target,50000\nI1,R5,actual,44917\n"
                      "I6,R5,target,590\nI6,R5,actual,530\n"};
  Fx f = fx_open(&s);
  assert_dec(IR(&f, "I1", 2023)->rate, "89.834");
  assert_string_equal(shown(&f, IR(&f, "I1", 2023)->rate), "89.8%");
  assert_ind_grade(&f, "I1", 2023, "○");
  /* 530 ÷ 590 = 0.898305084… */
  assert_dec(IR(&f, "I6", 2023)->rate, "89.830508");
  assert_string_equal(shown(&f, IR(&f, "I6", 2023)->rate), "89.8%");
  assert_ind_grade(&f, "I6", 2023, "○");

  Fx w = fx_variant(&f, "整数");
  assert_string_equal(shown(&w, IR(&w, "I6", 2023)->rate), "90%");
  assert_ind_grade(&w, "I6", 2023, "○");
  assert_dec(IR(&w, "I6", 2023)->rate, "89.830508"); /* the rate itself is not rounded */
  fx_close_variant(&w);
  fx_close(&f);
}

/* 001 №19: lower is better, target 27, actual 23 → 27 ÷ 23 = 117.4% → ◎. */
static void test_lower_is_better(void **state) {
  (void)state;
  Spec s = {.plan = PLAN_001,
            .inds = "id,node,name,unit,direction\nI19,U1,処理日数,日,down\n",
            .values = "indicator,year,kind,value\nI19,R5,target,27\nI19,R5,actual,23\n"
                      "I19,R4,target,27\nI19,R4,actual,54\n"};
  Fx f = fx_open(&s);
  const IndResult *r = IR(&f, "I19", 2023);
  assert_dec(r->rate, "117.391304");
  assert_string_equal(shown(&f, r->rate), "117.4%");
  assert_ind_grade(&f, "I19", 2023, "◎");
  /* twice the target days: 27 ÷ 54 = 50% → △ */
  assert_dec(IR(&f, "I19", 2022)->rate, "50");
  assert_ind_grade(&f, "I19", 2022, "△");
  fx_close(&f);
}

/* 000 No.9 H30: 資料2 compares with the R3 target: 75 ÷ 90 = 83.3% → ○, although the
   same-year rate (資料3-1) is 75 ÷ 70 = 107.1% → ◎. */
static void test_final_year_basis(void **state) {
  (void)state;
  Spec s = {.inds = NO9_INDS, .values = NO9_VALUES};
  Fx f = fx_open(&s);
  const IndResult *same = IR(&f, "I9", 2018);
  assert_dec(same->target, "70");
  assert_dec(same->rate, "107.142857");
  assert_string_equal(shown(&f, same->rate), "107.1%");
  assert_ind_grade(&f, "I9", 2018, "◎");
  /* 資料3-1 R2: 81 ÷ 85 = 95.3% */
  assert_string_equal(shown(&f, IR(&f, "I9", 2020)->rate), "95.3%");

  Fx v = fx_variant(&f, "資料2");
  const IndResult *fin = IR(&v, "I9", 2018);
  assert_dec(fin->target, "90");
  assert_dec(fin->actual, "75");
  assert_dec(fin->rate, "83.333333");
  assert_string_equal(shown(&v, fin->rate), "83.3%");
  assert_ind_grade(&v, "I9", 2018, "○");
  assert_node_grade(&v, "U1", 2018, "○");
  fx_close_variant(&v);
  fx_close(&f);
}

/* 000 No.18 R3 (資料2: R3 見込 against the R3 target): ① 31,000 ÷ 5,000 = 620.0% ◎ and
   ② 20 ÷ 79 = 25.3% △ → the initiative is △, decided by ②. */
static void test_worst_of_indicators(void **state) {
  (void)state;
  Spec s = {.nodes = "id,parent,level,name\nBP1,,1,方針\nM2,BP1,2,地域のICT活用促進\n"
                     "U18,M2,3,ポータルサイトの運営\nU18r,M2,3,逆順\nU18c,M2,3,二つとも達成\n",
            .inds = "id,node,number,name\n"
                    "I18-1,U18,①,ホームページへのアクセス数\nI18-2,U18,②,リンク先数\n"
                    "R18-2,U18r,②,リンク先数\nR18-1,U18r,①,アクセス数\n"
                    "C1,U18c,①,a\nC2,U18c,②,b\n",
            .values = "indicator,year,kind,value\n"
                      "I18-1,R3,target,5000\nI18-1,R3,projection,31000\n"
                      "I18-2,R3,target,79\nI18-2,R3,projection,20\n"
                      "R18-1,R3,target,5000\nR18-1,R3,projection,31000\n"
                      "R18-2,R3,target,79\nR18-2,R3,projection,20\n"
                      "C1,R3,target,10\nC1,R3,projection,8\n"
                      "C2,R3,target,10\nC2,R3,projection,10\n",
            .variant = "資料2"};
  Fx f = fx_open(&s);
  assert_string_equal(shown(&f, IR(&f, "I18-1", 2021)->rate), "620.0%");
  assert_ind_grade(&f, "I18-1", 2021, "◎");
  assert_string_equal(shown(&f, IR(&f, "I18-2", 2021)->rate), "25.3%");
  assert_ind_grade(&f, "I18-2", 2021, "△");

  const NodeResult *n = NR(&f, "U18", 2021);
  assert_node_grade(&f, "U18", 2021, "△");
  assert_int_equal(n->decider, ind_index(&f, "I18-2"));
  assert_string_equal(shown(&f, n->rate), "25.3%");
  /* the order of the rows does not matter */
  assert_node_grade(&f, "U18r", 2021, "△");
  assert_int_equal(NR(&f, "U18r", 2021)->decider, ind_index(&f, "R18-2"));
  /* 80% ○ and 100% ◎ → ○ */
  assert_node_grade(&f, "U18c", 2021, "○");
  assert_int_equal(NR(&f, "U18c", 2021)->decider, ind_index(&f, "C1"));
  fx_close(&f);
}

/* 001 L379: 基本方針4's grade is the plain average of its target indicators' rates:
   3,665.0 ÷ 2,800 = 130.9% and 53.3 ÷ 77.1 = 69.1% → (130.9 + 69.1) ÷ 2 = 100% → ◎. A target
   indicator without a target value is skipped; an indicator without the target role does
   not count. */
static void test_policy_target_average(void **state) {
  (void)state;
  Spec s = {.plan = PLAN_001,
            .nodes = "id,parent,level,name\nBP4,,1,基本方針4\nM11,BP4,2,施策⑪\nU113,M11,3,具体策\n",
            .inds = "id,node,name,unit,role\n"
                    "T1,BP4,RPA等の活用による作業時間削減,時間,target\n"
                    "T2,BP4,AI会議録作成支援システムの利用部署の割合,%,target\n"
                    "T3,BP4,目標値のない目標指標,件,target\n"
                    "X1,BP4,目標指標でない指標,件,\n"
                    "I113,U113,預貯金差押額,千円,main\n",
            .values = "indicator,year,kind,value,text\n"
                      "T1,R5,target,2800,\nT1,R5,actual,3665.0,\nT1,R8,target,7000,\n"
                      "T2,R5,target,77.1,\nT2,R5,actual,53.3,\nT2,R8,target,90.0,\n"
                      "T3,R5,target,,未定\nT3,R5,actual,5,\n"
                      "X1,R5,target,100,\nX1,R5,actual,1,\n"
                      "I113,R5,target,116672,\nI113,R5,actual,158645,\n"};
  Fx f = fx_open(&s);
  assert_string_equal(shown(&f, IR(&f, "T1", 2023)->rate), "130.9%");
  assert_string_equal(shown(&f, IR(&f, "T2", 2023)->rate), "69.1%");
  assert_ind_grade(&f, "T2", 2023, "△");
  assert_dec(IR(&f, "T3", 2023)->rate, NULL);
  const NodeResult *bp = NR(&f, "BP4", 2023);
  assert_int_equal(bp->nrates, 2);
  /* (130.892857 + 69.130999) ÷ 2, each rate exact to six places */
  assert_dec(bp->rate, "100.011928");
  assert_string_equal(shown(&f, bp->rate), "100.0%");
  assert_node_grade(&f, "BP4", 2023, "◎");
  /* 施策⑪'s main initiative: 158,645 ÷ 116,672 = 136.0% ◎ */
  assert_string_equal(shown(&f, IR(&f, "I113", 2023)->rate), "136.0%");
  assert_ind_grade(&f, "I113", 2023, "◎");
  /* R4: no actuals → no rates → no grade */
  assert_dec(NR(&f, "BP4", 2022)->rate, NULL);
  assert_node_grade(&f, "BP4", 2022, "");
  fx_close(&f);
}

/* 001 BP3: a target indicator that is the sum of two initiatives' indicators (№94 + №98):
   values are summed before the rate — (100 + 5) ÷ (100 + 50) = 70% → ○, where the average of
   the parts' rates (100% and 10%) would be 55% → △. */
static void test_composite_indicator(void **state) {
  (void)state;
  Spec s = {.plan = PLAN_001,
            .nodes = "id,parent,level,name\nBP3,,1,基本方針3\nM9,BP3,2,施策\n"
                     "U94,M9,3,№94\nU98,M9,3,№98\n",
            .inds = "id,node,name,composite_of,role\n"
                    "T3,BP3,№94と№98の合計,I94|I98,target\n"
                    "I94,U94,№94の指標,,\n"
                    "I98,U98,№98の指標,,\n",
            .values = "indicator,year,kind,value\n"
                      "I94,R5,target,100\nI94,R5,actual,100\n"
                      "I98,R5,target,50\nI98,R5,actual,5\n"
                      "I94,R6,target,100\nI94,R6,actual,100\n"
                      "I98,R6,target,50\n"};
  Fx f = fx_open(&s);
  int t3 = ind_index(&f, "T3");
  assert_dec(eval_num(f.ev, t3, 2023, VK_ACTUAL), "105");
  assert_dec(eval_num(f.ev, t3, 2023, VK_TARGET), "150");
  const IndResult *r = IR(&f, "T3", 2023);
  assert_dec(r->target, "150");
  assert_dec(r->actual, "105");
  assert_dec(r->rate, "70");
  assert_ind_grade(&f, "T3", 2023, "○");
  assert_dec(NR(&f, "BP3", 2023)->rate, "70");
  assert_node_grade(&f, "BP3", 2023, "○");
  /* the parts keep their own rates */
  assert_dec(IR(&f, "I98", 2023)->rate, "10");
  /* R6: one part has no actual → the sum has none → no rate, no grade */
  assert_dec(IR(&f, "T3", 2024)->actual, NULL);
  assert_dec(IR(&f, "T3", 2024)->rate, NULL);
  assert_ind_grade(&f, "T3", 2024, "");
  assert_node_grade(&f, "BP3", 2024, "");
  fx_close(&f);
}

/* 000 L62 / L218–224: of 62 initiatives, 49 ◎, 6 ○, 2 △, 5 － → 49 ÷ 62 = 79.0% 達成. Grades
   set by the departments (the grades table). */
static void test_headline_share(void **state) {
  (void)state;
  Buf nodes = {0}, grades = {0};
  buf_put(&nodes, "id,parent,level,name\nBP1,,1,方針\nM1,BP1,2,施策\n");
  buf_put(&grades, "subject,year,grade,basis\n");
  for (int i = 1; i <= 62; i++) {
    const char *g = i <= 49 ? "◎" : i <= 55 ? "○" : i <= 57 ? "△" : "－";
    buf_printf(&nodes, "U%d,M1,3,具体策%d\n", i, i);
    buf_printf(&grades, "U%d,R3,%s,%s\n", i, g, i > 57 ? "検討中" : "所管課評価");
  }
  Spec s = {.nodes = nodes.s, .grades = grades.s};
  Fx f = fx_open(&s);
  const LevelSummary *l = eval_level(f.ev, 3, 2021);
  assert_int_equal(l->in_scope, 62);
  assert_int_equal(l->graded, 62);
  assert_int_equal(l->top, 49);
  assert_int_equal(l->counts[grade_of(&f, "◎")], 49);
  assert_int_equal(l->counts[grade_of(&f, "○")], 6);
  assert_int_equal(l->counts[grade_of(&f, "△")], 2);
  assert_int_equal(l->counts[grade_of(&f, "－")], 5);
  assert_dec(l->share, "79.032258");
  assert_string_equal(shown(&f, l->share), "79.0%");
  assert_node_grade(&f, "U60", 2021, "－");
  assert_int_equal(NR(&f, "U60", 2021)->from, GF_MANUAL);
  /* H30 has no grades: every unit is in scope, none graded, share 0 */
  l = eval_level(f.ev, 3, 2018);
  assert_int_equal(l->in_scope, 62);
  assert_int_equal(l->graded, 0);
  assert_dec(l->share, "0");
  fx_close(&f);
  buf_free(&nodes);
  buf_free(&grades);
}

/* Units added mid-plan count from their added year; ended units up to their ended year. */
static void test_in_scope(void **state) {
  (void)state;
  Spec s = {.nodes = "id,parent,level,name,added_year,ended_year\n"
                     "BP1,,1,方針,,\nM1,BP1,2,施策,,\n"
                     "U1,M1,3,当初から,,\nU2,M1,3,R2追加,R2,\nU3,M1,3,H30で終了,,H30\n",
            .inds = "id,node,name,role\nI1,U1,a,main\nI2,U2,b,main\nI3,U3,c,main\n",
            .values = "indicator,year,kind,value\n"
                      "I1,H30,target,10\nI1,H30,actual,10\nI1,R1,target,10\nI1,R1,actual,10\n"
                      "I1,R2,target,10\nI1,R2,actual,10\nI1,R3,target,10\nI1,R3,actual,10\n"
                      "I2,H30,target,10\nI2,H30,actual,1\nI2,R1,target,10\nI2,R1,actual,1\n"
                      "I2,R2,target,10\nI2,R2,actual,1\nI2,R3,target,10\nI2,R3,actual,1\n"
                      "I3,H30,target,10\nI3,H30,actual,1\nI3,R1,target,10\nI3,R1,actual,1\n"
                      "I3,R2,target,10\nI3,R2,actual,1\nI3,R3,target,10\nI3,R3,actual,1\n",
            .grades = "subject,year,grade,basis\nU2,R1,◎,追加前の評価\n"};
  Fx f = fx_open(&s);
  static const int in_scope[4] = {2, 1, 2, 2}; /* H30: U1 U3; R1: U1; R2, R3: U1 U2 */
  static const char *const share[4] = {"50", "100", "50", "50"};
  static const int tri[4] = {1, 0, 1, 1}; /* △ counted under M1 (main indicators) */
  for (int y = 0; y < 4; y++) {
    const LevelSummary *l = eval_level(f.ev, 3, 2018 + y);
    assert_int_equal(l->in_scope, in_scope[y]);
    assert_dec(l->share, share[y]);
    const int *dist = eval_dist(f.ev, node_index(&f, "M1"), 2018 + y);
    assert_non_null(dist);
    assert_int_equal(dist[grade_of(&f, "◎")], 1);
    assert_int_equal(dist[grade_of(&f, "△")], tri[y]);
  }
  assert_false(NR(&f, "U2", 2019)->in_scope);
  assert_node_grade(&f, "U2", 2019, ""); /* its manual grade before it was added is ignored */
  assert_true(NR(&f, "U2", 2020)->in_scope);
  assert_node_grade(&f, "U2", 2020, "△");
  assert_true(NR(&f, "U3", 2018)->in_scope);
  assert_false(NR(&f, "U3", 2019)->in_scope);
  assert_node_grade(&f, "U3", 2019, "");
  fx_close(&f);
}

/* No cap at 100% (001 施策②: 35 ÷ 8 = 437.5%, 100 → 973 = 973.0%); target 0, or actual 0 on a
   lower-is-better indicator → no rate and no grade. */
static void test_no_cap_and_zeros(void **state) {
  (void)state;
  Spec s = {.plan = PLAN_001,
            .nodes = "id,parent,level,name\nBP1,,1,方針\nM1,BP1,2,施策\nU1,M1,3,a\nU2,M1,3,b\n",
            .inds = "id,node,name,direction\n"
                    "I1,U1,件数,up\nI2,U1,割合,up\n"
                    "Z1,U2,目標0,up\nZ2,U2,実績0の下方指標,down\nZ3,U2,両方0,up\nZ4,U2,"
                    "目標0の下方指標,down\n",
            .values = "indicator,year,kind,value\n"
                      "I1,R5,target,100\nI1,R5,actual,973\n"
                      "I2,R5,target,8\nI2,R5,actual,35\n"
                      "Z1,R5,target,0\nZ1,R5,actual,5\n"
                      "Z2,R5,target,10\nZ2,R5,actual,0\n"
                      "Z3,R5,target,0\nZ3,R5,actual,0\n"
                      "Z4,R5,target,0\nZ4,R5,actual,3\n"};
  Fx f = fx_open(&s);
  assert_dec(IR(&f, "I1", 2023)->rate, "973");
  assert_string_equal(shown(&f, IR(&f, "I1", 2023)->rate), "973.0%");
  assert_ind_grade(&f, "I1", 2023, "◎");
  assert_dec(IR(&f, "I2", 2023)->rate, "437.5");
  assert_ind_grade(&f, "I2", 2023, "◎");
  const char *zeros[] = {"Z1", "Z2", "Z3", "Z4"};
  for (int k = 0; k < 4; k++) {
    const IndResult *r = IR(&f, zeros[k], 2023);
    assert_dec(r->rate, NULL);
    assert_int_equal(r->grade, -1);
    assert_int_equal(r->from, GF_NONE);
    assert_string_equal(shown(&f, r->rate), "－");
  }
  assert_node_grade(&f, "U2", 2023, "");
  fx_close(&f);
}

/* 000: "－ 検討中" overrides numbers; where there is no numeric target the department's grade
   is used (000 L226); with "manual": "override" the department's grade always wins, except
   over a status. */
static void test_status_and_manual(void **state) {
  (void)state;
  Spec s = {.nodes = "id,parent,level,name\nBP1,,1,方針\nM1,BP1,2,施策\n"
                     "U1,M1,3,a\nU2,M1,3,b\nU3,M1,3,c\nU4,M1,3,d\nU5,M1,3,e\nU6,M1,3,f\n"
                     "U7,M1,3,g\nU8,M1,3,h\n",
            .inds = "id,node,name\nS1,U1,検討中の指標\nS2,U2,全角空白つき\nM3,U3,目標なし\n"
                    "M4,U4,数値あり\nM5,U5,所管課が検討中\nN6,U6,指標\nM7,U7,漢数字〇\n"
                    "S8,U8,検討中と所管課評価\n",
            .values = "indicator,year,kind,value,text\n"
                      "S1,R3,target,100,\nS1,R3,actual,95,検討中\n"
                      "S2,R3,target,100,\nS2,R3,actual,,　検討中\n"
                      "M3,R3,actual,,システム稼働\n"
                      "M4,R3,target,100,\nM4,R3,actual,50,\n"
                      "M5,R3,target,100,\nM5,R3,actual,95,\n"
                      "N6,R3,target,100,\nN6,R3,actual,95,\n"
                      "S8,R3,target,100,\nS8,R3,actual,50,検討中\n",
            .grades = "subject,year,grade,basis\n"
                      "M3,R3,◎,新システムの稼働により目標達成\n"
                      "M4,R3,◎,所管課評価\n"
                      "M5,R3,－,検討中\n"
                      "U6,R3,－,予算化していない\n"
                      "M7,R3,〇,所管課評価\n"
                      "S8,R3,◎,所管課評価\n"};
  Fx f = fx_open(&s);
  assert_ind_grade(&f, "S1", 2021, "－");
  assert_int_equal(IR(&f, "S1", 2021)->from, GF_STATUS);
  assert_node_grade(&f, "U1", 2021, "－");
  assert_ind_grade(&f, "S2", 2021, "－");
  assert_ind_grade(&f, "M3", 2021, "◎");
  assert_int_equal(IR(&f, "M3", 2021)->from, GF_MANUAL);
  assert_ind_grade(&f, "M4", 2021, "△"); /* fallback: the number wins */
  assert_int_equal(IR(&f, "M4", 2021)->from, GF_RULE);
  assert_ind_grade(&f, "M5", 2021, "－"); /* a status grade always wins */
  assert_int_equal(IR(&f, "M5", 2021)->from, GF_MANUAL);
  assert_ind_grade(&f, "N6", 2021, "◎");
  assert_node_grade(&f, "U6", 2021, "－"); /* a manual status on the node */
  assert_ind_grade(&f, "M7", 2021, "○");   /* 〇 (U+3007) is ○ */
  assert_ind_grade(&f, "S8", 2021, "－");
  assert_int_equal(f.ev->nwarnings, 0);

  Fx o = fx_variant(&f, "上書き");
  assert_ind_grade(&o, "M4", 2021, "◎");
  assert_int_equal(IR(&o, "M4", 2021)->from, GF_MANUAL);
  assert_ind_grade(&o, "M3", 2021, "◎");
  assert_ind_grade(&o, "S1", 2021, "－");
  assert_ind_grade(&o, "S8", 2021, "－"); /* the status text beats the department's ◎ */
  assert_int_equal(IR(&o, "S8", 2021)->from, GF_STATUS);
  assert_ind_grade(&o, "N6", 2021, "◎");
  fx_close_variant(&o);
  fx_close(&f);
}

/* A big plan's later years are evaluated on a second thread (eval_split_results): every
   indicator's and node's result of every year, and each level's counts, are the same as
   when one thread evaluates them all. */
static void test_years_on_two_threads(void **state) {
  (void)state;
  Spec s = {.nodes = "id,parent,level,name\nBP1,,1,方針\nM1,BP1,2,施策\n"
                     "U1,M1,3,a\nU2,M1,3,b\nU3,M1,3,c\n",
            .inds = "id,node,name\nP1,U1,a\nP2,U2,b\nP3,U3,c\n",
            .values =
                "indicator,year,kind,value,text\n"
                "P1,H30,target,100,\nP1,H30,actual,85,\nP1,R2,target,100,\nP1,R2,actual,95,\n"
                "P2,H30,target,100,\nP2,H30,actual,60,\nP2,R3,target,10,\nP2,R3,actual,9,\n"
                "P3,H30,target,100,\nP3,H30,actual,,検討中\nP3,R3,target,5,\nP3,R3,actual,7,\n"};
  size_t was = eval_split_results;
  eval_split_results = (size_t)-1;
  Fx one = fx_open(&s);
  eval_split_results = 0;
  Fx two = fx_variant(&one, NULL);
  eval_split_results = was;
  const Evaluation *a = one.ev, *b = two.ev;
  assert_true(a->nyears >= 2);
  size_t ninds = (size_t)one.plan->ninds * a->nyears, nnodes = (size_t)one.plan->nnodes * a->nyears;
  assert_memory_equal(a->ind, b->ind, ninds * sizeof *a->ind);
  assert_memory_equal(a->node, b->node, nnodes * sizeof *a->node);
  for (int y = a->first_year; y < a->first_year + a->nyears; y++)
    for (int level = 1; level <= 3; level++) {
      const LevelSummary *la = eval_level(a, level, y), *lb = eval_level(b, level, y);
      assert_int_equal(la->in_scope, lb->in_scope);
      assert_memory_equal(la->counts, lb->counts, (size_t)one.pol->ngrades * sizeof *la->counts);
    }
  assert_true(a->nyears == 4); /* H30–R3: R2 and R3 on the second thread */
  assert_dec(IR(&two, "P1", 2020)->actual, "95");
  assert_dec(IR(&two, "P3", 2021)->actual, "7");
  assert_int_not_equal(IR(&two, "P3", 2021)->grade, -1);
  fx_close_variant(&two);
  fx_close(&one);
}

/* Where a year has no actual, its projection (見込) stands in when the policy says so. */
static void test_use_projection(void **state) {
  (void)state;
  Spec s = {.nodes = "id,parent,level,name\nBP1,,1,方針\nM1,BP1,2,施策\n"
                     "U1,M1,3,a\nU2,M1,3,b\nU3,M1,3,c\n",
            .inds = "id,node,name\nP1,U1,見込のみ\nP2,U2,実績と見込\nP3,U3,見込が検討中\n",
            .values = "indicator,year,kind,value,text\n"
                      "P1,R3,target,100,\nP1,R3,projection,85,\n"
                      "P2,R3,target,100,\nP2,R3,actual,95,\nP2,R3,projection,50,\n"
                      "P3,R3,target,100,\nP3,R3,projection,,検討中\n"};
  Fx f = fx_open(&s);
  assert_ind_grade(&f, "P1", 2021, "");
  assert_dec(IR(&f, "P1", 2021)->actual, NULL);
  assert_false(IR(&f, "P1", 2021)->projected);
  assert_ind_grade(&f, "P3", 2021, "");

  Fx v = fx_variant(&f, "見込");
  const IndResult *r = IR(&v, "P1", 2021);
  assert_dec(r->actual, "85");
  assert_dec(r->rate, "85");
  assert_true(r->projected);
  assert_ind_grade(&v, "P1", 2021, "○");
  assert_node_grade(&v, "U1", 2021, "○");
  r = IR(&v, "P2", 2021);
  assert_dec(r->actual, "95");
  assert_false(r->projected);
  assert_ind_grade(&v, "P2", 2021, "◎");
  assert_true(IR(&v, "P3", 2021)->projected);
  assert_ind_grade(&v, "P3", 2021, "－");
  Buf out = {0};
  explain_indicator(v.ev, ind_index(&v, "P1"), 2021, &out);
  assert_contains(out.s, "見込値");
  assert_contains(out.s, "85");
  buf_free(&out);
  fx_close_variant(&v);
  fx_close(&f);
}

/* 001 資料1: per 施策, the grades of its main initiatives (role main) are counted: 施策① ◎ ◎ ○
   (20.67 ÷ 10.0 = 206.7%, 35 ÷ 8 = 437.5%, 44,917 ÷ 50,000 = 89.8%). Indicators without the
   role, units out of scope and other 施策 do not count; a main indicator on the 施策 itself
   does. */
static void test_distribution_of_main(void **state) {
  (void)state;
  Spec s = {.plan = PLAN_001,
            .nodes = "id,parent,level,name,ended_year\n"
                     "BP1,,1,方針,\nM1,BP1,2,施策①,\nM2,BP1,2,施策②,\n"
                     "U1,M1,3,a,\nU2,M1,3,b,\nU3,M1,3,c,\nU4,M1,3,d,\nU5,M1,3,e,R4\nU6,M2,3,f,\n",
            .inds = "id,node,name,role\n"
                    "A1,U1,オンライン手続の割合,main\nA2,U2,b,main\nA3,U3,申請件数,main\n"
                    "A4,U4,主でない指標,\nA5,U5,終了した具体策,main\nA6,U6,他の施策,main\n"
                    "A7,M2,施策②自身の主な指標,main\n",
            .values = "indicator,year,kind,value\n"
                      "A1,R5,target,10.0\nA1,R5,actual,20.67\n"
                      "A2,R5,target,8\nA2,R5,actual,35\n"
                      "A3,R5,target,50000\nA3,R5,actual,44917\n"
                      "A4,R5,target,10\nA4,R5,actual,10\n"
                      "A5,R5,target,10\nA5,R5,actual,1\n"
                      "A6,R5,target,10\nA6,R5,actual,1\n"
                      "A7,R5,target,10\nA7,R5,actual,10\n"};
  Fx f = fx_open(&s);
  assert_string_equal(shown(&f, IR(&f, "A1", 2023)->rate), "206.7%");
  const int *d = eval_dist(f.ev, node_index(&f, "M1"), 2023);
  assert_non_null(d);
  assert_int_equal(d[grade_of(&f, "◎")], 2);
  assert_int_equal(d[grade_of(&f, "○")], 1);
  assert_int_equal(d[grade_of(&f, "△")], 0);
  assert_int_equal(d[grade_of(&f, "－")], 0);
  d = eval_dist(f.ev, node_index(&f, "M2"), 2023);
  assert_non_null(d);
  assert_int_equal(d[grade_of(&f, "△")], 1);
  assert_int_equal(d[grade_of(&f, "◎")], 1); /* the 施策's own main indicator counts too */
  /* the 施策 itself is not graded; other levels keep no distribution */
  assert_node_grade(&f, "M1", 2023, "");
  assert_null(eval_dist(f.ev, node_index(&f, "U1"), 2023));
  assert_null(eval_dist(f.ev, node_index(&f, "BP1"), 2023));
  fx_close(&f);
}

/* explain names the values, the formula with the numbers, the rule and 「判定」. */
static void test_explain(void **state) {
  (void)state;
  Spec s = {.inds = "id,node,number,name,unit\nI1,U1,①,アクセス数,件\nI2,U1,②,リンク先数,か所\n",
            .values = "indicator,year,kind,value\n"
                      "I1,R2,target,90\nI1,R2,actual,81\n"
                      "I2,R2,target,79\nI2,R2,actual,18\n"};
  Fx f = fx_open(&s);
  Buf out = {0};
  explain_indicator(f.ev, ind_index(&f, "I1"), 2020, &out);
  assert_contains(out.s, "I1");
  assert_contains(out.s, "81");
  assert_contains(out.s, "90");
  assert_contains(out.s, "90.0%");
  assert_contains(out.s, "当該年度の目標値");
  assert_contains(out.s, "判定");
  assert_contains(out.s, "◎");
  assert_contains(out.s, "rate >= 90");
  buf_free(&out);

  /* 18 ÷ 79 = 22.8% (000 No.18 R2) */
  explain_node(f.ev, node_index(&f, "U1"), 2020, &out);
  assert_contains(out.s, "22.8%");
  assert_contains(out.s, "判定を決めた指標: I2");
  assert_contains(out.s, "判定: △");
  assert_contains(out.s, "rate < 70");
  buf_free(&out);

  /* no numbers: the explanation says why there is no grade */
  explain_indicator(f.ev, ind_index(&f, "I1"), 2021, &out);
  assert_contains(out.s, "判定: なし");
  buf_free(&out);
  fx_close(&f);
}

/* The built-in default policy is 資料1's legend. */
static void test_default_policy(void **state) {
  (void)state;
  char err[256];
  Policy *p = policy_compile(NULL, NULL, 3, err, sizeof err);
  assert_non_null(p);
  assert_int_equal(p->nbands, 3);
  assert_int_equal(p->ngrades, 4);
  assert_string_equal(p->grades[0].symbol, "◎");
  assert_string_equal(p->grades[0].when, "rate >= 90");
  assert_string_equal(p->grades[1].when, "rate >= 70");
  assert_int_equal(policy_status_for_text(p, "検討中"), policy_grade(p, "－"));
  assert_int_equal(p->target_basis, TB_SAME_YEAR);
  assert_int_equal(p->combine, CB_WORST);
  assert_int_equal(p->unit_level, 3);
  assert_int_equal(p->rollup[1].method, RU_TARGET_AVERAGE);
  assert_int_equal(p->rollup[2].method, RU_DISTRIBUTION);
  assert_string_equal(p->rollup[2].role, "main");
  assert_int_equal(p->headline_level, 3);
  assert_true(p->grades[0].top);
  assert_false(p->grades[1].top);
  policy_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_band_bound_inclusive),    cmocka_unit_test(test_band_bounds_exact),
      cmocka_unit_test(test_grade_on_unrounded_rate), cmocka_unit_test(test_lower_is_better),
      cmocka_unit_test(test_final_year_basis),        cmocka_unit_test(test_worst_of_indicators),
      cmocka_unit_test(test_policy_target_average),   cmocka_unit_test(test_composite_indicator),
      cmocka_unit_test(test_headline_share),          cmocka_unit_test(test_in_scope),
      cmocka_unit_test(test_no_cap_and_zeros),        cmocka_unit_test(test_status_and_manual),
      cmocka_unit_test(test_use_projection),          cmocka_unit_test(test_years_on_two_threads),
      cmocka_unit_test(test_distribution_of_main),    cmocka_unit_test(test_explain),
      cmocka_unit_test(test_default_policy),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
