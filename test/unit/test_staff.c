/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_staff.c — unit tests for the staff workflow in the store (staff.h): password hashing,
** sign-in failures and locking, sessions and their expiry, entries with optimistic
** versioning, submission, approval into the plan and return, and the audit trail's hash
** chain. Each test gets a fresh SQLite store in a temporary folder, or, when
** SHINCHOKU_TEST_DB names a PostgreSQL database (test/pg/run.sh), that database emptied.
*/
#include "testutil.h"
#include "model/dec.h"
#include "model/digest.h"
#include "store/sq.h"
#include "store/staff.h"
#include "store/store.h"
#include <sys/wait.h>
#include <unistd.h>

typedef struct Fixture {
  char dir[64], path[512];
  Store *s;
} Fixture;

static const Actor admin = {"boss", "cli"};
static const char *const clerk_depts[] = {"情報政策課"};
static const char good_pw[] = "correct horse battery";
#define CITY "462012"

static int setup(void **state) {
  Fixture *f = calloc(1, sizeof *f);
  char err[256];
  snprintf(f->dir, sizeof f->dir, "/tmp/staff-test-XXXXXX");
  if (!mkdtemp(f->dir)) return -1;
  const char *pg = getenv("SHINCHOKU_TEST_DB");
  if (pg && *pg)
    snprintf(f->path, sizeof f->path, "%s", pg);
  else
    snprintf(f->path, sizeof f->path, "%s/s.db", f->dir);
  f->s = store_open(f->path, err, sizeof err);
  if (f->s && pg && *pg &&
      sq_exec(store_db(f->s), "DROP SCHEMA public CASCADE; CREATE SCHEMA public", err, sizeof err))
    f->s = NULL;
  if (!f->s || store_init(f->s, err, sizeof err)) {
    fprintf(stderr, "%s\n", err);
    return -1;
  }
  *state = f;
  return 0;
}

static int teardown(void **state) {
  Fixture *f = *state;
  store_close(f->s);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  if (system(cmd) != 0) return -1;
  free(f);
  return 0;
}

/* Register the municipality of the tests' accounts and plan (鹿児島市) unless it is. */
static void add_city(Store *s) {
  char err[256];
  int rc = municipality_add(s, CITY, "鹿児島市", &admin, err, sizeof err);
  if (rc != 0 && rc != 1) fail_msg("municipality_add: %s", err);
}

/* Add an editor "clerk" of 情報政策課 (of CITY) with good_pw. */
static void add_clerk(Store *s) {
  char err[256];
  add_city(s);
  int rc = user_add(s, "clerk", "市役所 花子", ROLE_EDITOR, clerk_depts, 1, CITY, good_pw, &admin,
                    err, sizeof err);
  if (rc) fail_msg("user_add: %s", err);
}

/* How many audit rows have this action. */
static int audit_count(Store *s, const char *action) {
  AuditFilter af = {.action_prefix = action};
  AuditRow *rows;
  int n;
  char err[256];
  assert_int_equal(audit_list(s, &admin, &af, &rows, &n, err, sizeof err), 0);
  int count = 0;
  for (int i = 0; i < n; i++)
    count += strcmp(rows[i].action, action) == 0;
  audit_rows_free(rows, n);
  return count;
}

/* ---- passwords and accounts ---- */

static void test_password_hash_and_verify(void **state) {
  (void)state;
  char a[160], b[160];
  assert_int_equal(password_hash(good_pw, a, sizeof a), 0);
  assert_int_equal(password_hash(good_pw, b, sizeof b), 0);
  assert_int_equal(strncmp(a, "$argon2id$v=19$m=65536,t=3,p=1$", 31), 0);
  assert_string_not_equal(a, b); /* a fresh salt each time */
  assert_true(password_verify(a, good_pw));
  assert_false(password_verify(a, "correct horse battery!"));
  assert_false(password_verify("$argon2i$nonsense", good_pw));
  assert_false(password_verify("", good_pw));
}

static void test_password_rules(void **state) {
  (void)state;
  assert_non_null(password_weakness("short", NULL));
  /* 12 characters, counted as characters, not bytes: 11 full-width (33 bytes) are too few */
  assert_null(password_weakness("さくらじま火山灰の降る日", NULL));
  assert_non_null(password_weakness("さくらじま火山灰の降る", NULL));
  assert_non_null(password_weakness("abcdefghijk", NULL)); /* 11 */
  assert_null(password_weakness("abcdefghijkl", NULL));    /* 12 */
  assert_null(password_weakness(good_pw, "clerk"));
  /* the login itself, in any case, with digits or symbols added at the end */
  assert_non_null(password_weakness("kagoshima-admin", "kagoshima-admin"));
  assert_non_null(password_weakness("Kagoshima-Admin2024!", "kagoshima-admin"));
  assert_null(password_weakness("kagoshima-admin", "jimu"));
  /* common passwords (data/common-passwords.txt), as typed or with the usual additions */
  assert_non_null(password_weakness("password1234", NULL));
  assert_non_null(password_weakness("Password2024!", NULL));
  assert_non_null(password_weakness("1234567890123", NULL));
  assert_non_null(password_weakness("baseball!!!!", NULL));
  assert_non_null(password_weakness("abcabcabcabc", NULL)); /* a short piece repeated */
  assert_non_null(password_weakness("zzzzzzzzzzzzzzzz", NULL));
  assert_null(password_weakness("passwordless-kagoshima", NULL)); /* a word inside is fine */
}

static void test_user_add_rules(void **state) {
  Fixture *f = *state;
  char err[256];
  add_clerk(f->s);
  assert_int_equal(
      user_add(f->s, "clerk", NULL, ROLE_REVIEWER, NULL, 0, CITY, good_pw, &admin, err, sizeof err),
      1);
  assert_int_equal(
      user_add(f->s, "ed2", NULL, ROLE_EDITOR, NULL, 0, CITY, good_pw, &admin, err, sizeof err),
      -1);
  assert_int_equal(user_add(f->s, "bad login", NULL, ROLE_ADMIN, NULL, 0, NULL, good_pw, &admin,
                            err, sizeof err),
                   -1);
  assert_int_equal(
      user_add(f->s, "weak", NULL, ROLE_ADMIN, NULL, 0, NULL, "123456789", &admin, err, sizeof err),
      -1);
  User u;
  assert_int_equal(user_get(f->s, "clerk", &u, err, sizeof err), 0);
  assert_int_equal(u.role, ROLE_EDITOR);
  assert_int_equal(u.ndepts, 1);
  assert_string_equal(u.depts[0], "情報政策課");
  assert_true(user_has_department(&u, CITY, "情報政策課"));
  assert_false(user_has_department(&u, CITY, "財政課"));
  assert_false(user_has_department(&u, "082228", "情報政策課")); /* another municipality's */
  user_free(&u);
  assert_int_equal(user_get(f->s, "nobody", &u, err, sizeof err), 1);
  assert_int_equal(audit_count(f->s, "user.add"), 1);
  /* neither the password nor its hash is in the audit trail */
  AuditRow *rows;
  int n;
  assert_int_equal(audit_list(f->s, &admin, &(AuditFilter){0}, &rows, &n, err, sizeof err), 0);
  for (int i = 0; i < n; i++) {
    const char *fields[] = {rows[i].field, rows[i].old_value, rows[i].new_value, rows[i].reason};
    for (int k = 0; k < 4; k++)
      assert_true(!fields[k] || (!strstr(fields[k], good_pw) && !strstr(fields[k], "argon")));
  }
  audit_rows_free(rows, n);
}

/* ---- sign-in ---- */

static void test_signin_locks_after_failures_and_clears_on_success(void **state) {
  Fixture *f = *state;
  char err[256];
  add_clerk(f->s);
  long long now = 1800000000;
  User u;
  /* a failure, then a success: the count is cleared */
  assert_int_equal(user_signin(f->s, "clerk", "wrong password!", now, err, sizeof err), SIGNIN_BAD);
  assert_int_equal(user_signin(f->s, "clerk", good_pw, now, err, sizeof err), SIGNIN_OK);
  assert_int_equal(user_get(f->s, "clerk", &u, err, sizeof err), 0);
  assert_int_equal(u.failures, 0);
  user_free(&u);
  /* five failures in a row lock the account, even against the right password */
  for (int i = 1; i < SIGNIN_MAX_FAILURES; i++)
    assert_int_equal(user_signin(f->s, "clerk", "wrong password!", now, err, sizeof err),
                     SIGNIN_BAD);
  assert_int_equal(user_signin(f->s, "clerk", "wrong password!", now, err, sizeof err),
                   SIGNIN_LOCKED);
  assert_int_equal(user_signin(f->s, "clerk", good_pw, now + 60, err, sizeof err), SIGNIN_LOCKED);
  assert_int_equal(audit_count(f->s, "signin.fail"), SIGNIN_MAX_FAILURES + 1);
  assert_int_equal(audit_count(f->s, "signin.lock"), 1);
  /* after the lock, the right password works and clears failures and lock */
  assert_int_equal(
      user_signin(f->s, "clerk", good_pw, now + SIGNIN_LOCK_SECONDS + 1, err, sizeof err),
      SIGNIN_OK);
  assert_int_equal(user_get(f->s, "clerk", &u, err, sizeof err), 0);
  assert_int_equal(u.failures, 0);
  assert_int_equal(u.locked_until, 0);
  user_free(&u);
  /* unknown logins and disabled accounts */
  assert_int_equal(user_signin(f->s, "nobody", good_pw, now, err, sizeof err), SIGNIN_BAD);
  assert_int_equal(user_set_disabled(f->s, "clerk", 1, &admin, err, sizeof err), 0);
  assert_int_equal(user_signin(f->s, "clerk", good_pw, now, err, sizeof err), SIGNIN_DISABLED);
  assert_int_equal(user_set_disabled(f->s, "nobody", 1, &admin, err, sizeof err), 1);
  assert_true(signin_delay_ms(1) > 0 && signin_delay_ms(2) > signin_delay_ms(1));
  assert_int_equal(signin_delay_ms(50), 2000);
}

