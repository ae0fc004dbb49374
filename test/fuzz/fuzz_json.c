/* SPDX-License-Identifier: Apache-2.0 */
/*
** fuzz_json.c — libFuzzer target: the exchange format's JSON document (jsondoc.c), read as
** `import plan.json` reads it and, when it parses, validated into a plan (xchg_to_plan).
*/
#include "fuzz.h"
#include "model/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file("plan.json", data, size);
  Errors errs = {0};
  Book b = {0};
  if (book_read_json(path, &b, &errs) == 0) {
    Plan *p = xchg_to_plan(&b, &errs);
    FUZZ_ASSERT(p || errs.count > 0);
    plan_free(p);
  } else {
    FUZZ_ASSERT(errs.count > 0);
  }
  book_free(&b);
  errors_free(&errs);
  return 0;
}
