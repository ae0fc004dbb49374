/* SPDX-License-Identifier: Apache-2.0 */
/*
** chart.c — charts from a plan's evaluation: first their geometry (a list of shapes, so the
** PDF reports draw exactly what the website shows), then that geometry as inline SVG for the
** website and the HTML reports, needing no script and no other server. Every SVG chart is
** role="img" with a title and a description that say in words what it shows (its value axis
** included), and the numbers also stand in a table; grades in a chart carry their symbol as
** text, so colour never carries a grade alone. Colours are SVG attributes (the website's
** Content-Security-Policy allows no inline style); the legend's swatches are classes .s0-.s4
** that the page's style sheet colours like the bars.
**
** Sizes: SVG text scales with the chart, so the chart is drawn narrow (CHART_W units) with
** 13-unit labels: on a 390 px phone it is shown about 340 px wide, and a label is still 11 CSS
** px; on a desktop the chart is shown at most 5/4 of its size. The value axis has round ticks
** (chart_axis.c) with gridlines and labels that carry the unit (80,000件, 50%).
*/
#include "chart.h"
#include "../model/numtext.h"
#include "../model/text.h"
#include "html.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHART_W 400
#define DIST_H 300   /* the distribution chart */
#define SERIES_H 252 /* an indicator's chart, its legend included */
#define PAD_R 10
#define PAD_T 16
#define YEARS_H 48  /* below the distribution's plot: era and Western year */
#define YEAR_H 30   /* below an indicator's plot: the era */
#define LEGEND_H 28 /* below that: the legend */
#define FONT 13     /* every label */
#define TICK_GAP 6  /* between a tick's label and the plot */
#define MAX_INTERVALS 5
#define INK "#1a1a1a"
#define AXIS_INK "#4a4a4a"
#define GRID_INK "#d4d4d4"

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
  size_t n = strlen(text);
  if (n >= sizeof c->text) n = text_utf8_cut(text, sizeof c->text - 1);
  memcpy(c->text, text, n);
  c->text[n] = 0;
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

/* ---- the value axis ---------------------------------------------------------------------- */

/* Where the plot is, and whether the unit follows each tick's number or stands above. */
typedef struct Axis {
  const ChartTicks *t;
  const char *unit; /* after each number; NULL when none or when it stands above */
  int above;        /* the unit is too long to repeat: 「単位: …」 above the axis */
  int left, right;  /* the plot's x range */
  int top, bottom;  /* its y range: t->hi at top, t->lo at bottom */
} Axis;

static int axis_y(const Axis *a, dec_t v) {
  double f = dec_to_double(a->t->hi - v) / dec_to_double(a->t->hi - a->t->lo);
  return a->top + (int)(f * (a->bottom - a->top) + 0.5);
}

/* Lay the axis out between top and bottom: the plot starts right of the widest label. */
static void axis_layout(Axis *a, const ChartTicks *t, const char *unit, int top, int bottom) {
  char label[96];
  int widest = 0;
  memset(a, 0, sizeof *a);
  a->t = t;
  if (unit && *unit && chart_text_width(unit, FONT) <= 3 * FONT)
    a->unit = unit;
  else if (unit && *unit)
    a->above = 1;
  for (int i = 0; i < t->n; i++) {
    int w = chart_text_width(chart_tick_label(t, i, a->unit, label, sizeof label), FONT);
    if (w > widest) widest = w;
  }
  a->left = widest + TICK_GAP + 4;
  a->right = CHART_W - PAD_R;
  a->top = top + (a->above ? FONT + 8 : 0);
  a->bottom = bottom;
}

/* Gridlines at every tick (the zero line darker), each tick's label left of the plot, and
   the unit above the axis when it is not after each number. */
static void axis_draw(ChartGeom *g, const Axis *a, const char *unit) {
  char label[96];
  if (a->above) {
    snprintf(label, sizeof label, "単位: %s", unit);
    add_text(g, 4, a->top - FONT - 2, FONT, INK, 0, label);
  }
  for (int i = 0; i < a->t->n; i++) {
    dec_t v = chart_tick(a->t, i);
    int y = axis_y(a, v);
    add_line(g, a->left, y, a->right, y, v == 0 ? AXIS_INK : GRID_INK);
    add_text(g, a->left - TICK_GAP, y + FONT * 2 / 5, FONT, INK, 0,
             chart_tick_label(a->t, i, a->unit, label, sizeof label));
    g->shapes[g->n - 1].end = 1;
  }
}

/* The axis in words, for the chart's description: 「縦軸は 0件 から 80,000件 まで、20,000件
   ごとの目盛りです。」 */
static void axis_words(Buf *b, const ChartGeom *g) {
  const ChartTicks *t = &g->axis;
  char lo[96], hi[96], step[NUMTEXT_MAX + 64];
  ChartTicks one = *t;
  one.lo = 0;
  chart_tick_label(t, 0, g->unit, lo, sizeof lo);
  chart_tick_label(t, t->n - 1, g->unit, hi, sizeof hi);
  chart_tick_label(&one, 1, g->unit, step, sizeof step);
  html_printf(b, "縦軸は %s から %s まで、%s ごとの目盛りです。", lo, hi, step);
}

