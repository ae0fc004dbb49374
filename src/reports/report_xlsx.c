/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_xlsx.c — a report as an Excel workbook for printing, with libxlsxwriter: one sheet
** per section, the provenance at the top of each, tables with a bold bordered header row,
** numbers as numeric cells (with the policy's decimals), column widths from the contents,
** the first table's header row frozen and repeated on every printed page, A4 landscape
** fitted to the page width.
*/
#include "report.h"
#include <string.h>
#include <xlsxwriter.h>

#define MAX_COLS 64

typedef struct Formats {
  lxw_format *title, *bold, *head, *cell, *num[4], *wrap;
} Formats;

/* Display width: East Asian characters count two columns. */
static int text_width(const char *s) {
  int w = 0;
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    if (*p < 0x80)
      w++;
    else if (*p >= 0xE0)
      w += 2;
  }
  return w;
}

/* A sheet name Excel accepts: "N タイトル", without []:*?/\ and at most 31 characters. */
static void sheet_name(int n, const char *title, char *out, size_t len) {
  snprintf(out, len, "%d %s", n, title);
  int chars = 0;
  for (char *p = out; *p; p++) {
    if (strchr("[]:*?/\\'", *p)) *p = '_';
    if (((unsigned char)*p & 0xC0) != 0x80 && ++chars > 31) {
      *p = 0;
      break;
    }
  }
}

static void write_meta(const Report *r, lxw_worksheet *ws, const Formats *f, int *row) {
  worksheet_write_string(ws, (lxw_row_t)(*row)++, 0, r->title, f->title);
  for (int i = 0; i < r->nmeta; i++, (*row)++) {
    worksheet_write_string(ws, (lxw_row_t)*row, 0, r->meta[i].key, f->bold);
    worksheet_write_string(ws, (lxw_row_t)*row, 1, r->meta[i].value, NULL);
  }
  (*row)++;
}

static void write_cell(lxw_worksheet *ws, int row, int col, const RCell *c, const Formats *f) {
  if (!dec_is_none(c->num)) {
    int d = c->digits < 0 || c->digits > 3 ? 3 : c->digits;
    worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, dec_to_double(c->num),
                           c->digits < 0 ? f->cell : f->num[d]);
  } else {
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, c->text ? c->text : "", f->wrap);
  }
}

static void write_table(lxw_worksheet *ws, const RTable *t, const Formats *f, int *row,
                        int widths[MAX_COLS], int *head_row) {
  worksheet_write_string(ws, (lxw_row_t)(*row)++, 0, t->caption, f->bold);
  if (*head_row < 0) *head_row = *row;
  for (int r = 0; r < t->nrows; r++, (*row)++)
    for (int c = 0; c < t->ncols && c < MAX_COLS; c++) {
      const RCell *cell = &t->cells[r * t->ncols + c];
      if (r == 0)
        worksheet_write_string(ws, (lxw_row_t)*row, (lxw_col_t)c, cell->text ? cell->text : "",
                               f->head);
      else
        write_cell(ws, *row, c, cell, f);
      int w = text_width(cell->text) + 2;
      if (w > widths[c]) widths[c] = w;
    }
  (*row)++;
}

static void write_section(const Report *r, lxw_workbook *wb, int n, const Formats *f) {
  const RSection *s = &r->sections[n];
  char name[128];
  sheet_name(n + 1, s->title, name, sizeof name);
  lxw_worksheet *ws = workbook_add_worksheet(wb, name);
  int row = 0, head_row = -1, widths[MAX_COLS] = {0};
  write_meta(r, ws, f, &row);
  worksheet_write_string(ws, (lxw_row_t)row++, 0, s->title, f->title);
  for (int k = 0; k < s->nblocks; k++) {
    const RBlock *b = &s->blocks[k];
    if (b->type == RB_TABLE)
      write_table(ws, b->table, f, &row, widths, &head_row);
    else if (b->type == RB_PARA || b->type == RB_HEADING)
      worksheet_write_string(ws, (lxw_row_t)row++, 0, b->text,
                             b->type == RB_HEADING ? f->bold : NULL);
    else
      worksheet_write_string(ws, (lxw_row_t)row++, 0,
                             "図は HTML 版に掲載しています。数値は表のとおりです。", NULL);
  }
  for (int c = 0; c < MAX_COLS; c++)
    if (widths[c])
      worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c] > 60 ? 60 : widths[c], NULL);
  if (head_row >= 0) {
    worksheet_freeze_panes(ws, (lxw_row_t)(head_row + 1), 0);
    worksheet_repeat_rows(ws, (lxw_row_t)head_row, (lxw_row_t)head_row);
  }
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, r->a3 ? 8 : 9); /* A3, A4 */
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_footer(ws, "&C&P / &N");
}

int report_write_xlsx(const Report *r, const char *path, Errors *errs) {
  lxw_workbook *wb = workbook_new(path);
  if (!wb) {
    errors_add(errs, "%s: cannot create the workbook", path);
    return -1;
  }
  Formats f;
  f.title = workbook_add_format(wb);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  f.bold = workbook_add_format(wb);
  format_set_bold(f.bold);
  f.head = workbook_add_format(wb);
  format_set_bold(f.head);
  format_set_border(f.head, LXW_BORDER_THIN);
  format_set_bg_color(f.head, 0xE8EEF7);
  format_set_text_wrap(f.head);
  f.cell = workbook_add_format(wb);
  format_set_border(f.cell, LXW_BORDER_THIN);
  f.wrap = workbook_add_format(wb);
  format_set_border(f.wrap, LXW_BORDER_THIN);
  format_set_text_wrap(f.wrap);
  format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
  static const char *const numfmt[4] = {"#,##0", "#,##0.0", "#,##0.00", "#,##0.###"};
  for (int d = 0; d < 4; d++) {
    f.num[d] = workbook_add_format(wb);
    format_set_border(f.num[d], LXW_BORDER_THIN);
    format_set_num_format(f.num[d], numfmt[d]);
  }
  for (int s = 0; s < r->nsections; s++)
    write_section(r, wb, s, &f);
  lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) {
    errors_add(errs, "%s: cannot write the workbook: %s", path, lxw_strerror(e));
    return -1;
  }
  return 0;
}
