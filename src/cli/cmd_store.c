/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_store.c — commands that move plans in and out of the store: init, import, export,
** plans.
*/
#include "../formats/encoding.h"
#include "../formats/snapshots_xchg.h"
#include "../formats/xchg.h"
#include "../model/digest.h"
#include "../model/plandiff.h"
#include "../model/text.h"
#include "../reports/opendata.h"
#include "../store/publish.h"
#include "../store/snapshot.h"
#include "cli.h"
#include "output.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_init(Cli *cli, int argc, char **argv) {
  static const char *const names[] = {NULL};
  const char *values[1] = {0}, *pos[1];
  int rc = parse_opts(find_command("init"), argc, argv, names, values, pos, 0);
  if (rc >= 0) return rc;
  Store *s = cli_store(cli);
  if (!s) return EXIT_FINDING;
  char err[512];
  rc = store_init(s, err, sizeof err);
  char label[512];
  store_label(cli->db, label, sizeof label);
  if (rc)
    fprintf(stderr, "shinchoku: %s\n", err);
  else
    printf("ストアを準備しました: %s\n", label);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}

static void print_counts(const Plan *p) {
  printf("  ノード %d、指標 %d、値 %d、評価 %d、項目 %d、印刷値 %d\n", p->nnodes, p->ninds,
         p->nvalues, p->ngrades, p->nitems, p->nprinted);
}

/* What importing p over prev (NULL: new) would change: the model's summary of the plan
   difference (what the audit will record), then the rows of the exchange tables in detail. */
void print_import_diff(const Plan *prev, const Plan *p) {
  Buf diff = {0}, summary = {0};
  int n = xchg_diff(prev, p, &diff);
  PlanDiff d;
  plandiff(prev, p, &d);
  plandiff_summary(&d, &summary);
  printf("%s（%s）: %s\n", tx(p->name), tx(p->id),
         prev ? "既存の計画を更新します" : "新しい計画です");
  printf("  概要: %s\n", tx(summary.s));
  plandiff_free(&d);
  buf_free(&summary);
  if (n)
    term_puts(diff.s, stdout);
  else
    printf("  変更はありません\n");
  printf("（--dry-run: 何も保存していません）\n");
  buf_free(&diff);
}

/* 1 when the store has no plan id yet, 0 when it has, -1 when it cannot be read. */
static int plan_is_new(Store *s, const char *id, char *err, size_t errlen) {
  PlanSummary *list = NULL;
  int n = 0, found = 0;
  if (store_list(s, &list, &n, err, errlen)) return -1;
  for (int i = 0; i < n && !found; i++)
    found = strcmp(list[i].id, id) == 0;
  plan_summaries_free(list, n);
  return !found;
}

/* A plan new to the store comes from documents already published: the years it has results
   for are published at once (docs/workflow.md, publication). Re-imports change nothing. */
static int publish_new_plan(Store *s, const Plan *p, char *err, size_t errlen) {
  Actor who = {cli_actor(), "import"};
  return publish_years_with_results(s, p, &who, err, errlen);
}

/* The snapshots an import carries: each one not yet stored is added (one stored with the same
   document is left as it is); one stored under its name with another document is an error. */
static int import_snapshots(Store *s, const Snapshot *v, int n, int *nadded, char *err,
                            size_t errlen) {
  Actor who = {cli_actor(), "import"};
  int added = 0;
  for (int i = 0; i < n; i++) {
    int rc = snapshot_add(s, &v[i], &who, err, errlen);
    if (rc == SNAPSHOT_DIFFERS)
      snprintf(err, errlen,
               "snapshot %s: the store holds another snapshot of that name; "
               "a snapshot is never replaced",
               v[i].name);
    if (rc < 0 || rc == SNAPSHOT_DIFFERS) return -1;
    added += rc == 0;
  }
  *nadded = added;
  return 0;
}

/* The plan, its first publication and its snapshots in one transaction: a failure in any
   stores nothing. Says what it stored once it is committed. */
