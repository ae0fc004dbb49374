/* SPDX-License-Identifier: Apache-2.0 */
/*
** grade_values.c — the values beside a grade in the reports (see grade_values.h).
*/
#include "grade_values.h"
#include "../eval/explain.h"

const char *rpt_ind_values(Report *r, int ind, int year) {
  const Evaluation *ev = r->ev;
  Buf b = {0};
  if (!explain_grade_values(ev, ind, year, &b)) return NULL;
  const char *text = rpt_str(r, "%s", b.s);
  buf_free(&b);
  return text;
}

const char *rpt_node_values(Report *r, int n, int year) {
  const Evaluation *ev = r->ev;
  int first = ev->ind_start[n], last = ev->ind_start[n + 1];
  Buf b = {0};
  for (int k = first; k < last; k++) {
    int i = ev->ind_list[k];
    const char *v = rpt_ind_values(r, i, year);
    if (!v) continue;
    if (b.len) buf_put(&b, "／");
    if (last - first > 1) buf_printf(&b, "%s: ", ev->plan->inds[i].name);
    buf_put(&b, v);
  }
  const char *text = b.s ? rpt_str(r, "%s", b.s) : NULL;
  buf_free(&b);
  return text;
}
