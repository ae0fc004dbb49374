/* SPDX-License-Identifier: Apache-2.0 */
/*
** encoding.c — CSV bytes to UTF-8 (see encoding.h). Conversion from CP932 uses glibc's
** iconv; detection is "valid UTF-8 first", because CP932 text is almost never valid UTF-8
** while UTF-8 Japanese text is rarely valid CP932 as a whole.
*/
#include "encoding.h"
#include "../model/text.h"
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *encoding_name(const char *name) {
  static const char *const cp932[] = {"cp932",       "shift_jis", "shift-jis", "sjis",
                                      "windows-31j", "ms932",     NULL};
  if (!name || strcasecmp(name, "auto") == 0) return "auto";
  if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0) return "utf-8";
  for (int i = 0; cp932[i]; i++)
    if (strcasecmp(name, cp932[i]) == 0) return "cp932";
  return NULL;
}

/* Convert between encodings with iconv. Returns the text (NUL-terminated), or NULL with *bad
   at the first byte that has no form in the other encoding. */
static char *convert(const char *to, const char *from, const char *s, size_t len, size_t *outlen,
                     size_t *bad) {
  iconv_t cd = iconv_open(to, from);
  if (cd == (iconv_t)-1) {
    *bad = 0;
    return NULL;
  }
  size_t cap = len * 3 / 2 + 16;
  char *out = xmalloc(cap + 1), *in = (char *)s, *op = out;
  size_t inleft = len, outleft = cap;
  while (inleft > 0) {
    if (iconv(cd, &in, &inleft, &op, &outleft) != (size_t)-1) break;
    if (errno == E2BIG) { /* grow and go on */
      size_t used = (size_t)(op - out);
      cap *= 2;
      out = xrealloc(out, cap + 1);
      op = out + used;
      outleft = cap - used;
      continue;
    }
    *bad = (size_t)(in - s);
    iconv_close(cd);
    free(out);
    return NULL;
  }
  iconv_close(cd);
  *outlen = (size_t)(op - out);
  out[*outlen] = '\0';
  return out;
}

/* From CP932 to UTF-8. */
static char *from_cp932(const char *s, size_t len, size_t *outlen, size_t *bad) {
  return convert("UTF-8", "CP932", s, len, outlen, bad);
}

char *encoding_utf8_to_cp932(const char *s, size_t len, size_t *outlen, size_t *bad) {
  return convert("CP932", "UTF-8", s, len, outlen, bad);
}

static int line_of(const char *s, size_t off) {
  int line = 1;
  for (size_t i = 0; i < off; i++)
    if (s[i] == '\n') line++;
  return line;
}

int encoding_to_utf8(const char *file, const char *encoding, char **data, size_t *len,
                     const char **used, Errors *errs) {
  const char *enc = encoding_name(encoding);
  char *s = *data;
  size_t n = *len;
  if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) { /* a UTF-8 byte-order mark */
    memmove(s, s + 3, n - 3 + 1);
    n -= 3;
    if (strcmp(enc, "auto") == 0) enc = "utf-8";
  }
  *len = n;
  size_t bad_utf8 = strcmp(enc, "cp932") == 0 ? 0 : text_utf8_prefix(s, n);
  if (strcmp(enc, "cp932") != 0 && bad_utf8 == n) {
    *used = "utf-8";
    return 0;
  }
  if (strcmp(enc, "utf-8") == 0) {
    errors_add(errs, "%s:%d: byte %zu: the file is not UTF-8 (save it as UTF-8 CSV)", file,
               line_of(s, bad_utf8), bad_utf8 + 1);
    return -1;
  }
  size_t outlen = 0, bad_sjis = 0;
  char *out = from_cp932(s, n, &outlen, &bad_sjis);
  if (out) {
    free(s);
    *data = out;
    *len = outlen;
    *used = "cp932";
    return 0;
  }
  if (strcmp(enc, "cp932") == 0)
    errors_add(errs, "%s:%d: byte %zu: the file is not Shift_JIS (CP932)", file,
               line_of(s, bad_sjis), bad_sjis + 1);
  else { /* name the place where the likelier encoding broke down: the one read further */
    size_t at = bad_sjis > bad_utf8 ? bad_sjis : bad_utf8;
    errors_add(errs,
               "%s:%d: byte %zu: the file is neither UTF-8 nor Shift_JIS (CP932) (save it as "
               "UTF-8 CSV)",
               file, line_of(s, at), at + 1);
  }
  return -1;
}
