/* SPDX-License-Identifier: Apache-2.0 */
/*
** dept_read.c — a filled department entry workbook back into the plan (see dept.h).
**
** The workbook is compared cell by cell with the entry sheet the plan gives today
** (dept_sheet): every locked cell must be unchanged and every row must be one of the
** department's indicators, so a clerk can change nothing but the input cells, even when the
** sheet protection was removed. The input cells as written are kept on a hidden sheet, so
** only what the clerk changed is stored, and a value the plan got meanwhile is neither
** overwritten nor silently lost (a three-way comparison). The entries are then written into the
*plan's values table
** and the plan is rebuilt through the exchange-format validator, like any import.
*/
#include "../model/entrynum.h"
#include "../model/text.h"
#include "dept.h"
#include "xchg.h"
#include <stdlib.h>
#include <string.h>

static const char *meta(const Sheet *m, const char *key) {
  int k = sheet_column(m, "key"), v = sheet_column(m, "value");
  for (int r = 0; m && r < m->nrows; r++)
    if (sheet_get(m, r, k) && strcmp(sheet_get(m, r, k), key) == 0) return sheet_get(m, r, v);
  return NULL;
}

int dept_read(const char *path, DeptBook *d, Errors *errs) {
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  memset(d, 0, sizeof *d);
  d->file = xstrdup(base);
  if (book_read_xlsx_raw(path, &d->book, errs) != 0) return -1;
  const Sheet *m = book_sheet(&d->book, DEPT_META);
  const char *fmt = m ? meta(m, "format") : NULL, *ver = m ? meta(m, "version") : NULL;
  const char *plan = m ? meta(m, "plan") : NULL, *dept = m ? meta(m, "department") : NULL;
  const char *year = m ? meta(m, "year") : NULL;
  if (!fmt || strcmp(fmt, "shinchoku-department-entry") != 0 || !ver || strcmp(ver, "1") != 0 ||
      !plan || !dept || !year || fy_parse(year, 0, &d->year) != 0) {
    errors_add(errs, "%s: シート「%s」: この版の所管課入力ブックではありません", base, DEPT_META);
    return -1;
  }
  for (int i = 0; i < 2; i++) {
    const char *name = i ? DEPT_ORIGINAL : DEPT_SHEET;
    const Sheet *sh = book_sheet(&d->book, name);
    if (!sh || !sh->ncols) {
      errors_add(errs, "%s: シート「%s」がありません", base, name);
      return -1;
    }
  }
  d->plan_id = xstrdup(plan);
  d->dept = xstrdup(dept);
  return 0;
}

void dept_book_free(DeptBook *d) {
  book_free(&d->book);
  free(d->file);
  free(d->plan_id);
  free(d->dept);
  memset(d, 0, sizeof *d);
}

/* ---- checking the filled sheet -------------------------------------------------------- */

typedef struct Ck {
  const Plan *plan;
  const DeptBook *d;
  const Sheet *got, *want, *orig; /* filled, as the plan gives it today, as written */
  Errors *errs;
} Ck;

static const char *ref(const Ck *k, int r, int c, char *buf) {
  return cell_ref(k->got->xcol[c], k->got->line[r], buf);
}

