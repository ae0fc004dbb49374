/* SPDX-License-Identifier: Apache-2.0 */
/*
** text.h — reading what people type and print: Unicode normalisation (NFKC), fiscal years in
** every form Japanese documents use, numbers with full-width digits and thousands commas,
** the dash family meaning "no value", dates; and writing fiscal years back in era and
** Western form.
*/
#ifndef SHINCHOKU_TEXT_H
#define SHINCHOKU_TEXT_H

#include "dec.h"
#include <stdbool.h>
#include <stddef.h>

/* NFKC-normalised copy with surrounding white space (ASCII and U+3000) trimmed and
   〇 (U+3007) and ◯ (U+25EF) folded to ○ (U+25CB). Caller frees. NULL on invalid UTF-8. */
char *text_normalize(const char *s);

/* True when s is valid UTF-8. */
bool text_is_utf8(const char *s, size_t len);
/* Length of the longest valid UTF-8 prefix: the offset of the first bad byte, or len. */
size_t text_utf8_prefix(const char *s, size_t len);
/* Make s valid UTF-8 in place: every byte that does not start or continue a well-formed
   character becomes '?'. The length never changes. Returns how many bytes were replaced. */
size_t text_utf8_scrub(char *s, size_t len);
/* The largest n <= len at which s can be cut without splitting a character: a string cut by a
   fixed-size buffer ends with a whole character, never with the first bytes of one. */
size_t text_utf8_cut(const char *s, size_t len);

/* True when s is empty, only white space, or one member of the dash family alone
   (- － ― — ‐ ‑ – − ー ｰ), meaning "no value". */
bool text_is_blank(const char *s);

/* Parse a fiscal year: 2023, 2023年度, FY2023, R5, Ｒ５, 令和5年度, 令和元年, R5末, H30,
   平成31年度, S63; and era-less "5年度" / "5" only when era_base is given (the Western year
   of that era's year 0, e.g. 2018 for 令和; 0 for none). Returns 0 and sets *year, or -1.
   Accepted range 1926..2200. */
int fy_parse(const char *s, int era_base, int *year);

/* "令和5年度" / "令和元年度" / "平成30年度". buf >= 32 bytes. */
char *fy_era(int year, char *buf);
/* "R5" / "H30". buf >= 16 bytes. */
char *fy_era_short(int year, char *buf);
/* "令和5年度（2023年度）". buf >= 64 bytes. */
char *fy_both(int year, char *buf);

/* Parse a number as people write it: full-width digits, thousands commas, a sign (also
   − and ▲ for minus), a decimal point, an optional trailing %. Returns 0 and sets *out;
   -1 when the text is not a number; -2 too many decimals; -3 out of range. The dash family
   is not a number (check text_is_blank first). */
int num_parse(const char *s, dec_t *out);

/* Parse a date: 2024-03-31, 2024/3/31, 2024.3.31, 令和6年3月31日, R6.3.31, H31.4.1.
   Writes ISO "YYYY-MM-DD" into buf (>= 11 bytes). 0 ok, -1 bad. */
int date_parse(const char *s, char *buf);

#endif
