/* SPDX-License-Identifier: Apache-2.0 */
/*
** dec.c — exact decimal arithmetic on dec_t (signed millionths), as declared in dec.h.
** Products, quotients and means are computed in 128 bits and rounded once, half away from
** zero; anything that does not fit, or has a missing operand, is DEC_NONE.
*/
#include "dec.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef __int128 wide_t;

/* 10^k for k in 0..6. */
static const int64_t pow10_table[DEC_DIGITS + 1] = {1, 10, 100, 1000, 10000, 100000, 1000000};

/* n / d rounded half away from zero; d != 0. */
static wide_t div_round(wide_t n, wide_t d) {
  wide_t q = n / d;
  wide_t r = n % d;
  wide_t r2 = r < 0 ? -r : r;
  wide_t d2 = d < 0 ? -d : d;
  if (r2 >= d2 - r2) q += ((n < 0) == (d < 0)) ? 1 : -1;
  return q;
}

/* w as a dec_t, or DEC_NONE when it does not fit (INT64_MIN itself is DEC_NONE). */
static dec_t narrow(wide_t w) {
  if (w > INT64_MAX || w <= INT64_MIN) return DEC_NONE;
  return (dec_t)w;
}

dec_t dec_mul(dec_t a, dec_t b) {
  if (dec_is_none(a) || dec_is_none(b)) return DEC_NONE;
  return narrow(div_round((wide_t)a * b, DEC_SCALE));
}

dec_t dec_div(dec_t a, dec_t b) {
  if (dec_is_none(a) || dec_is_none(b) || b == 0) return DEC_NONE;
  return narrow(div_round((wide_t)a * DEC_SCALE, b));
}

/* num / den * 100 with a single rounding, so 27 / 23 gives 117.391304. */
dec_t dec_percent(dec_t num, dec_t den) {
  if (dec_is_none(num) || dec_is_none(den) || den == 0) return DEC_NONE;
  return narrow(div_round((wide_t)num * DEC_SCALE * 100, den));
}

/* DEC_NONE when n < 1 or any value is missing. */
dec_t dec_mean(const dec_t *v, int n) {
  if (!v || n < 1) return DEC_NONE;
  wide_t sum = 0;
  for (int i = 0; i < n; i++) {
    if (dec_is_none(v[i])) return DEC_NONE;
    sum += v[i];
  }
  return narrow(div_round(sum, n));
}

static int clamp_digits(int digits) {
  return digits < 0 ? 0 : digits > DEC_DIGITS ? DEC_DIGITS : digits;
}

/* digits outside 0..6 are taken as the nearest end. */
dec_t dec_round(dec_t d, int digits) {
  if (dec_is_none(d)) return DEC_NONE;
  int64_t unit = pow10_table[DEC_DIGITS - clamp_digits(digits)];
  return narrow(div_round(d, unit) * unit);
}

dec_t dec_round_mode(dec_t d, int digits, int mode) {
  if (dec_is_none(d) || mode == DEC_HALF_UP) return dec_round(d, digits);
  int64_t unit = pow10_table[DEC_DIGITS - clamp_digits(digits)];
  int64_t q = d / unit, r = d % unit; /* toward zero */
  if (mode == DEC_HALF_EVEN) {
    int64_t twice = 2 * (r < 0 ? -r : r);
    if (twice > unit || (twice == unit && q % 2 != 0)) q += d < 0 ? -1 : 1;
  }
  return q * unit;
}

/* Write the decimal digits of u, at least min_len of them, ending just before end; returns
   where they start. 64-bit on purpose: every magnitude here fits, and 128-bit division is a
   library call (the CSV of a national evaluation formats millions of these). */
static char *put_digits(char *end, uint64_t u, int min_len) {
  char *p = end;
  int len = 0;
  do {
    *--p = (char)('0' + (int)(u % 10));
    u /= 10;
    len++;
  } while (u > 0 || len < min_len);
  return p;
}

/* The magnitude of d (INT64_MIN is DEC_NONE and never formatted). */
static uint64_t magnitude(wide_t d) {
  return d < 0 ? (uint64_t)-d : (uint64_t)d;
}

