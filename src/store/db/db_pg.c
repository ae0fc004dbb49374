/* SPDX-License-Identifier: Apache-2.0 */
/*
** db_pg.c — the SQL driver (db.h, driver.h) over PostgreSQL through libpq: the only file that
** includes <libpq-fe.h>. The store's ?N parameters become $N (numbered densely in order of
** first use, so a statement may leave numbers out, as SQLite allows); every value travels as
** text. A statement is prepared on the server at its first step and executed with its
** bindings; its rows are read whole (PQexecPrepared), since the store interleaves a read with
** writes on the one connection, except for db_prepare_big, whose rows stream one at a time
** (single-row mode: a plan's millions of values never sit in memory twice). Bulk rows go by
** COPY ... FROM STDIN in the text format. Write transactions take one advisory lock for the whole
** database, so writers are serialised as SQLite serialises them (BEGIN IMMEDIATE), and
** db_lock adds a lock per name. The schema version is a one-row table, shinchoku_schema.
*/
#include "../../model/util.h"
#include "driver.h"
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PARAMS = 64 };

typedef struct PgDb {
  Db base;
  PGconn *c;
  unsigned next_name; /* prepared statements are s1, s2, ... */
  long long changes;
  int unique;
  char err[512];
} PgDb;

typedef struct PgStmt {
  DbStmt base;
  char *sql;               /* with $N */
  char name[16];           /* "" until prepared on the server */
  int nparams;             /* distinct parameters, $1..$nparams */
  int map[MAX_PARAMS + 1]; /* ?N -> $map[N], 0 when ?N is not used */
  char *vals[MAX_PARAMS];  /* the bound values as text, NULL for NULL */
  PGresult *res;           /* rows of the last execution */
  int row, nrows;          /* the current row; -1 before the first step */
  int big;                 /* db_prepare_big: rows stream in single-row mode */
  int streaming, finished; /* rows are streaming; the stream has ended */
} PgStmt;

static PgDb *P(Db *db) {
  return (PgDb *)db;
}

static PgStmt *T(DbStmt *st) {
  return (PgStmt *)st;
}

/* Keep the error of r (or of the connection) as the last failure; -1. */
static int fail(Db *db, const PGresult *r) {
  /* the primary message alone, one line as SQLite gives it */
  const char *m = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  if (!m || !*m) m = PQerrorMessage(P(db)->c);
  snprintf(P(db)->err, sizeof P(db)->err, "%s", *m ? m : "unknown error");
  size_t n = strlen(P(db)->err);
  while (n && (P(db)->err[n - 1] == '\n' || P(db)->err[n - 1] == ' '))
    P(db)->err[--n] = '\0';
  const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  P(db)->unique = state && strcmp(state, "23505") == 0;
  return -1;
}

/* 0 when r is a success (rows or a command), else the failure kept; r is cleared. */
static int done(Db *db, PGresult *r) {
  ExecStatusType s = PQresultStatus(r);
  int rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? 0 : fail(db, r);
  PQclear(r);
  return rc;
}

static void quiet(void *arg, const char *message) {
  (void)arg;
  (void)message; /* NOTICEs (e.g. "does not exist, skipping") are not the program's output */
}

static void pg_close(Db *db) {
  PQfinish(P(db)->c);
  free(db);
}

/* Read whatever the server sent meanwhile: a restart sends a termination notice, then closes
   the socket, and libpq marks the connection bad once it has read both (one read each). An
   idle connection that is not readable is taken as sound. No round trip; never blocks. */
static int pg_alive(Db *db) {
  PGconn *c = P(db)->c;
  for (int i = 0; i < 4 && PQstatus(c) == CONNECTION_OK; i++) {
    struct pollfd pfd = {.fd = PQsocket(c), .events = POLLIN};
    if (pfd.fd < 0 || poll(&pfd, 1, 0) != 1) break;
    if (!PQconsumeInput(c)) break;
  }
  return PQstatus(c) == CONNECTION_OK;
}

static int pg_exec(Db *db, const char *sql) {
  return done(db, PQexec(P(db)->c, sql));
}

