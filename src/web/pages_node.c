/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_node.c — one node of a plan's tree, at any level: breadcrumbs up to the plan, the
** node's grade for the chosen year and why (explain_node), its children (the drill-down
** from policy to measure to initiative), and for nodes with indicators the initiative view:
** each indicator's years (target, actual, projection, rate, grade, the values the grade was
** decided on besides the rate when any year's were, status text), a chart,
** and why it got its grade (explain_indicator); its history across plans when it continues
** a node of a predecessor plan (history.c); then roadmap items (each with its deadline
** and its state as of ?as_of=, default today in Japan), departments and
** cross-listings (再掲).
*/
#include "../eval/explain.h"
#include "../eval/schedule.h"
#include "../model/text.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>

static void node_crumbs(const Plan *p, int n, int year, Resp *out, const char *title) {
  int chain[32], depth = 0;
  for (int k = p->nodes[n].parent; k >= 0 && depth < 32; k = p->nodes[k].parent)
    chain[depth++] = k;
  Crumb crumbs[36];
  Buf urls[34] = {{0}};
  int nc = 0;
  crumbs[nc++] = (Crumb){"ホーム", "/"};
  html_plan_url(&urls[0], p, NULL, year);
  crumbs[nc++] = (Crumb){p->name, urls[0].s};
  Buf labels[32] = {{0}};
  for (int i = depth - 1; i >= 0; i--) {
    const Node *a = &p->nodes[chain[i]];
    Buf *u = &urls[1 + i], *l = &labels[i];
    html_node_url(u, p, a, year);
    buf_printf(l, "%s%s%s", a->number ? a->number : "", a->number ? " " : "", a->name);
    crumbs[nc++] = (Crumb){l->s, u->s};
  }
  crumbs[nc++] = (Crumb){title, NULL};
  html_begin(&out->body, title, crumbs, nc);
  for (int i = 0; i < 34; i++)
    buf_free(&urls[i]);
  for (int i = 0; i < 32; i++)
    buf_free(&labels[i]);
}

static void put_departments(Buf *b, const Plan *p, const Node *n, int year);

static void dept_link(const char *part, size_t len, void *ctx) {
  void **c = ctx;
  Buf *b = c[0];
  const Plan *p = c[1];
  int year = *(int *)c[2];
  char *name = xstrndup(part, len);
  Buf url = {0};
  html_dept_url(&url, p, name, year);
  html_printf(b, "<li><a href=\"%r\">%s</a></li>", url.s, name);
  buf_free(&url);
  free(name);
}

static void put_departments(Buf *b, const Plan *p, const Node *n, int year) {
  if (!n->departments) return;
  buf_put(b, "<h2>担当部署</h2>\n<ul class=\"plain\">");
  void *ctx[3] = {b, (void *)p, &year};
  list_each(n->departments, dept_link, ctx);
  buf_put(b, "</ul>\n");
}

static void put_children(Buf *b, const SitePlan *sp, int n, int year) {
  const Evaluation *ev = sp->ev;
  const Plan *p = sp->plan;
  int first = ev->child_start[n], last = ev->child_start[n + 1];
  if (first == last) return;
  const Node *c0 = &p->nodes[ev->child_list[first]];
  html_printf(b,
              "<h2>%sの一覧</h2>\n<div class=\"scroll\"><table><thead><tr>"
              "<th scope=\"col\">番号</th><th scope=\"col\" class=\"name\">名称</th><th "
              "scope=\"col\">判定</th>"
              "<th scope=\"col\">進捗率</th></tr></thead><tbody>\n",
              node_level_name(p, c0));
  for (int k = first; k < last; k++) {
    int c = ev->child_list[k];
    const Node *child = &p->nodes[c];
    const NodeResult *r = eval_node(ev, c, year);
    Buf url = {0};
    html_node_url(&url, p, child, year);
    html_printf(b, "<tr><td>%s</td><td><a href=\"%r\">%s</a></td><td>",
                child->number ? child->number : "", url.s, child->name);
    buf_free(&url);
    if (r->in_scope)
      html_grade(b, ev, r->grade);
    else
      buf_put(b, "対象外");
    buf_put(b, "</td><td class=\"num\">");
    html_rate(b, ev, r->rate);
    buf_put(b, "</td></tr>\n");
  }
  buf_put(b, "</tbody></table></div>\n");
}

