/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_municipality.c — `shinchoku municipality`: the municipalities (tenants) of an
** installation, each named by its 6-digit 全国地方公共団体コード: list them, register one.
** Importing a plan registers its municipality too; the command line acts for the
** installation.
*/
#include "../store/staff.h"
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int municipality_list_cmd(Cli *cli, const Command *cmd, int argc, char **argv) {
  static const char *const names[] = {NULL};
  const char *v[1] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  Store *s = cli_store_ready(cli);
  if (!s) return EXIT_FINDING;
  Municipality *list = NULL;
  int n = 0;
  char err[512];
  rc = municipality_list(s, &list, &n, err, sizeof err);
  if (rc) fprintf(stderr, "shinchoku: %s\n", err);
  for (int i = 0; i < n; i++)
    printf("%s  %s  計画 %d\n", list[i].code, list[i].name, list[i].nplans);
  if (rc == 0 && n == 0)
    printf("団体はまだありません（shinchoku municipality add CODE --name NAME）\n");
  municipalities_free(list, n);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}

static int municipality_add_cmd(Cli *cli, const Command *cmd, int argc, char **argv) {
  static const char *const names[] = {"name", NULL};
  const char *v[1] = {0}, *pos[1] = {0};
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 1);
  if (rc >= 0) return rc;
  if (!pos[0] || !v[0] || !*v[0]) return usage_error(cmd, "municipality add needs CODE and --name");
  if ((rc = municipality_arg_invalid(cmd, "CODE", pos[0])) != 0) return rc;
  Store *s = cli_store_ready(cli);
  if (!s) return EXIT_FINDING;
  char err[512];
  rc = municipality_add(s, pos[0], v[0], cli_who(), err, sizeof err);
  if (rc == 0)
    printf("団体を登録しました: %s %s\n", pos[0], v[0]);
  else if (rc == 1)
    fprintf(stderr, "shinchoku: 団体 %s はすでに登録されています\n", pos[0]);
  else
    fprintf(stderr, "shinchoku: 団体を登録できません: %s\n", err);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}

int cmd_municipality(Cli *cli, int argc, char **argv) {
  static const Subcommand subs[] = {
      {"list", municipality_list_cmd}, {"add", municipality_add_cmd}, {NULL, NULL}};
  return run_subcommand(cli, find_command("municipality"), subs, argc, argv);
}
