/* SPDX-License-Identifier: Apache-2.0 */
/*
** mail.c — one mail through the city's SMTP relay (see mail.h), written with libcurl's SMTP
** client: UTF-8 text, the subject as an RFC 2047 encoded word and the body in base64, so that
** no relay on the way has to carry 8-bit text; addresses are checked before they reach a
** header, so nothing typed can add one.
*/
#include "mail.h"
#include "../model/util.h"
#include <curl/curl.h>
#include <nettle/base64.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

int mail_address_ok(const char *s) {
  if (!s || !*s || strlen(s) > 254) return 0;
  const char *at = strchr(s, '@');
  if (!at || at == s || !at[1] || strchr(at + 1, '@')) return 0;
  for (const char *p = s; *p; p++)
    if (*p <= ' ' || *p >= 127 || strchr("<>,;\"()[]\\", *p)) return 0;
  return 1;
}

/* base64 of len bytes of src, in lines of 76 characters (with CR LF) when wrap. */
static void put_base64(Buf *b, const char *src, size_t len, int wrap) {
  for (size_t at = 0; at < len; at += 57) {
    size_t n = len - at < 57 ? len - at : 57;
    char line[BASE64_ENCODE_RAW_LENGTH(57) + 1];
    base64_encode_raw(line, n, (const uint8_t *)src + at);
    line[BASE64_ENCODE_RAW_LENGTH(n)] = '\0';
    buf_put(b, line);
    if (wrap) buf_put(b, "\r\n");
  }
}

char *mail_message(const Mail *m) {
  Buf b = {0};
  char date[64], id[17];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  unsigned char rnd[8] = {0};
  if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) memset(rnd, 0, sizeof rnd);
  for (int i = 0; i < 8; i++)
    snprintf(id + 2 * i, 3, "%02x", rnd[i]);
  const char *domain = strchr(m->from, '@');
  buf_printf(&b, "Date: %s\r\nFrom: <%s>\r\nTo: ", date, m->from);
  for (int i = 0; m->to[i]; i++)
    buf_printf(&b, "%s<%s>", i ? ", " : "", m->to[i]);
  buf_printf(&b, "\r\nMessage-ID: <%lld.%s%s>\r\nSubject: ", (long long)now, id,
             domain ? domain : "@shinchoku");
  /* an encoded word is at most 75 characters: 45 bytes of UTF-8 each, split at a character */
  const char *s = m->subject;
  size_t len = strlen(s);
  for (size_t at = 0; at < len;) {
    size_t n = len - at < 45 ? len - at : 45;
    while (at + n < len && ((unsigned char)s[at + n] & 0xC0) == 0x80)
      n--;
    buf_put(&b, at ? "\r\n =?UTF-8?B?" : "=?UTF-8?B?");
    put_base64(&b, s + at, n, 0);
    buf_put(&b, "?=");
    at += n;
  }
  buf_put(&b, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
              "Content-Transfer-Encoding: base64\r\n\r\n");
  /* the body with CR LF line ends */
  Buf text = {0};
  for (const char *p = m->body; *p; p++) {
    if (*p == '\n') buf_putc(&text, '\r');
    buf_putc(&text, *p);
  }
  put_base64(&b, text.s ? text.s : "", text.len, 1);
  buf_free(&text);
  return buf_detach(&b);
}

typedef struct Reader {
  const char *data;
  size_t left;
} Reader;

static size_t read_message(char *dst, size_t size, size_t n, void *user) {
  Reader *r = user;
  size_t take = size * n < r->left ? size * n : r->left;
  memcpy(dst, r->data, take);
  r->data += take;
  r->left -= take;
  return take;
}

int mail_send(const Mail *m, char *err, size_t errlen) {
  if (!m->relay || !*m->relay) {
    snprintf(err, errlen, "no SMTP relay configured ([mail] smtp_relay)");
    return -1;
  }
  if (!mail_address_ok(m->from)) {
    snprintf(err, errlen, "the sender's address is not valid ([mail] from)");
    return -1;
  }
  for (int i = 0; m->to[i]; i++)
    if (!mail_address_ok(m->to[i])) {
      snprintf(err, errlen, "not a mail address: '%s'", m->to[i]);
      return -1;
    }
  CURL *curl = curl_easy_init();
  if (!curl) {
    snprintf(err, errlen, "libcurl cannot start");
    return -1;
  }
  Buf url = {0}, from = {0};
  buf_printf(&url, "%s%s", strstr(m->relay, "://") ? "" : "smtp://", m->relay);
  buf_printf(&from, "<%s>", m->from);
  struct curl_slist *rcpt = NULL;
  for (int i = 0; m->to[i]; i++) {
    Buf one = {0};
    buf_printf(&one, "<%s>", m->to[i]);
    rcpt = curl_slist_append(rcpt, one.s);
    buf_free(&one);
  }
  char *msg = mail_message(m);
  Reader r = {msg, strlen(msg)};
  char cerr[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, url.s);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.s);
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(curl, CURLOPT_READDATA, &r);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, cerr);
  CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK)
    snprintf(err, errlen, "sending mail through %s: %s", m->relay,
             cerr[0] ? cerr : curl_easy_strerror(rc));
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  free(msg);
  buf_free(&url);
  buf_free(&from);
  return rc == CURLE_OK ? 0 : -1;
}
