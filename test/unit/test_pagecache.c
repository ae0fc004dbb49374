/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_pagecache.c — unit tests for web/pagecache.c: a page put is kept and found, a second
** put of the same key gives the first and frees the second's responses, and a page the full
** cache cannot keep stays the caller's (its responses alive, to be sent and destroyed by the
** caller: the server sends it, then destroys it; freed by the cache as well, the server sent
** a freed response and destroyed it twice).
*/
#include "testutil.h"
#include "web/pagecache.h"

static int freed; /* how many test bodies libmicrohttpd has let go of */

static void body_freed(void *cls) {
  (void)cls;
  freed++;
}

/* A page whose full response counts its release in freed; len as claimed. */
static CachedPage page_of(size_t len) {
  static char body[] = "x";
  CachedPage p = {.len = len};
  p.full = MHD_create_response_from_buffer_with_free_callback_cls(1, body, body_freed, NULL);
  p.not_modified = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
  snprintf(p.etag, sizeof p.etag, "\"e\"");
  return p;
}

static void test_put_keeps_and_finds(void **state) {
  (void)state;
  PageCache *c = pagecache_new();
  freed = 0;
  CachedPage p = page_of(10);
  const CachedPage *kept = pagecache_put(c, "/a", &p);
  assert_non_null(kept);
  assert_ptr_equal(kept->full, p.full);
  assert_ptr_equal(pagecache_get(c, "/a"), kept);
  assert_null(pagecache_get(c, "/b"));
  CachedPage q = page_of(10); /* the same key again: the first stays, the second is freed */
  assert_ptr_equal(pagecache_put(c, "/a", &q), kept);
  assert_int_equal(freed, 1);
  pagecache_free(c);
  assert_int_equal(freed, 2);
}

static void test_full_cache_leaves_the_page_to_the_caller(void **state) {
  (void)state;
  PageCache *c = pagecache_new();
  freed = 0;
  CachedPage big = page_of((size_t)65 * 1024 * 1024); /* more than the cache keeps in all */
  assert_null(pagecache_put(c, "/big", &big));
  assert_int_equal(freed, 0); /* still the caller's, to send */
  assert_null(pagecache_get(c, "/big"));
  MHD_destroy_response(big.full);
  MHD_destroy_response(big.not_modified);
  assert_int_equal(freed, 1);
  pagecache_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_put_keeps_and_finds),
      cmocka_unit_test(test_full_cache_leaves_the_page_to_the_caller),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
