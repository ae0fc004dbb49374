/* SPDX-License-Identifier: Apache-2.0 */
/*
** dept_write.c — the department entry workbook (see dept.h): its layout as a Sheet of text
** (shared with dept_read.c, which compares the locked cells against it) and the workbook
** written with libxlsxwriter: the entry sheet protected except for the input cells, a
** drop-down of status words, number checks on the numeric inputs, an instructions sheet, a
** hidden copy of the input cells as written and a hidden sheet naming plan, department, year.
*/
#include "../eval/policy.h"
#include "../model/text.h"
#include "dept.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* ---- departments ---------------------------------------------------------------------- */

typedef struct DeptAcc {
  char **v;
  int n, cap;
} DeptAcc;

static void add_dept(const char *part, size_t len, void *ctx) {
  DeptAcc *a = ctx;
  for (int i = 0; i < a->n; i++)
    if (strlen(a->v[i]) == len && memcmp(a->v[i], part, len) == 0) return;
  VEC_PUSH(a->v, a->n, a->cap);
  a->v[a->n++] = xstrndup(part, len);
}

char **dept_list(const Plan *p) {
  DeptAcc a = {0};
  for (int i = 0; i < p->nnodes; i++)
    list_each(p->nodes[i].departments, add_dept, &a);
  VEC_PUSH(a.v, a.n, a.cap);
  a.v[a.n] = NULL;
  return a.v;
}

void dept_list_free(char **list) {
  for (int i = 0; list && list[i]; i++)
    free(list[i]);
  free(list);
}

int dept_count(const Plan *p, const char *dept) {
  int n = 0;
  for (int i = 0; i < p->ninds; i++)
    n += node_has_department(&p->nodes[p->inds[i].node], dept);
  return n;
}

char **dept_status_words(const Plan *p) {
  static const char *const common[] = {"集計中", "未定", "実施予定なし", "検討中"};
  DeptAcc a = {0};
  for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
    add_dept(common[i], strlen(common[i]), &a);
  char msg[256];
  Policy *pol = p->policy_json ? policy_compile(p->policy_json, NULL, 0, msg, sizeof msg) : NULL;
  for (int g = 0; pol && g < pol->ngrades; g++)
    for (int t = 0; pol->grades[g].is_status && t < pol->grades[g].ntexts; t++)
      add_dept(pol->grades[g].texts[t], strlen(pol->grades[g].texts[t]), &a);
  policy_free(pol);
  VEC_PUSH(a.v, a.n, a.cap);
  a.v[a.n] = NULL;
  return a.v;
}

/* ---- the layout ----------------------------------------------------------------------- */

/* The newest (not superseded) value of a kind, or NULL. */
static const Value *find_value(const Plan *p, int ind, int year, int kind) {
  const Value *found = NULL;
  for (int i = 0; i < p->nvalues; i++) {
    const Value *v = &p->values[i];
    if (v->indicator == ind && v->year == year && v->kind == kind && !v->superseded) found = v;
  }
  return found;
}

/* A value as people read it: the number, else the status text. */
static const char *value_text(const Value *v, char *buf) {
  if (!v) return NULL;
  if (!dec_is_none(v->num)) return dec_format(v->num, -1, buf);
  return v->text;
}

static void add_col(Sheet *s, const char *fmt, int year) {
  char fy[64];
  Buf b = {0};
  buf_printf(&b, fmt, year ? fy_both(year, fy) : "");
  sheet_add_column(s, b.s);
  buf_free(&b);
}

