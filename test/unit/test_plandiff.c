/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_plandiff.c — unit tests for model/plandiff.c, the difference between two plans: values
** changed, added and removed per indicator, year and kind (matched by id, whatever the order
** of the indicators), the grade row that counts, narratives, nodes and indicators, the order
** of the changes, the summary, and a plan of 300,000 values with a few changes.
*/
#include "testutil.h"
#include "model/plandiff.h"

/* A plan of nodes N1..Nn, each with one indicator I<k> (ids in the order given). */
static Plan *make_plan(const char *const *inds, int n) {
  Plan *p = plan_new();
  p->id = plan_str(p, "p");
  p->first_year = 2022;
  p->last_year = 2026;
  for (int i = 0; i < n; i++) {
    char id[32];
    snprintf(id, sizeof id, "N%s", inds[i] + 1);
    Node *nd = plan_add_node(p);
    nd->id = plan_str(p, id), nd->name = nd->id, nd->level = 1;
    Indicator *in = plan_add_indicator(p);
    in->id = plan_str(p, inds[i]), in->name = in->id, in->node = i;
  }
  plan_index(p);
  return p;
}

static Value *add_value(Plan *p, const char *ind, int year, int kind, const char *num) {
  Value *v = plan_add_value(p);
  v->indicator = plan_indicator(p, ind);
  v->year = year;
  v->kind = (signed char)kind;
  v->num = num ? D(num) : DEC_NONE;
  return v;
}

static void add_grade(Plan *p, const char *subject, int year, const char *grade) {
  Grade *g = plan_add_grade(p);
  g->subject = plan_str(p, subject);
  g->indicator = plan_indicator(p, subject);
  g->node = g->indicator >= 0 ? -1 : plan_node(p, subject);
  g->year = year;
  g->grade = plan_str(p, grade);
}

static void add_narrative(Plan *p, const char *node, int year, const char *text) {
  Item *it = plan_add_item(p);
  it->node = plan_node(p, node);
  it->year = year;
  it->kind = plan_str(p, "narrative");
  it->text = plan_str(p, text);
}

/* The changes as lines "what how subject year kind old_row new_row". */
static char *lines(const PlanDiff *d) {
  static const char *const what[] = {"value", "grade", "narrative", "node", "indicator"};
  static const char *const how[] = {"+", "~", "-"};
  Buf b = {0};
  for (int i = 0; i < d->n; i++) {
    const PlanChange *c = &d->v[i];
    buf_printf(&b, "%s %s %s %d %d %d %d\n", what[c->what], how[c->how], c->subject, c->year,
               c->kind, c->old_row, c->new_row);
  }
  return b.s ? buf_detach(&b) : xstrdup("");
}

static void test_values_by_id_year_and_kind(void **state) {
  (void)state;
  const char *a[] = {"I1", "I2", "I3"}, *b[] = {"I3", "I1", "I2"}; /* other order */
  Plan *o = make_plan(a, 3), *n = make_plan(b, 3);
  add_value(o, "I1", 2023, VK_TARGET, "100"); /* 0: changed */
  add_value(o, "I1", 2023, VK_ACTUAL, "50");  /* 1: same */
  add_value(o, "I2", 2024, VK_ACTUAL, "7");   /* 2: removed */
  Value *s = add_value(o, "I3", 2024, VK_TARGET, "1");
  s->superseded = 1;                                     /* 3: an older revision: not compared */
  add_value(o, "I3", 2024, VK_TARGET, "2");              /* 4: same */
  add_value(n, "I3", 2024, VK_TARGET, "2");              /* 0 */
  add_value(n, "I1", 2023, VK_ACTUAL, "50");             /* 1 */
  Value *x = add_value(n, "I1", 2023, VK_TARGET, "120"); /* 2 */
  value_set_extra(n, x, "2024-03-31", "見直し", NULL, NULL); /* the note is not a figure */
  add_value(n, "I2", 2025, VK_PROJECTION, NULL)->text = plan_str(n, "集計中"); /* 3: added */
  Value *t = add_value(n, "I1", 2023, VK_ACTUAL, "50");
  t->text = plan_str(n, "速報"); /* 4: a later current row for (I1, 2023, actual): it counts */
  PlanDiff d;
  plandiff(o, n, &d);
  char *got = lines(&d);
  assert_string_equal(got, "value ~ I1 2023 0 0 2\n"
                           "value ~ I1 2023 1 1 4\n"
                           "value - I2 2024 1 2 -1\n"
                           "value + I2 2025 2 -1 3\n");
  assert_int_equal(d.counts[PC_VALUE][PC_CHANGED], 2);
  assert_int_equal(d.counts[PC_VALUE][PC_ADDED], 1);
  assert_int_equal(d.counts[PC_VALUE][PC_REMOVED], 1);
  assert_int_equal(d.counts[PC_INDICATOR][PC_ADDED] + d.counts[PC_NODE][PC_REMOVED], 0);
  free(got);
  plandiff_free(&d);
  plan_free(o);
  plan_free(n);
}

