/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_html.c — a report as one self-contained HTML file: styles embedded, no script, no
** external request (charts are inline SVG), Japanese, accessible (JIS X 8341-3 AA / WCAG 2.1
** AA: captions, th with scope, text alternatives for charts, landmarks) and printable on A4
** in the report's orientation: table headers repeat on every page and each section starts a
** new page.
*/
#include "chart.h"
#include "html.h"
#include "report.h"

static const char style[] =
    "body{font-family:\"Noto Sans CJK JP\",\"Hiragino Sans\",\"Yu Gothic\",\"Meiryo\","
    "sans-serif;color:#1a1a1a;background:#fff;margin:1.5rem;line-height:1.6}\n"
    "h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.25rem;border-bottom:2px solid #1a56a8;"
    "padding-bottom:.2rem}h3{font-size:1.05rem}\n"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;font-size:.9rem;"
    "margin:0 0 1rem}dl.meta dt{font-weight:bold}dl.meta dd{margin:0}\n"
    "table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}\n"
    "caption{text-align:left;font-weight:bold;padding:.25rem 0}\n"
    "th,td{border:1px solid #767676;padding:.2rem .4rem;vertical-align:top}\n"
    "thead th{background:#e8eef7}tbody th{text-align:left;font-weight:normal;background:#f6f6f6}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "figure{margin:1rem 0}svg.chart{max-width:100%;height:auto;border:1px solid #767676}\n"
    "ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}\n"
    ".swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;"
    "vertical-align:middle;border:1px solid #1a1a1a}\n"
    ".s0{background:#1e6b34}.s1{background:#1a56a8}.s2{background:#8a4b00}"
    ".s3{background:#555b61}.s4{background:#6b3fa0}\n"
    "@media print{body{margin:0;font-size:10pt}thead{display:table-header-group}"
    "tr,figure{break-inside:avoid}section+section{break-before:page}}\n";

static void write_table(Buf *b, const RTable *t, int scroll) {
  if (scroll) buf_put(b, "<div class=\"scroll\">");
  html_printf(b, "<table>\n<caption>%s</caption>\n<thead><tr>", t->caption);
  for (int c = 0; c < t->ncols; c++)
    html_printf(b, "<th scope=\"col\">%s</th>", t->cells[c].text);
  buf_put(b, "</tr></thead>\n<tbody>\n");
  for (int r = 1; r < t->nrows; r++) {
    buf_put(b, "<tr>");
    for (int c = 0; c < t->ncols; c++) {
      const RCell *cell = &t->cells[r * t->ncols + c];
      if (c == 0 && t->row_header)
        html_printf(b, "<th scope=\"row\">%s</th>", cell->text);
      else
        html_printf(b, "<td%r>%s</td>", dec_is_none(cell->num) ? "" : " class=\"num\"", cell->text);
    }
    buf_put(b, "</tr>\n");
  }
  buf_put(b, scroll ? "</tbody>\n</table></div>\n" : "</tbody>\n</table>\n");
}

static void write_block(Buf *b, const Report *r, const RBlock *bl, int sec, int k, int scroll) {
  char id[32];
  snprintf(id, sizeof id, "c%d-%d", sec, k);
  switch (bl->type) {
  case RB_PARA:
    html_printf(b, "<p>%s</p>\n", bl->text);
    break;
  case RB_HEADING:
    html_printf(b, "<h3>%s</h3>\n", bl->text);
    break;
  case RB_TABLE:
    write_table(b, bl->table, scroll);
    break;
  case RB_CHART_DIST:
    chart_distribution(b, r->ev, id);
    break;
  case RB_CHART_IND:
    chart_indicator(b, r->ev, bl->ind, id);
    break;
  case RB_CHART_BARS:
    chart_bars(b, bl->bars, id);
    break;
  }
}

void report_html_sections(Buf *b, const Report *r, int scroll) {
  for (int s = 0; s < r->nsections; s++) {
    const RSection *sec = &r->sections[s];
    html_printf(b, "<section aria-labelledby=\"s%d\">\n<h2 id=\"s%d\">%s</h2>\n", s, s, sec->title);
    for (int k = 0; k < sec->nblocks; k++)
      write_block(b, r, &sec->blocks[k], s, k, scroll);
    buf_put(b, "</section>\n");
  }
}

void report_write_html(const Report *r, FILE *out) {
  Buf b = {0};
  html_printf(&b,
              "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<title>%s</title>\n<style>\n@page{size:%r %r;margin:12mm}\n%r</style>\n"
              "</head>\n<body>\n<header>\n<h1>%s</h1>\n<dl class=\"meta\">\n",
              r->title, r->a3 ? "A3" : "A4", r->portrait ? "portrait" : "landscape", style,
              r->title);
  for (int i = 0; i < r->nmeta; i++)
    html_printf(&b, "<dt>%s</dt><dd>%s</dd>\n", r->meta[i].key, r->meta[i].value);
  buf_put(&b, "</dl>\n</header>\n<main>\n");
  report_html_sections(&b, r, 0);
  buf_put(&b, "</main>\n<footer><p>進捗 Shinchoku が、取り込まれたデータと計画の評価方針から"
              "作成しました。</p></footer>\n</body>\n</html>\n");
  if (b.s) fwrite(b.s, 1, b.len, out);
  buf_free(&b);
}
