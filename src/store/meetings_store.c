/* SPDX-License-Identifier: Apache-2.0 */
/*
** meetings_store.c — a plan's committee meetings, their members and agendas in the store
** (migration 6; docs/meetings.md). Saved and loaded with the plan, inside its transaction:
** store_sql.c deletes and re-inserts them on every save, as it does the plan's other rows.
*/
#include "../model/meeting.h"
#include "sq.h"
#include <string.h>

static const char *col(Plan *p, DbStmt *st, int i) {
  return plan_str(p, db_col_text(st, i));
}

static DbStmt *select_rows(Db *db, const char *sql, const char *plan) {
  DbStmt *st = sq_prepare(db, sql);
  if (st) db_bind_text(st, 1, plan);
  return st;
}

static int load_meeting_rows(Db *db, Plan *p) {
  DbStmt *st = select_rows(db,
                           "SELECT id, name, date, time, place, business, agenda, members_as_of,"
                           " source FROM meetings WHERE plan = ?1 ORDER BY seq",
                           p->id);
  int rc = st ? 0 : -1, step;
  while (st && (step = db_step(st)) == DB_ROW) {
    Meeting *m = meeting_add(p);
    m->id = col(p, st, 0);
    m->name = col(p, st, 1);
    m->date = col(p, st, 2);
    m->time = col(p, st, 3);
    m->place = col(p, st, 4);
    m->business = col(p, st, 5);
    m->agenda = col(p, st, 6);
    m->members_as_of = col(p, st, 7);
    m->source = col(p, st, 8);
  }
  if (st && step != DB_DONE) rc = -1;
  db_finalize(st);
  return rc;
}

static int load_member_rows(Db *db, Plan *p) {
  DbStmt *st = select_rows(db,
                           "SELECT m.meeting, m.role, m.name, m.reading, m.affiliation, m.position,"
                           " m.note, m.source FROM meeting_members m JOIN meetings g"
                           " ON g.plan = m.plan AND g.id = m.meeting WHERE m.plan = ?1"
                           " ORDER BY g.seq, m.seq",
                           p->id);
  int rc = st ? 0 : -1, step;
  while (st && (step = db_step(st)) == DB_ROW) {
    Member *m = meeting_add_member(p);
    m->meeting = meeting_find(p, db_col_text(st, 0));
    m->role = col(p, st, 1);
    m->name = col(p, st, 2);
    m->reading = col(p, st, 3);
    m->affiliation = col(p, st, 4);
    m->position = col(p, st, 5);
    m->note = col(p, st, 6);
    m->source = col(p, st, 7);
  }
  if (st && step != DB_DONE) rc = -1;
  db_finalize(st);
  return rc;
}

static int load_agenda_rows(Db *db, Plan *p) {
  DbStmt *st = select_rows(db,
                           "SELECT a.meeting, a.label, a.kind, a.variant, a.title, a.source"
                           " FROM meeting_agenda a JOIN meetings g"
                           " ON g.plan = a.plan AND g.id = a.meeting WHERE a.plan = ?1"
                           " ORDER BY g.seq, a.seq",
                           p->id);
  int rc = st ? 0 : -1, step;
  while (st && (step = db_step(st)) == DB_ROW) {
    AgendaDoc *d = meeting_add_doc(p);
    d->meeting = meeting_find(p, db_col_text(st, 0));
    d->label = col(p, st, 1);
    d->kind = col(p, st, 2);
    d->variant = col(p, st, 3);
    d->title = col(p, st, 4);
    d->source = col(p, st, 5);
  }
  if (st && step != DB_DONE) rc = -1;
  db_finalize(st);
  return rc;
}

int sq_load_meetings(Db *db, Plan *p) {
  return load_meeting_rows(db, p) || load_member_rows(db, p) || load_agenda_rows(db, p) ? -1 : 0;
}

int sq_delete_meetings(Db *db, const char *plan) {
  return sq_run(db, "DELETE FROM meeting_agenda WHERE plan = ?1", plan, NULL) ||
                 sq_run(db, "DELETE FROM meeting_members WHERE plan = ?1", plan, NULL) ||
                 sq_run(db, "DELETE FROM meetings WHERE plan = ?1", plan, NULL)
             ? -1
             : 0;
}

static int save_meeting_rows(Db *db, const Plan *p) {
  DbStmt *st = sq_prepare(db, "INSERT INTO meetings (plan, seq, id, name, date, time, place,"
                              " business, agenda, members_as_of, source)"
                              " VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  int rc = st ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->meetings.n; i++) {
    const Meeting *m = &p->meetings.v[i];
    sq_bind_text(st, 1, p->id);
    db_bind_int64(st, 2, i);
    sq_bind_text(st, 3, m->id);
    sq_bind_text(st, 4, m->name);
    sq_bind_text(st, 5, m->date);
    sq_bind_text(st, 6, m->time);
    sq_bind_text(st, 7, m->place);
    sq_bind_text(st, 8, m->business);
    sq_bind_text(st, 9, m->agenda);
    sq_bind_text(st, 10, m->members_as_of);
    sq_bind_text(st, 11, m->source);
    rc = sq_step_done(st);
  }
  db_finalize(st);
  return rc;
}

static int save_member_rows(Db *db, const Plan *p) {
  DbStmt *st = sq_prepare(db, "INSERT INTO meeting_members (plan, meeting, seq, role, name,"
                              " reading, affiliation, position, note, source)"
                              " VALUES (?,?,?,?,?,?,?,?,?,?)");
  int rc = st ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->meetings.nmembers; i++) {
    const Member *m = &p->meetings.members[i];
    sq_bind_text(st, 1, p->id);
    sq_bind_text(st, 2, p->meetings.v[m->meeting].id);
    db_bind_int64(st, 3, i);
    sq_bind_text(st, 4, m->role);
    sq_bind_text(st, 5, m->name);
    sq_bind_text(st, 6, m->reading);
    sq_bind_text(st, 7, m->affiliation);
    sq_bind_text(st, 8, m->position);
    sq_bind_text(st, 9, m->note);
    sq_bind_text(st, 10, m->source);
    rc = sq_step_done(st);
  }
  db_finalize(st);
  return rc;
}

static int save_agenda_rows(Db *db, const Plan *p) {
  DbStmt *st = sq_prepare(db, "INSERT INTO meeting_agenda (plan, meeting, seq, label, kind,"
                              " variant, title, source) VALUES (?,?,?,?,?,?,?,?)");
  int rc = st ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->meetings.ndocs; i++) {
    const AgendaDoc *d = &p->meetings.docs[i];
    sq_bind_text(st, 1, p->id);
    sq_bind_text(st, 2, p->meetings.v[d->meeting].id);
    db_bind_int64(st, 3, i);
    sq_bind_text(st, 4, d->label);
    sq_bind_text(st, 5, d->kind);
    sq_bind_text(st, 6, d->variant);
    sq_bind_text(st, 7, d->title);
    sq_bind_text(st, 8, d->source);
    rc = sq_step_done(st);
  }
  db_finalize(st);
  return rc;
}

int sq_save_meetings(Db *db, const Plan *p) {
  return save_meeting_rows(db, p) || save_member_rows(db, p) || save_agenda_rows(db, p) ? -1 : 0;
}
