/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_util.c — unit tests for model/util.c: checked allocation, the arena, Buf, StrMap,
** Errors and list_each.
*/
#include "testutil.h"
#include "model/util.h"

#include <signal.h>
#include <stdalign.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#ifdef UNDER_ASAN
/* Let malloc return NULL for a huge request, so xmalloc's own check is what fires. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) {
  return "allocator_may_return_null=1";
}
#endif

/* ---- allocation ---- */

static void test_xmalloc_zero_and_copy(void **state) {
  (void)state;
  void *p = xmalloc(0);
  assert_non_null(p);
  free(p);
  int *z = xcalloc(8, sizeof *z);
  for (int i = 0; i < 8; i++)
    assert_int_equal(z[i], 0);
  z = xrealloc(z, 1000 * sizeof *z);
  assert_int_equal(z[7], 0);
  z[999] = 5;
  assert_int_equal(z[999], 5);
  free(z);
}

static void test_xstrdup(void **state) {
  (void)state;
  char *s = xstrdup("鹿児島市");
  assert_string_equal(s, "鹿児島市");
  free(s);
  assert_null(xstrdup(NULL));
  s = xstrndup("abcdef", 3);
  assert_string_equal(s, "abc");
  free(s);
  s = xstrndup("ab", 10);
  assert_string_equal(s, "ab");
  free(s);
}

static void test_xmalloc_aborts_with_message(void **state) {
  (void)state;
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    volatile size_t huge = SIZE_MAX / 2;
    void *p = xmalloc(huge);
    free(p);
    _exit(0);
  }
  close(fds[1]);
  char msg[1024] = {0};
  size_t n = 0;
  ssize_t k;
  while (n < sizeof msg - 1 && (k = read(fds[0], msg + n, sizeof msg - 1 - n)) > 0)
    n += (size_t)k;
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  assert_true(n > 0);
  assert_non_null(strstr(msg, "out of memory"));
  assert_true(WIFSIGNALED(status));
  assert_int_equal(WTERMSIG(status), SIGABRT);
}

static void test_vec_push(void **state) {
  (void)state;
  int *v = NULL;
  int count = 0, cap = 0;
  for (int i = 0; i < 100; i++) {
    VEC_PUSH(v, count, cap);
    v[count++] = i * i;
  }
  assert_int_equal(count, 100);
  assert_true(cap >= 100);
  assert_int_equal(v[0], 0);
  assert_int_equal(v[99], 99 * 99);
  free(v);
}

/* ---- arena ---- */

static void test_arena_strdup_empty_is_null(void **state) {
  (void)state;
  Arena a = {0};
  assert_null(arena_strdup(&a, NULL));
  assert_null(arena_strdup(&a, ""));
  assert_null(arena_strndup(&a, NULL, 3));
  assert_null(arena_strndup(&a, "abc", 0));
  char *s = arena_strdup(&a, "令和");
  assert_string_equal(s, "令和");
  char *t = arena_strndup(&a, "abcdef", 4);
  assert_string_equal(t, "abcd");
  assert_string_equal(arena_strndup(&a, "ab", 9), "ab");
  arena_free(&a);
  assert_null(a.head);
}

static void test_arena_many_strings_survive(void **state) {
  (void)state;
  Arena a = {0};
  enum { N = 20000 };
  char **ptrs = xcalloc(N, sizeof *ptrs);
  char tmp[32];
  for (int i = 0; i < N; i++) {
    snprintf(tmp, sizeof tmp, "value-%d", i);
    ptrs[i] = arena_strdup(&a, tmp);
  }
  for (int i = 0; i < N; i++) {
    snprintf(tmp, sizeof tmp, "value-%d", i);
    assert_string_equal(ptrs[i], tmp);
  }
  free(ptrs);
  arena_free(&a);
}

