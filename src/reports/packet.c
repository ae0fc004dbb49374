/* SPDX-License-Identifier: Apache-2.0 */
/*
** packet.c — the committee packet of a meeting, read from the plan's meeting data: the
** meeting's name, order of business and agenda item, then each 資料 of its agenda that names
** a report kind (000's 令和3年度第2回鹿児島市地域情報化推進委員会 and 001's
** 令和6年度第1回鹿児島市ＤＸ推進委員会 are in the samples' meetings.csv and agenda.csv). A plan
** without meetings gets the default packet: summary, status, issues.
*/
#include "packet.h"
#include <stdio.h>
#include <string.h>

static const PacketDoc default_docs[] = {
    {"資料1", "summary", NULL, NULL},
    {"資料2", "status", NULL, NULL},
    {"資料3", "issues", NULL, NULL},
};

static void default_packet(PacketDecl *out) {
  out->ndocs = (int)(sizeof default_docs / sizeof *default_docs);
  memcpy(out->docs, default_docs, sizeof default_docs);
}

static int meeting_packet(const Plan *p, int m, PacketDecl *out, char *err, size_t errlen) {
  const Meeting *mt = &p->meetings.v[m];
  out->meeting = mt->name;
  out->business = mt->business;
  out->agenda = mt->agenda;
  for (int i = 0; i < p->meetings.ndocs; i++) {
    const AgendaDoc *d = &p->meetings.docs[i];
    if (d->meeting != m || !d->kind) continue;
    if (out->ndocs == PACKET_MAX_DOCS) {
      snprintf(err, errlen, "meeting %s: more than %d documents to make", mt->id, PACKET_MAX_DOCS);
      return -1;
    }
    out->docs[out->ndocs++] = (PacketDoc){d->label, d->kind, d->variant, d->title};
  }
  if (!out->ndocs) {
    snprintf(err, errlen, "meeting %s: its agenda names no report kind to make", mt->id);
    return -1;
  }
  return 0;
}

int packet_for(const Plan *p, const char *key, PacketDecl *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  int m = key ? meeting_find(p, key) : meeting_latest(p);
  if (key && m < 0) {
    snprintf(err, errlen, "plan %s has no meeting '%s'", p->id, key);
    return -1;
  }
  if (m < 0) {
    default_packet(out);
    return 0;
  }
  return meeting_packet(p, m, out, err, errlen);
}

const char *packet_label(const Plan *p, const char *kind) {
  int m = meeting_latest(p);
  for (int i = 0; m >= 0 && i < p->meetings.ndocs; i++) {
    const AgendaDoc *d = &p->meetings.docs[i];
    if (d->meeting == m && d->kind && strcmp(d->kind, kind) == 0) return d->label;
  }
  return NULL;
}
