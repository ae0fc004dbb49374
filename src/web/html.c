/* SPDX-License-Identifier: Apache-2.0 */
/*
** html.c — the site's markup: the page skeleton every page shares (skip link, header with
** search, breadcrumbs, landmarks), the fiscal-year selector, grade badges and URLs. Escaping
** and the escaping printf are in reports/html.c, shared with the committee reports.
*/
#include "../model/numtext.h"
#include "../model/text.h"
#include "web.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void html_begin(Buf *b, const char *title, const Crumb *crumbs, int ncrumbs) {
  html_printf(b,
              "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<title>%s — 進捗 Shinchoku</title>\n"
              "<link rel=\"icon\" href=\"data:,\">\n"
              "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
              "<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n"
              "<a class=\"skip\" href=\"#main\">本文へスキップ</a>\n"
              "<header class=\"site\"><a class=\"brand\" href=\"/\">進捗 Shinchoku</a>\n"
              "<form class=\"search\" role=\"search\" action=\"/search\" method=\"get\">"
              "<label for=\"site-q\">計画・取組・指標を検索</label> "
              "<input id=\"site-q\" name=\"q\" type=\"search\"> "
              "<button type=\"submit\">検索</button></form></header>\n",
              title);
  if (ncrumbs > 0) {
    buf_put(b, "<nav class=\"crumbs\" aria-label=\"パンくずリスト\"><ol>");
    for (int i = 0; i < ncrumbs; i++) {
      if (crumbs[i].href)
        html_printf(b, "<li><a href=\"%r\">%s</a></li>", crumbs[i].href, crumbs[i].label);
      else
        html_printf(b, "<li aria-current=\"page\">%s</li>", crumbs[i].label);
    }
    buf_put(b, "</ol></nav>\n");
  }
  buf_put(b, "<main id=\"main\">\n");
}

void html_end(Buf *b) {
  buf_put(b, "</main>\n<footer class=\"site\"><p>進捗 Shinchoku — 数値はすべて計画の評価方針に"
             "従い、取り込まれたデータから計算しています。"
             "<a href=\"/compare\">共通KPIの団体間比較</a>　"
             "<a href=\"/api/openapi.json\">API（OpenAPI）</a>　"
             "<a href=\"/accessibility\">アクセシビリティ</a></p></footer>\n</body>\n</html>\n");
}

typedef struct ListOut {
  Buf *b;
  int count;
} ListOut;

static void list_part(const char *part, size_t len, void *ctx) {
  ListOut *o = ctx;
  char *one = xstrndup(part, len);
  html_printf(o->b, "%r%s", o->count++ ? "、" : "", one);
  free(one);
}

void html_list(Buf *b, const char *joined) {
  ListOut o = {b, 0};
  list_each(joined, list_part, &o);
}

void html_plan_end(Buf *b, const SitePlan *sp) {
  const Plan *p = sp->plan;
  buf_put(b, "<aside class=\"about-data\" aria-label=\"データについて\"><p>");
  if (sp->published_at) {
    buf_put(b, "この計画の実績を最後に公開した日時: ");
    html_time(b, sp->published_at);
    buf_put(b, "（日本時間）。");
  } else {
    buf_put(b, "この計画の実績はまだ公開されていません（目標値のみ）。");
  }
  html_printf(b, "出典: %s「%s」の進捗資料%r%s%r。", p->municipality ? p->municipality : "",
              p->name, p->source ? "（" : "", p->source ? p->source : "", p->source ? "）" : "");
  html_printf(b,
              "データのライセンス: <a href=\"https://creativecommons.org/licenses/by/4.0/deed.ja\" "
              "rel=\"license\">クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）</a>"
              "（出典: %s）。</p></aside>\n",
              p->municipality ? p->municipality : p->name);
  html_end(b);
}

