/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_grades.c — the report kinds built on grades: summary (the grade distribution per
** year and the headline sentence, 000 資料2 L218–224), status (the list of initiatives with a
** grade per year, the values the report year's grade was decided on when its rule used any
** besides the rate (grade_values.c), and the continuation decision, 000 資料2 L140–212) and issues
*(initiatives
** below the top grade with their department's comment, 000 資料1's 課題).
*/
#include "../model/text.h"
#include "grade_values.h"
#include "report.h"
#include <string.h>

/* True when any indicator's actual in year is the year's projection (見込). */
static int year_projected(const Evaluation *ev, int year) {
  for (int i = 0; i < ev->plan->ninds; i++)
    if (eval_ind(ev, i, year)->projected) return 1;
  return 0;
}

/* A year's column head: "達成状況 R1", or "達成状況 R1/R3" when every year is measured against
   the final year's target (000 資料2), "達成見込 R3" for a year of projections. */
static const char *year_head(Report *r, int y, const char *what) {
  char fy[64], last[64];
  int against_last = r->ev->policy->target_basis == TB_FINAL_YEAR && y != r->ev->plan->last_year;
  return rpt_str(r, "%s %s%s%s", year_projected(r->ev, y) ? "達成見込" : what, fy_era_short(y, fy),
                 against_last ? "/" : "",
                 against_last ? fy_era_short(r->ev->plan->last_year, last) : "");
}

/* 【◎】十分に達成されている(各年度実績値や見込値がR3年度目標値の90%以上): the label and the
   policy's legend text, as the seed prints them; never the rule's expression. */
static const char *grade_label(Report *r, int g) {
  const PolicyGrade *pg = &r->ev->policy->grades[g];
  return rpt_str(r, "【%s】%s%s%s%s", pg->symbol, pg->label ? pg->label : "",
                 pg->legend ? "（" : "", pg->legend ? pg->legend : "", pg->legend ? "）" : "");
}

static const char *node_attr(const Node *n, const char *name) {
  for (int a = 0; a < n->nattrs; a++)
    if (strcmp(n->attrs[a].name, name) == 0) return n->attrs[a].value;
  return NULL;
}

static const char *top_symbols(Report *r) {
  const Policy *pol = r->ev->policy;
  Buf b = {0};
  for (int g = 0; g < pol->ngrades; g++)
    if (pol->grades[g].top) buf_printf(&b, "%s%s", b.len ? "・" : "", pol->grades[g].symbol);
  const char *s = rpt_str(r, "%s", b.s ? b.s : "");
  buf_free(&b);
  return s;
}

/* The count the policy's headline is taken of (headline.of): 合計 of the distribution table. */
static int declared_total(const Policy *pol, const LevelSummary *ls) {
  return pol->headline_of == HO_GRADED ? ls->graded
         : pol->headline_of == HO_DUE  ? ls->due
                                       : ls->in_scope;
}

/* The grade counts the table shows: under a "due" headline those of the due units only, so
   that each column adds up to its 合計 (a unit graded against a later deadline target in a
   year it has no target of its own is graded, but not due). */
static const int *shown_counts(const Policy *pol, const LevelSummary *ls) {
  return pol->headline_of == HO_DUE ? ls->due_counts : ls->counts;
}

static int graded_sum(const Policy *pol, const LevelSummary *ls) {
  int sum = 0;
  for (int g = 0; g < pol->ngrades; g++)
    sum += shown_counts(pol, ls)[g];
  return sum;
}

/* The headline sentence: the share of the headline level's top grades, from the numbers. */
static void headline(Report *r, RSection *s, int year) {
  const Policy *pol = r->ev->policy;
  int l = pol->headline_level;
  const LevelSummary *ls = eval_level(r->ev, l, year);
  const char *lv = rpt_level(r, l);
  char fy[64], share[DEC_MAX_TEXT];
  int den = declared_total(pol, ls);
  const char *denword = pol->headline_of == HO_GRADED ? "判定のある"
                        : pol->headline_of == HO_DUE  ? "評価時期を迎えた"
                                                      : "対象の";
  if (dec_is_none(ls->share)) {
    rpt_para(r, s, "%sは、達成の割合を計算できる%sがありません。", fy_both(year, fy), lv);
    return;
  }
  int proj = year_projected(r->ev, year);
  rpt_para(r, s, "%sは、%s%d件の%sのうち、全体の%s%%にあたる%dの%sが%s（%sの件数）。",
           fy_both(year, fy), denword, den, lv,
           dec_format(policy_shown(pol, ls->share), pol->digits, share), ls->top, lv,
           proj ? "達成となる見込みです" : "達成となりました", top_symbols(r));
}

