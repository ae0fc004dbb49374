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
  Arena cells; /* rows and cell strings: a national plan has millions of them */
} Sheet;

Sheet *sheet_new(const char *name, const char *file);
void sheet_free(Sheet *s);
int sheet_add_column(Sheet *s, const char *name);   /* returns its index */
int sheet_column(const Sheet *s, const char *name); /* -1 when absent */
/* Append a row of ncols empty cells and return its index. */
int sheet_add_row(Sheet *s, int line);
/* Set a cell (copied; NULL or "" leaves it empty). */
void sheet_set(Sheet *s, int row, int col, const char *value);
const char *sheet_get(const Sheet *s, int row, int col);

/* A set of sheets: one plan in exchange format. */
typedef struct Book {
  Sheet **sheets;
  int nsheets, capsheets;
  char *policy_json; /* the policy document, or NULL */
  char *policy_file;
} Book;

void book_free(Book *b);
Sheet *book_sheet(const Book *b, const char *name);
void book_add(Book *b, Sheet *s);

/* Readers and writers. Each reader collects errors (file, row, column) and returns 0 when
   there were none. */
int csv_read_file(const char *path, const char *name, Sheet **out, Errors *errs);
int csv_write_file(const char *path, const Sheet *s, int bom, Errors *errs);
/* Read a folder of CSV files (plan.csv, nodes.csv, … and policy.json). */
int book_read_dir(const char *dir, Book *b, Errors *errs);
int book_write_dir(const char *dir, const Book *b, Errors *errs);
/* One JSON document with an array of objects per table. */
int book_read_json(const char *path, Book *b, Errors *errs);
int book_write_json(const char *path, const Book *b, Errors *errs);
/* The same document as text in memory (caller frees with free()). */
char *book_json_text(const Book *b);

#endif