static int import_plan(Store *s, const Plan *p, const Snapshot *snaps, int nsnaps, const char *path,
                       const char *digest, int force, char *err, size_t errlen) {
  Origin o = {cli_actor(), "import", path, digest, NULL, force};
  if (store_import_begin(s, err, errlen)) return -1;
  int is_new = plan_is_new(s, p->id, err, errlen), added = 0;
  int rc = is_new < 0 ? -1 : store_save(s, p, &o, err, errlen);
  if (rc == 0 && is_new) rc = publish_new_plan(s, p, err, errlen);
  if (rc == 0) rc = import_snapshots(s, snaps, nsnaps, &added, err, errlen);
  char end_err[512];
  if (store_import_end(s, rc == 0, end_err, sizeof end_err) && rc == 0) {
    snprintf(err, errlen, "%s", end_err);
    rc = -1;
  }
  if (rc) return rc;
  printf("取り込みました: %s（%s）\n", tx(p->name), tx(p->id));
  print_counts(p);
  if (nsnaps) printf("  スナップショット %d（新規 %d）\n", nsnaps, added);
  return 0;
}

int cmd_import(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("import");
  static const char *const names[] = {"dry-run!", "encoding", "force!", NULL};
  const char *values[3] = {0}, *pos[1] = {0};
  int rc = parse_opts(cmd, argc, argv, names, values, pos, 1);
  if (rc >= 0) return rc;
  if (!pos[0])
    return usage_error(cmd, "give a folder of CSV files, a .json document or a .xlsx workbook");
  const char *enc = encoding_name(values[1]);
  if (!enc) return usage_error(cmd, "--encoding must be auto, utf-8 or cp932 (shift_jis)");
  if (is_department_workbook(pos[0])) return import_department(cli, pos[0], values[0] != NULL);
  if (is_department_folder(pos[0])) return import_department_folder(cli, pos[0], values[0] != NULL);
  Errors errs = {0};
  Plan *p = xchg_read_path_enc(pos[0], strcmp(enc, "auto") == 0 ? NULL : enc, &errs);
  if (!p) {
    term_errors(&errs, stderr);
    fprintf(stderr, "shinchoku: %s: %d error(s); nothing was stored\n", pos[0], errs.count);
    errors_free(&errs);
    return EXIT_FINDING;
  }
  Snapshot *snaps = NULL;
  int nsnaps = 0;
  if (xchg_read_snapshots(pos[0], p->id, &snaps, &nsnaps, &errs)) {
    term_errors(&errs, stderr);
    fprintf(stderr, "shinchoku: %s: %d error(s); nothing was stored\n", pos[0], errs.count);
    errors_free(&errs);
    snapshots_free(snaps, nsnaps);
    plan_free(p);
    return EXIT_FINDING;
  }
  Store *s = cli_store(cli);
  char err[4096], digest[DIGEST_HEX + 1]; /* room for the approved figures a refusal names */
  rc = s ? store_init(s, err, sizeof err) : -1;
  if (rc == 0 && values[0]) {
    Plan *prev = NULL;
    rc = store_load(s, p->id, &prev, err, sizeof err);
    if (rc == 0) print_import_diff(prev, p);
    plan_free(prev);
  } else if (rc == 0 && digest_path(pos[0], digest)) {
    snprintf(err, sizeof err, "%s: cannot read it again for its digest: %s", pos[0],
             strerror(errno));
    rc = -1;
  } else if (rc == 0) {
    rc = import_plan(s, p, snaps, nsnaps, pos[0], digest, values[2] != NULL, err, sizeof err);
    if (rc == STORE_APPROVED_CHANGED) {
      fprintf(stderr,
              "shinchoku: %s: 承認済みの値を変更または削除するため、取り込みませんでした"
              "（承認より前に書き出したファイルではありませんか。確かめたうえで置き換えるときは "
              "--force を付けます。置き換えは監査証跡に import.force として残ります）\n",
              pos[0]);
    }
  }
  if (rc && s) fprintf(stderr, "shinchoku: %s\n", tx(err));
  store_close(s);
  snapshots_free(snaps, nsnaps);
  plan_free(p);
  return rc ? EXIT_FINDING : EXIT_OK;
}

