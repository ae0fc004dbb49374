/* SPDX-License-Identifier: Apache-2.0 */
/*
** text.c — reading what people type and print, as declared in text.h: NFKC normalisation
** (libutf8proc), the "no value" dash family, fiscal years in Western and Japanese era forms,
** numbers with full-width digits, thousands commas and Japanese minus signs, and dates.
** Every parser first normalises its input with NFKC, so full-width forms (Ｒ５, ２０２３,
** ７８，６９１, ％) arrive here as ASCII.
*/
#include "text.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define FY_MIN 1926
#define FY_MAX 2200
#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2200

/* ---- white space ---- */

static bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

#define IDEOGRAPHIC_SPACE "\u3000"

/* Trim ASCII white space and U+3000 from both ends of s[0..*n); returns the new start. */
static const char *trim_spaces(const char *s, size_t *n) {
  size_t len = *n;
  for (;;) {
    if (len >= 1 && is_ascii_space(s[0])) {
      s++;
      len--;
    } else if (len >= 3 && memcmp(s, IDEOGRAPHIC_SPACE, 3) == 0) {
      s += 3;
      len -= 3;
    } else {
      break;
    }
  }
  for (;;) {
    if (len >= 1 && is_ascii_space(s[len - 1])) {
      len--;
    } else if (len >= 3 && memcmp(s + len - 3, IDEOGRAPHIC_SPACE, 3) == 0) {
      len -= 3;
    } else {
      break;
    }
  }
  *n = len;
  return s;
}

/* ---- normalisation ---- */

/* 〇 (U+3007) and ◯ (U+25EF) become ○ (U+25CB); all three are three bytes long. */
static void fold_circles(char *s) {
  static const char *const from[] = {"\u3007", "\u25EF"};
  static const char to[] = "\u25CB";
  for (char *p = s; *p; p++) {
    for (size_t i = 0; i < sizeof from / sizeof from[0]; i++) {
      if (strncmp(p, from[i], 3) == 0) memcpy(p, to, 3);
    }
  }
}

/* ASCII is its own NFKC form: only trimming is needed. This is the common case (ids,
   Western years, plain numbers) and skips utf8proc's allocation and tables. */
static char *normalize_ascii(const char *s) {
  size_t len = strlen(s);
  const char *start = trim_spaces(s, &len);
  return xstrndup(start, len);
}

static bool is_ascii(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s >= 0x80) return false;
  return true;
}

char *text_normalize(const char *s) {
  if (!s) return NULL;
  if (is_ascii(s)) return normalize_ascii(s);
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t n =
      utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                   UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
  if (n == UTF8PROC_ERROR_NOMEM) {
    fprintf(stderr, "shinchoku: out of memory normalising text\n");
    abort();
  }
  if (n < 0) return NULL;
  if (!out) return xstrdup("");
  char *t = (char *)out;
  fold_circles(t);
  size_t len = (size_t)n;
  const char *start = trim_spaces(t, &len);
  memmove(t, start, len);
  t[len] = '\0';
  return t;
}

size_t text_utf8_prefix(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    utf8proc_int32_t c;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
    if (k <= 0) return i;
    i += (size_t)k;
  }
  return len;
}

bool text_is_utf8(const char *s, size_t len) {
  return text_utf8_prefix(s, len) == len;
}

size_t text_utf8_scrub(char *s, size_t len) {
  size_t bad = 0;
  for (size_t i = text_utf8_prefix(s, len); i < len; i += text_utf8_prefix(s + i, len - i)) {
    s[i++] = '?';
    bad++;
  }
  return bad;
}

size_t text_utf8_cut(const char *s, size_t len) {
  size_t lead = len;
  for (int back = 0; lead > 0 && back < 4; back++) { /* find the last lead byte */
    unsigned char c = (unsigned char)s[--lead];
    if ((c & 0xC0) != 0xC0 && (c & 0x80)) continue; /* a continuation byte */
    if (c < 0x80) return len;                       /* ASCII: nothing is split */
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    return len - lead >= need ? len : lead;
  }
  return len;
}

/* ---- blanks ---- */

/* The dash family: - － ― — ‐ ‑ – − ー ｰ */
static const char *const dashes[] = {"-",      "\uFF0D", "\u2015", "\u2014", "\u2010",
                                     "\u2011", "\u2013", "\u2212", "\u30FC", "\uFF70"};

bool text_is_blank(const char *s) {
  if (!s) return true;
  size_t n = strlen(s);
  s = trim_spaces(s, &n);
  if (n == 0) return true;
  for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++) {
    if (strlen(dashes[i]) == n && memcmp(s, dashes[i], n) == 0) return true;
  }
  return false;
}

/* ---- a tiny scanner over normalised text ---- */

static bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

static void skip_spaces(const char **p) {
  while (**p == ' ' || **p == '\t')
    (*p)++;
}

