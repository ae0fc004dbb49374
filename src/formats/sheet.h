/* SPDX-License-Identifier: Apache-2.0 */
/*
** sheet.h — a table of text cells with a header row, as read from or written to a CSV file,
** a JSON array of objects or a workbook sheet. The exchange format is defined over sheets,
** so every file format shares one validator (xchg.c) and one writer of rows.
*/
#ifndef SHINCHOKU_SHEET_H
#define SHINCHOKU_SHEET_H

#include "../model/util.h"

typedef struct Sheet {
  char *name; /* table name: "values" */
  char *file; /* where it was read from, for messages: "values.csv" */
  char **header;
  int ncols, capcols;
  char ***rows; /* rows[r][c], NULL for an empty cell */
  int *line;    /* the 1-based line (CSV) or index (JSON) each row came from */
  int nrows, caprows;
  int *xcol;   /* workbook sheets only: the spreadsheet column (0 = A) of each column */
  Arena cells; /* rows and cell strings: a national plan has millions of them */
} Sheet;

Sheet *sheet_new(const char *name, const char *file);
void sheet_free(Sheet *s);
int sheet_add_column(Sheet *s, const char *name);   /* returns its index */
int sheet_column(const Sheet *s, const char *name); /* -1 when absent */
/* Append a row of ncols empty cells and return its index. */
int sheet_add_row(Sheet *s, int line);
/* Remove a row (the rows after it move up). */
void sheet_remove_row(Sheet *s, int row);
/* Set a cell (copied; NULL or "" leaves it empty). */
void sheet_set(Sheet *s, int row, int col, const char *value);
const char *sheet_get(const Sheet *s, int row, int col);

/* A set of sheets: one plan in exchange format. */
typedef struct Book {
  Sheet **sheets;
  int nsheets, capsheets;
  char *policy_json; /* the policy document, or NULL */
  char *policy_file;
  const char *encoding; /* CSV files to read: "utf-8", "cp932" or NULL to detect */
  int bom;              /* CSV files to write: begin with a UTF-8 byte-order mark (Excel) */
  int excel;            /* CSV files to write: codes Excel would misread as ="1-1" */
  int cp932;            /* CSV files to write: in Shift_JIS (CP932), for older Excel */
} Book;

void book_free(Book *b);
Sheet *book_sheet(const Book *b, const char *name);
void book_add(Book *b, Sheet *s);

/* Readers and writers. Each reader collects errors (file, row, column) and returns 0 when
   there were none. */
int csv_read_file(const char *path, const char *name, Sheet **out, Errors *errs);
/* The same with the file's encoding named ("utf-8", "cp932"; NULL or "auto" detects). */
int csv_read_file_enc(const char *path, const char *name, const char *encoding, Sheet **out,
                      Errors *errs);
int csv_write_file(const char *path, const Sheet *s, int bom, Errors *errs);
/* How a CSV file is written: a UTF-8 BOM, ="…" around what Excel would not keep as text
   (csv_excel_would_change), or Shift_JIS (CP932, never with a BOM). */
typedef struct CsvStyle {
  int bom, excel_text, cp932;
} CsvStyle;
int csv_write_styled(const char *path, const Sheet *s, const CsvStyle *st, Errors *errs);
/* 1 when Excel, opening a CSV, would not keep s as the text it is: dates (1-1, 10-12, 2023/4),
   times (1:30), leading zeros (012025), trailing decimal zeros (1.10), more than 15 digits,
   scientific notation (1E5), and formulas (=, +, @). */
int csv_excel_would_change(const char *s);
/* Write one CSV field, quoted when it holds a comma, quote, line break or edge space (RFC
   4180); NULL and "" write nothing. A field csv_formula_like() gets an apostrophe first
   (OWASP: CSV injection), which the reader takes off again. Every CSV the product writes
   goes through it. */
void csv_put_field(FILE *f, const char *s);
/* The same, appended to b (for writers that build their output in memory, evalout.c). */
void csv_buf_field(Buf *b, const char *s);
/* True when a spreadsheet could take s for a formula: it starts with = + - @ tab or CR and
   is not a plain number ("-3.5", "+1,200" are numbers); also when it starts with guard
   apostrophes before such a character, so that guarding is lossless. */
int csv_formula_like(const char *s);
/* Read a folder of CSV files (plan.csv, nodes.csv, … and policy.json). */
int book_read_dir(const char *dir, Book *b, Errors *errs);
int book_write_dir(const char *dir, const Book *b, Errors *errs);
/* One Excel workbook (.xlsx) with a sheet per table and the policy on a sheet "policy"
   (xlsx_read.c, xlsx_write.c). */
int book_read_xlsx(const char *path, Book *b, Errors *errs);
int book_write_xlsx(const char *path, const Book *b, Errors *errs);
/* True when text is a number Excel stores and shows exactly as written: "27", "-3.5",
   "0.125" (at most 15 significant digits, no leading zeros, no trailing zeros after the
   point); such cells are written as numbers. */
int xlsx_exact_number(const char *text, double *out);
/* Every sheet of a workbook as it is (any names, the first non-empty row as header). */
int book_read_xlsx_raw(const char *path, Book *b, Errors *errs);
/* True when path is a workbook with a sheet of that name (reads only the sheet list). */
int xlsx_has_sheet(const char *path, const char *name);
/* A cell reference: column index 0 → "A", row 12 → "A12" (buf of at least 16 bytes). */
char *cell_ref(int col, int row, char *buf);
/* One JSON document with an array of objects per table. */
int book_read_json(const char *path, Book *b, Errors *errs);
/* The same from the document's text; name stands for the file in messages. */
int book_read_json_text(const char *text, const char *name, Book *b, Errors *errs);
int book_write_json(const char *path, const Book *b, Errors *errs);
/* The same document as text in memory (caller frees with free()). */
char *book_json_text(const Book *b);

#endif