static void test_grades_the_row_that_counts(void **state) {
  (void)state;
  const char *a[] = {"I1", "I2"};
  Plan *o = make_plan(a, 2), *n = make_plan(a, 2);
  add_grade(o, "N1", 2024, "△"); /* 0: overridden by row 1 */
  add_grade(o, "N1", 2024, "○"); /* 1: counts; the new plan's N1 is ○ too */
  add_grade(o, "I2", 2024, "◎"); /* 2: removed */
  add_grade(o, "N2", 2023, "○"); /* 3: changed */
  add_grade(n, "N1", 2024, "○");
  add_grade(n, "N2", 2023, "×");
  add_grade(n, "N2", 2023, "△"); /* counts over the row before it */
  add_grade(n, "I1", 2025, "○"); /* added */
  PlanDiff d;
  plandiff(o, n, &d);
  char *got = lines(&d);
  assert_string_equal(got, "grade - I2 2024 -1 2 -1\n"
                           "grade ~ N2 2023 -1 3 2\n"
                           "grade + I1 2025 -1 -1 3\n");
  free(got);
  plandiff_free(&d);
  unsigned char *counts = plan_grades_counting(o);
  assert_int_equal(counts[0], 0);
  assert_int_equal(counts[1], 1);
  assert_int_equal(counts[2], 1);
  assert_int_equal(plan_grade(o, "N1", 2024), 1); /* the same rule, for one subject */
  free(counts);
  plan_free(o);
  plan_free(n);
}

static void test_narratives_nodes_and_indicators(void **state) {
  (void)state;
  const char *a[] = {"I1", "I2", "I3"}, *b[] = {"I2", "I3", "I4"};
  Plan *o = make_plan(a, 3), *n = make_plan(b, 3);
  n->nodes[0].name = plan_str(n, "新しい名前");
  add_narrative(o, "N2", 2024, "旧");
  add_narrative(o, "N3", 2024, "同じ");
  add_narrative(o, "N2", 2023, "消える");
  add_narrative(n, "N3", 2024, "同じ");
  add_narrative(n, "N2", 2024, "新");
  add_narrative(n, "N2", 2024, "二つ目は数えない");
  add_narrative(n, "N4", 2025, "追加");
  PlanDiff d;
  plandiff(o, n, &d);
  char *got = lines(&d);
  assert_string_equal(got, "narrative ~ N2 2024 -1 0 1\n"
                           "narrative - N2 2023 -1 2 -1\n"
                           "narrative + N4 2025 -1 -1 3\n"
                           "node - N1 0 -1 0 -1\n"
                           "node ~ N2 0 -1 1 0\n"
                           "node + N4 0 -1 -1 2\n"
                           "indicator - I1 0 -1 0 -1\n"
                           "indicator + I4 0 -1 -1 2\n");
  Buf s = {0};
  plandiff_summary(&d, &s);
  assert_string_equal(s.s, "事務局の本文 変更 1・追加 1・削除 1、ノード 変更 1・追加 1・削除 1、"
                           "指標 変更 0・追加 1・削除 1");
  buf_free(&s);
  free(got);
  plandiff_free(&d);
  plan_free(o);
  plan_free(n);
}

static void test_new_plan_and_no_change(void **state) {
  (void)state;
  const char *a[] = {"I1"};
  Plan *n = make_plan(a, 1);
  add_value(n, "I1", 2023, VK_ACTUAL, "1");
  add_grade(n, "N1", 2023, "○");
  PlanDiff d;
  plandiff(NULL, n, &d);
  assert_int_equal(d.n, 4);
  assert_int_equal(d.counts[PC_VALUE][PC_ADDED], 1);
  assert_int_equal(d.counts[PC_GRADE][PC_ADDED], 1);
  assert_int_equal(d.counts[PC_NODE][PC_ADDED], 1);
  assert_int_equal(d.counts[PC_INDICATOR][PC_ADDED], 1);
  plandiff_free(&d);
  plandiff(n, n, &d);
  assert_int_equal(d.n, 0);
  Buf s = {0};
  plandiff_summary(&d, &s);
  assert_string_equal(s.s, "値・評価・事務局の本文・ノード・指標に変更はありません");
  buf_free(&s);
  plandiff_only(NULL, n, 1u << PC_GRADE, &d);
  assert_int_equal(d.n, 1);
  assert_int_equal(d.v[0].what, PC_GRADE);
  plandiff_free(&d);
  plan_free(n);
}

/* 30,000 indicators with 10 values each, two plans with three differences: found, and only
   those (the matching is by slots, not pairs: this runs in milliseconds). */
static void test_a_large_plan(void **state) {
  (void)state;
  enum { NIND = 30000 };
  char **ids = malloc(sizeof *ids * NIND);
  for (int i = 0; i < NIND; i++) {
    ids[i] = malloc(16);
    snprintf(ids[i], 16, "I%d", i);
  }
  Plan *o = make_plan((const char *const *)ids, NIND),
       *n = make_plan((const char *const *)ids, NIND);
  for (int i = 0; i < NIND; i++)
    for (int y = 2022; y < 2027; y++)
      for (int k = 0; k < 2; k++) {
        char num[32];
        snprintf(num, sizeof num, "%d", i + y + k);
        add_value(o, ids[i], y, k, num);
        if (!(i == 777 && y == 2024 && k == 1)) add_value(n, ids[i], y, k, num);
      }
  n->values[5].num = D("0.5");
  add_value(n, ids[29999], 2026, VK_PROJECTION, "1");
  PlanDiff d;
  plandiff(o, n, &d);
  char *got = lines(&d);
  assert_string_equal(got, "value ~ I0 2024 1 5 5\n"
                           "value - I777 2024 1 7775 -1\n"
                           "value + I29999 2026 2 -1 299999\n");
  free(got);
  plandiff_free(&d);
  for (int i = 0; i < NIND; i++)
    free(ids[i]);
  free(ids);
  plan_free(o);
  plan_free(n);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_values_by_id_year_and_kind),
      cmocka_unit_test(test_grades_the_row_that_counts),
      cmocka_unit_test(test_narratives_nodes_and_indicators),
      cmocka_unit_test(test_new_plan_and_no_change),
      cmocka_unit_test(test_a_large_plan),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