/* Consume lit if the text starts with it. */
static bool eat(const char **p, const char *lit) {
  size_t n = strlen(lit);
  if (strncmp(*p, lit, n) != 0) return false;
  *p += n;
  return true;
}

/* Consume a run of digits; sets *value (from the first nine digits) and returns the count. */
static int eat_number(const char **p, int *value) {
  int count = 0, v = 0;
  while (is_digit(**p)) {
    if (count < 9) v = v * 10 + (**p - '0');
    count++;
    (*p)++;
  }
  *value = v;
  return count;
}

/* ---- eras ---- */

typedef struct Era {
  const char *name; /* 令和 */
  char letter;      /* R */
  int base;         /* Western year of era year 0 */
  int last;         /* last era year, 0 for the current era */
} Era;

/* Newest first: a year shared by two eras (2019 = 平成31 = 令和元) is named by the newer. */
static const Era eras[] = {
    {"令和", 'R', 2018, 0},
    {"平成", 'H', 1988, 31},
    {"昭和", 'S', 1925, 64},
};
#define ERA_COUNT (sizeof eras / sizeof eras[0])

/* An era name (令和) or letter (R or r). */
static const Era *eat_era(const char **p) {
  for (size_t i = 0; i < ERA_COUNT; i++) {
    const Era *e = &eras[i];
    if (eat(p, e->name)) return e;
    if (**p == e->letter || **p == e->letter + ('a' - 'A')) {
      (*p)++;
      return e;
    }
  }
  return NULL;
}

/* The era year after an era name: "5", "05" or "元". Returns the Western year, or -1. */
static int eat_era_year(const char **p, const Era *e) {
  skip_spaces(p);
  int n;
  if (eat(p, "元")) {
    n = 1;
  } else {
    int len = eat_number(p, &n);
    if (len < 1 || len > 3) return -1;
  }
  if (n < 1 || (e->last && n > e->last)) return -1;
  return e->base + n;
}

static const Era *era_of_year(int year) {
  for (size_t i = 0; i < ERA_COUNT; i++) {
    const Era *e = &eras[i];
    if (year > e->base && (e->last == 0 || year <= e->base + e->last)) return e;
  }
  return NULL;
}

/* ---- fiscal years ---- */

/* The year part: FY2023, 2023, R5, 令和元, or (with an era base) 5 and 元. -1 when bad. */
static int eat_fy_year(const char **p, int era_base) {
  skip_spaces(p);
  int v;
  if (eat(p, "FY") || eat(p, "fy") || eat(p, "Fy") || eat(p, "fY")) {
    skip_spaces(p);
    return eat_number(p, &v) == 4 ? v : -1;
  }
  const Era *e = eat_era(p);
  if (e) return eat_era_year(p, e);
  if (era_base != 0 && eat(p, "元")) return era_base + 1;
  int len = eat_number(p, &v);
  if (len == 4) return v;
  if (len >= 1 && len <= 3 && era_base != 0 && v >= 1) return era_base + v;
  return -1;
}

/* Optional 年度 or 年, then optional 末 (end of the year). */
static void eat_fy_suffix(const char **p) {
  skip_spaces(p);
  if (!eat(p, "年度")) eat(p, "年");
  eat(p, "末");
}

/* A whole fiscal year, also the two-form "令和5年度(2023年度)" when both agree. */
static int read_fy(const char *p, int era_base) {
  int year = eat_fy_year(&p, era_base);
  if (year < 0) return -1;
  eat_fy_suffix(&p);
  skip_spaces(&p);
  if (eat(&p, "(")) {
    int again = eat_fy_year(&p, era_base);
    eat_fy_suffix(&p);
    skip_spaces(&p);
    if (again != year || !eat(&p, ")")) return -1;
    skip_spaces(&p);
  }
  return *p ? -1 : year;
}

int fy_parse(const char *s, int era_base, int *year) {
  char *t = text_normalize(s);
  if (!t) return -1;
  int y = read_fy(t, era_base);
  free(t);
  if (y < FY_MIN || y > FY_MAX) return -1;
  *year = y;
  return 0;
}

/* Years before 昭和 have no era form and are written in Western form. */
char *fy_era(int year, char *buf) {
  const Era *e = era_of_year(year);
  if (!e) {
    snprintf(buf, 32, "%d年度", year);
  } else if (year - e->base == 1) {
    snprintf(buf, 32, "%s元年度", e->name);
  } else {
    snprintf(buf, 32, "%s%d年度", e->name, year - e->base);
  }
  return buf;
}

char *fy_era_short(int year, char *buf) {
  const Era *e = era_of_year(year);
  if (!e) {
    snprintf(buf, 16, "%d", year);
  } else {
    snprintf(buf, 16, "%c%d", e->letter, year - e->base);
  }
  return buf;
}

char *fy_both(int year, char *buf) {
  char era[32];
  if (!era_of_year(year)) return fy_era(year, buf);
  snprintf(buf, 64, "%s（%d年度）", fy_era(year, era), year);
  return buf;
}

