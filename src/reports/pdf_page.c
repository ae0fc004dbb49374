/* SPDX-License-Identifier: Apache-2.0 */
/*
** pdf_page.c — the PDF writer's pages: the Cairo surface writing to a stream (with the
** report's time as its creation date, so the same data gives the same bytes), A4 pages in
** either orientation, the running header and the page number 「- n -」 on every page, and
** text laid out by Pango in Noto Sans CJK JP with Japanese line breaking.
*/
#include "pdf.h"
#include <string.h>
#include <time.h>

#define MARGIN_X 34.0
#define MARGIN_TOP 34.0
#define MARGIN_BOTTOM 40.0
#define RUNNING_H 18.0

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len) {
  Pdf *p = closure;
  if (fwrite(data, 1, len, p->out) != len) {
    p->write_failed = 1;
    return CAIRO_STATUS_WRITE_ERROR;
  }
  return CAIRO_STATUS_SUCCESS;
}

static void jst_tm(long long t, struct tm *tm) {
  time_t j = (time_t)(t + 9 * 3600);
  gmtime_r(&j, tm);
}

void pdf_jst_text(long long t, char *out, size_t len) {
  struct tm tm;
  jst_tm(t, &tm);
  snprintf(out, len, "%d年%d月%d日 %d時%02d分（日本時間）", tm.tm_year + 1900, tm.tm_mon + 1,
           tm.tm_mday, tm.tm_hour, tm.tm_min);
}

void pdf_jst_iso(long long t, char *out, size_t len) {
  struct tm tm;
  jst_tm(t, &tm);
  snprintf(out, len, "%d-%02d-%02dT%02d:%02d:%02d+09:00", tm.tm_year + 1900, tm.tm_mon + 1,
           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void pdf_jst_era(long long t, char *out, size_t len) {
  struct tm tm;
  jst_tm(t, &tm);
  int y = tm.tm_year + 1900, m = tm.tm_mon + 1;
  int reiwa = y > 2019 || (y == 2019 && m >= 5);
  int n = reiwa ? y - 2018 : y - 1988;
  char num[16];
  snprintf(num, sizeof num, "%d", n);
  snprintf(out, len, "%s%s年%d月%d日", reiwa ? "令和" : "平成", n == 1 ? "元" : num, m, tm.tm_mday);
}

int pdf_open(Pdf *p, FILE *out, long long made, const char *title) {
  memset(p, 0, sizeof *p);
  p->out = out;
  p->surface = cairo_pdf_surface_create_for_stream(write_out, p, PDF_A4_LONG, PDF_A4_SHORT);
  if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS) return -1;
  char when[64];
  pdf_jst_iso(made, when, sizeof when);
  cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, when);
  cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_MOD_DATE, when);
  cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "進捗 Shinchoku");
  if (title) cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
  p->cr = cairo_create(p->surface);
  p->fonts = pango_cairo_font_map_new();
  p->ctx = pango_font_map_create_context(p->fonts);
  pango_cairo_context_set_resolution(p->ctx, 72); /* sizes in points */
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF); /* positions as designed */
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(p->ctx, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(p->ctx, FALSE); /* widths in fractions of a point */
  pango_context_set_language(p->ctx, pango_language_from_string("ja"));
  pango_cairo_update_context(p->cr, p->ctx);
  return 0;
}

static void page_end(Pdf *p) {
  if (!p->page_open) return;
  char num[32];
  snprintf(num, sizeof num, "- %d -", p->page);
  PangoLayout *l = pdf_text(p, num, 9, 0, p->pw, PANGO_ALIGN_CENTER);
  pdf_show(p, l, 0, p->ph - MARGIN_BOTTOM + 14, 0.2);
  g_object_unref(l);
  cairo_show_page(p->cr);
  p->page_open = 0;
}