/* ---- the charts' geometry ------------------------------------------------------------------ */

/* A stacked bar's segment label ("◎ 3"), when it fits inside the segment. */
static void segment_label(ChartGeom *g, int x, int top, int bar, int seg, const char *text) {
  if (seg >= FONT + 4 && chart_text_width(text, FONT) <= bar - 4)
    add_text(g, x + bar / 2, top + seg / 2 + FONT * 2 / 5, FONT, "#fff", 1, text);
}

int chart_distribution_geom(const Evaluation *ev, ChartGeom *g) {
  const Policy *pol = ev->policy;
  const Plan *p = ev->plan;
  int l = pol->headline_level;
  memset(g, 0, sizeof *g);
  if (l < 1 || l > p->nlevels) return -1;
  int ny = plan_years(p), max = 0;
  for (int y = p->first_year; y <= p->last_year; y++) {
    const LevelSummary *s = eval_level(ev, l, y);
    int total = 0;
    for (int gr = 0; gr < pol->ngrades; gr++)
      total += s->counts[gr];
    if (total > max) max = total;
  }
  if (chart_ticks(0, dec_from_int(max), MAX_INTERVALS, DEC_SCALE, &g->axis)) return -1;
  g->unit = "件";
  Axis a;
  axis_layout(&a, &g->axis, g->unit, PAD_T, DIST_H - YEARS_H);
  g->w = CHART_W;
  g->h = DIST_H;
  axis_draw(g, &a, g->unit);
  int slot = (a.right - a.left) / (ny ? ny : 1), bar = slot * 3 / 5;
  char t[64], fy[32];
  for (int i = 0; i < ny; i++) {
    int year = p->first_year + i, x = a.left + i * slot + (slot - bar) / 2, below = 0;
    const LevelSummary *s = eval_level(ev, l, year);
    for (int gr = 0; gr < pol->ngrades; gr++) {
      if (!s->counts[gr]) continue;
      int base = axis_y(&a, dec_from_int(below)),
          top = axis_y(&a, dec_from_int(below + s->counts[gr]));
      below += s->counts[gr];
      if (top >= base) top = base - 1;
      add_rect(g, x, top, bar, base - top, chart_fill(gr));
      snprintf(t, sizeof t, "%s %d", pol->grades[gr].symbol, s->counts[gr]);
      segment_label(g, x, top, bar, base - top, t);
    }
    add_text(g, x + bar / 2, a.bottom + 20, FONT, INK, 1, fy_era_short(year, fy));
    snprintf(t, sizeof t, "%d", year);
    add_text(g, x + bar / 2, a.bottom + 38, FONT, AXIS_INK, 1, t);
  }
  return 0;
}

/* The smallest and largest target or actual of a row of plans' indicators; 0 when none. */
static int series_range(const Evaluation *const *evs, const int *inds, int n, dec_t *min,
                        dec_t *max, int *ny) {
  int any = 0;
  *ny = 0;
  *min = *max = 0;
  for (int s = 0; s < n; s++) {
    const Plan *p = evs[s]->plan;
    *ny += plan_years(p);
    for (int y = p->first_year; y <= p->last_year; y++)
      for (int k = VK_TARGET; k <= VK_ACTUAL; k++) {
        dec_t d = eval_num(evs[s], inds[s], y, k);
        if (dec_is_none(d)) continue;
        if (!any || d < *min) *min = d;
        if (!any || d > *max) *max = d;
        any = 1;
      }
  }
  return any;
}

/* One value's bar, from zero up (or down, for a negative value); nothing for zero. */
static void value_bar(ChartGeom *g, const Axis *a, int x, int bar, dec_t d, int target) {
  if (dec_is_none(d) || d == 0) return;
  int zero = axis_y(a, 0), y = axis_y(a, d);
  int top = y < zero ? y : zero, h = y < zero ? zero - y : y - zero;
  if (h < 1) h = 1;
  if (target)
    add_target_rect(g, x, top, bar, h);
  else
    add_rect(g, x, top, bar, h, "#1e6b34");
}

/* The legend below an indicator's chart: the target's outline and the actual's fill. */
static void series_legend(ChartGeom *g) {
  static const char target[] = "目標（点線の枠）", actual[] = "実績（塗り）";
  int y = SERIES_H - LEGEND_H + 6, x2 = 8 + 20 + chart_text_width(target, FONT) + 20;
  add_target_rect(g, 8, y, 14, 14);
  add_text(g, 8 + 20, y + 12, FONT, INK, 0, target);
  add_rect(g, x2, y, 14, 14, "#1e6b34");
  add_text(g, x2 + 20, y + 12, FONT, INK, 0, actual);
}

/* Targets and actuals per year of one indicator, or of a row of them across plans (an
   initiative's predecessor plan, then its own), with a vertical line where a plan begins. */