/* ---- sessions ---- */

static void test_sessions_expire(void **state) {
  Fixture *f = *state;
  char err[256], token[TOKEN_HEX + 1], csrf[TOKEN_HEX + 1], other[TOKEN_HEX + 1];
  add_clerk(f->s);
  setenv("SHINCHOKU_SESSION_IDLE", "100", 1);
  setenv("SHINCHOKU_SESSION_MAX", "250", 1);
  long long t0 = 1800000000;
  assert_int_equal(session_create(f->s, "clerk", t0, token, csrf, err, sizeof err), 0);
  assert_int_equal(strlen(token), TOKEN_HEX);
  assert_string_not_equal(token, csrf);
  /* only the token's SHA-256 is stored */
  char key[DIGEST_HEX + 1];
  digest_bytes(token, TOKEN_HEX, key);
  DbStmt *st = sq_prepare(store_db(f->s), "SELECT count(*) FROM sessions WHERE token = ?1");
  db_bind_text(st, 1, token);
  assert_int_equal(db_step(st), DB_ROW);
  assert_int_equal(db_col_int(st, 0), 0);
  db_reset(st);
  db_bind_text(st, 1, key);
  assert_int_equal(db_step(st), DB_ROW);
  assert_int_equal(db_col_int(st, 0), 1);
  db_finalize(st);

  Session se;
  /* requests every 90 s keep it alive, up to the absolute limit */
  assert_int_equal(session_find(f->s, token, t0 + 90, &se, err, sizeof err), 0);
  assert_string_equal(se.user.login, "clerk");
  assert_string_equal(se.csrf, csrf);
  session_free(&se);
  assert_int_equal(session_find(f->s, token, t0 + 180, &se, err, sizeof err), 0);
  session_free(&se);
  assert_int_equal(session_find(f->s, token, t0 + 260, &se, err, sizeof err), 1);
  /* idle: 100 s without a request */
  assert_int_equal(session_create(f->s, "clerk", t0, other, csrf, err, sizeof err), 0);
  assert_int_equal(session_find(f->s, other, t0 + 101, &se, err, sizeof err), 1);
  /* an expired session is gone even if the clock were turned back */
  assert_int_equal(session_find(f->s, other, t0 + 1, &se, err, sizeof err), 1);
  /* sign-out, a disabled user, an unknown or malformed token */
  assert_int_equal(session_create(f->s, "clerk", t0, token, csrf, err, sizeof err), 0);
  assert_int_equal(session_delete(f->s, token, err, sizeof err), 0);
  assert_int_equal(session_find(f->s, token, t0 + 1, &se, err, sizeof err), 1);
  assert_int_equal(session_create(f->s, "clerk", t0, token, csrf, err, sizeof err), 0);
  assert_int_equal(user_set_disabled(f->s, "clerk", 1, &admin, err, sizeof err), 0);
  assert_int_equal(session_find(f->s, token, t0 + 1, &se, err, sizeof err), 1);
  assert_int_equal(session_create(f->s, "clerk", t0, token, csrf, err, sizeof err), 1);
  assert_int_equal(session_find(f->s, "abc", t0, &se, err, sizeof err), 1);
  unsetenv("SHINCHOKU_SESSION_IDLE");
  unsetenv("SHINCHOKU_SESSION_MAX");
}

/* ---- entries ---- */

/* A small plan id of municipality code (FY2022-2026): node N1 of 情報政策課 with indicator
   I1 (target 100 and actual 50 in 2024), and node N2 without indicators. */
static void store_plan_of(Store *s, const char *id, const char *code) {
  Plan *p = plan_new();
  p->id = plan_str(p, id);
  p->name = plan_str(p, "テスト計画");
  p->municipality_code = plan_str(p, code);
  p->first_year = 2022;
  p->last_year = 2026;
  plan_set_levels(p, "基本方針|施策");
  Node *n = plan_add_node(p);
  n->id = plan_str(p, "N1"), n->name = n->id, n->level = 1, n->parent = -1;
  n->departments = plan_str(p, "情報政策課");
  n = plan_add_node(p);
  n->id = plan_str(p, "N2"), n->name = n->id, n->level = 1, n->parent = -1;
  Indicator *in = plan_add_indicator(p);
  in->id = plan_str(p, "I1"), in->name = in->id, in->node = 0;
  in->baseline = DEC_NONE, in->weight = DEC_NONE;
  Value *v = plan_add_value(p);
  v->indicator = 0, v->year = 2024, v->kind = VK_TARGET, v->num = D("100"), v->extra = -1;
  v = plan_add_value(p);
  v->indicator = 0, v->year = 2024, v->kind = VK_ACTUAL, v->num = D("50"), v->extra = -1;
  plan_index(p);
  char err[256];
  Origin o = {"os:test", "import", "small", NULL, NULL};
  if (store_save(s, p, &o, err, sizeof err)) fail_msg("store_save: %s", err);
  plan_free(p);
}

/* The plan "p" of CITY. */
static void store_small_plan(Store *s) {
  store_plan_of(s, "p", CITY);
}

static Entry entry(const char *subject, int kind, const char *num, const char *text,
                   const char *note) {
  return (Entry){.plan = "p",
                 .subject = (char *)subject,
                 .year = 2024,
                 .kind = kind,
                 .department = "情報政策課",
                 .num = num ? D(num) : DEC_NONE,
                 .text = (char *)text,
                 .note = (char *)note};
}

static const Value *find_value(const Plan *p, const char *ind, int year, int kind) {
  for (int i = 0; i < p->nvalues; i++) {
    const Value *v = &p->values[i];
    if (strcmp(p->inds[v->indicator].id, ind) == 0 && v->year == year && v->kind == kind &&
        !v->superseded)
      return v;
  }
  return NULL;
}

static void test_entries_conflict_saves_nothing(void **state) {
  Fixture *f = *state;
  const Actor clerk = {"clerk", "web"};
  add_clerk(f->s);
  store_small_plan(f->s);
  char err[256];
  int conflict;
  Entry current, got;
  Entry first = entry("I1", ENTRY_ACTUAL, "60", NULL, NULL);
  int expect0[] = {0, 0};
  assert_int_equal(entries_save(f->s, &first, expect0, 1, &clerk, &conflict, NULL, err, sizeof err),
                   0);
  assert_int_equal(entry_get(f->s, &admin, "p", "I1", 2024, ENTRY_ACTUAL, &got, err, sizeof err),
                   0);
  assert_int_equal(got.version, 1);
  assert_int_equal(got.state, ST_DRAFT);
  entry_free(&got);
  /* a second editor's form was made before the first save: the whole save is refused */
  Entry two[] = {entry("I1", ENTRY_PROJECTION, "70", NULL, NULL),
                 entry("I1", ENTRY_ACTUAL, "65", NULL, NULL)};
  assert_int_equal(
      entries_save(f->s, two, expect0, 2, &clerk, &conflict, &current, err, sizeof err),
      ENTRY_CONFLICT);
  assert_int_equal(conflict, 1);
  assert_int_equal(current.version, 1);
  assert_int_equal(current.num, D("60"));
  entry_free(&current);
  assert_int_equal(
      entry_get(f->s, &admin, "p", "I1", 2024, ENTRY_PROJECTION, &got, err, sizeof err), 1);
  assert_int_equal(entry_get(f->s, &admin, "p", "I1", 2024, ENTRY_ACTUAL, &got, err, sizeof err),
                   0);
  assert_int_equal(got.num, D("60"));
  entry_free(&got);
  assert_int_equal(audit_count(f->s, "entry.save"), 1);
  /* with the current version it goes through, and the version moves on */
  int expect1[] = {0, 1};
  assert_int_equal(
      entries_save(f->s, two, expect1, 2, &clerk, &conflict, &current, err, sizeof err), 0);
  assert_int_equal(entry_get(f->s, &admin, "p", "I1", 2024, ENTRY_ACTUAL, &got, err, sizeof err),
                   0);
  assert_int_equal(got.version, 2);
  assert_int_equal(got.num, D("65"));
  entry_free(&got);
  /* an entry without a figure is refused before anything is written */
  Entry empty = entry("I1", ENTRY_ACTUAL, NULL, NULL, "only a note");
  int expect2[] = {2};
  assert_int_equal(entries_save(f->s, &empty, expect2, 1, &clerk, &conflict, NULL, err, sizeof err),
                   -1);
  assert_int_equal(audit_count(f->s, "entry.save"), 3);
}

