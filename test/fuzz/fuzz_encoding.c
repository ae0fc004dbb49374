/* SPDX-License-Identifier: Apache-2.0 */
/*
** fuzz_encoding.c — libFuzzer target: detecting and converting the encoding of a CSV file
** (encoding.c). The first byte picks what the user named (auto, utf-8, cp932, Shift_JIS);
** the rest is the file's bytes. Whatever is accepted must come out as valid UTF-8 of the
** length reported (UTF-8 unchanged but for one byte-order mark); whatever is refused must
** say why.
*/
#include "formats/encoding.h"
#include "fuzz.h"
#include "model/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  static const char *const names[] = {"auto", "utf-8", "cp932", "Shift_JIS"};
  const char *encoding = encoding_name(names[data[0] & 3]);
  FUZZ_ASSERT(encoding);
  size_t len = size - 1;
  char *text = fuzz_text(data + 1, len);
  const char *used = NULL;
  Errors errs = {0};
  if (encoding_to_utf8("fuzz.csv", encoding, &text, &len, &used, &errs) == 0) {
    FUZZ_ASSERT(used && (strcmp(used, "utf-8") == 0 || strcmp(used, "cp932") == 0));
    FUZZ_ASSERT(text[len] == 0);
    FUZZ_ASSERT(text_is_utf8(text, len));
    if (strcmp(used, "utf-8") == 0) { /* UTF-8 is kept as it is, less one byte-order mark */
      size_t skip = size - 1 - len;
      FUZZ_ASSERT(skip == 0 || (skip == 3 && memcmp(data + 1, "\xEF\xBB\xBF", 3) == 0));
      FUZZ_ASSERT(memcmp(text, data + 1 + skip, len) == 0);
    }
  } else {
    FUZZ_ASSERT(errs.count > 0);
  }
  free(text);
  errors_free(&errs);
  return 0;
}
