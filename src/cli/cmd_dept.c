/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_dept.c — department entry workbooks on the command line: `export --department NAME
** --year FY --format xlsx -o FILE` (or `--department all -o DIR`: one workbook per
** department), and `import FILE.xlsx` of a filled workbook (with --dry-run): only the values
** the clerk changed are written, in one transaction against the plan as stored then;
** `import FOLDER` of a folder of returned workbooks imports each one so, reporting each.
*/
#include "../formats/dept.h"
#include "../model/digest.h"
#include "../model/text.h"
#include "../store/staff.h"
#include "cli.h"
#include "output.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

/* A file name for a department: its name with path separators and spaces replaced. */
static char *dept_file(const char *dir, const char *dept) {
  Buf b = {0};
  buf_printf(&b, "%s/", dir);
  for (const char *p = dept; *p; p++)
    buf_putc(&b, strchr("/\\: ", *p) ? '_' : *p);
  buf_put(&b, ".xlsx");
  return buf_detach(&b);
}

static int write_one(const Plan *p, const char *dept, int year, const char *path) {
  Errors errs = {0};
  int rc = dept_write_xlsx(p, dept, year, path, &errs);
  errors_print(&errs, stderr);
  errors_free(&errs);
  if (rc == 0) printf("書き出しました: %s（%s、指標 %d）\n", path, dept, dept_count(p, dept));
  return rc;
}

static int write_all(const Plan *p, int year, const char *dir) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "shinchoku: %s: cannot create folder: %s\n", dir, strerror(errno));
    return -1;
  }
  char **list = dept_list(p);
  int rc = 0;
  for (int i = 0; list[i] && rc == 0; i++) {
    if (dept_count(p, list[i]) == 0) { /* a department of nodes without indicators */
      printf("省略しました: %s（指標がありません）\n", list[i]);
      continue;
    }
    char *path = dept_file(dir, list[i]);
    rc = write_one(p, list[i], year, path);
    free(path);
  }
  if (!list[0]) {
    fprintf(stderr, "shinchoku: plan '%s' names no departments\n", p->id);
    rc = -1;
  }
  dept_list_free(list);
  return rc;
}

int export_department(Cli *cli, const Command *cmd, const char *const *values) {
  const char *plan = values[0], *format = values[1], *out = values[2], *dept = values[3];
  if (!plan || !out || !dept || !values[4])
    return usage_error(cmd, "--plan, --department, --year and -o are required together");
  if (format && strcmp(format, "xlsx") != 0)
    return usage_error(cmd, "department workbooks are written as --format xlsx");
  if (strcmp(dept, "all") == 0 && output_is_stdout(out))
    return usage_error(cmd, "--department all writes a folder: -o - takes one department");
  int year;
  if (cli_year(cmd, values[4], &year) != 0) return EXIT_USAGE;
  Store *s = cli_store(cli);
  Plan *p = s ? cli_load_plan(s, plan) : NULL;
  int rc = -1;
  char fy[64];
  if (p && (year < p->first_year || year > p->last_year))
    fprintf(stderr, "shinchoku: %s is outside the plan's years\n", fy_both(year, fy));
  else if (p && strcmp(dept, "all") == 0)
    rc = write_all(p, year, out);
  else if (p && dept_count(p, dept) == 0) {
    char **list = dept_list(p);
    fprintf(stderr, "shinchoku: no indicator of plan '%s' belongs to '%s'; departments:", p->id,
            dept);
    for (int i = 0; list[i]; i++)
      fprintf(stderr, " %s", list[i]);
    fputc('\n', stderr);
    dept_list_free(list);
  } else if (p) {
    Output o; /* -o - : the one workbook on standard output */
    const char *file = output_open(&o, out);
    rc = file ? write_one(p, dept, year, file) : -1;
    if (file && output_close(&o, rc == 0)) rc = -1;
  }
  plan_free(p);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}