/* Processes saving the same entry at once, each reading the version and saving with it,
   retrying on a conflict: every save lands, none is lost (the version counts them all). */
static void test_concurrent_saves_lose_nothing(void **state) {
  Fixture *f = *state;
  enum { PROCS = 4, SAVES = 15 };
  const Actor clerk = {"clerk", "web"};
  add_clerk(f->s);
  store_small_plan(f->s);
  fflush(NULL);
  pid_t pids[PROCS];
  for (int k = 0; k < PROCS; k++) {
    pids[k] = fork();
    assert_true(pids[k] >= 0);
    if (pids[k] > 0) continue;
    char err[256];
    Store *s = store_open(f->path, err, sizeof err);
    int done = 0, tries = 0;
    while (s && done < SAVES && tries++ < 10000) {
      Entry cur, e = entry("I1", ENTRY_ACTUAL, NULL, NULL, NULL);
      int version = 0, conflict;
      int got = entry_get(s, &admin, "p", "I1", 2024, ENTRY_ACTUAL, &cur, err, sizeof err);
      if (got < 0) continue; /* busy: try again */
      if (got == 0) version = cur.version;
      char num[16];
      snprintf(num, sizeof num, "%d", version + 1);
      e.num = D(num);
      int rc = entries_save(s, &e, &version, 1, &clerk, &conflict, NULL, err, sizeof err);
      if (rc == 0) done++;
      if (got == 0) entry_free(&cur);
    }
    store_close(s);
    _exit(done == SAVES ? 0 : 1);
  }
  for (int k = 0; k < PROCS; k++) {
    int status = -1;
    assert_int_equal(waitpid(pids[k], &status, 0), pids[k]);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  char err[256];
  Entry got;
  assert_int_equal(entry_get(f->s, &admin, "p", "I1", 2024, ENTRY_ACTUAL, &got, err, sizeof err),
                   0);
  assert_int_equal(got.version, PROCS * SAVES);
  assert_int_equal(got.num, dec_from_int(PROCS * SAVES)); /* each save saw the one before */
  entry_free(&got);
  assert_int_equal(audit_count(f->s, "entry.save"), PROCS * SAVES);
  long long bad;
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 0);
}

static void test_submit_approve_writes_into_the_plan(void **state) {
  Fixture *f = *state;
  const Actor clerk = {"clerk", "web"};
  add_clerk(f->s);
  char err[256];
  int conflict, count;
  store_small_plan(f->s);
  Entry list[] = {entry("I1", ENTRY_ACTUAL, "80", NULL, "速報値"),
                  entry("I1", ENTRY_PROJECTION, NULL, "集計中", NULL),
                  entry("N2", ENTRY_GRADE, NULL, "○", "予定どおり進んでいる")};
  int expected[] = {0, 0, 0};
  assert_int_equal(entries_save(f->s, list, expected, 3, &clerk, &conflict, NULL, err, sizeof err),
                   0);
  /* nothing is approved that was not submitted */
  assert_int_equal(
      entries_approve(f->s, "p", 2024, "情報政策課", NULL, 0, &admin, &count, err, sizeof err), 0);
  assert_int_equal(count, 0);
  assert_int_equal(entries_submit(f->s, "p", 2024, "財政課", &clerk, &count, err, sizeof err), 0);
  assert_int_equal(count, 0);
  assert_int_equal(entries_submit(f->s, "p", 2024, "情報政策課", &clerk, &count, err, sizeof err),
                   0);
  assert_int_equal(count, 3);
  assert_int_equal(
      entries_approve(f->s, "p", 2024, "情報政策課", NULL, 0, &admin, &count, err, sizeof err), 0);
  assert_int_equal(count, 3);

  Plan *p = NULL;
  assert_int_equal(store_load(f->s, "p", &p, err, sizeof err), 0);
  assert_int_equal(p->nvalues, 3); /* the actual replaced in place, the projection added */
  const Value *actual = find_value(p, "I1", 2024, VK_ACTUAL);
  assert_non_null(actual);
  assert_int_equal(actual->num, D("80"));
  assert_string_equal(value_extra(p, actual)->note, "速報値");
  assert_string_equal(value_extra(p, actual)->source, "承認 boss");
  const Value *proj = find_value(p, "I1", 2024, VK_PROJECTION);
  assert_non_null(proj);
  assert_true(dec_is_none(proj->num));
  assert_string_equal(proj->text, "集計中");
  assert_int_equal(p->ngrades, 1);
  assert_string_equal(p->grades[0].subject, "N2");
  assert_string_equal(p->grades[0].grade, "○");
  assert_string_equal(p->grades[0].basis, "予定どおり進んでいる");
  plan_free(p);

  /* the audit trail has the value the approval replaced */
  AuditRow *rows;
  int n;
  AuditFilter af = {.plan = "p", .subject = "I1", .action_prefix = "entry.approve"};
  assert_int_equal(audit_list(f->s, &admin, &af, &rows, &n, err, sizeof err), 0);
  assert_int_equal(n, 2);
  int seen = 0;
  for (int i = 0; i < n; i++)
    if (strcmp(rows[i].field, "actual") == 0) {
      assert_string_equal(rows[i].old_value, "50");
      assert_string_equal(rows[i].new_value, "80");
      assert_string_equal(rows[i].actor, "boss");
      seen = 1;
    }
  assert_true(seen);
  audit_rows_free(rows, n);
  Entry got;
  assert_int_equal(entry_get(f->s, &admin, "p", "N2", 2024, ENTRY_GRADE, &got, err, sizeof err), 0);
  assert_int_equal(got.state, ST_APPROVED);
  assert_int_equal(got.version, 3); /* saved, submitted, approved */
  entry_free(&got);

  /* a second approval of a changed grade updates the same grade row */
  Entry again = entry("N2", ENTRY_GRADE, NULL, "◎", "前倒しで達成");
  int v3[] = {3};
  assert_int_equal(entries_save(f->s, &again, v3, 1, &clerk, &conflict, NULL, err, sizeof err), 0);
  assert_int_equal(entries_submit(f->s, "p", 2024, "情報政策課", &clerk, &count, err, sizeof err),
                   0);
  assert_int_equal(
      entries_approve(f->s, "p", 2024, "情報政策課", NULL, 0, &admin, &count, err, sizeof err), 0);
  assert_int_equal(store_load(f->s, "p", &p, err, sizeof err), 0);
  assert_int_equal(p->ngrades, 1);
  assert_string_equal(p->grades[0].grade, "◎");
  plan_free(p);
  long long bad;
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 0);
}

/* A plan may carry two grade rows for one subject and year (an import allows it); the last
   counts (plan_grades_counting). Approval writes over that row, so the approved grade is the
   one the evaluation uses, and the preview (model/approval.h) agrees. */
static void test_approve_writes_over_the_grade_row_that_counts(void **state) {
  Fixture *f = *state;
  const Actor clerk = {"clerk", "web"};
  add_clerk(f->s);
  char err[256];
  int conflict, count;
  store_small_plan(f->s);
  Plan *p = NULL;
  assert_int_equal(store_load(f->s, "p", &p, err, sizeof err), 0);
  const char *symbols[] = {"△", "○"};
  for (int i = 0; i < 2; i++) {
    Grade *g = plan_add_grade(p);
    g->subject = plan_str(p, "N2"), g->node = 1, g->year = 2024, g->grade = plan_str(p, symbols[i]);
  }
  Origin o = {"os:test", "import", "two grades", NULL, NULL};
  assert_int_equal(store_save(f->s, p, &o, err, sizeof err), 0);
  Entry e = entry("N2", ENTRY_GRADE, NULL, "◎", "前倒しで達成");
  int expected[] = {0};
  assert_int_equal(entries_save(f->s, &e, expected, 1, &clerk, &conflict, NULL, err, sizeof err),
                   0);
  assert_int_equal(entries_submit(f->s, "p", 2024, "情報政策課", &clerk, &count, err, sizeof err),
                   0);
  /* the preview: the model applied to the plan as stored */
  ApprovalEntry *ae = entries_as_approval(&e, 1);
  int row;
  approval_rows(p, ae, 1, &row);
  assert_int_equal(row, 1);
  approval_apply(p, ae, 1, &row, "承認 boss");
  free(ae);
  assert_int_equal(
      entries_approve(f->s, "p", 2024, "情報政策課", NULL, 0, &admin, &count, err, sizeof err), 0);
  assert_int_equal(count, 1);
  Plan *q = NULL;
  assert_int_equal(store_load(f->s, "p", &q, err, sizeof err), 0);
  assert_int_equal(q->ngrades, 2);
  assert_string_equal(q->grades[0].grade, "△");
  assert_string_equal(q->grades[1].grade, "◎");
  assert_int_equal(plan_grade(q, "N2", 2024), 1);
  for (int i = 0; i < 2; i++) { /* what approval wrote is what the preview showed */
    assert_string_equal(q->grades[i].grade, p->grades[i].grade);
    assert_string_equal(q->grades[i].source ? q->grades[i].source : "",
                        p->grades[i].source ? p->grades[i].source : "");
  }
  plan_free(q);
  plan_free(p);
}