/* The seed's distribution table: one row per grade, one column per year up to year, and 合計
   the count the policy declares (000 L224: the initiatives in scope, 49/51/54/62); a 判定なし
   row makes a column add up when some of them have no grade, and a row of the count in
   scope follows when 合計 is another count. */
static void distribution_table(Report *r, RSection *s, int year) {
  const Evaluation *ev = r->ev;
  const Policy *pol = ev->policy;
  const Plan *p = ev->plan;
  int l = pol->headline_level, ny = year - p->first_year + 1;
  RTable *t =
      rpt_table_n(r, s, rpt_str(r, "%sの達成状況（年度別の件数）", rpt_level(r, l)), ny + 1);
  rt_set(r, t, 0, 0, "区分");
  t->row_header = 1;
  for (int y = p->first_year; y <= year; y++)
    rt_set(r, t, 0, y - p->first_year + 1, year_head(r, y, "達成状況"));
  for (int g = 0; g < pol->ngrades; g++) {
    int row = rt_row(t);
    rt_set(r, t, row, 0, grade_label(r, g));
    for (int y = p->first_year; y <= year; y++)
      rt_int(r, t, row, y - p->first_year + 1, shown_counts(pol, eval_level(ev, l, y))[g]);
  }
  int ungraded = 0, other = 0;
  for (int y = p->first_year; y <= year; y++) {
    const LevelSummary *ls = eval_level(ev, l, y);
    ungraded |= declared_total(pol, ls) > graded_sum(pol, ls);
    other |= declared_total(pol, ls) != ls->in_scope;
  }
  int none = ungraded ? rt_row(t) : -1, total = rt_row(t), scope = other ? rt_row(t) : -1;
  if (none >= 0) rt_set(r, t, none, 0, "判定なし");
  rt_set(r, t, total, 0, "合計");
  if (scope >= 0) rt_set(r, t, scope, 0, "対象（その年度に計画にあるもの）");
  for (int y = p->first_year; y <= year; y++) {
    const LevelSummary *ls = eval_level(ev, l, y);
    int den = declared_total(pol, ls), c = y - p->first_year + 1, rest = den - graded_sum(pol, ls);
    if (none >= 0) rt_int(r, t, none, c, rest > 0 ? rest : 0);
    rt_int(r, t, total, c, den);
    if (scope >= 0) rt_int(r, t, scope, c, ls->in_scope);
  }
}

/* The top-level node above node n. */
static int top_of(const Plan *p, int n) {
  while (p->nodes[n].parent >= 0)
    n = p->nodes[n].parent;
  return n;
}

/* The grades of the headline level's in-scope nodes beneath top-level node t in year, counted
   from the nodes themselves (whatever the policy rolls up at level 1); counts[ngrades]: the
   in-scope nodes without a grade. */
static void units_beneath(const Evaluation *ev, int t, int year, int *counts) {
  const Plan *p = ev->plan;
  for (int n = 0; n < p->nnodes; n++) {
    const NodeResult *nr = eval_node(ev, n, year);
    if (p->nodes[n].level != ev->policy->headline_level || !nr->in_scope || top_of(p, n) != t)
      continue;
    counts[nr->grade >= 0 ? nr->grade : ev->policy->ngrades]++;
  }
}

/* Per top-level node: the distribution of the headline level below it in year. */
static void by_top_node(Report *r, int year) {
  const Evaluation *ev = r->ev;
  const Policy *pol = ev->policy;
  const Plan *p = ev->plan;
  if (pol->headline_level <= 1) return;
  RSection *s = rpt_section(r, rpt_str(r, "%s別の内訳", rpt_level(r, 1)));
  RTable *t =
      rpt_table_n(r, s,
                  rpt_str(r, "%s別の%sの達成状況（%s）", rpt_level(r, 1),
                          rpt_level(r, pol->headline_level), year_head(r, year, "達成状況")),
                  pol->ngrades + 3);
  t->row_header = 1;
  rt_set(r, t, 0, 0, rpt_level(r, 1));
  for (int g = 0; g < pol->ngrades; g++)
    rt_set(r, t, 0, g + 1, pol->grades[g].symbol);
  rt_set(r, t, 0, pol->ngrades + 1, "判定なし");
  rt_set(r, t, 0, pol->ngrades + 2, "計");
  for (int n = 0; n < p->nnodes; n++) {
    const Node *node = &p->nodes[n];
    if (node->parent >= 0 || !eval_node(ev, n, year)->in_scope) continue;
    int counts[POLICY_MAX_GRADES + 1] = {0}, row = rt_row(t), sum = 0;
    units_beneath(ev, n, year, counts);
    rt_set(r, t, row, 0, rpt_str(r, "%s %s", node->number ? node->number : "", node->name));
    for (int g = 0; g <= pol->ngrades; g++) {
      rt_int(r, t, row, g + 1, counts[g]);
      sum += counts[g];
    }
    rt_int(r, t, row, pol->ngrades + 2, sum);
  }
}

