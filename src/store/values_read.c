/* SPDX-License-Identifier: Apache-2.0 */
/*
** values_read.c — reading a plan's values (the indicator_values table) for store_load, on a
** connection of its own while the loading connection reads the nodes, indicators and the rest.
** A national plan's 4 M values were 60 % of loading it, and the loading connection's other
** reads most of the rest, on one of the machine's cores. The second connection reads in a
** transaction of its own; its rows are used only when it saw the plan at the same revision
** (plan_revisions: every write of a plan's values bumps it in the same transaction) as the
** loading connection, else the loading connection reads them itself. Small plans (fewer values
** at their last import than SHINCHOKU_VALUES_THREAD, default 100,000) are read on the loading
** connection: a thread and a connection cost more than they save there.
*/
#include "sq.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { VALUES_THREAD_MIN = 100000 };

/* Values as read, before they are the plan's: each value's indicator is the number of its run
   of rows naming one indicator (rows come grouped), and ids[k] is run k's indicator id. */
typedef struct Rows {
  Plan *q; /* a scratch plan holding the values, their extras and strings */
  const char **ids;
  int nids, capids;
} Rows;

struct ValuesRead {
  char *uri, *plan;
  long long revision;
  pthread_t thread;
  int started, ok; /* ok: the thread's rows are of the loading connection's revision */
  Rows rows;
};

static int read_rows(Db *db, const char *plan, Rows *r) {
  DbStmt *st = db_prepare_big(
      db, "SELECT indicator, year, kind, num, text, as_of, note, revised, source, superseded"
          " FROM indicator_values WHERE plan = ?1 ORDER BY seq");
  if (!st) return -1;
  db_bind_text(st, 1, plan);
  Plan *q = r->q = plan_new();
  int rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *id = db_col_text(st, 0);
    if (!r->nids || strcmp(r->ids[r->nids - 1], id) != 0) {
      VEC_PUSH(r->ids, r->nids, r->capids);
      r->ids[r->nids++] = plan_str(q, id);
    }
    Value *v = plan_add_value(q);
    v->indicator = r->nids - 1;
    v->year = db_col_int(st, 1);
    v->kind = (signed char)enum_lookup(value_kind_names, VK__COUNT, db_col_text(st, 2));
    v->num = sq_col_dec(st, 3);
    v->text = plan_str(q, db_col_text(st, 4));
    value_set_extra(q, v, plan_str(q, db_col_text(st, 5)), plan_str(q, db_col_text(st, 6)),
                    plan_str(q, db_col_text(st, 7)), plan_str(q, db_col_text(st, 8)));
    v->superseded = (unsigned char)db_col_int(st, 9);
  }
  db_finalize(st);
  return rc == DB_DONE ? 0 : -1;
}

static void rows_free(Rows *r) {
  plan_free(r->q);
  free(r->ids);
  memset(r, 0, sizeof *r);
}

/* The index of the indicator named id, trying first the one the previous run named and the
   one after it (runs come in the order the indicators are stored). */
static int indicator_near(Plan *p, int prev, const char *id) {
  if (prev >= 0 && !strcmp(p->inds[prev].id, id)) return prev;
  if (prev + 1 < p->ninds && !strcmp(p->inds[prev + 1].id, id)) return prev + 1;
  return plan_indicator(p, id);
}

/* The rows become p's values (p has its indicators and no values yet). */
static void rows_apply(Rows *r, Plan *p) {
  Plan *q = r->q;
  free(p->values);
  free(p->extras);
  p->values = q->values, p->nvalues = q->nvalues, p->capvalues = q->capvalues;
  p->extras = q->extras, p->nextras = q->nextras, p->capextras = q->capextras;
  q->values = NULL, q->nvalues = q->capvalues = 0;
  q->extras = NULL, q->nextras = q->capextras = 0;
  arena_adopt(&p->arena, &q->arena);
  int run = -1, ind = -1;
  for (int i = 0; i < p->nvalues; i++) {
    Value *v = &p->values[i];
    if (v->indicator != run) {
      run = v->indicator;
      ind = indicator_near(p, ind, r->ids[run]);
    }
    v->indicator = ind;
  }
  rows_free(r);
}

/* The plan's revision, -1 when it has none, -2 on an error (never equal to what the other
   connection read). */
static long long read_revision(Db *db, const char *plan) {
  long long rev = 0;
  int rc = sq_int64(db, "SELECT revision FROM plan_revisions WHERE plan = ?1", plan, NULL, &rev);
  return rc == 1 ? rev : rc == 0 ? -1 : -2;
}

static int worth_a_thread(Db *db, const char *plan) {
  const char *env = getenv("SHINCHOKU_VALUES_THREAD");
  long min = env && *env ? strtol(env, NULL, 10) : VALUES_THREAD_MIN;
  long long n = -1;
  sq_int64(db, "SELECT nvalues FROM imports WHERE plan = ?1 ORDER BY at DESC LIMIT 1", plan, NULL,
           &n);
  return n >= min && n >= 0;
}

static void *reader_main(void *arg) {
  ValuesRead *r = arg;
  char err[256];
  Db *db = db_open(r->uri, err, sizeof err);
  if (!db) return NULL;
  if (db_begin(db, DB_READ) == 0) {
    if (read_revision(db, r->plan) == r->revision && r->revision != -2)
      r->ok = read_rows(db, r->plan, &r->rows) == 0;
    db_commit(db);
  }
  db_close(db);
  return NULL;
}

ValuesRead *sq_values_begin(Db *db, const char *plan, int own_snapshot) {
  ValuesRead *r = xcalloc(1, sizeof *r);
  r->plan = xstrdup(plan);
  if (!own_snapshot || !db_uri(db) || !worth_a_thread(db, plan)) return r;
  r->uri = xstrdup(db_uri(db));
  r->revision = read_revision(db, plan);
  r->started = pthread_create(&r->thread, NULL, reader_main, r) == 0;
  return r;
}

int sq_values_end(ValuesRead *r, Db *db, Plan *p) {
  if (r->started) pthread_join(r->thread, NULL);
  if (!r->ok) rows_free(&r->rows); /* not started, failed, or another revision */
  int rc = r->ok ? 0 : read_rows(db, r->plan, &r->rows);
  if (rc == 0)
    rows_apply(&r->rows, p);
  else
    rows_free(&r->rows);
  free(r->uri);
  free(r->plan);
  free(r);
  return rc;
}
