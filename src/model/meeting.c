/* SPDX-License-Identifier: Apache-2.0 */
/*
** meeting.c — construction and look-up of a plan's committee meetings (see meeting.h).
*/
#include "meeting.h"
#include "plan.h"
#include <stdlib.h>
#include <string.h>

Meeting *meeting_add(Plan *p) {
  Meetings *m = &p->meetings;
  VEC_PUSH(m->v, m->n, m->cap);
  Meeting *row = &m->v[m->n++];
  memset(row, 0, sizeof *row);
  return row;
}

Member *meeting_add_member(Plan *p) {
  Meetings *m = &p->meetings;
  VEC_PUSH(m->members, m->nmembers, m->capmembers);
  Member *row = &m->members[m->nmembers++];
  memset(row, 0, sizeof *row);
  row->meeting = -1;
  return row;
}

AgendaDoc *meeting_add_doc(Plan *p) {
  Meetings *m = &p->meetings;
  VEC_PUSH(m->docs, m->ndocs, m->capdocs);
  AgendaDoc *row = &m->docs[m->ndocs++];
  memset(row, 0, sizeof *row);
  row->meeting = -1;
  return row;
}

int meeting_find(const Plan *p, const char *key) {
  for (int i = 0; key && i < p->meetings.n; i++) {
    const Meeting *m = &p->meetings.v[i];
    if ((m->id && strcmp(m->id, key) == 0) || (m->name && strcmp(m->name, key) == 0)) return i;
  }
  return -1;
}

int meeting_latest(const Plan *p) {
  int best = -1;
  for (int i = 0; i < p->meetings.n; i++) {
    const char *d = p->meetings.v[i].date, *bd = best >= 0 ? p->meetings.v[best].date : NULL;
    if (best < 0 || strcmp(d ? d : "", bd ? bd : "") >= 0) best = i;
  }
  return best;
}

void meetings_free(Meetings *m) {
  free(m->v);
  free(m->members);
  free(m->docs);
  memset(m, 0, sizeof *m);
}