static int pg_script(Db *db, const char *sql, void (*row)(void *, int, const char *const *),
                     void *ctx) {
  PGconn *c = P(db)->c;
  if (!PQsendQuery(c, sql)) return fail(db, NULL);
  int rc = 0;
  for (PGresult *r; (r = PQgetResult(c));) {
    ExecStatusType s = PQresultStatus(r);
    if (s == PGRES_TUPLES_OK && row && rc == 0) {
      int n = PQnfields(r);
      const char **v = xcalloc((size_t)n + 1, sizeof *v);
      for (int i = 0; i < PQntuples(r); i++) {
        for (int k = 0; k < n; k++)
          v[k] = PQgetisnull(r, i, k) ? NULL : PQgetvalue(r, i, k);
        row(ctx, n, v);
      }
      free(v);
    }
    if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK && rc == 0) rc = fail(db, r);
    PQclear(r);
  }
  return rc;
}

/* sql with ?N (or a bare ?, the next number) as $M, M dense in order of first use; quoted
   text and identifiers are copied as they are. -1 with too many parameters. */
static int translate(PgStmt *t, const char *sql) {
  Buf b = {0};
  int last = 0;
  for (const char *p = sql; *p; p++) {
    if (*p == '\'' || *p == '"') {
      const char *q = strchr(p + 1, *p);
      size_t len = q ? (size_t)(q - p + 1) : strlen(p);
      buf_printf(&b, "%.*s", (int)len, p);
      p += len - 1;
      continue;
    }
    if (*p != '?') {
      buf_printf(&b, "%c", *p);
      continue;
    }
    int n = 0;
    while (p[1] >= '0' && p[1] <= '9')
      n = n * 10 + (*++p - '0');
    if (n == 0) n = last + 1;
    if (n > last) last = n; /* a bare ? follows the largest number so far, as in SQLite */
    if (n > MAX_PARAMS) {
      buf_free(&b);
      return -1;
    }
    if (!t->map[n]) t->map[n] = ++t->nparams;
    buf_printf(&b, "$%d", t->map[n]);
  }
  t->sql = buf_detach(&b);
  return 0;
}

static DbStmt *pg_prepare(Db *db, const char *sql) {
  PgStmt *t = xcalloc(1, sizeof *t);
  t->base.db = db;
  t->row = -1;
  if (translate(t, sql)) {
    snprintf(P(db)->err, sizeof P(db)->err, "more than %d parameters", MAX_PARAMS);
    free(t);
    return NULL;
  }
  return &t->base;
}

static DbStmt *pg_prepare_big(Db *db, const char *sql) {
  DbStmt *st = pg_prepare(db, sql);
  if (st) T(st)->big = 1;
  return st;
}

/* Read and drop what is left of the connection's current query. */
static void drain(PGconn *c) {
  for (PGresult *r; (r = PQgetResult(c));)
    PQclear(r);
}

static void clear_rows(PgStmt *t) {
  PQclear(t->res);
  t->res = NULL;
  if (t->streaming) drain(P(t->base.db)->c);
  t->streaming = t->finished = 0;
  t->row = -1;
  t->nrows = 0;
}

static void pg_finalize(DbStmt *st) {
  PgStmt *t = T(st);
  clear_rows(t);
  if (t->name[0] && PQtransactionStatus(P(st->db)->c) != PQTRANS_INERROR) {
    char sql[40];
    snprintf(sql, sizeof sql, "DEALLOCATE %s", t->name);
    PQclear(PQexec(P(st->db)->c, sql));
  }
  for (int i = 0; i < t->nparams; i++)
    free(t->vals[i]);
  free(t->sql);
  free(t);
}

static void pg_reset(DbStmt *st) {
  clear_rows(T(st));
}

/* The slot of ?i, or NULL when the statement has no such parameter. */
static char **slot(DbStmt *st, int i) {
  PgStmt *t = T(st);
  if (i < 1 || i > MAX_PARAMS || !t->map[i]) return NULL;
  return &t->vals[t->map[i] - 1];
}

static void pg_bind_text(DbStmt *st, int i, const char *s, size_t len) {
  char **v = slot(st, i);
  if (!v) return;
  free(*v);
  *v = xmalloc(len + 1);
  memcpy(*v, s, len);
  (*v)[len] = '\0';
}

static void pg_bind_int64(DbStmt *st, int i, long long n) {
  char text[24];
  int len = snprintf(text, sizeof text, "%lld", n);
  pg_bind_text(st, i, text, (size_t)len);
}

static void pg_bind_null(DbStmt *st, int i) {
  char **v = slot(st, i);
  if (!v) return;
  free(*v);
  *v = NULL;
}

static int pg_param_count(DbStmt *st) {
  int n = 0;
  for (int i = 1; i <= MAX_PARAMS; i++)
    if (T(st)->map[i]) n = i;
  return n;
}