void html_year_form(Buf *b, const SitePlan *sp, const char *action, const char *dept, int year) {
  const Plan *p = sp->plan;
  char fy[64];
  html_printf(b,
              "<form class=\"year\" action=\"%r\" method=\"get\">"
              "<label for=\"year\">表示する年度</label> ",
              action);
  /* before the <select>: a control inside one is not part of the form */
  if (dept) html_printf(b, "<input type=\"hidden\" name=\"name\" value=\"%s\">", dept);
  buf_put(b, "<select id=\"year\" name=\"year\">");
  for (int y = p->first_year; y <= p->last_year; y++)
    html_printf(b, "<option value=\"%d\"%r>%s</option>", y, y == year ? " selected" : "",
                fy_both(y, fy));
  buf_put(b, "</select> <button type=\"submit\">表示</button></form>\n");
}

void html_grade(Buf *b, const Evaluation *ev, int grade) {
  if (grade < 0 || grade >= ev->policy->ngrades) {
    buf_put(b, "<span class=\"grade none\">－<span class=\"label\">判定なし</span></span>");
    return;
  }
  const PolicyGrade *g = &ev->policy->grades[grade];
  html_printf(b, "<span class=\"grade g%d\">%s<span class=\"label\">%s</span></span>",
              grade < 4 ? grade : 4, g->symbol, g->label ? g->label : "");
}

void html_plan_url(Buf *b, const Plan *p, const char *rest, int year) {
  html_printf(b, "/plan/%u", p->id);
  if (rest) {
    buf_putc(b, '/');
    buf_put(b, rest);
  }
  if (year) buf_printf(b, "?year=%d", year);
}

void html_node_url(Buf *b, const Plan *p, const Node *n, int year) {
  html_printf(b, "/plan/%u/node/%u", p->id, n->id);
  if (year) buf_printf(b, "?year=%d", year);
}

int web_year(const SitePlan *sp, const Req *r, Resp *out, int api, int *year) {
  const char *text = req_arg(r, "year");
  void (*error)(Resp *, int, const char *, ...) = api ? api_error : page_error;
  *year = sp->default_year;
  if (!text) return 0;
  int y = 0;
  if (fy_parse(text, plan_era_base(sp->plan), &y) != 0) {
    error(out, 400, "「%s」は年度として読めません（2023、R5、令和5年度のように指定してください）",
          text);
    return -1;
  }
  if (y < sp->plan->first_year || y > sp->plan->last_year) {
    error(out, 400, "%d年度はこの計画の期間（%d〜%d年度）の外です", y, sp->plan->first_year,
          sp->plan->last_year);
    return -1;
  }
  *year = y;
  return 0;
}

static const char *status_words(int status) {
  switch (status) {
  case 400:
    return "リクエストが正しくありません";
  case 404:
    return "見つかりません";
  case 405:
    return "この操作はできません";
  case 413:
    return "リクエストが大きすぎます";
  case 414:
    return "URL が長すぎます";
  default:
    return "エラー";
  }
}

void page_error(Resp *out, int status, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  buf_free(&out->body);
  out->status = status;
  out->type = "text/html; charset=utf-8";
  out->fixed = NULL;
  out->disposition[0] = 0;
  Crumb home = {"ホーム", "/"};
  html_begin(&out->body, status_words(status), &home, 1);
  html_printf(&out->body, "<h1>%s（%d）</h1>\n<p>%s</p>\n<p><a href=\"/\">ホームへ戻る</a></p>\n",
              status_words(status), status, msg);
  html_end(&out->body);
}

void html_num(Buf *b, dec_t d) {
  char t[NUMTEXT_MAX];
  buf_put(b, num_grouped(d, -1, t));
}

