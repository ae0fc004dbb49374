/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_filter.c — /plan/ID/initiatives: every node of the plan's evaluated level (the
** initiatives), filtered by grade, department and audience (?grade=&dept=&audience=), as a
** table with the grade and rate of the year. A plain GET form: works without script.
*/
#include "../model/text.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>

typedef struct Filter {
  int grade;            /* policy grade index; -1 any; -2 none */
  const char *dept;     /* NULL any */
  const char *audience; /* NULL any */
} Filter;

typedef struct Names {
  char **v;
  int n, cap;
} Names;

static void add_name(const char *part, size_t len, void *ctx) {
  Names *d = ctx;
  for (int i = 0; i < d->n; i++)
    if (strlen(d->v[i]) == len && memcmp(d->v[i], part, len) == 0) return;
  VEC_PUSH(d->v, d->n, d->cap);
  d->v[d->n++] = xstrndup(part, len);
}

static void names_free(Names *d) {
  for (int i = 0; i < d->n; i++)
    free(d->v[i]);
  free(d->v);
}

typedef struct Has {
  const char *want;
  int found;
} Has;

static void has_part(const char *part, size_t len, void *ctx) {
  Has *h = ctx;
  if (strlen(h->want) == len && memcmp(h->want, part, len) == 0) h->found = 1;
}

static int list_has(const char *joined, const char *want) {
  Has h = {want, 0};
  list_each(joined, has_part, &h);
  return h.found;
}

static int unit_level(const SitePlan *sp) {
  int l = sp->policy->unit_level;
  return l >= 1 && l <= sp->plan->nlevels ? l : sp->plan->nlevels;
}

static int keep(const SitePlan *sp, int n, int year, const Filter *f) {
  const Node *node = &sp->plan->nodes[n];
  const NodeResult *r = eval_node(sp->ev, n, year);
  if (node->level != unit_level(sp) || !r->in_scope) return 0;
  if (f->grade >= 0 && r->grade != f->grade) return 0;
  if (f->grade == -2 && r->grade >= 0) return 0;
  if (f->dept && !list_has(node->departments, f->dept)) return 0;
  if (f->audience && !list_has(node->audience, f->audience)) return 0;
  return 1;
}

static void option(Buf *b, const char *value, const char *label, int selected) {
  html_printf(b, "<option value=\"%s\"%r>%s</option>", value, selected ? " selected" : "", label);
}

static void select_names(Buf *b, const char *id, const char *label, const Names *names,
                         const char *current) {
  html_printf(b, "<label for=\"%s\">%s</label> <select id=\"%s\" name=\"%s\">", id, label, id, id);
  option(b, "", "すべて", !current);
  for (int i = 0; i < names->n; i++)
    option(b, names->v[i], names->v[i], current && strcmp(current, names->v[i]) == 0);
  buf_put(b, "</select> ");
}

static void filter_form(Buf *b, const SitePlan *sp, const Filter *f, const Names *depts,
                        const Names *audiences, int year) {
  const Policy *pol = sp->policy;
  html_printf(b,
              "<form class=\"inline filter\" action=\"/plan/%u/initiatives\" method=\"get\">"
              "<input type=\"hidden\" name=\"year\" value=\"%d\">"
              "<label for=\"grade\">判定</label> <select id=\"grade\" name=\"grade\">",
              sp->plan->id, year);
  option(b, "", "すべて", f->grade == -1);
  for (int g = 0; g < pol->ngrades; g++) {
    Buf label = {0};
    buf_printf(&label, "%s %s", pol->grades[g].symbol,
               pol->grades[g].label ? pol->grades[g].label : "");
    option(b, pol->grades[g].symbol, label.s, f->grade == g);
    buf_free(&label);
  }
  option(b, "none", "判定なし", f->grade == -2);
  buf_put(b, "</select> ");
  select_names(b, "dept", "担当部署", depts, f->dept);
  if (audiences->n) select_names(b, "audience", "対象", audiences, f->audience);
  buf_put(b, "<button type=\"submit\">絞り込む</button></form>\n");
}

