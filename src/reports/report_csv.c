/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_csv.c — a report as CSV for reuse (RFC 4180, UTF-8, CRLF): first the provenance as
** 項目,値 rows, then every table after an empty line: a row holding only its caption, its
** header row, its rows. Paragraphs and charts are left out (their numbers are in the tables).
*/
#include "report.h"
#include "../formats/sheet.h"
#include <string.h>

void report_write_csv(const Report *r, FILE *out) {
  fputs("項目,値\r\n", out);
  fputs("表題,", out);
  csv_put_field(out, r->title);
  fputs("\r\n", out);
  for (int i = 0; i < r->nmeta; i++) {
    csv_put_field(out, r->meta[i].key);
    fputc(',', out);
    csv_put_field(out, r->meta[i].value);
    fputs("\r\n", out);
  }
  for (int s = 0; s < r->nsections; s++)
    for (int k = 0; k < r->sections[s].nblocks; k++) {
      const RTable *t = r->sections[s].blocks[k].table;
      if (r->sections[s].blocks[k].type != RB_TABLE) continue;
      fputs("\r\n", out);
      csv_put_field(out, t->caption);
      fputs("\r\n", out);
      for (int row = 0; row < t->nrows; row++) {
        for (int c = 0; c < t->ncols; c++) {
          if (c) fputc(',', out);
          csv_put_field(out, t->cells[row * t->ncols + c].text);
        }
        fputs("\r\n", out);
      }
    }
}