int is_department_workbook(const char *path) {
  size_t n = strlen(path);
  return n > 5 && strcmp(path + n - 5, ".xlsx") == 0 && xlsx_has_sheet(path, DEPT_META);
}

/* ---- import: only what the workbook changes, against the plan as stored now ------------- */

/* The last current actual and projection row of each indicator in year:
   rows[2 * indicator + (kind - VK_ACTUAL)], -1 for none. Caller frees. */
static int *last_rows(const Plan *p, int year) {
  int *rows = xmalloc(((size_t)p->ninds * 2 + 1) * sizeof *rows);
  for (int i = 0; i < p->ninds * 2; i++)
    rows[i] = -1;
  for (int v = 0; v < p->nvalues; v++) {
    const Value *x = &p->values[v];
    if (x->year == year && !x->superseded && (x->kind == VK_ACTUAL || x->kind == VK_PROJECTION))
      rows[2 * x->indicator + (x->kind - VK_ACTUAL)] = v;
  }
  return rows;
}

static int same_text(const char *a, const char *b) {
  return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether value row a of plan p and row b of plan q (-1: none) hold the same figures. */
static int same_value(const Plan *p, int a, const Plan *q, int b) {
  if (a < 0 || b < 0) return a == b;
  const Value *x = &p->values[a], *y = &q->values[b];
  const ValueExtra *ex = value_extra(p, x), *ey = value_extra(q, y);
  return x->num == y->num && same_text(x->text, y->text) && same_text(ex->as_of, ey->as_of) &&
         same_text(ex->note, ey->note);
}

typedef struct Workbook {
  const DeptBook *d;
  Errors *errs;
  Plan *next; /* the plan with the workbook applied: the edits borrow its strings */
} Workbook;

/* ValueEditFn: apply the workbook to the plan as stored now (the three-way check of
   dept_apply runs against it) and give the actuals and projections of its year that differ. */
static int workbook_edits(const Plan *now, void *ctx, ValueEdit **out, int *n) {
  Workbook *w = ctx;
  int cap = 0, year = w->d->year;
  *out = NULL;
  *n = 0;
  w->next = dept_apply(now, w->d, w->errs);
  if (!w->next) return -1;
  const Plan *next = w->next;
  int *before = last_rows(now, year), *after = last_rows(next, year);
  for (int i = 0; i < next->ninds; i++) {
    int j = plan_indicator(now, next->inds[i].id);
    for (int k = 0; k < 2; k++) {
      int a = j >= 0 ? before[2 * j + k] : -1, b = after[2 * i + k];
      if (same_value(now, a, next, b)) continue;
      const Value *v = b >= 0 ? &next->values[b] : NULL;
      VEC_PUSH(*out, *n, cap);
      (*out)[(*n)++] = (ValueEdit){next->inds[i].id,
                                   year,
                                   VK_ACTUAL + k,
                                   v != NULL,
                                   v ? v->num : DEC_NONE,
                                   v ? v->text : NULL,
                                   v ? value_extra(next, v)->as_of : NULL,
                                   v ? value_extra(next, v)->note : NULL,
                                   v ? value_extra(next, v)->source : NULL};
    }
  }
  free(before);
  free(after);
  return 0;
}

/* Store the workbook's changes in one write transaction. */
static int store_workbook(Store *s, const DeptBook *d, const char *path, Errors *errs) {
  char digest[DIGEST_HEX + 1], err[512] = "";
  Origin o = {cli_actor(), "import", path, digest_file(path, digest) ? NULL : digest,
              "department workbook"};
  Workbook w = {d, errs, NULL};
  int changed = 0;
  int rc = plan_edit_values(s, d->plan_id, workbook_edits, &w, &o, &changed, err, sizeof err);
  if (rc == 0)
    printf("取り込みました: %s（%s）%s の入力、%d 件の値\n", tx(w.next->name), tx(w.next->id),
           tx(d->dept), changed);
  else if (rc == PLAN_EDIT_REFUSED) {
    errors_print(errs, stderr);
    fprintf(stderr, "shinchoku: %s: エラー %d 件。何も保存していません\n", path, errs->count);
  } else
    fprintf(stderr, "shinchoku: %s\n", err);
  plan_free(w.next);
  return rc;
}

int import_department(Cli *cli, const char *path, int dry_run) {
  Errors errs = {0};
  DeptBook d;
  Store *s = NULL;
  Plan *prev = NULL, *next = NULL;
  char err[512] = "";
  int rc = dept_read(path, &d, &errs);
  if (rc == 0) {
    s = cli_store(cli);
    rc = s ? store_load(s, d.plan_id, &prev, err, sizeof err) : -1;
    if (rc == 0 && !prev) {
      errors_add(&errs, "%s: 計画 '%s' はストアにありません", d.file, d.plan_id);
      rc = -1;
    }
  }
  if (prev) next = dept_apply(prev, &d, &errs);
  if (!next) {
    if (err[0]) fprintf(stderr, "shinchoku: %s\n", err);
    term_errors(&errs, stderr);
    fprintf(stderr, "shinchoku: %s: エラー %d 件。何も保存していません\n", path, errs.count);
    rc = -1;
  } else if (dry_run) {
    char fy[64];
    printf("%s: %s %s の入力\n", path, fy_both(d.year, fy), tx(d.dept));
    print_import_diff(prev, next);
  } else {
    Errors again = {0}; /* checked once more against the plan as stored when it is written */
    rc = store_workbook(s, &d, path, &again);
    errors_free(&again);
  }
  errors_free(&errs);
  plan_free(prev);
  plan_free(next);
  dept_book_free(&d);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}

/* ---- a folder of returned workbooks --------------------------------------------------- */

static int is_xlsx_name(const char *name) {
  size_t n = strlen(name);
  return n > 5 && strcmp(name + n - 5, ".xlsx") == 0 && name[0] != '.' && name[0] != '~';
}

static int has_xlsx(const struct dirent *e) {
  return is_xlsx_name(e->d_name);
}

int is_department_folder(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) return 0;
  Buf plan = {0};
  buf_printf(&plan, "%s/plan.csv", path);
  int exchange = access(plan.s, F_OK) == 0;
  buf_free(&plan);
  if (exchange) return 0;
  struct dirent **names = NULL;
  int n = scandir(path, &names, has_xlsx, alphasort), found = 0;
  for (int i = 0; i < n; i++) {
    Buf file = {0};
    buf_printf(&file, "%s/%s", path, names[i]->d_name);
    found |= is_department_workbook(file.s);
    buf_free(&file);
    free(names[i]);
  }
  free(names);
  return found;
}

