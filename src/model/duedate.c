/* SPDX-License-Identifier: Apache-2.0 */
/*
** duedate.c — days to a due date, counted in JST calendar days (see duedate.h).
*/
#include "duedate.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define JST_OFFSET (9 * 3600)

char *today_jst(char *buf) {
  time_t now = time(NULL) + JST_OFFSET;
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(buf, 11, "%Y-%m-%d", &tm);
  return buf;
}

/* Days since 1970-01-01 of an ISO date into *out: 0, or -1 when it is not one. */
static int iso_day(const char *s, long *out) {
  int y, m, d;
  char tail;
  if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return -1;
  if (m < 1 || m > 12 || d < 1 || d > 31) return -1;
  struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
  time_t t = timegm(&tm);
  struct tm back;
  gmtime_r(&t, &back);
  if (back.tm_mday != d || back.tm_mon != m - 1) return -1; /* 2025-02-30 */
  *out = (long)(t / 86400);
  return 0;
}

int days_between(const char *from, const char *to, long *days) {
  long a, b;
  if (iso_day(from, &a) || iso_day(to, &b)) return -1;
  *days = b - a;
  return 0;
}

char *days_left_words(long days, char *buf, size_t len) {
  if (days > 0)
    snprintf(buf, len, "あと%ld日", days);
  else if (days == 0)
    snprintf(buf, len, "今日が期限");
  else
    snprintf(buf, len, "期限を%ld日過ぎています", -days);
  return buf;
}

char *due_words(const char *iso, char *buf, size_t len) {
  int y, m, d;
  if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3)
    snprintf(buf, len, "%d年%d月%d日", y, m, d);
  else
    snprintf(buf, len, "%s", iso ? iso : "");
  return buf;
}
