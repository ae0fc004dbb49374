/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_publish.c — `shinchoku publish` and `shinchoku unpublish`: the secretariat makes a
** plan's fiscal year public (its results appear on the public site, in the API, the
** downloads and the public reports) or withdraws it, and lists what is published.
*/
#include "../model/text.h"
#include "../store/publish.h"
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int list_published(Cli *cli, const char *plan) {
  Store *s = cli_store_ready(cli);
  if (!s) return EXIT_FINDING;
  Published *list = NULL;
  int n = 0;
  char err[512], fy[64];
  int rc = publish_list(s, plan, &list, &n, err, sizeof err);
  if (rc) fprintf(stderr, "shinchoku: %s\n", err);
  for (int i = 0; i < n; i++)
    printf("%-20s %s  公開  %s %s\n", list[i].plan, fy_both(list[i].year, fy), list[i].at,
           list[i].by);
  if (rc == 0 && n == 0)
    printf("公開している年度はありません（shinchoku publish --plan ID --year FY）\n");
  published_free(list, n);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}

static int change(Cli *cli, const Command *cmd, int on, const char *plan, const char *year_text) {
  Store *s = cli_store_ready(cli);
  Plan *p = s ? cli_load_plan(s, plan) : NULL;
  int year = 0, rc;
  char err[512], fy[64];
  if (!p) {
    rc = EXIT_FINDING;
  } else if (cli_plan_year(cmd, p, year_text, &year)) {
    rc = EXIT_USAGE;
  } else {
    Actor who = {cli_actor(), "cli"};
    int done = publish_set(s, p->id, year, on, &who, err, sizeof err);
    rc = done < 0 ? EXIT_FINDING : EXIT_OK;
    if (done < 0)
      fprintf(stderr, "shinchoku: %s\n", err);
    else
      printf("%s（%s）%s: %s\n", p->name, p->id, fy_both(year, fy),
             done == 1
                 ? (on ? "すでに公開しています" : "公開していません")
                 : (on ? "実績を公開しました" : "公開を取り下げました（下書きに戻しました）"));
  }
  plan_free(p);
  store_close(s);
  return rc;
}

static int run(Cli *cli, int argc, char **argv, int on) {
  const Command *cmd = find_command(on ? "publish" : "unpublish");
  static const char *const names[] = {"plan", "year", "list!", NULL};
  const char *v[3] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (on && v[2]) return list_published(cli, v[0]);
  if (!v[0] || !v[1]) return usage_error(cmd, "%s needs --plan and --year", argv[0]);
  return change(cli, cmd, on, v[0], v[1]);
}

int cmd_publish(Cli *cli, int argc, char **argv) {
  return run(cli, argc, argv, 1);
}

int cmd_unpublish(Cli *cli, int argc, char **argv) {
  return run(cli, argc, argv, 0);
}
