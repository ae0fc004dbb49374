/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_audit.c — `shinchoku audit`: the audit trail, newest first, filtered by plan, subject
** or user, as text or CSV; `audit --verify`, which recomputes the hash chain and exits 1
** naming the first row that does not match; and checkpoints of the chain's head kept outside
** the store: `audit --checkpoint FILE` appends "seq hash time" of the last row to FILE, and
** `audit --verify --checkpoint FILE` checks every checkpoint in it against the store, so rows
** cut from the end or a chain rewritten with fresh hashes are found too.
*/
#include "../formats/sheet.h"
#include "../model/digest.h"
#include "../model/text.h"
#include "../store/staff.h"
#include "cli.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* ---- checkpoints ------------------------------------------------------------------------- */

#define CHECKPOINT_HEAD "# shinchoku audit checkpoints: seq hash time\n"

/* Append the last row's seq and hash, and the time, to path. */
static int checkpoint_write(Store *s, const char *path) {
  long long seq = 0;
  char hash[DIGEST_HEX + 1], err[512], now[32];
  int rc = audit_hash_at(s, &seq, hash, err, sizeof err);
  if (rc < 0) fprintf(stderr, "shinchoku: %s\n", err);
  if (rc == 1) fprintf(stderr, "shinchoku: the audit trail is empty: nothing to checkpoint\n");
  if (rc) return EXIT_FINDING;
  FILE *f = fopen(path, "a");
  if (!f) {
    fprintf(stderr, "shinchoku: %s: cannot write: %s\n", path, strerror(errno));
    return EXIT_FINDING;
  }
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (ftell(f) == 0) fputs(CHECKPOINT_HEAD, f);
  fprintf(f, "%lld %s %s\n", seq, hash, now);
  if (fclose(f) != 0) {
    fprintf(stderr, "shinchoku: %s: cannot write: %s\n", path, strerror(errno));
    return EXIT_FINDING;
  }
  printf("チェックポイントを記録しました: 行 %lld、ハッシュ %s（%s）→ %s\n", seq, hash, now, path);
  return EXIT_OK;
}

/* Compare one checkpoint line with the store: 0 it matches, 1 it does not (said on stdout),
   -1 the line cannot be read. */
static int checkpoint_check(Store *s, const char *path, int lineno, const char *line) {
  long long seq = 0;
  char want[DIGEST_HEX + 1], have[DIGEST_HEX + 1], at[40] = "", err[512];
  if (sscanf(line, "%lld %64s %39s", &seq, want, at) < 2 || seq <= 0 ||
      strlen(want) != DIGEST_HEX) {
    fprintf(stderr, "shinchoku: %s:%d: not a checkpoint (seq hash time): %.80s\n", path, lineno,
            line);
    return -1;
  }
  long long found = seq;
  int rc = audit_hash_at(s, &found, have, err, sizeof err);
  if (rc < 0) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return -1;
  }
  if (rc == 1) {
    long long last = 0;
    if (audit_hash_at(s, &last, have, err, sizeof err) != 0) last = 0;
    printf("監査証跡が改ざんされています: チェックポイント（%s）の行 %lld がありません"
           "（証跡は行 %lld で終わっています。末尾の行が削除されました）\n",
           at, seq, last);
    return 1;
  }
  if (strcmp(have, want) != 0) {
    printf("監査証跡が改ざんされています: 行 %lld のハッシュがチェックポイント（%s）と一致しません"
           "（その行までの証跡が書き換えられました）\n",
           seq, at);
    return 1;
  }
  return 0;
}

/* Every checkpoint of path against the store: 0 all match, else EXIT_FINDING. */
static int checkpoints_verify(Store *s, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "shinchoku: %s: cannot read: %s\n", path, strerror(errno));
    return EXIT_FINDING;
  }
  char line[512];
  int lineno = 0, n = 0, rc = 0;
  while (rc == 0 && fgets(line, sizeof line, f)) {
    lineno++;
    if (line[0] == '#' || line[0] == '\n') continue;
    rc = checkpoint_check(s, path, lineno, line);
    n++;
  }
  fclose(f);
  if (rc == 0 && n == 0) {
    fprintf(stderr, "shinchoku: %s: no checkpoint in the file\n", path);
    rc = -1;
  }
  if (rc == 0) printf("チェックポイント %d 件と一致しました（%s）\n", n, path);
  return rc ? EXIT_FINDING : EXIT_OK;
}

static int verify(Store *s, const char *checkpoints) {
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
  return checkpoints ? checkpoints_verify(s, checkpoints) : EXIT_OK;
}

int cmd_audit(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("audit");
  static const char *const names[] = {"plan",   "subject", "user",       "limit",
                                      "format", "verify!", "checkpoint", NULL};
  const char *v[7] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if ((v[5] || v[6]) && (v[0] || v[1] || v[2] || v[3] || v[4]))
    return usage_error(cmd, "--verify and --checkpoint take no other option");
  const char *format = v[4] ? v[4] : "text";
  if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0)
    return usage_error(cmd, "--format must be text or csv");
  char *end = NULL;
  long limit = v[3] ? strtol(v[3], &end, 10) : 0;
  if (v[3] && (*end || limit <= 0 || limit > 100000000))
    return usage_error(cmd, "--limit must be a positive number");
  Store *s = cli_store_ready(cli);
  if (!s) return EXIT_FINDING;
  if (v[5] || v[6]) {
    rc = v[5] ? verify(s, v[6]) : checkpoint_write(s, v[6]);
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
