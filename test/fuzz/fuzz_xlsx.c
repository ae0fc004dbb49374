/* SPDX-License-Identifier: Apache-2.0 */
/*
** fuzz_xlsx.c — libFuzzer target: an Excel workbook (zip + XML: xlsx_read.c, on libzip and
** expat), read as `import plan.xlsx` reads it and validated into a plan, and read again as
** the department importer reads any workbook (every sheet, book_read_xlsx_raw).
*/
#include "fuzz.h"
#include "model/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file("plan.xlsx", data, size);
  Errors errs = {0};
  Book b = {0};
  if (book_read_xlsx(path, &b, &errs) == 0) {
    Plan *p = xchg_to_plan(&b, &errs);
    FUZZ_ASSERT(p || errs.count > 0);
    plan_free(p);
  } else {
    FUZZ_ASSERT(errs.count > 0);
  }
  book_free(&b);
  Book raw = {0};
  int before = errs.count;
  if (book_read_xlsx_raw(path, &raw, &errs) != 0) FUZZ_ASSERT(errs.count > before);
  book_free(&raw);
  (void)xlsx_has_sheet(path, "plan");
  errors_free(&errs);
  return 0;
}