Sheet *dept_sheet(const Plan *p, const char *dept, int year) {
  Sheet *s = sheet_new(DEPT_SHEET, NULL);
  const char *fixed[] = {"指標ID", "番号", "取組", "指標", "単位"};
  for (int i = 0; i < 5; i++)
    sheet_add_column(s, fixed[i]);
  for (int y = p->first_year; y < year; y++)
    add_col(s, "%s 実績", y);
  add_col(s, "%s 目標", year);
  const char *inputs[DEPT_INPUTS] = {"実績（入力）", "見込（入力）", "状況（入力）",
                                     "コメント（入力）"};
  for (int i = 0; i < DEPT_INPUTS; i++)
    sheet_add_column(s, inputs[i]);
  for (int i = 0; i < p->ninds; i++) {
    const Indicator *in = &p->inds[i];
    const Node *n = &p->nodes[in->node];
    if (!node_has_department(n, dept)) continue;
    int r = sheet_add_row(s, s->nrows + 2), c = 0;
    char buf[DEC_MAX_TEXT];
    Buf num = {0};
    buf_printf(&num, "%s%s%s", n->number ? n->number : "", n->number && in->number ? " " : "",
               in->number ? in->number : "");
    sheet_set(s, r, c++, in->id);
    sheet_set(s, r, c++, num.s);
    sheet_set(s, r, c++, n->name);
    sheet_set(s, r, c++, in->name);
    sheet_set(s, r, c++, in->unit);
    buf_free(&num);
    for (int y = p->first_year; y < year; y++)
      sheet_set(s, r, c++, value_text(find_value(p, i, y, VK_ACTUAL), buf));
    sheet_set(s, r, c++, value_text(find_value(p, i, year, VK_TARGET), buf));
    const Value *a = find_value(p, i, year, VK_ACTUAL), *pr = find_value(p, i, year, VK_PROJECTION);
    if (a && !dec_is_none(a->num)) sheet_set(s, r, c, dec_format(a->num, -1, buf));
    c++;
    if (pr) sheet_set(s, r, c, value_text(pr, buf));
    c++;
    if (a) sheet_set(s, r, c, a->text);
    c++;
    if (a) sheet_set(s, r, c, value_extra(p, a)->note);
  }
  return s;
}

/* ---- the workbook --------------------------------------------------------------------- */

typedef struct Formats {
  lxw_format *head, *locked, *input, *title;
} Formats;

static void write_text(lxw_worksheet *ws, int r, int c, const char *v, lxw_format *f) {
  double d;
  if (v && xlsx_exact_number(v, &d))
    worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, d, f);
  else if (v)
    worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, v, f);
  else
    worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, f);
}

static void validate_inputs(lxw_worksheet *ws, int nrows, int first, char **words) {
  if (!nrows) return;
  lxw_data_validation num = {.validate = LXW_VALIDATION_TYPE_DECIMAL,
                             .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
                             .minimum_number = -1e12,
                             .maximum_number = 1e12,
                             .error_title = "数値を入力してください",
                             .error_message = "実績・見込は数値で入力します。言葉は「状況」欄へ。"};
  worksheet_data_validation_range(ws, 1, (lxw_col_t)first, (lxw_row_t)nrows, (lxw_col_t)(first + 1),
                                  &num);
  lxw_data_validation list = {.validate = LXW_VALIDATION_TYPE_LIST,
                              .value_list = words,
                              .error_title = "状況の言葉",
                              .error_message = "一覧から選んでください。"};
  worksheet_data_validation_range(ws, 1, (lxw_col_t)(first + 2), (lxw_row_t)nrows,
                                  (lxw_col_t)(first + 2), &list);
}

static void write_entry(lxw_workbook *wb, const Sheet *s, Formats *f, char **words) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, DEPT_SHEET);
  int first = s->ncols - DEPT_INPUTS;
  for (int c = 0; c < s->ncols; c++)
    worksheet_write_string(ws, 0, (lxw_col_t)c, s->header[c], f->head);
  for (int r = 0; r < s->nrows; r++)
    for (int c = 0; c < s->ncols; c++)
      write_text(ws, r + 1, c, s->rows[r][c], c >= first ? f->input : f->locked);
  validate_inputs(ws, s->nrows, first, words);
  worksheet_set_column(ws, 0, 1, 10, NULL);
  worksheet_set_column(ws, 2, 3, 30, NULL);
  worksheet_set_column(ws, 4, (lxw_col_t)(first - 1), 12, NULL);
  worksheet_set_column(ws, (lxw_col_t)first, (lxw_col_t)(first + 2), 14, NULL);
  worksheet_set_column(ws, (lxw_col_t)(first + 3), (lxw_col_t)(first + 3), 40, NULL);
  worksheet_set_row(ws, 0, 36, NULL);
  worksheet_freeze_panes(ws, 1, 4);
  lxw_protection prot = {.format_columns = 1, .format_rows = 1};
  worksheet_protect(ws, NULL, &prot);
  worksheet_activate(ws);
}

