/* SPDX-License-Identifier: Apache-2.0 */
/*
** source.h — where server.c reads a request's values from (source.c): a Source over the live
** connection, over a Snapshot copied before the request left its HTTP worker (a sign-in on the
** slow lane), or over a WebRequest's pairs (web_respond); and the accessors behind req_arg,
** req_cookie and req_header.
*/
#ifndef SHINCHOKU_WEB_SOURCE_H
#define SHINCHOKU_WEB_SOURCE_H

#include "web.h"
#include <microhttpd.h>

/* Where a request's query arguments, cookies and headers are read from: the live connection
   (on an HTTP worker), or a copy taken before the request went to the slow lane. */
typedef struct Source {
  const char *(*value)(const void *ctx, enum MHD_ValueKind kind, const char *name);
  int (*each)(const void *ctx, enum MHD_ValueKind kind, MHD_KeyValueIterator it, void *cls);
  const void *ctx;
  int *personal; /* set when a page read a cookie or a header: its answer is not cached */
} Source;

/* A Source's value and each over a struct MHD_Connection. */
const char *source_conn_value(const void *ctx, enum MHD_ValueKind kind, const char *name);
int source_conn_each(const void *ctx, enum MHD_ValueKind kind, MHD_KeyValueIterator it, void *cls);

/* A copy of every header, cookie and query argument of one request. */
typedef struct Snapshot {
  enum MHD_ValueKind *kinds;
  char **keys, **values;
  int n, cap;
} Snapshot;
/* Copy c's values into sn (what it held before is freed). */
void snapshot_take(Snapshot *sn, struct MHD_Connection *c);
void snapshot_free(Snapshot *sn);
/* A Source's value and each over a Snapshot. */
const char *snapshot_value(const void *ctx, enum MHD_ValueKind kind, const char *name);
int snapshot_each(const void *ctx, enum MHD_ValueKind kind, MHD_KeyValueIterator it, void *cls);

/* A Source's value and each over a WebRequest (names compare case-insensitively). */
const char *source_request_value(const void *ctx, enum MHD_ValueKind kind, const char *name);
int source_request_each(const void *ctx, enum MHD_ValueKind kind, MHD_KeyValueIterator it,
                        void *cls);

/* Req's accessors; ctx is the Source. A cookie or header that is not UTF-8 is absent, and
   reading one marks the answer personal (not cached). */
const char *source_arg(const void *ctx, const char *name);
const char *source_cookie(const void *ctx, const char *name);
const char *source_header(const void *ctx, const char *name);

#endif
