/* SPDX-License-Identifier: Apache-2.0 */
/*
** gate.c — what server.c refuses from a request's headers alone (gate.h): framing two parsers
** could read differently, methods other than GET, HEAD, OPTIONS and (for staff pages) POST,
** POSTs from another site's pages, bodies of a type or size no page takes, and bodies on
** requests that carry none.
*/
#include "gate.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* 1 when url (an Origin, or a Referer) is this site: scheme://HOST followed by nothing
   (prefix_only 0) or by a path (prefix_only 1). HOST is the request's Host header; the scheme
   is https when the cookies are marked Secure (served through a TLS proxy), else http. */
static int same_origin(const char *url, const char *host, int https, int prefix_only) {
  const char *scheme = https ? "https://" : "http://";
  size_t sl = strlen(scheme), hl = host ? strlen(host) : 0;
  if (!host || !hl || strncasecmp(url, scheme, sl) != 0 || strncasecmp(url + sl, host, hl) != 0)
    return 0;
  char next = url[sl + hl];
  return prefix_only ? next == '/' || next == 0 : next == 0;
}

/* A POST from a page of another site (cross-site request forgery through a browser): an
   Origin, or failing that a Referer, that names another origin. Neither sent: allowed (the
   CSRF token and SameSite=Strict still apply). */
static int cross_origin(const Source *src, const WebConf *conf) {
  const char *host = src->value(src->ctx, MHD_HEADER_KIND, "Host");
  const char *origin = src->value(src->ctx, MHD_HEADER_KIND, "Origin");
  const char *referer = src->value(src->ctx, MHD_HEADER_KIND, "Referer");
  int https = conf && conf->secure_cookies;
  if (origin) return !same_origin(origin, host, https, 0);
  if (referer) return !same_origin(referer, host, https, 1);
  return 0;
}

/* 1 when the Content-Type header is type, alone or with parameters ("; charset=..."). */
static int type_is(const char *header, const char *type) {
  size_t n = strlen(type);
  return header && strncasecmp(header, type, n) == 0 && (!header[n] || header[n] == ';');
}

/* A POST is a form sent to a staff page from one of this site's pages: urlencoded, at most
   GATE_MAX_FORM_BYTES, or to the upload page multipart/form-data, at most
   GATE_MAX_UPLOAD_BYTES. */
static int refuse_post(const Source *src, const char *path, const WebConf *conf, BodyKind *kind,
                       Resp *out) {
  if (strncmp(path, "/staff/", 7) != 0) {
    page_error(out, 405, "このページは読み取り専用です（GET のみ）");
    return 1;
  }
  if (cross_origin(src, conf)) {
    page_error(out, 403, "ほかのサイトから送信されたフォームは受け付けません");
    return 1;
  }
  const char *type = src->value(src->ctx, MHD_HEADER_KIND, "Content-Type");
  int upload = strncmp(path, "/staff/upload/", 14) == 0;
  if (type_is(type, "application/x-www-form-urlencoded")) {
    *kind = BODY_FORM;
  } else if (upload && type_is(type, "multipart/form-data")) {
    *kind = BODY_MULTIPART;
  } else {
    page_error(out, 415, "フォームの送信形式が正しくありません");
    return 1;
  }
  long long limit = *kind == BODY_MULTIPART ? GATE_MAX_UPLOAD_BYTES : GATE_MAX_FORM_BYTES;
  const char *len = src->value(src->ctx, MHD_HEADER_KIND, "Content-Length");
  if (len && strtoll(len, NULL, 10) > limit) {
    page_error(out, 413, "送信された内容が大きすぎます");
    return 1;
  }
  return 0;
}

/* What the headers say about how the request is framed, counted over every header line:
   a request that two parsers could read differently (request smuggling) is refused. */
typedef struct Framing {
  int content_length, transfer_encoding, host, bad_name, bad_coding;
} Framing;

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value) {
  (void)kind;
  Framing *f = cls;
  for (const char *p = key; *p; p++)
    if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == ':') f->bad_name = 1;
  if (strcasecmp(key, "Content-Length") == 0) {
    f->content_length++;
    if (!value || !*value || value[strspn(value, "0123456789")]) f->bad_coding = 1;
  } else if (strcasecmp(key, "Transfer-Encoding") == 0) {
    f->transfer_encoding++;
    if (!value || strcasecmp(value, "chunked") != 0) f->bad_coding = 1;
  } else if (strcasecmp(key, "Host") == 0) {
    f->host++;
  }
  return MHD_YES;
}

/* 1 when the request's framing is ambiguous: Content-Length twice, or with Transfer-Encoding,
   a coding other than chunked, a header name with white space or control bytes ("Host :"),
   and for HTTP/1.1 anything but exactly one Host. */
static int ambiguous_framing(const Source *src, const char *version) {
  Framing f = {0};
  src->each(src->ctx, MHD_HEADER_KIND, scan_header, &f);
  int http11 = version && strcmp(version, MHD_HTTP_VERSION_1_1) == 0;
  return f.bad_name || f.bad_coding || f.content_length > 1 || f.transfer_encoding > 1 ||
         (f.content_length && f.transfer_encoding) || f.host > 1 || (http11 && f.host != 1);
}

/* Requests refused from their headers alone: ambiguous framing, other methods than GET,
   HEAD, OPTIONS and (for the staff pages) POST, and bodies where none belongs. Returns 1 with
   out filled when refused. */
int gate_refuse(const Source *src, const char *path, const WebConf *conf, const char *method,
                const char *version, BodyKind *kind, Resp *out) {
  memset(out, 0, sizeof *out);
  *kind = BODY_NONE;
  if (ambiguous_framing(src, version)) {
    page_error(out, 400, "リクエストの形式が正しくありません");
    return 1;
  }
  if (strcmp(method, "POST") == 0) return refuse_post(src, path, conf, kind, out);
  if (strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS")) {
    page_error(out, 405, "このサイトは読み取り専用です（GET のみ）");
    return 1;
  }
  const char *len = src->value(src->ctx, MHD_HEADER_KIND, "Content-Length");
  if ((len && strcmp(len, "0") != 0) ||
      src->value(src->ctx, MHD_HEADER_KIND, "Transfer-Encoding")) {
    page_error(out, 413, "リクエストに本文は付けられません");
    return 1;
  }
  return 0;
}
