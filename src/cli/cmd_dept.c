/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_dept.c — department entry workbooks on the command line: `export --department NAME
** --year FY --format xlsx -o FILE` (or `--department all -o DIR`: one workbook per
** department), and `import FILE.xlsx` of a filled workbook (with --dry-run).
*/
#include "../formats/dept.h"
#include "../model/digest.h"
#include "../model/text.h"
#include "cli.h"
#include "output.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
      errors_add(&errs, "%s: the plan '%s' is not in the store", d.file, d.plan_id);
      rc = -1;
    }
  }
  if (prev) next = dept_apply(prev, &d, &errs);
  if (!next) {
    if (err[0]) fprintf(stderr, "shinchoku: %s\n", err);
    term_errors(&errs, stderr);
    fprintf(stderr, "shinchoku: %s: %d error(s); nothing was stored\n", path, errs.count);
    rc = -1;
  } else if (dry_run) {
    char fy[64];
    printf("%s: %s %s の入力\n", path, fy_both(d.year, fy), tx(d.dept));
    print_import_diff(prev, next);
  } else {
    char digest[DIGEST_HEX + 1];
    Origin o = {cli_actor(), "import", path, digest_file(path, digest) ? NULL : digest,
                "department workbook"};
    rc = store_save(s, next, &o, err, sizeof err);
    if (rc == 0)
      printf("取り込みました: %s（%s）%s の入力\n", tx(next->name), tx(next->id), tx(d.dept));
    else
      fprintf(stderr, "shinchoku: %s\n", err);
  }
  errors_free(&errs);
  plan_free(prev);
  plan_free(next);
  dept_book_free(&d);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}
