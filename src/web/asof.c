/* SPDX-License-Identifier: Apache-2.0 */
/*
** asof.c — the date the site judges checklist items as of (?as_of=, default today in Japan)
** and the cells (or list facts) that show an item's deadline and its state on that date
*(eval/schedule.c:
** 完了, 実施期間中, 期限超過, 予定, 期限なし), for the plan's roadmap page and a node's page.
*/
#include "../eval/schedule.h"
#include "web.h"

int web_as_of(const Req *r, Resp *out, int *as_of) {
  const char *text = req_arg(r, "as_of");
  *as_of = text ? schedule_date(text) : schedule_today_jst();
  if (*as_of) return 0;
  page_error(out, 400,
             "「%s」は日付として読めません（2024-03-31、令和6年3月31日のように指定してください）",
             text);
  return -1;
}

/* The item's deadline date (empty without one) into day, and its state as of the date. */
static int item_facts(const Item *it, int as_of, char day[16]) {
  int start, end;
  if (item_period(it, &start, &end))
    schedule_iso(end, day);
  else
    day[0] = '\0';
  return item_state(it, as_of);
}

void html_item_state(Buf *b, const Item *it, int as_of) {
  char day[16];
  int st = item_facts(it, as_of, day);
  html_printf(b, "<td>%s</td><td class=\"item-%s\">%s</td>", day, item_state_names[st],
              item_state_words[st]);
}

void html_item_state_facts(Buf *b, const Item *it, int as_of) {
  char day[16];
  int st = item_facts(it, as_of, day);
  if (day[0]) html_printf(b, "<span>期限日: %s</span>", day);
  html_printf(b, "<span class=\"item-%s\">%s</span>", item_state_names[st], item_state_words[st]);
}
