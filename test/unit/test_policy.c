/*
** test_policy.c — evaluation policies beyond the seeds (docs/policy.md, "Examples beyond the
** seeds"): each policy is JSON data, applied by the unchanged engine to a small plan of its
** own — five bands, grades relative to a baseline, pro-rated interim targets, three-state
** qualitative statuses counted among the items due, average and weighted combination,
** average and worst roll-ups — and policy_compile's refusals, each with its message.
*/
#include "evalfix.h"

#define assert_contains(hay, needle)                                                               \
  do {                                                                                             \
    if (!strstr((hay), (needle))) fail_msg("\"%s\" not found in:\n%s", (needle), (hay));           \
  } while (0)

/* A plan of two levels (分野 > 取組), 2023–2024. */
#define PLAN_2L                                                                                    \
  "id,name,first_year,last_year,levels\n"                                                          \
  "city-2l,テスト市行動計画,2023,2024,分野|取組\n"

/* ---- Five bands --------------------------------------------------------------------------- */

#define FIVE_BANDS                                                                                 \
  "{\"name\": \"五段階評価\",\n"                                                              \
  " \"grades\": [\n"                                                                               \
  "  {\"symbol\": \"S\", \"label\": \"大きく上回る\", \"when\": \"rate >= 120\"},\n"         \
  "  {\"symbol\": \"A\", \"label\": \"達成\", \"when\": \"rate >= 100\"},\n"                     \
  "  {\"symbol\": \"B\", \"label\": \"概ね達成\", \"when\": \"rate >= 80\"},\n"                \
  "  {\"symbol\": \"C\", \"label\": \"やや遅れ\", \"when\": \"rate >= 50\"},\n"                \
  "  {\"symbol\": \"D\", \"label\": \"遅れ\", \"when\": \"has(rate)\"}],\n"                      \
  " \"headline\": {\"level\": 2, \"top\": [\"S\", \"A\"], \"of\": \"graded\"}}\n"

/* S ≥ 120, A ≥ 100, B ≥ 80, C ≥ 50, D otherwise — each bound exactly and a millionth below. */
static void test_five_bands(void **state) {
  (void)state;
  static const struct {
    const char *actual, *grade;
  } cases[] = {{"120", "S"}, {"119.999999", "A"}, {"100", "A"}, {"99.999999", "B"},
               {"80", "B"},  {"79.999999", "C"},  {"50", "C"},  {"49.999999", "D"},
               {"0", "D"},   {"1000", "S"},       {NULL, ""}};
  enum { N = sizeof cases / sizeof *cases };
  Buf nodes = {0}, inds = {0}, values = {0};
  buf_put(&nodes, "id,parent,level,name\nF1,,1,分野\n");
  buf_put(&inds, "id,node,name,direction\n");
  buf_put(&values, "indicator,year,kind,value\n");
  for (int k = 0; k < N; k++) {
    buf_printf(&nodes, "U%d,F1,2,取組%d\n", k, k);
    buf_printf(&inds, "I%d,U%d,指標%d,up\n", k, k, k);
    buf_printf(&values, "I%d,2023,target,100\n", k);
    if (cases[k].actual) buf_printf(&values, "I%d,2023,actual,%s\n", k, cases[k].actual);
  }
  /* lower is better: 60 ÷ 50 = 120% → S */
  buf_put(&nodes, "UD,F1,2,下方指標\n");
  buf_put(&inds, "ID,UD,待ち日数,down\n");
  buf_put(&values, "ID,2023,target,60\nID,2023,actual,50\n");
  Spec s = {
      .policy = FIVE_BANDS, .plan = PLAN_2L, .nodes = nodes.s, .inds = inds.s, .values = values.s};
  Fx f = fx_open(&s);
  for (int k = 0; k < N; k++) {
    char id[16];
    snprintf(id, sizeof id, "I%d", k);
    const IndResult *r = IR(&f, id, 2023);
    if (strcmp(eval_symbol(f.ev, r->grade), cases[k].grade) != 0)
      fail_msg("actual %s: grade '%s', expected '%s'", cases[k].actual ? cases[k].actual : "none",
               eval_symbol(f.ev, r->grade), cases[k].grade);
    assert_dec(r->rate, cases[k].actual); /* target 100: the rate is the actual */
    snprintf(id, sizeof id, "U%d", k);
    assert_node_grade(&f, id, 2023, cases[k].grade);
  }
  assert_dec(IR(&f, "ID", 2023)->rate, "120");
  assert_ind_grade(&f, "ID", 2023, "S");
  /* headline: S and A among the graded units: S 3, A 2 of 11 graded (one has no actual) */
  const LevelSummary *l = eval_level(f.ev, 2, 2023);
  assert_int_equal(l->in_scope, 12);
  assert_int_equal(l->graded, 11);
  assert_int_equal(l->counts[grade_of(&f, "S")], 3);
  assert_int_equal(l->counts[grade_of(&f, "A")], 2);
  assert_int_equal(l->counts[grade_of(&f, "B")], 2);
  assert_int_equal(l->counts[grade_of(&f, "C")], 2);
  assert_int_equal(l->counts[grade_of(&f, "D")], 2);
  assert_int_equal(l->top, 5);
  assert_dec(l->share, "45.454545"); /* 5 ÷ 11 */
  fx_close(&f);
  buf_free(&nodes);
  buf_free(&inds);
  buf_free(&values);
}

/* ---- Relative to a baseline ------------------------------------------------------------- */

