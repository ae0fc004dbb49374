/* SPDX-License-Identifier: Apache-2.0 */
/*
** history.c — an initiative's history across plans on its page: when the node continues a
** node of a predecessor plan the site has (`continues`, "PLAN:NODE", set by rollover), a link
** to that node and, for each indicator, the previous plan's years and this plan's in one table
** and one chart (reports/chart.c). An indicator is matched by its id, else by its place among
** the node's indicators.
*/
#include "../model/text.h"
#include "../reports/chart.h"
#include "web.h"
#include <stdio.h>
#include <string.h>

/* The predecessor's plan and node of node n, 0 when the site has none. */
static int predecessor(const Site *site, const Node *node, const SitePlan **psp, int *pn) {
  const char *colon = node->continues ? strchr(node->continues, ':') : NULL;
  if (!colon || colon == node->continues) return 0;
  char id[256];
  snprintf(id, sizeof id, "%.*s", (int)(colon - node->continues), node->continues);
  *psp = site_plan(site, id);
  *pn = *psp ? plan_node((*psp)->plan, colon + 1) : -1;
  return *pn >= 0;
}

/* The predecessor's indicator matching this plan's k-th indicator of the node (ind), or -1. */
static int matching(const Evaluation *prev, int pn, const Evaluation *ev, int n, int ind) {
  int k = plan_indicator(prev->plan, ev->plan->inds[ind].id);
  if (k >= 0 && prev->plan->inds[k].node == pn) return k;
  int pos = ind, first = ev->ind_start[n];
  for (int j = first; j < ev->ind_start[n + 1]; j++)
    if (ev->ind_list[j] == ind) pos = j - first;
  int pfirst = prev->ind_start[pn];
  return pfirst + pos < prev->ind_start[pn + 1] ? prev->ind_list[pfirst + pos] : -1;
}

static void rows(Buf *b, const SitePlan *sp, int ind) {
  const Evaluation *ev = sp->ev;
  const Plan *p = ev->plan;
  char fy[64];
  for (int y = p->first_year; y <= p->last_year; y++) {
    html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td class=\"num\">", fy_both(y, fy),
                p->name);
    html_num(b, eval_num(ev, ind, y, VK_TARGET));
    buf_put(b, "</td><td class=\"num\">");
    html_num(b, eval_num(ev, ind, y, VK_ACTUAL));
    buf_put(b, "</td><td>");
    html_grade(b, ev, eval_ind(ev, ind, y)->grade);
    buf_put(b, "</td></tr>\n");
  }
}

void html_history(Buf *b, const Site *site, const SitePlan *sp, int n) {
  const Node *node = &sp->plan->nodes[n];
  const SitePlan *prev;
  int pn;
  if (!site || !predecessor(site, node, &prev, &pn)) return;
  const Node *o = &prev->plan->nodes[pn];
  Buf url = {0};
  html_node_url(&url, prev->plan, o, 0);
  html_printf(b,
              "<h2>前の計画からの推移</h2>\n<p>この項目は %s の <a href=\"%r\">%s%s%s</a> を"
              "引き継いでいます。</p>\n",
              prev->plan->name, url.s, o->number ? o->number : "", o->number ? " " : "", o->name);
  buf_free(&url);
  const Evaluation *ev = sp->ev;
  for (int k = ev->ind_start[n]; k < ev->ind_start[n + 1]; k++) {
    int ind = ev->ind_list[k], pind = matching(prev->ev, pn, ev, n, ind);
    if (pind < 0) continue;
    html_printf(b,
                "<div class=\"scroll\"><table><caption>%s の推移（前の計画と、この計画）</caption>"
                "<thead><tr><th scope=\"col\">年度</th><th scope=\"col\">計画</th>"
                "<th scope=\"col\">目標</th><th scope=\"col\">実績</th><th scope=\"col\">判定</th>"
                "</tr></thead><tbody>\n",
                sp->plan->inds[ind].name);
    rows(b, prev, pind);
    rows(b, sp, ind);
    buf_put(b, "</tbody></table></div>\n");
    const Evaluation *evs[2] = {prev->ev, ev};
    int inds[2] = {pind, ind};
    char id[32];
    snprintf(id, sizeof id, "hist%d", k - ev->ind_start[n] + 1);
    chart_history(b, evs, inds, 2, id);
  }
}