static void test_arena_alloc_aligned_and_large(void **state) {
  (void)state;
  Arena a = {0};
  char *small = arena_strdup(&a, "x");
  for (int i = 0; i < 10; i++) {
    void *p = arena_alloc(&a, (size_t)i * 3 + 1);
    assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
  }
  size_t big_n = 1024 * 1024;
  unsigned char *big = arena_alloc(&a, big_n);
  memset(big, 0xAB, big_n);
  assert_int_equal(big[big_n - 1], 0xAB);
  char *after = arena_strdup(&a, "after");
  assert_string_equal(small, "x");
  assert_string_equal(after, "after");
  assert_non_null(arena_alloc(&a, 0));
  arena_free(&a);
}

/* ---- Buf ---- */

static void test_buf_put_and_printf(void **state) {
  (void)state;
  Buf b = {0};
  buf_put(&b, "年度");
  buf_putc(&b, ':');
  buf_putn(&b, "12345", 2);
  buf_printf(&b, " %d/%s", 7, "x");
  assert_string_equal(b.s, "年度:12 7/x");
  assert_int_equal(b.len, strlen("年度:12 7/x"));
  char *s = buf_detach(&b);
  assert_string_equal(s, "年度:12 7/x");
  assert_null(b.s);
  assert_int_equal(b.len, 0);
  free(s);
}

static void test_buf_grows(void **state) {
  (void)state;
  Buf b = {0};
  for (int i = 0; i < 1000; i++)
    buf_printf(&b, "%04d", i);
  assert_int_equal(b.len, 4000);
  assert_int_equal(strlen(b.s), 4000);
  assert_memory_equal(b.s + 3996, "0999", 4);
  buf_printf(&b, "%s", "");
  assert_int_equal(b.len, 4000);
  buf_free(&b);
  assert_null(b.s);
}

static void test_buf_detach_untouched(void **state) {
  (void)state;
  Buf b = {0};
  char *s = buf_detach(&b);
  assert_non_null(s);
  assert_string_equal(s, "");
  free(s);
}

/* ---- StrMap ---- */

static void test_strmap_basic(void **state) {
  (void)state;
  StrMap m = {0};
  assert_int_equal(strmap_get(&m, "a"), -1);
  strmap_put(&m, "BP1", 1);
  strmap_put(&m, "M3", 3);
  assert_int_equal(strmap_get(&m, "BP1"), 1);
  assert_int_equal(strmap_get(&m, "M3"), 3);
  assert_int_equal(strmap_get(&m, "M4"), -1);
  strmap_put(&m, "BP1", 10);
  assert_int_equal(strmap_get(&m, "BP1"), 10);
  assert_int_equal(m.count, 2);
  char key[] = "M3";
  assert_int_equal(strmap_get(&m, key), 3); /* equal text, other pointer */
  strmap_free(&m);
  assert_int_equal(m.count, 0);
  assert_int_equal(strmap_get(&m, "BP1"), -1);
}

static void test_strmap_grows_and_keeps_keys(void **state) {
  (void)state;
  enum { N = 5000 };
  char(*keys)[16] = xcalloc(N, sizeof *keys);
  StrMap m = {0};
  for (int i = 0; i < N; i++) {
    snprintf(keys[i], sizeof keys[i], "I%d-%d", i, i % 7);
    strmap_put(&m, keys[i], i);
    assert_true(m.count * 10 <= m.cap * 7);
  }
  assert_int_equal(m.count, N);
  assert_int_equal(m.cap & (m.cap - 1), 0);
  for (int i = 0; i < N; i++)
    assert_int_equal(strmap_get(&m, keys[i]), i);
  /* keys are stored, not copied */
  size_t found = 0;
  for (size_t i = 0; i < m.cap; i++)
    if (m.keys[i] == keys[42]) found++;
  assert_int_equal(found, 1);
  assert_int_equal(strmap_get(&m, "I5000-0"), -1);
  strmap_free(&m);
  free(keys);
}

/* ---- Errors ---- */