#define BASELINE_RULES                                                                             \
  "{\"name\": \"基準値からの変化\",\n"                                                     \
  " \"grades\": [\n"                                                                               \
  "  {\"symbol\": \"達成\", \"when\": \"rate >= 100\"},\n"                                       \
  "  {\"symbol\": \"改善\", \"when\": \"change > 10\"},\n"                                       \
  "  {\"symbol\": \"横ばい\", \"when\": \"change >= -10\"},\n"                                  \
  "  {\"symbol\": \"悪化\", \"when\": \"change < -10\"},\n"                                      \
  "  {\"symbol\": \"測定不能\", \"when\": \"!has(actual)\"}],\n"                               \
  " \"headline\": {\"level\": 2, \"top\": [\"達成\", \"改善\"]}}\n"

/* change = (actual − baseline) ÷ abs(baseline) × 100, sign flipped for `down` indicators. */
static void test_relative_to_baseline(void **state) {
  (void)state;
  Spec s = {.policy = BASELINE_RULES,
            .plan = PLAN_2L,
            .nodes = "id,parent,level,name\nF1,,1,分野\n"
                     "U1,F1,2,a\nU2,F1,2,b\nU3,F1,2,c\nU4,F1,2,d\nU5,F1,2,e\nU6,F1,2,f\n"
                     "U7,F1,2,g\nU8,F1,2,h\nU9,F1,2,i\nU10,F1,2,j\nU11,F1,2,k\n",
            .inds = "id,node,name,direction,baseline,baseline_year\n"
                    "B1,U1,目標到達,up,100,2021\n"
                    "B2,U2,わずかに10%超,up,100,2021\n"
                    "B3,U3,ちょうど10%,up,100,2021\n"
                    "B4,U4,ちょうど-10%,up,100,2021\n"
                    "B5,U5,わずかに-10%未満,up,100,2021\n"
                    "B6,U6,実績なし,up,100,2021\n"
                    "B7,U7,下方・減少,down,100,2021\n"
                    "B8,U8,下方・増加,down,100,2021\n"
                    "B9,U9,下方・目標到達,down,100,2021\n"
                    "B10,U10,負の基準値,up,-50,2021\n"
                    "B11,U11,基準値0,up,0,2021\n",
            .values = "indicator,year,kind,value\n"
                      "B1,2023,target,200\nB1,2023,actual,200\n"
                      "B2,2023,target,200\nB2,2023,actual,110.000001\n"
                      "B3,2023,target,200\nB3,2023,actual,110\n"
                      "B4,2023,target,200\nB4,2023,actual,90\n"
                      "B5,2023,target,200\nB5,2023,actual,89.999999\n"
                      "B6,2023,target,200\n"
                      "B7,2023,target,50\nB7,2023,actual,80\n"
                      "B8,2023,target,50\nB8,2023,actual,120\n"
                      "B9,2023,target,50\nB9,2023,actual,45\n"
                      "B10,2023,actual,-40\n"
                      "B11,2023,actual,5\n"};
  Fx f = fx_open(&s);
  assert_ind_grade(&f, "B1", 2023, "達成");
  assert_ind_grade(&f, "B2", 2023, "改善");
  assert_ind_grade(&f, "B3", 2023, "横ばい");
  assert_ind_grade(&f, "B4", 2023, "横ばい");
  assert_ind_grade(&f, "B5", 2023, "悪化");
  assert_ind_grade(&f, "B6", 2023, "測定不能");
  assert_ind_grade(&f, "B7", 2023, "改善");  /* 100 → 80 on a lower-is-better indicator */
  assert_ind_grade(&f, "B8", 2023, "悪化");  /* 100 → 120 on a lower-is-better indicator */
  assert_ind_grade(&f, "B9", 2023, "達成");  /* 50 ÷ 45 = 111.1% */
  assert_ind_grade(&f, "B10", 2023, "改善"); /* -50 → -40: +10 ÷ abs(-50) = +20% */
  assert_ind_grade(&f, "B11", 2023, "");     /* baseline 0: no change, no rate: no rule */

  dec_t vars[EV__COUNT];
  struct {
    const char *id, *change;
  } changes[] = {{"B2", "10.000001"}, {"B3", "10"},  {"B5", "-10.000001"}, {"B7", "20"},
                 {"B8", "-20"},       {"B10", "20"}, {"B6", NULL},         {"B11", NULL}};
  for (size_t k = 0; k < sizeof changes / sizeof *changes; k++) {
    int i = ind_index(&f, changes[k].id);
    eval_indicator_vars(f.ev, i, 2023, eval_ind(f.ev, i, 2023), vars);
    assert_dec(vars[EV_CHANGE], changes[k].change);
  }
  eval_indicator_vars(f.ev, ind_index(&f, "B7"), 2023, IR(&f, "B7", 2023), vars);
  assert_dec(vars[EV_BASELINE], "100");
  assert_dec(vars[EV_RATE], "62.5");

  Buf out = {0};
  explain_indicator(f.ev, ind_index(&f, "B7"), 2023, &out);
  assert_contains(out.s, "change > 10");
  assert_contains(out.s, "判定: 改善");
  buf_free(&out);

  /* headline (of in_scope by default): 達成 2 + 改善 3 of 11 */
  const LevelSummary *l = eval_level(f.ev, 2, 2023);
  assert_int_equal(l->top, 5);
  assert_int_equal(l->in_scope, 11);
  fx_close(&f);
}

/* ---- Pro-rated interim targets ---------------------------------------------------------- */

#define PRORATED                                                                                   \
  "{\"name\": \"按分目標\", \"target_basis\": \"prorated\",\n"                                 \
  " \"grades\": [\n"                                                                               \
  "  {\"symbol\": \"◎\", \"when\": \"rate >= 90\"},\n"                                           \
  "  {\"symbol\": \"○\", \"when\": \"rate >= 70\"},\n"                                           \
  "  {\"symbol\": \"△\", \"when\": \"rate < 70\"}]}\n"

