/* SPDX-License-Identifier: Apache-2.0 */
/*
** sq.h — what the store's files share (internal to src/store): the database connection of a
** Store (the SQL driver, db/db.h: no file here knows which engine it runs on), and the small
** helpers around prepared statements, transactions and time that store_sql.c and the staff
** workflow files (accounts, sessions, entries, audit...) use.
*/
#ifndef SHINCHOKU_SQ_H
#define SHINCHOKU_SQ_H

#include "../model/dec.h"
#include "../model/digest.h"
#include "../model/util.h"
#include "db/db.h"
#include "staff.h"
#include "store.h"
#include <stddef.h>

/* The database connection of a store opened by store_open. */
Db *store_db(Store *s);

/* "store: WHAT: the engine's message" into err; returns -1. */
int sq_fail(Db *db, char *err, size_t errlen, const char *what);
/* Run SQL without parameters; -1 with the message in err. */
int sq_exec(Db *db, const char *sql, char *err, size_t errlen);
/* A prepared statement, or NULL (db_error says why). */
DbStmt *sq_prepare(Db *db, const char *sql);
/* Bind text (NULL binds NULL), a year (0 binds NULL), a number (DEC_NONE binds NULL). The
   text must outlive the statement's next step. */
void sq_bind_text(DbStmt *st, int i, const char *s);
void sq_bind_year(DbStmt *st, int i, int y);
void sq_bind_dec(DbStmt *st, int i, dec_t d);
/* A column as a number (NULL gives DEC_NONE), or as malloc'd text (NULL stays NULL). */
dec_t sq_col_dec(DbStmt *st, int i);
char *sq_col_strdup(DbStmt *st, int i);
/* Run an insert or update and make the statement ready for the next row. Every caller binds
   every parameter of every row, so bindings need no clearing. 0 or -1. */
int sq_step_done(DbStmt *st);
/* Run sql with text parameters ?1 and ?2 (NULL binds NULL; unused ones are ignored): 0 or
   -1. */
int sq_run(Db *db, const char *sql, const char *a, const char *b);
/* Whether sql with text parameters ?1 and ?2 gives a row: 1 yes, 0 no, -1 error. */
int sq_exists(Db *db, const char *sql, const char *a, const char *b);
/* The same, with the first column of the first row as an integer into *out. */
int sq_int64(Db *db, const char *sql, const char *a, const char *b, long long *out);
/* The current time as ISO 8601 UTC text ("2026-11-22T05:10:00Z"); n >= 21. */
void sq_now_iso(char *buf, size_t n);
/* Bump the plan's revision (revisions.c), inside the transaction of a write that changes what
   the public site shows: 0 or -1. */
int sq_bump_revision(Db *db, const char *plan);

/* A plan's values for store_load (values_read.c): begun once the loading transaction has read
   the plan's row (own_snapshot: the transaction is store_load's own, not a caller's), ended
   once p has its indicators; the values become p's. 0, or -1 when they cannot be read. */
typedef struct ValuesRead ValuesRead;
ValuesRead *sq_values_begin(Db *db, const char *plan, int own_snapshot);
int sq_values_end(ValuesRead *r, Db *db, Plan *p);
/* One row in imports for an edit of a stored plan in place (edit_values.c: the plan's counts
   as stored, o's origin, actor and digest) and the plan's time of last change. */
int sq_log_edit(Db *db, const char *plan, const Origin *o, const char *now);

/* Write transactions. sq_begin starts a write transaction (DB_WRITE) unless a transaction is
   already open (then the caller's transaction is joined and *own is 0). sq_end commits (rc == 0) or
   rolls back (rc != 0) a transaction it began, and returns rc, or -1 when the commit fails (err
   says why). */
int sq_begin(Db *db, int *own, char *err, size_t errlen);
int sq_end(Db *db, int own, int rc, char *err, size_t errlen);

/* Appending audit rows (audit.c): open once per transaction, add any number of rows, close.
   Each row goes to its chain (docs/store.md "Tenancy": its plan's municipality, an account's
   row to the account's, '' the installation's); the writer locks each chain it appends to
   (db_lock "audit CHAIN") and keeps its last seq and hash, and each plan's chain, so many rows
   (an import's changes) cost one insert each. audit_append is open + add + close. */