static void write_help(lxw_workbook *wb, const Plan *p, const char *dept, int year, Formats *f) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, "説明");
  char fy[64];
  Buf b = {0};
  buf_printf(&b, "%s %s %s 実績入力", p->name, fy_both(year, fy), dept);
  worksheet_write_string(ws, 0, 0, b.s, f->title);
  buf_free(&b);
  const char *lines[] = {
      "「実績入力」シートの黄色の欄（実績・見込・状況・コメント）だけを入力してください。",
      "実績・見込は数値で入力します（単位は「単位」欄のとおり）。",
      "数値がない場合は「状況」欄で言葉を選んでください（集計中・未定など）。",
      "ほかの欄は保護されています。変更された場合は取り込み時にエラーになります。",
      "入力後、このファイルを事務局へ返送してください。",
  };
  for (int i = 0; i < 5; i++)
    worksheet_write_string(ws, (lxw_row_t)(i + 2), 0, lines[i], NULL);
  worksheet_set_column(ws, 0, 0, 90, NULL);
}

static void write_original(lxw_workbook *wb, const Sheet *s) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, DEPT_ORIGINAL);
  int first = s->ncols - DEPT_INPUTS;
  worksheet_write_string(ws, 0, 0, s->header[0], NULL);
  for (int i = 0; i < DEPT_INPUTS; i++)
    worksheet_write_string(ws, 0, (lxw_col_t)(i + 1), s->header[first + i], NULL);
  for (int r = 0; r < s->nrows; r++) {
    write_text(ws, r + 1, 0, s->rows[r][0], NULL);
    for (int i = 0; i < DEPT_INPUTS; i++)
      if (s->rows[r][first + i]) write_text(ws, r + 1, i + 1, s->rows[r][first + i], NULL);
  }
  worksheet_hide(ws);
  worksheet_protect(ws, NULL, NULL);
}

static void write_meta(lxw_workbook *wb, const Plan *p, const char *dept, int year) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, DEPT_META);
  const char *keys[] = {"key", "format", "version", "plan", "department", "year"};
  char y[16];
  snprintf(y, sizeof y, "%d", year);
  const char *vals[] = {"value", "shinchoku-department-entry", "1", p->id, dept, y};
  for (int i = 0; i < 6; i++) {
    worksheet_write_string(ws, (lxw_row_t)i, 0, keys[i], NULL);
    worksheet_write_string(ws, (lxw_row_t)i, 1, vals[i], NULL);
  }
  worksheet_hide(ws);
  worksheet_protect(ws, NULL, NULL);
}

int dept_write_xlsx(const Plan *p, const char *dept, int year, const char *path, Errors *errs) {
  lxw_workbook *wb = workbook_new(path);
  if (!wb) {
    errors_add(errs, "%s: cannot write: %s", path, strerror(errno));
    return -1;
  }
  Formats f = {workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb),
               workbook_add_format(wb)};
  format_set_bold(f.head);
  format_set_text_wrap(f.head);
  format_set_bg_color(f.head, 0xDDEBF7);
  format_set_border(f.head, LXW_BORDER_THIN);
  format_set_border(f.locked, LXW_BORDER_THIN);
  format_set_bg_color(f.locked, 0xF2F2F2);
  format_set_unlocked(f.input);
  format_set_bg_color(f.input, 0xFFF2CC);
  format_set_border(f.input, LXW_BORDER_THIN);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  Sheet *s = dept_sheet(p, dept, year);
  char **words = dept_status_words(p);
  write_entry(wb, s, &f, words);
  write_help(wb, p, dept, year, &f);
  write_original(wb, s);
  write_meta(wb, p, dept, year);
  lxw_error rc = workbook_close(wb);
  dept_list_free(words);
  sheet_free(s);
  if (rc != LXW_NO_ERROR) {
    errors_add(errs, "%s: cannot write the workbook: %s", path, lxw_strerror(rc));
    return -1;
  }
  return 0;
}
