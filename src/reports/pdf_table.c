/* SPDX-License-Identifier: Apache-2.0 */
/*
** pdf_table.c — a report table on PDF pages. Column widths: each column's natural width (its
** widest cell on one line) when they all fit; else each starts at its minimum — a column of
** figures or short words (numbers, grades, 「継続」) its widest number or word, its header
** wrapping, a text column four characters — and the rest of the width goes, bit by bit, to
** the column where it saves the most lines, a row being as tall as its tallest cell, none
** beyond its natural width (001 資料2: 目的・概要 and 取組予定 get the room, not the figures,
** and the table is as short as it can be). Where the figures alone would take more than half
** the width of a table whose text does not fit, the table is set smaller. Cell text wraps
** with Pango's Japanese line breaking. The caption and header row start a page together with the
*first
** row and repeat on every page the table continues on; a row never splits (one taller than a
** page is set smaller until it fits).
*/
#include "pdf.h"
#include <math.h>
#include <stdlib.h>

#define PAD 2.5
#define SIZE 8.0
#define A3_SIZE 8.5 /* an A3 list is read on the desk: a little larger */
#define MIN_SIZE 4.0
#define CAPTION_SIZE 9.5
#define SHORT_TEXT 5    /* characters: a word (「判定なし」, 「子ども未来」) */
#define TEXT_MIN_EM 3   /* the narrowest a text column gets, in characters */
#define SHARE_STEPS 200 /* the room beyond the minimums is given out in steps this small */
#define FIXED_SHARE 0.5 /* of the width, the most the figures take from the text */

typedef struct Grid {
  const RTable *t;
  double *w;           /* column widths */
  double *h;           /* row heights */
  PangoLayout **cells; /* [row * ncols + col] */
  int *centred;        /* per column */
  double size;         /* the table's font size: smaller for a table too wide at SIZE */
  double *one_line;    /* [row * ncols + col]: the cell's width on one line (measure) */
} Grid;

static const char *text_of(const RTable *t, int row, int col) {
  const char *s = t->cells[row * t->ncols + col].text;
  return s ? s : "";
}

static int is_num(const RTable *t, int row, int col) {
  return row > 0 && !dec_is_none(t->cells[row * t->ncols + col].num);
}

