/* SPDX-License-Identifier: Apache-2.0 */
/*
** term.c — text from data (plan and node names, audit rows, import messages) on its way to
** a terminal. A name imported from a file may hold ESC (a terminal escape sequence that can
** recolour, retitle or rewrite the screen), CR or LF (a forged line) or other controls, C1
** controls and bidirectional overrides; they are shown escaped ("\x1b", "\r", "\u202e"),
** never sent raw. Everything else, Japanese text included, passes unchanged.
*/
#include "cli.h"
#include "../model/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of the UTF-8 character at s when it is one to escape (C1 controls U+0080–U+009F,
   bidirectional embeddings and isolates U+202A–U+202E, U+2066–U+2069), else 0; *cp its
   code point. */
static int escaped_char(const unsigned char *s, unsigned *cp) {
  if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) {
    *cp = s[1];
    return 2;
  }
  if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE) {
    *cp = 0x2000u + (s[2] - 0x80u);
    return 3;
  }
  if (s[0] == 0xE2 && s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9) {
    *cp = 0x2040u + (s[2] - 0x80u);
    return 3;
  }
  return 0;
}

/* Append s to b with controls escaped; '\n' kept when keep_newlines. */
static void escape_into(Buf *b, const char *s, int keep_newlines) {
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    unsigned cp = 0;
    int n = escaped_char(p, &cp);
    if (n) {
      buf_printf(b, "\\u%04x", cp);
      p += n;
    } else if (*p == '\n' && keep_newlines) {
      buf_put(b, "\n");
      p++;
    } else if (*p < 0x20 || *p == 0x7f) {
      buf_printf(b, *p == '\n' ? "\\n" : *p == '\r' ? "\\r" : *p == '\t' ? "\\t" : "\\x%02x", *p);
      p++;
    } else {
      buf_putn(b, (const char *)p, 1);
      p++;
    }
  }
}

const char *tx(const char *s) {
  enum { RING = 16 };
  static char *ring[RING];
  static int next;
  if (!s) return NULL;
  Buf b = {0};
  buf_put(&b, "");
  escape_into(&b, s, 0);
  free(ring[next]);
  ring[next] = buf_detach(&b);
  const char *out = ring[next];
  next = (next + 1) % RING;
  return out;
}

void term_puts(const char *text, FILE *out) {
  if (!text) return;
  Buf b = {0};
  buf_put(&b, "");
  escape_into(&b, text, 1);
  fputs(b.s, out);
  buf_free(&b);
}

void term_errors(const Errors *e, FILE *out) {
  for (int i = 0; i < e->count; i++)
    fprintf(out, "%s\n", tx(e->msgs[i]));
}
