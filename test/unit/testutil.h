/* SPDX-License-Identifier: Apache-2.0 */
/*
** testutil.h — what every unit test includes: cmocka and its prerequisites, and a few
** helpers for exact decimal assertions.
*/
#ifndef SHINCHOKU_TESTUTIL_H
#define SHINCHOKU_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decimal literal helper: D("89.830508") parsed exactly. */
#include "model/dec.h"
static inline dec_t D(const char *s) {
  dec_t d = DEC_NONE;
  if (dec_parse_plain(s, &d) != 0) fail_msg("bad decimal literal %s", s);
  return d;
}

#endif
