/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_digest.c — unit tests for model/digest.c: SHA-256 of bytes (FIPS 180-2 test vectors),
** of a file, of a folder (the encoding docs/workflow.md describes), hex and random bytes.
*/
#include "testutil.h"
#include "model/digest.h"
#include <sys/stat.h>
#include <unistd.h>

static void test_bytes_known_vectors(void **state) {
  (void)state;
  char hex[DIGEST_HEX + 1];
  assert_string_equal(digest_bytes("abc", 3, hex),
                      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert_string_equal(digest_bytes("", 0, hex),
                      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void test_file_and_folder(void **state) {
  (void)state;
  char dir[] = "/tmp/digest-test-XXXXXX", path[128], a[DIGEST_HEX + 1], b[DIGEST_HEX + 1];
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/b.csv", dir);
  write_file(path, "x,y\n1,2\n");
  assert_int_equal(digest_file(path, a), 0);
  assert_string_equal(a, digest_bytes("x,y\n1,2\n", 8, b));
  snprintf(path, sizeof path, "%s/a.csv", dir);
  write_file(path, "id\n");
  snprintf(path, sizeof path, "%s/sub", dir);
  assert_int_equal(mkdir(path, 0700), 0); /* a folder inside is not part of it */
  /* name, NUL, size, NUL, contents; files in byte order of their names */
  static const char expect[] = "a.csv\0"
                               "3\0"
                               "id\n"
                               "b.csv\0"
                               "8\0"
                               "x,y\n1,2\n";
  digest_bytes(expect, sizeof expect - 1, b);
  assert_int_equal(digest_folder(dir, a), 0);
  assert_string_equal(a, b);
  assert_int_equal(digest_path(dir, a), 0);
  assert_string_equal(a, b);
  snprintf(path, sizeof path, "%s/b.csv", dir);
  assert_int_equal(digest_path(path, a), 0);
  assert_string_equal(a, digest_bytes("x,y\n1,2\n", 8, b));
  snprintf(path, sizeof path, "%s/missing", dir);
  assert_int_equal(digest_file(path, a), -1);
  char cmd[96];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

static void test_hex_and_random(void **state) {
  (void)state;
  char hex[9];
  assert_string_equal(hex_encode("\x00\x1f\xa0\xff", 4, hex), "001fa0ff");
  unsigned char r1[32], r2[32];
  assert_int_equal(random_bytes(r1, sizeof r1), 0);
  assert_int_equal(random_bytes(r2, sizeof r2), 0);
  assert_memory_not_equal(r1, r2, sizeof r1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bytes_known_vectors),
      cmocka_unit_test(test_file_and_folder),
      cmocka_unit_test(test_hex_and_random),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