void html_rate(Buf *b, const Evaluation *ev, dec_t rate) {
  char t[DEC_MAX_TEXT + 2], grouped[NUMTEXT_MAX + 2];
  if (dec_is_none(rate)) {
    buf_put(b, "－");
    return;
  }
  dec_t shown = policy_shown(ev->policy, rate);
  num_grouped(shown, ev->policy->digits, grouped);
  strcat(grouped, "%");
  dec_t bar = shown < 0 ? 0 : shown > dec_from_int(100) ? dec_from_int(100) : shown;
  html_printf(b,
              "<span class=\"rate\">%s<meter aria-hidden=\"true\" min=\"0\" max=\"100\" "
              "value=\"%s\"></meter></span>",
              grouped, dec_format(bar, 1, t));
}

void html_change(Buf *b, dec_t now, dec_t before) {
  char t[NUMTEXT_MAX];
  if (dec_is_none(now) || dec_is_none(before)) {
    buf_put(b, "－");
    return;
  }
  dec_t d = now - before;
  if (d == 0) {
    buf_put(b, "±0");
    return;
  }
  buf_put(b, d > 0 ? "+" : "−");
  buf_put(b, num_grouped(d > 0 ? d : -d, -1, t));
}

/* The era of a date (令和 from 2019-05-01, else 平成) as "令和8年" ("元年" for the first). */
static void era_year(Buf *b, const struct tm *t) {
  int reiwa = t->tm_year + 1900 > 2019 || (t->tm_year + 1900 == 2019 && t->tm_mon >= 4);
  int y = t->tm_year + 1900 - (reiwa ? 2018 : 1988);
  if (y == 1)
    buf_printf(b, "%s元年", reiwa ? "令和" : "平成");
  else
    buf_printf(b, "%s%d年", reiwa ? "令和" : "平成", y);
}

void html_time(Buf *b, const char *iso) {
  struct tm t = {0};
  if (!iso || !strptime(iso, "%Y-%m-%dT%H:%M:%S", &t)) {
    html_printf(b, "%s", iso ? iso : "");
    return;
  }
  time_t at = timegm(&t) + 9 * 3600; /* Japan has no daylight saving time */
  gmtime_r(&at, &t);
  html_printf(b, "<time datetime=\"%s\">", iso);
  era_year(b, &t);
  buf_printf(b, "%d月%d日（%d年%d月%d日）%d時%02d分</time>", t.tm_mon + 1, t.tm_mday,
             t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min);
}

const char *item_kind_words(const char *kind) {
  static const char *const words[][2] = {
      {"plan", "ロードマップ"},    {"item", "取組項目"},
      {"goal", "年度目標"},        {"result", "取組実績"},
      {"comment", "担当課の所見"}, {"narrative", "事務局の総括"},
      {"basis", "根拠"},           {"issue", "課題"},
      {"purpose", "目的・概要"},   {"effect", "期待される効果"},
      {"outcome", "取組の成果"},   {"challenge", "課題（総括評価）"},
  };
  for (size_t i = 0; kind && i < sizeof words / sizeof *words; i++)
    if (strcmp(kind, words[i][0]) == 0) return words[i][1];
  return kind ? kind : "";
}

const char *node_level_name(const Plan *p, const Node *n) {
  return n->level >= 1 && n->level <= p->nlevels ? p->levels[n->level - 1] : "";
}

void html_dept_url(Buf *b, const Plan *p, const char *dept, int year) {
  html_printf(b, "/plan/%u/department?name=%u", p->id, dept);
  if (year) buf_printf(b, "&amp;year=%d", year);
}

/* The grade counts below a node, as text: "◎ 3、○ 2". */
void html_dist(Buf *b, const Evaluation *ev, int n, int year) {
  const int *d = eval_dist(ev, n, year);
  if (!d) return;
  int any = 0;
  for (int g = 0; g < ev->policy->ngrades; g++) {
    if (!d[g]) continue;
    html_printf(b, "%r%s %d件", any ? "、" : "", ev->policy->grades[g].symbol, d[g]);
    any = 1;
  }
  if (!any) buf_put(b, "判定のある項目はまだありません");
}
