/*
** cmd_items.c — the `items` command: a plan's checklist items with their deadlines, each
** evaluated as of a date (--as-of, default today in Japan): done, due, overdue or planned.
*/
#include "../eval/schedule.h"
#include "../model/text.h"
#include "cli.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static void put_date(int ymd, char *buf) {
  if (ymd)
    snprintf(buf, 16, "%04d-%02d-%02d", ymd / 10000, ymd / 100 % 100, ymd % 100);
  else
    strcpy(buf, "");
}

static json_t *item_json(const Plan *p, const Item *it, int as_of) {
  int start = 0, end = 0;
  char a[16], b[16];
  item_period(it, &start, &end);
  put_date(start, a);
  put_date(end, b);
  json_t *o = json_object();
  json_object_set_new(o, "node", json_string(p->nodes[it->node].id));
  json_object_set_new(o, "year", json_integer(it->year));
  json_object_set_new(o, "text", json_string(it->text ? it->text : ""));
  json_object_set_new(o, "due", it->due ? json_string(it->due) : json_null());
  json_object_set_new(o, "from", start ? json_string(a) : json_null());
  json_object_set_new(o, "until", end ? json_string(b) : json_null());
  json_object_set_new(o, "state", json_string(item_state_names[item_state(it, as_of)]));
  return o;
}

static void item_text(const Plan *p, const Item *it, int as_of) {
  int start = 0, end = 0;
  char b[16], fy[32];
  item_period(it, &start, &end);
  put_date(end, b);
  const Node *n = &p->nodes[it->node];
  printf("%s\t%s\t%s\t%s\t%s\n", n->number ? n->number : n->id, fy_era_short(it->year, fy),
         item_state_words[item_state(it, as_of)], end ? b : "－", it->text ? it->text : "");
}

int cmd_items(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("items");
  static const char *const names[] = {"plan", "year", "as-of", "format", NULL};
  const char *v[4] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (!v[0]) return usage_error(cmd, "--plan is required");
  if (v[3] && strcmp(v[3], "text") && strcmp(v[3], "json"))
    return usage_error(cmd, "--format must be text or json");
  int as_of = v[2] ? schedule_date(v[2]) : schedule_today_jst();
  if (!as_of) return usage_error(cmd, "--as-of must be a date (2024-03-31, 令和6年3月31日)");
  Store *s = cli_store(cli);
  Plan *p = s ? cli_load_plan(s, v[0]) : NULL;
  int year = 0;
  if (p && v[1] && cli_plan_year(cmd, p, v[1], &year)) rc = EXIT_USAGE;
  if (!p) rc = EXIT_FINDING;
  if (rc < 0) {
    int json = v[3] && strcmp(v[3], "json") == 0;
    json_t *doc = json_object(), *list = json_array();
    int counts[5] = {0};
    for (int i = 0; i < p->nitems; i++) {
      const Item *it = &p->items[i];
      if (!it->kind || strcmp(it->kind, "item") || (year && it->year != year)) continue;
      counts[item_state(it, as_of)]++;
      if (json)
        json_array_append_new(list, item_json(p, it, as_of));
      else
        item_text(p, it, as_of);
    }
    char d[16];
    put_date(as_of, d);
    if (json) {
      json_object_set_new(doc, "plan", json_string(p->id));
      json_object_set_new(doc, "as_of", json_string(d));
      json_t *c = json_object();
      for (int k = 0; k < 5; k++)
        json_object_set_new(c, item_state_names[k], json_integer(counts[k]));
      json_object_set_new(doc, "counts", c);
      json_object_set_new(doc, "items", list);
      json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
      fputc('\n', stdout);
    } else {
      json_decref(list);
      printf("%s 現在: 完了 %d、期限超過 %d、実施期間中 %d、予定 %d、期限なし %d\n", d,
             counts[IS_DONE], counts[IS_OVERDUE], counts[IS_DUE], counts[IS_PLANNED],
             counts[IS_NONE]);
    }
    json_decref(doc);
    rc = EXIT_OK;
  }
  plan_free(p);
  store_close(s);
  return rc;
}
