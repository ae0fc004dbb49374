/* SPDX-License-Identifier: Apache-2.0 */
/*
** schedule.h — checklist items with month deadlines (004: 「（～10月）」, 「（6～8月）」,
** 「（通年）」) evaluated as of a date: done, due (the period has begun and its deadline has
** not passed), overdue, or planned (not begun). A month names the fiscal year's month:
** April–December in the item's year, January–March in the next calendar year.
*/
#ifndef SHINCHOKU_SCHEDULE_H
#define SHINCHOKU_SCHEDULE_H

#include "../model/plan.h"

enum item_state { IS_NONE, IS_PLANNED, IS_DUE, IS_OVERDUE, IS_DONE };
extern const char *const item_state_names[5]; /* none planned due overdue done */
extern const char *const item_state_words[5]; /* 期限なし 予定 実施期間中 期限超過 完了 */

/* The period of an item as dates YYYYMMDD: from the first day of its start month (or the
   fiscal year's start) to the last day of its deadline month. 0 when it has none (no year,
   no month, 未定). */
int item_period(const Item *it, int *start, int *end);
/* The state of an item as of a date YYYYMMDD. */
int item_state(const Item *it, int as_of);
/* Today in Japan (UTC+9) as YYYYMMDD. */
int schedule_today_jst(void);
/* The date in Japan (UTC+9) of an instant (seconds since the epoch) as YYYYMMDD. */
int schedule_date_jst(long long t);
/* 20241031 → "2024-10-31" into buf (>= 16 bytes); "" for 0. */
char *schedule_iso(int ymd, char *buf);
/* "2024-03-31" (any form date_parse reads) → 20240331; 0 when not a date. */
int schedule_date(const char *text);

#endif
