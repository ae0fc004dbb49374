/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_plan.c — the pages of one plan: the dashboard (headline, grade distribution per
** year, one card per top-level node), the roadmap for a fiscal year (each item's
** state as of ?as_of=, default today in Japan), the departments and
** what each owns, and the downloads. Routes /plan/ID/... here; node pages are in
** pages_node.c.
*/
#include "../eval/explain.h"
#include "../eval/schedule.h"
#include "../model/text.h"
#include "../reports/report.h"
#include "web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void plan_crumbs(Buf *url, const Plan *p, int year) {
  html_plan_url(url, p, NULL, year);
}

static void plan_nav(Buf *b, const Plan *p, int year) {
  Buf u[5] = {{0}};
  html_plan_url(&u[0], p, NULL, year);
  html_plan_url(&u[1], p, "roadmap", year);
  html_plan_url(&u[2], p, "departments", year);
  html_plan_url(&u[3], p, "initiatives", year);
  html_plan_url(&u[4], p, "downloads", 0);
  html_printf(
      b,
      "<nav aria-label=\"計画内のページ\"><ul class=\"plain\">"
      "<li><a href=\"%r\">計画の概要</a></li><li><a href=\"%r\">年度別ロードマップ</a></li>"
      "<li><a href=\"%r\">担当部署から探す</a></li><li><a href=\"%r\">判定・担当部署・"
      "対象で絞り込む</a></li><li><a href=\"%r\">データのダウンロード</a></li></ul></nav>\n",
      u[0].s, u[1].s, u[2].s, u[3].s, u[4].s);
  for (int i = 0; i < 5; i++)
    buf_free(&u[i]);
}

/* The change of an indicator's actual since the year before ("－" in the first year). */
static dec_t actual_before(const Evaluation *ev, const Plan *p, int i, int year) {
  return year > p->first_year ? eval_num(ev, i, year - 1, VK_ACTUAL) : DEC_NONE;
}

/* A node's own indicators for a year: name, target, actual, change, rate, grade. */
static void card_indicators(Buf *b, const SitePlan *sp, int n, int year) {
  const Evaluation *ev = sp->ev;
  int first = ev->ind_start[n], last = ev->ind_start[n + 1];
  if (first == last) return;
  char fy[64];
  html_printf(b,
              "<div class=\"scroll\"><table><caption>目標指標（%s）</caption><thead><tr>"
              "<th scope=\"col\" class=\"name\">指標</th><th scope=\"col\">目標</th>"
              "<th scope=\"col\">実績</th><th scope=\"col\">前年度比</th>"
              "<th scope=\"col\">進捗率</th><th scope=\"col\">判定</th></tr></thead><tbody>",
              fy_both(year, fy));
  for (int k = first; k < last; k++) {
    int i = ev->ind_list[k];
    const IndResult *r = eval_ind(ev, i, year);
    html_printf(b, "<tr><td class=\"name\">%s</td><td class=\"num\">", sp->plan->inds[i].name);
    html_num(b, r->target);
    buf_put(b, "</td><td class=\"num\">");
    html_num(b, r->actual);
    buf_put(b, r->projected ? "（見込）</td><td class=\"num\">" : "</td><td class=\"num\">");
    html_change(b, eval_num(ev, i, year, VK_ACTUAL), actual_before(ev, sp->plan, i, year));
    buf_put(b, "</td><td class=\"num\">");
    html_rate(b, ev, r->rate);
    buf_put(b, "</td><td>");
    html_grade(b, ev, r->grade);
    buf_put(b, "</td></tr>");
  }
  buf_put(b, "</tbody></table></div>\n");
}

