/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_period.c — `shinchoku period`: the secretariat opens and closes departments' entry for
** a plan's fiscal year (with a due date: `open --due`, `due --date`), and lists the periods;
** `period remind` is in cmd_remind.c.
*/
#include "../model/duedate.h"
#include "../model/text.h"
#include "../store/staff.h"
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A due date as typed (2025-05-31, R7.5.31, 令和7年5月31日) into iso; "none" clears it
   (iso ""). 0, or -1 after a usage message. */
static int read_due(const Command *cmd, const char *text, char *iso) {
  if (strcmp(text, "none") == 0) {
    iso[0] = '\0';
    return 0;
  }
  if (date_parse(text, iso) == 0) return 0;
  usage_error(cmd, "--due/--date needs a date such as 2025-05-31 or R7.5.31: '%s'", text);
  return -1;
}

/* Set the due date of (p, year), saying so. */
static int set_due(Store *s, const Plan *p, int year, const char *iso) {
  Actor who = {cli_actor(), "cli"};
  char err[512], fy[64], words[32];
  if (period_set_due(s, p->id, year, *iso ? iso : NULL, &who, err, sizeof err)) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return EXIT_FINDING;
  }
  if (*iso)
    printf("%s（%s）%s: 提出期限を %s にしました\n", p->name, p->id, fy_both(year, fy),
           due_words(iso, words, sizeof words));
  else
    printf("%s（%s）%s: 提出期限を取り消しました\n", p->name, p->id, fy_both(year, fy));
  return EXIT_OK;
}

static int period_change(Cli *cli, const Command *cmd, int open, int argc, char **argv) {
  static const char *const names[] = {"plan", "year", "due", NULL};
  const char *v[3] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (!v[0] || !v[1]) return usage_error(cmd, "period %s needs --plan and --year", argv[0]);
  char iso[16] = "";
  if (v[2] && (!open || read_due(cmd, v[2], iso)))
    return open ? EXIT_USAGE : usage_error(cmd, "--due goes with period open");
  Store *s = cli_store_ready(cli);
  Plan *p = s ? cli_load_plan(s, v[0]) : NULL;
  int year = 0;
  char err[512], fy[64];
  if (!p) {
    rc = EXIT_FINDING;
  } else if (cli_plan_year(cmd, p, v[1], &year)) {
    rc = EXIT_USAGE;
  } else {
    Actor who = {cli_actor(), "cli"};
    rc = period_set(s, p->id, year, open, &who, err, sizeof err) ? EXIT_FINDING : EXIT_OK;
    if (rc)
      fprintf(stderr, "shinchoku: %s\n", err);
    else
      printf("%s（%s）%s: %s\n", p->name, p->id, fy_both(year, fy),
             open ? "所管課の入力を受け付けます" : "所管課の入力を締め切りました");
    if (rc == EXIT_OK && v[2]) rc = set_due(s, p, year, iso);
  }
  plan_free(p);
  store_close(s);
  return rc;
}

static int period_due_cmd(Cli *cli, const Command *cmd, int argc, char **argv) {
  static const char *const names[] = {"plan", "year", "date", NULL};
  const char *v[3] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (!v[0] || !v[1] || !v[2])
    return usage_error(cmd, "period due needs --plan, --year and --date");
  char iso[16];
  if (read_due(cmd, v[2], iso)) return EXIT_USAGE;
  Store *s = cli_store_ready(cli);
  Plan *p = s ? cli_load_plan(s, v[0]) : NULL;
  int year = 0;
  rc = !p                                   ? EXIT_FINDING
       : cli_plan_year(cmd, p, v[1], &year) ? EXIT_USAGE
                                            : set_due(s, p, year, iso);
  plan_free(p);
  store_close(s);
  return rc;
}

static int period_list_cmd(Cli *cli, const Command *cmd, int argc, char **argv) {
  static const char *const names[] = {"plan", NULL};
  const char *v[1] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  Store *s = cli_store_ready(cli);
  if (!s) return EXIT_FINDING;
  Period *list = NULL;
  int n = 0;
  char err[512], fy[64];
  rc = period_list(s, v[0], &list, &n, err, sizeof err);
  if (rc) fprintf(stderr, "shinchoku: %s\n", err);
  for (int i = 0; i < n; i++) {
    printf("%-20s %s  %s  %s %s", list[i].plan, fy_both(list[i].year, fy),
           list[i].open ? "受付中" : "締切", list[i].changed_at, list[i].changed_by);
    if (list[i].due) printf("  提出期限 %s", list[i].due);
    putchar('\n');
  }
  if (rc == 0 && n == 0)
    printf("入力期間はまだありません（shinchoku period open --plan ID --year FY）\n");
  periods_free(list, n);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}

static int period_open_cmd(Cli *cli, const Command *cmd, int argc, char **argv) {
  return period_change(cli, cmd, 1, argc, argv);
}
static int period_close_cmd(Cli *cli, const Command *cmd, int argc, char **argv) {
  return period_change(cli, cmd, 0, argc, argv);
}

int cmd_period(Cli *cli, int argc, char **argv) {
  static const Subcommand subs[] = {{"open", period_open_cmd}, {"close", period_close_cmd},
                                    {"due", period_due_cmd},   {"list", period_list_cmd},
                                    {"remind", period_remind}, {NULL, NULL}};
  return run_subcommand(cli, find_command("period"), subs, argc, argv);
}
