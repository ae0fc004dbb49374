/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_time.c — the time a report states it was made (report_time.h).
*/
#include "report_time.h"
#include <stdlib.h>
#include <string.h>

time_t report_generated_at(char *buf, size_t len) {
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  time_t t = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
  return t;
}

time_t report_snapshot_time(const char *iso, char *buf, size_t len) {
  struct tm tm = {0};
  if (getenv("SOURCE_DATE_EPOCH") || !iso || !strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm))
    return report_generated_at(buf, len);
  time_t t = timegm(&tm);
  localtime_r(&t, &tm);
  strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
  return t;
}
