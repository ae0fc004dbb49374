/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_time.h — when a report says it was made (report_time.c): now, or $SOURCE_DATE_EPOCH
** for reproducible output; a report from a snapshot, when the snapshot was taken. The command
** line and the site use the same, so a snapshot's report is the same bytes from either.
*/
#ifndef SHINCHOKU_REPORT_TIME_H
#define SHINCHOKU_REPORT_TIME_H

#include <stddef.h>
#include <time.h>

/* Now or $SOURCE_DATE_EPOCH, as seconds since the epoch, written as local time into buf. */
time_t report_generated_at(char *buf, size_t len);
/* The time a snapshot was taken (ISO 8601 UTC), unless $SOURCE_DATE_EPOCH says otherwise or
   iso is not such a time (then as report_generated_at). */
time_t report_snapshot_time(const char *iso, char *buf, size_t len);

#endif