/* Prepare the statement on the server, once. */
static int server_prepare(PgStmt *t) {
  if (t->name[0]) return 0;
  PgDb *d = P(t->base.db);
  char name[16];
  snprintf(name, sizeof name, "s%u", ++d->next_name);
  if (done(&d->base, PQprepare(d->c, name, t->sql, 0, NULL))) return -1;
  memcpy(t->name, name, sizeof name);
  return 0;
}

/* db_step of a db_prepare_big statement: one row per result. */
static int stream_step(PgStmt *t) {
  PgDb *d = P(t->base.db);
  if (t->finished) return DB_DONE;
  if (!t->streaming) {
    if (server_prepare(t)) return DB_ERROR;
    if (!PQsendQueryPrepared(d->c, t->name, t->nparams, (const char *const *)t->vals, NULL, NULL,
                             0))
      return fail(&d->base, NULL), DB_ERROR;
    PQsetSingleRowMode(d->c); /* if refused, the rows come whole, and are read so */
    t->streaming = 1;
  }
  PQclear(t->res);
  t->res = NULL;
  PGresult *r = PQgetResult(d->c);
  ExecStatusType s = PQresultStatus(r);
  if (s == PGRES_SINGLE_TUPLE || (s == PGRES_TUPLES_OK && PQntuples(r) > 0)) {
    t->res = r;
    t->row = 0;
    t->nrows = PQntuples(r);
    if (s == PGRES_TUPLES_OK) { /* rows came whole after all */
      drain(d->c);
      t->streaming = 0;
      t->finished = 1;
    }
    return DB_ROW;
  }
  int rc = s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK ? DB_DONE : (fail(&d->base, r), DB_ERROR);
  PQclear(r);
  drain(d->c);
  t->streaming = 0;
  t->finished = 1;
  return rc;
}

static int pg_step(DbStmt *st) {
  PgStmt *t = T(st);
  if (t->big && !(t->finished && t->res)) return stream_step(t);
  if (t->res) return ++t->row < t->nrows ? DB_ROW : DB_DONE;
  PgDb *d = P(st->db);
  if (server_prepare(t)) return DB_ERROR;
  PGresult *r =
      PQexecPrepared(d->c, t->name, t->nparams, (const char *const *)t->vals, NULL, NULL, 0);
  ExecStatusType s = PQresultStatus(r);
  if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
    fail(st->db, r);
    PQclear(r);
    return DB_ERROR;
  }
  d->unique = 0;
  const char *tag = PQcmdStatus(r); /* rows changed, as SQLite counts them: not by SELECT */
  if (!strncmp(tag, "INSERT", 6) || !strncmp(tag, "UPDATE", 6) || !strncmp(tag, "DELETE", 6))
    d->changes = strtoll(PQcmdTuples(r), NULL, 10);
  t->res = r;
  t->nrows = PQntuples(r);
  t->row = 0;
  return t->nrows > 0 ? DB_ROW : DB_DONE;
}

static const char *pg_col_text(DbStmt *st, int i) {
  PgStmt *t = T(st);
  if (!t->res || t->row < 0 || t->row >= t->nrows || i >= PQnfields(t->res)) return NULL;
  return PQgetisnull(t->res, t->row, i) ? NULL : PQgetvalue(t->res, t->row, i);
}

static long long pg_col_int64(DbStmt *st, int i) {
  const char *v = pg_col_text(st, i);
  return v ? strtoll(v, NULL, 10) : 0;
}

static int pg_col_is_null(DbStmt *st, int i) {
  return pg_col_text(st, i) == NULL;
}

/* The column's kind, from its declared type (PostgreSQL's columns have one type each, where
   SQLite's values carry theirs): the integer types, text, or other. */
static int pg_col_type(DbStmt *st, int i) {
  PgStmt *t = T(st);
  if (pg_col_text(st, i) == NULL) return DB_NULL_VALUE;
  switch (PQftype(t->res, i)) {
  case 20: /* int8 */
  case 21: /* int2 */
  case 23: /* int4 */
    return DB_INTEGER_VALUE;
  case 25:   /* text */
  case 1043: /* varchar */
  case 1042: /* bpchar */
    return DB_TEXT_VALUE;
  default:
    return DB_OTHER_VALUE;
  }
}

/* The length in bytes of the column's text form, as pg_col_text gives it. */
static size_t pg_col_bytes(DbStmt *st, int i) {
  PgStmt *t = T(st);
  return pg_col_text(st, i) ? (size_t)PQgetlength(t->res, t->row, i) : 0;
}

static long long pg_changes(Db *db) {
  return P(db)->changes;
}

