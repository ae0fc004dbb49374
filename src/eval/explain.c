/* SPDX-License-Identifier: Apache-2.0 */
/*
** explain.c — explanations of grades (see explain.h). The text is Japanese: it is read by the
** officials who answer for the grade.
*/
#include "explain.h"
#include "../model/numtext.h"
#include "../model/text.h"
#include <string.h>

char *explain_rate(const Evaluation *ev, dec_t rate, char *buf) {
  if (dec_is_none(rate)) return strcpy(buf, "－");
  dec_format(policy_shown(ev->policy, rate), ev->policy->digits, buf);
  return strcat(buf, "%");
}

static const char *num(dec_t d, char *buf) {
  return dec_is_none(d) ? "（なし）" : dec_format(d, -1, buf);
}

static const char *basis_words(const Policy *pol) {
  switch (pol->target_basis) {
  case TB_FINAL_YEAR:
    return "計画最終年度の目標値";
  case TB_PRORATED:
    return "基準値から最終年度目標値までを年数で按分した値（基準値 + (最終年度目標値 − 基準値) × "
           "k/n、基準値がなければ 0）";
  case TB_DEADLINE:
    return "当該年度の目標値、なければ指標自身の期限となる次の目標値";
  default:
    return "当該年度の目標値";
  }
}

static void put_rule(const Evaluation *ev, int g, Buf *out) {
  const PolicyGrade *pg = &ev->policy->grades[g];
  if (pg->is_status)
    buf_printf(out, "判定: %s（%s）", pg->symbol, pg->label);
  else
    buf_printf(out, "判定: %s（%s）— 規則「%s」に該当", pg->symbol, pg->label, pg->when);
}

static void put_formula(const Evaluation *ev, const Indicator *in, const IndResult *r, Buf *out) {
  char a[DEC_MAX_TEXT], t[DEC_MAX_TEXT], b[DEC_MAX_TEXT], raw[DEC_MAX_TEXT], disp[DEC_MAX_TEXT + 2];
  num(r->actual, a);
  num(r->target, t);
  if (dec_is_none(r->rate)) {
    if (dec_is_none(r->target))
      buf_put(out, "進捗率: 算出できません（比較する目標値がありません）\n");
    else if (dec_is_none(r->actual))
      buf_put(out, "進捗率: 算出できません（実績値がありません）\n");
    else if (in->direction == DIR_MILESTONE)
      buf_put(out, "進捗率: 算出しません（マイルストーン型の指標です）\n");
    else
      buf_put(out, "進捗率: 算出できません（目標値または実績値が0です）\n");
    return;
  }
  dec_format(r->rate, -1, raw);
  explain_rate(ev, r->rate, disp);
  if (ev->policy->rate == RF_PROGRESS)
    buf_printf(out, "進捗率 = (実績値 %s − 基準値 %s) ÷ (目標値 %s − 基準値 %s) × 100 = %s%%\n", a,
               num(in->baseline, b), t, b, raw);
  else if (in->direction == DIR_DOWN)
    buf_printf(out,
               "進捗率 = 目標値 %s ÷ 実績値 %s × 100 = %s%%（値が小さいほど良い指標のため逆数）\n",
               t, a, raw);
  else
    buf_printf(out, "進捗率 = 実績値 %s ÷ 目標値 %s × 100 = %s%%\n", a, t, raw);
  static const char *const how[] = {"四捨五入", "切り捨て", "偶数丸め"};
  buf_printf(out, "表示: %s（小数第%d位を%s。判定は%sで行います）\n", disp, ev->policy->digits + 1,
             how[ev->policy->rounding], ev->policy->grade_on_shown ? "表示した値" : "丸める前の値");
}

unsigned explain_uses(const Evaluation *ev, const IndResult *r, const dec_t vars[EV__COUNT]) {
  const Policy *pol = ev->policy;
  unsigned uses = r->from == GF_RULE && r->grade >= 0 && r->grade < pol->nbands
                      ? expr_uses(pol->grades[r->grade].cond)
                      : 0;
  if (!dec_is_none(vars[EV_BASELINE])) uses |= 1u << EV_BASELINE | 1u << EV_CHANGE;
  return uses;
}

/* Every variable the matched rule names, and the baseline and change where there is a
   baseline: "判定に使った値: rate = 90.583333, baseline = 40, change = 35". */
