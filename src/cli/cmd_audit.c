/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_audit.c — `shinchoku audit`: the audit trail, newest first, filtered by municipality
** (its chain), plan, subject or user, as text or CSV; `audit --verify`, which recomputes every
** chain (or with --municipality one, reading no other) and exits 1 naming the first row that
** does not match in each broken chain; and checkpoints of the chains' heads kept outside the
** store: `audit --checkpoint FILE` appends "chain seq hash time" of each chain's last row to
** FILE, and `audit --verify --checkpoint FILE` checks every checkpoint in it against the
** store, so rows cut from the end or a chain rewritten with fresh hashes are found too. The
** command line acts for the installation, so it reads every chain.
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

/* A chain as the command line names it: "-" for the installation's (""), else the code. */
static const char *chain_arg(const char *chain) {
  return *chain ? chain : "-";
}

/* The chain named on the command line ("-": the installation's). */
static const char *chain_of_arg(const char *arg) {
  return strcmp(arg, "-") == 0 ? "" : arg;
}

/* A chain as a reader names it: 「全体」 (the installation's) or the code and name. */
static void chain_words(Store *s, const char *chain, char *out, size_t n) {
  if (!*chain) {
    snprintf(out, n, "全体");
    return;
  }
  Municipality *list = NULL;
  int count = 0;
  char err[256];
  const char *name = NULL;
  if (municipality_list(s, &list, &count, err, sizeof err) == 0)
    for (int i = 0; i < count && !name; i++)
      if (strcmp(list[i].code, chain) == 0) name = list[i].name;
  snprintf(out, n, "%s%s%s", chain, name ? " " : "", name ? name : "");
  municipalities_free(list, count);
}

static const char *or_none(const char *s) {
  return s ? s : "（なし）";
}

static void print_text(const AuditRow *r) {
  char fy[64];
  printf("%s:%lld  %s  %s（%s）  %s", chain_arg(r->chain), r->seq, tx(r->at), tx(r->actor),
         tx(r->via), tx(r->action));
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
  csv_put_field(stdout, r->chain);
  printf(",%lld", r->seq);
  for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
    putchar(',');
    csv_put_field(stdout, f[i]);
  }
  fputs("\r\n", stdout);
}

/* ---- checkpoints ------------------------------------------------------------------------- */

#define CHECKPOINT_HEAD                                                                            \
  "# shinchoku audit checkpoints: chain seq hash time (chain - : the installation)\n"

/* The chains a command works on: the one named (only), or every chain holding rows. */
static int chains_of(Store *s, const char *only, char ***out, int *n) {
  char err[512];
  if (only) {
    *out = xmalloc(sizeof **out);
    (*out)[0] = xstrdup(only);
    *n = 1;
    return 0;
  }
  if (audit_chains(s, out, n, err, sizeof err) == 0) return 0;
  fprintf(stderr, "shinchoku: %s\n", err);
  return -1;
}

/* One chain's last row's chain, seq and hash, and the time, as a line of lines: 0, 1 when the
   chain is empty, -1 error. */
static int checkpoint_one(Store *s, Buf *lines, const char *chain, const char *now) {
  long long seq = 0;
  char hash[DIGEST_HEX + 1], err[512];
  int rc = audit_hash_at(s, chain, &seq, hash, err, sizeof err);
  if (rc < 0) fprintf(stderr, "shinchoku: %s\n", err);
  if (rc == 0) buf_printf(lines, "%s %lld %s %s\n", chain_arg(chain), seq, hash, now);
  return rc;
}

/* Append the last row of each chain (or of only) to path; nothing when there is none. */
static int checkpoint_write(Store *s, const char *path, const char *only) {
  char **chains = NULL, now[32];
  int n = 0, written = 0, rc = chains_of(s, only, &chains, &n);
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  Buf lines = {0};
  for (int i = 0; rc >= 0 && i < n; i++) {
    rc = checkpoint_one(s, &lines, chains[i], now);
    if (rc == 0) written++;
  }
  audit_chains_free(chains, n);
  if (rc >= 0 && written == 0)
    fprintf(stderr, "shinchoku: the audit trail is empty: nothing to checkpoint\n");
  FILE *f = rc >= 0 && written ? fopen(path, "a") : NULL;
  int done = f != NULL;
  if (rc >= 0 && written && !f)
    fprintf(stderr, "shinchoku: %s: cannot write: %s\n", path, strerror(errno));
  if (f && ftell(f) == 0) fputs(CHECKPOINT_HEAD, f);
  if (f) fputs(lines.s, f);
  if (f && fclose(f) != 0) {
    fprintf(stderr, "shinchoku: %s: cannot write: %s\n", path, strerror(errno));
    done = 0;
  }
  if (done)
    printf("チェックポイント %d 件を %s に追記しました（%s）\n%s", written, path, now, lines.s);
  buf_free(&lines);
  return done ? EXIT_OK : EXIT_FINDING;
}

