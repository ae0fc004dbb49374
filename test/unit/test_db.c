/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_db.c — unit tests for the SQL driver's contract (src/store/db/db.h, docs/store.md):
** parameters by number (gaps allowed), NULLs, bulk rows whose text holds tabs, newlines and
** backslashes, big reads, changes, transactions, unique violations and the schema version.
** On a fresh SQLite file, or, when SHINCHOKU_TEST_DB names a PostgreSQL database
** (test/pg/run.sh), on that database emptied.
*/
#include "testutil.h"
#include "store/db/db.h"
#include <stdlib.h>
#include <unistd.h>

typedef struct Fixture {
  char dir[64];
  Db *db;
} Fixture;

static int setup(void **state) {
  Fixture *f = calloc(1, sizeof *f);
  char err[256], path[600];
  snprintf(f->dir, sizeof f->dir, "/tmp/db-test-XXXXXX");
  if (!mkdtemp(f->dir)) return -1;
  const char *pg = getenv("SHINCHOKU_TEST_DB");
  if (pg && *pg)
    snprintf(path, sizeof path, "%s", pg);
  else
    snprintf(path, sizeof path, "%s/t.db", f->dir);
  f->db = db_open(path, err, sizeof err);
  if (!f->db) {
    fprintf(stderr, "%s\n", err);
    return -1;
  }
  if (pg && *pg && db_exec(f->db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")) return -1;
  if (db_exec(f->db, "CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT, s TEXT)")) return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  Fixture *f = *state;
  db_close(f->db);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  if (system(cmd) != 0) return -1;
  free(f);
  return 0;
}

static void test_parameters_by_number(void **state) {
  Db *db = ((Fixture *)*state)->db;
  /* ?2 is not used: the numbers need not be dense, and an unused one may be bound */
  DbStmt *ins = db_prepare(db, "INSERT INTO t (k, n, s) VALUES (?1, ?3, ?4)");
  assert_non_null(ins);
  assert_int_equal(db_param_count(ins), 4);
  db_bind_text(ins, 1, "a");
  db_bind_text(ins, 2, "ignored");
  db_bind_int64(ins, 3, 9000000000000LL); /* more than 32 bits */
  db_bind_text(ins, 4, NULL);
  assert_int_equal(db_step(ins), DB_DONE);
  assert_int_equal(db_changes(db), 1);
  db_finalize(ins);
  DbStmt *q = db_prepare(db, "SELECT n, s, 'it''s ?1' FROM t WHERE k = ?1");
  db_bind_text(q, 1, "a");
  assert_int_equal(db_step(q), DB_ROW);
  assert_true(db_col_int64(q, 0) == 9000000000000LL);
  assert_true(db_col_is_null(q, 1));
  assert_null(db_col_text(q, 1));
  assert_string_equal(db_col_text(q, 2), "it's ?1"); /* a ? inside quotes is text */
  assert_int_equal(db_step(q), DB_DONE);
  db_reset(q); /* bindings are kept */
  assert_int_equal(db_step(q), DB_ROW);
  db_finalize(q);
}

static void test_bulk_rows_keep_every_byte(void **state) {
  Db *db = ((Fixture *)*state)->db;
  static const char *const cols[] = {"k", "n", "s"};
  static const char *const texts[] = {"tab\there", "new\nline",    "back\\slash \\N",
                                      "cr\r",      "日本語の課名", ""};
  enum { N = 6 };
  assert_int_equal(db_begin(db, DB_WRITE), 0);
  DbBulk *b = db_bulk_begin(db, "t", cols, 3);
  assert_non_null(b);
  for (int i = 0; i < N; i++) {
    char k[16];
    snprintf(k, sizeof k, "k%d", i);
    db_bulk_text(b, 0, k);
    if (i % 2) db_bulk_int64(b, 1, -i); /* the others are NULL */
    db_bulk_text(b, 2, texts[i]);
    assert_int_equal(db_bulk_row(b), 0);
  }
  assert_int_equal(db_bulk_end(b), 0);
  assert_int_equal(db_commit(db), 0);
  DbStmt *q = db_prepare_big(db, "SELECT k, n, s FROM t ORDER BY k");
  int i = 0;
  while (db_step(q) == DB_ROW) {
    assert_string_equal(db_col_text(q, 2), texts[i]);
    assert_int_equal(db_col_is_null(q, 1), i % 2 == 0);
    if (i % 2) assert_int_equal(db_col_int64(q, 1), -i);
    i++;
  }
  assert_int_equal(i, N);
  db_finalize(q);
  /* after a big read, the connection serves the next statement */
  q = db_prepare(db, "SELECT count(*) FROM t");
  assert_int_equal(db_step(q), DB_ROW);
  assert_int_equal(db_col_int(q, 0), N);
  db_finalize(q);
}

/* SQLite compiles bulk INSERTs without the table's CHECKs (db_sqlite.c); every other
   statement, before and after, still has them. */
static void test_checks_hold_around_bulk_rows(void **state) {
  Db *db = ((Fixture *)*state)->db;
  static const char *const cols[] = {"k", "kind"};
  assert_int_equal(
      db_exec(db, "CREATE TABLE c (k TEXT, kind TEXT CHECK (kind IN ('a', 'b', 'c')))"), 0);
  DbStmt *before = db_prepare(db, "INSERT INTO c (k, kind) VALUES ('before', ?1)");
  assert_int_equal(db_begin(db, DB_WRITE), 0);
  DbBulk *b = db_bulk_begin(db, "c", cols, 2);
  assert_non_null(b);
  db_bulk_text(b, 0, "bulk");
  db_bulk_text(b, 1, "b");
  assert_int_equal(db_bulk_row(b), 0);
  assert_int_equal(db_bulk_end(b), 0);
  assert_int_not_equal(db_exec(db, "INSERT INTO c (k, kind) VALUES ('after', 'z')"), 0);
  db_bind_text(before, 1, "z");
  assert_int_not_equal(db_step(before), DB_DONE);
  db_finalize(before);
  db_rollback(db);
  assert_int_not_equal(db_exec(db, "INSERT INTO c (k, kind) VALUES ('later', 'z')"), 0);
  assert_int_equal(db_exec(db, "INSERT INTO c (k, kind) VALUES ('later', 'a')"), 0);
}

/* SQLite writes bulk rows without looking their foreign keys up (db_sqlite.c: the store
   writes references to rows it wrote itself); every other statement, prepared before or after,
   inside the same transaction or later, still has them. */
/* SQLite writes bulk rows without looking their foreign keys up (db_sqlite.c: the store
   writes references to rows it wrote itself); every other statement, prepared before or after,
   in the same transaction or later, still has them. */
static int bulk_child(Db *db, const char *k) {
  static const char *const cols[] = {"k", "parent"};
  DbBulk *b = db_bulk_begin(db, "fc", cols, 2);
  if (!b) return -1;
  db_bulk_text(b, 0, k);
  db_bulk_text(b, 1, "p1");
  int rc = db_bulk_row(b);
  return db_bulk_end(b) || rc;
}

static int count_children(Db *db) {
  DbStmt *q = db_prepare(db, "SELECT count(*) FROM fc");
  int n = q && db_step(q) == DB_ROW ? db_col_int(q, 0) : -1;
  db_finalize(q);
  return n;
}

static void test_foreign_keys_hold_around_bulk_rows(void **state) {
  Db *db = ((Fixture *)*state)->db;
  assert_int_equal(db_exec(db, "CREATE TABLE fp (id TEXT PRIMARY KEY)"), 0);
  assert_int_equal(db_exec(db, "CREATE TABLE fc (k TEXT, parent TEXT REFERENCES fp(id))"), 0);
  assert_int_equal(db_exec(db, "INSERT INTO fp (id) VALUES ('p1')"), 0);
  DbStmt *before = db_prepare(db, "INSERT INTO fc (k, parent) VALUES ('before', ?1)");
  /* in the same transaction, right after the bulk rows (an engine that aborts the transaction
     on the refusal loses the bulk row with it: rolled back below either way) */
  assert_int_equal(db_begin(db, DB_WRITE), 0);
  assert_int_equal(bulk_child(db, "rolled back"), 0);
  assert_int_not_equal(db_exec(db, "INSERT INTO fc (k, parent) VALUES ('in', 'nobody')"), 0);
  db_rollback(db);
  assert_int_equal(count_children(db), 0);
  /* after a committed bulk */
  assert_int_equal(db_begin(db, DB_WRITE), 0);
  assert_int_equal(bulk_child(db, "bulk"), 0);
  assert_int_equal(db_commit(db), 0);
  db_bind_text(before, 1, "nobody");
  assert_int_not_equal(db_step(before), DB_DONE);
  db_finalize(before);
  assert_int_not_equal(db_exec(db, "INSERT INTO fc (k, parent) VALUES ('later', 'nobody')"), 0);
  assert_int_not_equal(db_exec(db, "DELETE FROM fp"), 0); /* 'bulk' still refers to p1 */
  assert_int_equal(count_children(db), 1);
}

/* PostgreSQL: a big bulk load leaves the table analysed (db_pg.c), so that the next read of
   it is planned on statistics; reltuples stays -1 until a table is first analysed. */
static void test_big_bulk_leaves_statistics(void **state) {
  Db *db = ((Fixture *)*state)->db;
  const char *pg = getenv("SHINCHOKU_TEST_DB");
  if (!pg || !*pg) skip();
  static const char *const cols[] = {"k", "n"};
  enum { N = 12000 };
  assert_int_equal(db_begin(db, DB_WRITE), 0);
  DbBulk *b = db_bulk_begin(db, "t", cols, 2);
  assert_non_null(b);
  for (int i = 0; i < N; i++) {
    char k[16];
    snprintf(k, sizeof k, "k%d", i);
    db_bulk_text(b, 0, k);
    db_bulk_int64(b, 1, i);
    assert_int_equal(db_bulk_row(b), 0);
  }
  assert_int_equal(db_bulk_end(b), 0);
  assert_int_equal(db_commit(db), 0);
  DbStmt *q = db_prepare(db, "SELECT reltuples::bigint FROM pg_class WHERE relname = 't'");
  assert_int_equal(db_step(q), DB_ROW);
  assert_int_equal(db_col_int64(q, 0), N);
  db_finalize(q);
}

static void test_transactions_and_unique_violations(void **state) {
  Db *db = ((Fixture *)*state)->db;
  assert_false(db_in_transaction(db));
  assert_int_equal(db_begin(db, DB_WRITE), 0);
  assert_true(db_in_transaction(db));
  assert_int_equal(db_lock(db, "audit chain"), 0);
  assert_int_equal(db_exec(db, "INSERT INTO t (k) VALUES ('x')"), 0);
  assert_int_not_equal(db_exec(db, "INSERT INTO t (k) VALUES ('x')"), 0);
  assert_true(db_unique_violation(db));
  assert_non_null(strstr(db_error(db), "t")); /* the engine says which */
  db_rollback(db);
  assert_false(db_in_transaction(db));
  DbStmt *q = db_prepare(db, "SELECT count(*) FROM t");
  assert_int_equal(db_step(q), DB_ROW);
  assert_int_equal(db_col_int(q, 0), 0); /* rolled back */
  assert_false(db_unique_violation(db));
  db_finalize(q);
  assert_int_not_equal(db_exec(db, "SELECT * FROM no_such_table"), 0);
  assert_false(db_unique_violation(db));
}

static int count_rows(Db *db) {
  DbStmt *q = db_prepare(db, "SELECT count(*) FROM t");
  int n = db_step(q) == DB_ROW ? db_col_int(q, 0) : -1;
  db_finalize(q);
  return n;
}

/* An outer transaction (an import): each inner transaction is a savepoint of it, an inner
   rollback undoes only its own work, and the outer end commits all or nothing. */
static void test_outer_transaction(void **state) {
  Db *db = ((Fixture *)*state)->db;
  assert_int_equal(db_begin_outer(db), 0);
  assert_int_equal(db_begin(db, DB_WRITE), 0);
  assert_int_equal(db_exec(db, "INSERT INTO t (k) VALUES ('a')"), 0);
  assert_int_equal(db_commit(db), 0);
  assert_int_equal(db_begin(db, DB_WRITE), 0);
  assert_int_equal(db_exec(db, "INSERT INTO t (k) VALUES ('b')"), 0);
  assert_int_not_equal(db_exec(db, "INSERT INTO t (k) VALUES ('a')"), 0); /* fails inside */
  db_rollback(db);                                                        /* b undone */
  assert_true(db_in_transaction(db));
  assert_int_equal(count_rows(db), 1);
  assert_int_equal(db_end_outer(db, 0), 0); /* and a too */
  assert_false(db_in_transaction(db));
  assert_int_equal(count_rows(db), 0);
  assert_int_equal(db_begin_outer(db), 0);
  assert_int_equal(db_begin(db, DB_READ), 0);
  assert_int_equal(db_exec(db, "INSERT INTO t (k) VALUES ('c')"), 0);
  assert_int_equal(db_commit(db), 0);
  assert_int_equal(db_end_outer(db, 1), 0);
  assert_int_equal(count_rows(db), 1);
  assert_int_not_equal(db_end_outer(db, 1), 0); /* none open */
}

static void test_schema_version(void **state) {
  Db *db = ((Fixture *)*state)->db;
  assert_int_equal(db_schema_version(db), 0);
  assert_int_equal(db_begin(db, DB_WRITE), 0);
  assert_int_equal(db_set_schema_version(db, 7), 0);
  assert_int_equal(db_commit(db), 0);
  assert_int_equal(db_schema_version(db), 7);
  assert_int_equal(db_set_schema_version(db, 8), 0);
  assert_int_equal(db_schema_version(db), 8);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_parameters_by_number, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bulk_rows_keep_every_byte, setup, teardown),
      cmocka_unit_test_setup_teardown(test_checks_hold_around_bulk_rows, setup, teardown),
      cmocka_unit_test_setup_teardown(test_foreign_keys_hold_around_bulk_rows, setup, teardown),
      cmocka_unit_test_setup_teardown(test_big_bulk_leaves_statistics, setup, teardown),
      cmocka_unit_test_setup_teardown(test_transactions_and_unique_violations, setup, teardown),
      cmocka_unit_test_setup_teardown(test_outer_transaction, setup, teardown),
      cmocka_unit_test_setup_teardown(test_schema_version, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
