/* SPDX-License-Identifier: Apache-2.0 */
/*
** pdf.h — the PDF writer's page machinery, shared by its parts: pdf_page.c (the surface, pages,
** furniture, text), pdf_table.c (tables that break between rows), pdf_chart.c (charts from
** chart.c's geometry) and report_pdf.c (documents and the packet). Pango lays out the text
** (Japanese line breaking, font fallback), Cairo writes the PDF and embeds the fonts' subsets.
** Units are PostScript points; y grows downwards.
*/
#ifndef SHINCHOKU_REPORTS_PDF_H
#define SHINCHOKU_REPORTS_PDF_H

#include "../eval/eval.h"
#include "report.h"
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>

#define PDF_FONT "Noto Sans CJK JP"
#define PDF_A4_SHORT 595.276 /* 210 mm */
#define PDF_A4_LONG 841.890  /* 297 mm */
#define PDF_A3_LONG 1190.551 /* 420 mm */

typedef struct Pdf {
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoFontMap *fonts;
  PangoContext *ctx;
  FILE *out;
  int write_failed;
  double pw, ph;                     /* the page */
  double left, right, top, bottom;   /* the text area */
  double y;                          /* where the next block goes */
  int page, page_open, portrait, a3; /* page: pages begun so far, through the packet */
  int doc_page;                      /* pages begun in the current document */
  char running[512];                 /* the running header of the current document */
} Pdf;

/* pdf_page.c */
int pdf_open(Pdf *p, FILE *out, long long made, const char *title);
/* Finishes the last page and the file; 0 when everything was written. */
int pdf_close(Pdf *p);
/* A document starts on a new page of its orientation; running: its running header. */
void pdf_doc_begin(Pdf *p, int portrait, int a3, const char *running);
/* A new page of the current document (its running header on top). */
void pdf_break(Pdf *p);
/* True when h more points fit on the current page. */
int pdf_fits(const Pdf *p, double h);
/* The height a page of the current document offers below its running header. */
double pdf_page_room(const Pdf *p);
double pdf_width(const Pdf *p);

/* A layout of text in the report font: size in points, bold or not, wrapped to width (<= 0:
   one line per paragraph), aligned (PANGO_ALIGN_*). The caller unrefs it. */
PangoLayout *pdf_text(Pdf *p, const char *text, double size, int bold, double width, int align);
double pdf_text_h(PangoLayout *l);
double pdf_text_w(PangoLayout *l);
void pdf_show(Pdf *p, PangoLayout *l, double x, double y, double grey);
/* A paragraph at the cursor, broken between lines across pages. */
void pdf_para(Pdf *p, const char *text, double size, int bold, double indent);
void pdf_rgb(cairo_t *cr, const char *hex); /* "#rgb" or "#rrggbb" */

/* pdf_table.c: a table at the cursor; its caption and header row repeat on every page it
   continues on; a row is never split. */
void pdf_table(Pdf *p, const RTable *t);

/* pdf_chart.c: a chart block (RB_CHART_DIST or RB_CHART_IND) at the cursor, kept on one
   page, with its legend and caption. */
void pdf_chart(Pdf *p, const Evaluation *ev, const RBlock *b);
/* About the height pdf_chart takes (0 when there is nothing to draw). */
double pdf_chart_height(Pdf *p, const Evaluation *ev, const RBlock *b);

/* Japan time (Asia/Tokyo: UTC+9, no daylight saving) of an instant: as a reader sees it
   (「2023年11月15日 7時13分（日本時間）」) and as ISO 8601 for the PDF's metadata. */
void pdf_jst_text(long long t, char *out, size_t len);
void pdf_jst_iso(long long t, char *out, size_t len);
void pdf_jst_era(long long t, char *out, size_t len); /* 「令和5年11月15日」 */

#endif
