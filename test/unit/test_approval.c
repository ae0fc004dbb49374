/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_approval.c — unit tests for model/approval.c, what approving entries applies to a
** plan: the row each entry writes over (the value or grade row that counts), rows added, a
** subject the plan lacks, and the plan as approval leaves it.
*/
#include "testutil.h"
#include "model/approval.h"

/* Nodes N1 (with indicator I1) and N2; I1 has a superseded and a current target, two current
   actual rows for 2024 (the last counts) and a grade row for N2 in 2024. */
static Plan *make_plan(void) {
  Plan *p = plan_new();
  p->id = plan_str(p, "p");
  p->first_year = 2022;
  p->last_year = 2026;
  const char *nodes[] = {"N1", "N2"};
  for (int i = 0; i < 2; i++) {
    Node *n = plan_add_node(p);
    n->id = plan_str(p, nodes[i]), n->name = n->id, n->level = 1;
  }
  Indicator *in = plan_add_indicator(p);
  in->id = plan_str(p, "I1"), in->name = in->id, in->node = 0;
  int kinds[] = {VK_TARGET, VK_ACTUAL, VK_ACTUAL, VK_ACTUAL};
  int years[] = {2024, 2024, 2024, 2023};
  const char *nums[] = {"100", "40", "50", "30"};
  for (int i = 0; i < 4; i++) {
    Value *v = plan_add_value(p);
    v->indicator = 0, v->year = years[i], v->kind = (signed char)kinds[i], v->num = D(nums[i]);
  }
  value_set_extra(p, &p->values[2], NULL, NULL, "2024-06-01", "資料1");
  Grade *g = plan_add_grade(p);
  g->subject = plan_str(p, "N2"), g->node = 1, g->year = 2024, g->grade = plan_str(p, "○");
  plan_index(p);
  return p;
}

static void test_rows_each_entry_writes_over(void **state) {
  (void)state;
  Plan *p = make_plan();
  ApprovalEntry e[] = {
      {"I1", 2024, VK_ACTUAL, D("80"), NULL, "2025-03-31", "速報値"},
      {"I1", 2024, VK_PROJECTION, DEC_NONE, "集計中", NULL, NULL},
      {"N2", 2024, -1, DEC_NONE, "◎", NULL, "前倒し"},
      {"I1", 2024, -1, DEC_NONE, "○", NULL, NULL},
      {"NOPE", 2024, VK_ACTUAL, D("1"), NULL, NULL, NULL},
      {"N1", 2024, VK_ACTUAL, D("1"), NULL, NULL, NULL}, /* a figure needs an indicator */
  };
  int rows[6];
  approval_rows(p, e, 6, rows);
  assert_int_equal(rows[0], 2); /* the last current actual of 2024, not row 1 */
  assert_int_equal(rows[1], APPROVAL_ADD);
  assert_int_equal(rows[2], 0);
  assert_int_equal(rows[3], APPROVAL_ADD);
  assert_int_equal(rows[4], APPROVAL_NO_SUBJECT);
  assert_int_equal(rows[5], APPROVAL_NO_SUBJECT);

  approval_apply(p, e, 6, rows, "承認 boss");
  assert_int_equal(p->nvalues, 5); /* the projection added after the last row */
  assert_int_equal(p->values[2].num, D("80"));
  const ValueExtra *x = value_extra(p, &p->values[2]);
  assert_string_equal(x->as_of, "2025-03-31");
  assert_string_equal(x->note, "速報値");
  assert_string_equal(x->revised, "2024-06-01"); /* kept */
  assert_string_equal(x->source, "承認 boss");
  assert_int_equal(p->values[1].num, D("40")); /* the row that does not count is left */
  assert_int_equal(p->values[4].kind, VK_PROJECTION);
  assert_string_equal(p->values[4].text, "集計中");
  assert_int_equal(p->values[4].indicator, 0);
  assert_int_equal(p->ngrades, 2);
  assert_string_equal(p->grades[0].grade, "◎");
  assert_string_equal(p->grades[0].basis, "前倒し");
  assert_string_equal(p->grades[1].subject, "I1");
  assert_int_equal(p->grades[1].indicator, 0);
  assert_int_equal(p->grades[1].node, -1);

  /* applied again, the same entries find the rows the first approval wrote */
  approval_rows(p, e, 4, rows);
  assert_int_equal(rows[1], 4);
  assert_int_equal(rows[3], 1);
  plan_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rows_each_entry_writes_over),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
