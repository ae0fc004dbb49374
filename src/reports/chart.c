/* SPDX-License-Identifier: Apache-2.0 */
/*
** chart.c — charts from a plan's evaluation: first their geometry (a list of shapes, so the
** PDF reports draw exactly what the website shows), then that geometry as inline SVG for the
** website and the HTML reports, needing no script and no other server. Every SVG chart is
** role="img" with a title and a description that say in words what it shows, and the numbers also
*stand in a table; grades in a chart carry their symbol as
** text, so colour never carries a grade alone. Colours are SVG attributes (the website's
** Content-Security-Policy allows no inline style); the legend's swatches are classes .s0-.s4
** that the page's style sheet colours like the bars.
*/
#include "chart.h"
#include "../model/text.h"
#include "html.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHART_W 640
#define CHART_H 300
#define PAD_L 48
#define PAD_R 16
#define PAD_T 16
#define PAD_B 40
#define LEGEND_H 28

/* Fill colours by grade slot (as .g0-.g4 in the style sheet), dark enough for white text. */
static const char *const fills[5] = {"#1e6b34", "#1a56a8", "#8a4b00", "#555b61", "#6b3fa0"};

const char *chart_fill(int g) {
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

static ChartShape *add_shape(ChartGeom *g, int type, int x, int y, int w, int h) {
  VEC_PUSH(g->shapes, g->n, g->cap);
  ChartShape *c = &g->shapes[g->n++];
  memset(c, 0, sizeof *c);
  *c = (ChartShape){.type = type, .x = x, .y = y, .w = w, .h = h};
  return c;
}

ChartShape *chart_shape(ChartGeom *g, int type, int x, int y, int w, int h) {
  return add_shape(g, type, x, y, w, h);
}

static void add_line(ChartGeom *g, int x1, int y1, int x2, int y2, const char *stroke) {
  add_shape(g, CS_LINE, x1, y1, x2 - x1, y2 - y1)->stroke = stroke;
}

static ChartShape *add_rect(ChartGeom *g, int x, int y, int w, int h, const char *fill) {
  ChartShape *c = add_shape(g, CS_RECT, x, y, w, h);
  c->fill = fill;
  return c;
}

static void add_text(ChartGeom *g, int x, int y, int size, const char *fill, int middle,
                     const char *text) {
  ChartShape *c = add_shape(g, CS_TEXT, x, y, 0, 0);
  c->size = size;
  c->fill = fill;
  c->middle = middle;
  snprintf(c->text, sizeof c->text, "%s", text);
}

/* A target's bar: an outline, dashed, so it does not read as an actual. */
static void add_target_rect(ChartGeom *g, int x, int y, int w, int h) {
  ChartShape *c = add_rect(g, x, y, w, h, "#ffffff");
  c->stroke = "#1a56a8";
  c->stroke_width = 2;
  c->dashed = 1;
}

void chart_geom_free(ChartGeom *g) {
  free(g->shapes);
  memset(g, 0, sizeof *g);
}

int chart_distribution_geom(const Evaluation *ev, ChartGeom *g) {
  const Policy *pol = ev->policy;
  const Plan *p = ev->plan;
  int l = pol->headline_level;
  memset(g, 0, sizeof *g);
  if (l < 1 || l > p->nlevels) return -1;
  int ny = plan_years(p), max = 1;
  for (int y = p->first_year; y <= p->last_year; y++) {
    const LevelSummary *s = eval_level(ev, l, y);
    int total = 0;
    for (int gr = 0; gr < pol->ngrades; gr++)
      total += s->counts[gr];
    if (total > max) max = total;
  }
  int plot_h = CHART_H - PAD_T - PAD_B;
  int slot = (CHART_W - PAD_L - PAD_R) / (ny ? ny : 1), bar = slot * 3 / 5;
  char t[64], fy[32];
  g->w = CHART_W;
  g->h = CHART_H;
  add_line(g, PAD_L, PAD_T + plot_h, CHART_W - PAD_R, PAD_T + plot_h, "#4a4a4a");
  snprintf(t, sizeof t, "%d件", max);
  add_text(g, 4, PAD_T + 10, 12, "#1a1a1a", 0, t);
  for (int i = 0; i < ny; i++) {
    int year = p->first_year + i, x = PAD_L + i * slot + (slot - bar) / 2;
    const LevelSummary *s = eval_level(ev, l, year);
    int base = PAD_T + plot_h;
    for (int gr = 0; gr < pol->ngrades; gr++) {
      if (!s->counts[gr]) continue;
      int seg = s->counts[gr] * plot_h / max;
      if (seg < 1) seg = 1;
      base -= seg;
      add_rect(g, x, base, bar, seg, chart_fill(gr));
      snprintf(t, sizeof t, "%s %d", pol->grades[gr].symbol, s->counts[gr]);
      if (seg >= 16) add_text(g, x + bar / 2, base + seg / 2 + 5, 12, "#fff", 1, t);
    }
    add_text(g, x + bar / 2, PAD_T + plot_h + 18, 12, "#1a1a1a", 1, fy_era_short(year, fy));
    snprintf(t, sizeof t, "%d", year);
    add_text(g, x + bar / 2, PAD_T + plot_h + 32, 11, "#4a4a4a", 1, t);
  }
  return 0;
}

/* Targets and actuals per year of one indicator, or of a row of them across plans (an
   initiative's predecessor plan, then its own), with a vertical line where a plan begins. */
static int series_geom(const Evaluation *const *evs, const int *inds, int n, ChartGeom *g) {
  int ny = 0, any = 0;
  double max = 0;
  memset(g, 0, sizeof *g);
  for (int s = 0; s < n; s++) {
    const Plan *p = evs[s]->plan;
    ny += plan_years(p);
    for (int y = p->first_year; y <= p->last_year; y++)
      for (int k = VK_TARGET; k <= VK_ACTUAL; k++) {
        dec_t d = eval_num(evs[s], inds[s], y, k);
        if (dec_is_none(d)) continue;
        any = 1;
        if (dec_to_double(d) > max) max = dec_to_double(d);
      }
  }
  if (!any || max <= 0) return -1; /* nothing to draw; the table says it all */
  int w = CHART_W, plot_h = 220 - PAD_T - PAD_B;
  int slot = (w - PAD_L - PAD_R) / (ny ? ny : 1), bar = slot / 3;
  char fy[64];
  g->w = w;
  g->h = 220 + LEGEND_H;
  add_line(g, PAD_L, PAD_T + plot_h, w - PAD_R, PAD_T + plot_h, "#4a4a4a");
  for (int s = 0, i = 0; s < n; s++) {
    const Plan *p = evs[s]->plan;
    if (s) add_line(g, PAD_L + i * slot, PAD_T, PAD_L + i * slot, PAD_T + plot_h, "#4a4a4a");
    for (int year = p->first_year; year <= p->last_year; year++, i++) {
      int x = PAD_L + i * slot + slot / 6;
      for (int k = VK_TARGET; k <= VK_ACTUAL; k++) {
        dec_t d = eval_num(evs[s], inds[s], year, k);
        if (dec_is_none(d) || d <= 0) continue;
        int bh = (int)(dec_to_double(d) / max * plot_h);
        if (bh < 1) bh = 1;
        int bx = x + (k == VK_ACTUAL ? bar : 0);
        if (k == VK_TARGET)
          add_target_rect(g, bx, PAD_T + plot_h - bh, bar, bh);
        else
          add_rect(g, bx, PAD_T + plot_h - bh, bar, bh, "#1e6b34");
      }
      add_text(g, x + bar, PAD_T + plot_h + 18, 12, "#1a1a1a", 1, fy_era_short(year, fy));
    }
  }
  add_target_rect(g, PAD_L, 220, 14, 14);
  add_text(g, PAD_L + 18, 232, 13, "#1a1a1a", 0, "目標（点線の枠）");
  add_rect(g, PAD_L + 160, 220, 14, 14, "#1e6b34");
  add_text(g, PAD_L + 178, 232, 13, "#1a1a1a", 0, "実績（塗り）");
  return 0;
}

int chart_indicator_geom(const Evaluation *ev, int ind, ChartGeom *g) {
  return series_geom(&ev, &ind, 1, g);
}

int chart_history_geom(const Evaluation *const *evs, const int *inds, int n, ChartGeom *g) {
  return series_geom(evs, inds, n, g);
}

/* The shapes as SVG elements, colours as attributes. */
static void svg_shapes(Buf *b, const ChartGeom *g) {
  for (int i = 0; i < g->n; i++) {
    const ChartShape *c = &g->shapes[i];
    if (c->type == CS_LINE) {
      html_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%r\"/>", c->x, c->y,
                  c->x + c->w, c->y + c->h, c->stroke);
    } else if (c->type == CS_RECT) {
      html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%r\"", c->x, c->y,
                  c->w, c->h, c->fill);
      if (c->stroke)
        html_printf(b, " stroke=\"%r\" stroke-width=\"%d\"%r", c->stroke, c->stroke_width,
                    c->dashed ? " stroke-dasharray=\"4 2\"" : "");
      buf_put(b, "/>");
    } else {
      html_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" fill=\"%r\"%r>%s</text>", c->x, c->y,
                  c->size, c->fill, c->middle ? " text-anchor=\"middle\"" : "", c->text);
    }
  }
}

