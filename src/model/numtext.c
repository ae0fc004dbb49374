/* SPDX-License-Identifier: Apache-2.0 */
/*
** numtext.c — numbers as Japanese documents print them (see numtext.h): grouping by three
** with ",", a unit after the number, 「%」 on rates.
*/
#include "numtext.h"
#include <stdio.h>
#include <string.h>

char *num_grouped(dec_t d, int digits, char *buf) {
  if (dec_is_none(d)) return strcpy(buf, "－");
  char plain[DEC_MAX_TEXT];
  dec_format(d, digits, plain);
  const char *p = plain, *dot = strchr(plain, '.');
  char *o = buf;
  if (*p == '-') *o++ = *p++;
  size_t intlen = dot ? (size_t)(dot - p) : strlen(p);
  for (size_t i = 0; i < intlen; i++) {
    if (i && (intlen - i) % 3 == 0) *o++ = ',';
    *o++ = p[i];
  }
  strcpy(o, p + intlen); /* the decimals, if any */
  return buf;
}

char *num_with_unit(dec_t d, int digits, const char *unit, char *buf, size_t len) {
  char g[NUMTEXT_MAX];
  num_grouped(d, digits, g);
  snprintf(buf, len, "%s%s", g, dec_is_none(d) || !unit ? "" : unit);
  return buf;
}

char *num_percent(dec_t d, int digits, char *buf, size_t len) {
  return num_with_unit(d, digits, "%", buf, len);
}
