/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_snapshot.c — `snapshot`: freeze a plan as it stands for one of its committee meetings
** (the plan, its policy and so its evaluation), list a plan's snapshots, and say what changed
** between two snapshots or a snapshot and now (docs/meetings.md). Reports are made from a
** snapshot with `report --snapshot NAME`.
*/
#include "../formats/snapshots_xchg.h"
#include "../formats/xchg.h"
#include "../store/snapshot.h"
#include "cli.h"
#include <stdlib.h>
#include <string.h>

static int take(Store *s, Plan *p, const char *meeting, const char *name) {
  int m = meeting_find(p, meeting);
  if (m < 0) {
    fprintf(stderr, "shinchoku: plan %s has no meeting '%s' (meetings.csv)\n", p->id, meeting);
    return EXIT_FINDING;
  }
  const Meeting *mt = &p->meetings.v[m];
  if (!snapshot_name_ok(name ? name : mt->id)) {
    fprintf(stderr, "shinchoku: '%s' is not a snapshot name (letters, digits, - _ .)%s\n",
            name ? name : mt->id, name ? "" : "; give --name");
    return EXIT_FINDING;
  }
  char *doc = xchg_plan_json(p), *updated = cli_plan_updated(s, p->id), err[512];
  Snapshot sn = {.plan = (char *)p->id,
                 .name = (char *)(name ? name : mt->id),
                 .meeting = (char *)mt->id,
                 .taken_by = (char *)cli_actor(),
                 .plan_updated = updated,
                 .document = doc};
  Actor who = {cli_actor(), "cli"};
  int rc = snapshot_add(s, &sn, &who, err, sizeof err);
  if (rc < 0)
    fprintf(stderr, "shinchoku: %s\n", err);
  else if (rc)
    fprintf(stderr,
            "shinchoku: plan %s already has a snapshot '%s'%s; a snapshot is never "
            "replaced (give another --name)\n",
            p->id, sn.name, rc == SNAPSHOT_EXISTS ? " with the same content" : "");
  else
    printf("スナップショット %s を保存しました（%s、%s）\n", sn.name, mt->name,
           mt->date ? mt->date : "日付なし");
  free(doc);
  free(updated);
  return rc ? EXIT_FINDING : EXIT_OK;
}

static int list(Store *s, const char *plan) {
  Snapshot *v = NULL;
  int n = 0;
  char err[512];
  if (snapshot_list(s, plan, &v, &n, err, sizeof err)) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return EXIT_FINDING;
  }
  for (int i = 0; i < n; i++)
    printf("%s\t%s\t%s\t%s\t%.12s\n", v[i].name, v[i].meeting ? v[i].meeting : "-", v[i].taken_at,
           v[i].taken_by, v[i].digest);
  if (!n) printf("（スナップショットはありません）\n");
  snapshots_free(v, n);
  return EXIT_OK;
}

int cmd_snapshot(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("snapshot");
  static const char *const names[] = {"plan", "meeting", "name", "list!", NULL};
  const char *v[4] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (!v[0]) return usage_error(cmd, "--plan is required");
  if (!v[1] == !v[3]) return usage_error(cmd, "give --meeting (take a snapshot) or --list");
  Store *s = cli_store(cli);
  if (!s) return EXIT_FINDING;
  if (v[3]) {
    rc = list(s, v[0]);
  } else {
    Plan *p = cli_load_plan(s, v[0]);
    rc = p ? take(s, p, v[1], v[2]) : EXIT_FINDING;
    plan_free(p);
  }
  store_close(s);
  return rc;
}
