/* SPDX-License-Identifier: Apache-2.0 */
/*
** db_sqlite.c — the SQL driver (db.h, driver.h) over SQLite: the only file that includes
** <sqlite3.h>. A database is one file, opened with foreign keys on, the WAL journal and full
** sync (a saved plan survives a power cut); writers wait up to 5 s for each other. Write
** transactions are BEGIN IMMEDIATE, so a writer holds the one write lock from its start and
** db_lock has nothing to add. The schema version is PRAGMA user_version.
*/
#include "../../model/util.h"
#include "driver.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct SlDb {
  Db base;
  sqlite3 *h;
  int unique;    /* the last failure was a unique violation */
  char why[320]; /* sl_error's text */
} SlDb;

typedef struct SlStmt {
  DbStmt base;
  sqlite3_stmt *st;
} SlStmt;

static sqlite3 *H(Db *db) {
  return ((SlDb *)db)->h;
}

static sqlite3_stmt *S(DbStmt *st) {
  return ((SlStmt *)st)->st;
}

/* Remember whether rc (of the last call on db) is a unique violation; pass rc through. */
static int note(Db *db, int rc) {
  int ext = sqlite3_extended_errcode(H(db));
  ((SlDb *)db)->unique = rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE &&
                         (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY);
  return rc;
}

static void sl_close(Db *db) {
  sqlite3_close(H(db));
  free(db);
}

static int sl_exec(Db *db, const char *sql) {
  return note(db, sqlite3_exec(H(db), sql, NULL, NULL, NULL)) == SQLITE_OK ? 0 : -1;
}

static int sl_script(Db *db, const char *sql, void (*row)(void *, int, const char *const *),
                     void *ctx) {
  const char *tail = sql;
  while (tail && *tail) {
    sqlite3_stmt *st = NULL;
    if (note(db, sqlite3_prepare_v2(H(db), tail, -1, &st, &tail)) != SQLITE_OK) return -1;
    if (!st) continue; /* whitespace or a comment */
    int n = sqlite3_column_count(st), rc;
    const char **v = xcalloc((size_t)n + 1, sizeof *v);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      for (int i = 0; i < n; i++)
        v[i] = (const char *)sqlite3_column_text(st, i);
      if (row) row(ctx, n, v);
    }
    free(v);
    note(db, rc);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return -1;
  }
  return 0;
}

static DbStmt *sl_prepare(Db *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  if (note(db, sqlite3_prepare_v2(H(db), sql, -1, &st, NULL)) != SQLITE_OK) return NULL;
  SlStmt *s = xcalloc(1, sizeof *s);
  s->base.db = db;
  s->st = st;
  return &s->base;
}

static void sl_finalize(DbStmt *st) {
  sqlite3_finalize(S(st));
  free(st);
}

static void sl_reset(DbStmt *st) {
  sqlite3_reset(S(st));
}

static void sl_bind_text(DbStmt *st, int i, const char *s, size_t len) {
  sqlite3_bind_text(S(st), i, s, (int)len, SQLITE_STATIC);
}

static void sl_bind_int64(DbStmt *st, int i, long long v) {
  sqlite3_bind_int64(S(st), i, v);
}

static void sl_bind_null(DbStmt *st, int i) {
  sqlite3_bind_null(S(st), i);
}

static int sl_param_count(DbStmt *st) {
  return sqlite3_bind_parameter_count(S(st));
}

static int sl_step(DbStmt *st) {
  int rc = note(st->db, sqlite3_step(S(st)));
  return rc == SQLITE_ROW ? DB_ROW : rc == SQLITE_DONE ? DB_DONE : DB_ERROR;
}

static const char *sl_col_text(DbStmt *st, int i) {
  return (const char *)sqlite3_column_text(S(st), i);
}

static long long sl_col_int64(DbStmt *st, int i) {
  return sqlite3_column_int64(S(st), i);
}

static int sl_col_is_null(DbStmt *st, int i) {
  return sqlite3_column_type(S(st), i) == SQLITE_NULL;
}

static int sl_col_type(DbStmt *st, int i) {
  switch (sqlite3_column_type(S(st), i)) {
  case SQLITE_NULL:
    return DB_NULL_VALUE;
  case SQLITE_INTEGER:
    return DB_INTEGER_VALUE;
  case SQLITE_TEXT:
    return DB_TEXT_VALUE;
  default:
    return DB_OTHER_VALUE;
  }
}