/* ---- edits write only what changed ---- */

static void first_int(void *ctx, int n, const char *const *v) {
  if (n > 0 && v[0]) *(int *)ctx = atoi(v[0]);
}

/* Mark every stored row of plan p's nodes, indicators, values, grades and items with an empty
   text in a column the edits below do not set: a plan read and saved again stores an empty
   text as none, so a row that is rewritten loses its mark. */
static void mark_rows(Store *s) {
  char err[256];
  if (store_script(s,
                   "UPDATE nodes SET summary = '' WHERE plan = 'p';"
                   " UPDATE indicators SET unit = '' WHERE plan = 'p';"
                   " UPDATE indicator_values SET note = '' WHERE plan = 'p';"
                   " UPDATE grades SET basis = '' WHERE plan = 'p';"
                   " UPDATE items SET due = '' WHERE plan = 'p'",
                   NULL, NULL, err, sizeof err))
    fail_msg("%s", err);
}

/* How many rows still have their mark. */
static int marked_rows(Store *s) {
  char err[256];
  int n = -1;
  if (store_script(s,
                   "SELECT (SELECT count(*) FROM nodes WHERE plan = 'p' AND summary = '')"
                   " + (SELECT count(*) FROM indicators WHERE plan = 'p' AND unit = '')"
                   " + (SELECT count(*) FROM indicator_values WHERE plan = 'p' AND note = '')"
                   " + (SELECT count(*) FROM grades WHERE plan = 'p' AND basis = '')"
                   " + (SELECT count(*) FROM items WHERE plan = 'p' AND due = '')",
                   first_int, &n, err, sizeof err))
    fail_msg("%s", err);
  return n;
}

/* Approving an entry, setting, replacing or clearing a narrative and changing the policy
   write only the rows they change: every other row of the plan keeps its mark (a save of the
   whole plan, the control, rewrites them all). On both engines. */
static void test_edits_write_only_what_changed(void **state) {
  Fixture *f = *state;
  const Actor clerk = {"clerk", "web"};
  add_clerk(f->s);
  char err[256];
  int conflict, count;
  store_small_plan(f->s);
  Plan *p = NULL;
  assert_int_equal(store_load(f->s, "p", &p, err, sizeof err), 0);
  Grade *g = plan_add_grade(p);
  g->subject = plan_str(p, "N2"), g->node = 1, g->year = 2024, g->grade = plan_str(p, "○");
  Item *it = plan_add_item(p);
  it->node = 1, it->year = 2024, it->kind = plan_str(p, "narrative");
  it->text = plan_str(p, "N2 の本文");
  Origin imp = {"os:test", "import", "with a grade", NULL, NULL};
  assert_int_equal(store_save(f->s, p, &imp, err, sizeof err), 0);
  mark_rows(f->s);
  assert_int_equal(marked_rows(f->s), 7); /* 2 nodes, 1 indicator, 2 values, 1 grade, 1 item */

  Entry e = entry("I1", ENTRY_ACTUAL, "80", NULL, NULL);
  int expected[] = {0};
  assert_int_equal(entries_save(f->s, &e, expected, 1, &clerk, &conflict, NULL, err, sizeof err),
                   0);
  assert_int_equal(entries_submit(f->s, "p", 2024, "情報政策課", &clerk, &count, err, sizeof err),
                   0);
  assert_int_equal(
      entries_approve(f->s, "p", 2024, "情報政策課", NULL, 0, &admin, &count, err, sizeof err), 0);
  assert_int_equal(count, 1);
  assert_int_equal(marked_rows(f->s), 6); /* only the actual approved was written */

  Origin o = {"os:test", "cli", NULL, NULL, "narrative by 事務局"};
  const char *texts[] = {"順調です。", "差し替えた本文です。", NULL};
  for (int i = 0; i < 3; i++) {
    assert_int_equal(
        plan_set_narrative(f->s, "p", "N1", 2024, texts[i], "事務局", &o, err, sizeof err), 0);
    assert_int_equal(marked_rows(f->s), 6);
  }
  assert_int_equal(plan_set_policy(f->s, "p", "{}", "test", &admin, err, sizeof err), 0);
  assert_int_equal(marked_rows(f->s), 6);

  /* the control: saving the whole plan again, as stored now, rewrites every row */
  plan_free(p);
  assert_int_equal(store_load(f->s, "p", &p, err, sizeof err), 0);
  assert_int_equal(store_save(f->s, p, &imp, err, sizeof err), 0);
  assert_int_equal(marked_rows(f->s), 0);
  plan_free(p);
}

static void test_approve_refuses_an_unknown_subject(void **state) {
  Fixture *f = *state;
  const Actor clerk = {"clerk", "web"};
  add_clerk(f->s);
  char err[256];
  int conflict, count;
  store_small_plan(f->s);
  Entry list[] = {entry("I1", ENTRY_ACTUAL, "80", NULL, NULL),
                  entry("NOPE", ENTRY_ACTUAL, "1", NULL, NULL)};
  int expected[] = {0, 0};
  assert_int_equal(entries_save(f->s, list, expected, 2, &clerk, &conflict, NULL, err, sizeof err),
                   0);
  assert_int_equal(entries_submit(f->s, "p", 2024, "情報政策課", &clerk, &count, err, sizeof err),
                   0);
  assert_int_equal(
      entries_approve(f->s, "p", 2024, "情報政策課", NULL, 0, &admin, &count, err, sizeof err), -1);
  assert_non_null(strstr(err, "NOPE"));
  /* nothing was approved: the plan keeps 50 and both entries are still submitted */
  Plan *p = NULL;
  assert_int_equal(store_load(f->s, "p", &p, err, sizeof err), 0);
  assert_int_equal(find_value(p, "I1", 2024, VK_ACTUAL)->num, D("50"));
  plan_free(p);
  Entry got;
  assert_int_equal(entry_get(f->s, &admin, "p", "I1", 2024, ENTRY_ACTUAL, &got, err, sizeof err),
                   0);
  assert_int_equal(got.state, ST_SUBMITTED);
  entry_free(&got);
  assert_int_equal(audit_count(f->s, "entry.approve"), 0);
}

static void test_return_needs_a_reason(void **state) {
  Fixture *f = *state;
  const Actor clerk = {"clerk", "web"};
  add_clerk(f->s);
  store_small_plan(f->s);
  char err[256];
  int conflict, count = -1;
  Entry e = entry("I1", ENTRY_ACTUAL, "80", NULL, NULL);
  int expected[] = {0};
  assert_int_equal(entries_save(f->s, &e, expected, 1, &clerk, &conflict, NULL, err, sizeof err),
                   0);
  assert_int_equal(entries_submit(f->s, "p", 2024, "情報政策課", &clerk, &count, err, sizeof err),
                   0);
  assert_int_equal(
      entries_return(f->s, "p", 2024, "情報政策課", "", &admin, &count, err, sizeof err), -1);
  assert_int_equal(
      entries_return(f->s, "p", 2024, "情報政策課", " 　", &admin, &count, err, sizeof err), -1);
  assert_int_equal(
      entries_return(f->s, "p", 2024, "情報政策課", NULL, &admin, &count, err, sizeof err), -1);
  Entry got;
  assert_int_equal(entry_get(f->s, &admin, "p", "I1", 2024, ENTRY_ACTUAL, &got, err, sizeof err),
                   0);
  assert_int_equal(got.state, ST_SUBMITTED);
  entry_free(&got);
  assert_int_equal(entries_return(f->s, "p", 2024, "情報政策課", "出典を確認してください", &admin,
                                  &count, err, sizeof err),
                   0);
  assert_int_equal(count, 1);
  assert_int_equal(entry_get(f->s, &admin, "p", "I1", 2024, ENTRY_ACTUAL, &got, err, sizeof err),
                   0);
  assert_int_equal(got.state, ST_RETURNED);
  assert_string_equal(got.review_note, "出典を確認してください");
  int version = got.version;
  entry_free(&got);
  /* the next save makes it a draft again; a returned entry can be submitted again */
  int v[] = {version};
  assert_int_equal(entries_save(f->s, &e, v, 1, &clerk, &conflict, NULL, err, sizeof err), 0);
  assert_int_equal(entry_get(f->s, &admin, "p", "I1", 2024, ENTRY_ACTUAL, &got, err, sizeof err),
                   0);
  assert_int_equal(got.state, ST_DRAFT);
  entry_free(&got);
  assert_int_equal(audit_count(f->s, "entry.return"), 1);
}

