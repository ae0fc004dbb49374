/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_meetings.c — the plan's committee meetings on its public downloads page: newest
** first, each meeting's name, date, time and place, and the 資料 its agenda lists (with the
** report each one is made as), so a reader finds what was handed out at past meetings
** (docs/meetings.md). Every text is escaped by html_printf's %s.
*/
#include "web.h"
#include <string.h>

static void meeting_docs(Buf *b, const Plan *p, int m) {
  buf_put(b, "<ul class=\"plain\">\n");
  const char *prev = NULL;
  for (int i = 0; i < p->meetings.ndocs; i++) {
    const AgendaDoc *d = &p->meetings.docs[i];
    if (d->meeting != m || (prev && d->label && strcmp(prev, d->label) == 0)) continue;
    prev = d->label;
    html_printf(b, "<li>【%s】%s%s</li>\n", d->label ? d->label : "", d->title ? d->title : "",
                d->kind ? "" : "（本システム外の資料）");
  }
  buf_put(b, "</ul>\n");
}

void html_meetings(Buf *b, const Plan *p) {
  if (!p->meetings.n) return;
  buf_put(b, "<h2>委員会の開催と配付資料</h2>\n");
  for (int m = p->meetings.n - 1; m >= 0; m--) {
    const Meeting *mt = &p->meetings.v[m];
    int members = 0;
    for (int i = 0; i < p->meetings.nmembers; i++)
      members += p->meetings.members[i].meeting == m;
    html_printf(b, "<h3>%s</h3>\n<p class=\"meta\">%s%s%s%s%s", mt->name, mt->date ? mt->date : "",
                mt->time ? " " : "", mt->time ? mt->time : "", mt->place ? "　" : "",
                mt->place ? mt->place : "");
    if (members) html_printf(b, "　委員 %d名", members);
    buf_put(b, "</p>\n");
    if (mt->agenda)
      html_printf(b, "<p>%s：%s</p>\n", mt->business ? mt->business : "協議事項", mt->agenda);
    meeting_docs(b, p, m);
  }
  html_printf(b,
              "<p>会議の時点の資料は、その会議のスナップショットから同じものを作成できます"
              "（<code>shinchoku report --plan %s --snapshot 会議ID --kind packet</code>）。</p>\n",
              p->id);
}