static size_t sl_col_bytes(DbStmt *st, int i) {
  sqlite3_column_text(S(st), i); /* the length of the text form, as db_col_text gives it */
  return (size_t)sqlite3_column_bytes(S(st), i);
}

static long long sl_changes(Db *db) {
  return sqlite3_changes64(H(db));
}

static int sl_begin(Db *db, int mode) {
  return sl_exec(db, mode == DB_WRITE ? "BEGIN IMMEDIATE" : "BEGIN");
}

static int sl_commit(Db *db) {
  return sl_exec(db, "COMMIT");
}

static int sl_rollback(Db *db) {
  /* not through note(): keep the message of the failure that made the caller roll back */
  return sqlite3_exec(H(db), "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int sl_in_transaction(Db *db) {
  return !sqlite3_get_autocommit(H(db));
}

static int sl_lock(Db *db, const char *name) {
  (void)name;
  return sl_in_transaction(db) ? 0 : -1;
}

static int sl_schema_version(Db *db) {
  sqlite3_stmt *st = NULL;
  int v = -1;
  if (note(db, sqlite3_prepare_v2(H(db), "PRAGMA user_version", -1, &st, NULL)) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

static int sl_set_schema_version(Db *db, int version) {
  char pragma[64];
  snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version);
  return sl_exec(db, pragma);
}

static int sl_unique_violation(Db *db) {
  return ((SlDb *)db)->unique;
}

/* SQLite's message, with the operating system's reason when the file system failed ("disk
   I/O error (No space left on device)"); errno is stale for any other error. */
static const char *errmsg_of(sqlite3 *h, const char *msg, char *buf, size_t n) {
  int code = sqlite3_errcode(h) & 0xff, sys = sqlite3_system_errno(h);
  if ((code == SQLITE_IOERR || code == SQLITE_FULL) && sys)
    snprintf(buf, n, "%s (%s)", msg ? msg : sqlite3_errmsg(h), strerror(sys));
  else
    snprintf(buf, n, "%s", msg ? msg : sqlite3_errmsg(h));
  return buf;
}

static const char *sl_error(Db *db) {
  SlDb *d = (SlDb *)db;
  return errmsg_of(d->h, NULL, d->why, sizeof d->why);
}

/* ---- bulk rows: one prepared INSERT ---------------------------------------------------- */

typedef struct SlBulk {
  DbBulk base;
  sqlite3_stmt *ins;
  int n, failed;
  int fkeys; /* foreign-key enforcement before sl_bulk_begin, restored by sl_bulk_end */
} SlBulk;

/* The connection as it was before sl_bulk_begin: CHECKs and foreign keys applied. */
static void bulk_restore(Db *db, int fkeys) {
  sqlite3_exec(H(db), "PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL);
  sqlite3_db_config(H(db), SQLITE_DBCONFIG_ENABLE_FKEY, fkeys, NULL);
}

static DbBulk *sl_bulk_begin(Db *db, const char *table, const char *const *columns, int n) {
  Buf sql = {0};
  buf_printf(&sql, "INSERT INTO %s (", table);
  for (int i = 0; i < n; i++)
    buf_printf(&sql, "%s%s", i ? ", " : "", columns[i]);
  buf_put(&sql, ") VALUES (");
  for (int i = 0; i < n; i++)
    buf_printf(&sql, "%s?%d", i ? ", " : "", i + 1);
  buf_put(&sql, ")");
  /* The store writes bulk rows from a plan it validated. Their CHECKs (kind IN ('target',
     ...)) would open an ephemeral table for every row, a sixth of a national import: the
     INSERT is compiled without them. The pragma acts when a statement is prepared, and
     changing it makes SQLite prepare statements again, so it stays on until sl_bulk_end
     (nothing else runs on the connection meanwhile). */
  /* Nor are their foreign keys looked up: the store writes each row's reference as the id of
     a row it wrote before in the same transaction (store_sql.c checks the plan's indices), and
     looking each of a national plan's 4 M values' indicator up again in the b-tree was 15 % of
     the import. Unlike the pragma, SQLITE_DBCONFIG_ENABLE_FKEY also acts inside a transaction
     (the import's outer one); every other statement keeps its foreign keys. */
  int fkeys = 1;
  sqlite3_db_config(H(db), SQLITE_DBCONFIG_ENABLE_FKEY, -1, &fkeys);
  sqlite3_stmt *ins = NULL;
  sqlite3_exec(H(db), "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL);
  sqlite3_db_config(H(db), SQLITE_DBCONFIG_ENABLE_FKEY, 0, NULL);
  int rc = note(db, sqlite3_prepare_v2(H(db), sql.s, -1, &ins, NULL));
  buf_free(&sql);
  if (rc != SQLITE_OK) {
    bulk_restore(db, fkeys);
    return NULL;
  }
  SlBulk *b = xcalloc(1, sizeof *b);
  b->base.db = db;
  b->ins = ins;
  b->n = n;
  b->fkeys = fkeys;
  return &b->base;
}

static void sl_bulk_text(DbBulk *b, int i, const char *s) {
  if (s)
    sqlite3_bind_text(((SlBulk *)b)->ins, i + 1, s, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(((SlBulk *)b)->ins, i + 1);
}

static void sl_bulk_int64(DbBulk *b, int i, long long v) {
  sqlite3_bind_int64(((SlBulk *)b)->ins, i + 1, v);
}

static int sl_bulk_row(DbBulk *b) {
  SlBulk *k = (SlBulk *)b;
  int rc = note(b->db, sqlite3_step(k->ins));
  sqlite3_reset(k->ins);
  sqlite3_clear_bindings(k->ins); /* a column not set in the next row is NULL */
  if (rc != SQLITE_DONE) k->failed = 1;
  return rc == SQLITE_DONE ? 0 : -1;
}

static int sl_bulk_end(DbBulk *b) {
  SlBulk *k = (SlBulk *)b;
  int rc = k->failed ? -1 : 0;
  sqlite3_finalize(k->ins);
  bulk_restore(b->db, k->fkeys);
  free(k);
  return rc;
}

static const DbDriver sqlite_driver = {
    .name = "sqlite",
    .close = sl_close,
    .exec = sl_exec,
    .script = sl_script,
    .prepare = sl_prepare,
    .prepare_big = sl_prepare,
    .finalize = sl_finalize,
    .reset = sl_reset,
    .bind_text = sl_bind_text,
    .bind_int64 = sl_bind_int64,
    .bind_null = sl_bind_null,
    .param_count = sl_param_count,
    .step = sl_step,
    .col_text = sl_col_text,
    .col_int64 = sl_col_int64,
    .col_is_null = sl_col_is_null,
    .col_type = sl_col_type,
    .col_bytes = sl_col_bytes,
    .changes = sl_changes,
    .begin = sl_begin,
    .commit = sl_commit,
    .rollback = sl_rollback,
    .in_transaction = sl_in_transaction,
    .lock = sl_lock,
    .schema_version = sl_schema_version,
    .set_schema_version = sl_set_schema_version,
    .unique_violation = sl_unique_violation,
    .error = sl_error,
    .bulk_begin = sl_bulk_begin,
    .bulk_text = sl_bulk_text,
    .bulk_int64 = sl_bulk_int64,
    .bulk_row = sl_bulk_row,
    .bulk_end = sl_bulk_end,
};

Db *db_sqlite_open(const char *path, char *err, size_t errlen) {
  /* SQLite counts every allocation under a global mutex unless told not to; a national plan
     makes tens of millions of them. Only possible before the library is first used. */
  static int configured;
  if (!configured) {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    configured = 1;
  }
  /* A connection is used by one thread at a time (the server lends each handle to one request
     or thread: src/web/pool.c), so it need not take its mutex on every call: reading a
     national plan's 4 M values makes tens of millions of sqlite3_column_* calls (9 % of an
     eval's CPU time). */
  sqlite3 *h = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path, &h, flags, NULL) != SQLITE_OK) {
    snprintf(err, errlen, "%s: cannot open: %s", path, h ? sqlite3_errmsg(h) : "out of memory");
    sqlite3_close(h);
    return NULL;
  }
  sqlite3_busy_timeout(h, 5000);
  char *msg = NULL;
  if (sqlite3_exec(h,
                   "PRAGMA page_size = 16384; PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
                   " PRAGMA synchronous = FULL;"
                   " PRAGMA cache_size = -65536;",
                   NULL, NULL, &msg) != SQLITE_OK) {
    char why[320];
    if (sqlite3_db_readonly(h, "main") == 1) /* SQLite fell back to reading only */
      snprintf(err, errlen,
               "%s: cannot open: the store is read-only (the file or its file system cannot be "
               "written)",
               path);
    else
      snprintf(err, errlen, "store: %s", errmsg_of(h, msg, why, sizeof why));
    sqlite3_free(msg);
    sqlite3_close(h);
    return NULL;
  }
  SlDb *db = xcalloc(1, sizeof *db);
  db->base.drv = &sqlite_driver;
  db->h = h;
  return &db->base;
}