/* The plan's snapshots into the export at path (formats that carry them). */
static int export_snapshots(Store *s, const char *plan, const char *format, const char *path,
                            Errors *errs) {
  Snapshot *v = NULL;
  int n = 0;
  char err[512];
  if (snapshot_list(s, plan, &v, &n, err, sizeof err)) {
    errors_add(errs, "%s", err);
    return -1;
  }
  int rc = xchg_write_snapshots(format, path, v, n, errs);
  snapshots_free(v, n);
  return rc;
}

int cmd_export(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("export");
  static const char *const names[] = {"plan", "format",   "output", "department",
                                      "year", "encoding", NULL};
  const char *values[6] = {0}, *pos[1] = {0};
  /* -o is the short form of --output */
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "-o") == 0) argv[i] = "--output";
  int rc = parse_opts(cmd, argc, argv, names, values, pos, 0);
  if (rc >= 0) return rc;
  if (!values[0] || !values[2]) return usage_error(cmd, "--plan and -o are required");
  const char *format = values[1] ? values[1] : "dir";
  if (values[3] || values[4]) return export_department(cli, cmd, values);
  static const char *const formats[] = {"dir", "excel-csv", "json", "xlsx", "opendata"};
  if (enum_lookup(formats, 5, format) < 0)
    return usage_error(cmd, "--format must be dir, excel-csv, json, xlsx or opendata");
  const char *enc = values[5] ? encoding_name(values[5]) : NULL;
  if (values[5] && (strcmp(format, "excel-csv") != 0 || !enc || strcmp(enc, "auto") == 0))
    return usage_error(cmd, "--encoding utf-8|cp932 goes with --format excel-csv");
  int folder = strcmp(format, "json") != 0 && strcmp(format, "xlsx") != 0;
  if (folder && output_is_stdout(values[2]))
    return usage_error(
        cmd, "--format %s writes a folder: -o - (standard output) takes json or xlsx", format);
  Output o;
  const char *path = output_open(&o, values[2]);
  if (!path) return EXIT_FINDING;
  Store *s = cli_store(cli);
  Plan *p = s ? cli_load_plan(s, values[0]) : NULL;
  Errors errs = {0};
  if (p && strcmp(format, "opendata") == 0)
    rc = opendata_write(p, path, &errs);
  else
    rc = p ? xchg_write_path_enc(p, format, enc, path, &errs) : -1;
  if (rc == 0 && strcmp(format, "opendata") != 0)
    rc = export_snapshots(s, p->id, format, path, &errs);
  if (output_close(&o, rc == 0)) rc = -1;
  errors_print(&errs, stderr);
  errors_free(&errs);
  plan_free(p);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}

int cmd_plans(Cli *cli, int argc, char **argv) {
  static const char *const names[] = {NULL};
  const char *values[1] = {0}, *pos[1];
  int rc = parse_opts(find_command("plans"), argc, argv, names, values, pos, 0);
  if (rc >= 0) return rc;
  Store *s = cli_store(cli);
  if (!s) return EXIT_FINDING;
  PlanSummary *list = NULL;
  int n = 0;
  char err[512], a[32], b[32];
  rc = store_list(s, &list, &n, err, sizeof err);
  if (rc) fprintf(stderr, "shinchoku: %s\n", err);
  for (int i = 0; i < n; i++)
    printf("%-20s %s（%s）%s〜%s  ノード %d 指標 %d 値 %d\n", tx(list[i].id), tx(list[i].name),
           list[i].municipality ? tx(list[i].municipality) : "", fy_era(list[i].first_year, a),
           fy_era(list[i].last_year, b), list[i].nnodes, list[i].ninds, list[i].nvalues);
  if (rc == 0 && n == 0) printf("計画はまだありません（shinchoku import PATH）\n");
  plan_summaries_free(list, n);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}
