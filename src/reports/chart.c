/* SPDX-License-Identifier: Apache-2.0 */
/*
** chart.c — charts drawn as inline SVG from a plan's evaluation, for the website and the
** committee reports, so they need no script and no other server. Every chart is role="img" with a
*title and a description that say in words what
** it shows, and the numbers also stand in a table; grades in a chart carry their symbol as
** text, so colour never carries a grade alone. Colours are SVG attributes (the website's
** Content-Security-Policy allows no inline style); the legend's swatches are classes .s0-.s4
** that the page's style sheet colours like the bars.
*/
#include "chart.h"
#include "../model/text.h"
#include "html.h"

#define CHART_W 640
#define CHART_H 300
#define PAD_L 48
#define PAD_R 16
#define PAD_T 16
#define PAD_B 40
#define LEGEND_H 28

/* Fill colours by grade slot (as .g0-.g4 in the style sheet), dark enough for white text. */
static const char *const fills[5] = {"#1e6b34", "#1a56a8", "#8a4b00", "#555b61", "#6b3fa0"};

static const char *fill_of(int g) {
  return fills[g < 4 ? g : 4];
}

static void dist_table(Buf *b, const Evaluation *ev, int l) {
  const Policy *pol = ev->policy;
  const Plan *p = ev->plan;
  char fy[64];
  html_printf(b,
              "<div class=\"scroll\"><table><caption>%s別の判定の件数（年度別）</caption>"
              "<thead><tr><th scope=\"col\">年度</th>",
              p->levels[l - 1]);
  for (int g = 0; g < pol->ngrades; g++)
    html_printf(b, "<th scope=\"col\">%s %s</th>", pol->grades[g].symbol,
                pol->grades[g].label ? pol->grades[g].label : "");
  buf_put(b, "<th scope=\"col\">対象</th></tr></thead><tbody>\n");
  for (int y = p->first_year; y <= p->last_year; y++) {
    const LevelSummary *s = eval_level(ev, l, y);
    html_printf(b, "<tr><th scope=\"row\">%s</th>", fy_both(y, fy));
    for (int g = 0; g < pol->ngrades; g++)
      html_printf(b, "<td class=\"num\">%d</td>", s->counts[g]);
    html_printf(b, "<td class=\"num\">%d</td></tr>\n", s->in_scope);
  }
  buf_put(b, "</tbody></table></div>\n");
}

static void dist_desc(Buf *b, const Evaluation *ev, int l) {
  const Policy *pol = ev->policy;
  char fy[64];
  for (int y = ev->plan->first_year; y <= ev->plan->last_year; y++) {
    const LevelSummary *s = eval_level(ev, l, y);
    html_printf(b, "%s: ", fy_both(y, fy));
    int any = 0;
    for (int g = 0; g < pol->ngrades; g++)
      if (s->counts[g]) {
        html_printf(b, "%r%s %d件", any ? "、" : "", pol->grades[g].symbol, s->counts[g]);
        any = 1;
      }
    buf_put(b, any ? "。" : "判定なし。");
  }
}

/* The legend as HTML after the chart: it wraps on narrow screens, and symbol and label are
   text. */
static void legend(Buf *b, const Policy *pol) {
  buf_put(b, "<ul class=\"legend\" aria-label=\"凡例\">");
  for (int g = 0; g < pol->ngrades; g++)
    html_printf(b, "<li><span class=\"swatch s%d\"></span>%s %s</li>", g < 4 ? g : 4,
                pol->grades[g].symbol, pol->grades[g].label ? pol->grades[g].label : "");
  buf_put(b, "</ul>");
}