static void put_values(const Evaluation *ev, int ind, int year, const IndResult *r, Buf *out) {
  dec_t vars[EV__COUNT];
  char v[DEC_MAX_TEXT];
  eval_indicator_vars(ev, ind, year, r, vars);
  unsigned uses = explain_uses(ev, r, vars);
  if (!uses) return;
  buf_put(out, "判定に使った値:");
  for (int k = 0, first = 1; k < EV__COUNT; k++) {
    if (!(uses & 1u << k)) continue;
    buf_printf(out, "%s %s = %s", first ? "" : ",", expr_var_names[k], num(vars[k], v));
    first = 0;
  }
  buf_putc(out, '\n');
}

/* One variable as a reader sees it: 「基準値 200件（R3）」. */
static void put_var(const Evaluation *ev, Buf *b, const Indicator *in, int k, dec_t v, int sep) {
  char fy[32], n[NUMTEXT_MAX + 64];
  const char *unit = in->unit;
  if (sep) buf_put(b, "、");
  switch (k) {
  case EV_BASELINE:
    buf_printf(b, "基準値 %s", num_with_unit(v, -1, unit, n, sizeof n));
    if (in->baseline_year) buf_printf(b, "（%s）", fy_era_short(in->baseline_year, fy));
    break;
  case EV_CHANGE:
    buf_printf(b, "基準値からの増減 %s%s", !dec_is_none(v) && v > 0 ? "+" : "",
               num_with_unit(dec_is_none(v) ? v : policy_shown(ev->policy, v), ev->policy->digits,
                             "%", n, sizeof n)); /* rounded as the policy shows a rate */
    break;
  case EV_ACTUAL:
    buf_printf(b, "実績値 %s", num_with_unit(v, -1, unit, n, sizeof n));
    break;
  case EV_TARGET:
    buf_printf(b, "目標値 %s", num_with_unit(v, -1, unit, n, sizeof n));
    break;
  case EV_FINAL_TARGET:
    buf_printf(b, "最終目標値 %s", num_with_unit(v, -1, unit, n, sizeof n));
    break;
  case EV_YEAR:
    buf_printf(b, "年度 %s", dec_is_none(v) ? "－" : fy_era_short((int)(v / DEC_SCALE), fy));
    break;
  case EV_K:
    buf_printf(b, "計画の経過年数 %s", num_with_unit(v, 0, "年", n, sizeof n));
    break;
  case EV_N:
    buf_printf(b, "計画の年数 %s", num_with_unit(v, 0, "年", n, sizeof n));
    break;
  }
}

int explain_grade_values(const Evaluation *ev, int ind, int year, Buf *out) {
  const IndResult *r = eval_ind(ev, ind, year);
  if (r->grade < 0) return 0; /* beside a grade only */
  dec_t vars[EV__COUNT];
  eval_indicator_vars(ev, ind, year, r, vars);
  unsigned uses = explain_uses(ev, r, vars) & ~(1u << EV_RATE);
  size_t was = out->len;
  for (int k = 0; k < EV__COUNT; k++)
    if (uses & 1u << k) put_var(ev, out, &ev->plan->inds[ind], k, vars[k], out->len > was);
  return out->len > was;
}

void explain_indicator(const Evaluation *ev, int ind, int year, Buf *out) {
  const Plan *p = ev->plan;
  const Indicator *in = &p->inds[ind];
  const IndResult *r = eval_ind(ev, ind, year);
  char fy[64], a[DEC_MAX_TEXT];
  buf_printf(out, "指標 %s %s（%s）%s\n", in->id, in->name, in->unit ? in->unit : "単位なし",
             fy_both(year, fy));
  buf_printf(out, "評価方針: %s%s%s\n", ev->policy->name, ev->policy->variant ? " / " : "",
             ev->policy->variant ? ev->policy->variant : "");
  if (in->nparts) buf_printf(out, "合成指標: %s の合計\n", in->composite_of);
  buf_printf(out, "比較する目標値: %s = %s\n", basis_words(ev->policy), num(r->target, a));
  buf_printf(out, "%s: %s\n", r->projected ? "見込値（実績値がないため）" : "実績値",
             num(r->actual, a));
  const char *text = eval_text(ev, ind, year, r->projected ? VK_PROJECTION : VK_ACTUAL);
  if (text) buf_printf(out, "記載: %s\n", text);
  if (!dec_is_none(in->baseline)) {
    char b[DEC_MAX_TEXT], fyb[64];
    buf_printf(out, "基準値: %s%s%s%s\n", num(in->baseline, b), in->baseline_year ? "（" : "",
               in->baseline_year ? fy_both(in->baseline_year, fyb) : "",
               in->baseline_year ? "）" : "");
  }
  put_formula(ev, in, r, out);
  put_values(ev, ind, year, r, out);
  if (r->grade < 0) {
    buf_put(out, "判定: なし（どの規則にも該当しません）\n");
    return;
  }
  if (r->from == GF_STATUS) buf_printf(out, "状態「%s」が数値に優先します。\n", text ? text : "");
  if (r->from == GF_MANUAL) {
    int g = plan_grade(p, p->inds[ind].id, year);
    const char *basis = g >= 0 ? p->grades[g].basis : NULL;
    buf_printf(out, "所管課等による評価です（根拠: %s）\n", basis ? basis : "記載なし");
  }
  put_rule(ev, r->grade, out);
  buf_putc(out, '\n');
}

