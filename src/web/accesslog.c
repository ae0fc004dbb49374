/* SPDX-License-Identifier: Apache-2.0 */
/*
** accesslog.c — formatting the access log: the combined log format, or JSON lines through
** jansson. Prefixed for the journal (<6>, informational) when stderr is the journal.
*/
#include "accesslog.h"
#include "../model/journal.h"
#include "../model/text.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { FIELD_MAX = 2048 };

/* s as a quoted-field body: '"' and '\' escaped, control bytes and DEL as \xHH (as Apache
   does); cut at a whole character. */
static void quoted(char *dst, size_t cap, const char *s) {
  size_t k = 0;
  for (; s && *s && k + 5 < cap; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      dst[k++] = '\\', dst[k++] = (char)c;
    else if (c < 0x20 || c == 0x7f)
      k += (size_t)snprintf(dst + k, cap - k, "\\x%02x", c);
    else
      dst[k++] = (char)c;
  }
  if (s && *s) k = text_utf8_cut(dst, k);
  dst[k] = 0;
}

/* path?query, cut to fit, with bytes that are not UTF-8 replaced (for JSON). */
static void target(char *dst, size_t cap, const AccessEntry *e) {
  snprintf(dst, cap, "%s%s%s", e->path, e->query && *e->query ? "?" : "", e->query ? e->query : "");
  size_t n = strlen(dst);
  if (n == cap - 1) n = text_utf8_cut(dst, n);
  dst[n] = 0;
  text_utf8_scrub(dst, n);
}

static void write_combined(FILE *out, const AccessEntry *e) {
  char when[40], req[FIELD_MAX], qreq[FIELD_MAX * 2], ref[FIELD_MAX], ua[FIELD_MAX];
  struct tm tm;
  strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S %z", localtime_r(&e->when, &tm));
  target(req, sizeof req, e);
  quoted(qreq, sizeof qreq, req);
  quoted(ref, sizeof ref, e->referer ? e->referer : "-");
  quoted(ua, sizeof ua, e->agent ? e->agent : "-");
  char bytes[24] = "-";
  if (e->bytes) snprintf(bytes, sizeof bytes, "%zu", e->bytes);
  char method[32], version[32];
  quoted(method, sizeof method, e->method);
  quoted(version, sizeof version, e->version);
  fprintf(out, "%s%s - - [%s] \"%s %s %s\" %d %s \"%s\" \"%s\"\n", journal_prefix(LOG_INFO),
          e->addr, when, method, qreq, version, e->status, bytes, ref, ua);
}

/* A string for JSON: valid UTF-8 (jansson refuses anything else), or null. */
static json_t *jstr(const char *s) {
  if (!s) return json_null();
  char buf[FIELD_MAX];
  size_t n = strlen(s);
  if (n >= sizeof buf) n = text_utf8_cut(s, sizeof buf - 1);
  memcpy(buf, s, n);
  buf[n] = 0;
  text_utf8_scrub(buf, n);
  return json_string(buf);
}

static void write_json(FILE *out, const AccessEntry *e) {
  char when[32], req[FIELD_MAX];
  struct tm tm;
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&e->when, &tm));
  target(req, sizeof req, e);
  json_t *o = json_object();
  json_object_set_new(o, "time", json_string(when));
  json_object_set_new(o, "remote_addr", jstr(e->addr));
  json_object_set_new(o, "method", jstr(e->method));
  json_object_set_new(o, "path", jstr(e->path));
  json_object_set_new(o, "query", jstr(e->query && *e->query ? e->query : NULL));
  json_object_set_new(o, "request", jstr(req));
  json_object_set_new(o, "protocol", jstr(e->version));
  json_object_set_new(o, "status", json_integer(e->status));
  json_object_set_new(o, "bytes", json_integer((json_int_t)e->bytes));
  json_object_set_new(o, "referer", jstr(e->referer));
  json_object_set_new(o, "user_agent", jstr(e->agent));
  json_object_set_new(o, "duration_ms", json_real((double)(long long)(e->ms * 10) / 10));
  char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  if (line) fprintf(out, "%s%s\n", journal_prefix(LOG_INFO), line);
  free(line);
  json_decref(o);
}

void access_log_write(FILE *out, const AccessEntry *e, int json) {
  flockfile(out);
  if (json)
    write_json(out, e);
  else
    write_combined(out, e);
  funlockfile(out);
}