static void top_cards(Buf *b, const SitePlan *sp, int year) {
  const Plan *p = sp->plan;
  const Evaluation *ev = sp->ev;
  html_printf(b, "<h2>%s別の状況</h2>\n<ul class=\"cards one\">\n", p->nlevels ? p->levels[0] : "");
  for (int n = 0; n < p->nnodes; n++) {
    const Node *node = &p->nodes[n];
    if (node->parent >= 0) continue;
    const NodeResult *r = eval_node(ev, n, year);
    Buf url = {0};
    html_node_url(&url, p, node, year);
    html_printf(b, "<li class=\"card\"><h3><a href=\"%r\">%s %s</a></h3>\n<p>判定: ", url.s,
                node->number ? node->number : "", node->name);
    buf_free(&url);
    if (!r->in_scope)
      buf_put(b, "この年度は対象外");
    else
      html_grade(b, ev, r->grade);
    if (!dec_is_none(r->rate)) {
      buf_put(b, "　進捗率 ");
      html_rate(b, ev, r->rate);
    }
    buf_put(b, "</p>\n");
    if (eval_dist(ev, n, year)) {
      buf_put(b, "<p>内訳: ");
      html_dist(b, ev, n, year);
      buf_put(b, "</p>\n");
    }
    card_indicators(b, sp, n, year);
    buf_put(b, "</li>\n");
  }
  buf_put(b, "</ul>\n");
}

static void begin_plan_page(Resp *out, const SitePlan *sp, const char *title, int year) {
  out->type = "text/html; charset=utf-8";
  Buf url = {0};
  plan_crumbs(&url, sp->plan, year);
  Crumb crumbs[] = {{"ホーム", "/"}, {sp->plan->name, url.s}, {title, NULL}};
  if (title)
    html_begin(&out->body, title, crumbs, 3);
  else {
    crumbs[1].href = NULL;
    html_begin(&out->body, sp->plan->name, crumbs, 2);
  }
  buf_free(&url);
}

static void page_dashboard(const SitePlan *sp, int year, Resp *out) {
  const Plan *p = sp->plan;
  char a[64], c[64];
  begin_plan_page(out, sp, NULL, year);
  Buf *b = &out->body;
  html_printf(b, "<h1>%s</h1>\n<p class=\"meta\">%s　計画期間 %s〜%s</p>\n", p->name,
              p->municipality ? p->municipality : "", fy_both(p->first_year, a),
              fy_both(p->last_year, c));
  Buf action = {0};
  html_plan_url(&action, p, NULL, 0);
  html_year_form(b, sp, action.s, NULL, year);
  buf_free(&action);
  plan_nav(b, p, year);
  html_headline(b, sp, year);
  buf_put(b, "<h2>達成状況の分布（年度別）</h2>\n");
  chart_distribution(b, sp->ev, "dist");
  top_cards(b, sp, year);
  html_plan_end(b, sp);
}

/* One roadmap item: its kind, text, and who, when and how far, and its state as of the date,
   as a list entry. */
static void roadmap_item(Buf *b, const Item *it, int as_of) {
  html_printf(b, "<li><span class=\"kind\">%s</span> %s", item_kind_words(it->kind),
              it->text ? it->text : "");
  buf_put(b, "<span class=\"facts\">");
  if (it->owner) html_printf(b, "<span>担当: %s</span>", it->owner);
  if (it->due) html_printf(b, "<span>期限: %s</span>", it->due);
  if (it->status) html_printf(b, "<span>状況: %s</span>", it->status);
  html_item_state_facts(b, it, as_of);
  buf_put(b, "</span></li>\n");
}

/* The items of year `want` (0: the whole plan), one collapsed group per node, so that a
   phone shows the list of initiatives first. Returns how many items. */
static int roadmap_groups(Buf *b, const SitePlan *sp, int want, int year, int as_of,
                          const char *title) {
  const Plan *p = sp->plan;
  int *count = xcalloc((size_t)p->nnodes + 1, sizeof *count), total = 0;
  for (int i = 0; i < p->nitems; i++)
    if (p->items[i].year == want && p->items[i].node >= 0 && p->items[i].node < p->nnodes) {
      count[p->items[i].node]++;
      total++;
    }
  if (total) html_printf(b, "<h2>%s（%d件）</h2>\n", title, total);
  for (int n = 0; n < p->nnodes; n++) {
    if (!count[n]) continue;
    const Node *node = &p->nodes[n];
    Buf url = {0};
    html_node_url(&url, p, node, year);
    html_printf(b,
                "<details class=\"roadmap\"><summary>%s %s（%d件）</summary>\n"
                "<p><a href=\"%r\">%sのページへ</a></p>\n<ul class=\"items\">\n",
                node->number ? node->number : "", node->name, count[n], url.s,
                node_level_name(p, node));
    buf_free(&url);
    for (int i = 0; i < p->nitems; i++)
      if (p->items[i].year == want && p->items[i].node == n) roadmap_item(b, &p->items[i], as_of);
    buf_put(b, "</ul></details>\n");
  }
  free(count);
  return total;
}