#define PLAN_5Y                                                                                    \
  "id,name,first_year,last_year,levels\n"                                                          \
  "city-5y,五か年計画,R4,R8,分野|取組\n"

/* Plan 2022–2026 (n = 5), final target 100: year 2023 (k = 2) compares with 40; 36 → 90%. A
   same-year target row is not used under this basis. */
static void test_prorated_targets(void **state) {
  (void)state;
  Spec s = {.policy = PRORATED,
            .plan = PLAN_5Y,
            .nodes = "id,parent,level,name\nF1,,1,分野\nU1,F1,2,取組\nU2,F1,2,端数\n",
            .inds = "id,node,name\nI1,U1,累計件数\nI2,U2,端数のある目標\n",
            .values = "indicator,year,kind,value\n"
                      "I1,2026,target,100\nI1,2023,target,80\n"
                      "I1,2022,actual,20\nI1,2023,actual,36\nI1,2024,actual,50\n"
                      "I1,2026,actual,100\n"
                      "I2,2026,target,7\nI2,2023,actual,2.8\n"};
  Fx f = fx_open(&s);
  const IndResult *r = IR(&f, "I1", 2023);
  assert_dec(r->target, "40");
  assert_dec(r->rate, "90");
  assert_ind_grade(&f, "I1", 2023, "◎");
  assert_dec(IR(&f, "I1", 2022)->target, "20");
  assert_dec(IR(&f, "I1", 2022)->rate, "100");
  assert_dec(IR(&f, "I1", 2024)->target, "60");
  assert_dec(IR(&f, "I1", 2024)->rate, "83.333333");
  assert_ind_grade(&f, "I1", 2024, "○");
  assert_dec(IR(&f, "I1", 2025)->target, "80");
  assert_ind_grade(&f, "I1", 2025, ""); /* no actual */
  assert_dec(IR(&f, "I1", 2026)->target, "100");
  assert_dec(IR(&f, "I2", 2023)->target, "2.8"); /* 7 × 2 ÷ 5 */
  assert_dec(IR(&f, "I2", 2023)->rate, "100");
  /* no "headline": the first band is the top grade, counted among the units in scope */
  assert_int_equal(f.pol->headline_level, 2);
  assert_int_equal(f.pol->headline_of, HO_IN_SCOPE);
  assert_int_equal(eval_level(f.ev, 2, 2023)->top, 2);
  assert_dec(eval_level(f.ev, 2, 2023)->share, "100");
  assert_int_equal(eval_level(f.ev, 2, 2024)->top, 0); /* U1 ○, U2 no actual */
  assert_dec(eval_level(f.ev, 2, 2024)->share, "0");
  Buf out = {0};
  explain_indicator(f.ev, ind_index(&f, "I1"), 2023, &out);
  assert_contains(out.s, "按分");
  assert_contains(out.s, "40");
  assert_contains(out.s, "36");
  buf_free(&out);
  fx_close(&f);
}

/* Conditions see year, k, n, target, final_target and actual. */
static void test_condition_variables(void **state) {
  (void)state;
  Spec s = {.policy =
                "{\"grades\": [\n"
                " {\"symbol\": \"前倒し達成\", \"when\": \"actual >= final_target && k < n\"},\n"
                " {\"symbol\": \"計画達成\", \"when\": \"k == n && rate >= 100\"},\n"
                " {\"symbol\": \"順調\", \"when\": \"actual >= target && year <= 2024\"},\n"
                " {\"symbol\": \"要注意\", \"when\": \"has(actual)\"}]}\n",
            .plan = PLAN_5Y,
            .nodes = "id,parent,level,name\nF1,,1,分野\nU1,F1,2,取組\n",
            .inds = "id,node,name\nI1,U1,指標\n",
            .values = "indicator,year,kind,value\n"
                      "I1,2022,target,20\nI1,2023,target,40\nI1,2024,target,60\n"
                      "I1,2025,target,80\nI1,2026,target,100\n"
                      "I1,2023,actual,100\nI1,2024,actual,60\nI1,2025,actual,80\n"
                      "I1,2026,actual,100\n"};
  Fx f = fx_open(&s);
  assert_ind_grade(&f, "I1", 2022, "");
  assert_ind_grade(&f, "I1", 2023, "前倒し達成");
  assert_ind_grade(&f, "I1", 2024, "順調");
  assert_ind_grade(&f, "I1", 2025, "要注意"); /* on target, but year > 2024 */
  assert_ind_grade(&f, "I1", 2026, "計画達成");
  dec_t vars[EV__COUNT];
  eval_indicator_vars(f.ev, ind_index(&f, "I1"), 2024, IR(&f, "I1", 2024), vars);
  assert_dec(vars[EV_YEAR], "2024");
  assert_dec(vars[EV_K], "3");
  assert_dec(vars[EV_N], "5");
  assert_dec(vars[EV_TARGET], "60");
  assert_dec(vars[EV_FINAL_TARGET], "100");
  fx_close(&f);
}

