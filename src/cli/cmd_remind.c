/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_remind.c — `shinchoku period remind --plan ID --year FY [--days N] [--dry-run] [--force]`:
*mail
** the clerks of every department that has not submitted, when the period is open and its due
** date is N days away or nearer (or past), through the SMTP relay of [mail] smtp_relay. Each
** department reminded is audited ("period.remind": who, to whom, when); run it once a day
** (a systemd timer or cron). A department already reminded today (JST, as the audit trail
** records it) is not mailed again the same day unless --force is given.
*/
#include "../formats/dept.h"
#include "../model/duedate.h"
#include "../model/text.h"
#include "../store/staff.h"
#include "../web/mail.h"
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a department has done with the year, as the review page says it; NULL when it has
   submitted everything (nothing in draft or returned, something submitted or approved). */
static const char *unsubmitted_word(const Entry *list, int n, const char *dept) {
  int counts[ST__COUNT] = {0};
  for (int i = 0; i < n; i++)
    if (strcmp(list[i].department, dept) == 0) counts[list[i].state]++;
  if (counts[ST_RETURNED]) return "差戻し中";
  if (counts[ST_DRAFT]) return "入力中（未提出）";
  if (counts[ST_SUBMITTED] + counts[ST_APPROVED]) return NULL;
  return "未入力";
}

/* The entry page of the department, when the public URL is configured. */
static void entry_link(Buf *b, const char *base, const Plan *p, int year, const char *dept) {
  if (!base || !*base) return;
  buf_printf(b, "%s%sstaff/entry/%s?year=%d&dept=", base, base[strlen(base) - 1] == '/' ? "" : "/",
             p->id, year);
  for (const unsigned char *c = (const unsigned char *)dept; *c; c++)
    if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
        strchr("-._~", *c))
      buf_putc(b, (char)*c);
    else
      buf_printf(b, "%%%02X", *c);
}

typedef struct Round {
  const Plan *p;
  int year;
  const char *due, *left; /* the due date, 「あと3日」 */
  const char *relay, *from, *base;
  int dry_run;
  int force; /* mail even a department already reminded today */
} Round;

static void compose(const Round *r, const char *dept, const char *state, Buf *subject, Buf *body) {
  char fy[64], when[32];
  due_words(r->due, when, sizeof when);
  buf_printf(subject, "【進捗管理】%s %s の入力: 提出期限 %s（%s）", r->p->name,
             fy_era(r->year, fy), when, r->left);
  buf_printf(body,
             "%s ご担当者様\n\n%s（%s）の実績の入力について、提出期限は %s です（%s）。\n"
             "%s の状況: %s\n\n",
             dept, r->p->name, fy_both(r->year, fy), when, r->left, dept, state);
  Buf link = {0};
  entry_link(&link, r->base, r->p, r->year, dept);
  if (link.s)
    buf_printf(body, "入力と提出はスタッフのページから行えます:\n%s\n\n", link.s);
  else
    buf_put(body, "入力と提出はスタッフのページ（/staff/）から行えます。\n\n");
  buf_put(body, "このメールは進捗管理システム（shinchoku）が事務局に代わって送信しています。\n"
                "提出済みの場合は行き違いですので、ご容赦ください。\n");
  buf_free(&link);
}

/* Remind one department; 0 sent (or nothing to send), -1 failed. */
static int remind_one(Store *s, const Round *r, const char *dept, const char *state) {
  char err[512];
  char **to = NULL;
  int sent = r->force ? 0 : remind_sent_today(s, r->p->id, r->year, dept, err, sizeof err);
  if (sent < 0) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return -1;
  }
  if (sent) {
    printf("督促済み: %s（%s）— 今日はすでに送っています（もう一度送るには --force）\n", dept,
           state);
    return 0;
  }
  if (department_emails(s, dept, &to, err, sizeof err)) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return -1;
  }
  if (!to[0]) {
    printf("送れません: %s（%s）— メールアドレスのある担当者がいません（shinchoku user email）\n",
           dept, state);
    emails_free(to);
    return 0;
  }
  Buf subject = {0}, body = {0}, rcpt = {0}, why = {0};
  compose(r, dept, state, &subject, &body);
  for (int i = 0; to[i]; i++)
    buf_printf(&rcpt, "%s%s", i ? "," : "", to[i]);
  buf_printf(&why, "due %s, %s, %s", r->due, r->left, state);
  int rc = 0;
  if (r->dry_run) {
    printf("督促します（--dry-run、送っていません）: %s（%s）→ %s\n", dept, state, rcpt.s);
  } else {
    Mail m = {r->relay, r->from, (const char *const *)to, subject.s, body.s};
    Actor who = {cli_actor(), "cli"};
    rc = mail_send(&m, err, sizeof err);
    if (rc == 0)
      rc = remind_record(s, r->p->id, r->year, dept, rcpt.s, why.s, &who, err, sizeof err);
    if (rc)
      fprintf(stderr, "shinchoku: %s: %s\n", dept, err);
    else
      printf("督促しました: %s（%s）→ %s\n", dept, state, rcpt.s);
  }
  buf_free(&subject);
  buf_free(&body);
  buf_free(&rcpt);
  buf_free(&why);
  emails_free(to);
  return rc;
}