void chart_svg_shapes(Buf *b, const ChartGeom *g) {
  svg_shapes(b, g);
}

void chart_distribution(Buf *b, const Evaluation *ev, const char *id) {
  const Plan *p = ev->plan;
  ChartGeom g;
  if (chart_distribution_geom(ev, &g)) return;
  int l = ev->policy->headline_level;
  html_printf(b,
              "<figure><svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" "
              "height=\"%d\" aria-labelledby=\"%s-title %s-desc\"><title id=\"%s-title\">%s"
              "別の達成状況の分布（年度別の積み上げ棒グラフ）</title><desc id=\"%s-desc\">",
              g.w, g.h, g.w, g.h, id, id, id, p->levels[l - 1], id);
  dist_desc(b, ev, l);
  buf_put(b, "</desc>");
  svg_shapes(b, &g);
  chart_geom_free(&g);
  buf_put(b, "</svg>");
  legend(b, ev->policy);
  html_printf(b,
              "<figcaption>図: %s別の判定の件数。数値は次の表のとおりです。</figcaption>"
              "</figure>\n",
              p->levels[l - 1]);
  dist_table(b, ev, l);
}

void chart_indicator(Buf *b, const Evaluation *ev, int ind, const char *id) {
  const Plan *p = ev->plan;
  const Indicator *in = &p->inds[ind];
  ChartGeom g;
  if (chart_indicator_geom(ev, ind, &g)) return;
  char fy[64], t[DEC_MAX_TEXT];
  html_printf(b,
              "<figure><svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" "
              "height=\"%d\" aria-labelledby=\"%s-title %s-desc\"><title id=\"%s-title\">%s の"
              "目標と実績（年度別の棒グラフ）</title><desc id=\"%s-desc\">",
              g.w, g.h, g.w, g.h, id, id, id, in->name, id);
  for (int y = p->first_year; y <= p->last_year; y++) {
    dec_t tg = eval_num(ev, ind, y, VK_TARGET), ac = eval_num(ev, ind, y, VK_ACTUAL);
    html_printf(b, "%s: 目標 %s", fy_both(y, fy), dec_is_none(tg) ? "なし" : dec_format(tg, -1, t));
    html_printf(b, "、実績 %s。", dec_is_none(ac) ? "なし" : dec_format(ac, -1, t));
  }
  buf_put(b, "</desc>");
  svg_shapes(b, &g);
  chart_geom_free(&g);
  buf_put(b,
          "</svg><figcaption>図: 目標と実績。数値は上の表のとおりです。</figcaption></figure>\n");
}

