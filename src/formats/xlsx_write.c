/* SPDX-License-Identifier: Apache-2.0 */
/*
** xlsx_write.c — a Book written as an Excel workbook with libxlsxwriter: one sheet per table
** (a frozen header row in Japanese, xchg_column_label, with column widths; printed on A4
** landscape with the header repeated on every page), the policy document on a last sheet "policy"
*(header "policy",
** then one line per row). Cells whose text is a plain number that Excel keeps exactly are
** written as numbers, so sums and filters work in Excel; everything else (ids such as "001",
** codes, words) is written as text, so reading the workbook back gives the same text. What
** Excel cannot hold (a text over 32,767 characters, over 1,048,575 rows) is an error naming
** the cell, never a silent loss.
*/
#include "sheet.h"
#include "xchg.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

int xlsx_exact_number(const char *s, double *out) {
  const char *p = s;
  if (*p == '-') p++;
  if (!*p || strspn(p, "0123456789.") != strlen(p)) return 0;
  char *end, buf[64];
  double d = strtod(s, &end);
  if (*end) return 0;
  snprintf(buf, sizeof buf, "%.15g", d);
  if (strcmp(buf, s) != 0) return 0;
  *out = d;
  return 1;
}

static lxw_error write_cell(lxw_worksheet *ws, int r, int c, const char *v) {
  double d;
  if (!v) return LXW_NO_ERROR;
  if (xlsx_exact_number(v, &d))
    return worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, d, NULL);
  return worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, v, NULL);
}

/* Printing as the department workbooks do: A4 landscape, one page wide, the header row on
   every page, the sheet's name and page number in the footer. */
static void print_setup(lxw_worksheet *ws) {
  worksheet_set_paper(ws, 9); /* A4 */
  worksheet_set_landscape(ws);
  worksheet_repeat_rows(ws, 0, 0);
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
  worksheet_set_footer(ws, "&L&A&R&P / &N");
}

/* Japanese headers (read back as the column names) and the width each column needs. */
static void write_header(lxw_worksheet *ws, const Sheet *s, lxw_format *head) {
  for (int c = 0; c < s->ncols; c++) {
    int width = 14;
    const char *label = xchg_column_label(s->name, s->header[c], &width);
    worksheet_write_string(ws, 0, (lxw_col_t)c, label ? label : s->header[c], head);
    worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width, NULL);
  }
  worksheet_set_row(ws, 0, 30, NULL);
}

static int write_sheet(lxw_workbook *wb, const Sheet *s, lxw_format *bold, const char *path,
                       Errors *errs) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
  write_header(ws, s, bold);
  for (int r = 0; r < s->nrows; r++)
    for (int c = 0; c < s->ncols; c++) {
      lxw_error e = write_cell(ws, r + 1, c, s->rows[r][c]);
      if (e != LXW_NO_ERROR) {
        char ref[16];
        errors_add(errs, "%s: %s!%s: Excel cannot hold this cell: %s", path, s->name,
                   cell_ref(c, r + 2, ref), lxw_strerror(e));
        return -1;
      }
    }
  worksheet_freeze_panes(ws, 1, 0);
  print_setup(ws);
  return 0;
}

static void write_policy(lxw_workbook *wb, const char *json, lxw_format *bold) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, "policy");
  worksheet_write_string(ws, 0, 0, "policy", bold);
  int r = 1;
  for (const char *p = json; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    char *line = xstrndup(p, n);
    if (n) worksheet_write_string(ws, (lxw_row_t)r, 0, line, NULL);
    free(line);
    r++;
    p += n + (nl ? 1 : 0);
  }
  worksheet_set_column(ws, 0, 0, 80, NULL);
}

int book_write_xlsx(const char *path, const Book *b, Errors *errs) {
  lxw_workbook *wb = workbook_new(path);
  if (!wb) {
    errors_add(errs, "%s: cannot write: %s", path, strerror(errno));
    return -1;
  }
  lxw_format *bold = workbook_add_format(wb); /* the header, as in the department workbooks */
  format_set_bold(bold);
  format_set_text_wrap(bold);
  format_set_bg_color(bold, 0xDDEBF7);
  format_set_border(bold, LXW_BORDER_THIN);
  int bad = 0;
  for (int i = 0; i < b->nsheets && !bad; i++)
    bad = write_sheet(wb, b->sheets[i], bold, path, errs);
  if (b->policy_json) write_policy(wb, b->policy_json, bold);
  lxw_error rc = workbook_close(wb);
  if (bad) {
    unlink(path);
    return -1;
  }
  if (rc != LXW_NO_ERROR) {
    errors_add(errs, "%s: cannot write the workbook: %s", path, lxw_strerror(rc));
    return -1;
  }
  return 0;
}
