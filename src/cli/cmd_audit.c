/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_audit.c — `shinchoku audit`: the audit trail, newest first, filtered by plan, subject
** or user, as text or CSV; and `audit --verify`, which recomputes the hash chain and exits 1
** naming the first row that does not match.
*/
#include "../formats/sheet.h"
#include "../model/text.h"
#include "../store/staff.h"
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *or_none(const char *s) {
  return s ? s : "（なし）";
}

static void print_text(const AuditRow *r) {
  char fy[64];
  printf("%lld  %s  %s（%s）  %s", r->seq, tx(r->at), tx(r->actor), tx(r->via), tx(r->action));
  if (r->plan)
    printf("  %s%s%s", tx(r->plan), r->subject ? " / " : "", r->subject ? tx(r->subject) : "");
  else if (r->subject)
    printf("  %s", tx(r->subject));
  if (r->year) printf("  %s", fy_both(r->year, fy));
  if (r->field) printf("  %s:", tx(r->field));
  if (r->old_value || (r->plan && r->subject)) /* a change of plan data: old → new */
    printf(" %s → %s", tx(or_none(r->old_value)), tx(or_none(r->new_value)));
  else if (r->new_value)
    printf(" %s", tx(r->new_value));
  if (r->reason) printf("  理由: %s", tx(r->reason));
  putchar('\n');
}

static void print_csv(const AuditRow *r) {
  char year[16] = "";
  if (r->year) snprintf(year, sizeof year, "%d", r->year);
  const char *f[] = {r->at, r->actor, r->via,       r->action,    r->plan,   r->subject,
                     year,  r->field, r->old_value, r->new_value, r->reason, r->hash};
  printf("%lld", r->seq);
  for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
    putchar(',');
    csv_put_field(stdout, f[i]);
  }
  fputs("\r\n", stdout);
}

static int verify(Store *s) {
  long long bad = 0;
  char err[512];
  int rc = audit_verify(s, &bad, err, sizeof err);
  if (rc < 0) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return EXIT_FINDING;
  }
  if (rc == 1) {
    printf("監査証跡が改ざんされています: 行 %lld のハッシュが記録と一致しません"
           "（この行か、その直前の行が変更または削除されました）\n",
           bad);
    return EXIT_FINDING;
  }
  AuditRow *last = NULL;
  int n = 0;
  AuditFilter one = {.limit = 1};
  if (audit_list(s, &one, &last, &n, err, sizeof err) == 0 && n == 1)
    printf("監査証跡は改ざんされていません（%lld 行、最後の行のハッシュ %s）\n", last->seq,
           last->hash);
  else
    printf("監査証跡はまだ空です\n");
  audit_rows_free(last, n);
  return EXIT_OK;
}

int cmd_audit(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("audit");
  static const char *const names[] = {"plan",   "subject", "user", "limit",
                                      "format", "verify!", NULL};
  const char *v[6] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (v[5] && (v[0] || v[1] || v[2] || v[3] || v[4]))
    return usage_error(cmd, "--verify takes no other option");
  const char *format = v[4] ? v[4] : "text";
  if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0)
    return usage_error(cmd, "--format must be text or csv");
  char *end = NULL;
  long limit = v[3] ? strtol(v[3], &end, 10) : 0;
  if (v[3] && (*end || limit <= 0 || limit > 100000000))
    return usage_error(cmd, "--limit must be a positive number");
  Store *s = cli_store_ready(cli);
  if (!s) return EXIT_FINDING;
  if (v[5]) {
    rc = verify(s);
    store_close(s);
    return rc;
  }
  AuditFilter f = {.plan = v[0], .subject = v[1], .actor = v[2], .limit = (int)limit};
  AuditRow *rows = NULL;
  int n = 0;
  char err[512];
  rc = audit_list(s, &f, &rows, &n, err, sizeof err);
  if (rc) fprintf(stderr, "shinchoku: %s\n", err);
  int csv = strcmp(format, "csv") == 0;
  if (csv && rc == 0)
    fputs("seq,at,actor,via,action,plan,subject,year,field,old,new,reason,hash\r\n", stdout);
  for (int i = 0; i < n; i++)
    csv ? print_csv(&rows[i]) : print_text(&rows[i]);
  if (!csv && rc == 0 && n == 0) printf("該当する記録はありません\n");
  audit_rows_free(rows, n);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}