static void page_roadmap(const SitePlan *sp, int year, int as_of, Resp *out) {
  const Plan *p = sp->plan;
  char fy[64], day[16];
  begin_plan_page(out, sp, "年度別ロードマップ", year);
  Buf *b = &out->body;
  html_printf(b, "<h1>年度別ロードマップ（%s）</h1>\n<p class=\"meta\">%s</p>\n", fy_both(year, fy),
              p->name);
  Buf action = {0};
  html_plan_url(&action, p, "roadmap", 0);
  html_year_form(b, sp, action.s, NULL, year);
  buf_free(&action);
  html_printf(b,
              "<p>取組ごとにまとめています。取組の名前を選ぶと、その年度の項目が開きます。"
              "各項目の状況は%s現在です。</p>\n",
              schedule_iso(as_of, day));
  int shown = roadmap_groups(b, sp, year, year, as_of, fy_both(year, fy));
  shown += roadmap_groups(b, sp, 0, year, as_of, "計画期間を通じた項目");
  if (!shown) buf_put(b, "<p>この年度の項目はありません。</p>\n");
  html_plan_end(b, sp);
}

static void page_departments(const SitePlan *sp, int year, Resp *out) {
  begin_plan_page(out, sp, "担当部署", year);
  Buf *b = &out->body;
  html_printf(b, "<h1>担当部署</h1>\n<p class=\"meta\">%s</p>\n", sp->plan->name);
  if (!sp->ndepts)
    buf_put(b, "<p>この計画のデータには担当部署が記載されていません。</p>\n");
  else
    buf_put(b, "<ul class=\"plain\">\n");
  for (int d = 0; d < sp->ndepts; d++) {
    Buf url = {0};
    html_dept_url(&url, sp->plan, sp->depts[d], year);
    html_printf(b, "<li><a href=\"%r\">%s</a></li>\n", url.s, sp->depts[d]);
    buf_free(&url);
  }
  if (sp->ndepts) buf_put(b, "</ul>\n");
  html_plan_end(b, sp);
}

static void page_department(const SitePlan *sp, const char *dept, int year, Resp *out) {
  const Plan *p = sp->plan;
  if (!site_has_department(sp, dept)) {
    page_error(out, 404, "この計画に「%s」という担当部署はありません", dept);
    return;
  }
  begin_plan_page(out, sp, dept, year);
  Buf *b = &out->body;
  char fy[64];
  html_printf(b, "<h1>%s の担当</h1>\n<p class=\"meta\">%s</p>\n", dept, p->name);
  Buf action = {0};
  html_plan_url(&action, p, "department", 0);
  html_year_form(b, sp, action.s, dept, year);
  buf_free(&action);
  html_printf(b,
              "<div class=\"scroll\"><table><caption>担当する項目（%s）</caption><thead><tr>"
              "<th scope=\"col\">階層</th><th scope=\"col\" class=\"name\">名称</th><th "
              "scope=\"col\">判定</th>"
              "<th scope=\"col\">進捗率</th></tr></thead><tbody>\n",
              fy_both(year, fy));
  for (int n = 0; n < p->nnodes; n++) {
    const Node *node = &p->nodes[n];
    if (!node_has_department(node, dept)) continue;
    const NodeResult *r = eval_node(sp->ev, n, year);
    Buf url = {0};
    html_node_url(&url, p, node, year);
    html_printf(b, "<tr><td>%s</td><td><a href=\"%r\">%s %s</a></td><td>", node_level_name(p, node),
                url.s, node->number ? node->number : "", node->name);
    buf_free(&url);
    if (r->in_scope)
      html_grade(b, sp->ev, r->grade);
    else
      buf_put(b, "対象外");
    buf_put(b, "</td><td class=\"num\">");
    html_rate(b, sp->ev, r->rate);
    buf_put(b, "</td></tr>\n");
  }
  buf_put(b, "</tbody></table></div>\n");
  html_plan_end(b, sp);
}

