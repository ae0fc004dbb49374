/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_home.c — the pages above any one plan: the home page (every plan with its period
** and headline) and the search over node (initiative, measure, policy) and indicator names
** across all plans.
*/
#include "../eval/explain.h"
#include "../model/text.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>

#define SEARCH_LIMIT 200

static void begin_html(Resp *out) {
  out->type = "text/html; charset=utf-8";
}

void html_headline(Buf *b, const SitePlan *sp, int year) {
  const Evaluation *ev = sp->ev;
  const Policy *pol = sp->policy;
  const Plan *p = sp->plan;
  int l = pol->headline_level;
  char fy[64], share[DEC_MAX_TEXT + 2];
  if (l < 1 || l > p->nlevels) {
    buf_put(b, "<p class=\"headline\">この計画の評価方針には見出しの指標がありません。</p>\n");
    return;
  }
  const LevelSummary *s = eval_level(ev, l, year);
  int den = pol->headline_of == HO_GRADED ? s->graded
            : pol->headline_of == HO_DUE  ? s->due
                                          : s->in_scope;
  Buf tops = {0};
  for (int g = 0; g < pol->ngrades; g++)
    if (pol->grades[g].top) html_printf(&tops, "%s%s", tops.len ? "・" : "", pol->grades[g].symbol);
  html_printf(b,
              "<p class=\"headline\">%s、%s（%r）の%s: <strong>%s</strong>"
              "（%d件 / %d件）</p>\n",
              fy_both(year, fy), p->levels[l - 1], tops.s ? tops.s : "", "割合",
              explain_rate(ev, s->share, share), s->top, den);
  buf_free(&tops);
}

void page_home(const Site *s, const Req *r, Resp *out) {
  (void)r;
  begin_html(out);
  Buf *b = &out->body;
  char a[64], c[64];
  html_begin(b, "計画の一覧", NULL, 0);
  buf_put(b, "<h1>計画の進捗</h1>\n<p>各自治体の計画について、指標の目標と実績、"
             "評価方針に従って計算した進捗率と達成状況（◎○△－）を公開しています。</p>\n");
  if (s->nplans == 0) {
    buf_put(b, "<p>公開している計画はまだありません。</p>\n");
    html_end(b);
    return;
  }
  buf_put(b, "<ul class=\"cards\">\n");
  for (int i = 0; i < s->nplans; i++) {
    const SitePlan *sp = &s->plans[i];
    const Plan *p = sp->plan;
    Buf url = {0};
    html_plan_url(&url, p, NULL, 0);
    html_printf(b, "<li class=\"card\"><h2><a href=\"%r\">%s</a></h2>\n", url.s, p->name);
    html_printf(b, "<p class=\"meta\">%s　計画期間 %s〜%s</p>\n",
                p->municipality ? p->municipality : "", fy_both(p->first_year, a),
                fy_both(p->last_year, c));
    html_headline(b, sp, sp->default_year);
    buf_put(b, "</li>\n");
    buf_free(&url);
  }
  buf_put(b, "</ul>\n");
  html_end(b);
}

/* Case-sensitive substring match on the NFKC forms (full-width and half-width agree). */
static int matches(const char *name, const char *q) {
  if (!name) return 0;
  char *n = text_normalize(name);
  int hit = n && strstr(n, q) != NULL;
  free(n);
  return hit;
}

static void search_plan(Buf *b, const SitePlan *sp, const char *q, int *found) {
  const Plan *p = sp->plan;
  int header = 0;
  for (int pass = 0; pass < 2; pass++) {
    int count = pass ? p->ninds : p->nnodes;
    for (int i = 0; i < count && *found < SEARCH_LIMIT; i++) {
      const Node *n = pass ? &p->nodes[p->inds[i].node] : &p->nodes[i];
      const char *name = pass ? p->inds[i].name : n->name;
      if (!matches(name, q)) continue;
      if (!header) {
        html_printf(b, "<h2>%s</h2>\n<ul class=\"plain\">\n", p->name);
        header = 1;
      }
      Buf url = {0};
      html_node_url(&url, p, n, 0);
      const char *level = n->level >= 1 && n->level <= p->nlevels ? p->levels[n->level - 1] : "";
      if (pass)
        html_printf(b, "<li>指標「%s」 — <a href=\"%r\">%s %s</a></li>\n", name, url.s,
                    n->number ? n->number : "", n->name);
      else
        html_printf(b, "<li>%s: <a href=\"%r\">%s %s</a></li>\n", level, url.s,
                    n->number ? n->number : "", n->name);
      buf_free(&url);
      (*found)++;
    }
  }
  if (header) buf_put(b, "</ul>\n");
}

void page_search(const Site *s, const Req *r, Resp *out) {
  const char *raw = req_arg(r, "q");
  char *q = raw ? text_normalize(raw) : NULL;
  if (raw && !q) {
    page_error(out, 400, "検索語を読めません（UTF-8 ではありません）");
    return;
  }
  if (q && strlen(q) > 200) {
    free(q);
    page_error(out, 400, "検索語が長すぎます（200バイトまで）");
    return;
  }
  begin_html(out);
  Buf *b = &out->body;
  Crumb crumbs[] = {{"ホーム", "/"}, {"検索", NULL}};
  html_begin(b, "検索", crumbs, 2);
  html_printf(b,
              "<h1>検索</h1>\n<form class=\"inline\" action=\"/search\" method=\"get\">"
              "<label for=\"q\">取組・施策・指標の名前</label> "
              "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\"> "
              "<button type=\"submit\">検索</button></form>\n",
              q ? q : "");
  if (q && *q) {
    int found = 0;
    for (int i = 0; i < s->nplans; i++)
      search_plan(b, &s->plans[i], q, &found);
    if (found == 0)
      html_printf(b, "<p>「%s」を含む名前は見つかりませんでした。</p>\n", q);
    else
      html_printf(b, "<p>%d件%r</p>\n", found,
                  found >= SEARCH_LIMIT ? "（上限に達しました。語を増やして絞り込んでください）"
                                        : "見つかりました。");
  }
  free(q);
  html_end(b);
}
