/* SPDX-License-Identifier: Apache-2.0 */
/*
** db.h — the SQL driver: the few engine primitives the store is written against (the way
** SQLite's VFS isolates the operating system, or Apache APR's apr_dbd the database). The store
** in src/store/ uses only these; db_sqlite.c is the only file that includes <sqlite3.h>, and a
** PostgreSQL driver (db_pg.c) provides the same functions over libpq. The contract is in
** docs/store.md.
**
** Conventions: SQL text uses ?1..?N for parameters (a bare ? is the next number, as in
** SQLite); text bound is used before the next step and need not outlive it; 0 is success and
** -1 failure unless said otherwise; db_error() tells why the last call failed.
*/
#ifndef SHINCHOKU_DB_H
#define SHINCHOKU_DB_H

#include <stddef.h>

typedef struct Db Db;
typedef struct DbStmt DbStmt;
typedef struct DbBulk DbBulk;

/* What db_step answers. */
enum { DB_ERROR = -1, DB_DONE = 0, DB_ROW = 1 };
/* What db_begin starts: a read snapshot, or a write transaction that holds the engine's
   write lock from its start (so that it never fails halfway for want of it). */
enum { DB_READ = 0, DB_WRITE = 1 };

/* Open the database at uri: a postgresql:// (or postgres://) URI, else a file path for
   SQLite. NULL with the reason in err. A connection may pass from thread to thread but is
   used by one at a time (SQLite's is opened without a mutex of its own). */
Db *db_open(const char *uri, char *err, size_t errlen);
int db_is_postgresql_uri(const char *uri);
void db_close(Db *db);
/* The URI db was opened with: another connection to the same store opens it again. */
const char *db_uri(const Db *db);
/* 1 unless the connection is known to be broken (PostgreSQL: the server closed it, e.g. a
   restart; it reads what the server already sent, without a round trip). SQLite: always 1. */
int db_alive(Db *db);
/* The engine's name: "sqlite" or "postgresql". */
const char *db_engine(const Db *db);

/* Run SQL without parameters (several statements separated by ';' allowed). */
int db_exec(Db *db, const char *sql);
/* Run a script of statements, calling row(ctx, ncols, values) for every row any of them
   gives (a NULL value is NULL). For `shinchoku sql`; row may be NULL. */
int db_script(Db *db, const char *sql, void (*row)(void *ctx, int n, const char *const *values),
              void *ctx);

/* One statement, or NULL (db_error says why). */
DbStmt *db_prepare(Db *db, const char *sql);
/* The same, for reading many rows (a plan's values): the rows may stream from the server
   (PostgreSQL's single-row mode) instead of arriving all at once, so until db_step answers
   DB_DONE, or the statement is reset or finalized, nothing else may run on the connection. */
DbStmt *db_prepare_big(Db *db, const char *sql);
/* NULL is ignored. */
void db_finalize(DbStmt *st);
/* Back to before the first step; bindings are kept. */
void db_reset(DbStmt *st);

/* Bind parameter i (1-based). db_bind_text with NULL binds NULL; db_bind_textn binds len
   bytes. */
void db_bind_text(DbStmt *st, int i, const char *s);
void db_bind_textn(DbStmt *st, int i, const char *s, size_t len);
void db_bind_int64(DbStmt *st, int i, long long v);
void db_bind_null(DbStmt *st, int i);
/* How many parameters the statement has (the highest N of ?N). */
int db_param_count(DbStmt *st);

/* DB_ROW, DB_DONE or DB_ERROR. */
int db_step(DbStmt *st);
/* Columns of the current row (0-based). Text is NULL for NULL and valid until the next step,
   reset or finalize; a NULL number reads as 0. */
const char *db_col_text(DbStmt *st, int i);
long long db_col_int64(DbStmt *st, int i);
int db_col_int(DbStmt *st, int i);
int db_col_is_null(DbStmt *st, int i);
/* The type of a column's value as the engine holds it (the audit trail hashes exactly that),
   and the length in bytes of a text value, every byte counted (a NUL too). */
enum { DB_NULL_VALUE, DB_INTEGER_VALUE, DB_TEXT_VALUE, DB_OTHER_VALUE };
int db_col_type(DbStmt *st, int i);
size_t db_col_bytes(DbStmt *st, int i);

/* Bulk rows: many rows into one table by the engine's fastest path (SQLite: one prepared
   INSERT; PostgreSQL: COPY ... FROM STDIN). Set the columns of a row (0-based; a column not
   set is NULL; text must stay valid until db_bulk_row), then db_bulk_row. Until db_bulk_end
   nothing else may run on the connection. db_bulk_end frees b and answers -1 when any row
   failed. NULL from db_bulk_begin: db_error says why. The store sends rows of a plan it
   validated: on SQLite the table's CHECK constraints are not applied to them (they cost an
   ephemeral table per row), nor are their foreign keys looked up (the store's references are
   to rows it wrote in the same transaction: store_sql.c); keys and NOT NULL are. Statements
   other than the bulk rows keep their CHECKs and foreign keys, in the same transaction too. */
DbBulk *db_bulk_begin(Db *db, const char *table, const char *const *columns, int n);
void db_bulk_text(DbBulk *b, int i, const char *s);
void db_bulk_int64(DbBulk *b, int i, long long v);
int db_bulk_row(DbBulk *b);
int db_bulk_end(DbBulk *b);

/* Rows changed by the last INSERT, UPDATE or DELETE. */
long long db_changes(Db *db);

/* Transactions. db_begin fails when one is already open; db_in_transaction tells. */
int db_begin(Db *db, int mode);
int db_commit(Db *db);
int db_rollback(Db *db);
int db_in_transaction(Db *db);
/* One write transaction around several that each begin and commit their own (an import: the
   plan, its first publication, its snapshots): until db_end_outer, db_begin opens a savepoint,
   db_commit releases it and db_rollback undoes it alone; db_end_outer commits everything
   (commit 1) or nothing (0). 0 or -1. */
int db_begin_outer(Db *db);
int db_end_outer(Db *db, int commit);
/* Serialise writers on name until the transaction ends (SQLite: a write transaction already
   excludes every other writer, so this is a no-op there). */
int db_lock(Db *db, const char *name);

/* The schema version the database records (0 for a new one; -1 on error), and setting it
   inside the migration's transaction. */
int db_schema_version(Db *db);
int db_set_schema_version(Db *db, int version);

/* Whether the last failure was a unique or primary-key violation. */
int db_unique_violation(Db *db);
/* Why the last call failed, in the engine's words. */
const char *db_error(Db *db);

#endif
