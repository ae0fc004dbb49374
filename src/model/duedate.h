/* SPDX-License-Identifier: Apache-2.0 */
/*
** duedate.h — due dates of the entry round: today in Japan (JST, where the city is), the days
** from today to a due date, and how staff pages and mail say it (「あと3日」).
*/
#ifndef SHINCHOKU_DUEDATE_H
#define SHINCHOKU_DUEDATE_H

#include <stddef.h>

/* Today's date in JST as "YYYY-MM-DD" (buf >= 11 bytes). */
char *today_jst(char *buf);
/* Days from "YYYY-MM-DD" from to "YYYY-MM-DD" to (negative when to is earlier). 0 and *days
   set, or -1 when either is not such a date. */
int days_between(const char *from, const char *to, long *days);
/* 「あと3日」, 「今日が期限」 or 「期限を2日過ぎています」. */
char *days_left_words(long days, char *buf, size_t len);
/* "2025-05-31" as 「2025年5月31日」 (buf >= 32 bytes); the text itself when not a date. */
char *due_words(const char *iso, char *buf, size_t len);

#endif
