/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_compare.c — the comparison of municipalities on a shared KPI on the public site
** (docs/compare.md): /compare lists the vocabulary, /compare?kpi=CODE&year=FY shows every
** plan of the site with an indicator carrying the code side by side (the report of `report
** --kind compare`, its sections and chart), and /api/v1/compare?kpi=CODE&year=FY gives the
** same as JSON. Only published years' results are shown: the site's plans hold the others
** back, and their rows say 未公開.
*/
#include "../eval/compare.h"
#include "../model/text.h"
#include "../reports/compare_json.h"
#include "../reports/report.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>

/* The comparison of kpi in year over the site's plans. */
static void gather(const Site *site, const KpiDef *kpi, int year, Compare *c) {
  char err[256];
  compare_init(c, kpi, year);
  for (int i = 0; i < site->nplans; i++) {
    const SitePlan *sp = &site->plans[i];
    if (compare_add_plan(c, sp->plan, sp->ev, !site_year_published(sp, year), err, sizeof err) < 0)
      fprintf(stderr, "shinchoku: compare: plan %s: %s\n", sp->plan->id, err);
  }
  compare_sort(c);
}

/* Without ?year=: the latest year in which some plan has a published actual for kpi, else
   the latest default year of the plans that carry it, else 0. */
static int default_year(const Site *site, const KpiDef *kpi) {
  int best = 0, fallback = 0;
  for (int i = 0; i < site->nplans; i++) {
    const SitePlan *sp = &site->plans[i];
    const Plan *p = sp->plan;
    for (int k = 0; k < p->ninds; k++) {
      if (!p->inds[k].kpi || strcmp(p->inds[k].kpi, kpi->code) != 0) continue;
      if (sp->default_year > fallback) fallback = sp->default_year;
      for (int y = p->last_year; y > best && y >= p->first_year; y--)
        if (site_year_published(sp, y) && !dec_is_none(eval_num(sp->ev, k, y, VK_ACTUAL))) {
          best = y;
          break;
        }
    }
  }
  return best ? best : fallback;
}

/* ?kpi= and ?year= read; -1 with the error response written (HTML, or JSON when api). */
static int read_args(const Site *site, const Req *r, Resp *out, int api, const KpiDef **kpi,
                     int *year) {
  void (*error)(Resp *, int, const char *, ...) = api ? api_error : page_error;
  const char *code = req_arg(r, "kpi"), *fy = req_arg(r, "year");
  *kpi = code ? kpi_find(code) : NULL;
  if (code && !*kpi) {
    error(out, 404, "「%s」は共通KPIのコードではありません", code);
    return -1;
  }
  if (!*kpi) {
    if (api) error(out, 400, "kpi is required (a code of the shared KPI vocabulary)");
    return api ? -1 : 0;
  }
  *year = default_year(site, *kpi);
  if (fy && fy_parse(fy, 2018, year) != 0) {
    error(out, 400, "「%s」は年度として読めません（2023、R5、令和5年度のように指定してください）",
          fy);
    return -1;
  }
  return 0;
}

/* The KPI and year selector: a GET form back to /compare. */
static void selector(Buf *b, const KpiDef *kpi, int year) {
  buf_put(b, "<form class=\"year compare\" method=\"get\" action=\"/compare\">"
             "<label for=\"kpi\">共通KPI</label> <select id=\"kpi\" name=\"kpi\">");
  for (int i = 0; i < kpi_ndefs; i++)
    html_printf(b, "<option value=\"%s\"%r>%s</option>", kpi_defs[i].code,
                kpi == &kpi_defs[i] ? " selected" : "", kpi_defs[i].name);
  char y[16];
  snprintf(y, sizeof y, "%d", year);
  html_printf(b,
              "</select> <label for=\"year\">年度</label> <input id=\"year\" name=\"year\" "
              "size=\"8\" value=\"%s\" inputmode=\"numeric\"> <button type=\"submit\">表示"
              "</button></form>\n",
              year ? y : "");
}

/* /compare without a KPI: the vocabulary, each code with how many of the site's plans carry it. */
static void vocabulary(const Site *site, Buf *b) {
  buf_put(b, "<div class=\"scroll\"><table><caption>共通KPIの一覧</caption><thead><tr>"
             "<th scope=\"col\">KPI</th><th scope=\"col\">コード</th><th scope=\"col\">単位</th>"
             "<th scope=\"col\">定義</th><th scope=\"col\">指標のある計画</th></tr></thead>"
             "<tbody>\n");
  for (int i = 0; i < kpi_ndefs; i++) {
    const KpiDef *k = &kpi_defs[i];
    int plans = 0;
    for (int s = 0; s < site->nplans; s++)
      for (int j = 0; j < site->plans[s].plan->ninds; j++)
        if (site->plans[s].plan->inds[j].kpi &&
            strcmp(site->plans[s].plan->inds[j].kpi, k->code) == 0) {
          plans++;
          break;
        }
    html_printf(b,
                "<tr><th scope=\"row\"><a href=\"/compare?kpi=%u\">%s</a></th><td>%s</td>"
                "<td>%s</td><td>%s</td><td class=\"num\">%d</td></tr>\n",
                k->code, k->name, k->code, k->unit, k->definition, plans);
  }
  buf_put(b, "</tbody></table></div>\n");
}

void page_compare(const Site *site, const Req *r, Resp *out) {
  const KpiDef *kpi = NULL;
  int year = 0;
  if (read_args(site, r, out, 0, &kpi, &year)) return;
  out->type = "text/html; charset=utf-8";
  Buf *b = &out->body;
  char fy[64];
  Crumb crumbs[] = {{"共通KPIの比較", kpi ? "/compare" : NULL}, {kpi ? kpi->name : "", NULL}};
  html_begin(b, kpi ? kpi->name : "共通KPIの比較", crumbs, kpi ? 2 : 1);
  if (!kpi || !year) {
    buf_put(b, "<h1>共通KPIの団体間比較</h1>\n<p>国のDX施策に沿って各団体が報告する指標（共通KPI）"
               "について、計画を持つ団体を同じ年度で並べて比べます。</p>\n");
    selector(b, kpi, year);
    if (kpi) buf_put(b, "<p>このKPIの指標を持つ計画はありません。</p>\n");
    vocabulary(site, b);
    html_end(b);
    return;
  }
  Compare c;
  gather(site, kpi, year, &c);
  html_printf(b, "<h1>%s（%s）</h1>\n", kpi->name, fy_both(year, fy));
  selector(b, kpi, year);
  ReportSource src = {"", NULL, "", 0, 0};
  Report *rep = report_compare(&c, &src);
  report_html_sections(b, rep, 1);
  report_free(rep);
  html_printf(
      b,
      "<p>未公開の年度の実績は表示しません。同じ内容は "
      "<a href=\"/api/v1/compare?kpi=%u&amp;year=%d\">JSON API</a> でも取得できます。</p>\n",
      kpi->code, year);
  compare_free(&c);
  html_end(b);
}

void api_compare(const Site *site, const Req *r, Resp *out) {
  const KpiDef *kpi = NULL;
  int year = 0;
  if (read_args(site, r, out, 1, &kpi, &year)) return;
  Compare c;
  gather(site, kpi, year, &c);
  char *text = compare_json(&c);
  compare_free(&c);
  out->type = "application/json; charset=utf-8";
  out->cors = 1;
  buf_put(&out->body, text);
  free(text);
}
