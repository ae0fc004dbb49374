/*
** pdf_table.c — a report table on PDF pages. Column widths as a browser's automatic table
** layout gives them: each column's natural width (its widest cell on one line) when they all
** fit, else its minimum (its widest unbreakable piece: a number, a word, one kanji) plus a
** share of the rest in proportion to what it lacks; cell text then wraps with Pango's
** Japanese line breaking. The caption and header row start a page together with the first
** row and repeat on every page the table continues on; a row never splits (one taller than a
** page is set smaller until it fits).
*/
#include "pdf.h"
#include <stdlib.h>

#define PAD 2.5
#define SIZE 8.0
#define MIN_SIZE 4.0
#define CAPTION_SIZE 9.5
#define SHORT_TEXT 6 /* characters */

typedef struct Grid {
  const RTable *t;
  double *w;           /* column widths */
  double *h;           /* row heights */
  PangoLayout **cells; /* [row * ncols + col] */
  int *centred;        /* per column */
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

/* The width of the widest piece of text no line break may split; a short text (「判定なし」,
   「継続」) is not split at all. */
static double min_width(Pdf *p, const char *text, int bold) {
  PangoLayout *l = pdf_text(p, text, SIZE, bold, -1, PANGO_ALIGN_LEFT);
  if (chars(text) > SHORT_TEXT) {
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

static void column_widths(Pdf *p, Grid *g) {
  const RTable *t = g->t;
  int n = t->ncols;
  double *nat = calloc((size_t)n, sizeof *nat), *min = calloc((size_t)n, sizeof *min);
  double avail = pdf_width(p), sum_nat = 0, sum_min = 0;
  for (int c = 0; c < n; c++) {
    for (int r = 0; r < t->nrows; r++) {
      PangoLayout *l = pdf_text(p, text_of(t, r, c), SIZE, r == 0, -1, PANGO_ALIGN_LEFT);
      double w = pdf_text_w(l) + 2 * PAD + 0.5;
      g_object_unref(l);
      if (w > nat[c]) nat[c] = w;
      w = min_width(p, text_of(t, r, c), r == 0) + 2 * PAD + 0.5;
      if (w > min[c]) min[c] = w;
    }
    if (min[c] > avail / 3) min[c] = avail / 3; /* a very long word may break anywhere */
    sum_nat += nat[c];
    sum_min += min[c];
  }
  for (int c = 0; c < n; c++) {
    if (sum_nat <= avail)
      g->w[c] = nat[c];
    else if (sum_min >= avail)
      g->w[c] = min[c] * avail / sum_min;
    else
      g->w[c] = min[c] + (nat[c] - min[c]) * (avail - sum_min) / (sum_nat - sum_min);
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
  for (double size = SIZE - 0.5; g->h[r] > room && size >= MIN_SIZE; size -= 0.5)
    g->h[r] = layout_row(p, g, r, size);
}

void pdf_table(Pdf *p, const RTable *t) {
  if (t->ncols <= 0 || t->nrows <= 0) return;
  Grid g = {t, calloc((size_t)t->ncols, sizeof(double)), calloc((size_t)t->nrows, sizeof(double)),
            calloc((size_t)t->nrows * (size_t)t->ncols, sizeof(PangoLayout *)),
            calloc((size_t)t->ncols, sizeof(int))};
  for (int c = 0; c < t->ncols; c++)
    g.centred[c] = short_column(t, c);
  column_widths(p, &g);
  for (int r = 0; r < t->nrows; r++)
    g.h[r] = layout_row(p, &g, r, SIZE);
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
}
