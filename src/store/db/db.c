/* SPDX-License-Identifier: Apache-2.0 */
/*
** db.c — the SQL driver's front (db.h): choosing the engine from the URI, and passing each
** call to the driver the connection was opened with (driver.h).
*/
#include "driver.h"
#include "../../model/util.h"
#include <stdlib.h>
#include <string.h>

int db_is_postgresql_uri(const char *uri) {
  return strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0;
}

Db *db_open(const char *uri, char *err, size_t errlen) {
  Db *db =
      db_is_postgresql_uri(uri) ? db_pg_open(uri, err, errlen) : db_sqlite_open(uri, err, errlen);
  if (db) db->uri = xstrdup(uri);
  return db;
}

void db_close(Db *db) {
  if (!db) return;
  free(db->uri);
  db->drv->close(db);
}

const char *db_uri(const Db *db) {
  return db->uri;
}

int db_alive(Db *db) {
  return !db->drv->alive || db->drv->alive(db);
}

const char *db_engine(const Db *db) {
  return db->drv->name;
}

int db_exec(Db *db, const char *sql) {
  return db->drv->exec(db, sql);
}

int db_script(Db *db, const char *sql, void (*row)(void *ctx, int n, const char *const *values),
              void *ctx) {
  return db->drv->script(db, sql, row, ctx);
}

DbStmt *db_prepare(Db *db, const char *sql) {
  return db->drv->prepare(db, sql);
}

DbStmt *db_prepare_big(Db *db, const char *sql) {
  return db->drv->prepare_big(db, sql);
}

void db_finalize(DbStmt *st) {
  if (st) st->db->drv->finalize(st);
}

void db_reset(DbStmt *st) {
  st->db->drv->reset(st);
}

void db_bind_text(DbStmt *st, int i, const char *s) {
  if (s)
    st->db->drv->bind_text(st, i, s, strlen(s));
  else
    st->db->drv->bind_null(st, i);
}

void db_bind_textn(DbStmt *st, int i, const char *s, size_t len) {
  st->db->drv->bind_text(st, i, s, len);
}

void db_bind_int64(DbStmt *st, int i, long long v) {
  st->db->drv->bind_int64(st, i, v);
}

void db_bind_null(DbStmt *st, int i) {
  st->db->drv->bind_null(st, i);
}

int db_param_count(DbStmt *st) {
  return st->db->drv->param_count(st);
}

int db_step(DbStmt *st) {
  return st->db->drv->step(st);
}

const char *db_col_text(DbStmt *st, int i) {
  return st->db->drv->col_text(st, i);
}

long long db_col_int64(DbStmt *st, int i) {
  return st->db->drv->col_int64(st, i);
}

int db_col_int(DbStmt *st, int i) {
  return (int)st->db->drv->col_int64(st, i);
}

int db_col_is_null(DbStmt *st, int i) {
  return st->db->drv->col_is_null(st, i);
}

int db_col_type(DbStmt *st, int i) {
  return st->db->drv->col_type(st, i);
}

size_t db_col_bytes(DbStmt *st, int i) {
  return st->db->drv->col_bytes(st, i);
}

long long db_changes(Db *db) {
  return db->drv->changes(db);
}

/* Inside an outer transaction (db_begin_outer) a transaction is a savepoint of it: its
   commit keeps its work for the outer one to commit, its rollback undoes only its own. */
int db_begin(Db *db, int mode) {
  if (!db->outer) return db->drv->begin(db, mode);
  if (db->drv->exec(db, "SAVEPOINT shinchoku_inner")) return -1;
  db->depth++;
  return 0;
}

int db_commit(Db *db) {
  if (!db->outer || !db->depth) return db->drv->commit(db);
  db->depth--;
  return db->drv->exec(db, "RELEASE SAVEPOINT shinchoku_inner");
}

int db_rollback(Db *db) {
  if (!db->outer || !db->depth) return db->drv->rollback(db);
  db->depth--;
  int rc = db->drv->exec(db, "ROLLBACK TO SAVEPOINT shinchoku_inner");
  return db->drv->exec(db, "RELEASE SAVEPOINT shinchoku_inner") || rc ? -1 : 0;
}

int db_begin_outer(Db *db) {
  if (db->outer || db->drv->begin(db, DB_WRITE)) return -1;
  db->outer = 1;
  db->depth = 0;
  return 0;
}

int db_end_outer(Db *db, int commit) {
  if (!db->outer) return -1;
  db->outer = 0;
  db->depth = 0;
  if (commit) return db->drv->commit(db);
  db->drv->rollback(db);
  return 0;
}

int db_in_transaction(Db *db) {
  return db->drv->in_transaction(db);
}

int db_lock(Db *db, const char *name) {
  return db->drv->lock(db, name);
}

int db_schema_version(Db *db) {
  return db->drv->schema_version(db);
}

int db_set_schema_version(Db *db, int version) {
  return db->drv->set_schema_version(db, version);
}

int db_unique_violation(Db *db) {
  return db->drv->unique_violation(db);
}

const char *db_error(Db *db) {
  return db->drv->error(db);
}

DbBulk *db_bulk_begin(Db *db, const char *table, const char *const *columns, int n) {
  return db->drv->bulk_begin(db, table, columns, n);
}

void db_bulk_text(DbBulk *b, int i, const char *s) {
  b->db->drv->bulk_text(b, i, s);
}

void db_bulk_int64(DbBulk *b, int i, long long v) {
  b->db->drv->bulk_int64(b, i, v);
}

int db_bulk_row(DbBulk *b) {
  return b->db->drv->bulk_row(b);
}

int db_bulk_end(DbBulk *b) {
  return b ? b->db->drv->bulk_end(b) : -1;
}