static int pg_begin(Db *db, int mode) {
  if (mode == DB_READ) return pg_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  /* one lock for every writer of the database, held to the end of the transaction */
  return pg_exec(db, "BEGIN; SELECT pg_advisory_xact_lock(hashtext('shinchoku write'))");
}

static int pg_commit(Db *db) {
  return pg_exec(db, "COMMIT");
}

static int pg_rollback(Db *db) {
  PQclear(PQexec(P(db)->c, "ROLLBACK")); /* keeps the error that made the caller roll back */
  return 0;
}

static int pg_in_transaction(Db *db) {
  return PQtransactionStatus(P(db)->c) != PQTRANS_IDLE;
}

static int pg_lock(Db *db, const char *name) {
  const char *v[1] = {name};
  return done(db, PQexecParams(P(db)->c, "SELECT pg_advisory_xact_lock(hashtext($1))", 1, NULL, v,
                               NULL, NULL, 0));
}

static int pg_schema_version(Db *db) {
  PGresult *r = PQexec(P(db)->c, "SELECT to_regclass('shinchoku_schema') IS NOT NULL");
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    fail(db, r);
    PQclear(r);
    return -1;
  }
  int exists = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
  PQclear(r);
  if (!exists) return 0;
  r = PQexec(P(db)->c, "SELECT version FROM shinchoku_schema");
  int v = -1;
  if (PQresultStatus(r) == PGRES_TUPLES_OK)
    v = PQntuples(r) ? atoi(PQgetvalue(r, 0, 0)) : 0;
  else
    fail(db, r);
  PQclear(r);
  return v;
}

static int pg_set_schema_version(Db *db, int version) {
  char sql[160];
  snprintf(sql, sizeof sql,
           "CREATE TABLE IF NOT EXISTS shinchoku_schema (version INTEGER NOT NULL);"
           " DELETE FROM shinchoku_schema; INSERT INTO shinchoku_schema VALUES (%d)",
           version);
  return pg_exec(db, sql);
}

static int pg_unique_violation(Db *db) {
  return P(db)->unique;
}

static const char *pg_error(Db *db) {
  return P(db)->err[0] ? P(db)->err : "no error";
}

/* ---- bulk rows: COPY ... FROM STDIN ----------------------------------------------------- */

enum { COPY_CHUNK = 256 * 1024 };
/* After this many rows the table is analysed before the transaction goes on: without
   statistics the planner reads a national plan's 4 M values by a bitmap scan and an
   external sort on disk (4 times slower than the primary-key order it then chooses). */
enum { ANALYZE_ROWS = 10000 };

typedef struct PgBulk {
  DbBulk base;
  char *table;
  long rows;
  int n, failed;
  const char **vals; /* the row's columns, NULL for NULL */
  char (*nums)[24];  /* numbers as text */
  Buf data;          /* rows not yet sent */
} PgBulk;

static DbBulk *pg_bulk_begin(Db *db, const char *table, const char *const *columns, int n) {
  Buf sql = {0};
  buf_printf(&sql, "COPY %s (", table);
  for (int i = 0; i < n; i++)
    buf_printf(&sql, "%s%s", i ? ", " : "", columns[i]);
  buf_put(&sql, ") FROM STDIN");
  PGresult *r = PQexec(P(db)->c, sql.s);
  buf_free(&sql);
  if (PQresultStatus(r) != PGRES_COPY_IN) {
    fail(db, r);
    PQclear(r);
    return NULL;
  }
  PQclear(r);
  PgBulk *b = xcalloc(1, sizeof *b);
  b->base.db = db;
  b->table = xstrdup(table);
  b->n = n;
  b->vals = xcalloc((size_t)n, sizeof *b->vals);
  b->nums = xcalloc((size_t)n, sizeof *b->nums);
  return &b->base;
}

static void pg_bulk_text(DbBulk *b, int i, const char *s) {
  PgBulk *k = (PgBulk *)b;
  if (i >= 0 && i < k->n) k->vals[i] = s;
}

static void pg_bulk_int64(DbBulk *b, int i, long long v) {
  PgBulk *k = (PgBulk *)b;
  if (i < 0 || i >= k->n) return;
  snprintf(k->nums[i], sizeof k->nums[i], "%lld", v);
  k->vals[i] = k->nums[i];
}

/* s in COPY's text format: backslash, tab, newline and carriage return escaped. Runs without
   any of them are copied whole (a national import sends 50 M fields). */