static void put_indicator(Buf *b, const SitePlan *sp, int i, int year, int index) {
  const Evaluation *ev = sp->ev;
  const Plan *p = sp->plan;
  const Indicator *in = &p->inds[i];
  char fy[64], id[32];
  Buf vals = {0}; /* a column of the values a grade used, when any year's did */
  for (int y = p->first_year; y <= p->last_year && !vals.len; y++)
    explain_grade_values(ev, i, y, &vals);
  int values = vals.len > 0;
  buf_free(&vals);
  html_printf(b, "<section aria-labelledby=\"ind%d\"><h3 id=\"ind%d\">%s%r%s%r</h3>\n", index,
              index, in->name, in->unit ? "（単位: " : "", in->unit ? in->unit : "",
              in->unit ? "）" : "");
  html_printf(b,
              "<div class=\"scroll\"><table><caption>%s の年度別の値</caption><thead><tr>"
              "<th scope=\"col\">年度</th><th scope=\"col\">目標</th><th scope=\"col\">実績</th>"
              "<th scope=\"col\">前年度比</th><th scope=\"col\">見込</th>"
              "<th scope=\"col\">進捗率</th><th scope=\"col\">判定</th>"
              "%r<th scope=\"col\">状況</th></tr></thead><tbody>\n",
              in->name, values ? "<th scope=\"col\">判定に使った値</th>" : "");
  for (int y = p->first_year; y <= p->last_year; y++) {
    const IndResult *r = eval_ind(ev, i, y);
    html_printf(b, "<tr%r><th scope=\"row\">%s</th><td class=\"num\">",
                y == year ? " class=\"current\" aria-current=\"true\"" : "", fy_both(y, fy));
    html_num(b, eval_num(ev, i, y, VK_TARGET));
    buf_put(b, "</td><td class=\"num\">");
    html_num(b, eval_num(ev, i, y, VK_ACTUAL));
    buf_put(b, "</td><td class=\"num\">");
    html_change(b, eval_num(ev, i, y, VK_ACTUAL),
                y > p->first_year ? eval_num(ev, i, y - 1, VK_ACTUAL) : DEC_NONE);
    buf_put(b, "</td><td class=\"num\">");
    html_num(b, eval_num(ev, i, y, VK_PROJECTION));
    buf_put(b, "</td><td class=\"num\">");
    html_rate(b, ev, r->rate);
    buf_put(b, "</td><td>");
    html_grade(b, ev, r->grade);
    if (values) {
      explain_grade_values(ev, i, y, &vals);
      html_printf(b, "</td><td>%s", vals.s ? vals.s : "");
      buf_free(&vals);
    }
    const char *status = eval_text(ev, i, y, VK_ACTUAL);
    if (!status) status = eval_text(ev, i, y, VK_PROJECTION);
    html_printf(b, "</td><td>%s</td></tr>\n", status ? status : "");
  }
  buf_put(b, "</tbody></table></div>\n");
  snprintf(id, sizeof id, "chart%d", index);
  chart_indicator(b, sp->ev, i, id);
  Buf why = {0};
  explain_indicator(ev, i, year, &why);
  html_printf(b, "<h4>この判定の理由（%s）</h4>\n<div class=\"explain\">%s</div>\n</section>\n",
              fy_both(year, fy), why.s ? why.s : "");
  buf_free(&why);
}

/* The node's items, each with its deadline date and its state as of the date as_of. */
static void put_items(Buf *b, const Plan *p, int n, int as_of) {
  char day[16];
  char fy[64];
  int any = 0;
  for (int i = 0; i < p->nitems; i++) {
    const Item *it = &p->items[i];
    if (it->node != n) continue;
    if (!any)
      html_printf(b,
                  "<h2>ロードマップ・取組の記録</h2>\n<div class=\"scroll\"><table><thead><tr>"
                  "<th scope=\"col\">年度</th><th scope=\"col\">種別</th>"
                  "<th scope=\"col\">内容</th><th scope=\"col\">担当</th>"
                  "<th scope=\"col\">期限</th><th scope=\"col\">期限日</th>"
                  "<th scope=\"col\">状況（%s現在）</th></tr></thead><tbody>\n",
                  schedule_iso(as_of, day));
    any = 1;
    html_printf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>",
                it->year ? fy_both(it->year, fy) : "計画期間", item_kind_words(it->kind), it->text,
                it->owner ? it->owner : "", it->due ? it->due : "");
    html_item_state(b, it, as_of);
    buf_put(b, "</tr>\n");
  }
  if (any) buf_put(b, "</tbody></table></div>\n");
}