/* ---- numbers ---- */

/* A leading sign: + or - (also −, ▲ for minus). Sets *neg; false when there is none. */
static bool eat_sign(const char **p, bool *neg) {
  *neg = false;
  if (eat(p, "+")) return true;
  if (eat(p, "-") || eat(p, "\u2212") || eat(p, "\u25B2")) {
    *neg = true;
    return true;
  }
  return false;
}

/* Copy digits to out, dropping commas that stand between two digits. Returns digits copied. */
static size_t copy_grouped_digits(const char **p, char *out) {
  size_t n = 0;
  const char *s = *p;
  for (;;) {
    if (is_digit(*s)) {
      out[n++] = *s++;
    } else if (*s == ',' && n > 0 && is_digit(s[-1]) && is_digit(s[1])) {
      s++;
    } else {
      break;
    }
  }
  *p = s;
  return n;
}

/* Rewrite normalised text as a plain decimal into out (at least strlen(p) + 2 bytes). */
static bool to_plain(const char *p, char *out) {
  bool neg;
  size_t n = 0;
  if (eat_sign(&p, &neg)) {
    if (neg) out[n++] = '-';
    skip_spaces(&p);
  }
  size_t whole = copy_grouped_digits(&p, out + n);
  if (whole == 0) return false;
  n += whole;
  if (*p == '.') {
    out[n++] = *p++;
    size_t frac = 0;
    while (is_digit(*p)) {
      out[n++] = *p++;
      frac++;
    }
    if (frac == 0) return false;
  }
  skip_spaces(&p);
  eat(&p, "%");
  out[n] = '\0';
  return *p == '\0';
}

/* Only ASCII, full-width forms (U+FF00..U+FFEF), −, ▲ and the spaces U+00A0 and U+3000 may
   make up a number: NFKC would otherwise read ① as 1 and 10² as 102. */
static bool number_chars_only(const char *s) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  utf8proc_int32_t c;
  utf8proc_ssize_t k;
  while (*p) {
    k = utf8proc_iterate(p, -1, &c);
    if (k <= 0) return false;
    bool ok = c < 0x80 || (c >= 0xFF00 && c <= 0xFFEF) || c == 0x2212 || c == 0x25B2 || c == 0xA0 ||
              c == 0x3000;
    if (!ok) return false;
    p += k;
  }
  return true;
}

int num_parse(const char *s, dec_t *out) {
  if (!s || !number_chars_only(s)) return -1;
  char *t = text_normalize(s);
  if (!t) return -1;
  char *plain = xmalloc(strlen(t) + 2);
  int rc = to_plain(t, plain) ? dec_parse_plain(plain, out) : -1;
  free(plain);
  free(t);
  return rc;
}

/* ---- dates ---- */

static bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* A calendar year: 2024, R6, 令和6, H31, 令和元. */
static int eat_date_year(const char **p) {
  const Era *e = eat_era(p);
  if (e) return eat_era_year(p, e);
  int v;
  return eat_number(p, &v) == 4 ? v : -1;
}

/* One or two digits. */
static int eat_small(const char **p) {
  skip_spaces(p);
  int v;
  int len = eat_number(p, &v);
  return len >= 1 && len <= 2 ? v : -1;
}

/* Year, month and day separated by 年月(日), or all by one of - / . */
static int read_date(const char *p, int *y, int *m, int *d) {
  *y = eat_date_year(&p);
  if (*y < 0) return -1;
  skip_spaces(&p);
  bool kanji = eat(&p, "年");
  char sep = kanji ? 0 : *p;
  if (!kanji) {
    if (sep != '-' && sep != '/' && sep != '.') return -1;
    p++;
  }
  *m = eat_small(&p);
  skip_spaces(&p);
  if (kanji ? !eat(&p, "月") : *p != sep) return -1;
  if (!kanji) p++;
  *d = eat_small(&p);
  skip_spaces(&p);
  if (kanji) eat(&p, "日");
  return *p ? -1 : 0;
}

/* "YYYY-MM-DD" for a validated date (four-digit year). */
static void write_iso(char *buf, int y, int m, int d) {
  const int parts[3] = {y, m, d};
  const int widths[3] = {4, 2, 2};
  char *p = buf;
  for (int i = 0; i < 3; i++) {
    if (i > 0) *p++ = '-';
    for (int k = widths[i] - 1, v = parts[i]; k >= 0; k--, v /= 10)
      p[k] = (char)('0' + v % 10);
    p += widths[i];
  }
  *p = '\0';
}

int date_parse(const char *s, char *buf) {
  char *t = text_normalize(s);
  if (!t) return -1;
  int y, m, d;
  int rc = read_date(t, &y, &m, &d);
  free(t);
  if (rc != 0 || y < DATE_YEAR_MIN || y > DATE_YEAR_MAX) return -1;
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
  write_iso(buf, y, m, d);
  return 0;
}