static void put_copy_text(Buf *b, const char *s) {
  for (;;) {
    size_t run = strcspn(s, "\\\t\n\r");
    buf_putn(b, s, run);
    s += run;
    if (!*s) return;
    buf_put(b, *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : *s == '\n' ? "\\n" : "\\r");
    s++;
  }
}

static int send_data(PgBulk *k) {
  if (k->data.len && PQputCopyData(P(k->base.db)->c, k->data.s, (int)k->data.len) != 1) {
    fail(k->base.db, NULL);
    k->failed = 1;
  }
  k->data.len = 0;
  return k->failed ? -1 : 0;
}

static int pg_bulk_row(DbBulk *b) {
  PgBulk *k = (PgBulk *)b;
  for (int i = 0; i < k->n; i++) {
    if (i) buf_put(&k->data, "\t");
    if (k->vals[i])
      put_copy_text(&k->data, k->vals[i]);
    else
      buf_put(&k->data, "\\N");
    k->vals[i] = NULL;
  }
  buf_put(&k->data, "\n");
  k->rows++;
  return k->data.len >= COPY_CHUNK ? send_data(k) : k->failed ? -1 : 0;
}

static int pg_bulk_end(DbBulk *b) {
  PgBulk *k = (PgBulk *)b;
  PGconn *c = P(b->db)->c;
  send_data(k);
  int rc = PQputCopyEnd(c, k->failed ? "a row could not be sent" : NULL) == 1 ? 0 : -1;
  PGresult *r = PQgetResult(c);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) rc = fail(b->db, r);
  PQclear(r);
  drain(c);
  if (k->failed) rc = -1;
  if (rc == 0 && k->rows >= ANALYZE_ROWS) {
    Buf sql = {0};
    buf_printf(&sql, "ANALYZE %s", k->table);
    rc = done(b->db, PQexec(c, sql.s));
    buf_free(&sql);
  }
  free(k->table);
  buf_free(&k->data);
  free(k->vals);
  free(k->nums);
  free(k);
  return rc;
}

static const DbDriver pg_driver = {
    .name = "postgresql",
    .close = pg_close,
    .exec = pg_exec,
    .script = pg_script,
    .prepare = pg_prepare,
    .prepare_big = pg_prepare_big,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .bind_text = pg_bind_text,
    .bind_int64 = pg_bind_int64,
    .bind_null = pg_bind_null,
    .param_count = pg_param_count,
    .step = pg_step,
    .col_text = pg_col_text,
    .col_int64 = pg_col_int64,
    .col_is_null = pg_col_is_null,
    .col_type = pg_col_type,
    .col_bytes = pg_col_bytes,
    .changes = pg_changes,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .in_transaction = pg_in_transaction,
    .lock = pg_lock,
    .schema_version = pg_schema_version,
    .set_schema_version = pg_set_schema_version,
    .unique_violation = pg_unique_violation,
    .error = pg_error,
    .bulk_begin = pg_bulk_begin,
    .bulk_text = pg_bulk_text,
    .bulk_int64 = pg_bulk_int64,
    .bulk_row = pg_bulk_row,
    .bulk_end = pg_bulk_end,
    .alive = pg_alive,
};

/* Sorting must be by bytes, as on SQLite, so that every output is the same on both engines. */
static int collation_is_bytes(PGconn *c) {
  PGresult *r = PQexec(c, "SELECT datcollate FROM pg_database WHERE datname = current_database()");
  int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
           (strcmp(PQgetvalue(r, 0, 0), "C") == 0 || strcmp(PQgetvalue(r, 0, 0), "POSIX") == 0);
  PQclear(r);
  return ok;
}

Db *db_pg_open(const char *uri, char *err, size_t errlen) {
  PGconn *c = PQconnectdb(uri);
  if (PQstatus(c) != CONNECTION_OK) {
    snprintf(err, errlen, "%s: cannot connect: %s", uri, c ? PQerrorMessage(c) : "out of memory");
    size_t n = strlen(err);
    if (n && err[n - 1] == '\n') err[n - 1] = '\0';
    PQfinish(c);
    return NULL;
  }
  PQsetNoticeProcessor(c, quiet, NULL);
  PQclear(PQexec(c, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'"));
  if (!collation_is_bytes(c)) {
    snprintf(err, errlen,
             "%s: the database must sort by bytes, as SQLite does (create it with"
             " `createdb --locale=C --template=template0`)",
             uri);
    PQfinish(c);
    return NULL;
  }
  PgDb *db = xcalloc(1, sizeof *db);
  db->base.drv = &pg_driver;
  db->c = c;
  return &db->base;
}
