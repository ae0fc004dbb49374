/* SPDX-License-Identifier: Apache-2.0 */
/*
** pdf_chart.c — a report chart in the PDF, as vector graphics: the shapes chart.c computes
** for the SVG chart (so both show the same bars from the same numbers), scaled to the page,
** framed, with the distribution chart's legend (symbol and label beside each colour) and the
** chart's caption, all kept on one page.
*/
#include "chart.h"
#include "pdf.h"
#include <string.h>

#define CHART_SCALE 0.75 /* points per chart unit: 13-unit labels at about 10 pt */
#define LEGEND_SIZE 8.5
#define CAPTION_SIZE 8.5

static void draw_shape(Pdf *p, const ChartShape *c, double x0, double y0, double s) {
  cairo_t *cr = p->cr;
  if (c->type == CS_TEXT) {
    PangoLayout *l = pdf_text(p, c->text, c->size * s, 0, -1, PANGO_ALIGN_LEFT);
    double base = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
    double x = x0 + c->x * s - (c->middle ? pdf_text_w(l) / 2 : c->end ? pdf_text_w(l) : 0);
    pdf_rgb(cr, c->fill);
    cairo_move_to(cr, x, y0 + c->y * s - base);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
    return;
  }
  if (c->type == CS_LINE) {
    cairo_move_to(cr, x0 + c->x * s, y0 + c->y * s);
    cairo_line_to(cr, x0 + (c->x + c->w) * s, y0 + (c->y + c->h) * s);
    pdf_rgb(cr, c->stroke);
    cairo_set_line_width(cr, s);
    cairo_stroke(cr);
    return;
  }
  cairo_rectangle(cr, x0 + c->x * s, y0 + c->y * s, c->w * s, c->h * s);
  pdf_rgb(cr, c->fill);
  if (!c->stroke) {
    cairo_fill(cr);
    return;
  }
  cairo_fill_preserve(cr);
  pdf_rgb(cr, c->stroke);
  cairo_set_line_width(cr, c->stroke_width * s);
  double dash[2] = {4 * s, 2 * s};
  if (c->dashed) cairo_set_dash(cr, dash, 2, 0);
  cairo_stroke(cr);
  cairo_set_dash(cr, NULL, 0, 0);
}

/* The grades' colours with symbol and label, in one line (wrapping when long). */
static PangoLayout *legend_text(Pdf *p, const Policy *pol) {
  Buf b = {0};
  for (int g = 0; g < pol->ngrades; g++)
    buf_printf(&b, "%s■ %s %s", g ? "　" : "", pol->grades[g].symbol,
               pol->grades[g].label ? pol->grades[g].label : "");
  PangoLayout *l = pdf_text(p, b.s ? b.s : "", LEGEND_SIZE, 0, pdf_width(p), PANGO_ALIGN_LEFT);
  buf_free(&b);
  return l;
}

/* Colours each ■ of the legend like its grade's bars. */
static void colour_legend(PangoLayout *l, const Policy *pol) {
  PangoAttrList *attrs = pango_attr_list_new();
  const char *text = pango_layout_get_text(l);
  int g = 0;
  for (const char *s = text; (s = strstr(s, "■")) && g < pol->ngrades; s += 3, g++) {
    PangoColor c;
    pango_color_parse(&c, chart_fill(g));
    PangoAttribute *a = pango_attr_foreground_new(c.red, c.green, c.blue);
    a->start_index = (guint)(s - text);
    a->end_index = a->start_index + 3;
    pango_attr_list_insert(attrs, a);
  }
  pango_layout_set_attributes(l, attrs);
  pango_attr_list_unref(attrs);
}

static int geometry(const Evaluation *ev, const RBlock *b, ChartGeom *g) {
  if (b->type == RB_CHART_BARS) return chart_bars_geom(b->bars, g);
  return b->type == RB_CHART_DIST ? chart_distribution_geom(ev, g)
                                  : chart_indicator_geom(ev, b->ind, g);
}

static double scale(const Pdf *p, const ChartGeom *g) {
  return g->w * CHART_SCALE > pdf_width(p) ? pdf_width(p) / g->w : CHART_SCALE;
}

double pdf_chart_height(Pdf *p, const Evaluation *ev, const RBlock *b) {
  ChartGeom g;
  if (geometry(ev, b, &g)) return 0;
  double h = g.h * scale(p, &g) + 40; /* with its legend and caption */
  chart_geom_free(&g);
  return h;
}

void pdf_chart(Pdf *p, const Evaluation *ev, const RBlock *b) {
  ChartGeom g;
  if (geometry(ev, b, &g)) return;
  double s = scale(p, &g);
  PangoLayout *legend = b->type == RB_CHART_DIST ? legend_text(p, ev->policy) : NULL;
  if (legend) colour_legend(legend, ev->policy);
  Buf cap = {0};
  buf_printf(&cap, "図: %s", b->text ? b->text : "");
  PangoLayout *caption = pdf_text(p, cap.s, CAPTION_SIZE, 0, pdf_width(p), PANGO_ALIGN_LEFT);
  buf_free(&cap);
  double h = g.h * s + 4 + (legend ? pdf_text_h(legend) + 2 : 0) + pdf_text_h(caption) + 8;
  if (!pdf_fits(p, h)) pdf_break(p);
  double x0 = p->left, y0 = p->y;
  cairo_rectangle(p->cr, x0, y0, g.w * s, g.h * s);
  cairo_set_source_rgb(p->cr, 0.46, 0.46, 0.46);
  cairo_set_line_width(p->cr, 0.5);
  cairo_stroke(p->cr);
  for (int i = 0; i < g.n; i++)
    draw_shape(p, &g.shapes[i], x0, y0, s);
  p->y += g.h * s + 4;
  if (legend) {
    pdf_show(p, legend, p->left, p->y, 0.1);
    p->y += pdf_text_h(legend) + 2;
    g_object_unref(legend);
  }
  pdf_show(p, caption, p->left, p->y, 0.25);
  p->y += pdf_text_h(caption) + 8;
  g_object_unref(caption);
  chart_geom_free(&g);
}
