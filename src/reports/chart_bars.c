/* SPDX-License-Identifier: Apache-2.0 */
/*
** chart_bars.c — a horizontal bar chart of rows (chart.h, ChartBars): the comparison of
** municipalities on a shared KPI, one bar per city's rate with a line at the target (100%).
** Like the other charts: geometry first (the PDF draws the same shapes), then inline SVG with
** a title and a description that say every bar in words; the numbers also stand in a table.
** Each row puts the city's name on its own line above its bar, so the chart keeps the other
** charts' width (400 units) and their 13-unit labels stay readable when a phone scales it down.
*/
#include "../model/text.h"
#include "chart.h"
#include "html.h"
#include <stdio.h>
#include <string.h>

#define BARS_W 400
#define PLOT_X 8
#define PLOT_W 290 /* room to its right for the value's text (「98.8% B」, 「計画期間外」) */
#define ROW_H 46   /* the name's line, then the bar */
#define BAR_Y 21   /* the bar's top within its row */
#define BAR_H 16
#define FONT 13
#define TOP 28
#define BOTTOM 6

/* Copy at most n - 1 bytes of s into buf, never cutting a UTF-8 character. */
static void copy_utf8(char *buf, size_t n, const char *s) {
  size_t len = strlen(s ? s : "");
  if (len >= n) {
    len = n - 1;
    while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
      len--;
  }
  memcpy(buf, s ? s : "", len);
  buf[len] = 0;
}

static void text(ChartGeom *g, int x, int y, int size, int middle, const char *s) {
  ChartShape *c = chart_shape(g, CS_TEXT, x, y, 0, 0);
  c->size = size;
  c->fill = "#1a1a1a";
  c->middle = middle;
  copy_utf8(c->text, sizeof c->text, s);
}

static double scale_max(const ChartBars *c) {
  double max = c->ref > 0 ? c->ref : 100;
  for (int i = 0; i < c->n; i++)
    if (!dec_is_none(c->bars[i].value) && dec_to_double(c->bars[i].value) > max)
      max = dec_to_double(c->bars[i].value);
  return max * 1.05;
}

int chart_bars_geom(const ChartBars *c, ChartGeom *g) {
  memset(g, 0, sizeof *g);
  if (!c || c->n == 0) return -1;
  double max = scale_max(c);
  g->w = BARS_W;
  g->h = TOP + c->n * ROW_H + BOTTOM;
  int x0 = PLOT_X, ref = x0 + (int)(c->ref / max * PLOT_W);
  chart_shape(g, CS_LINE, x0, TOP - 6, 0, c->n * ROW_H + 6)->stroke = "#4a4a4a";
  ChartShape *line = chart_shape(g, CS_LINE, ref, TOP - 6, 0, c->n * ROW_H + 6);
  line->stroke = "#1a56a8";
  line->dashed = 1;
  char t[32];
  text(g, x0, TOP - 12, FONT, 0, "0%");
  snprintf(t, sizeof t, "%d%%（目標）", c->ref);
  text(g, ref, TOP - 12, FONT, 1, t);
  for (int i = 0; i < c->n; i++) {
    const ChartBar *b = &c->bars[i];
    int y = TOP + i * ROW_H;
    text(g, x0 + 4, y + 15, FONT, 0, b->label);
    int w = 0;
    if (!dec_is_none(b->value) && dec_to_double(b->value) > 0) {
      w = (int)(dec_to_double(b->value) / max * PLOT_W);
      if (w < 1) w = 1;
      chart_shape(g, CS_RECT, x0, y + BAR_Y, w, BAR_H)->fill =
          b->slot >= 0 ? chart_fill(b->slot) : "#8a8f94";
    }
    text(g, x0 + w + 6, y + BAR_Y + BAR_H - 3, FONT, 0, b->value_text);
  }
  return 0;
}

void chart_bars(Buf *b, const ChartBars *c, const char *id) {
  ChartGeom g;
  if (chart_bars_geom(c, &g)) return;
  html_printf(b,
              "<figure><svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" "
              "height=\"%d\" aria-labelledby=\"%s-title %s-desc\"><title id=\"%s-title\">%s"
              "</title><desc id=\"%s-desc\">",
              g.w, g.h, g.w, g.h, id, id, id, c->title, id);
  for (int i = 0; i < c->n; i++)
    html_printf(b, "%s: %s。", c->bars[i].label, c->bars[i].value_text);
  buf_put(b, "</desc>");
  chart_svg_shapes(b, &g);
  chart_geom_free(&g);
  buf_put(b, "</svg><figcaption>図: 共通の方針による達成率。青い縦線が目標（100%）。"
             "数値は上の表のとおりです。</figcaption></figure>\n");
}