static int series_geom(const Evaluation *const *evs, const int *inds, int n, ChartGeom *g) {
  int ny;
  dec_t min, max;
  memset(g, 0, sizeof *g);
  if (!series_range(evs, inds, n, &min, &max, &ny)) return -1; /* the table says it all */
  if (min == 0 && max == 0) return -1;
  if (chart_ticks(min, max, MAX_INTERVALS, 1, &g->axis)) return -1;
  const char *unit = evs[n - 1]->plan->inds[inds[n - 1]].unit;
  g->unit = unit && *unit ? unit : NULL;
  Axis a;
  axis_layout(&a, &g->axis, g->unit, PAD_T, SERIES_H - LEGEND_H - YEAR_H);
  g->w = CHART_W;
  g->h = SERIES_H;
  axis_draw(g, &a, g->unit);
  int slot = (a.right - a.left) / (ny ? ny : 1), bar = slot / 3;
  /* many years (a row of plans): every other year's label, so that none overlaps */
  int every = slot >= chart_text_width("H30", FONT) + 6 ? 1 : 2;
  char fy[64];
  for (int s = 0, i = 0; s < n; s++) {
    const Plan *p = evs[s]->plan;
    if (s) add_line(g, a.left + i * slot, a.top, a.left + i * slot, a.bottom, AXIS_INK);
    for (int year = p->first_year; year <= p->last_year; year++, i++) {
      int x = a.left + i * slot + slot / 6;
      value_bar(g, &a, x, bar, eval_num(evs[s], inds[s], year, VK_TARGET), 1);
      value_bar(g, &a, x + bar, bar, eval_num(evs[s], inds[s], year, VK_ACTUAL), 0);
      if (i % every == 0) add_text(g, x + bar, a.bottom + 20, FONT, INK, 1, fy_era_short(year, fy));
    }
  }
  series_legend(g);
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
                  c->size, c->fill,
                  c->middle ? " text-anchor=\"middle\""
                  : c->end  ? " text-anchor=\"end\""
                            : "",
                  c->text);
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
              g.w, g.h, g.w * 5 / 4, g.h * 5 / 4, id, id, id, p->levels[l - 1], id);
  dist_desc(b, ev, l);
  axis_words(b, &g);
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
  char fy[64], t[NUMTEXT_MAX + 64];
  html_printf(b,
              "<figure><svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" "
              "height=\"%d\" aria-labelledby=\"%s-title %s-desc\"><title id=\"%s-title\">%s の"
              "目標と実績（年度別の棒グラフ）</title><desc id=\"%s-desc\">",
              g.w, g.h, g.w * 5 / 4, g.h * 5 / 4, id, id, id, in->name, id);
  for (int y = p->first_year; y <= p->last_year; y++) {
    dec_t tg = eval_num(ev, ind, y, VK_TARGET), ac = eval_num(ev, ind, y, VK_ACTUAL);
    html_printf(b, "%s: 目標 %s", fy_both(y, fy),
                dec_is_none(tg) ? "なし" : num_with_unit(tg, -1, g.unit, t, sizeof t));
    html_printf(b, "、実績 %s。",
                dec_is_none(ac) ? "なし" : num_with_unit(ac, -1, g.unit, t, sizeof t));
  }
  axis_words(b, &g);
  buf_put(b, "</desc>");
  svg_shapes(b, &g);
  chart_geom_free(&g);
  buf_put(b,
          "</svg><figcaption>図: 目標と実績。数値は上の表のとおりです。</figcaption></figure>\n");
}

void chart_history(Buf *b, const Evaluation *const *evs, const int *inds, int n, const char *id) {
  ChartGeom g;
  if (chart_history_geom(evs, inds, n, &g)) return;
  char fy[64], t[NUMTEXT_MAX + 64];
  const Indicator *in = &evs[n - 1]->plan->inds[inds[n - 1]];
  html_printf(b,
              "<figure><svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" "
              "height=\"%d\" aria-labelledby=\"%s-title %s-desc\"><title id=\"%s-title\">%s の"
              "目標と実績（前の計画から続けた年度別の棒グラフ）</title><desc id=\"%s-desc\">",
              g.w, g.h, g.w * 5 / 4, g.h * 5 / 4, id, id, id, in->name, id);
  for (int s = 0; s < n; s++) {
    const Plan *p = evs[s]->plan;
    html_printf(b, "%s（%s）: ", p->name, p->id);
    for (int y = p->first_year; y <= p->last_year; y++) {
      dec_t tg = eval_num(evs[s], inds[s], y, VK_TARGET),
            ac = eval_num(evs[s], inds[s], y, VK_ACTUAL);
      html_printf(b, "%s 目標 %s", fy_both(y, fy),
                  dec_is_none(tg) ? "なし" : num_with_unit(tg, -1, g.unit, t, sizeof t));
      html_printf(b, "、実績 %s。",
                  dec_is_none(ac) ? "なし" : num_with_unit(ac, -1, g.unit, t, sizeof t));
    }
  }
  axis_words(b, &g);
  buf_put(b, "</desc>");
  svg_shapes(b, &g);
  chart_geom_free(&g);
  buf_put(b, "</svg><figcaption>図: 前の計画とこの計画の目標と実績。縦線から右がこの計画です。"
             "数値は上の表のとおりです。</figcaption></figure>\n");
}
