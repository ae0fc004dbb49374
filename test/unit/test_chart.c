/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_chart.c — unit tests for reports/chart.c: the charts say in words (title and desc) what they
** draw, the words and the data table follow the evaluation, every bar segment carries its
** grade symbol as text, and names from the data are escaped inside the SVG; the value axis has
** round ticks (1-2-5 steps) from 0 or the data's floor to at or above the largest value, labels
** with the unit, gridlines, and labels that do not overlap.
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
  assert_non_null(strstr(desc, "令和5年度（2023年度）: 目標 100件、実績 80件。"));
  assert_non_null(strstr(desc, "縦軸は 0件 から 100件 まで、20件 ごとの目盛りです。"));
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

/* One axis: the ticks' values as text, "lo..hi/step n digits". */
static void axis_is(dec_t min, dec_t max, dec_t min_step, const char *want) {
  ChartTicks t;
  assert_int_equal(chart_ticks(min, max, 5, min_step, &t), 0);
  char lo[DEC_MAX_TEXT], hi[DEC_MAX_TEXT], st[DEC_MAX_TEXT];
  Buf got = {0};
  buf_printf(&got, "%s..%s/%s %d %d", dec_format(t.lo, -1, lo), dec_format(t.hi, -1, hi),
             dec_format(t.step, -1, st), t.n, t.digits);
  assert_string_equal(got.s, want);
  /* the invariants, whatever the numbers */
  assert_true(t.lo <= 0 && t.lo <= min && t.hi >= max && t.n >= 2 && t.n <= 6);
  assert_int_equal(chart_tick(&t, t.n - 1), t.hi);
  assert_true(t.lo % t.step == 0 && t.hi % t.step == 0);
  buf_free(&got);
}

static void test_ticks_are_round_steps_from_zero_to_above_the_max(void **state) {
  (void)state;
  axis_is(D("0"), D("78691"), 1, "0..80000/20000 5 0");  /* 78,691件 */
  axis_is(D("12"), D("78691"), 1, "0..80000/20000 5 0"); /* from 0, not from the data */
  axis_is(D("0"), D("100"), 1, "0..100/20 6 0");         /* the max on a tick */
  axis_is(D("0"), D("45.1"), 1, "0..50/10 6 0");         /* 45.1% */
  axis_is(D("0"), D("0.3"), 1, "0..0.3/0.1 4 1");        /* decimals as the step needs */
  axis_is(D("0"), D("2.4"), 1, "0..2.5/0.5 6 1");
  axis_is(D("-3.5"), D("12"), 1, "-5..15/5 5 0");   /* the data's floor when negative */
  axis_is(D("-40"), D("-10"), 1, "-40..0/10 5 0");  /* all negative: up to 0 */
  axis_is(D("0"), D("3"), DEC_SCALE, "0..3/1 4 0"); /* counts: whole steps */
  axis_is(D("0"), D("0"), DEC_SCALE, "0..1/1 2 0"); /* nothing yet: one step */
  axis_is(D("0"), D("1234567"), 1, "0..1500000/500000 4 0");
  ChartTicks t;
  assert_int_equal(chart_ticks(DEC_NONE, D("1"), 5, 1, &t), -1);
  assert_int_equal(chart_ticks(D("2"), D("1"), 5, 1, &t), -1);
  assert_int_equal(chart_ticks(INT64_MIN + 1, INT64_MAX, 5, 1, &t), -1); /* no overflow */
}