/* ---- periods and comments ---- */

static void test_periods_and_comments(void **state) {
  Fixture *f = *state;
  char err[256];
  assert_int_equal(period_is_open(f->s, "p", 2024), 0);
  assert_int_equal(period_set(f->s, "p", 2024, 1, &admin, err, sizeof err), 0);
  assert_int_equal(period_is_open(f->s, "p", 2024), 1);
  assert_int_equal(period_set(f->s, "p", 2024, 0, &admin, err, sizeof err), 0);
  assert_int_equal(period_is_open(f->s, "p", 2024), 0);
  assert_int_equal(period_set(f->s, "q", 2025, 1, &admin, err, sizeof err), 0);
  Period *list;
  int n;
  assert_int_equal(period_list(f->s, NULL, &list, &n, err, sizeof err), 0);
  assert_int_equal(n, 2);
  assert_string_equal(list[0].plan, "p");
  assert_string_equal(list[0].changed_by, "boss");
  periods_free(list, n);
  assert_int_equal(period_list(f->s, "q", &list, &n, err, sizeof err), 0);
  assert_int_equal(n, 1);
  periods_free(list, n);
  assert_int_equal(audit_count(f->s, "period.open"), 2);
  assert_int_equal(audit_count(f->s, "period.close"), 1);

  const Actor rev = {"iin", "web"};
  store_small_plan(f->s);
  assert_int_equal(
      user_add(f->s, "iin", NULL, ROLE_REVIEWER, NULL, 0, CITY, good_pw, &admin, err, sizeof err),
      0);
  assert_int_equal(
      comment_add(f->s, "p", "N1", 2024, "<b>確認</b>'; DROP TABLE x; --", &rev, err, sizeof err),
      0);
  assert_int_equal(comment_add(f->s, "p", "N1", 2024, "  ", &rev, err, sizeof err), -1);
  Comment *c;
  assert_int_equal(comment_list(f->s, &admin, "p", 2024, NULL, &c, &n, err, sizeof err), 0);
  assert_int_equal(n, 1);
  assert_string_equal(c[0].text, "<b>確認</b>'; DROP TABLE x; --"); /* stored verbatim */
  assert_string_equal(c[0].author, "iin");
  comments_free(c, n);
}

/* ---- tenancy ---- */

/* How many rows the store has in table. */
static int table_rows(Store *s, const char *table) {
  char sql[96];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
  DbStmt *st = sq_prepare(store_db(s), sql);
  int n = st && db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
  db_finalize(st);
  return n;
}

/* No edits: plan_edit_values gets as far as computing them. */
static int no_edits(const Plan *current, void *ctx, ValueEdit **out, int *n) {
  (void)current, (void)ctx;
  *out = NULL;
  *n = 0;
  return 0;
}

/* Every store function that reads drafts or writes, for actor who on plan (with the
   department 情報政策課, which both plans have); into rc[] each one's answer. */
enum { TENANT_CALLS = 14 };
static void tenant_calls(Store *s, const Actor *who, const char *plan, const char *account,
                         int *rc) {
  char err[256];
  Entry e = entry("I1", ENTRY_ACTUAL, "70", NULL, NULL), got = {0};
  e.plan = (char *)plan;
  int expected = 0, conflict, count, n = 0, k = 0;
  Entry *list = NULL;
  Comment *cs = NULL;
  rc[k++] = entries_save(s, &e, &expected, 1, who, &conflict, NULL, err, sizeof err);
  rc[k++] = entries_submit(s, plan, 2024, "情報政策課", who, &count, err, sizeof err);
  rc[k++] = entries_return(s, plan, 2024, "情報政策課", "再確認", who, &count, err, sizeof err);
  rc[k++] = entries_approve(s, plan, 2024, "情報政策課", NULL, 0, who, &count, err, sizeof err);
  rc[k++] = entry_list(s, who, plan, 2024, NULL, &list, &n, err, sizeof err);
  entries_free(list, n);
  rc[k++] = entry_get(s, who, plan, "I1", 2024, ENTRY_ACTUAL, &got, err, sizeof err);
  entry_free(&got);
  rc[k++] = period_set(s, plan, 2025, 1, who, err, sizeof err);
  rc[k++] = comment_add(s, plan, "N1", 2024, "確認", who, err, sizeof err);
  n = 0;
  rc[k++] = comment_list(s, who, plan, 2024, NULL, &cs, &n, err, sizeof err);
  comments_free(cs, n);
  rc[k++] = plan_set_policy(s, plan, "{}", NULL, who, err, sizeof err);
  Origin o = {who->login, who->via, NULL, NULL, "department workbook"};
  rc[k++] = plan_edit_values(s, plan, no_edits, NULL, &o, NULL, err, sizeof err);
  rc[k++] = user_set_password(s, account, "another good passphrase", who, err, sizeof err);
  rc[k++] = user_set_disabled(s, account, 0, who, err, sizeof err);
  rc[k++] = user_add(s, "newcomer", NULL, ROLE_REVIEWER, NULL, 0,
                     strcmp(plan, "p") == 0 ? CITY : "082228", good_pw, who, err, sizeof err);
  if (rc[k - 1] == 0) sq_run(store_db(s), "DELETE FROM users WHERE login = 'newcomer'", NULL, NULL);
  assert_int_equal(k, TENANT_CALLS);
}

/* Every role of CITY against every store function for plan "q" of another municipality (and
   its account): STAFF_FORBIDDEN, nothing written; for plan "p" of CITY (and its account) the
   admin is refused nothing, so the refusals are the municipality's. */
static void test_tenancy_matrix(void **state) {
  Fixture *f = *state;
  char err[256];
  add_clerk(f->s);
  store_small_plan(f->s);
  store_plan_of(f->s, "q", "082228");
  assert_int_equal(
      user_add(f->s, "a_admin", NULL, ROLE_ADMIN, NULL, 0, CITY, good_pw, &admin, err, sizeof err),
      0);
  assert_int_equal(
      user_add(f->s, "a_iin", NULL, ROLE_REVIEWER, NULL, 0, CITY, good_pw, &admin, err, sizeof err),
      0);
  assert_int_equal(user_add(f->s, "b_clerk", NULL, ROLE_EDITOR, clerk_depts, 1, "082228", good_pw,
                            &admin, err, sizeof err),
                   0);
  const Actor roles[] = {{"a_admin", "web"}, {"clerk", "web"}, {"a_iin", "web"}};
  for (int r = 0; r < 3; r++) {
    int before = table_rows(f->s, "audit");
    int rc[TENANT_CALLS];
    tenant_calls(f->s, &roles[r], "q", "b_clerk", rc);
    for (int i = 0; i < TENANT_CALLS; i++)
      if (rc[i] != STAFF_FORBIDDEN)
        fail_msg("%s, call %d on city B's plan: %d", roles[r].login, i, rc[i]);
    assert_int_equal(table_rows(f->s, "audit"), before); /* nothing audited: nothing written */
  }
  int rc[TENANT_CALLS];
  tenant_calls(f->s, &roles[0], "p", "clerk", rc);
  for (int i = 0; i < TENANT_CALLS; i++)
    if (rc[i] == STAFF_FORBIDDEN) fail_msg("a_admin, call %d on city A's plan was refused", i);
  /* the installation (the command line) may act on both */
  tenant_calls(f->s, &admin, "q", "b_clerk", rc);
  for (int i = 0; i < TENANT_CALLS; i++)
    if (rc[i] == STAFF_FORBIDDEN) fail_msg("the installation, call %d on city B's plan", i);
  /* a city's admin adds no installation admin and no account of another city */
  assert_int_equal(
      user_add(f->s, "x", NULL, ROLE_ADMIN, NULL, 0, NULL, good_pw, &roles[0], err, sizeof err),
      STAFF_FORBIDDEN);
  assert_int_equal(municipality_add(f->s, "152064", "新発田市", &roles[0], err, sizeof err),
                   STAFF_FORBIDDEN);
  /* the account knows its municipality */
  User u;
  assert_int_equal(user_get(f->s, "clerk", &u, err, sizeof err), 0);
  assert_string_equal(u.municipality, CITY);
  assert_true(user_in_municipality(&u, CITY));
  assert_false(user_in_municipality(&u, "082228"));
  user_free(&u);
}