/* A checkpoint line: "CHAIN SEQ HASH TIME", or "SEQ HASH TIME" as written before the trail
   had chains (the installation's chain; *before_chains set). 0, or -1 when it is not one. */
static int checkpoint_parse(const char *line, char *chain, long long *seq, char *hash, char *at,
                            int *before_chains) {
  char a[16] = "", b[80] = "", c[80] = "", d[40] = "";
  int k = sscanf(line, "%15s %79s %79s %39s", a, b, c, d);
  int old = strlen(b) == DIGEST_HEX;
  const char *h = old ? b : c, *chain_text = old ? "" : chain_of_arg(a);
  size_t nchain = strlen(chain_text);
  if (k < 2 || strlen(h) != DIGEST_HEX || (nchain != 0 && nchain != MUNICIPALITY_CODE_LEN))
    return -1;
  *before_chains = old;
  memcpy(chain, chain_text, nchain + 1);
  *seq = strtoll(old ? a : b, NULL, 10);
  memcpy(hash, h, DIGEST_HEX + 1);
  snprintf(at, 40, "%.39s", old ? c : d);
  return *seq > 0 ? 0 : -1;
}

/* The old trail's head that migration 13 recorded when it split the trail into chains
   ("SEQ HASH" in each chain's audit.split row) into seq and hash: 1, or 0 when the trail was
   not split (every row stayed in the installation's chain, as it was). */
static int split_head(Store *s, long long *seq, char *hash) {
  AuditRow *rows = NULL;
  int n = 0, found = 0;
  char err[256];
  AuditFilter f = {.action_prefix = "audit.split", .limit = 1};
  if (audit_list(s, cli_who(), &f, &rows, &n, err, sizeof err) == 0 && n == 1 && rows[0].new_value)
    found = sscanf(rows[0].new_value, "%lld %64s", seq, hash) == 2;
  audit_rows_free(rows, n);
  return found;
}

/* A checkpoint written before the trail was split: only its head can still be compared (the
   rows before it were hashed again in their chains). 0 it is that head, 1 it is not, 2 it is
   an earlier row (said on stderr, not counted). */
static int checkpoint_before_split(long long seq, const char *want, long long head_seq,
                                   const char *head, const char *at) {
  if (seq == head_seq && strcmp(want, head) == 0) return 0;
  if (seq < head_seq) {
    fprintf(stderr,
            "shinchoku: checkpoint %s (row %lld) predates the split into chains (migration 13,"
            " head row %lld): it cannot be compared any more\n",
            at, seq, head_seq);
    return 2;
  }
  printf("監査証跡が改ざんされています: チェックポイント（%s）の行 %lld は、鎖に分けたときの"
         "先頭（行 %lld）と一致しません\n",
         at, seq, head_seq);
  return 1;
}

/* Compare one checkpoint line with the store: 0 it matches (or names a chain other than only),
   1 it does not (said on stdout), -1 the line cannot be read. */
static int checkpoint_check(Store *s, const char *path, int lineno, const char *line,
                            const char *only, int *checked) {
  long long seq = 0;
  char chain[MUNICIPALITY_CODE_LEN + 1], want[DIGEST_HEX + 1], have[DIGEST_HEX + 1], at[40];
  char err[512], words[128];
  int before_chains = 0;
  if (checkpoint_parse(line, chain, &seq, want, at, &before_chains)) {
    fprintf(stderr, "shinchoku: %s:%d: not a checkpoint (chain seq hash time): %.80s\n", path,
            lineno, line);
    return -1;
  }
  if (only && strcmp(only, chain) != 0) return 0;
  long long head_seq = 0;
  char head[DIGEST_HEX + 1];
  if (before_chains && split_head(s, &head_seq, head)) {
    int rc = checkpoint_before_split(seq, want, head_seq, head, at);
    if (rc == 2) return 0;
    ++*checked;
    return rc;
  }
  ++*checked;
  chain_words(s, chain, words, sizeof words);
  long long found = seq;
  int rc = audit_hash_at(s, chain, &found, have, err, sizeof err);
  if (rc < 0) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return -1;
  }
  if (rc == 1) {
    long long last = 0;
    if (audit_hash_at(s, chain, &last, have, err, sizeof err) != 0) last = 0;
    printf("監査証跡（%s）が改ざんされています: チェックポイント（%s）の行 %lld がありません"
           "（証跡は行 %lld で終わっています。末尾の行が削除されました）\n",
           words, at, seq, last);
    return 1;
  }
  if (strcmp(have, want) != 0) {
    printf("監査証跡（%s）が改ざんされています: 行 %lld のハッシュがチェックポイント（%s）と"
           "一致しません（その行までの証跡が書き換えられました）\n",
           words, seq, at);
    return 1;
  }
  return 0;
}

/* Every checkpoint of path (of only's chain, when given) against the store: 0 all match, else
   EXIT_FINDING. */