void chart_history(Buf *b, const Evaluation *const *evs, const int *inds, int n, const char *id) {
  ChartGeom g;
  if (chart_history_geom(evs, inds, n, &g)) return;
  char fy[64], t[DEC_MAX_TEXT];
  const Indicator *in = &evs[n - 1]->plan->inds[inds[n - 1]];
  html_printf(b,
              "<figure><svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" "
              "height=\"%d\" aria-labelledby=\"%s-title %s-desc\"><title id=\"%s-title\">%s の"
              "目標と実績（前の計画から続けた年度別の棒グラフ）</title><desc id=\"%s-desc\">",
              g.w, g.h, g.w, g.h, id, id, id, in->name, id);
  for (int s = 0; s < n; s++) {
    const Plan *p = evs[s]->plan;
    html_printf(b, "%s（%s）: ", p->name, p->id);
    for (int y = p->first_year; y <= p->last_year; y++) {
      dec_t tg = eval_num(evs[s], inds[s], y, VK_TARGET),
            ac = eval_num(evs[s], inds[s], y, VK_ACTUAL);
      html_printf(b, "%s 目標 %s", fy_both(y, fy),
                  dec_is_none(tg) ? "なし" : dec_format(tg, -1, t));
      html_printf(b, "、実績 %s。", dec_is_none(ac) ? "なし" : dec_format(ac, -1, t));
    }
  }
  buf_put(b, "</desc>");
  svg_shapes(b, &g);
  chart_geom_free(&g);
  buf_put(b, "</svg><figcaption>図: 前の計画とこの計画の目標と実績。縦線から右がこの計画です。"
             "数値は上の表のとおりです。</figcaption></figure>\n");
}
