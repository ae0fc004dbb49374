/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_entrynum.c — unit tests for the entry round's small pieces: thousands commas a clerk
** types (model/entrynum.c), the closest names of a mistyped department (model/closest.c),
** days to a due date (model/duedate.c), and the mail a reminder writes (web/mail.c).
*/
#include "testutil.h"
#include "model/closest.h"
#include "model/duedate.h"
#include "model/entrynum.h"
#include "web/mail.h"

#include <stdlib.h>
#include <string.h>

static void test_grouping(void **state) {
  (void)state;
  const char *good[] = {"1234",   "1,234", "12,345,678", "１，２３４", "-1,234.5",
                        "▲1,000", "999",   "0.5",        NULL};
  const char *bad[] = {"12,3", "1,23", "1,2345", "1234,567", ",123", "1.2,3", "１２，３", NULL};
  for (int i = 0; good[i]; i++)
    assert_true(num_grouping_ok(good[i]));
  for (int i = 0; bad[i]; i++)
    assert_false(num_grouping_ok(bad[i]));
}

static void test_number_problem(void **state) {
  (void)state;
  dec_t d = 0;
  assert_null(entry_number_problem(NULL, -1, "１，２３４", &d));
  assert_int_equal(d, dec_from_int(1234));
  assert_non_null(strstr(entry_number_problem(NULL, -1, "12,3", &d), "カンマ"));
  assert_non_null(entry_number_problem(NULL, -1, "12あ", &d));
  assert_null(entry_number_problem(NULL, -1, "-5", &d)); /* no indicator: no sign rule */
}

static void test_closest(void **state) {
  (void)state;
  assert_int_equal(name_distance("ＩＣＴ推進室", "ICT推進室"), 0);
  assert_int_equal(name_distance("総務", "総務課"), 1);
  const char *names[] = {"財政課", "総務課", "デジタル戦略推進課", "市民課"};
  const char *out[3];
  int n = closest_names("デジタル推進課", names, 4, out, 3);
  assert_true(n >= 1);
  assert_string_equal(out[0], "デジタル戦略推進課");
  n = closest_names("総務", names, 4, out, 3);
  assert_true(n >= 1);
  assert_string_equal(out[0], "総務課");
  assert_int_equal(closest_names("教育委員会学校教育課", names, 4, out, 3), 0);
}

static void test_days(void **state) {
  (void)state;
  long d = 0;
  char buf[64];
  assert_int_equal(days_between("2025-05-28", "2025-05-31", &d), 0);
  assert_int_equal(d, 3);
  assert_int_equal(days_between("2024-02-28", "2024-03-01", &d), 0);
  assert_int_equal(d, 2); /* a leap year */
  assert_int_equal(days_between("2025-06-02", "2025-05-31", &d), 0);
  assert_int_equal(d, -2);
  assert_int_equal(days_between("2025-02-30", "2025-05-31", &d), -1);
  assert_int_equal(days_between("tomorrow", "2025-05-31", &d), -1);
  assert_string_equal(days_left_words(3, buf, sizeof buf), "あと3日");
  assert_string_equal(days_left_words(0, buf, sizeof buf), "今日が期限");
  assert_string_equal(days_left_words(-2, buf, sizeof buf), "期限を2日過ぎています");
  assert_string_equal(due_words("2025-05-31", buf, sizeof buf), "2025年5月31日");
  char today[16];
  assert_int_equal(days_between(today_jst(today), today, &d), 0);
  assert_int_equal(d, 0);
}

static void test_mail(void **state) {
  (void)state;
  assert_true(mail_address_ok("shimin@city.example.lg.jp"));
  const char *bad[] = {"", "no-at", "a@b@c", "a b@c", "a@b\r\nBcc: x@y", "<a@b>", "a@b,c@d", NULL};
  for (int i = 0; bad[i]; i++)
    assert_false(mail_address_ok(bad[i]));
  const char *to[] = {"a@example.jp", NULL};
  Mail m = {"127.0.0.1:25", "jimu@example.jp", to,
            "【進捗管理】とても長い件名がここに続きますがエンコードされた語に分けられます",
            "本文\n2行目"};
  char *msg = mail_message(&m);
  assert_non_null(strstr(msg, "From: <jimu@example.jp>\r\n"));
  assert_non_null(strstr(msg, "To: <a@example.jp>\r\n"));
  assert_non_null(strstr(msg, "Subject: =?UTF-8?B?"));
  assert_non_null(strstr(msg, "\r\n =?UTF-8?B?")); /* folded into several encoded words */
  assert_non_null(strstr(msg, "Content-Transfer-Encoding: base64\r\n\r\n"));
  for (const char *p = msg; *p; p++) /* nothing but ASCII on the wire */
    assert_true((unsigned char)*p < 128);
  free(msg);
  Mail none = {NULL, "jimu@example.jp", to, "s", "b"};
  char err[256];
  assert_int_equal(mail_send(&none, err, sizeof err), -1);
  assert_non_null(strstr(err, "smtp_relay"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_grouping), cmocka_unit_test(test_number_problem),
      cmocka_unit_test(test_closest),  cmocka_unit_test(test_days),
      cmocka_unit_test(test_mail),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