static int checkpoints_verify(Store *s, const char *path, const char *only) {
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
    rc = checkpoint_check(s, path, lineno, line, only, &n);
  }
  fclose(f);
  if (rc == 0 && n == 0) {
    fprintf(stderr, "shinchoku: %s: no checkpoint in the file\n", path);
    rc = -1;
  }
  if (rc == 0) printf("チェックポイント %d 件と一致しました（%s）\n", n, path);
  return rc ? EXIT_FINDING : EXIT_OK;
}

/* ---- verifying ---------------------------------------------------------------------------- */

/* Verify one chain and say so: 0 intact, 1 broken, -1 error. */
static int verify_one(Store *s, const char *chain) {
  long long bad = 0, seq = 0;
  char err[512], words[128], hash[DIGEST_HEX + 1];
  chain_words(s, chain, words, sizeof words);
  int rc = audit_verify_chain(s, chain, &bad, err, sizeof err);
  if (rc < 0) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return -1;
  }
  if (rc == 1) {
    printf("監査証跡（%s）が改ざんされています: 行 %lld のハッシュが記録と一致しません"
           "（この行か、その直前の行が変更または削除されました）\n",
           words, bad);
    return 1;
  }
  rc = audit_hash_at(s, chain, &seq, hash, err, sizeof err);
  if (rc < 0) fprintf(stderr, "shinchoku: %s\n", err);
  if (rc == 0)
    printf("監査証跡（%s）は改ざんされていません（%lld 行、最後の行のハッシュ %s）\n", words, seq,
           hash);
  else if (rc == 1)
    printf("監査証跡（%s）はまだ空です\n", words);
  return rc < 0 ? -1 : 0;
}

/* Every chain (or only), then the checkpoints: every broken chain is named. */
static int verify(Store *s, const char *only, const char *checkpoints) {
  char **chains = NULL;
  int n = 0, broken = 0, failed = chains_of(s, only, &chains, &n);
  for (int i = 0; !failed && i < n; i++) {
    int rc = verify_one(s, chains[i]);
    if (rc < 0) failed = 1;
    if (rc == 1) broken++;
  }
  audit_chains_free(chains, n);
  if (!failed && n == 0) printf("監査証跡はまだ空です\n");
  if (failed || broken) return EXIT_FINDING;
  return checkpoints ? checkpoints_verify(s, checkpoints, only) : EXIT_OK;
}

/* Whether code names a registered municipality (or "" the installation): 1, 0, -1. */
static int chain_known(Store *s, const char *code) {
  if (!*code) return 1;
  Municipality *list = NULL;
  int n = 0, known = 0;
  char err[256];
  if (municipality_list(s, &list, &n, err, sizeof err)) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return -1;
  }
  for (int i = 0; i < n; i++)
    known |= strcmp(list[i].code, code) == 0;
  municipalities_free(list, n);
  if (!known) fprintf(stderr, "shinchoku: no municipality %s is registered\n", code);
  return known;
}

static int list_rows(Store *s, const AuditFilter *f, int csv) {
  AuditRow *rows = NULL;
  int n = 0;
  char err[512];
  int rc = audit_list(s, cli_who(), f, &rows, &n, err, sizeof err);
  if (rc) fprintf(stderr, "shinchoku: %s\n", err);
  if (csv && rc == 0)
    fputs("chain,seq,at,actor,via,action,plan,subject,year,field,old,new,reason,hash\r\n", stdout);
  for (int i = 0; i < n; i++)
    csv ? print_csv(&rows[i]) : print_text(&rows[i]);
  if (!csv && rc == 0 && n == 0) printf("該当する記録はありません\n");
  audit_rows_free(rows, n);
  return rc ? EXIT_FINDING : EXIT_OK;
}

int cmd_audit(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("audit");
  static const char *const names[] = {"plan",    "subject",    "user",         "limit", "format",
                                      "verify!", "checkpoint", "municipality", NULL};
  const char *v[8] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if ((v[5] || v[6]) && (v[0] || v[1] || v[2] || v[3] || v[4]))
    return usage_error(cmd, "--verify and --checkpoint take no other option but --municipality");
  const char *format = v[4] ? v[4] : "text";
  if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0)
    return usage_error(cmd, "--format must be text or csv");
  char *end = NULL;
  long limit = v[3] ? strtol(v[3], &end, 10) : 0;
  if (v[3] && (*end || limit <= 0 || limit > 100000000))
    return usage_error(cmd, "--limit must be a positive number");
  const char *only = v[7] ? chain_of_arg(v[7]) : NULL;
  if (only && *only &&
      (rc = municipality_arg_invalid(cmd, "--municipality（- は全体）", only)) != 0)
    return rc;
  Store *s = cli_store_ready(cli);
  if (!s) return EXIT_FINDING;
  if (only && chain_known(s, only) != 1)
    rc = EXIT_FINDING;
  else if (v[5])
    rc = verify(s, only, v[6]);
  else if (v[6])
    rc = checkpoint_write(s, v[6], only);
  else
    rc = list_rows(
        s,
        &(AuditFilter){
            .chain = only, .plan = v[0], .subject = v[1], .actor = v[2], .limit = (int)limit},
        strcmp(format, "csv") == 0);
  store_close(s);
  return rc;
}