static int chars(const char *s) {
  int n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* The width of the widest piece of text no line break may split: a short text (「判定なし」,
   「継続」, a header 「目標」) is not split at all, a number never ("3,200,000"). */
static double min_width(Pdf *p, const char *text, int bold, int number, double size) {
  PangoLayout *l = pdf_text(p, text, size, bold, -1, PANGO_ALIGN_LEFT);
  if (!number && chars(text) > SHORT_TEXT) {
    pango_layout_set_width(l, 1);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
  }
  double w = pdf_text_w(l);
  g_object_unref(l);
  return w;
}

/* A column of short words (grades, 「継続」, 「対象外」) is centred, as printed tables do. */
static int short_column(const RTable *t, int col) {
  for (int r = 1; r < t->nrows; r++)
    if (is_num(t, r, col) || chars(text_of(t, r, col)) > 4) return 0;
  return t->nrows > 1;
}

/* A column of figures (at least as many numbers as texts: a figure the plan gives as text,
   「実施予定なし」, wraps within the numbers' width) or of short words only: it keeps its
   minimum width. */
static int fixed_column(const RTable *t, int col) {
  int nums = 0, texts = 0, long_texts = 0;
  for (int r = 1; r < t->nrows; r++) {
    if (is_num(t, r, col))
      nums++;
    else if (chars(text_of(t, r, col)) > SHORT_TEXT)
      long_texts++;
    else if (chars(text_of(t, r, col)) > 1)
      texts++;
  }
  return !long_texts || nums >= texts + long_texts;
}

/* A column of short words only (局, grades, 「継続」, 「子ども未来」): they are not broken. */
static int word_column(const RTable *t, int col) {
  for (int r = 1; r < t->nrows; r++)
    if (is_num(t, r, col) || chars(text_of(t, r, col)) > SHORT_TEXT) return 0;
  return 1;
}

/* Each column's natural and minimum width at the table's size, and each cell's width on one
   line (one_line); returns the sum of the minimums. */
static double measure(Pdf *p, Grid *g, double *nat, double *min, double *sum_nat) {
  const RTable *t = g->t;
  double avail = pdf_width(p), sum_min = 0;
  *sum_nat = 0;
  for (int c = 0; c < t->ncols; c++) {
    int text = !fixed_column(t, c);
    nat[c] = min[c] = 0;
    for (int r = 0; r < t->nrows; r++) {
      PangoLayout *l = pdf_text(p, text_of(t, r, c), g->size, r == 0, -1, PANGO_ALIGN_LEFT);
      double w = pdf_text_w(l) + 2 * PAD + 0.5;
      g_object_unref(l);
      if (w > nat[c]) nat[c] = w;
      g->one_line[r * t->ncols + c] = w;
      w = min_width(p, text_of(t, r, c), r == 0, is_num(t, r, c), g->size) + 2 * PAD + 0.5;
      if ((!text || r == 0 || chars(text_of(t, r, c)) <= SHORT_TEXT) && w > min[c]) min[c] = w;
    }
    if (min[c] > avail / 3) min[c] = avail / 3; /* a very long word may break anywhere */
    /* a text column: its short texts and TEXT_MIN_EM characters wide; a longer piece (a URL,
       an English word) breaks anywhere beyond that */
    double floor = TEXT_MIN_EM * g->size + 2 * PAD + 0.5;
    if (text && min[c] < floor) min[c] = floor;
    if (min[c] > nat[c]) min[c] = nat[c];
    *sum_nat += nat[c];
    sum_min += min[c];
  }
  return sum_min;
}

/* The lines cell (r, c) takes at width w, about. */
static double lines_at(const Grid *g, int r, int c, double w) {
  double text = g->one_line[r * g->t->ncols + c] - 2 * PAD - 0.5, room = w - 2 * PAD - 0.5;
  return text <= room || room <= 0 ? 1 : ceil(text / room);
}

/* Each row's tallest and second tallest cell in lines at widths w, and the column of the
   tallest: what a row is without one of its cells. */
static void row_tops(const Grid *g, const double *w, double *top, double *second, int *col) {
  for (int r = 0; r < g->t->nrows; r++) {
    top[r] = second[r] = 1, col[r] = -1;
    for (int c = 0; c < g->t->ncols; c++) {
      double l = lines_at(g, r, c, w[c]);
      if (l > top[r])
        second[r] = top[r], top[r] = l, col[r] = c;
      else if (l > second[r])
        second[r] = l;
    }
  }
}

/* The lines saved over the table by widening column c by d, rows as tall as their tallest
   cell (row_tops): only a row whose tallest cell is c's gets shorter. */
static double saved_by(const Grid *g, int c, double d, const double *top, const double *second,
                       const int *col) {
  double saved = 0; /* the header row too: it is printed on every page */
  for (int r = 0; r < g->t->nrows; r++) {
    if (col[r] != c) continue;
    double l = lines_at(g, r, c, g->w[c] + d);
    saved += top[r] - (l > second[r] ? l : second[r]);
  }
  return saved;
}

/* The columns share `room` beyond their minimums so that the table is as short as it can be:
   again and again the column that saves the most lines per point of width (trying a step and
   its multiples, since a narrow column saves a line only at the width of one more character)
   is widened, never beyond its natural width; on a tie the column furthest below its natural
   width. Returns the width given. */
static double share_room(Grid *g, const double *nat, double room) {
  const RTable *t = g->t;
  int nr = t->nrows, *col = calloc((size_t)nr, sizeof *col);
  double *top = calloc((size_t)nr, sizeof *top), *second = calloc((size_t)nr, sizeof *second);
  double step = room / SHARE_STEPS, given = 0;
  while (step > 0.01 && room - given >= step) {
    row_tops(g, g->w, top, second, col);
    int best = -1;
    double best_rate = 0, best_d = step, best_short = 1e300;
    for (int c = 0; c < t->ncols; c++)
      for (double d = step; d <= 32 * step && d <= room - given + 1e-9; d *= 2) {
        if (g->w[c] + d > nat[c]) break;
        double rate = saved_by(g, c, d, top, second, col) / d, shortfall = g->w[c] / nat[c];
        if (rate > best_rate || (rate == best_rate && best >= 0 && shortfall < best_short))
          best = c, best_rate = rate, best_d = d, best_short = shortfall;
      }
    if (best < 0) { /* no line to save: the column furthest below its natural width */
      for (int c = 0; c < t->ncols; c++)
        if (g->w[c] + step <= nat[c] && (best < 0 || g->w[c] / nat[c] < best_short))
          best = c, best_short = g->w[c] / nat[c];
      if (best < 0) break;
      best_d = step;
    }
    g->w[best] += best_d;
    given += best_d;
  }
  free(col);
  free(top);
  free(second);
  return given;
}

/* The width of the columns of figures (fixed, not of words only) at their minimum. */
static double sum_figures(const RTable *t, const double *min) {
  double sum = 0;
  for (int c = 0; c < t->ncols; c++)
    if (fixed_column(t, c) && !word_column(t, c)) sum += min[c];
  return sum;
}

/* Column widths; a table whose columns cannot all have their minimum at SIZE (or whose figures
   take more than FIXED_SHARE of the width while its text does not fit) is set in a smaller
   size, down to MIN_SIZE, rather than splitting its numbers. */
static void column_widths(Pdf *p, Grid *g) {
  const RTable *t = g->t;
  int n = t->ncols;
  double *nat = calloc((size_t)n, sizeof *nat), *min = calloc((size_t)n, sizeof *min);
  double avail = pdf_width(p), sum_nat, sum_min = measure(p, g, nat, min, &sum_nat);
  for (;;) {
    /* the text needs room: the figures may take FIXED_SHARE of the width at most */
    double fixed = sum_figures(t, min), over = sum_min / avail;
    if (sum_nat > avail && fixed / avail / FIXED_SHARE > over) over = fixed / avail / FIXED_SHARE;
    if (over <= 1 || g->size <= MIN_SIZE) break;
    double next = g->size / over - 0.1;
    g->size = next < MIN_SIZE ? MIN_SIZE : next;
    sum_min = measure(p, g, nat, min, &sum_nat);
  }
  for (int c = 0; c < n; c++)
    g->w[c] = sum_nat <= avail ? nat[c] : sum_min >= avail ? min[c] * avail / sum_min : min[c];
  if (sum_nat > avail && sum_min < avail) {
    double used = 0;
    for (int c = 0; c < n; c++)
      used += g->w[c];
    used += share_room(g, nat, avail - used);
    /* all text columns at their natural width: the rest to every column */
    for (int c = 0; c < n && used < avail - 0.01; c++)
      g->w[c] += (avail - used) * g->w[c] / used;
  }
  free(nat);
  free(min);
}

/* Lays out row r at a font size; returns its height. */
static double layout_row(Pdf *p, Grid *g, int r, double size) {
  const RTable *t = g->t;
  double h = 0;
  for (int c = 0; c < t->ncols; c++) {
    PangoLayout **l = &g->cells[r * t->ncols + c];
    if (*l) g_object_unref(*l);
    int align = r == 0            ? PANGO_ALIGN_CENTER
                : is_num(t, r, c) ? PANGO_ALIGN_RIGHT
                                  : PANGO_ALIGN_LEFT;
    *l = pdf_text(p, text_of(t, r, c), size, r == 0, g->w[c] - 2 * PAD, align);
    double ch = pdf_text_h(*l) + 2 * PAD;
    if (ch > h) h = ch;
  }
  return h;
}

static double caption_h(Pdf *p, const char *caption) {
  PangoLayout *l = pdf_text(p, caption, CAPTION_SIZE, 1, pdf_width(p), PANGO_ALIGN_LEFT);
  double h = pdf_text_h(l) + 3;
  g_object_unref(l);
  return h;
}

static void draw_caption(Pdf *p, const char *caption, int continued) {
  Buf b = {0};
  buf_printf(&b, "%s%s", caption ? caption : "", continued ? "（続き）" : "");
  PangoLayout *l = pdf_text(p, b.s, CAPTION_SIZE, 1, pdf_width(p), PANGO_ALIGN_LEFT);
  pdf_show(p, l, p->left, p->y, 0.1);
  p->y += pdf_text_h(l) + 3;
  g_object_unref(l);
  buf_free(&b);
}

static void draw_row(Pdf *p, const Grid *g, int r) {
  const RTable *t = g->t;
  cairo_t *cr = p->cr;
  double x = p->left;
  for (int c = 0; c < t->ncols; c++) {
    cairo_rectangle(cr, x, p->y, g->w[c], g->h[r]);
    if (r == 0)
      cairo_set_source_rgb(cr, 0xe8 / 255.0, 0xee / 255.0, 0xf7 / 255.0);
    else if (c == 0 && t->row_header)
      cairo_set_source_rgb(cr, 0xf6 / 255.0, 0xf6 / 255.0, 0xf6 / 255.0);
    else
      cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.46, 0.46, 0.46);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    pdf_show(p, g->cells[r * t->ncols + c], x + PAD, p->y + PAD, 0.1);
    x += g->w[c];
  }
  p->y += g->h[r];
}

