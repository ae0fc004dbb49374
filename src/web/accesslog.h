/* SPDX-License-Identifier: Apache-2.0 */
/*
** accesslog.h — one line per request on stderr: the combined log format that web log tools
** read (Apache's "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\""), or one JSON
** object per line (serve --log-format json).
*/
#ifndef SHINCHOKU_ACCESSLOG_H
#define SHINCHOKU_ACCESSLOG_H

#include <stdio.h>
#include <time.h>

typedef struct AccessEntry {
  const char *addr;            /* the client, numeric */
  const char *method;          /* GET */
  const char *path;            /* as sent, without the query */
  const char *query;           /* as sent, without '?'; "" when none */
  const char *version;         /* HTTP/1.1 */
  const char *referer, *agent; /* NULL when not sent */
  int status;
  size_t bytes;
  double ms; /* time taken */
  time_t when;
} AccessEntry;

/* Write e as one line to out (combined, or JSON when json). Request text is escaped so that no
   request can forge or break a log line. */
void access_log_write(FILE *out, const AccessEntry *e, int json);

#endif
