/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_period.c — `shinchoku period`: the secretariat opens and closes departments' entry for
** a plan's fiscal year, and lists the periods.
*/
#include "../model/text.h"
#include "../store/staff.h"
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int period_change(Cli *cli, const Command *cmd, int open, int argc, char **argv) {
  static const char *const names[] = {"plan", "year", NULL};
  const char *v[2] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (!v[0] || !v[1]) return usage_error(cmd, "period %s needs --plan and --year", argv[0]);
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
  }
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
  for (int i = 0; i < n; i++)
    printf("%-20s %s  %s  %s %s\n", list[i].plan, fy_both(list[i].year, fy),
           list[i].open ? "受付中" : "締切", list[i].changed_at, list[i].changed_by);
  if (rc == 0 && n == 0)
    printf("入力期間はまだありません（shinchoku period open --plan ID --year FY）\n");
  periods_free(list, n);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}

int cmd_period(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("period");
  if (argc < 2) return usage_error(cmd, "period needs a subcommand: open, close, list");
  const char *sub = argv[1];
  if (strcmp(sub, "open") == 0 || strcmp(sub, "close") == 0)
    return period_change(cli, cmd, strcmp(sub, "open") == 0, argc - 1, argv + 1);
  if (strcmp(sub, "list") == 0) return period_list_cmd(cli, cmd, argc - 1, argv + 1);
  return usage_error(cmd, "unknown subcommand 'period %s'", sub);
}
