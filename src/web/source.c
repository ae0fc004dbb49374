/* SPDX-License-Identifier: Apache-2.0 */
/*
** source.c — where a request's query arguments, cookies and headers are read from
** (source.h): the live connection on an HTTP worker, a snapshot taken before a sign-in went
** to the slow lane, or a WebRequest's pairs (web_respond); and the accessors a page's Req
** calls, which treat a cookie or header that is not UTF-8 as absent.
*/
#include "../model/text.h"
#include "source.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *source_conn_value(const void *ctx, enum MHD_ValueKind kind, const char *name) {
  return MHD_lookup_connection_value((struct MHD_Connection *)ctx, kind, name);
}

int source_conn_each(const void *ctx, enum MHD_ValueKind kind, MHD_KeyValueIterator it, void *cls) {
  return MHD_get_connection_values((struct MHD_Connection *)ctx, kind, it, cls);
}

static enum MHD_Result snap_one(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value) {
  Snapshot *sn = cls;
  if (sn->n == sn->cap) {
    sn->cap = sn->cap ? 2 * sn->cap : 16;
    sn->kinds = xrealloc(sn->kinds, (size_t)sn->cap * sizeof *sn->kinds);
    sn->keys = xrealloc(sn->keys, (size_t)sn->cap * sizeof *sn->keys);
    sn->values = xrealloc(sn->values, (size_t)sn->cap * sizeof *sn->values);
  }
  sn->kinds[sn->n] = kind;
  sn->keys[sn->n] = xstrdup(key);
  sn->values[sn->n] = value ? xstrdup(value) : NULL;
  sn->n++;
  return MHD_YES;
}

void snapshot_free(Snapshot *sn) {
  for (int i = 0; i < sn->n; i++) {
    free(sn->keys[i]);
    free(sn->values[i]);
  }
  free(sn->kinds);
  free(sn->keys);
  free(sn->values);
  memset(sn, 0, sizeof *sn);
}

const char *snapshot_value(const void *ctx, enum MHD_ValueKind kind, const char *name) {
  const Snapshot *sn = ctx;
  for (int i = 0; i < sn->n; i++)
    if (sn->kinds[i] == kind && (kind == MHD_HEADER_KIND ? strcasecmp(sn->keys[i], name) == 0
                                                         : strcmp(sn->keys[i], name) == 0))
      return sn->values[i];
  return NULL;
}

int snapshot_each(const void *ctx, enum MHD_ValueKind kind, MHD_KeyValueIterator it, void *cls) {
  const Snapshot *sn = ctx;
  int n = 0;
  for (int i = 0; i < sn->n; i++)
    if (sn->kinds[i] & kind) {
      n++;
      if (it && it(cls, sn->kinds[i], sn->keys[i], sn->values[i]) != MHD_YES) break;
    }
  return n;
}

const char *source_arg(const void *ctx, const char *name) {
  const Source *src = ctx;
  return src->value(src->ctx, MHD_GET_ARGUMENT_KIND, name);
}

/* A header or cookie value that is not UTF-8 is treated as absent: no page can use it, and
   it must not reach HTML, JSON or the store. */
static const char *utf8_or_null(const char *v) {
  return v && text_is_utf8(v, strlen(v)) ? v : NULL;
}

const char *source_cookie(const void *ctx, const char *name) {
  const Source *src = ctx;
  if (src->personal) *src->personal = 1;
  return utf8_or_null(src->value(src->ctx, MHD_COOKIE_KIND, name));
}

const char *source_header(const void *ctx, const char *name) {
  const Source *src = ctx;
  if (src->personal) *src->personal = 1;
  return utf8_or_null(src->value(src->ctx, MHD_HEADER_KIND, name));
}

void snapshot_take(Snapshot *sn, struct MHD_Connection *c) {
  snapshot_free(sn);
  MHD_get_connection_values(c, MHD_HEADER_KIND | MHD_COOKIE_KIND | MHD_GET_ARGUMENT_KIND, snap_one,
                            sn);
}

static const WebPair *wr_pairs(const WebRequest *w, enum MHD_ValueKind kind, int *n) {
  *n = kind == MHD_GET_ARGUMENT_KIND ? w->nargs
       : kind == MHD_COOKIE_KIND     ? w->ncookies
                                     : w->nheaders;
  return kind == MHD_GET_ARGUMENT_KIND ? w->args
         : kind == MHD_COOKIE_KIND     ? w->cookies
                                       : w->headers;
}

/* A Source over a WebRequest's pairs: names compare case-insensitively, as libmicrohttpd's
   own look-up compares them. */
const char *source_request_value(const void *ctx, enum MHD_ValueKind kind, const char *name) {
  int n;
  const WebPair *v = wr_pairs(ctx, kind, &n);
  for (int i = 0; i < n; i++)
    if (strcasecmp(v[i].name, name) == 0) return v[i].value;
  return NULL;
}

int source_request_each(const void *ctx, enum MHD_ValueKind kind, MHD_KeyValueIterator it,
                        void *cls) {
  static const enum MHD_ValueKind kinds[] = {MHD_HEADER_KIND, MHD_COOKIE_KIND,
                                             MHD_GET_ARGUMENT_KIND};
  int count = 0;
  for (int k = 0; k < 3; k++) {
    if (!(kind & kinds[k])) continue;
    int n;
    const WebPair *v = wr_pairs(ctx, kinds[k], &n);
    for (int i = 0; i < n; i++, count++)
      if (it && it(cls, kinds[k], v[i].name, v[i].value) != MHD_YES) return count + 1;
  }
  return count;
}
