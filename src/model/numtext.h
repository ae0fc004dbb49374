/* SPDX-License-Identifier: Apache-2.0 */
/*
** numtext.h — numbers as Japanese documents print them: thousands separators (78,691), a unit
** after the number (78,691件, 30施設) and 「%」 on rates (91.5%). Used by the committee
** reports; the website's tables can call the same functions.
*/
#ifndef SHINCHOKU_NUMTEXT_H
#define SHINCHOKU_NUMTEXT_H

#include "dec.h"
#include <stddef.h>

#define NUMTEXT_MAX 64 /* a grouped number; a unit needs its own length more */

/* d with digits decimals (-1: as written) and a comma every three integer digits
   ("1,234,567.5", "-1,000", "980"). buf needs NUMTEXT_MAX bytes. "－" for DEC_NONE. */
char *num_grouped(dec_t d, int digits, char *buf);

/* The grouped number followed by unit ("78,691件"; unit NULL or "" for none), at most len
   bytes with its NUL. "－" for DEC_NONE, without the unit. */
char *num_with_unit(dec_t d, int digits, const char *unit, char *buf, size_t len);

/* A rate in percent: "91.5%" (digits as the policy says), "－" for none. */
char *num_percent(dec_t d, int digits, char *buf, size_t len);

#endif
