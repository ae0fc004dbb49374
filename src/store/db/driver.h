/* SPDX-License-Identifier: Apache-2.0 */
/*
** driver.h — what an engine's driver provides behind db.h (internal to src/store/db): a table
** of its primitives, and the first member every driver's connection and statement embed, so
** that db.c can dispatch a call to the engine the connection was opened on.
*/
#ifndef SHINCHOKU_DB_DRIVER_H
#define SHINCHOKU_DB_DRIVER_H

#include "db.h"

typedef struct DbDriver {
  const char *name;
  void (*close)(Db *db);
  int (*exec)(Db *db, const char *sql);
  int (*script)(Db *db, const char *sql, void (*row)(void *, int, const char *const *), void *ctx);
  DbStmt *(*prepare)(Db *db, const char *sql);
  DbStmt *(*prepare_big)(Db *db, const char *sql);
  void (*finalize)(DbStmt *st);
  void (*reset)(DbStmt *st);
  void (*bind_text)(DbStmt *st, int i, const char *s, size_t len);
  void (*bind_int64)(DbStmt *st, int i, long long v);
  void (*bind_null)(DbStmt *st, int i);
  int (*param_count)(DbStmt *st);
  int (*step)(DbStmt *st);
  const char *(*col_text)(DbStmt *st, int i);
  long long (*col_int64)(DbStmt *st, int i);
  int (*col_is_null)(DbStmt *st, int i);
  int (*col_type)(DbStmt *st, int i);
  size_t (*col_bytes)(DbStmt *st, int i);
  long long (*changes)(Db *db);
  int (*begin)(Db *db, int mode);
  int (*commit)(Db *db);
  int (*rollback)(Db *db);
  int (*in_transaction)(Db *db);
  int (*lock)(Db *db, const char *name);
  int (*schema_version)(Db *db);
  int (*set_schema_version)(Db *db, int version);
  int (*unique_violation)(Db *db);
  const char *(*error)(Db *db);
  DbBulk *(*bulk_begin)(Db *db, const char *table, const char *const *columns, int n);
  void (*bulk_text)(DbBulk *b, int i, const char *s); /* s NULL: NULL */
  void (*bulk_int64)(DbBulk *b, int i, long long v);
  int (*bulk_row)(DbBulk *b);
  int (*bulk_end)(DbBulk *b);
  /* 0 when the connection is known to be broken (the server went away); NULL: never */
  int (*alive)(Db *db);
} DbDriver;

/* The first member of every driver's connection, statement and bulk writer. */
struct Db {
  const DbDriver *drv;
  int outer; /* inside db_begin_outer: db_begin/commit/rollback are savepoints */
  int depth; /* savepoints open inside it */
  char *uri; /* as db_open was given it */
};
struct DbStmt {
  Db *db;
};
struct DbBulk {
  Db *db;
};

Db *db_sqlite_open(const char *path, char *err, size_t errlen);
Db *db_pg_open(const char *uri, char *err, size_t errlen);

#endif