void report_summary(Report *r) {
  char fy[64];
  r->label = "資料2";
  RSection *s = rpt_section(r, "達成状況の集計");
  headline(r, s, r->year);
  distribution_table(r, s, r->year);
  rpt_para(r, s, "数値は評価方針「%s」により、取り込まれたデータから計算しています。",
           r->ev->policy->name);
  RSection *c = rpt_section(r, "グラフ");
  rpt_chart(r, c, RB_CHART_DIST, -1,
            rpt_str(r, "%sの判定の件数を年度別に積み上げた棒グラフ（%sまでの全年度）。",
                    rpt_level(r, r->ev->policy->headline_level),
                    fy_both(r->ev->plan->last_year, fy)));
  by_top_node(r, r->year);
}

static void legend(Report *r, RSection *s) {
  const Policy *pol = r->ev->policy;
  Buf b = {0};
  for (int g = 0; g < pol->ngrades; g++)
    buf_printf(&b, "%s%s", g ? "　" : "", grade_label(r, g));
  rpt_para(r, s, "凡例: %s", b.s ? b.s : "");
  buf_free(&b);
}

static int any_attr(const Plan *p, int level, const char *name) {
  for (int n = 0; n < p->nnodes; n++)
    if (p->nodes[n].level == level && node_attr(&p->nodes[n], name)) return 1;
  return 0;
}

static int any_decision(const Plan *p, int level) {
  for (int n = 0; n < p->nnodes; n++)
    if (p->nodes[n].level == level && p->nodes[n].decision) return 1;
  return 0;
}

static void decision_counts(Report *r, RSection *s, int level) {
  const Plan *p = r->ev->plan;
  static const char *const head[] = {"継続・終了", "件数", NULL};
  RTable *t = rpt_table(r, s, "継続・終了の件数", head);
  t->row_header = 1;
  for (int n = 0; n < p->nnodes; n++) {
    const Node *node = &p->nodes[n];
    if (node->level != level || !node->decision || !eval_node(r->ev, n, r->year)->in_scope)
      continue;
    int row;
    for (row = 1; row < t->nrows; row++)
      if (strcmp(t->cells[row * t->ncols].text, node->decision) == 0) break;
    if (row == t->nrows) {
      rt_row(t);
      rt_set(r, t, row, 0, node->decision);
      rt_int(r, t, row, 1, 0);
    }
    RCell *c = &t->cells[row * t->ncols + 1];
    rt_int(r, t, row, 1, (int)(c->num / DEC_SCALE) + 1);
  }
}

/* 「※印は、令和3年度に新たに追加した具体策」: the years in which rows in the list were added. */
static void added_note(Report *r, RSection *s, int level) {
  const Plan *p = r->ev->plan;
  Buf b = {0};
  for (int y = p->first_year + 1; y <= r->year; y++)
    for (int n = 0; n < p->nnodes; n++)
      if (p->nodes[n].level == level && p->nodes[n].added_year == y &&
          eval_node(r->ev, n, r->year)->in_scope) {
        char fy[32];
        buf_printf(&b, "%s%s", b.len ? "・" : "", fy_era(y, fy));
        break;
      }
  if (b.len) rpt_para(r, s, "※印は、%sに新たに追加した%s。", b.s, rpt_level(r, level));
  buf_free(&b);
}