/* Every department of the plan that owns indicators and has not submitted. */
static int remind_all(Store *s, const Round *r) {
  Entry *list = NULL;
  int n = 0, failed = 0, reminded = 0;
  char err[512];
  Actor who = {cli_actor(), "cli"};
  if (entry_list(s, &who, r->p->id, r->year, NULL, &list, &n, err, sizeof err)) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return -1;
  }
  char **depts = dept_list(r->p);
  for (int d = 0; depts[d]; d++) {
    const char *state = dept_count(r->p, depts[d]) ? unsubmitted_word(list, n, depts[d]) : NULL;
    if (!state) continue;
    failed |= remind_one(s, r, depts[d], state) != 0;
    reminded++;
  }
  if (!reminded) printf("督促する所管課はありません（すべて提出済みです）\n");
  dept_list_free(depts);
  entries_free(list, n);
  return failed ? -1 : 0;
}

int period_remind(Cli *cli, const Command *cmd, int argc, char **argv) {
  static const char *const names[] = {"plan", "year", "days", "dry-run!", "force!", NULL};
  const char *v[5] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (!v[0] || !v[1]) return usage_error(cmd, "period remind needs --plan and --year");
  char *end = NULL;
  long days = v[2] ? strtol(v[2], &end, 10) : 7;
  if (v[2] && (*end || days < 0 || days > 366))
    return usage_error(cmd, "--days needs a number of days (0-366)");
  Round r = {.relay = conf_value(&cli->conf, CONF_SMTP_RELAY, NULL, NULL),
             .from = conf_value(&cli->conf, CONF_MAIL_FROM, NULL, NULL),
             .base = conf_value(&cli->conf, CONF_PUBLIC_URL, NULL, NULL),
             .dry_run = v[3] != NULL,
             .force = v[4] != NULL};
  if (!r.dry_run && (!r.relay || !r.from)) {
    fprintf(stderr, "shinchoku: メールを送るには設定ファイルの [mail] smtp_relay と from が"
                    "必要です（shinchoku config で確かめられます）\n");
    return EXIT_FINDING;
  }
  Store *s = cli_store_ready(cli);
  Plan *p = s ? cli_load_plan(s, v[0]) : NULL;
  char due[16], today[16], left[64], fy[64];
  long to_go = 0;
  rc = EXIT_FINDING;
  if (!p) {
    /* said */
  } else if (cli_plan_year(cmd, p, v[1], &r.year)) {
    rc = EXIT_USAGE;
  } else if (period_is_open(s, p->id, r.year) != 1) {
    printf("%s は入力を受け付けていないので、督促しません\n", fy_both(r.year, fy));
    rc = EXIT_OK;
  } else if (period_due(s, p->id, r.year, due, sizeof due) != 0 ||
             days_between(today_jst(today), due, &to_go)) {
    fprintf(stderr,
            "shinchoku: %s に提出期限がありません（shinchoku period due --plan %s --year %d "
            "--date YYYY-MM-DD）\n",
            fy_both(r.year, fy), p->id, r.year);
  } else if (to_go > days) {
    printf("提出期限 %s まで %ld 日: 督促は %ld 日前からです\n", due, to_go, days);
    rc = EXIT_OK;
  } else {
    r.p = p;
    r.due = due;
    r.left = days_left_words(to_go, left, sizeof left);
    rc = remind_all(s, &r) ? EXIT_FINDING : EXIT_OK;
  }
  plan_free(p);
  store_close(s);
  return rc;
}
