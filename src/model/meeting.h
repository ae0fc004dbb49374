/* SPDX-License-Identifier: Apache-2.0 */
/*
** meeting.h — a plan's committee meetings as data (docs/meetings.md): each meeting's name,
** date, place and order of business, its members (委員名簿) and its agenda (会次第), the 資料
** handed out in order, each with the report kind and policy variant Shinchoku makes it from.
** The packet (`report --kind packet`) and snapshots (`snapshot`) are built from these rows.
** Strings are owned by the plan's arena; rows refer to their meeting by index.
*/
#ifndef SHINCHOKU_MEETING_H
#define SHINCHOKU_MEETING_H

struct Plan;

typedef struct Meeting {
  const char *id;       /* ASCII, unique within the plan (R3-2) */
  const char *name;     /* 令和3年度第2回鹿児島市地域情報化推進委員会 */
  const char *date;     /* ISO date */
  const char *time;     /* 11時00分～12時00分, as printed */
  const char *place;    /* 本館特別会議室 */
  const char *business; /* 協議事項 / 報告事項 (the heading the agenda item stands under) */
  const char *agenda;   /* the agenda item the documents are for */
  const char *members_as_of; /* the date the roster stands at (ISO) */
  const char *source;
} Meeting;

typedef struct Member {
  int meeting; /* index */
  const char *role, *name, *reading, *affiliation, *position, *note, *source;
} Member;

typedef struct AgendaDoc {
  int meeting;         /* index */
  const char *label;   /* 資料2; rows with the same label are one 資料 */
  const char *kind;    /* a report kind, or NULL for a document Shinchoku does not make */
  const char *variant; /* the policy variant to evaluate with, NULL: the kind's own */
  const char *title;   /* as the 会次第 words it, NULL: the report's title */
  const char *source;
} AgendaDoc;

typedef struct Meetings {
  Meeting *v;
  int n, cap;
  Member *members;
  int nmembers, capmembers;
  AgendaDoc *docs;
  int ndocs, capdocs;
} Meetings;

/* Append an empty row (pointers stay valid until the next append of the same kind). */
Meeting *meeting_add(struct Plan *p);
Member *meeting_add_member(struct Plan *p);
AgendaDoc *meeting_add_doc(struct Plan *p);
/* The meeting whose id or name is key, or -1. */
int meeting_find(const struct Plan *p, const char *key);
/* The latest meeting (by date; the last listed among equal dates), or -1 when none. */
int meeting_latest(const struct Plan *p);
void meetings_free(Meetings *m);

#endif