/* `"rate": "progress"`: (actual − baseline) ÷ (target − baseline), either direction. */
static void test_progress_rate(void **state) {
  (void)state;
  Spec s = {.policy = "{\"rate\": \"progress\", \"grades\": [\n"
                      " {\"symbol\": \"◎\", \"when\": \"rate >= 90\"},\n"
                      " {\"symbol\": \"○\", \"when\": \"rate >= 50\"},\n"
                      " {\"symbol\": \"△\", \"when\": \"has(rate)\"}]}\n",
            .plan = PLAN_2L,
            .nodes = "id,parent,level,name\nF1,,1,分野\nU1,F1,2,a\nU2,F1,2,b\nU3,F1,2,c\n",
            .inds = "id,node,name,direction,baseline\n"
                    "P1,U1,上方,up,20\nP2,U2,下方,down,100\nP3,U3,基準値なし,up,\n",
            .values = "indicator,year,kind,value\n"
                      "P1,2023,target,120\nP1,2023,actual,70\n"
                      "P2,2023,target,50\nP2,2023,actual,80\n"
                      "P3,2023,target,120\nP3,2023,actual,70\n"};
  Fx f = fx_open(&s);
  assert_dec(IR(&f, "P1", 2023)->rate, "50");
  assert_ind_grade(&f, "P1", 2023, "○");
  assert_dec(IR(&f, "P2", 2023)->rate, "40");
  assert_ind_grade(&f, "P2", 2023, "△");
  assert_dec(IR(&f, "P3", 2023)->rate, NULL);
  assert_ind_grade(&f, "P3", 2023, "");
  fx_close(&f);
}

/* ---- Three-state qualitative status ----------------------------------------------------- */

#define THREE_STATE                                                                                 \
  "{\"name\": \"三段階（達成・着手・未着手）\",\n"                                    \
  " \"statuses\": [\n"                                                                              \
  "  {\"symbol\": \"達成\", \"label\": \"達成\", \"texts\": [\"達成\", \"完了\"]},\n"       \
  "  {\"symbol\": \"着手\", \"label\": \"着手済\", \"texts\": [\"着手\", \"実施中\"]},\n" \
  "  {\"symbol\": \"未着手\", \"label\": \"未着手\", \"texts\": [\"未着手\"]}],\n"         \
  " \"rollup\": [{\"level\": 1, \"method\": \"distribution\"}],\n"                                  \
  " \"headline\": {\"level\": 2, \"top\": [\"達成\"], \"of\": \"due\"}}\n"

/* The share of 達成 among the units that have a target (number or text) that year; units not
   due that year are left out, even when they report 達成. */
static void test_three_state_due(void **state) {
  (void)state;
  Spec s = {.policy = THREE_STATE,
            .plan = PLAN_2L,
            .nodes = "id,parent,level,name\nP1,,1,柱1\n"
                     "U1,P1,2,a\nU2,P1,2,b\nU3,P1,2,c\nU4,P1,2,d\nU5,P1,2,e\nU6,P1,2,f\n",
            .inds = "id,node,name\nK1,U1,a\nK2,U2,b\nK3,U3,c\nK4,U4,d\nK5,U5,e\nK6,U6,f\n",
            .values = "indicator,year,kind,value,text\n"
                      "K1,2023,target,,システム導入\nK1,2023,actual,,達成\n"
                      "K2,2023,target,,規程改正\nK2,2023,actual,,着手\n"
                      "K3,2023,target,,研修実施\nK3,2023,actual,,未着手\n"
                      "K4,2024,target,,運用開始\nK4,2023,actual,,達成\n"
                      "K5,2023,target,1,\nK5,2023,actual,,完了\n"
                      "K6,2023,target,,調査\n"};
  Fx f = fx_open(&s);
  assert_ind_grade(&f, "K1", 2023, "達成");
  assert_int_equal(IR(&f, "K1", 2023)->from, GF_STATUS);
  assert_ind_grade(&f, "K2", 2023, "着手");
  assert_ind_grade(&f, "K3", 2023, "未着手");
  assert_ind_grade(&f, "K5", 2023, "達成");
  assert_ind_grade(&f, "K6", 2023, "");
  assert_node_grade(&f, "U1", 2023, "達成");
  assert_node_grade(&f, "U3", 2023, "未着手");
  assert_node_grade(&f, "U4", 2023, "達成");

  const LevelSummary *l = eval_level(f.ev, 2, 2023);
  assert_int_equal(l->in_scope, 6);
  assert_int_equal(l->due, 5);    /* all but U4 */
  assert_int_equal(l->graded, 5); /* all but U6 */
  assert_int_equal(l->top, 2);    /* U1, U5; U4 is not due */
  assert_int_equal(l->counts[grade_of(&f, "達成")], 3);
  assert_int_equal(l->counts[grade_of(&f, "着手")], 1);
  assert_int_equal(l->counts[grade_of(&f, "未着手")], 1);
  assert_dec(l->share, "40");
  /* the 柱 counts its units' grades (no role: units, not indicators) */
  const int *d = eval_dist(f.ev, node_index(&f, "P1"), 2023);
  assert_non_null(d);
  assert_int_equal(d[grade_of(&f, "達成")], 3);
  assert_int_equal(d[grade_of(&f, "着手")], 1);
  assert_int_equal(d[grade_of(&f, "未着手")], 1);
  assert_node_grade(&f, "P1", 2023, "");
  /* 2024: only U4 is due, and it has no status that year */
  l = eval_level(f.ev, 2, 2024);
  assert_int_equal(l->due, 1);
  assert_int_equal(l->top, 0);
  assert_dec(l->share, "0");
  fx_close(&f);
}

/* Nothing due: no share at all (not 0%). */
static void test_three_state_nothing_due(void **state) {
  (void)state;
  Spec s = {.policy = THREE_STATE,
            .plan = PLAN_2L,
            .nodes = "id,parent,level,name\nP1,,1,柱1\nU1,P1,2,a\n",
            .inds = "id,node,name\nK1,U1,a\n",
            .values = "indicator,year,kind,value,text\nK1,2023,actual,,達成\n"};
  Fx f = fx_open(&s);
  const LevelSummary *l = eval_level(f.ev, 2, 2023);
  assert_int_equal(l->due, 0);
  assert_int_equal(l->graded, 1);
  assert_dec(l->share, NULL);
  fx_close(&f);
}

