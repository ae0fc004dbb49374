/* SPDX-License-Identifier: Apache-2.0 */
/*
** encoding.h — the character encodings CSV files come in: UTF-8 (with or without a byte-order
** mark) and Shift_JIS as Windows writes it (CP932), detected or named by the user.
*/
#ifndef SHINCHOKU_ENCODING_H
#define SHINCHOKU_ENCODING_H

#include "../model/util.h"

/* Canonical name of an encoding the user named: "utf-8" or "cp932" (Shift_JIS, SJIS,
   Windows-31J and CP932 in any case), or NULL when it is not one of them. NULL or "auto"
   gives "auto". */
const char *encoding_name(const char *name);

/* Turn the bytes of a file into UTF-8 text in place: *data (malloc'ed, NUL-terminated)
   is replaced when converted, a UTF-8 byte-order mark is dropped. With encoding "auto",
   valid UTF-8 is kept and anything else is read as CP932 when it is valid CP932. A file in
   neither is refused naming file, line and byte. Returns 0 or -1. *used is set to the
   encoding the text was in ("utf-8" or "cp932"). */
int encoding_to_utf8(const char *file, const char *encoding, char **data, size_t *len,
                     const char **used, Errors *errs);

/* UTF-8 text as CP932 (Shift_JIS as Windows writes it; 〜 − ‖ — become the forms Windows
   uses). Returns the bytes (malloc'ed, NUL-terminated, length in *outlen), or NULL with *bad
   at the first byte of a character CP932 has no form for (such as 𠮷). */
char *encoding_utf8_to_cp932(const char *s, size_t len, size_t *outlen, size_t *bad);

#endif