static void page_downloads(const SitePlan *sp, const Req *r, Resp *out) {
  begin_plan_page(out, sp, "ダウンロード", 0);
  Buf *b = &out->body;
  Buf u[6] = {{0}};
  html_plan_url(&u[0], sp->plan, "download/eval.csv", 0);
  html_plan_url(&u[1], sp->plan, "download/eval.json", 0);
  html_plan_url(&u[2], sp->plan, "download/plan.json", 0);
  html_plan_url(&u[3], sp->plan, "download/plan.xlsx", 0);
  html_plan_url(&u[4], sp->plan, "download/opendata.csv", 0);
  html_plan_url(&u[5], sp->plan, "download/datapackage.json", 0);
  html_printf(b,
              "<h1>データのダウンロード</h1>\n<p class=\"meta\">%s</p>\n<ul class=\"downloads "
              "plain\">\n"
              "<li><a href=\"%r\" download>評価結果（CSV、全年度）</a> — 指標と各階層の"
              "進捗率・判定</li>\n"
              "<li><a href=\"%r\" download>評価結果（JSON、全年度）</a></li>\n"
              "<li><a href=\"%r\" download>計画データ（交換形式 v1、JSON）</a> — 取り込みに使える"
              "形式の計画全体</li>\n"
              "<li><a href=\"%r\" download>計画データ（交換形式 v1、Excel）</a></li>\n"
              "<li><a href=\"%r\" download>オープンデータ（CSV、指標×年度）</a> — 全国地方公共団体"
              "コード付き、BOM 付き UTF-8</li>\n"
              "<li><a href=\"%r\" download>オープンデータの説明（datapackage.json）</a> — 列、型、"
              "単位、欠測値の表し方</li>\n</ul>\n"
              "<p>プログラムからは <a href=\"/api/openapi.json\">JSON API</a> も使えます。</p>\n",
              sp->plan->name, u[0].s, u[1].s, u[2].s, u[3].s, u[4].s, u[5].s);
  for (int i = 0; i < 6; i++)
    buf_free(&u[i]);
  buf_put(b, "<h2>委員会資料（最新の年度）</h2>\n<ul class=\"downloads plain\">\n");
  for (const ReportKind *k = report_kinds; k->name; k++) {
    html_printf(b, "<li>%s: ", k->title);
    static const char *const fmts[] = {"pdf", "html", "md", "csv"};
    for (int f = 0; f < 4; f++) {
      Buf url = {0}, rest = {0};
      buf_printf(&rest, "report/%s.%s", k->name, fmts[f]);
      html_plan_url(&url, sp->plan, rest.s, 0);
      html_printf(b, "%r<a href=\"%r\" download>%s</a>", f ? "、" : "", url.s,
                  f == 0   ? "PDF"
                  : f == 1 ? "HTML"
                  : f == 2 ? "Markdown"
                           : "CSV");
      buf_free(&url);
      buf_free(&rest);
    }
    buf_put(b, "</li>\n");
  }
  buf_put(
      b, "</ul>\n<p>Excel 形式と年度の指定は <code>shinchoku report</code> で作成できます。</p>\n");
  html_meetings(b, sp->plan);
  html_snapshot_reports(b, r, sp);
  html_plan_end(b, sp);
}

static void download(const SitePlan *sp, const char *name, Resp *out) {
  const Download *d = site_download(sp, name);
  if (!d) {
    page_error(out, 404, "このダウンロードはありません");
    return;
  }
  out->fixed = d->data;
  out->fixed_len = d->len;
  out->type = d->type;
  snprintf(out->disposition, sizeof out->disposition, "attachment; filename=\"%s\"", d->file);
}

/* The site's plan whose predecessor is plan (the review kind prints its candidates), or NULL.
   It is the site's copy: only what that plan publishes. */
static const Plan *successor(const Site *s, const Plan *plan) {
  for (int i = 0; i < s->nplans; i++) {
    const Plan *p = s->plans[i].plan;
    if (p != plan && p->predecessor && strcmp(p->predecessor, plan->id) == 0) return p;
  }
  return NULL;
}