/* A unit whose only indicator is a composite is due in a year only when its parts give it
   a target that year (docs/policy.md: "only those with a target value … that year"). */
static void test_due_composite_without_target(void **state) {
  (void)state;
  Spec s = {.policy = THREE_STATE,
            .plan = PLAN_2L,
            .nodes = "id,parent,level,name\nP1,,1,柱1\nU1,P1,2,部品\nU2,P1,2,合成\n",
            .inds = "id,node,name,composite_of\nK1,U1,部品,\nKC,U2,合成,K1\n",
            .values = "indicator,year,kind,value,text\n"
                      "K1,2024,target,1,\nK1,2023,actual,,着手\n"};
  Fx f = fx_open(&s);
  int kc = ind_index(&f, "KC");
  assert_dec(eval_num(f.ev, kc, 2023, VK_TARGET), NULL); /* no target in 2023 */
  const LevelSummary *l = eval_level(f.ev, 2, 2023);
  assert_int_equal(l->due, 0);
  assert_dec(l->share, NULL);
  assert_int_equal(eval_level(f.ev, 2, 2024)->due, 2);
  fx_close(&f);
}

/* ---- Combining indicators and rolling up ------------------------------------------------ */

#define COMBINE_ROLLUP                                                                             \
  "{\"name\": \"平均で判定\", \"combine\": \"average\",\n"                                    \
  " \"grades\": [\n"                                                                               \
  "  {\"symbol\": \"◎\", \"when\": \"rate >= 90\"},\n"                                           \
  "  {\"symbol\": \"○\", \"when\": \"rate >= 70\"},\n"                                           \
  "  {\"symbol\": \"△\", \"when\": \"rate < 70\"}],\n"                                           \
  " \"unit_level\": 3,\n"                                                                          \
  " \"rollup\": [{\"level\": 1, \"method\": \"worst\"}, {\"level\": 2, \"method\": "               \
  "\"average\"}],\n"                                                                               \
  " \"variants\": {\n"                                                                             \
  "  \"加重\": {\"combine\": \"weighted\"},\n"                                                   \
  "  \"平均\": {\"rollup\": [{\"level\": 1, \"method\": \"average\"},\n"                         \
  "                          {\"level\": 2, \"method\": \"average\"}]}}}\n"

#define PLAN_3L                                                                                    \
  "id,name,first_year,last_year,levels\n"                                                          \
  "city-3l,テスト市DX戦略,2023,2024,基本方針|施策|具体策\n"

static Fx combine_plan(void) {
  Spec s = {.policy = COMBINE_ROLLUP,
            .plan = PLAN_3L,
            .nodes = "id,parent,level,name,added_year\n"
                     "BP1,,1,方針,\nM1,BP1,2,施策1,\nM2,BP1,2,施策2,\n"
                     "U1,M1,3,二指標,\nU2,M1,3,一指標と値なし,\nU5,M1,3,2024追加,2024\n"
                     "U3,M2,3,遅れ,\n",
            .inds = "id,node,name,weight\n"
                    "I1,U1,重い指標,3\nI2,U1,軽い指標,1\n"
                    "I3,U2,重みなし,\nI4,U2,値なし,5\n"
                    "I6,U5,追加,\n"
                    "I5,U3,遅れている,\n",
            .values = "indicator,year,kind,value\n"
                      "I1,2023,target,100\nI1,2023,actual,100\n"
                      "I2,2023,target,100\nI2,2023,actual,60\n"
                      "I3,2023,target,100\nI3,2023,actual,100\n"
                      "I3,2024,target,100\nI3,2024,actual,100\n"
                      "I6,2023,target,100\nI6,2023,actual,10\n"
                      "I6,2024,target,100\nI6,2024,actual,10\n"
                      "I5,2023,target,100\nI5,2023,actual,50\n"};
  return fx_open(&s);
}

/* combine average: a unit's grade is the grade of the plain average of its indicators'
   rates (those without a rate skipped); rollup average: a 施策's rate is the average of its
   in-scope children's rates; rollup worst: the worst child grade. */
static void test_combine_average_rollups(void **state) {
  (void)state;
  Fx f = combine_plan();
  const NodeResult *u1 = NR(&f, "U1", 2023);
  assert_dec(u1->rate, "80"); /* (100 + 60) ÷ 2 */
  assert_int_equal(u1->nrates, 2);
  assert_node_grade(&f, "U1", 2023, "○"); /* worst would give △ */
  assert_dec(NR(&f, "U2", 2023)->rate, "100");
  assert_int_equal(NR(&f, "U2", 2023)->nrates, 1);
  assert_node_grade(&f, "U2", 2023, "◎");
  assert_false(NR(&f, "U5", 2023)->in_scope);

  /* 施策1: (80 + 100) ÷ 2 = 90 → ◎ — not the average of the three rates (86.7 → ○), and U5
     (10%, added 2024) is not counted */
  const NodeResult *m1 = NR(&f, "M1", 2023);
  assert_dec(m1->rate, "90");
  assert_int_equal(m1->nrates, 2);
  assert_node_grade(&f, "M1", 2023, "◎");
  assert_int_equal(m1->from, GF_ROLLUP);
  assert_dec(NR(&f, "M2", 2023)->rate, "50");
  assert_node_grade(&f, "M2", 2023, "△");
  /* 基本方針: worst of ◎ and △ */
  const NodeResult *bp = NR(&f, "BP1", 2023);
  assert_node_grade(&f, "BP1", 2023, "△");
  assert_int_equal(bp->decider, node_index(&f, "M2"));
  assert_int_equal(bp->from, GF_ROLLUP);
  /* 2024: U2 100 and U5 10 → 55 △; U1 has no rate; M2 none → BP1 worst of △ alone */
  assert_dec(NR(&f, "M1", 2024)->rate, "55");
  assert_node_grade(&f, "M1", 2024, "△");
  assert_node_grade(&f, "M2", 2024, "");
  assert_node_grade(&f, "BP1", 2024, "△");
  assert_int_equal(NR(&f, "BP1", 2024)->decider, node_index(&f, "M1"));

  Buf out = {0};
  explain_node(f.ev, node_index(&f, "U1"), 2023, &out);
  assert_contains(out.s, "平均");
  assert_contains(out.s, "80.0%");
  assert_contains(out.s, "判定: ○");
  buf_free(&out);
  fx_close(&f);
}