/* Cross-listings: the parents this node is also listed under, and the nodes listed here. */
typedef struct CrossCtx {
  Buf *b;
  const Plan *p;
  int year, count;
} CrossCtx;

static void cross_one(const char *part, size_t len, void *ctx) {
  CrossCtx *c = ctx;
  char id[256];
  const char *eq = memchr(part, '=', len);
  size_t idlen = eq ? (size_t)(eq - part) : len;
  if (idlen >= sizeof id) return;
  memcpy(id, part, idlen);
  id[idlen] = 0;
  int k = plan_node(c->p, id);
  if (k < 0) return;
  const Node *o = &c->p->nodes[k];
  Buf url = {0}, cat = {0};
  html_node_url(&url, c->p, o, c->year);
  if (eq) buf_putn(&cat, eq + 1, len - idlen - 1);
  html_printf(c->b, "<li><a href=\"%r\">%s %s</a>%r%s%r</li>", url.s, o->number ? o->number : "",
              o->name, eq ? "（" : "", cat.s ? cat.s : "", eq ? "）" : "");
  buf_free(&url);
  buf_free(&cat);
  c->count++;
}

static void put_cross(Buf *b, const Plan *p, int n, int year) {
  const Node *node = &p->nodes[n];
  Buf list = {0};
  CrossCtx c = {&list, p, year, 0};
  list_each(node->also_under, cross_one, &c);
  if (c.count)
    html_printf(b, "<h2>ほかに掲載されている箇所（再掲）</h2>\n<ul class=\"plain\">%r</ul>\n",
                list.s);
  buf_free(&list);
  /* the reverse: nodes cross-listed under this one */
  int header = 0;
  for (int k = 0; k < p->nnodes; k++) {
    const char *au = p->nodes[k].also_under;
    if (!au || k == n) continue;
    size_t il = strlen(node->id);
    for (const char *s = strstr(au, node->id); s; s = strstr(s + 1, node->id)) {
      int starts = s == au || s[-1] == '|' || s[-1] == ' ';
      int ends = s[il] == 0 || s[il] == '|' || s[il] == '=' || s[il] == ' ';
      if (!starts || !ends) continue;
      if (!header) buf_put(b, "<h2>この項目の下に再掲されているもの</h2>\n<ul class=\"plain\">");
      header = 1;
      Buf url = {0};
      html_node_url(&url, p, &p->nodes[k], year);
      html_printf(b, "<li><a href=\"%r\">%s %s</a></li>", url.s,
                  p->nodes[k].number ? p->nodes[k].number : "", p->nodes[k].name);
      buf_free(&url);
      break;
    }
  }
  if (header) buf_put(b, "</ul>\n");
}

/* The grades of the children the page lists, counted: the numbers agree with the list. */
static void put_list_counts(Buf *b, const SitePlan *sp, int n, int year) {
  const Evaluation *ev = sp->ev;
  int first = ev->child_start[n], last = ev->child_start[n + 1];
  if (first == last) return;
  int ng = ev->policy->ngrades, *counts = xcalloc((size_t)ng + 2, sizeof *counts);
  for (int k = first; k < last; k++) {
    const NodeResult *r = eval_node(ev, ev->child_list[k], year);
    counts[!r->in_scope ? ng + 1 : r->grade >= 0 && r->grade < ng ? r->grade : ng]++;
  }
  html_printf(b, "<p>下の一覧（%sの%d件）の内訳: ",
              node_level_name(sp->plan, &sp->plan->nodes[ev->child_list[first]]), last - first);
  int any = 0;
  for (int g = 0; g < ng + 2; g++) {
    if (!counts[g]) continue;
    html_printf(b, "%r%s %d件", any++ ? "、" : "",
                g < ng    ? ev->policy->grades[g].symbol
                : g == ng ? "判定なし"
                          : "対象外",
                counts[g]);
  }
  buf_put(b, "</p>\n");
  free(counts);
}

