/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_pdf.c — a report, or a committee packet of reports, as PDF (Pango + Cairo; see
** pdf.h). Each document starts on a new A4 page in its orientation with its 【資料N】 label
** boxed at the top right, its title and its provenance (the time in Japan time; the data's
** last import, not the store's path); its sections follow, headings kept with what follows
** them. A packet begins with the 会次第 cover listing its documents; pages are numbered
** through the whole file.
*/
#include "pdf.h"
#include <string.h>
#include <time.h>

#define TITLE_SIZE 15.0
#define META_SIZE 8.0
#define SECTION_SIZE 12.0
#define HEADING_SIZE 10.5
#define TEXT_SIZE 9.5
#define KEEP_WITH_NEXT 60.0 /* a heading needs this much room below it on its page */

static void label_box(Pdf *p, const char *label) {
  Buf b = {0};
  buf_printf(&b, "【%s】", label);
  PangoLayout *l = pdf_text(p, b.s, 11, 1, -1, PANGO_ALIGN_LEFT);
  double w = pdf_text_w(l), h = pdf_text_h(l);
  pdf_show(p, l, p->right - w, p->y, 0.05);
  p->y += h + 2;
  g_object_unref(l);
  buf_free(&b);
}

/* The plan's last import ("2026-12-01T22:01:50Z", UTC) in Japan time; as stored otherwise. */
static const char *import_time(const char *updated, char *buf, size_t len) {
  struct tm tm = {0};
  const char *end = updated ? strptime(updated, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
  if (!end || (*end && strcmp(end, "Z") != 0)) return updated ? updated : "－";
  pdf_jst_text((long long)timegm(&tm), buf, len);
  return buf;
}

/* One provenance item as printed: the time in Japan time, the data without the store's path. */
static void meta_text(const Report *r, const RMeta *m, Buf *b) {
  char when[96];
  if (m->role == RM_MADE) {
    pdf_jst_text(r->made, when, sizeof when);
    buf_printf(b, "%s: %s", m->key, when);
  } else if (m->role == RM_STORE) {
    buf_printf(b, "%s: 最終取込 %s", m->key, import_time(r->updated, when, sizeof when));
  } else {
    buf_printf(b, "%s: %s", m->key, m->value);
  }
}

/* The provenance items side by side, an item moving to the next line whole when it does not
   fit on this one. */
static void meta_lines(Pdf *p, const Report *r) {
  double x = 0, line_h = 0, width = pdf_width(p);
  for (int i = 0; i < r->nmeta; i++) {
    Buf b = {0};
    meta_text(r, &r->meta[i], &b);
    PangoLayout *l = pdf_text(p, b.s, META_SIZE, 0, width, PANGO_ALIGN_LEFT);
    double w = pdf_text_w(l), h = pdf_text_h(l);
    if (x > 0 && x + w > width) {
      p->y += line_h;
      x = line_h = 0;
    }
    pdf_show(p, l, p->left + x, p->y, 0.3);
    x += w + 14;
    if (h > line_h) line_h = h;
    g_object_unref(l);
    buf_free(&b);
  }
  p->y += line_h + 10;
}

/* The title on one line, set smaller (down to 11.5 pt) rather than broken; wrapped if even
   that is too wide. */
static PangoLayout *title_layout(Pdf *p, const char *title) {
  double size = TITLE_SIZE;
  PangoLayout *l = pdf_text(p, title, size, 1, pdf_width(p), PANGO_ALIGN_CENTER);
  while (pango_layout_get_line_count(l) > 1 && size > 11.5) {
    g_object_unref(l);
    size -= 0.5;
    l = pdf_text(p, title, size, 1, pdf_width(p), PANGO_ALIGN_CENTER);
  }
  return l;
}

static void doc_head(Pdf *p, const Report *r) {
  Buf run = {0};
  if (r->label) buf_printf(&run, "【%s】", r->label);
  buf_printf(&run, "%s", r->title);
  pdf_doc_begin(p, r->portrait, r->a3, run.s);
  buf_free(&run);
  if (r->label) label_box(p, r->label);
  PangoLayout *l = title_layout(p, r->title);
  pdf_show(p, l, p->left, p->y, 0.05);
  p->y += pdf_text_h(l) + 6;
  g_object_unref(l);
  meta_lines(p, r);
}

/* How much of block b must stand on the same page as a heading above it. */
static double keep_with(Pdf *p, const Report *r, const RBlock *b) {
  if (b && (b->type == RB_CHART_DIST || b->type == RB_CHART_IND || b->type == RB_CHART_BARS)) {
    double h = pdf_chart_height(p, r->ev, b);
    return h > KEEP_WITH_NEXT ? h : KEEP_WITH_NEXT;
  }
  return KEEP_WITH_NEXT;
}

static void section_head(Pdf *p, const char *title, double keep) {
  PangoLayout *l = pdf_text(p, title, SECTION_SIZE, 1, pdf_width(p), PANGO_ALIGN_LEFT);
  double h = pdf_text_h(l) + 7;
  if (!pdf_fits(p, h + keep)) pdf_break(p);
  pdf_show(p, l, p->left, p->y, 0.05);
  p->y += h - 4;
  cairo_set_source_rgb(p->cr, 0x1a / 255.0, 0x56 / 255.0, 0xa8 / 255.0);
  cairo_set_line_width(p->cr, 1.2);
  cairo_move_to(p->cr, p->left, p->y);
  cairo_line_to(p->cr, p->right, p->y);
  cairo_stroke(p->cr);
  p->y += 6;
  g_object_unref(l);
}

static void heading(Pdf *p, const char *text, double keep) {
  PangoLayout *l = pdf_text(p, text, HEADING_SIZE, 1, pdf_width(p), PANGO_ALIGN_LEFT);
  double h = pdf_text_h(l) + 4;
  if (!pdf_fits(p, h + keep)) pdf_break(p);
  p->y += 2;
  pdf_show(p, l, p->left, p->y, 0.05);
  p->y += h;
  g_object_unref(l);
}

static void write_block(Pdf *p, const Report *r, const RBlock *b, const RBlock *next) {
  switch (b->type) {
  case RB_PARA:
    pdf_para(p, b->text, TEXT_SIZE, 0, 0);
    p->y += 5;
    break;
  case RB_HEADING:
    heading(p, b->text, keep_with(p, r, next));
    break;
  case RB_TABLE:
    pdf_table(p, b->table);
    break;
  case RB_CHART_DIST:
  case RB_CHART_IND:
  case RB_CHART_BARS:
    pdf_chart(p, r->ev, b);
    break;
  }
}

static void write_doc(Pdf *p, const Report *r) {
  doc_head(p, r);
  for (int s = 0; s < r->nsections; s++) {
    const RSection *sec = &r->sections[s];
    section_head(p, sec->title, keep_with(p, r, sec->nblocks ? &sec->blocks[0] : NULL));
    for (int k = 0; k < sec->nblocks; k++)
      write_block(p, r, &sec->blocks[k], k + 1 < sec->nblocks ? &sec->blocks[k + 1] : NULL);
    p->y += 6;
  }
}

static int finish(Pdf *p, Errors *errs) {
  if (pdf_close(p) == 0) return 0;
  errors_add(errs, "the PDF could not be written");
  return -1;
}

int report_write_pdf(const Report *r, FILE *out, Errors *errs) {
  Pdf p;
  if (pdf_open(&p, out, r->made, r->title) != 0) return finish(&p, errs);
  write_doc(&p, r);
  return finish(&p, errs);
}

/* ---- the packet ------------------------------------------------------------------------ */

static void cover_line(Pdf *p, const char *text, double size, int bold, double indent, int align,
                       double after) {
  PangoLayout *l = pdf_text(p, text, size, bold, pdf_width(p) - indent, align);
  pdf_show(p, l, p->left + indent, p->y, 0.05);
  p->y += pdf_text_h(l) + after;
  g_object_unref(l);
}

static const char *doc_title(const ReportPacket *pk, int i) {
  return pk->titles && pk->titles[i] ? pk->titles[i] : pk->docs[i]->title;
}

/* True when document i opens a 資料 (the first, or a label unlike the one before it). */
static int opens_label(const ReportPacket *pk, int i) {
  const char *l = pk->docs[i]->label, *prev = i ? pk->docs[i - 1]->label : NULL;
  return i == 0 || !l || !prev || strcmp(l, prev) != 0;
}

/* The 会次第 as the seeds print it: meeting, date, order of business with the documents
   against the agenda item, and the list of documents handed out. */
static void cover(Pdf *p, const ReportPacket *pk) {
  char date[64];
  Buf b = {0};
  pdf_doc_begin(p, 1, 0, NULL);
  p->y += 40;
  cover_line(p, pk->meeting, 14, 1, 0, PANGO_ALIGN_CENTER, 18);
  pdf_jst_era(pk->made, date, sizeof date);
  buf_printf(&b, "作成日：%s", date);
  cover_line(p, b.s, 10.5, 0, 0, PANGO_ALIGN_RIGHT, 30);
  cover_line(p, "会 次 第", 16, 1, 0, PANGO_ALIGN_CENTER, 28);
  cover_line(p, "1　開　会", 11, 0, 20, PANGO_ALIGN_LEFT, 16);
  buf_free(&b);
  buf_printf(&b, "2　%s", pk->business ? pk->business : "協議事項");
  cover_line(p, b.s, 11, 0, 20, PANGO_ALIGN_LEFT, 8);
  buf_free(&b);
  buf_printf(&b, "(1) %s", pk->agenda);
  cover_line(p, b.s, 11, 0, 40, PANGO_ALIGN_LEFT, 6);
  for (int i = 0; i < pk->ndocs; i++)
    if (opens_label(pk, i) && pk->docs[i]->label) {
      buf_free(&b);
      buf_printf(&b, "…【%s】", pk->docs[i]->label);
      cover_line(p, b.s, 10.5, 0, 60, PANGO_ALIGN_LEFT, 3);
    }
  p->y += 13;
  cover_line(p, "3　閉　会", 11, 0, 20, PANGO_ALIGN_LEFT, 36);
  cover_line(p, "配付資料", 11, 1, 20, PANGO_ALIGN_LEFT, 8);
  for (int i = 0; i < pk->ndocs; i++)
    if (opens_label(pk, i)) {
      buf_free(&b);
      if (pk->docs[i]->label) buf_printf(&b, "【%s】", pk->docs[i]->label);
      buf_printf(&b, "%s", doc_title(pk, i));
      cover_line(p, b.s, 10.5, 0, 40, PANGO_ALIGN_LEFT, 5);
    }
  buf_free(&b);
}

int report_write_packet_pdf(const ReportPacket *pk, FILE *out, Errors *errs) {
  Pdf p;
  if (pdf_open(&p, out, pk->made, pk->meeting) != 0) return finish(&p, errs);
  cover(&p, pk);
  for (int i = 0; i < pk->ndocs; i++)
    write_doc(&p, pk->docs[i]);
  return finish(&p, errs);
}