static void test_tick_labels_are_grouped_with_the_unit(void **state) {
  (void)state;
  ChartTicks t;
  char label[96];
  assert_int_equal(chart_ticks(0, D("78691"), 5, 1, &t), 0);
  assert_string_equal(chart_tick_label(&t, 4, "件", label, sizeof label), "80,000件");
  assert_string_equal(chart_tick_label(&t, 0, "件", label, sizeof label), "0件");
  assert_int_equal(chart_ticks(0, D("2.4"), 5, 1, &t), 0);
  assert_string_equal(chart_tick_label(&t, 1, "%", label, sizeof label), "0.5%");
  assert_string_equal(chart_tick_label(&t, 2, "%", label, sizeof label), "1.0%");
  assert_string_equal(chart_tick_label(&t, 2, NULL, label, sizeof label), "1.0");
  /* from a million up in 万, as Japanese documents print large round numbers */
  assert_int_equal(chart_ticks(0, D("37090384"), 5, 1, &t), 0);
  assert_string_equal(chart_tick_label(&t, t.n - 1, "件", label, sizeof label), "4,000万件");
  assert_string_equal(chart_tick_label(&t, 0, "件", label, sizeof label), "0件");
  assert_string_equal(chart_tick_label(&t, 1, "万件", label, sizeof label), "10,000,000万件");
  /* kanji are wider than digits */
  assert_true(chart_text_width("件", 13) > chart_text_width("8", 13));
  assert_true(chart_text_width("80,000件", 13) >= 13 + 5 * 8);
}

/* The text shapes' boxes (estimated as the geometry estimates them) overlap nowhere, and
   none leaves the chart. */
static void assert_labels_apart(const ChartGeom *g) {
  for (int i = 0; i < g->n; i++) {
    const ChartShape *a = &g->shapes[i];
    if (a->type != CS_TEXT) continue;
    int aw = chart_text_width(a->text, a->size);
    int ax = a->middle ? a->x - aw / 2 : a->end ? a->x - aw : a->x;
    assert_true(ax >= 0 && ax + aw <= g->w && a->y - a->size >= 0 && a->y <= g->h);
    for (int j = i + 1; j < g->n; j++) {
      const ChartShape *b = &g->shapes[j];
      if (b->type != CS_TEXT) continue;
      int bw = chart_text_width(b->text, b->size);
      int bx = b->middle ? b->x - bw / 2 : b->end ? b->x - bw : b->x;
      int apart =
          ax + aw <= bx || bx + bw <= ax || a->y <= b->y - b->size || b->y <= a->y - a->size;
      if (!apart) fail_msg("labels overlap: \"%s\" and \"%s\"", a->text, b->text);
    }
  }
}

/* The y of the gridline labelled text, -1 when there is none. */
static int gridline_y(const ChartGeom *g, const char *text) {
  for (int i = 0; i < g->n; i++)
    if (g->shapes[i].type == CS_TEXT && g->shapes[i].end && strcmp(g->shapes[i].text, text) == 0)
      for (int j = i - 1; j >= 0; j--)
        if (g->shapes[j].type == CS_LINE && g->shapes[j].h == 0) return g->shapes[j].y;
  return -1;
}

static void test_indicator_chart_has_a_value_axis(void **state) {
  (void)state;
  Spec big = three_grades;
  big.values = "indicator,year,kind,value\n"
               "I1,2022,target,70000\nI1,2022,actual,78691\n"
               "I1,2023,target,75000\nI1,2023,actual,61000\n";
  Fx f = fx_open(&big);
  ChartGeom g;
  assert_int_equal(chart_indicator_geom(f.ev, plan_indicator(f.plan, "I1"), &g), 0);
  /* ticks every 20,000件 from 0 to 80,000件, each with a gridline, the larger value lower */
  int y0 = gridline_y(&g, "0件"), y20 = gridline_y(&g, "20,000件"),
      y80 = gridline_y(&g, "80,000件");
  assert_true(y0 > y20 && y20 > y80 && y80 >= 0);
  assert_int_equal(gridline_y(&g, "100,000件"), -1);
  /* the 78,691 bar reaches just below the 80,000 gridline */
  int found = 0;
  for (int i = 0; i < g.n; i++)
    if (g.shapes[i].type == CS_RECT && g.shapes[i].fill && !g.shapes[i].stroke &&
        g.shapes[i].y + g.shapes[i].h == y0 && g.shapes[i].y > y80 && g.shapes[i].y - y80 < 6)
      found = 1;
  assert_true(found);
  assert_labels_apart(&g);
  chart_geom_free(&g);
  Buf b = {0};
  chart_indicator(&b, f.ev, plan_indicator(f.plan, "I1"), "c");
  assert_non_null(strstr(b.s, "目標 70,000件、実績 78,691件。"));
  assert_non_null(strstr(b.s, "縦軸は 0件 から 80,000件 まで、20,000件 ごとの目盛りです。"));
  assert_non_null(strstr(b.s, "text-anchor=\"end\">80,000件</text>"));
  buf_free(&b);
  fx_close(&f);
}

