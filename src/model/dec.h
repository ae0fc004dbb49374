/*
** dec.h — exact decimal numbers. Every value, target, rate and average in Shinchoku is a
** dec_t: a signed 64-bit count of millionths (six decimal places). Sums are exact; products and
** quotients are computed in 128 bits and rounded half away from zero once, at the sixth place,
** so results do not depend on the machine's floating point.
*/
#ifndef SHINCHOKU_DEC_H
#define SHINCHOKU_DEC_H

#include <stdbool.h>
#include <stdint.h>

typedef int64_t dec_t;
#define DEC_SCALE INT64_C(1000000)
#define DEC_DIGITS 6
#define DEC_NONE INT64_MIN /* "no number" */
#define DEC_MAX_TEXT 32    /* enough for any dec_t printed */

static inline dec_t dec_from_int(int64_t i) {
  return i * DEC_SCALE;
}
static inline bool dec_is_none(dec_t d) {
  return d == DEC_NONE;
}

/* a * b, a / b and a / b * 100, rounded at the sixth place; DEC_NONE on overflow, on a
   missing operand or on division by zero. */
dec_t dec_mul(dec_t a, dec_t b);
dec_t dec_div(dec_t a, dec_t b);
dec_t dec_percent(dec_t num, dec_t den);
/* mean of n values, rounded at the sixth place. */
dec_t dec_mean(const dec_t *v, int n);
/* Round half-up (away from zero) to `digits` decimal places (0..6). */
dec_t dec_round(dec_t d, int digits);
/* How a policy rounds what it displays: half away from zero (四捨五入), toward zero
   (切り捨て), or half to even (銀行丸め). */
enum dec_rounding { DEC_HALF_UP, DEC_TRUNCATE, DEC_HALF_EVEN };
/* Round to `digits` places by mode. */
dec_t dec_round_mode(dec_t d, int digits, int mode);
/* Plain text: "90", "89.830508", "-1.5". With digits >= 0, exactly that many decimals
   ("90.0"). buf needs DEC_MAX_TEXT bytes. Returns buf. */
char *dec_format(dec_t d, int digits, char *buf);
/* Parse a plain ASCII decimal ("-12.5", "78691"); no commas, no spaces. 0 ok, -1 bad,
   -2 more than six decimals, -3 out of range. */
int dec_parse_plain(const char *s, dec_t *out);
/* As a double, for charts and JSON only; never for deciding anything. */
double dec_to_double(dec_t d);

#endif
