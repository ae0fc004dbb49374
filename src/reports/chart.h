/* SPDX-License-Identifier: Apache-2.0 */
/*
** chart.h — charts drawn from an evaluation (chart.c): their geometry as a list of shapes, and
** that geometry as inline SVG with a text alternative (title and desc) for the website and the
** HTML reports; the PDF reports draw the same shapes with Cairo (pdf_chart.c).
*/
#ifndef SHINCHOKU_REPORTS_CHART_H
#define SHINCHOKU_REPORTS_CHART_H

#include "../eval/eval.h"
#include "../model/util.h"

/* One shape of a chart, in the chart's own units (SVG user units, y downwards). A line goes
   from (x, y) to (x + w, y + h); a text's (x, y) is its baseline start, or its baseline middle
   when middle is set, its baseline end when end is set. */
enum chart_shape_type { CS_LINE, CS_RECT, CS_TEXT };
typedef struct ChartShape {
  int type;
  int x, y, w, h;
  const char *fill, *stroke; /* NULL: none */
  int stroke_width, dashed;  /* dashed: "4 2" */
  int size, middle, end;     /* text: font size, anchored at its middle or at its end */
  char text[96];             /* cut at a character boundary when longer */
} ChartShape;

/* A value axis: ticks lo, lo + step, ..., hi (n of them). */
typedef struct ChartTicks {
  dec_t lo, hi, step;
  int n;
  int digits; /* the decimals a tick's label needs (step 0.5: 1) */
} ChartTicks;

/* The axis for values from min to max (chart_axis.c): a step of 1, 2 or 5 times a power of
   ten, at least min_step (itself a power of ten: 1 for any decimal, DEC_SCALE for counts),
   the fewest ticks with at most max_intervals intervals, from 0 (or below min when min is
   negative) to the first tick at or above max. -1 when there is no such axis (a bad
   argument, or values too large). */
int chart_ticks(dec_t min, dec_t max, int max_intervals, dec_t min_step, ChartTicks *t);
/* Tick i's value. */
dec_t chart_tick(const ChartTicks *t, int i);
/* Tick i's label: the number grouped, with t->digits decimals, and unit after it ("80,000件",
   "50%"; unit NULL for none); an axis from a million up in 万 ("4,000万件"). Returns buf. */
char *chart_tick_label(const ChartTicks *t, int i, const char *unit, char *buf, size_t len);
/* How wide text is drawn at font size size, in the same units (an estimate that errs on the
   wide side: kana and kanji 1 em, digits 0.62 em). */
int chart_text_width(const char *text, int size);

/* A chart: width × height, its shapes in drawing order, and its value axis. */
typedef struct ChartGeom {
  int w, h;
  ChartShape *shapes;
  int n, cap;
  ChartTicks axis;
  const char *unit; /* the values' unit ("件"), NULL for none */
} ChartGeom;

/* The distribution chart's shapes (see chart_distribution); -1 when the plan has no
   headline level. */
int chart_distribution_geom(const Evaluation *ev, ChartGeom *g);
/* The indicator chart's shapes, legend included (see chart_indicator); -1 when there is
   nothing to draw. */
int chart_indicator_geom(const Evaluation *ev, int ind, ChartGeom *g);
/* The same over a row of plans: evs[s]'s indicator inds[s], s = 0..n-1, oldest first (an
   initiative's predecessor plan, then its own), a vertical line where each next plan begins. */
int chart_history_geom(const Evaluation *const *evs, const int *inds, int n, ChartGeom *g);
void chart_geom_free(ChartGeom *g);
/* The fill colour of a grade in the charts (grade slot g). */
const char *chart_fill(int g);

/* A horizontal bar per row (chart_bars.c): the comparison of municipalities on a KPI. value in
   percent (DEC_NONE: no bar, the label says why), drawn in grade slot's colour (-1 grey), with
   a vertical line at ref percent (100: the target). */
typedef struct ChartBar {
  const char *label; /* the municipality and plan, at most 60 bytes shown */
  dec_t value;
  const char *value_text; /* beside the bar: "98.8% B" or "実績なし" */
  int slot;
} ChartBar;
typedef struct ChartBars {
  const char *title; /* the SVG title and the PDF caption */
  ChartBar *bars;
  int n;
  int ref;
} ChartBars;
int chart_bars_geom(const ChartBars *c, ChartGeom *g);
/* As inline SVG with its text alternative (each bar's label and value in words). */
void chart_bars(Buf *b, const ChartBars *c, const char *id);
/* For the files that draw their own charts: one shape appended, and the shapes as SVG. */
ChartShape *chart_shape(ChartGeom *g, int type, int x, int y, int w, int h);
void chart_svg_shapes(Buf *b, const ChartGeom *g);

/* The headline level's grade distribution per year as a stacked bar chart, with its text
   alternative (title and desc) and a data table after it. id makes element ids unique. */
void chart_distribution(Buf *b, const Evaluation *ev, const char *id);
/* An indicator's targets and actuals per year as a bar chart with a text alternative (the
   caller shows the numbers in a table). Writes nothing when there is nothing to draw. */
void chart_indicator(Buf *b, const Evaluation *ev, int ind, const char *id);
/* The history chart (chart_history_geom) with its text alternative. */
void chart_history(Buf *b, const Evaluation *const *evs, const int *inds, int n, const char *id);

#endif