void report_status(Report *r) {
  const Evaluation *ev = r->ev;
  r->label = "資料2";
  const Plan *p = ev->plan;
  int l = ev->policy->headline_level, has_bureau = any_attr(p, l, "局");
  int has_dec = any_decision(p, l), has_values = 0;
  for (int n = 0; n < p->nnodes && !has_values; n++)
    has_values = p->nodes[n].level == l && eval_node(ev, n, r->year)->in_scope &&
                 rpt_node_values(r, n, r->year);
  RSection *s = rpt_section(r, rpt_str(r, "%s一覧（取組状況）", rpt_level(r, l)));
  int ncols = 3 + has_bureau + (r->year - p->first_year + 1) + has_values + (has_dec ? 2 : 0);
  RTable *t = rpt_table_n(r, s, rpt_str(r, "%sの達成状況（年度別）", rpt_level(r, l)), ncols);
  int c = 0;
  rt_set(r, t, 0, c++, "No.");
  if (has_bureau) rt_set(r, t, 0, c++, "局");
  rt_set(r, t, 0, c++, "所管課");
  rt_set(r, t, 0, c++, rpt_level(r, l));
  for (int y = p->first_year; y <= r->year; y++)
    rt_set(r, t, 0, c++, year_head(r, y, "達成状況"));
  char fy[32];
  if (has_values)
    rt_set(r, t, 0, c++, rpt_str(r, "判定に使った値（%s）", fy_era_short(r->year, fy)));
  if (has_dec) {
    rt_set(r, t, 0, c++, "継続・終了");
    rt_set(r, t, 0, c++, "継続・終了の理由");
  }
  for (int n = 0; n < p->nnodes; n++) {
    const Node *node = &p->nodes[n];
    if (node->level != l || !eval_node(ev, n, r->year)->in_scope) continue;
    int row = rt_row(t);
    c = 0;
    /* ※: added after the plan began (000 資料2 shades those rows grey) */
    rt_set(r, t, row, c++,
           rpt_str(r, "%s%s", node->number ? node->number : node->id,
                   node->added_year > p->first_year ? "※" : ""));
    if (has_bureau) rt_set(r, t, row, c++, node_attr(node, "局"));
    rt_set(r, t, row, c++, rpt_list(r, node->departments));
    rt_set(r, t, row, c++, node->name);
    for (int y = p->first_year; y <= r->year; y++) {
      const NodeResult *nr = eval_node(ev, n, y);
      rt_set(r, t, row, c++, nr->in_scope ? rpt_grade(r, nr->grade) : "対象外");
    }
    if (has_values) rt_set(r, t, row, c++, rpt_node_values(r, n, r->year));
    if (has_dec) {
      rt_set(r, t, row, c++, node->decision);
      rt_set(r, t, row, c++, node->decision_reason);
    }
  }
  added_note(r, s, l);
  legend(r, s);
  rpt_para(r, s, "対象外: その年度には計画になかった（後から追加された、または終了した）%s。",
           rpt_level(r, l));
  if (has_dec) decision_counts(r, s, l);
}

void report_issues(Report *r) {
  const Evaluation *ev = r->ev;
  r->label = "資料1";
  const Plan *p = ev->plan;
  const Policy *pol = ev->policy;
  int l = pol->headline_level, count = 0;
  RSection *s = rpt_section(r, rpt_str(r, "課題のある%s", rpt_level(r, l)));
  static const char *const head[] = {"No.", "所管課", "名称", "判定", "進捗率", "課題", NULL};
  RTable *t =
      rpt_table(r, s, rpt_str(r, "%s以外の判定となった%s", top_symbols(r), rpt_level(r, l)), head);
  for (int n = 0; n < p->nnodes; n++) {
    const Node *node = &p->nodes[n];
    const NodeResult *nr = eval_node(ev, n, r->year);
    if (node->level != l || !nr->in_scope || rpt_is_top(r, nr->grade)) continue;
    int row = rt_row(t);
    /* the 課題 (items of kind issue), else the department's comment; never the basis of the
       year's figure, which is a different text (000 資料1 課題 vs 資料3-1 R3末見込の根拠) */
    const char *issue = rpt_item(r, n, r->year, "issue");
    const char *comment = issue ? issue : rpt_item(r, n, r->year, "comment");
    rt_set(r, t, row, 0, node->number ? node->number : node->id);
    rt_set(r, t, row, 1, rpt_list(r, node->departments));
    rt_set(r, t, row, 2, node->name);
    rt_set(r, t, row, 3, nr->grade >= 0 ? rpt_grade(r, nr->grade) : "判定なし");
    rt_rate(r, t, row, 4, nr->rate, pol->digits);
    rt_set(r, t, row, 5, comment ? comment : "（課題の記録なし）");
    count++;
  }
  char fy[64];
  rpt_para(r, s, "%sに%s以外の判定となった%sは%d件です。", fy_both(r->year, fy), top_symbols(r),
           rpt_level(r, l), count);
  legend(r, s);
}