int import_department_folder(Cli *cli, const char *path, int dry_run) {
  struct dirent **names = NULL;
  int n = scandir(path, &names, has_xlsx, alphasort), stored = 0, failed = 0, skipped = 0;
  if (n < 0) {
    fprintf(stderr, "shinchoku: %s: %s\n", path, strerror(errno));
    return EXIT_FINDING;
  }
  for (int i = 0; i < n; i++) {
    Buf file = {0};
    buf_printf(&file, "%s/%s", path, names[i]->d_name);
    if (!is_department_workbook(file.s)) {
      printf("対象外: %s（所管課の入力ブックではありません）\n", file.s);
      skipped++;
    } else if (import_department(cli, file.s, dry_run) == EXIT_OK) {
      stored++;
    } else {
      printf("取り込めませんでした: %s（理由は上のエラー）\n", file.s);
      failed++;
    }
    fflush(stdout);
    buf_free(&file);
    free(names[i]);
  }
  free(names);
  printf("%s: 入力ブック %d 冊のうち、%s %d 冊、エラー %d 冊%s\n", path, stored + failed,
         dry_run ? "確認できた" : "取り込んだ", stored, failed,
         skipped ? "（ほかのファイルは対象外）" : "");
  return failed ? EXIT_FINDING : EXIT_OK;
}
