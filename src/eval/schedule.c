/* SPDX-License-Identifier: Apache-2.0 */
/*
** schedule.c — item deadlines as of a date (see schedule.h).
*/
#include "schedule.h"
#include "../model/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const item_state_names[5] = {"none", "planned", "due", "overdue", "done"};
const char *const item_state_words[5] = {"期限なし", "予定", "実施期間中", "期限超過", "完了"};

static int days_in(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

/* Month m of fiscal year fy as YYYYMM00 (January–March belong to the next calendar year). */
static int fiscal_month(int fy, int m) {
  return ((m >= 4 ? fy : fy + 1) * 100 + m) * 100;
}

/* Read "10", "6-8" or "通年" into a first and last month; 0 when it is neither. */
static int months(const char *due, int *from, int *to) {
  if (!due) return 0;
  char *n = text_normalize(due);
  int ok = 0;
  if (n && strcmp(n, "通年") == 0) {
    *from = 4, *to = 3, ok = 1;
  } else if (n) {
    char *end;
    long a = strtol(n, &end, 10), b = a;
    if (end != n && *end == '-')
      b = strtol(end + 1, &end, 10), *from = (int)a;
    else
      *from = 4; /* 「（～10月）」: from the fiscal year's start */
    *to = (int)b;
    ok = end != n && *end == '\0' && a >= 1 && a <= 12 && b >= 1 && b <= 12;
  }
  free(n);
  return ok;
}

int item_period(const Item *it, int *start, int *end) {
  int from, to;
  if (!it->year || !months(it->due, &from, &to)) return 0;
  *start = fiscal_month(it->year, from) + 1;
  int e = fiscal_month(it->year, to);
  *end = e + days_in(e / 10000, to);
  if (*end < *start) *end = fiscal_month(it->year + 1, to) + days_in(e / 10000 + 1, to);
  return 1;
}

static int is_done(const char *status) {
  static const char *const words[] = {"done", "完了", "済", "実施済", "達成", NULL};
  char *n = status ? text_normalize(status) : NULL;
  int done = 0;
  for (int k = 0; n && words[k]; k++)
    done |= strcmp(n, words[k]) == 0;
  free(n);
  return done;
}

int item_state(const Item *it, int as_of) {
  if (is_done(it->status)) return IS_DONE;
  int start, end;
  if (!item_period(it, &start, &end)) return IS_NONE;
  if (as_of > end) return IS_OVERDUE;
  return as_of >= start ? IS_DUE : IS_PLANNED;
}

int schedule_date_jst(long long t) {
  time_t at = (time_t)(t + 9 * 3600);
  struct tm tm;
  gmtime_r(&at, &tm);
  return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

int schedule_today_jst(void) {
  return schedule_date_jst((long long)time(NULL));
}

char *schedule_iso(int ymd, char *buf) {
  if (ymd)
    snprintf(buf, 16, "%04u-%02u-%02u", (unsigned)ymd / 10000 % 10000, (unsigned)ymd / 100 % 100,
             (unsigned)ymd % 100);
  else
    buf[0] = 0;
  return buf;
}

int schedule_date(const char *text) {
  char iso[16];
  if (!text || date_parse(text, iso) != 0) return 0;
  return atoi(iso) * 10000 + atoi(iso + 5) * 100 + atoi(iso + 8);
}
