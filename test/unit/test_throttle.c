/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_throttle.c — unit tests for web/throttle.c: failed sign-ins per (login, address), the
** lock after SIGNIN_MAX_FAILURES with its doubling, independence of pairs, clearing, and the
** bound on sign-in rows for the audit trail.
*/
#include "testutil.h"
#include "web/staff.h"

/* Fail the pair n times at now; the last result. */
static ThrottleResult fail_n(const char *login, const char *addr, long long now, int n) {
  ThrottleResult t = {0};
  for (int i = 0; i < n; i++)
    throttle_fail(login, addr, now, &t);
  return t;
}

static void test_lock_after_the_limit(void **state) {
  (void)state;
  long long now = 1000000;
  ThrottleResult t = fail_n("admin-a", "192.0.2.1", now, SIGNIN_MAX_FAILURES - 1);
  assert_int_equal(t.lock_seconds, 0);
  assert_int_equal(t.delay_ms, signin_delay_ms(SIGNIN_MAX_FAILURES - 1));
  assert_int_equal(throttle_locked("admin-a", "192.0.2.1", now), 0);
  throttle_fail("admin-a", "192.0.2.1", now, &t);
  assert_int_equal(t.failures, SIGNIN_MAX_FAILURES);
  assert_int_equal(t.lock_seconds, THROTTLE_LOCK_FIRST_SECONDS);
  assert_int_equal(throttle_locked("admin-a", "192.0.2.1", now + 1),
                   THROTTLE_LOCK_FIRST_SECONDS - 1);
  /* the same login from another address, another login from the same address: not locked */
  assert_int_equal(throttle_locked("admin-a", "192.0.2.2", now), 0);
  assert_int_equal(throttle_locked("admin-b", "192.0.2.1", now), 0);
  /* after the lock, one more failure locks again for twice as long */
  long long later = now + THROTTLE_LOCK_FIRST_SECONDS;
  assert_int_equal(throttle_locked("admin-a", "192.0.2.1", later), 0);
  throttle_fail("admin-a", "192.0.2.1", later, &t);
  assert_int_equal(t.lock_seconds, 2 * THROTTLE_LOCK_FIRST_SECONDS);
}

static void test_lock_is_bounded(void **state) {
  (void)state;
  long long now = 2000000;
  ThrottleResult t = fail_n("guesser", "192.0.2.9", now, SIGNIN_MAX_FAILURES);
  for (int i = 0; i < 20; i++) {
    now += t.lock_seconds;
    throttle_fail("guesser", "192.0.2.9", now, &t);
    assert_true(t.lock_seconds > 0 && t.lock_seconds <= THROTTLE_LOCK_MAX_SECONDS);
  }
  assert_int_equal(t.lock_seconds, THROTTLE_LOCK_MAX_SECONDS);
}

static void test_success_clears(void **state) {
  (void)state;
  long long now = 3000000;
  fail_n("hanako", "192.0.2.3", now, SIGNIN_MAX_FAILURES);
  assert_true(throttle_locked("hanako", "192.0.2.3", now) > 0);
  throttle_clear("hanako", "192.0.2.3");
  assert_int_equal(throttle_locked("hanako", "192.0.2.3", now), 0);
  ThrottleResult t;
  throttle_fail("hanako", "192.0.2.3", now, &t);
  assert_int_equal(t.failures, 1);
}

/* A flood of other pairs does not push a locked pair out of the table. */
static void test_flood_keeps_locks(void **state) {
  (void)state;
  long long now = 4000000;
  fail_n("jimukyoku", "192.0.2.4", now, SIGNIN_MAX_FAILURES);
  char login[32];
  ThrottleResult t;
  for (int i = 0; i < 20000; i++) {
    snprintf(login, sizeof login, "spray-%d", i);
    throttle_fail(login, "198.51.100.7", now, &t);
  }
  assert_true(throttle_locked("jimukyoku", "192.0.2.4", now) > 0);
}

static void test_audit_rows_bounded(void **state) {
  (void)state;
  long long now = 5000000;
  int dropped = -1, written = 0;
  for (int i = 0; i < 100; i++)
    written += throttle_audit_allowed(now, &dropped);
  assert_true(written > 0 && written < 100);
  /* the next window: a row again, saying how many were left out */
  assert_true(throttle_audit_allowed(now + 3600, &dropped));
  assert_int_equal(dropped, 100 - written);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lock_after_the_limit), cmocka_unit_test(test_lock_is_bounded),
      cmocka_unit_test(test_success_clears),       cmocka_unit_test(test_flood_keeps_locks),
      cmocka_unit_test(test_audit_rows_bounded),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