/* /plan/ID/report/KIND.FMT[?year=]: a committee report, made on request (pdf, html, md,
   csv). */
static void report_download(const Site *s, const SitePlan *sp, const Req *r, int year, Resp *out) {
  char kind[32];
  const char *dot = strrchr(r->parts[3], '.');
  size_t len = dot ? (size_t)(dot - r->parts[3]) : 0;
  const ReportKind *k = NULL;
  if (dot && len < sizeof kind) {
    memcpy(kind, r->parts[3], len);
    kind[len] = 0;
    k = report_kind(kind);
  }
  const char *fmt = dot ? dot + 1 : "";
  if (!k ||
      (strcmp(fmt, "html") && strcmp(fmt, "md") && strcmp(fmt, "csv") && strcmp(fmt, "pdf"))) {
    page_error(out, 404, "この委員会資料はありません");
    return;
  }
  char when[32];
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
  ReportSource src = {.store = "公開サイトが起動時に読み込んだストア",
                      .generated = when,
                      .made = (long long)now,
                      .next = successor(s, sp->plan)};
  /* the variant the policy declares for the kind, as `shinchoku report` uses it (000's summary
     and status as 資料2 prints them); evaluated for this request */
  char *variant = policy_report_variant(sp->plan->policy_json, k->name), err[256];
  Policy *vpol =
      variant ? policy_compile(sp->plan->policy_json, variant, sp->plan->nlevels, err, sizeof err)
              : NULL;
  Evaluation *vev = vpol ? eval_run(sp->plan, vpol) : NULL;
  free(variant);
  Report *rep = report_build(k, vev ? vev : sp->ev, year, &src);
  int bad = web_report_render(rep, fmt, &out->body);
  report_free(rep);
  eval_free(vev);
  policy_free(vpol);
  if (bad) {
    page_error(out, 500, "委員会資料を作成できませんでした");
    return;
  }
  out->type = web_report_type(fmt);
  snprintf(out->disposition, sizeof out->disposition, "attachment; filename=\"report-%s-%d.%s\"",
           k->name, year, fmt);
}

void page_plan(const Site *s, const Req *r, Resp *out) {
  if (r->nparts < 2) {
    page_error(out, 404, "計画を指定してください");
    return;
  }
  const SitePlan *sp = site_plan(s, r->parts[1]);
  if (!sp) {
    page_error(out, 404, "「%s」という計画はありません", r->parts[1]);
    return;
  }
  const char *what = r->nparts > 2 ? r->parts[2] : "";
  if (r->nparts >= 3 && strcmp(what, "download") == 0) {
    if (r->nparts == 4)
      download(sp, r->parts[3], out);
    else
      page_error(out, 404, "このダウンロードはありません");
    return;
  }
  if (r->nparts >= 3 && strcmp(what, "snapshot") == 0) {
    page_snapshot(s, sp, r, out);
    return;
  }
  int year, as_of;
  if (web_year(sp, r, out, 0, &year)) return;
  if (r->nparts == 2)
    page_dashboard(sp, year, out);
  else if (strcmp(what, "node") == 0 && r->nparts == 4)
    page_node(s, sp, r, out);
  else if (strcmp(what, "roadmap") == 0 && r->nparts == 3) {
    if (!web_as_of(r, out, &as_of)) page_roadmap(sp, year, as_of, out);
  } else if (strcmp(what, "departments") == 0 && r->nparts == 3)
    page_departments(sp, year, out);
  else if (strcmp(what, "department") == 0 && r->nparts == 3 && req_arg(r, "name"))
    page_department(sp, req_arg(r, "name"), year, out);
  else if (strcmp(what, "report") == 0 && r->nparts == 4)
    report_download(s, sp, r, year, out);
  else if (strcmp(what, "initiatives") == 0 && r->nparts == 3)
    page_initiatives(sp, r, year, out);
  else if (strcmp(what, "downloads") == 0 && r->nparts == 3)
    page_downloads(sp, r, out);
  else
    page_error(out, 404, "このページは見つかりません");
}