static void page_begin(Pdf *p) {
  p->pw = p->a3 ? PDF_A3_LONG : p->portrait ? PDF_A4_SHORT : PDF_A4_LONG;
  p->ph = p->a3 ? PDF_A4_LONG : p->portrait ? PDF_A4_LONG : PDF_A4_SHORT; /* A3's short side */
  cairo_pdf_surface_set_size(p->surface, p->pw, p->ph);
  p->left = MARGIN_X;
  p->right = p->pw - MARGIN_X;
  p->top = MARGIN_TOP;
  p->bottom = p->ph - MARGIN_BOTTOM;
  p->page++;
  p->doc_page++;
  p->page_open = 1;
  p->y = p->top;
  if (p->doc_page > 1 && p->running[0]) { /* the document's first page has its title */
    PangoLayout *l = pdf_text(p, p->running, 8, 0, -1, PANGO_ALIGN_LEFT);
    pdf_show(p, l, p->left, p->top - 14, 0.35);
    g_object_unref(l);
    cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(p->cr, 0.5);
    cairo_move_to(p->cr, p->left, p->top);
    cairo_line_to(p->cr, p->right, p->top);
    cairo_stroke(p->cr);
    p->y = p->top + RUNNING_H - 12;
  }
}

void pdf_doc_begin(Pdf *p, int portrait, int a3, const char *running) {
  page_end(p);
  p->portrait = portrait;
  p->a3 = a3;
  p->doc_page = 0;
  snprintf(p->running, sizeof p->running, "%s", running ? running : "");
  page_begin(p);
}

void pdf_break(Pdf *p) {
  page_end(p);
  page_begin(p);
}

int pdf_fits(const Pdf *p, double h) {
  return p->y + h <= p->bottom;
}

double pdf_page_room(const Pdf *p) {
  return p->bottom - p->top - (p->running[0] ? RUNNING_H - 12 : 0);
}

double pdf_width(const Pdf *p) {
  return p->right - p->left;
}

int pdf_close(Pdf *p) {
  int bad = 0;
  if (p->cr) {
    page_end(p);
    cairo_destroy(p->cr);
  }
  if (p->surface) {
    cairo_surface_finish(p->surface);
    bad = cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(p->surface);
  }
  if (p->ctx) g_object_unref(p->ctx);
  if (p->fonts) g_object_unref(p->fonts);
  return bad || p->write_failed ? -1 : 0;
}

PangoLayout *pdf_text(Pdf *p, const char *text, double size, int bold, double width, int align) {
  PangoLayout *l = pango_layout_new(p->ctx);
  PangoFontDescription *fd = pango_font_description_from_string(PDF_FONT);
  pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
  pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  if (width > 0) {
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_alignment(l, (PangoAlignment)align);
  pango_layout_set_text(l, text ? text : "", -1);
  return l;
}

double pdf_text_h(PangoLayout *l) {
  PangoRectangle r;
  pango_layout_get_extents(l, NULL, &r);
  return (double)r.height / PANGO_SCALE;
}

double pdf_text_w(PangoLayout *l) {
  PangoRectangle r;
  pango_layout_get_extents(l, NULL, &r);
  return (double)(r.x + r.width) / PANGO_SCALE;
}

void pdf_show(Pdf *p, PangoLayout *l, double x, double y, double grey) {
  cairo_set_source_rgb(p->cr, grey, grey, grey);
  cairo_move_to(p->cr, x, y);
  pango_cairo_show_layout(p->cr, l);
}

void pdf_para(Pdf *p, const char *text, double size, int bold, double indent) {
  PangoLayout *l = pdf_text(p, text, size, bold, pdf_width(p) - indent, PANGO_ALIGN_LEFT);
  PangoLayoutIter *it = pango_layout_get_iter(l);
  do {
    PangoRectangle r;
    pango_layout_iter_get_line_extents(it, NULL, &r);
    double h = (double)r.height / PANGO_SCALE;
    if (!pdf_fits(p, h)) pdf_break(p);
    double base = (double)(pango_layout_iter_get_baseline(it) - r.y) / PANGO_SCALE;
    cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
    cairo_move_to(p->cr, p->left + indent + (double)r.x / PANGO_SCALE, p->y + base);
    pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
    p->y += h;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  g_object_unref(l);
}

static int hex_digit(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
}

void pdf_rgb(cairo_t *cr, const char *hex) {
  int v[3] = {0, 0, 0};
  size_t n = hex ? strlen(hex) : 0;
  for (int i = 0; i < 3 && (n == 4 || n == 7); i++)
    v[i] = n == 4 ? hex_digit(hex[1 + i]) * 17
                  : hex_digit(hex[1 + 2 * i]) * 16 + hex_digit(hex[2 + 2 * i]);
  cairo_set_source_rgb(cr, v[0] / 255.0, v[1] / 255.0, v[2] / 255.0);
}