/* combine weighted: weights 3 and 1 → (100×3 + 60×1) ÷ 4 = 90 → ◎; no weight counts 1. */
static void test_combine_weighted(void **state) {
  (void)state;
  Fx base = combine_plan();
  Fx f = fx_variant(&base, "加重");
  assert_int_equal(f.pol->combine, CB_WEIGHTED);
  assert_dec(NR(&f, "U1", 2023)->rate, "90");
  assert_node_grade(&f, "U1", 2023, "◎");
  assert_dec(NR(&f, "U2", 2023)->rate, "100");
  assert_dec(NR(&f, "M1", 2023)->rate, "95");
  assert_node_grade(&f, "BP1", 2023, "△");
  fx_close_variant(&f);

  /* a variant replaces `rollup` whole: 基本方針 = average of 90 and 50 = 70 → ○ */
  f = fx_variant(&base, "平均");
  assert_int_equal(f.pol->combine, CB_AVERAGE);
  assert_int_equal(f.pol->rollup[1].method, RU_AVERAGE);
  assert_dec(NR(&f, "BP1", 2023)->rate, "70");
  assert_node_grade(&f, "BP1", 2023, "○");
  fx_close_variant(&f);
  fx_close(&base);
}

/* An average is rounded once, half away from zero, at the sixth place:
   (90 + 90 + 89.999999) ÷ 3 = 89.9999996… → 90.000000 → ◎. */
static void test_average_rounding(void **state) {
  (void)state;
  Spec s = {.policy = COMBINE_ROLLUP,
            .plan = PLAN_3L,
            .nodes = "id,parent,level,name\nBP1,,1,方針\nM1,BP1,2,施策\nU1,M1,3,三指標\n",
            .inds = "id,node,name\nI1,U1,a\nI2,U1,b\nI3,U1,c\n",
            .values = "indicator,year,kind,value\n"
                      "I1,2023,target,100\nI1,2023,actual,90\n"
                      "I2,2023,target,100\nI2,2023,actual,90\n"
                      "I3,2023,target,100\nI3,2023,actual,89.999999\n"};
  Fx f = fx_open(&s);
  assert_dec(NR(&f, "U1", 2023)->rate, "90");
  assert_int_equal(NR(&f, "U1", 2023)->nrates, 3);
  assert_node_grade(&f, "U1", 2023, "◎");
  fx_close(&f);
}

/* ---- policy_compile: refusals ----------------------------------------------------------- */

#define G3                                                                                         \
  "\"grades\": [{\"symbol\": \"◎\", \"when\": \"rate >= 90\"},"                                  \
  " {\"symbol\": \"○\", \"when\": \"rate >= 70\"}, {\"symbol\": \"△\", \"when\": \"rate < 70\"}]"

/* json (with variant, for a plan of nlevels) must be refused with exactly this message. */
#define expect_refused(json, variant, nlevels, message)                                            \
  expect_refused_((json), (variant), (nlevels), (message), __FILE__, __LINE__)
static void expect_refused_(const char *json, const char *variant, int nlevels, const char *message,
                            const char *file, int line) {
  char err[512];
  memset(err, 'x', sizeof err);
  Policy *p = policy_compile(json, variant, nlevels, err, sizeof err);
  if (p) {
    policy_free(p);
    print_error("%s:%d: compiled, expected \"%s\"\n", file, line, message);
    _fail(file, line);
  }
  if (strcmp(err, message) != 0) {
    print_error("%s:%d: got \"%s\"\nexpected \"%s\"\n", file, line, err, message);
    _fail(file, line);
  }
}

static void test_refuse_unknown_key(void **state) {
  (void)state;
  expect_refused("{" G3 ", \"colour\": \"red\"}", NULL, 3, "policy: unknown key \"colour\"");
  expect_refused("{" G3 ", \"targetbasis\": \"final_year\"}", NULL, 3,
                 "policy: unknown key \"targetbasis\"");
  /* inside a variant: refused when compiling the main policy too */
  expect_refused("{" G3 ", \"variants\": {\"資料2\": {\"basis\": \"final_year\"}}}", NULL, 3,
                 "policy variant: unknown key \"basis\"");
  expect_refused("{" G3 ", \"variants\": {\"資料2\": {\"basis\": \"final_year\"}}}", "資料2", 3,
                 "policy variant: unknown key \"basis\"");
}

/* A typo inside a grade, status, roll-up or headline entry changes grades as surely as one at
   the top level ("text" for "texts": 検討中 no longer overrides numbers; "rol" for "role": the
   distribution counts units instead of main indicators). */