void chart_distribution(Buf *b, const Evaluation *ev, const char *id) {
  const Policy *pol = ev->policy;
  const Plan *p = ev->plan;
  int l = pol->headline_level;
  if (l < 1 || l > p->nlevels) return;
  int ny = plan_years(p), max = 1;
  for (int y = p->first_year; y <= p->last_year; y++) {
    const LevelSummary *s = eval_level(ev, l, y);
    int total = 0;
    for (int g = 0; g < pol->ngrades; g++)
      total += s->counts[g];
    if (total > max) max = total;
  }
  int h = CHART_H, plot_h = CHART_H - PAD_T - PAD_B;
  int slot = (CHART_W - PAD_L - PAD_R) / (ny ? ny : 1), bar = slot * 3 / 5;
  html_printf(b,
              "<figure><svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" "
              "height=\"%d\" aria-labelledby=\"%s-title %s-desc\"><title id=\"%s-title\">%s"
              "別の達成状況の分布（年度別の積み上げ棒グラフ）</title><desc id=\"%s-desc\">",
              CHART_W, h, CHART_W, h, id, id, id, p->levels[l - 1], id);
  dist_desc(b, ev, l);
  buf_put(b, "</desc>");
  html_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4a4a4a\"/>", PAD_L,
              PAD_T + plot_h, CHART_W - PAD_R, PAD_T + plot_h);
  html_printf(b, "<text x=\"4\" y=\"%d\" font-size=\"12\" fill=\"#1a1a1a\">%d件</text>", PAD_T + 10,
              max);
  char fy[32];
  for (int i = 0; i < ny; i++) {
    int year = p->first_year + i, x = PAD_L + i * slot + (slot - bar) / 2;
    const LevelSummary *s = eval_level(ev, l, year);
    int base = PAD_T + plot_h;
    for (int g = 0; g < pol->ngrades; g++) {
      if (!s->counts[g]) continue;
      int seg = s->counts[g] * plot_h / max;
      if (seg < 1) seg = 1;
      base -= seg;
      html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%r\"/>", x, base,
                  bar, seg, fill_of(g));
      if (seg >= 16)
        html_printf(b,
                    "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#fff\" "
                    "text-anchor=\"middle\">%s %d</text>",
                    x + bar / 2, base + seg / 2 + 5, pol->grades[g].symbol, s->counts[g]);
    }
    html_printf(b,
                "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1a1a1a\" "
                "text-anchor=\"middle\">%s</text>",
                x + bar / 2, PAD_T + plot_h + 18, fy_era_short(year, fy));
    html_printf(b,
                "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#4a4a4a\" "
                "text-anchor=\"middle\">%d</text>",
                x + bar / 2, PAD_T + plot_h + 32, year);
  }
  buf_put(b, "</svg>");
  legend(b, pol);
  html_printf(b,
              "<figcaption>図: %s別の判定の件数。数値は次の表のとおりです。</figcaption>"
              "</figure>\n",
              p->levels[l - 1]);
  dist_table(b, ev, l);
}

void chart_indicator(Buf *b, const Evaluation *ev, int ind, const char *id) {
  const Plan *p = ev->plan;
  const Indicator *in = &p->inds[ind];
  int ny = plan_years(p);
  double max = 0;
  int any = 0;
  for (int y = p->first_year; y <= p->last_year; y++)
    for (int k = VK_TARGET; k <= VK_ACTUAL; k++) {
      dec_t d = eval_num(ev, ind, y, k);
      if (dec_is_none(d)) continue;
      any = 1;
      if (dec_to_double(d) > max) max = dec_to_double(d);
    }
  if (!any || max <= 0) return; /* nothing to draw; the table says it all */
  int w = CHART_W, h = 220 + LEGEND_H, plot_h = 220 - PAD_T - PAD_B;
  int slot = (w - PAD_L - PAD_R) / (ny ? ny : 1), bar = slot / 3;
  char fy[64], t[DEC_MAX_TEXT];
  html_printf(b,
              "<figure><svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" "
              "height=\"%d\" aria-labelledby=\"%s-title %s-desc\"><title id=\"%s-title\">%s の"
              "目標と実績（年度別の棒グラフ）</title><desc id=\"%s-desc\">",
              w, h, w, h, id, id, id, in->name, id);
  for (int y = p->first_year; y <= p->last_year; y++) {
    dec_t tg = eval_num(ev, ind, y, VK_TARGET), ac = eval_num(ev, ind, y, VK_ACTUAL);
    html_printf(b, "%s: 目標 %s", fy_both(y, fy), dec_is_none(tg) ? "なし" : dec_format(tg, -1, t));
    html_printf(b, "、実績 %s。", dec_is_none(ac) ? "なし" : dec_format(ac, -1, t));
  }
  buf_put(b, "</desc>");
  html_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4a4a4a\"/>", PAD_L,
              PAD_T + plot_h, w - PAD_R, PAD_T + plot_h);
  for (int i = 0; i < ny; i++) {
    int year = p->first_year + i, x = PAD_L + i * slot + slot / 6;
    for (int k = VK_TARGET; k <= VK_ACTUAL; k++) {
      dec_t d = eval_num(ev, ind, year, k);
      if (dec_is_none(d) || d <= 0) continue;
      int bh = (int)(dec_to_double(d) / max * plot_h);
      if (bh < 1) bh = 1;
      int bx = x + (k == VK_ACTUAL ? bar : 0);
      if (k == VK_TARGET)
        html_printf(b,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#ffffff\" "
                    "stroke=\"#1a56a8\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>",
                    bx, PAD_T + plot_h - bh, bar, bh);
      else
        html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#1e6b34\"/>", bx,
                    PAD_T + plot_h - bh, bar, bh);
    }
    html_printf(b,
                "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1a1a1a\" "
                "text-anchor=\"middle\">%s</text>",
                x + bar, PAD_T + plot_h + 18, fy_era_short(year, fy));
  }
  html_printf(b,
              "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"#ffffff\" "
              "stroke=\"#1a56a8\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>"
              "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">目標（点線の枠）</text>"
              "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"#1e6b34\"/>"
              "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1a1a1a\">実績（塗り）</text>",
              PAD_L, 220, PAD_L + 18, 232, PAD_L + 160, 220, PAD_L + 178, 232);
  buf_put(b,
          "</svg><figcaption>図: 目標と実績。数値は上の表のとおりです。</figcaption></figure>\n");
}