/* A plan without a municipality code is not stored. */
static void test_plan_needs_a_municipality(void **state) {
  Fixture *f = *state;
  char err[256];
  Plan *p = plan_new();
  p->id = plan_str(p, "nocode");
  p->name = p->id;
  p->first_year = 2022;
  p->last_year = 2026;
  plan_set_levels(p, "施策");
  plan_index(p);
  Origin o = {"os:test", "import", "nocode", NULL, NULL};
  assert_int_equal(store_save(f->s, p, &o, err, sizeof err), -1);
  assert_non_null(strstr(err, "municipality_code"));
  plan_free(p);
  Municipality *list;
  int n;
  assert_int_equal(municipality_list(f->s, &list, &n, err, sizeof err), 0);
  assert_int_equal(n, 0);
  municipalities_free(list, n);
}

/* ---- audit trail ---- */

static void test_audit_chain_detects_a_changed_row(void **state) {
  Fixture *f = *state;
  char err[256];
  long long bad = -1;
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 0);
  for (int i = 0; i < 4; i++)
    assert_int_equal(audit_append(f->s, &admin, "comment", "p", "N1", 2024, NULL, NULL, "text",
                                  i % 2 ? NULL : "why", err, sizeof err),
                     0);
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 0);
  Db *db = store_db(f->s);
  /* the triggers refuse changes */
  assert_int_not_equal(
      sq_exec(db, "UPDATE audit SET new = 'forged' WHERE seq = 2", err, sizeof err), 0);
  assert_int_not_equal(sq_exec(db, "DELETE FROM audit WHERE seq = 3", err, sizeof err), 0);
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 0);
  /* without them, a changed row is found by its hash */
  assert_int_equal(sq_exec(db,
                           strcmp(db_engine(db), "sqlite") == 0
                               ? "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
                                 " UPDATE audit SET new = 'forged' WHERE seq = 2"
                               : "DROP TRIGGER audit_no_update ON audit;"
                                 " DROP TRIGGER audit_no_delete ON audit;"
                                 " UPDATE audit SET new = 'forged' WHERE seq = 2",
                           err, sizeof err),
                   0);
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 1);
  assert_int_equal(bad, 2);
  /* a deleted row is found: its seq is missing (and the next row's hash no longer matches) */
  assert_int_equal(
      sq_exec(db, "UPDATE audit SET new = 'text' WHERE seq = 2; DELETE FROM audit WHERE seq = 3",
              err, sizeof err),
      0);
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 1);
  assert_int_equal(bad, 3);
  /* the filter: by subject and newest first, with a limit */
  AuditRow *rows;
  int n;
  AuditFilter af = {.plan = "p", .subject = "N1", .limit = 2};
  assert_int_equal(audit_list(f->s, &admin, &af, &rows, &n, err, sizeof err), 0);
  assert_int_equal(n, 2);
  assert_true(rows[0].seq > rows[1].seq);
  assert_int_equal(rows[0].year, 2024);
  audit_rows_free(rows, n);
}

static void test_import_refuses_to_undo_an_approval(void **state) {
  Fixture *f = *state;
  const Actor clerk = {"clerk", "web"};
  add_clerk(f->s);
  char err[512];
  int conflict, count;
  store_small_plan(f->s);
  Plan *older = NULL, *now = NULL;
  assert_int_equal(store_load(f->s, "p", &older, err, sizeof err), 0); /* exported before */
  Entry list[] = {entry("I1", ENTRY_ACTUAL, "80", NULL, NULL),
                  entry("N2", ENTRY_GRADE, NULL, "○", "予定どおり")};
  int expected[] = {0, 0};
  assert_int_equal(entries_save(f->s, list, expected, 2, &clerk, &conflict, NULL, err, sizeof err),
                   0);
  assert_int_equal(entries_submit(f->s, "p", 2024, "情報政策課", &clerk, &count, err, sizeof err),
                   0);
  assert_int_equal(
      entries_approve(f->s, "p", 2024, "情報政策課", NULL, 0, &admin, &count, err, sizeof err), 0);
  assert_int_equal(count, 2);
  /* the older file would drop the approved actual and grade: refused, nothing stored */
  int audit_before = table_rows(f->s, "audit"), imports_before = table_rows(f->s, "imports");
  Origin o = {"os:test", "import", "older.json", NULL, NULL, 0};
  assert_int_equal(store_save(f->s, older, &o, err, sizeof err), STORE_APPROVED_CHANGED);
  assert_non_null(strstr(err, "I1 2024 actual 80"));
  assert_non_null(strstr(err, "N2 2024 grade ○"));
  assert_int_equal(table_rows(f->s, "audit"), audit_before);
  assert_int_equal(table_rows(f->s, "imports"), imports_before);
  assert_int_equal(store_load(f->s, "p", &now, err, sizeof err), 0);
  assert_int_equal(find_value(now, "I1", 2024, VK_ACTUAL)->num, D("80"));
  /* the plan as it is now saves without force: it changes no approved figure */
  assert_int_equal(store_save(f->s, now, &o, err, sizeof err), 0);
  /* forced, each approved figure replaced is audited */
  o.force = 1;
  assert_int_equal(store_save(f->s, older, &o, err, sizeof err), 0);
  assert_int_equal(audit_count(f->s, "import.force"), 2);
  plan_free(older);
  plan_free(now);
}

/* Four rows appended through the store, and the chain verified. */
static Db *four_rows(Fixture *f) {
  char err[256];
  long long bad = -1;
  for (int i = 0; i < 4; i++)
    assert_int_equal(audit_append(f->s, &admin, "comment", "p", "N1", 2024, NULL, NULL, "text",
                                  "why", err, sizeof err),
                     0);
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 0);
  return store_db(f->s);
}

/* The text of column col of row seq of the installation's audit chain, or NULL; caller frees. */
static char *audit_cell(Db *db, const char *col, int seq) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT %s FROM audit WHERE chain = '' AND seq = %d", col, seq);
  DbStmt *st = sq_prepare(db, sql);
  char *v = st && db_step(st) == DB_ROW ? sq_col_strdup(st, 0) : NULL;
  db_finalize(st);
  return v;
}

/* The store under test is PostgreSQL (test/pg/run.sh). */
static int on_postgresql(void) {
  const char *uri = getenv("SHINCHOKU_TEST_DB");
  return uri && strncmp(uri, "postgresql:", 11) == 0;
}

static void test_audit_refuses_replace_and_upsert(void **state) {
  Fixture *f = *state;
  Db *db = four_rows(f);
  char err[256];
  long long bad = -1;
  static const char *const attacks[] = {
      "INSERT OR REPLACE INTO audit (chain, seq, at, actor, via, action, hash)"
      " VALUES ('', 2, 'x', 'x', 'x', 'forged', 'x')",
      "REPLACE INTO audit (chain, seq, at, actor, via, action, hash)"
      " VALUES ('', 2, 'x', 'x', 'x', 'forged', 'x')",
      "INSERT INTO audit (chain, seq, at, actor, via, action, hash) VALUES ('', 2, 'x', 'x', 'x',"
      " 'forged', 'x') ON CONFLICT (chain, seq) DO UPDATE SET action = 'forged'",
      "INSERT INTO audit (chain, seq, at, actor, via, action, hash)"
      " VALUES ('', 9, 'x', 'x', 'x', 'forged', 'x')", /* not the next seq: a gap */
      "INSERT INTO audit (chain, at, actor, via, action, hash)"
      " VALUES ('', 'x', 'x', 'x', 'forged', 'x')",
  };
  /* PostgreSQL has no INSERT OR REPLACE / REPLACE: the first two are SQLite's own */
  for (size_t i = on_postgresql() ? 2 : 0; i < sizeof attacks / sizeof *attacks; i++) {
    assert_int_not_equal(sq_exec(db, attacks[i], err, sizeof err), 0);
    assert_non_null(strstr(err, "append-only"));
  }
  char *action = audit_cell(db, "action", 2);
  assert_string_equal(action, "comment");
  free(action);
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 0);
  /* the format record cannot be moved either */
  assert_int_not_equal(sq_exec(db, "UPDATE audit_format SET since = 99", err, sizeof err), 0);
  assert_int_not_equal(sq_exec(db, "DELETE FROM audit_format", err, sizeof err), 0);
}

static void test_audit_hash_covers_every_byte_and_bit(void **state) {
  if (on_postgresql())
    skip(); /* rewrites rows with SQLite's blob casts and triggers; a text
               with a NUL cannot be stored on PostgreSQL at all */
  Fixture *f = *state;
  Db *db = four_rows(f);
  char err[256];
  long long bad = -1;
  assert_int_equal(sq_exec(db, "DROP TRIGGER audit_no_update", err, sizeof err), 0);
  /* a NUL and more after the text: C string functions would see the same "text" */
  assert_int_equal(
      sq_exec(db, "UPDATE audit SET new = CAST(x'7465787400666f72676564' AS TEXT) WHERE seq = 2",
              err, sizeof err),
      0);
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 1);
  assert_int_equal(bad, 2);
  assert_int_equal(sq_exec(db, "UPDATE audit SET new = 'text' WHERE seq = 2", err, sizeof err), 0);
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 0);
  /* a year moved by 2^32: the same in 32 bits */
  assert_int_equal(
      sq_exec(db, "UPDATE audit SET year = year + 4294967296 WHERE seq = 3", err, sizeof err), 0);
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 1);
  assert_int_equal(bad, 3);
}