/* Shortest exact form: no trailing zeros in the fraction, no point for whole numbers. */
static char *format_shortest(dec_t d, char *buf) {
  uint64_t mag = magnitude(d);
  uint64_t whole = mag / DEC_SCALE, frac = mag % DEC_SCALE;
  char tmp[DEC_MAX_TEXT + 8];
  char *end = tmp + sizeof tmp - 1;
  *end = '\0';
  char *p = end;
  if (frac) {
    int places = DEC_DIGITS;
    while (frac % 10 == 0) {
      frac /= 10;
      places--;
    }
    p = put_digits(end, frac, places);
    *--p = '.';
  }
  p = put_digits(p, whole, 1);
  if (d < 0) *--p = '-';
  memcpy(buf, p, (size_t)(end - p) + 1);
  return buf;
}

/* d / unit (unit > 0) rounded half away from zero, in 64 bits. */
static int64_t div_round64(int64_t d, int64_t unit) {
  int64_t q = d / unit, r = d % unit;
  if (2 * (r < 0 ? -r : r) >= unit) q += d < 0 ? -1 : 1;
  return q;
}

/* Exactly `digits` decimals after rounding half away from zero. */
static char *format_fixed(dec_t d, int digits, char *buf) {
  int64_t units = div_round64(d, pow10_table[DEC_DIGITS - digits]);
  uint64_t mag = magnitude(units);
  char tmp[DEC_MAX_TEXT + 8];
  char *end = tmp + sizeof tmp - 1;
  *end = '\0';
  uint64_t pow = (uint64_t)pow10_table[digits];
  char *p = end;
  if (digits > 0) {
    p = put_digits(end, mag % pow, digits);
    *--p = '.';
  }
  p = put_digits(p, mag / pow, 1);
  if (units < 0) *--p = '-';
  memcpy(buf, p, (size_t)(end - p) + 1);
  return buf;
}

/* DEC_NONE prints as "". */
char *dec_format(dec_t d, int digits, char *buf) {
  if (dec_is_none(d)) {
    buf[0] = '\0';
    return buf;
  }
  if (digits < 0) return format_shortest(d, buf);
  return format_fixed(d, digits > DEC_DIGITS ? DEC_DIGITS : digits, buf);
}

/* Read a run of ASCII digits; returns how many. */
static size_t digit_run(const char *s) {
  size_t n = 0;
  while (s[n] >= '0' && s[n] <= '9')
    n++;
  return n;
}

/* Accepts an optional sign, digits, and optionally '.' followed by digits. Fraction digits
   beyond the sixth are allowed only when they are zeros (the value is still exact). */
int dec_parse_plain(const char *s, dec_t *out) {
  if (!s) return -1;
  bool neg = false;
  if (*s == '+' || *s == '-') neg = *s++ == '-';
  size_t whole_len = digit_run(s);
  if (whole_len == 0) return -1;
  const char *frac = s + whole_len;
  size_t frac_len = 0;
  if (*frac == '.') {
    frac++;
    frac_len = digit_run(frac);
    if (frac_len == 0) return -1;
  }
  if (frac[frac_len] != '\0') return -1;
  for (size_t i = DEC_DIGITS; i < frac_len; i++)
    if (frac[i] != '0') return -2;
  wide_t v = 0;
  for (size_t i = 0; i < whole_len; i++) {
    v = v * 10 + (s[i] - '0');
    if (v > INT64_MAX) return -3;
  }
  for (size_t i = 0; i < DEC_DIGITS; i++)
    v = v * 10 + (i < frac_len ? frac[i] - '0' : 0);
  if (v > INT64_MAX) return -3;
  *out = neg ? -(dec_t)v : (dec_t)v;
  return 0;
}

/* DEC_NONE gives NaN. Below 2^53 millionths the result is the double nearest the value. */
double dec_to_double(dec_t d) {
  if (dec_is_none(d)) return NAN;
  return (double)d / (double)DEC_SCALE;
}
