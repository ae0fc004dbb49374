/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_conncap.c — unit tests for web/conncap.c: the per-address cap admits exactly `cap`
** connections of one address even when several threads admit at once (the server's accept
** threads), closing one makes room for one, other addresses and the trusted proxy are not
** affected.
*/
#include "testutil.h"
#include "web/conncap.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>

enum { CAP = 64, THREADS = 8, TRIES = 100 };

static struct sockaddr_in addr_of(const char *ip) {
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  inet_pton(AF_INET, ip, &a.sin_addr);
  return a;
}

static atomic_int admitted;

static void *admit_many(void *arg) {
  const struct sockaddr_in *a = arg;
  for (int i = 0; i < TRIES; i++)
    if (conncap_admit((const struct sockaddr *)a)) atomic_fetch_add(&admitted, 1);
  return NULL;
}

static void test_cap_holds_under_racing_threads(void **state) {
  (void)state;
  conncap_init(CAP, "127.0.0.9");
  struct sockaddr_in a = addr_of("127.0.0.20"), other = addr_of("127.0.0.21");
  pthread_t t[THREADS];
  atomic_store(&admitted, 0);
  for (int i = 0; i < THREADS; i++)
    assert_int_equal(pthread_create(&t[i], NULL, admit_many, &a), 0);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  assert_int_equal(atomic_load(&admitted), CAP);
  assert_false(conncap_admit((const struct sockaddr *)&a));
  assert_true(conncap_admit((const struct sockaddr *)&other)); /* another address */
  int slot = conncap_open((const struct sockaddr *)&a);
  assert_true(slot >= 0);
  conncap_close(slot); /* one closed: room for exactly one */
  assert_true(conncap_admit((const struct sockaddr *)&a));
  assert_false(conncap_admit((const struct sockaddr *)&a));
  for (int i = 0; i < CAP; i++)
    conncap_close(slot);
  conncap_close(conncap_open((const struct sockaddr *)&other));
}

static void test_trusted_proxy_is_not_counted(void **state) {
  (void)state;
  conncap_init(CAP, "127.0.0.9");
  struct sockaddr_in proxy = addr_of("127.0.0.9");
  for (int i = 0; i < 4 * CAP; i++)
    assert_true(conncap_admit((const struct sockaddr *)&proxy));
  assert_int_equal(conncap_open((const struct sockaddr *)&proxy), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cap_holds_under_racing_threads),
      cmocka_unit_test(test_trusted_proxy_is_not_counted),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