typedef struct AuditHead {
  char chain[MUNICIPALITY_CODE_LEN + 1];
  long long seq;             /* of the chain's last row */
  char hash[DIGEST_HEX + 1]; /* of the chain's last row; "" before the first */
} AuditHead;
typedef struct AuditPlanChain {
  char *plan;
  char chain[MUNICIPALITY_CODE_LEN + 1];
} AuditPlanChain;
typedef struct AuditWriter {
  Db *db;
  DbStmt *ins;
  AuditHead *heads; /* the chains this writer appended to */
  int nheads, capheads;
  AuditPlanChain *plans; /* the chains of the plans it met */
  int nplans, capplans;
  char at[32]; /* the time every row of this writer carries */
} AuditWriter;
int audit_writer_open(Db *db, AuditWriter *w);
int audit_writer_add(AuditWriter *w, const Actor *who, const char *action, const char *plan,
                     const char *subject, int year, const char *field, const char *old_value,
                     const char *new_value, const char *reason);
/* The rows of plan go to the chain of municipality code (a plan being stored for the first
   time, or moved, is not yet in plans with it). */
void audit_writer_plan_chain(AuditWriter *w, const char *plan, const char *code);
void audit_writer_close(AuditWriter *w);
/* The hash (format 1 or 2, docs/workflow.md) of a stored row whose 11 fields are columns
   1..11 of st, from the values exactly as the engine holds them. */
void audit_stored_hash(DbStmt *st, int format, const char *prev, long long seq, char *hex);
/* Migration 11's step (audit_split.c): after the trail was split into chains, write each
   chain's first row (naming the old trail's head) and hash every chain again. */
int audit_split_chains(Db *db, char *err, size_t errlen);

/* Before a save replaces the stored plan p->id (save_changes.c): keep the targets and the
   secretariat's texts it replaces in target_history and narrative_history, and when w is not
   NULL audit every value, grade and narrative it changes as action, old and new. */
int sq_record_changes(Db *db, const Plan *p, const Origin *o, const char *now, const char *action,
                      AuditWriter *w);

/* Before a save replaces the stored plan p->id (approved_guard.c): how many figures that
   approved entries put in the stored plan (and that are still there) p would change or
   remove, with the first 20 named in names ("I5-1 2024 actual 12345 → none"). With w, each
   is audited as "import.force". */
int sq_approved_overwrites(Db *db, const Plan *p, const Origin *o, AuditWriter *w, int *count,
                           Buf *names);

/* Tenancy (tenancy.c), on the store's connection: the actor's municipality ("" for the
   installation), and whether who may act on a plan or on something of municipality code: 0,
   STAFF_FORBIDDEN (err says why) or -1. */
int sq_actor_municipality(Db *db, const Actor *who, char *code, char *err, size_t errlen);
int sq_may_plan(Db *db, const Actor *who, const char *plan, char *err, size_t errlen);
int sq_may_code(Db *db, const Actor *who, const char *code, char *err, size_t errlen);
/* Register municipality code (named name) unless it is; audited as who's unless who is NULL
   (an import registering its plan's code: the import's own row covers it). 0 added, 1 there
   already. */
int sq_municipality_register(Db *db, const char *code, const char *name, const Actor *who,
                             char *err, size_t errlen);
/* A plan's committee meetings, members and agendas (meetings_store.c): loaded into p,
   deleted and saved with the plan inside its transaction. 0 or -1. */
int sq_load_meetings(Db *db, Plan *p);
int sq_delete_meetings(Db *db, const char *plan);
int sq_save_meetings(Db *db, const Plan *p);
/* The indicators' shared KPI codes (kpi_store.c), likewise. 0 or -1. */
int sq_load_kpis(Db *db, Plan *p);
int sq_delete_kpis(Db *db, const char *plan);
int sq_save_kpis(Db *db, const Plan *p);

/* Entries (entries.c), for the files that move them through review. */
/* A figure as the audit trail shows it: "1234.5", "未定", "1234.5 未定"; NULL when there is
   neither. Caller frees. */
char *sq_figure_text(dec_t num, const char *text);
/* The department's entries of (plan, year) whose state is in mask (bits 1 << ST_...), by
   id. */
int sq_entries_in_state(Db *db, const char *plan, int year, const char *dept, unsigned mask,
                        Entry **out, int *n);
/* Move entry e to state (version + 1; review_note replaces the stored one, NULL clears it)
   and audit it as action with old and new as given. */
int sq_entry_set_state(Store *s, const Entry *e, int state, const char *review_note,
                       const char *action, const char *old_value, const Actor *who);

#endif
