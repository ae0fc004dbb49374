/* SPDX-License-Identifier: Apache-2.0 */
/*
** xchg.h — exchange format v1 (docs/exchange-format.md): turning a Book of sheets into a
** validated Plan, a Plan back into a Book, and the difference between two Books for
** `import --dry-run`. Every problem found is collected with its file, row, column and text.
*/
#ifndef SHINCHOKU_XCHG_H
#define SHINCHOKU_XCHG_H

#include "../model/plan.h"
#include "sheet.h"

extern const char *const xchg_tables[];

/* Build a plan from sheets. Returns NULL when any error was found (all of them in errs). */
Plan *xchg_to_plan(const Book *book, Errors *errs);
/* The plan as sheets (the canonical export: fixed column order, Western years, plain
   numbers, ISO dates). */
void xchg_from_plan(const Plan *plan, Book *book);

/* Read a plan from a path: a folder of CSV files or a .json document. */
Plan *xchg_read_path(const char *path, Errors *errs);
/* The same, with the encoding of CSV files named ("utf-8", "cp932"; NULL detects). */
Plan *xchg_read_path_enc(const char *path, const char *encoding, Errors *errs);
/* Write a plan: format "dir" (CSV files), "excel-csv" (the same with a UTF-8 byte-order
   mark, as Excel expects), "json" or "xlsx". */
int xchg_write_path(const Plan *plan, const char *format, const char *path, Errors *errs);
/* The same; for "excel-csv", encoding "cp932" writes Shift_JIS for older Excel (else UTF-8
   with a BOM), and codes Excel would turn into dates are written as ="1-1". */
int xchg_write_path_enc(const Plan *plan, const char *format, const char *encoding,
                        const char *path, Errors *errs);

/* The plan as the exchange format's JSON document text (what a snapshot keeps; caller
   frees), and a plan read back from such a text (NULL with the errors in errs). */
char *xchg_plan_json(const Plan *plan);
Plan *xchg_plan_from_json(const char *text, const char *name, Errors *errs);

/* What importing `next` over `prev` (may be NULL) would add, change and remove, in words,
   appended to out. Returns the number of differences. */
int xchg_diff(const Plan *prev, const Plan *next, Buf *out);

/* The Japanese header of a table's column in the plan workbook, and its width in characters
   (NULL for a column without one, such as attr:NAME). */
const char *xchg_column_label(const char *table, const char *key, int *width);
/* Headers written as those labels become the column names again, so the workbook imports. */
void xchg_keys_from_labels(Book *b);

#endif
