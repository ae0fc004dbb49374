/* SPDX-License-Identifier: Apache-2.0 */
/*
** sheet.c — the Sheet and Book containers (see sheet.h).
*/
#include "sheet.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Sheet *sheet_new(const char *name, const char *file) {
  Sheet *s = xcalloc(1, sizeof *s);
  s->name = xstrdup(name);
  s->file = xstrdup(file ? file : name);
  return s;
}

void sheet_free(Sheet *s) {
  if (!s) return;
  arena_free(&s->cells);
  for (int c = 0; c < s->ncols; c++)
    free(s->header[c]);
  free(s->header);
  free(s->rows);
  free(s->line);
  free(s->xcol);
  free(s->name);
  free(s->file);
  free(s);
}

int sheet_add_column(Sheet *s, const char *name) {
  int cap = s->capcols;
  VEC_PUSH(s->header, s->ncols, s->capcols);
  s->header[s->ncols] = xstrdup(name);
  if (s->xcol) {
    if (cap != s->capcols) s->xcol = xrealloc(s->xcol, sizeof(int) * (size_t)s->capcols);
    s->xcol[s->ncols] = s->ncols ? s->xcol[s->ncols - 1] + 1 : 0;
  }
  /* rows live in the arena: give each a new, wider copy (columns are rarely added late) */
  for (int r = 0; r < s->nrows; r++) {
    char **row = arena_alloc_ptrs(&s->cells, (size_t)(s->ncols + 1));
    memcpy(row, s->rows[r], sizeof(char *) * (size_t)s->ncols);
    row[s->ncols] = NULL;
    s->rows[r] = row;
  }
  return s->ncols++;
}

int sheet_column(const Sheet *s, const char *name) {
  for (int c = 0; c < s->ncols; c++)
    if (strcmp(s->header[c], name) == 0) return c;
  return -1;
}

int sheet_add_row(Sheet *s, int line) {
  if (s->nrows == s->caprows) {
    s->caprows = s->caprows ? s->caprows * 2 : 64;
    s->rows = xrealloc(s->rows, sizeof(char **) * (size_t)s->caprows);
    s->line = xrealloc(s->line, sizeof(int) * (size_t)s->caprows);
  }
  s->rows[s->nrows] = arena_alloc_ptrs(&s->cells, (size_t)s->ncols);
  memset(s->rows[s->nrows], 0, sizeof(char *) * (size_t)s->ncols);
  s->line[s->nrows] = line;
  return s->nrows++;
}

void sheet_remove_row(Sheet *s, int row) {
  memmove(&s->rows[row], &s->rows[row + 1], sizeof(char **) * (size_t)(s->nrows - row - 1));
  memmove(&s->line[row], &s->line[row + 1], sizeof(int) * (size_t)(s->nrows - row - 1));
  s->nrows--;
}

/* The same text in column col of one of the two rows before row, or NULL. Cells are never
   changed in place, so rows may share one: a national plan's values sheet repeats its
   indicator, year and kind in row after row (a tenth of an import's peak memory). */
static char *earlier_same(const Sheet *s, int row, int col, const char *value) {
  for (int r = row - 1; r >= 0 && r >= row - 2; r--) {
    char *c = col < s->ncols ? s->rows[r][col] : NULL;
    if (c && strcmp(c, value) == 0) return c;
  }
  return NULL;
}

void sheet_set(Sheet *s, int row, int col, const char *value) {
  char *same = value && *value ? earlier_same(s, row, col, value) : NULL;
  s->rows[row][col] = same ? same : arena_strdup(&s->cells, value);
}

const char *sheet_get(const Sheet *s, int row, int col) {
  return col >= 0 && col < s->ncols ? s->rows[row][col] : NULL;
}

void book_free(Book *b) {
  for (int i = 0; i < b->nsheets; i++)
    sheet_free(b->sheets[i]);
  free(b->sheets);
  free(b->policy_json);
  free(b->policy_file);
  memset(b, 0, sizeof *b);
}

Sheet *book_sheet(const Book *b, const char *name) {
  for (int i = 0; i < b->nsheets; i++)
    if (strcmp(b->sheets[i]->name, name) == 0) return b->sheets[i];
  return NULL;
}

void book_add(Book *b, Sheet *s) {
  VEC_PUSH(b->sheets, b->nsheets, b->capsheets);
  b->sheets[b->nsheets++] = s;
}

char *cell_ref(int col, int row, char *buf) {
  char letters[8];
  int n = 0;
  for (col++; col > 0 && n < 7; col = (col - 1) / 26)
    letters[n++] = (char)('A' + (col - 1) % 26);
  int k = 0;
  while (n > 0)
    buf[k++] = letters[--n];
  snprintf(buf + k, 16 - (size_t)k, "%d", row);
  return buf;
}