/* The format-1 hash of a row, as the store wrote it before migration 5 (docs/workflow.md). */
static void format1_hash(const char *prev, int seq, const char *const f[11], char *hex) {
  Buf b = {0};
  buf_printf(&b, "%s\n%d\n", prev, seq);
  for (int i = 0; i < 11; i++)
    if (f[i])
      buf_printf(&b, "%zu:%s\n", strlen(f[i]), f[i]);
    else
      buf_put(&b, "~\n");
  digest_bytes(b.s, b.len, hex);
  buf_free(&b);
}

static void test_audit_keeps_verifying_a_format1_chain(void **state) {
  if (on_postgresql()) skip(); /* a chain from before migration 5 exists only in SQLite stores */
  Fixture *f = *state;
  Db *db = store_db(f->s);
  char err[256], prev[DIGEST_HEX + 1] = "", hex[DIGEST_HEX + 1];
  long long bad = -1;
  /* a store whose first two rows were written before migration 5 */
  assert_int_equal(sq_exec(db,
                           "DROP TRIGGER audit_format_fixed_delete; DROP TRIGGER"
                           " audit_format_fixed_insert; DELETE FROM audit_format;"
                           " INSERT INTO audit_format VALUES (3, 2)",
                           err, sizeof err),
                   0);
  for (int seq = 1; seq <= 2; seq++) {
    const char *fields[11] = {"2026-01-01T00:00:00Z",
                              "os:old",
                              "cli",
                              "user.add",
                              NULL,
                              "kanri",
                              NULL,
                              "role",
                              NULL,
                              "admin",
                              NULL};
    format1_hash(prev, seq, fields, hex);
    DbStmt *st = sq_prepare(db, "INSERT INTO audit (chain, seq, at, actor, via, action, subject,"
                                " field, new, hash) VALUES ('', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                                " ?9)");
    db_bind_int64(st, 1, seq);
    const char *const vals[] = {fields[0], fields[1], fields[2], fields[3],
                                fields[5], fields[7], fields[9], hex};
    for (int i = 0; i < 8; i++)
      sq_bind_text(st, i + 2, vals[i]);
    assert_int_equal(sq_step_done(st), 0);
    db_finalize(st);
    memcpy(prev, hex, sizeof prev);
  }
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 0);
  /* rows appended now are format 2, chained to the old head */
  assert_int_equal(audit_append(f->s, &admin, "comment", "p", "N1", 2024, NULL, NULL, "new", NULL,
                                err, sizeof err),
                   0);
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 0);
  /* a format-1 row is read with its real bytes too */
  assert_int_equal(sq_exec(db,
                           "DROP TRIGGER audit_no_update; UPDATE audit SET subject ="
                           " CAST(x'6b616e726900' AS TEXT) WHERE seq = 1",
                           err, sizeof err),
                   0);
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 1);
  assert_int_equal(bad, 1);
}

/* ---- one chain per municipality ---- */

/* Rows of two cities' plans ("p" of CITY, "q" of 082228) and their accounts, and one of the
   installation's. */
static void two_cities_rows(Fixture *f) {
  char err[256];
  add_clerk(f->s); /* user.add: CITY's chain */
  store_small_plan(f->s);
  store_plan_of(f->s, "q", "082228");
  for (int i = 0; i < 3; i++) {
    assert_int_equal(audit_append(f->s, &admin, "comment", "p", "N1", 2024, NULL, NULL, "a", NULL,
                                  err, sizeof err),
                     0);
    assert_int_equal(audit_append(f->s, &admin, "comment", "q", "N1", 2024, NULL, NULL, "b", NULL,
                                  err, sizeof err),
                     0);
  }
  assert_int_equal(
      user_add(f->s, "kanri", NULL, ROLE_ADMIN, NULL, 0, NULL, good_pw, &admin, err, sizeof err),
      0); /* an installation admin: the installation's chain */
}

/* The chain and seq of every row of plan (or, with plan NULL, of subject), oldest first. */
static char *chains_of_rows(Store *s, const char *plan, const char *subject) {
  AuditRow *rows;
  int n;
  char err[256];
  AuditFilter af = {.plan = plan, .subject = subject};
  assert_int_equal(audit_list(s, &admin, &af, &rows, &n, err, sizeof err), 0);
  Buf b = {0};
  for (int i = n - 1; i >= 0; i--)
    buf_printf(&b, "%s%s:%lld", b.len ? " " : "", rows[i].chain, rows[i].seq);
  audit_rows_free(rows, n);
  return b.s ? b.s : xstrdup("");
}

static void test_audit_chain_per_municipality(void **state) {
  Fixture *f = *state;
  char err[256];
  two_cities_rows(f);
  /* each row in its municipality's chain, numbered from 1 within it */
  char *p = chains_of_rows(f->s, "p", NULL), *q = chains_of_rows(f->s, "q", NULL);
  char *clerk = chains_of_rows(f->s, NULL, "clerk"), *kanri = chains_of_rows(f->s, NULL, "kanri");
  assert_string_equal(clerk, CITY ":1");
  assert_string_equal(p, CITY ":2 " CITY ":3 " CITY ":4 " CITY ":5");
  assert_string_equal(q, "082228:1 082228:2 082228:3 082228:4");
  assert_string_equal(kanri, ":2"); /* after municipality.add, an installation event */
  free(p), free(q), free(clerk), free(kanri);
  char **chains;
  int n;
  assert_int_equal(audit_chains(f->s, &chains, &n, err, sizeof err), 0);
  assert_int_equal(n, 3);
  assert_string_equal(chains[0], "");
  assert_string_equal(chains[1], "082228");
  assert_string_equal(chains[2], CITY);
  audit_chains_free(chains, n);
  /* city B's row forged (the triggers dropped): B's chain fails, A's and the installation's
     do not, and every-chain verify names B's row */
  Db *db = store_db(f->s);
  assert_int_equal(sq_exec(db,
                           on_postgresql() ? "DROP TRIGGER audit_no_update ON audit;"
                                             " UPDATE audit SET new = 'forged'"
                                             " WHERE chain = '082228' AND seq = 3"
                                           : "DROP TRIGGER audit_no_update;"
                                             " UPDATE audit SET new = 'forged'"
                                             " WHERE chain = '082228' AND seq = 3",
                           err, sizeof err),
                   0);
  long long bad = 0;
  assert_int_equal(audit_verify_chain(f->s, CITY, &bad, err, sizeof err), 0);
  assert_int_equal(audit_verify_chain(f->s, "", &bad, err, sizeof err), 0);
  assert_int_equal(audit_verify_chain(f->s, "082228", &bad, err, sizeof err), 1);
  assert_int_equal(bad, 3);
  bad = 0;
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 1);
  assert_int_equal(bad, 3);
  /* a row appended to A's chain goes after A's head, whatever B's chain holds */
  assert_int_equal(audit_append(f->s, &admin, "comment", "p", "N1", 2024, NULL, NULL, "c", NULL,
                                err, sizeof err),
                   0);
  long long seq = 0;
  char head[DIGEST_HEX + 1];
  assert_int_equal(audit_hash_at(f->s, CITY, &seq, head, err, sizeof err), 0);
  assert_int_equal(seq, 6);
  assert_int_equal(audit_verify_chain(f->s, CITY, &bad, err, sizeof err), 0);
  /* a gap in A's chain is refused by the trigger, per chain */
  assert_int_not_equal(sq_exec(db,
                               "INSERT INTO audit (chain, seq, at, actor, via, action, hash)"
                               " VALUES ('462012', 9, 'x', 'x', 'x', 'forged', 'x')",
                               err, sizeof err),
                       0);
  assert_non_null(strstr(err, "append-only"));
}

/* audit_list under tenancy: a city's reader gets only its chain and is refused anything of
   another municipality before a row is read; the installation reads every chain. */