static void put_facts(Buf *b, const SitePlan *sp, int n, int year) {
  const Plan *p = sp->plan;
  const Node *node = &p->nodes[n];
  const NodeResult *r = eval_node(sp->ev, n, year);
  char fy[64], rate[DEC_MAX_TEXT + 2];
  html_printf(b, "<p class=\"headline\">%s の判定: ", fy_both(year, fy));
  if (r->in_scope)
    html_grade(b, sp->ev, r->grade);
  else
    buf_put(b, "この年度は対象外です");
  if (!dec_is_none(r->rate)) html_printf(b, "　進捗率 %s", explain_rate(sp->ev, r->rate, rate));
  buf_put(b, "</p>\n");
  put_list_counts(b, sp, n, year);
  if (eval_dist(sp->ev, n, year)) {
    const char *role = sp->policy->rollup[node->level].role;
    if (role)
      html_printf(b, "<p>評価方針の集計（%sの判定。資料と同じ数え方）: ",
                  strcmp(role, "main") == 0     ? "主な具体策の指標"
                  : strcmp(role, "target") == 0 ? "目標指標"
                                                : role);
    else
      buf_put(b, "<p>評価方針の集計（下位の項目の判定）: ");
    html_dist(b, sp->ev, n, year);
    buf_put(b, "</p>\n");
  }
  if (node->summary) html_printf(b, "<p>%s</p>\n", node->summary);
  if (node->audience) {
    buf_put(b, "<p>対象: ");
    html_list(b, node->audience);
    buf_put(b, "</p>\n");
  }
  if (node->added_year) html_printf(b, "<p>%s に追加</p>\n", fy_both(node->added_year, fy));
  if (node->ended_year) html_printf(b, "<p>%s で終了</p>\n", fy_both(node->ended_year, fy));
  if (node->decision)
    html_printf(
        b, "<p>今後の方向性: %s%r%s%r</p>\n", node->decision, node->decision_reason ? "（" : "",
        node->decision_reason ? node->decision_reason : "", node->decision_reason ? "）" : "");
}

void page_node(const Site *site, const SitePlan *sp, const Req *r, Resp *out) {
  const Plan *p = sp->plan;
  int n = plan_node(p, r->parts[3]);
  if (n < 0) {
    page_error(out, 404, "計画「%s」に「%s」という項目はありません", p->id, r->parts[3]);
    return;
  }
  int year, as_of;
  if (web_year(sp, r, out, 0, &year) || web_as_of(r, out, &as_of)) return;
  const Node *node = &p->nodes[n];
  const Evaluation *ev = sp->ev;
  out->type = "text/html; charset=utf-8";
  Buf title = {0};
  buf_printf(&title, "%s%s%s", node->number ? node->number : "", node->number ? " " : "",
             node->name);
  node_crumbs(p, n, year, out, title.s);
  Buf *b = &out->body;
  html_printf(b, "<h1><span class=\"level\">%s</span> %s</h1>\n", node_level_name(p, node),
              title.s);
  buf_free(&title);
  Buf action = {0};
  html_node_url(&action, p, node, 0);
  html_year_form(b, sp, action.s, NULL, year);
  buf_free(&action);
  put_facts(b, sp, n, year);
  Buf why = {0};
  explain_node(ev, n, year, &why);
  if (why.s) html_printf(b, "<h2>この判定の理由</h2>\n<div class=\"explain\">%s</div>\n", why.s);
  buf_free(&why);
  put_children(b, sp, n, year);
  int first = ev->ind_start[n], last = ev->ind_start[n + 1];
  if (first < last) buf_put(b, "<h2>指標</h2>\n");
  for (int k = first; k < last; k++)
    put_indicator(b, sp, ev->ind_list[k], year, k - first + 1);
  html_history(b, site, sp, n);
  put_items(b, p, n, as_of);
  put_departments(b, p, node, year);
  put_cross(b, p, n, year);
  html_plan_end(b, sp);
}