static void result_row(Buf *b, const SitePlan *sp, int n, int year) {
  const Plan *p = sp->plan;
  const Node *node = &p->nodes[n];
  const NodeResult *r = eval_node(sp->ev, n, year);
  Buf url = {0};
  html_node_url(&url, p, node, year);
  html_printf(b, "<tr><td>%s</td><td class=\"name\"><a href=\"%r\">%s</a></td><td>",
              node->number ? node->number : "", url.s, node->name);
  buf_free(&url);
  html_list(b, node->departments);
  buf_put(b, "</td><td>");
  html_list(b, node->audience);
  buf_put(b, "</td><td>");
  html_grade(b, sp->ev, r->grade);
  buf_put(b, "</td><td class=\"num\">");
  html_rate(b, sp->ev, r->rate);
  buf_put(b, "</td></tr>\n");
}

/* The filter from the query; 0, or -1 with a 400 page (an unknown grade). */
static int read_filter(const SitePlan *sp, const Req *r, Filter *f, Resp *out) {
  const char *g = req_arg(r, "grade"), *d = req_arg(r, "dept"), *a = req_arg(r, "audience");
  f->grade = -1;
  f->dept = d && *d ? d : NULL;
  f->audience = a && *a ? a : NULL;
  if (!g || !*g) return 0;
  if (strcmp(g, "none") == 0) {
    f->grade = -2;
    return 0;
  }
  char *want = text_normalize(g);
  for (int k = 0; want && f->grade < 0 && k < sp->policy->ngrades; k++) {
    char *sym = text_normalize(sp->policy->grades[k].symbol);
    if (sym && strcmp(sym, want) == 0) f->grade = k;
    free(sym);
  }
  free(want);
  if (f->grade >= 0) return 0;
  page_error(out, 400, "この計画の判定に「%s」はありません", g);
  return -1;
}

void page_initiatives(const SitePlan *sp, const Req *r, int year, Resp *out) {
  const Plan *p = sp->plan;
  Filter f;
  if (read_filter(sp, r, &f, out)) return;
  Names depts = {0}, audiences = {0};
  for (int n = 0; n < p->nnodes; n++)
    if (p->nodes[n].level == unit_level(sp)) {
      list_each(p->nodes[n].departments, add_name, &depts);
      list_each(p->nodes[n].audience, add_name, &audiences);
    }
  const char *level = p->levels[unit_level(sp) - 1];
  char fy[64];
  out->type = "text/html; charset=utf-8";
  Buf *b = &out->body, url = {0}, title = {0};
  html_plan_url(&url, p, NULL, year);
  buf_printf(&title, "%sの一覧と絞り込み", level);
  Crumb crumbs[] = {{"ホーム", "/"}, {p->name, url.s}, {title.s, NULL}};
  html_begin(b, title.s, crumbs, 3);
  html_printf(b, "<h1>%s（%s）</h1>\n<p class=\"meta\">%s</p>\n", title.s, fy_both(year, fy),
              p->name);
  filter_form(b, sp, &f, &depts, &audiences, year);
  int shown = 0;
  Buf rows = {0};
  for (int n = 0; n < p->nnodes; n++)
    if (keep(sp, n, year, &f)) {
      result_row(&rows, sp, n, year);
      shown++;
    }
  html_printf(b, "<p role=\"status\">%d件</p>\n", shown);
  if (shown)
    html_printf(b,
                "<div class=\"scroll\"><table><caption>%s（%s、%d件）</caption><thead><tr>"
                "<th scope=\"col\">番号</th><th scope=\"col\" class=\"name\">名称</th>"
                "<th scope=\"col\">担当部署</th><th scope=\"col\">対象</th>"
                "<th scope=\"col\">判定</th><th scope=\"col\">進捗率</th></tr></thead><tbody>\n"
                "%r</tbody></table></div>\n",
                level, fy_both(year, fy), shown, rows.s);
  buf_free(&rows);
  buf_free(&url);
  buf_free(&title);
  names_free(&depts);
  names_free(&audiences);
  html_plan_end(b, sp);
}
