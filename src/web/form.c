/* SPDX-License-Identifier: Apache-2.0 */
/*
** form.c — the body of a submitted HTML form (application/x-www-form-urlencoded) as decoded
** name/value pairs. libmicrohttpd's post processor would do this too, but it hands values
** over in pieces through callbacks; forms here are small and wanted whole, so a plain decoder
** over the collected body is simpler and easier to test.
*/
#include "../model/text.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>

static int hex_digit(char c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* Decode s[0..n) ('+' is a space, %XX a byte) into a new string; NULL for a bad escape, a NUL
   byte or text that is not UTF-8. */
static char *decode(const char *s, size_t n) {
  char *out = xmalloc(n + 1), *w = out;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '+') {
      *w++ = ' ';
    } else if (s[i] != '%') {
      *w++ = s[i];
    } else {
      int hi = i + 2 < n ? hex_digit(s[i + 1]) : -1;
      int lo = hi >= 0 ? hex_digit(s[i + 2]) : -1;
      if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
        free(out);
        return NULL;
      }
      *w++ = (char)(hi * 16 + lo);
      i += 2;
    }
  }
  *w = 0;
  if (memchr(out, 0, (size_t)(w - out)) || !text_is_utf8(out, (size_t)(w - out))) {
    free(out);
    return NULL;
  }
  return out;
}

void form_add(Form *f, char *name, char *value) {
  if (f->n == f->cap) {
    f->cap = f->cap ? f->cap * 2 : 16;
    f->names = xrealloc(f->names, (size_t)f->cap * sizeof *f->names);
    f->values = xrealloc(f->values, (size_t)f->cap * sizeof *f->values);
  }
  f->names[f->n] = name;
  f->values[f->n++] = value;
}

int form_parse(Form *f, const char *body, size_t len) {
  memset(f, 0, sizeof *f);
  size_t i = 0;
  while (i < len) {
    size_t end = i;
    while (end < len && body[end] != '&')
      end++;
    if (end > i) {
      const char *eq = memchr(body + i, '=', end - i);
      size_t nlen = eq ? (size_t)(eq - (body + i)) : end - i;
      char *name = decode(body + i, nlen);
      char *value = eq ? decode(eq + 1, (size_t)(body + end - (eq + 1))) : xcalloc(1, 1);
      if (!name || !value) {
        free(name);
        free(value);
        return -1;
      }
      form_add(f, name, value);
    }
    i = end + 1;
  }
  return 0;
}

void form_free(Form *f) {
  for (int i = 0; i < f->n; i++) {
    free(f->names[i]);
    free(f->values[i]);
  }
  free(f->names);
  free(f->values);
  memset(f, 0, sizeof *f);
}

const char *form_get(const Form *f, const char *name) {
  for (int i = 0; i < f->n; i++)
    if (strcmp(f->names[i], name) == 0) return f->values[i];
  return NULL;
}
