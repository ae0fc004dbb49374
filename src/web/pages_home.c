/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_home.c — the page above any one plan: the home page (every plan with its period
** and headline). The search is in pages_search.c.
*/
#include "../eval/explain.h"
#include "../model/text.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>

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
