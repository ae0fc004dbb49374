/*
** report_dept.c — the department report: for each department, the initiatives it owns with
** their grades, this year's figures of their indicators, and what is missing (no target, no
** actual, no grade), so that the secretariat knows whom to ask for what.
*/
#include "../model/text.h"
#include "report.h"
#include <stdlib.h>
#include <string.h>

typedef struct Depts {
  char **names;
  int n, cap;
} Depts;

static void add_dept(const char *part, size_t len, void *ctx) {
  Depts *d = ctx;
  for (int i = 0; i < d->n; i++)
    if (strlen(d->names[i]) == len && strncmp(d->names[i], part, len) == 0) return;
  VEC_PUSH(d->names, d->n, d->cap);
  d->names[d->n++] = xstrndup(part, len);
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void owned(Report *r, RSection *s, const char *dept, int l) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  const Policy *pol = ev->policy;
  static const char *const head[] = {"No.", "名称", "判定", "進捗率（%）", NULL};
  RTable *t = rpt_table(r, s, rpt_str(r, "%sが所管する%s", dept, rpt_level(r, l)), head);
  int *counts = xcalloc((size_t)pol->ngrades + 1, sizeof *counts), total = 0;
  for (int n = 0; n < p->nnodes; n++) {
    const NodeResult *nr = eval_node(ev, n, r->year);
    if (p->nodes[n].level != l || !nr->in_scope || !node_has_department(&p->nodes[n], dept))
      continue;
    int row = rt_row(t);
    rt_set(r, t, row, 0, p->nodes[n].number ? p->nodes[n].number : p->nodes[n].id);
    rt_set(r, t, row, 1, p->nodes[n].name);
    rt_set(r, t, row, 2, nr->grade >= 0 ? rpt_grade(r, nr->grade) : "判定なし");
    rt_num(r, t, row, 3, policy_shown(pol, nr->rate), pol->digits);
    counts[nr->grade >= 0 ? nr->grade : pol->ngrades]++;
    total++;
  }
  Buf b = {0};
  for (int g = 0; g < pol->ngrades; g++)
    if (counts[g]) buf_printf(&b, "、%s %d件", pol->grades[g].symbol, counts[g]);
  if (counts[pol->ngrades]) buf_printf(&b, "、判定なし %d件", counts[pol->ngrades]);
  rpt_para(r, s, "%sが所管する%sは%d件です%s%s%s。", dept, rpt_level(r, l), total, b.s ? "（" : "",
           b.s ? b.s + strlen("、") : "", b.s ? "）" : "");
  buf_free(&b);
  free(counts);
}

static void figures(Report *r, RSection *s, const char *dept, int l, RTable *missing) {
  const Evaluation *ev = r->ev;
  const Plan *p = ev->plan;
  const Policy *pol = ev->policy;
  char fy[64];
  static const char *const head[] = {"No.",  "指標",        "単位", "目標",
                                     "実績", "進捗率（%）", "判定", NULL};
  RTable *t = rpt_table(r, s, rpt_str(r, "%sの指標（%s）", dept, fy_both(r->year, fy)), head);
  for (int n = 0; n < p->nnodes; n++) {
    const Node *node = &p->nodes[n];
    const NodeResult *nr = eval_node(ev, n, r->year);
    if (node->level != l || !nr->in_scope || !node_has_department(node, dept)) continue;
    const char *no = node->number ? node->number : node->id;
    if (nr->grade < 0) {
      int m = rt_row(missing);
      rt_set(r, missing, m, 0, no);
      rt_set(r, missing, m, 1, node->name);
      rt_set(r, missing, m, 2, "判定がありません（指標の値も手動の判定もない）");
    }
    for (int k = ev->ind_start[n]; k < ev->ind_start[n + 1]; k++) {
      int i = ev->ind_list[k];
      const IndResult *ir = eval_ind(ev, i, r->year);
      int row = rt_row(t);
      rt_set(r, t, row, 0, no);
      rt_set(r, t, row, 1, p->inds[i].name);
      rt_set(r, t, row, 2, p->inds[i].unit);
      rt_num(r, t, row, 3, ir->target, -1);
      rt_num(r, t, row, 4, ir->actual, -1);
      rt_num(r, t, row, 5, policy_shown(pol, ir->rate), pol->digits);
      rt_set(r, t, row, 6, rpt_grade(r, ir->grade));
      const char *what = dec_is_none(ir->target) && dec_is_none(ir->actual)
                             ? "目標値と実績値がありません"
                         : dec_is_none(ir->target) ? "目標値がありません"
                         : dec_is_none(ir->actual) ? "実績値（見込値）がありません"
                                                   : NULL;
      if (what) {
        int m = rt_row(missing);
        rt_set(r, missing, m, 0, no);
        rt_set(r, missing, m, 1, p->inds[i].name);
        rt_set(r, missing, m, 2, what);
      }
    }
  }
}

void report_department(Report *r) {
  const Plan *p = r->ev->plan;
  int l = r->ev->policy->headline_level;
  Depts d = {0};
  for (int n = 0; n < p->nnodes; n++)
    if (p->nodes[n].level == l && eval_node(r->ev, n, r->year)->in_scope)
      list_each(p->nodes[n].departments, add_dept, &d);
  if (d.n) qsort(d.names, (size_t)d.n, sizeof *d.names, by_name);
  if (!d.n) {
    RSection *s = rpt_section(r, "所管課");
    rpt_para(r, s, "この計画の%sには所管課が記録されていません。", rpt_level(r, l));
  }
  for (int i = 0; i < d.n; i++) {
    RSection *s = rpt_section(r, d.names[i]);
    owned(r, s, d.names[i], l);
    static const char *const mhead[] = {"No.", "対象", "不足しているもの", NULL};
    RSection tmp = {0};
    RTable *missing = rpt_table(r, &tmp, rpt_str(r, "%sで不足しているデータ", d.names[i]), mhead);
    figures(r, s, d.names[i], l, missing);
    if (missing->nrows > 1) {
      VEC_PUSH(s->blocks, s->nblocks, s->cap);
      s->blocks[s->nblocks++] = tmp.blocks[0];
    } else {
      free(missing->cells);
      rpt_para(r, s, "不足しているデータはありません。");
    }
    free(tmp.blocks);
    free(d.names[i]);
  }
  free(d.names);
}