static void test_audit_list_under_tenancy(void **state) {
  Fixture *f = *state;
  char err[256];
  two_cities_rows(f);
  assert_int_equal(
      user_add(f->s, "a_admin", NULL, ROLE_ADMIN, NULL, 0, CITY, good_pw, &admin, err, sizeof err),
      0);
  const Actor city_admin = {"a_admin", "web"}, clerk = {"clerk", "web"};
  const AuditFilter refused[] = {{.plan = "q"},           {.chain = "082228"}, {.chain = ""},
                                 {.actor = "os:someone"}, {.actor = "kanri"},  {.plan = "nope"}};
  AuditRow *rows = NULL;
  int n = 0;
  for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
    assert_int_equal(audit_list(f->s, &city_admin, &refused[i], &rows, &n, err, sizeof err),
                     STAFF_FORBIDDEN);
    assert_int_equal(n, 0);
    assert_int_equal(audit_list(f->s, &clerk, &refused[i], &rows, &n, err, sizeof err),
                     STAFF_FORBIDDEN);
  }
  assert_int_equal(audit_list(f->s, NULL, &(AuditFilter){0}, &rows, &n, err, sizeof err),
                   STAFF_FORBIDDEN);
  /* no filter: only CITY's chain */
  assert_int_equal(audit_list(f->s, &city_admin, &(AuditFilter){0}, &rows, &n, err, sizeof err), 0);
  assert_true(n >= 5);
  for (int i = 0; i < n; i++)
    assert_string_equal(rows[i].chain, CITY);
  audit_rows_free(rows, n);
  assert_int_equal(
      audit_list(f->s, &city_admin, &(AuditFilter){.plan = "p"}, &rows, &n, err, sizeof err), 0);
  assert_int_equal(n, 4);
  audit_rows_free(rows, n);
  assert_int_equal(
      audit_list(f->s, &city_admin, &(AuditFilter){.actor = "clerk"}, &rows, &n, err, sizeof err),
      0);
  audit_rows_free(rows, n);
  /* the installation: every chain */
  assert_int_equal(audit_list(f->s, &admin, &(AuditFilter){0}, &rows, &n, err, sizeof err), 0);
  int chains[3] = {0};
  for (int i = 0; i < n; i++)
    chains[strcmp(rows[i].chain, CITY) == 0 ? 0 : strcmp(rows[i].chain, "082228") == 0 ? 1 : 2]++;
  assert_true(chains[0] > 0 && chains[1] > 0 && chains[2] > 0);
  audit_rows_free(rows, n);
}

/* Back to the trail of version 12, one chain for the installation numbered by time, each row
   hashed again in format 2 as a store of that version would have written it. */
static void rewind_to_one_chain(Db *db) {
  char err[512];
  int v = db_schema_version(db);
  char version[96];
  snprintf(version, sizeof version,
           on_postgresql() ? "UPDATE shinchoku_schema SET version = %d"
                           : "PRAGMA user_version = %d",
           v - 1);
  const char *sqlite =
      "DROP TABLE settings; CREATE TABLE a10 ("
      "  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, via TEXT NOT NULL,"
      "  action TEXT NOT NULL, plan TEXT, subject TEXT, year INTEGER, field TEXT, old TEXT,"
      "  new TEXT, reason TEXT, hash TEXT NOT NULL) STRICT;"
      "INSERT INTO a10 SELECT row_number() OVER (ORDER BY at, chain, seq), at, actor, via, action,"
      "  plan, subject, year, field, old, new, reason, hash FROM audit;"
      "DROP TABLE audit; ALTER TABLE a10 RENAME TO audit;"
      "CREATE INDEX audit_by_subject ON audit(plan, subject);"
      "CREATE INDEX audit_by_actor ON audit(actor);";
  const char *pg = "DROP TABLE settings; ALTER TABLE audit DISABLE TRIGGER USER;"
                   "ALTER TABLE audit DROP CONSTRAINT audit_pkey;"
                   "UPDATE audit SET seq = n.s FROM (SELECT chain c, seq q,"
                   "  row_number() OVER (ORDER BY at, chain, seq) s FROM audit) n"
                   "  WHERE audit.chain = n.c AND audit.seq = n.q;"
                   "ALTER TABLE audit DROP COLUMN chain; ALTER TABLE audit ADD PRIMARY KEY (seq);";
  assert_int_equal(sq_exec(db, on_postgresql() ? pg : sqlite, err, sizeof err), 0);
  DbStmt *st = sq_prepare(db, "SELECT seq, at, actor, via, action, plan, subject, year, field,"
                              " old, new, reason FROM audit ORDER BY seq");
  char prev[DIGEST_HEX + 1] = "", (*hashes)[DIGEST_HEX + 1] = calloc(64, sizeof *hashes);
  int n = 0;
  while (db_step(st) == DB_ROW && n < 64) {
    audit_stored_hash(st, 2, prev, db_col_int64(st, 0), hashes[n]);
    memcpy(prev, hashes[n++], sizeof prev);
  }
  db_finalize(st);
  st = sq_prepare(db, "UPDATE audit SET hash = ?1 WHERE seq = ?2");
  for (int i = 0; i < n; i++) {
    sq_bind_text(st, 1, hashes[i]);
    db_bind_int64(st, 2, i + 1);
    assert_int_equal(sq_step_done(st), 0);
  }
  db_finalize(st);
  free(hashes);
  /* the append trigger of version 12: the next seq of the one chain */
  assert_int_equal(
      sq_exec(db,
              on_postgresql()
                  ? "CREATE OR REPLACE FUNCTION audit_append_next() RETURNS trigger LANGUAGE"
                    " plpgsql AS $$ BEGIN IF NEW.seq IS DISTINCT FROM (SELECT coalesce(max(seq),"
                    " 0) + 1 FROM audit) THEN RAISE EXCEPTION 'append-only'; END IF; RETURN NEW;"
                    " END $$; ALTER TABLE audit ENABLE TRIGGER USER;"
                  : "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT"
                    " RAISE(ABORT, 'append-only'); END;",
              err, sizeof err),
      0);
  assert_int_equal(sq_exec(db, version, err, sizeof err), 0);
}

/* A store of version 12 with two cities' rows in one chain upgrades: each row moves to its
   municipality's chain, each chain starts with an audit.split row naming the old head, and
   every chain verifies. On both engines (the SQLite rebuild and the PostgreSQL ALTERs). */
static void test_audit_split_on_upgrade(void **state) {
  Fixture *f = *state;
  char err[512];
  two_cities_rows(f);
  Db *db = store_db(f->s);
  int rows = table_rows(f->s, "audit");
  rewind_to_one_chain(db);
  char old_head[128];
  DbStmt *st = sq_prepare(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
  assert_int_equal(db_step(st), DB_ROW);
  snprintf(old_head, sizeof old_head, "%lld %s", db_col_int64(st, 0), db_col_text(st, 1));
  db_finalize(st);
  assert_int_equal(store_init(f->s, err, sizeof err), 0); /* migration 13 */
  long long bad = 0;
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 0);
  assert_int_equal(table_rows(f->s, "audit"), rows + 3); /* a first row in each of 3 chains */
  char *p = chains_of_rows(f->s, "p", NULL), *q = chains_of_rows(f->s, "q", NULL);
  assert_string_equal(p, CITY ":3 " CITY ":4 " CITY ":5 " CITY ":6");
  assert_string_equal(q, "082228:2 082228:3 082228:4 082228:5");
  free(p), free(q);
  AuditRow *split;
  int n;
  assert_int_equal(audit_list(f->s, &admin, &(AuditFilter){.action_prefix = "audit.split"}, &split,
                              &n, err, sizeof err),
                   0);
  assert_int_equal(n, 3);
  for (int i = 0; i < n; i++) {
    assert_int_equal(split[i].seq, 1);
    assert_string_equal(split[i].new_value, old_head);
  }
  audit_rows_free(split, n);
  /* appending after the upgrade continues each chain */
  assert_int_equal(audit_append(f->s, &admin, "comment", "q", "N1", 2024, NULL, NULL, "d", NULL,
                                err, sizeof err),
                   0);
  assert_int_equal(audit_verify(f->s, &bad, err, sizeof err), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_password_hash_and_verify),
      cmocka_unit_test(test_password_rules),
      cmocka_unit_test_setup_teardown(test_user_add_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_signin_locks_after_failures_and_clears_on_success, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_sessions_expire, setup, teardown),
      cmocka_unit_test_setup_teardown(test_entries_conflict_saves_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_concurrent_saves_lose_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_submit_approve_writes_into_the_plan, setup, teardown),
      cmocka_unit_test_setup_teardown(test_approve_writes_over_the_grade_row_that_counts, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_approve_refuses_an_unknown_subject, setup, teardown),
      cmocka_unit_test_setup_teardown(test_edits_write_only_what_changed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_return_needs_a_reason, setup, teardown),
      cmocka_unit_test_setup_teardown(test_periods_and_comments, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tenancy_matrix, setup, teardown),
      cmocka_unit_test_setup_teardown(test_plan_needs_a_municipality, setup, teardown),
      cmocka_unit_test_setup_teardown(test_audit_chain_detects_a_changed_row, setup, teardown),
      cmocka_unit_test_setup_teardown(test_import_refuses_to_undo_an_approval, setup, teardown),
      cmocka_unit_test_setup_teardown(test_audit_refuses_replace_and_upsert, setup, teardown),
      cmocka_unit_test_setup_teardown(test_audit_hash_covers_every_byte_and_bit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_audit_keeps_verifying_a_format1_chain, setup, teardown),
      cmocka_unit_test_setup_teardown(test_audit_chain_per_municipality, setup, teardown),
      cmocka_unit_test_setup_teardown(test_audit_list_under_tenancy, setup, teardown),
      cmocka_unit_test_setup_teardown(test_audit_split_on_upgrade, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