static void test_refuse_unknown_nested_key(void **state) {
  (void)state;
  char err[512];
  const char *typos[] = {
      "{" G3 ", \"statuses\": [{\"symbol\": \"－\", \"text\": [\"検討中\"]}]}",
      "{" G3 ", \"rollup\": [{\"level\": 2, \"method\": \"distribution\", \"rol\": \"main\"}]}",
      "{" G3 ", \"headline\": {\"levle\": 2, \"top\": [\"◎\"]}}",
      "{\"grades\": [{\"symbol\": \"◎\", \"when\": \"rate >= 90\", \"lable\": \"十分\"}]}",
      "{" G3 ", \"statuses\": [{\"symbol\": \"－\", \"texts\": \"検討中\"}]}",
  };
  for (size_t k = 0; k < sizeof typos / sizeof *typos; k++) {
    Policy *p = policy_compile(typos[k], NULL, 3, err, sizeof err);
    if (p) {
      policy_free(p);
      fail_msg("accepted: %s", typos[k]);
    }
  }
}

static void test_refuse_bad_enum(void **state) {
  (void)state;
  expect_refused(
      "{" G3 ", \"target_basis\": \"last_year\"}", NULL, 3,
      "policy: \"target_basis\" must be one of same_year, final_year, prorated, deadline");
  expect_refused("{" G3 ", \"rate\": \"percent\"}", NULL, 3,
                 "policy: \"rate\" must be one of ratio, progress");
  expect_refused("{" G3 ", \"combine\": \"mean\"}", NULL, 3,
                 "policy: \"combine\" must be one of worst, average, weighted");
  expect_refused("{" G3 ", \"manual\": \"always\"}", NULL, 3,
                 "policy: \"manual\" must be one of fallback, override");
  expect_refused(
      "{" G3 ", \"target_basis\": 2}", NULL, 3,
      "policy: \"target_basis\" must be one of same_year, final_year, prorated, deadline");
  expect_refused("{" G3 ", \"rollup\": [{\"level\": 2, \"method\": \"sum\"}]}", NULL, 3,
                 "policy: \"method\" must be one of none, target_average, average, worst, "
                 "distribution");
  expect_refused("{" G3 ", \"headline\": {\"level\": 3, \"top\": [\"◎\"], \"of\": \"all\"}}", NULL,
                 3, "policy: \"of\" must be one of in_scope, graded, due");
  /* a broken variant is caught when the main policy is compiled */
  expect_refused("{" G3 ", \"variants\": {\"v\": {\"combine\": \"mean\"}}}", NULL, 3,
                 "policy: \"combine\" must be one of worst, average, weighted");
  expect_refused("{" G3 ", \"rounding\": \"banker\"}", NULL, 3,
                 "policy: \"rounding\" must be one of half_up, truncate, half_even");
  expect_refused("{" G3 ", \"grade_on\": \"shown\"}", NULL, 3,
                 "policy: \"grade_on\" must be one of rate, displayed");
  expect_refused("{" G3 ", \"variants\": {\"v\": {\"legend_source\": 5}}}", NULL, 3,
                 "policy: \"legend_source\" must be the source of the legend (\"資料2 L627\")");
  expect_refused("{" G3 ", \"decisions\": []}", NULL, 3, "policy: \"decisions\" must be an object");
  expect_refused("{" G3 ", \"digits\": 7}", NULL, 3,
                 "policy: \"digits\" must be a whole number from 0 to 6");
  expect_refused("{" G3 ", \"digits\": 1.5}", NULL, 3,
                 "policy: \"digits\" must be a whole number from 0 to 6");
  expect_refused("{" G3 ", \"unit_level\": 4}", NULL, 3,
                 "policy: \"unit_level\" must be a whole number from 1 to 3");
  expect_refused("{" G3 ", \"rollup\": [{\"level\": 4, \"method\": \"worst\"}]}", NULL, 3,
                 "policy: \"level\" must be a whole number from 1 to 3");
  expect_refused("{" G3 ", \"use_projection\": \"yes\"}", NULL, 3,
                 "policy: \"use_projection\" must be true or false");
}

static void test_refuse_bad_condition(void **state) {
  (void)state;
  expect_refused("{\"grades\": [{\"symbol\": \"◎\", \"when\": \"rate >= 90\"},"
                 " {\"symbol\": \"○\", \"when\": \"rate = 70\"}]}",
                 NULL, 3,
                 "policy: grades[1] (○) \"when\": at 6: unexpected '=' (use '==' to compare)");
  /* the position counts characters, not bytes: ≥ is one character */
  expect_refused("{\"grades\": [{\"symbol\": \"◎\", \"when\": \"rate >= 90\"},"
                 " {\"symbol\": \"○\", \"when\": \"rate ≥ 70 @\"}]}",
                 NULL, 3, "policy: grades[1] (○) \"when\": at 11: unexpected character '@'");
  expect_refused("{\"grades\": [{\"symbol\": \"S\", \"when\": \"rte >= 120\"}]}", NULL, 3,
                 "policy: grades[0] (S) \"when\": at 1: unknown name 'rte'");
  expect_refused("{\"grades\": [{\"symbol\": \"S\"}]}", NULL, 3,
                 "policy: grades[0] needs \"symbol\" and \"when\" texts");
}

static void test_refuse_headline_and_grades(void **state) {
  (void)state;
  expect_refused("{" G3 ", \"headline\": {\"level\": 3, \"top\": [\"☆\"]}}", NULL, 3,
                 "policy: headline.top names ☆, which is not a grade of the policy");
  expect_refused("{\"grades\": [{\"symbol\": \"◎\", \"when\": \"rate >= 90\"},"
                 " {\"symbol\": \"◎\", \"when\": \"rate >= 70\"}]}",
                 NULL, 3, "policy: grade ◎ is declared twice");
  /* 〇 (U+3007) and ○ are one symbol */
  expect_refused("{" G3 ", \"statuses\": [{\"symbol\": \"〇\", \"texts\": [\"済\"]}]}", NULL, 3,
                 "policy: grade ○ is declared twice");
  expect_refused("{\"grades\": [], \"statuses\": []}", NULL, 3,
                 "policy: declares no grades and no statuses");
  expect_refused("{\"grades\": {}}", NULL, 3, "policy: \"grades\" must be a list");
}