static int same(const char *a, const char *b) {
  return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The header must be the one written, in the same columns. */
static int check_header(Ck *k) {
  const Sheet *g = k->got, *w = k->want;
  int before = k->errs->count;
  for (int c = 0; c < w->ncols; c++) {
    char *h = text_normalize(w->header[c]), at[16], home[16];
    int gc = sheet_column(g, h ? h : w->header[c]);
    if (gc < 0)
      errors_add(k->errs, "%s: %s!%s: 列「%s」がありません（ブックを出力し直してください）",
                 k->d->file, DEPT_SHEET, cell_ref(c, 1, at), w->header[c]);
    else if (gc != c || g->xcol[gc] != c)
      errors_add(k->errs, "%s: %s!%s: 列「%s」が移動されています（%s の列です）", k->d->file,
                 DEPT_SHEET, cell_ref(g->xcol[gc], 1, at), w->header[c], cell_ref(c, 1, home));
    free(h);
  }
  for (int c = w->ncols; c < g->ncols; c++) {
    char at[16];
    errors_add(k->errs, "%s: %s!%s: 列「%s」は入力シートの列ではありません", k->d->file, DEPT_SHEET,
               cell_ref(g->xcol[c], 1, at), g->header[c]);
  }
  return k->errs->count == before ? 0 : -1;
}

/* The row of want for indicator id, or -1. */
static int want_row(const Sheet *w, const char *id) {
  for (int r = 0; id && r < w->nrows; r++)
    if (strcmp(w->rows[r][0], id) == 0) return r;
  return -1;
}

static void check_locked(Ck *k, int r, int wr) {
  int first = k->want->ncols - DEPT_INPUTS;
  for (int c = 1; c < first; c++) {
    const char *g = k->got->rows[r][c], *w = k->want->rows[wr][c];
    char at[16];
    if (!same(g, w))
      errors_add(k->errs,
                 "%s: %s!%s: 変更できないセルが変更されています: '%s' → '%s'（入力するのは実績・"
                 "見込・状況・コメントの列だけです）",
                 k->d->file, DEPT_SHEET, ref(k, r, c, at), w ? w : "", g ? g : "");
  }
}

/* The values to store for one row: for each input, the clerk's cell where the clerk changed
   it, else the plan's current value (so a value the plan got after the workbook was written
   is kept). changed: whether any input of the actual / the projection was changed. */
typedef struct Entry {
  const char *id, *in[DEPT_INPUTS];
  int actual_changed, projection_changed;
} Entry;

/* The number typed in cell (r, c) passes the entry form's checks (entrynum.h). */
static int check_number(Ck *k, int r, int c, const char *name, const char *v) {
  dec_t d;
  char at[16];
  if (!v || text_is_blank(v)) return 0;
  int ind = plan_indicator(k->plan, k->got->rows[r][0]);
  const char *problem = entry_number_problem(k->plan, ind, v, &d);
  if (!problem) return 0;
  if (num_parse(v, &d) != 0)
    problem = "数値として読めません（値がないときは状況列で言葉を選んでください）";
  errors_add(k->errs, "%s: %s!%s: %s列: %s: '%s'", k->d->file, DEPT_SHEET, ref(k, r, c, at), name,
             problem, v);
  return -1;
}

/* Whether two input cells say the same: the same text, or (both numbers) the same number, so
   that 「1,234」 typed and 1234 stored are one value. */
static int same_input(const char *a, const char *b) {
  if (same(a, b)) return 1;
  dec_t x, y;
  return a && b && num_parse(a, &x) == 0 && num_parse(b, &y) == 0 && x == y;
}

/* Check the input cells of got row r (want row wr, original row orow) and merge them. */
static int check_inputs(Ck *k, int r, int wr, int orow, char **words, Entry *e) {
  int first = k->want->ncols - DEPT_INPUTS, rc = 0;
  static const char *const names[DEPT_INPUTS] = {"実績", "見込", "状況", "コメント"};
  char **g = k->got->rows[r], **w = k->want->rows[wr];
  e->id = g[0];
  for (int i = 0; i < DEPT_INPUTS; i++) {
    const char *o = sheet_get(k->orig, orow, i + 1);
    /* a cell that says what the plan holds now changes nothing (the same workbook imported
       again, or the value approved meanwhile) */
    int changed = !same_input(g[first + i], o) && !same_input(g[first + i], w[first + i]);
    char at[16];
    if (changed && !same(w[first + i], o)) {
      errors_add(k->errs,
                 "%s: %s!%s: %s列: ブックを出力した後に計画の値が変わりました（'%s' → "
                 "'%s'）。ブックを出力し直して '%s' を入力してください",
                 k->d->file, DEPT_SHEET, ref(k, r, first + i, at), names[i], o ? o : "",
                 w[first + i] ? w[first + i] : "", g[first + i] ? g[first + i] : "");
      rc = -1;
    }
    e->in[i] = changed ? g[first + i] : w[first + i];
    if (changed) *(i == 1 ? &e->projection_changed : &e->actual_changed) = 1;
  }
  rc |= check_number(k, r, first, names[0], g[first]);
  rc |= check_number(k, r, first + 1, names[1], g[first + 1]);
  const char *status = g[first + 2];
  if (status && !same(status, w[first + 2])) {
    int known = 0;
    for (int i = 0; words[i]; i++)
      known |= strcmp(words[i], status) == 0;
    if (!known) {
      Buf list = {0};
      for (int i = 0; words[i]; i++)
        buf_printf(&list, "%s%s", i ? " " : "", words[i]);
      char at[16];
      errors_add(k->errs, "%s: %s!%s: 状況列: 決められた言葉（%s）ではありません: '%s'", k->d->file,
                 DEPT_SHEET, ref(k, r, first + 2, at), list.s, status);
      buf_free(&list);
      rc = -1;
    }
  }
  return rc;
}

/* ---- applying ------------------------------------------------------------------------- */

/* The last row of the values sheet for indicator, year and kind, or -1. */
static int value_row(const Sheet *v, const char *id, const char *year, const char *kind) {
  int ci = sheet_column(v, "indicator"), cy = sheet_column(v, "year"), ck = sheet_column(v, "kind");
  int cr = sheet_column(v, "revised"), found = -1;
  for (int r = 0; r < v->nrows; r++)
    if (same(v->rows[r][ci], id) && same(v->rows[r][cy], year) && same(v->rows[r][ck], kind) &&
        !v->rows[r][cr])
      found = r;
  return found;
}

/* Set (or, when num, text and note are all empty, remove) one value. */
static void put_value(Sheet *v, const char *id, int year, const char *kind, const char *num,
                      const char *text, const char *note) {
  char y[16];
  snprintf(y, sizeof y, "%d", year);
  int r = value_row(v, id, y, kind);
  int empty = text_is_blank(num) && !text && !note;
  if (empty) {
    if (r >= 0) sheet_remove_row(v, r);
    return;
  }
  if (r < 0) {
    r = sheet_add_row(v, v->nrows + 2);
    sheet_set(v, r, sheet_column(v, "indicator"), id);
    sheet_set(v, r, sheet_column(v, "year"), y);
    sheet_set(v, r, sheet_column(v, "kind"), kind);
  }
  sheet_set(v, r, sheet_column(v, "value"), text_is_blank(num) ? NULL : num);
  sheet_set(v, r, sheet_column(v, "text"), text);
  if (note || strcmp(kind, "actual") == 0) sheet_set(v, r, sheet_column(v, "note"), note);
}

static void apply_entry(Sheet *values, int year, const Entry *e) {
  if (e->actual_changed) put_value(values, e->id, year, "actual", e->in[0], e->in[2], e->in[3]);
  if (e->projection_changed) put_value(values, e->id, year, "projection", e->in[1], NULL, NULL);
}

Plan *dept_apply(const Plan *prev, const DeptBook *d, Errors *errs) {
  int before = errs->count;
  if (d->year < prev->first_year || d->year > prev->last_year) {
    errors_add(errs, "%s: ブックの年度 %d は計画の期間外です", d->file, d->year);
    return NULL;
  }
  Ck k = {prev,
          d,
          book_sheet(&d->book, DEPT_SHEET),
          dept_sheet(prev, d->dept, d->year),
          book_sheet(&d->book, DEPT_ORIGINAL),
          errs};
  char **words = dept_status_words(prev);
  Entry *entries = xcalloc((size_t)k.got->nrows + 1, sizeof(Entry));
  int *rows = xcalloc((size_t)k.got->nrows + 1, sizeof(int));
  char *seen = xcalloc((size_t)k.want->nrows + 1, 1);
  if (check_header(&k) == 0)
    for (int r = 0; r < k.got->nrows; r++) {
      const char *id = k.got->rows[r][0];
      int wr = want_row(k.want, id);
      char at[16];
      rows[r] = wr;
      cell_ref(k.got->xcol[0], k.got->line[r], at);
      if (wr < 0) {
        errors_add(errs,
                   "%s: %s!%s: '%s' は %s の指標ではありません（入力できるのは担当課の"
                   "指標だけです）",
                   d->file, DEPT_SHEET, at, id ? id : "", d->dept);
        continue;
      }
      if (seen[wr]) {
        errors_add(errs, "%s: %s!%s: 指標 '%s' が2回あります", d->file, DEPT_SHEET, at, id);
        continue;
      }
      seen[wr] = 1;
      int orow = want_row(k.orig, id);
      if (orow < 0) {
        errors_add(
            errs, "%s: %s!%s: 指標 '%s' がシート「%s」にありません（ブックを出力し直してください）",
            d->file, DEPT_SHEET, at, id, DEPT_ORIGINAL);
        continue;
      }
      check_locked(&k, r, wr);
      check_inputs(&k, r, wr, orow, words, &entries[r]);
    }
  Plan *next = NULL;
  if (errs->count == before) {
    Book b = {0};
    xchg_from_plan(prev, &b);
    Sheet *values = book_sheet(&b, "values");
    for (int r = 0; r < k.got->nrows; r++)
      apply_entry(values, d->year, &entries[r]);
    next = xchg_to_plan(&b, errs);
    book_free(&b);
  }
  free(seen);
  free(rows);
  free(entries);
  dept_list_free(words);
  sheet_free((Sheet *)k.want);
  return next;
}
