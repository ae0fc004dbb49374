/* SPDX-License-Identifier: Apache-2.0 */
/*
** chart_axis.c — the value axis of a chart: round ticks (steps of 1, 2 or 5 times a power of
** ten) from 0, or from the data's floor when it is negative, to the first tick at or above
** the largest value, computed in exact decimals (dec_t), so that the same data always gets
** the same axis; the ticks' labels as Japanese documents print numbers (80,000件, 50%); and
** how wide a label is drawn, estimated in chart units, so that the geometry can leave room
** for it without measuring fonts.
*/
#include "chart.h"
#include "../model/numtext.h"
#include <stdio.h>
#include <string.h>

/* a / b rounded towards minus infinity, and towards plus infinity (b > 0) */
static dec_t floor_div(dec_t a, dec_t b) {
  dec_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

static dec_t ceil_div(dec_t a, dec_t b) {
  dec_t q = a / b;
  return (a % b != 0 && a > 0) ? q + 1 : q;
}

/* The decimals a multiple of step needs: 0.5 needs 1, 20 needs none. */
static int step_digits(dec_t step) {
  int digits = DEC_DIGITS;
  while (digits > 0 && step % 10 == 0) {
    step /= 10;
    digits--;
  }
  return digits;
}

/* The axis for step over [min, max] into t; 0 when it has at most max_intervals intervals. */
static int try_step(dec_t min, dec_t max, dec_t step, int max_intervals, ChartTicks *t) {
  dec_t lo = floor_div(min, step), hi = ceil_div(max, step);
  if (hi == lo) hi++;
  if (hi - lo > max_intervals) return -1;
  t->lo = lo * step;
  t->hi = hi * step;
  t->step = step;
  t->n = (int)(hi - lo) + 1;
  t->digits = step_digits(step);
  return 0;
}

int chart_ticks(dec_t min, dec_t max, int max_intervals, dec_t min_step, ChartTicks *t) {
  static const int mult[3] = {1, 2, 5};
  memset(t, 0, sizeof *t);
  if (dec_is_none(min) || dec_is_none(max) || min > max || max_intervals < 1 || min_step < 1)
    return -1;
  if (min > 0) min = 0; /* bars stand on zero */
  if (max < 0) max = 0;
  /* hi * step and lo * step below stay within dec_t: |min|, |max| < INT64_MAX / 4 */
  if (min < -(INT64_MAX / 4) || max > INT64_MAX / 4) return -1;
  for (dec_t power = min_step; power <= INT64_MAX / 50; power *= 10)
    for (int m = 0; m < 3; m++)
      if (try_step(min, max, power * mult[m], max_intervals, t) == 0) return 0;
  return -1;
}

dec_t chart_tick(const ChartTicks *t, int i) {
  return t->lo + (dec_t)i * t->step;
}

/* Whether an axis counts in 万 (ten thousands), as Japanese documents print large round
   numbers: from a million up, every tick a multiple of 10,000, and a unit that does not
   already say 万, 千 or 億. */
static int in_man(const ChartTicks *t, const char *unit) {
  static const dec_t man = 10000 * DEC_SCALE;
  if (unit && (!strncmp(unit, "万", 3) || !strncmp(unit, "千", 3) || !strncmp(unit, "億", 3)))
    return 0;
  return (t->hi >= 100 * man || t->lo <= -100 * man) && t->step % man == 0;
}

char *chart_tick_label(const ChartTicks *t, int i, const char *unit, char *buf, size_t len) {
  dec_t v = chart_tick(t, i);
  if (!in_man(t, unit)) return num_with_unit(v, t->digits, unit, buf, len);
  char g[NUMTEXT_MAX];
  num_grouped(v / 10000, 0, g);
  snprintf(buf, len, "%s%s%s", g, v ? "万" : "", unit ? unit : "");
  return buf;
}

/* The width of one character in thousandths of an em, as Noto Sans CJK JP draws it, rounded
   up: digits and Latin letters are narrower than kana and kanji. */
static int char_width(const unsigned char *s) {
  if (*s >= 0x80) return 1000;
  if (*s == ',' || *s == '.' || *s == ' ') return 320;
  if (*s == '%') return 880;
  if (*s == '-') return 400;
  return 620;
}

int chart_text_width(const char *text, int size) {
  int milli = 0;
  for (const unsigned char *s = (const unsigned char *)text; *s; s++)
    if ((*s & 0xc0) != 0x80) milli += char_width(s); /* count each character once */
  return (milli * size + 999) / 1000;
}
