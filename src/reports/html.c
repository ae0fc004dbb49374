/* SPDX-License-Identifier: Apache-2.0 */
/*
** html.c — writing HTML safely, for the website and the committee reports alike: escaping
** text and URL parts, and a tiny printf whose string arguments are always escaped.
*/
#include "html.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void html_esc(Buf *b, const char *s) {
  if (!s) return;
  const char *run = s;
  for (; *s; s++) {
    const char *rep = NULL;
    switch (*s) {
    case '&':
      rep = "&amp;";
      break;
    case '<':
      rep = "&lt;";
      break;
    case '>':
      rep = "&gt;";
      break;
    case '"':
      rep = "&quot;";
      break;
    case '\'':
      rep = "&#39;";
      break;
    default:
      continue;
    }
    buf_putn(b, run, (size_t)(s - run));
    buf_put(b, rep);
    run = s + 1;
  }
  buf_putn(b, run, (size_t)(s - run));
}

void url_esc(Buf *b, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  if (!s) return;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
        *p == '-' || *p == '_' || *p == '.' || *p == '~') {
      buf_putc(b, (char)*p);
    } else {
      char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
      buf_putn(b, e, 3);
    }
  }
}

void html_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const char *run = fmt;
  for (const char *f = fmt; *f; f++) {
    if (*f != '%') continue;
    buf_putn(b, run, (size_t)(f - run));
    switch (*++f) {
    case 's':
      html_esc(b, va_arg(ap, const char *));
      break;
    case 'u':
      url_esc(b, va_arg(ap, const char *));
      break;
    case 'r': {
      const char *raw = va_arg(ap, const char *);
      if (raw) buf_put(b, raw);
      break;
    }
    case 'd':
      buf_printf(b, "%d", va_arg(ap, int));
      break;
    case '%':
      buf_putc(b, '%');
      break;
    default:
      abort(); /* a programming error: no other conversions exist */
    }
    run = f + 1;
  }
  buf_put(b, run);
  va_end(ap);
}