static void test_errors_collect_and_print(void **state) {
  (void)state;
  Errors e = {0};
  errors_add(&e, "%s:%d:%d: unknown column %s", "nodes.csv", 3, 2, "nmae");
  for (int i = 0; i < 40; i++)
    errors_add(&e, "e%d", i);
  assert_int_equal(e.count, 41);
  assert_string_equal(e.msgs[0], "nodes.csv:3:2: unknown column nmae");
  assert_string_equal(e.msgs[40], "e39");
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  errors_print(&e, f);
  fclose(f);
  assert_memory_equal(text, "nodes.csv:3:2: unknown column nmae\ne0\ne1\n", 41);
  assert_int_equal(text[len - 1], '\n');
  free(text);
  errors_free(&e);
  assert_int_equal(e.count, 0);
  assert_null(e.msgs);
}

/* ---- list_each ---- */

typedef struct Parts {
  char items[8][32];
  int n;
} Parts;

static void collect(const char *part, size_t len, void *ctx) {
  Parts *p = ctx;
  assert_true(p->n < 8);
  assert_true(len < 32);
  memcpy(p->items[p->n], part, len);
  p->items[p->n][len] = '\0';
  p->n++;
}

static void test_list_each_splits_and_trims(void **state) {
  (void)state;
  Parts p = {0};
  list_each(" 情報政策課 |\u3000デジタル推進課\u3000| |市民課", collect, &p);
  assert_int_equal(p.n, 3);
  assert_string_equal(p.items[0], "情報政策課");
  assert_string_equal(p.items[1], "デジタル推進課");
  assert_string_equal(p.items[2], "市民課");
}

static void test_list_each_edges(void **state) {
  (void)state;
  Parts p = {0};
  list_each(NULL, collect, &p);
  list_each("", collect, &p);
  list_each("||\u3000|  ", collect, &p);
  assert_int_equal(p.n, 0);
  list_each("a", collect, &p);
  list_each("b|", collect, &p);
  list_each("M1=再掲 a|M2", collect, &p);
  assert_int_equal(p.n, 4);
  assert_string_equal(p.items[0], "a");
  assert_string_equal(p.items[1], "b");
  assert_string_equal(p.items[2], "M1=再掲 a");
  assert_string_equal(p.items[3], "M2");
}

static void test_group_members_keeps_order_and_skips_orphans(void **state) {
  (void)state;
  /* members 0..6 owned by owners 2, 0, 2, -1, 1, 0, 2 */
  const int owner[] = {2, 0, 2, -1, 1, 0, 2};
  int *start, *list;
  group_members(4, 7, owner, &start, &list);
  const int want_start[] = {0, 2, 3, 6, 6};
  const int want_list[] = {1, 5, 4, 0, 2, 6};
  for (int o = 0; o <= 4; o++)
    assert_int_equal(start[o], want_start[o]);
  for (int i = 0; i < 6; i++)
    assert_int_equal(list[i], want_list[i]);
  free(start);
  free(list);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_xmalloc_zero_and_copy),
      cmocka_unit_test(test_xstrdup),
      cmocka_unit_test(test_xmalloc_aborts_with_message),
      cmocka_unit_test(test_vec_push),
      cmocka_unit_test(test_arena_strdup_empty_is_null),
      cmocka_unit_test(test_arena_many_strings_survive),
      cmocka_unit_test(test_arena_alloc_aligned_and_large),
      cmocka_unit_test(test_buf_put_and_printf),
      cmocka_unit_test(test_buf_grows),
      cmocka_unit_test(test_buf_detach_untouched),
      cmocka_unit_test(test_strmap_basic),
      cmocka_unit_test(test_strmap_grows_and_keeps_keys),
      cmocka_unit_test(test_errors_collect_and_print),
      cmocka_unit_test(test_list_each_splits_and_trims),
      cmocka_unit_test(test_list_each_edges),
      cmocka_unit_test(test_group_members_keeps_order_and_skips_orphans),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
