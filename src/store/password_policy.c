/* SPDX-License-Identifier: Apache-2.0 */
/*
** password_policy.c — which passwords an account may have (staff.h, password_weakness): at
** least PASSWORD_MIN_CHARS characters (OWASP ASVS 4.0 L2, 2.1.1: 12), at most 1024 bytes of
** UTF-8, not the login, and not one of the common passwords of data/common-passwords.txt
** (embedded as common_passwords.c) — compared lower-cased, as typed and with the digits and
** symbols people add at the end taken off ("Password2024!" is "password"), not only digits
** and symbols, and not one short piece repeated ("abcabcabcabc").
*/
#include "../model/text.h"
#include "../model/util.h"
#include "staff.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

extern const char *const common_passwords[];
extern const size_t common_passwords_count;

static int by_text(const void *key, const void *item) {
  return strcmp(key, *(const char *const *)item);
}

static int is_common(const char *lower) {
  return *lower && bsearch(lower, common_passwords, common_passwords_count,
                           sizeof *common_passwords, by_text) != NULL;
}

/* ASCII letters lower-cased (other bytes as they are), into a malloc'd copy. */
static char *lowered(const char *s) {
  char *out = xstrdup(s);
  for (char *p = out; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return out;
}

/* s without the ASCII digits, punctuation and spaces at its end (in place). */
static void strip_tail(char *s) {
  size_t n = strlen(s);
  while (n > 0 &&
         (isdigit((unsigned char)s[n - 1]) || ispunct((unsigned char)s[n - 1]) || s[n - 1] == ' '))
    s[--n] = '\0';
}

/* True when s is one piece of at most 4 bytes repeated. */
static int is_repetition(const char *s) {
  size_t n = strlen(s);
  for (size_t unit = 1; unit <= 4 && unit < n; unit++) {
    if (n % unit) continue;
    size_t i = unit;
    while (i < n && s[i] == s[i - unit])
      i++;
    if (i == n) return 1;
  }
  return 0;
}

/* Whether the password is the login (ignoring case and what is added at the end), or one of
   the common passwords. */
static const char *guessable(const char *password, const char *login) {
  char *lower = lowered(password), *base = lowered(password);
  strip_tail(base);
  char *who = login ? lowered(login) : NULL;
  const char *why = NULL;
  if (who && *who && (strcmp(lower, who) == 0 || strcmp(base, who) == 0))
    why = "ログイン名と同じパスワードは使えません";
  else if (!*base)
    why = "数字や記号だけのパスワードは使えません";
  else if (is_common(lower) || is_common(base))
    why = "よく使われるパスワードです。推測されにくい別のパスワードにしてください";
  else if (is_repetition(lower))
    why = "同じ文字や短い文字列の繰り返しは使えません";
  free(lower);
  free(base);
  free(who);
  return why;
}

const char *password_weakness(const char *password, const char *login) {
  size_t chars = 0, bytes = strlen(password);
  for (const char *p = password; *p; p++)
    if (((unsigned char)*p & 0xC0) != 0x80) chars++;
  if (chars < PASSWORD_MIN_CHARS) return "パスワードは12文字以上にしてください";
  /* a bound only so that no one can make the server hash megabytes */
  if (bytes > 1024) return "パスワードが長すぎます（1024バイトまで）";
  if (!text_is_utf8(password, bytes)) return "パスワードに読めない文字が含まれています";
  return guessable(password, login);
}