static void test_negative_values_hang_below_zero(void **state) {
  (void)state;
  Spec neg = three_grades;
  neg.inds =
      "id,node,name,unit,direction,accumulation\n"
      "I1,U1,増減,円/月あたりの増減額,up,flow\nI2,U2,指標2,件,up,flow\nI3,U3,指標3,件,up,flow\n";
  neg.values = "indicator,year,kind,value\nI1,2022,actual,-3.5\nI1,2023,actual,12\n";
  Fx f = fx_open(&neg);
  ChartGeom g;
  assert_int_equal(chart_indicator_geom(f.ev, 0, &g), 0);
  int y0 = gridline_y(&g, "0"), ym5 = gridline_y(&g, "-5");
  assert_true(ym5 > y0 && y0 > 0); /* -5 below the zero line */
  int below = 0;
  for (int i = 0; i < g.n; i++)
    if (g.shapes[i].type == CS_RECT && g.shapes[i].y == y0 && g.shapes[i].h > 0 &&
        !g.shapes[i].stroke)
      below = 1;
  assert_true(below);
  /* a long unit stands once above the axis, not after every number */
  int unit_above = 0;
  for (int i = 0; i < g.n; i++)
    if (g.shapes[i].type == CS_TEXT && strcmp(g.shapes[i].text, "単位: 円/月あたりの増減額") == 0)
      unit_above = 1;
  assert_true(unit_above);
  assert_labels_apart(&g);
  chart_geom_free(&g);
  fx_close(&f);
}

static void test_many_years_keep_their_labels_apart(void **state) {
  (void)state;
  Fx f = fx_open(&three_grades);
  /* the same three years six times over: 18 slots, as a long row of plans would have */
  const Evaluation *evs[6] = {f.ev, f.ev, f.ev, f.ev, f.ev, f.ev};
  int inds[6] = {1, 1, 1, 1, 1, 1};
  ChartGeom g;
  assert_int_equal(chart_history_geom(evs, inds, 6, &g), 0);
  int years = 0;
  for (int i = 0; i < g.n; i++)
    if (g.shapes[i].type == CS_TEXT && g.shapes[i].middle) years++;
  assert_int_equal(years, 9); /* every other year named */
  assert_labels_apart(&g);
  chart_geom_free(&g);
  fx_close(&f);
}

static void test_distribution_axis_counts_whole_items(void **state) {
  (void)state;
  Fx f = fx_open(&three_grades);
  ChartGeom g;
  assert_int_equal(chart_distribution_geom(f.ev, &g), 0);
  assert_true(gridline_y(&g, "0件") > gridline_y(&g, "3件"));
  assert_int_equal(gridline_y(&g, "0.5件"), -1);
  assert_labels_apart(&g);
  chart_geom_free(&g);
  fx_close(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_distribution_words_follow_the_evaluation),
      cmocka_unit_test(test_indicator_chart_text_and_escaping),
      cmocka_unit_test(test_indicator_without_numbers_draws_nothing),
      cmocka_unit_test(test_ticks_are_round_steps_from_zero_to_above_the_max),
      cmocka_unit_test(test_tick_labels_are_grouped_with_the_unit),
      cmocka_unit_test(test_indicator_chart_has_a_value_axis),
      cmocka_unit_test(test_negative_values_hang_below_zero),
      cmocka_unit_test(test_distribution_axis_counts_whole_items),
      cmocka_unit_test(test_many_years_keep_their_labels_apart),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