static void explain_members(const Evaluation *ev, int node, int year, Buf *out) {
  char rate[DEC_MAX_TEXT + 2];
  for (int k = ev->ind_start[node]; k < ev->ind_start[node + 1]; k++) {
    int i = ev->ind_list[k];
    const IndResult *r = eval_ind(ev, i, year);
    buf_printf(out, "  ・%s %s: 進捗率 %s 判定 %s\n", ev->plan->inds[i].id, ev->plan->inds[i].name,
               explain_rate(ev, r->rate, rate), r->grade >= 0 ? eval_symbol(ev, r->grade) : "なし");
  }
}

static const char *method_words(const Evaluation *ev, const Node *n) {
  if (n->level == ev->policy->unit_level) switch (ev->policy->combine) {
    case CB_AVERAGE:
      return "指標の進捗率の平均で判定します";
    case CB_WEIGHTED:
      return "指標の進捗率の加重平均で判定します";
    default:
      return "複数の指標のうち最も低い判定を採ります";
    }
  switch (ev->policy->rollup[n->level].method) {
  case RU_TARGET_AVERAGE:
    return "目標指標の進捗率の単純平均（上限なし、目標値のないものは除く）で判定します";
  case RU_AVERAGE:
    return "下位の進捗率の平均で判定します";
  case RU_WORST:
    return "下位のうち最も低い判定を採ります";
  case RU_DISTRIBUTION:
    return "下位の判定の件数を数えます（この階層自体は判定しません）";
  default:
    return "この階層は判定しません";
  }
}

void explain_node(const Evaluation *ev, int node, int year, Buf *out) {
  const Plan *p = ev->plan;
  const Node *n = &p->nodes[node];
  const NodeResult *r = eval_node(ev, node, year);
  char fy[64], rate[DEC_MAX_TEXT + 2];
  const char *level = n->level <= p->nlevels ? p->levels[n->level - 1] : "";
  buf_printf(out, "%s %s %s（%s）\n", level, n->number ? n->number : n->id, n->name,
             fy_both(year, fy));
  buf_printf(out, "評価方針: %s%s%s\n", ev->policy->name, ev->policy->variant ? " / " : "",
             ev->policy->variant ? ev->policy->variant : "");
  if (!r->in_scope) {
    buf_put(out, "この年度は計画の対象外です（追加前または終了後）。\n");
    return;
  }
  buf_printf(out, "方法: %s\n", method_words(ev, n));
  explain_members(ev, node, year, out);
  const int *dist = eval_dist(ev, node, year);
  if (dist) {
    buf_put(out, "件数:");
    for (int g = 0; g < ev->policy->ngrades; g++)
      buf_printf(out, " %s %d", ev->policy->grades[g].symbol, dist[g]);
    buf_putc(out, '\n');
  }
  if (!dec_is_none(r->rate) && r->nrates > 1)
    buf_printf(out, "進捗率: %s（%d件の平均）\n", explain_rate(ev, r->rate, rate), r->nrates);
  else if (!dec_is_none(r->rate))
    buf_printf(out, "進捗率: %s\n", explain_rate(ev, r->rate, rate));
  if (r->decider >= 0 && n->level == ev->policy->unit_level)
    buf_printf(out, "判定を決めた指標: %s\n", p->inds[r->decider].id);
  if (r->grade < 0) {
    buf_put(out, "判定: なし\n");
    return;
  }
  if (r->from == GF_MANUAL) {
    int g = plan_grade(p, p->nodes[node].id, year);
    const char *basis = g >= 0 ? p->grades[g].basis : NULL;
    buf_printf(out, "所管課等による評価です（根拠: %s）\n", basis ? basis : "記載なし");
  }
  put_rule(ev, r->grade, out);
  buf_putc(out, '\n');
}
