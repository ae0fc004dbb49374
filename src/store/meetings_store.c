/* SPDX-License-Identifier: Apache-2.0 */
/*
** meetings_store.c — a plan's committee meetings, their members and agendas in the store
** (migration 6; docs/meetings.md). Saved and loaded with the plan, inside its transaction:
** store_sql.c deletes and re-inserts them on every save, as it does the plan's other rows.
** The three tables share one shape — text columns after (plan, seq), members and agenda rows
** also naming their meeting — so one table-driven row codec loads and saves them all: each
** table is its column names and the offsets of the row struct's fields that hold them.
*/
#include "../model/meeting.h"
#include "sq.h"
#include <stddef.h>
#include <string.h>

enum { CODEC_MAX_COLS = 9 };

/* A table of meeting rows: its columns (text, in order) and where each is in the row struct;
   meeting_off >= 0 when the rows name their meeting (an int index in the struct). */
typedef struct RowCodec {
  const char *table;
  const char *cols[CODEC_MAX_COLS];
  size_t offs[CODEC_MAX_COLS];
  int ncols;
  long meeting_off;
  void *(*add)(Plan *p);              /* append an empty row */
  void *(*row)(const Plan *p, int i); /* row i */
  int (*count)(const Plan *p);
} RowCodec;

static void *add_meeting(Plan *p) {
  return meeting_add(p);
}
static void *add_member(Plan *p) {
  return meeting_add_member(p);
}
static void *add_doc(Plan *p) {
  return meeting_add_doc(p);
}
static void *meeting_row(const Plan *p, int i) {
  return &p->meetings.v[i];
}
static void *member_row(const Plan *p, int i) {
  return &p->meetings.members[i];
}
static void *doc_row(const Plan *p, int i) {
  return &p->meetings.docs[i];
}
static int meeting_count(const Plan *p) {
  return p->meetings.n;
}
static int member_count(const Plan *p) {
  return p->meetings.nmembers;
}
static int doc_count(const Plan *p) {
  return p->meetings.ndocs;
}

#define F(type, field) offsetof(type, field)
static const RowCodec meeting_codec = {
    "meetings",
    {"id", "name", "date", "time", "place", "business", "agenda", "members_as_of", "source"},
    {F(Meeting, id), F(Meeting, name), F(Meeting, date), F(Meeting, time), F(Meeting, place),
     F(Meeting, business), F(Meeting, agenda), F(Meeting, members_as_of), F(Meeting, source)},
    9,
    -1,
    add_meeting,
    meeting_row,
    meeting_count};
static const RowCodec member_codec = {
    "meeting_members",
    {"role", "name", "reading", "affiliation", "position", "note", "source"},
    {F(Member, role), F(Member, name), F(Member, reading), F(Member, affiliation),
     F(Member, position), F(Member, note), F(Member, source)},
    7,
    (long)F(Member, meeting),
    add_member,
    member_row,
    member_count};
static const RowCodec agenda_codec = {"meeting_agenda",
                                      {"label", "kind", "variant", "title", "source"},
                                      {F(AgendaDoc, label), F(AgendaDoc, kind),
                                       F(AgendaDoc, variant), F(AgendaDoc, title),
                                       F(AgendaDoc, source)},
                                      5,
                                      (long)F(AgendaDoc, meeting),
                                      add_doc,
                                      doc_row,
                                      doc_count};
#undef F

/* The tables in the order they are loaded and saved (a meeting before the rows naming it). */
static const RowCodec *const codecs[] = {&meeting_codec, &member_codec, &agenda_codec};
enum { NCODECS = sizeof codecs / sizeof *codecs };

static const char **field(void *row, size_t off) {
  return (const char **)((char *)row + off);
}

/* SELECT [x.meeting,] x.cols… FROM table x [JOIN meetings g …] WHERE x.plan = ?1, in the
   meetings' order, then the rows' own. */
static void select_sql(const RowCodec *c, Buf *sql) {
  buf_put(sql, "SELECT ");
  if (c->meeting_off >= 0) buf_put(sql, "x.meeting, ");
  for (int i = 0; i < c->ncols; i++)
    buf_printf(sql, "%sx.%s", i ? ", " : "", c->cols[i]);
  buf_printf(sql, " FROM %s x", c->table);
  if (c->meeting_off >= 0)
    buf_put(sql, " JOIN meetings g ON g.plan = x.plan AND g.id = x.meeting WHERE x.plan = ?1"
                 " ORDER BY g.seq, x.seq");
  else
    buf_put(sql, " WHERE x.plan = ?1 ORDER BY x.seq");
}

static int load_rows(Db *db, Plan *p, const RowCodec *c) {
  Buf sql = {0};
  select_sql(c, &sql);
  DbStmt *st = sq_prepare(db, sql.s);
  buf_free(&sql);
  if (!st) return -1;
  db_bind_text(st, 1, p->id);
  int step, first = c->meeting_off >= 0;
  while ((step = db_step(st)) == DB_ROW) {
    void *row = c->add(p);
    if (first) *(int *)((char *)row + c->meeting_off) = meeting_find(p, db_col_text(st, 0));
    for (int i = 0; i < c->ncols; i++)
      *field(row, c->offs[i]) = plan_str(p, db_col_text(st, first + i));
  }
  db_finalize(st);
  return step == DB_DONE ? 0 : -1;
}

/* INSERT INTO table (plan, seq, [meeting,] cols…) VALUES (?, …). */
static void insert_sql(const RowCodec *c, Buf *sql) {
  int n = 2 + (c->meeting_off >= 0) + c->ncols;
  buf_printf(sql, "INSERT INTO %s (plan, seq%s", c->table, c->meeting_off >= 0 ? ", meeting" : "");
  for (int i = 0; i < c->ncols; i++)
    buf_printf(sql, ", %s", c->cols[i]);
  buf_put(sql, ") VALUES (?");
  for (int i = 1; i < n; i++)
    buf_put(sql, ",?");
  buf_put(sql, ")");
}

static int save_rows(Db *db, const Plan *p, const RowCodec *c) {
  Buf sql = {0};
  insert_sql(c, &sql);
  DbStmt *st = sq_prepare(db, sql.s);
  buf_free(&sql);
  int rc = st ? 0 : -1, n = c->count(p);
  for (int r = 0; rc == 0 && r < n; r++) {
    void *row = c->row(p, r);
    int k = 1;
    sq_bind_text(st, k++, p->id);
    db_bind_int64(st, k++, r);
    if (c->meeting_off >= 0)
      sq_bind_text(st, k++, p->meetings.v[*(int *)((char *)row + c->meeting_off)].id);
    for (int i = 0; i < c->ncols; i++)
      sq_bind_text(st, k++, *field(row, c->offs[i]));
    rc = sq_step_done(st);
  }
  db_finalize(st);
  return rc;
}

int sq_load_meetings(Db *db, Plan *p) {
  for (int i = 0; i < NCODECS; i++)
    if (load_rows(db, p, codecs[i])) return -1;
  return 0;
}

int sq_save_meetings(Db *db, const Plan *p) {
  for (int i = 0; i < NCODECS; i++)
    if (save_rows(db, p, codecs[i])) return -1;
  return 0;
}

int sq_delete_meetings(Db *db, const char *plan) {
  for (int i = NCODECS - 1; i >= 0; i--) { /* the rows naming a meeting first */
    Buf sql = {0};
    buf_printf(&sql, "DELETE FROM %s WHERE plan = ?1", codecs[i]->table);
    int rc = sq_run(db, sql.s, plan, NULL);
    buf_free(&sql);
    if (rc) return -1;
  }
  return 0;
}