static void test_refuse_unknown_variant(void **state) {
  (void)state;
  expect_refused("{" G3 ", \"variants\": {\"資料2\": {\"target_basis\": \"final_year\"}}}", "資料9",
                 3, "policy: no variant named \"資料9\"");
  expect_refused("{" G3 "}", "資料2", 3, "policy: no variant named \"資料2\"");
  char err[256];
  assert_null(policy_compile("{\"grades\": [", NULL, 3, err, sizeof err));
  assert_int_equal(strncmp(err, "policy: not a JSON object", 25), 0);
}

/* A variant overrides the keys it names and keeps the others. */
static void test_variant_overrides(void **state) {
  (void)state;
  const char *json = "{\"name\": \"本則\", " G3 ", \"digits\": 1, \"use_projection\": false,"
                     " \"headline\": {\"level\": 3, \"top\": [\"◎\"]},"
                     " \"variants\": {\"資料2\": {\"target_basis\": \"final_year\", \"digits\": 0,"
                     " \"headline\": {\"level\": 3, \"top\": [\"◎\", \"○\"], \"of\": \"graded\"}},"
                     " \"見込\": {\"use_projection\": true}}}";
  char err[256];
  Policy *p = policy_compile(json, NULL, 3, err, sizeof err);
  assert_non_null(p);
  assert_null(p->variant);
  assert_int_equal(p->target_basis, TB_SAME_YEAR);
  assert_int_equal(p->digits, 1);
  assert_true(p->grades[0].top);
  assert_false(p->grades[1].top);
  assert_int_equal(p->headline_of, HO_IN_SCOPE);
  policy_free(p);

  p = policy_compile(json, "資料2", 3, err, sizeof err);
  assert_non_null(p);
  assert_string_equal(p->variant, "資料2");
  assert_string_equal(p->name, "本則");
  assert_int_equal(p->target_basis, TB_FINAL_YEAR);
  assert_int_equal(p->digits, 0);
  assert_false(p->use_projection);
  assert_int_equal(p->nbands, 3);
  assert_true(p->grades[0].top);
  assert_true(p->grades[1].top);
  assert_int_equal(p->headline_of, HO_GRADED);
  policy_free(p);

  p = policy_compile(json, "見込", 3, err, sizeof err);
  assert_non_null(p);
  assert_true(p->use_projection);
  assert_int_equal(p->target_basis, TB_SAME_YEAR);
  assert_int_equal(p->digits, 1);
  policy_free(p);

  char **names = policy_variants(json);
  int n = 0;
  for (; names[n]; n++) {
    assert_true(strcmp(names[n], "資料2") == 0 || strcmp(names[n], "見込") == 0);
    free(names[n]);
  }
  free(names);
  assert_int_equal(n, 2);
}

/* The exchange-format import refuses a plan whose policy does not compile, and a manual
   grade the policy does not declare. */
static void test_import_checks_policy(void **state) {
  (void)state;
  static const char *const plan =
      "id,name,first_year,last_year,levels\nx,計画,2023,2024,分野|取組\n";
  static const char *const nodes = "id,parent,level,name\nF1,,1,分野\nU1,F1,2,取組\n";
  struct {
    const char *policy, *grades, *expect;
  } cases[] = {
      {"{" G3 ", \"combine\": \"mean\"}", NULL, "\"combine\" must be one of"},
      {"{" G3 "}", "subject,year,grade\nU1,2023,S\n", "not a grade of the plan's policy"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    Book b = {0};
    book_add(&b, sheet_text("plan", plan));
    book_add(&b, sheet_text("nodes", nodes));
    if (cases[k].grades) book_add(&b, sheet_text("grades", cases[k].grades));
    b.policy_json = xstrdup(cases[k].policy);
    Errors errs = {0};
    Plan *p = xchg_to_plan(&b, &errs);
    book_free(&b);
    assert_null(p);
    int found = 0;
    for (int e = 0; e < errs.count; e++)
      found |= strstr(errs.msgs[e], cases[k].expect) != NULL;
    if (!found) {
      errors_print(&errs, stderr);
      errors_free(&errs);
      fail_msg("expected an error containing \"%s\"", cases[k].expect);
    }
    errors_free(&errs);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_five_bands),
      cmocka_unit_test(test_relative_to_baseline),
      cmocka_unit_test(test_prorated_targets),
      cmocka_unit_test(test_condition_variables),
      cmocka_unit_test(test_progress_rate),
      cmocka_unit_test(test_three_state_due),
      cmocka_unit_test(test_three_state_nothing_due),
      cmocka_unit_test(test_due_composite_without_target),
      cmocka_unit_test(test_combine_average_rollups),
      cmocka_unit_test(test_combine_weighted),
      cmocka_unit_test(test_average_rounding),
      cmocka_unit_test(test_refuse_unknown_key),
      cmocka_unit_test(test_refuse_unknown_nested_key),
      cmocka_unit_test(test_refuse_bad_enum),
      cmocka_unit_test(test_refuse_bad_condition),
      cmocka_unit_test(test_refuse_headline_and_grades),
      cmocka_unit_test(test_refuse_unknown_variant),
      cmocka_unit_test(test_variant_overrides),
      cmocka_unit_test(test_import_checks_policy),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