/* Sets row r small enough to fit on a page under the caption and header. */
static void fit_row(Pdf *p, Grid *g, int r, double room) {
  for (double size = g->size - 0.5; g->h[r] > room && size >= MIN_SIZE; size -= 0.5)
    g->h[r] = layout_row(p, g, r, size);
}

void pdf_table(Pdf *p, const RTable *t) {
  if (t->ncols <= 0 || t->nrows <= 0) return;
  Grid g = {t,
            calloc((size_t)t->ncols, sizeof(double)),
            calloc((size_t)t->nrows, sizeof(double)),
            calloc((size_t)t->nrows * (size_t)t->ncols, sizeof(PangoLayout *)),
            calloc((size_t)t->ncols, sizeof(int)),
            p->a3 ? A3_SIZE : SIZE,
            calloc((size_t)t->nrows * (size_t)t->ncols, sizeof(double))};
  for (int c = 0; c < t->ncols; c++)
    g.centred[c] = short_column(t, c);
  column_widths(p, &g);
  for (int r = 0; r < t->nrows; r++)
    g.h[r] = layout_row(p, &g, r, g.size);
  double cap = caption_h(p, t->caption), head = cap + g.h[0];
  for (int r = 1; r < t->nrows; r++)
    fit_row(p, &g, r, pdf_page_room(p) - head);
  double first = head + (t->nrows > 1 ? g.h[1] : 0);
  if (!pdf_fits(p, first)) pdf_break(p);
  draw_caption(p, t->caption, 0);
  draw_row(p, &g, 0);
  for (int r = 1; r < t->nrows; r++) {
    if (!pdf_fits(p, g.h[r])) {
      pdf_break(p);
      draw_caption(p, t->caption, 1);
      draw_row(p, &g, 0);
    }
    draw_row(p, &g, r);
  }
  p->y += 8;
  for (int i = 0; i < t->nrows * t->ncols; i++)
    if (g.cells[i]) g_object_unref(g.cells[i]);
  free(g.cells);
  free(g.centred);
  free(g.h);
  free(g.w);
  free(g.one_line);
}
