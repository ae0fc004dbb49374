/* SPDX-License-Identifier: Apache-2.0 */
/*
** fuzz_dept.c — libFuzzer target: a filled department entry workbook (dept_read.c), read as
** `import 総務課.xlsx` reads it and, when it names the sample plan, applied to it
** (dept_apply: the locked cells compared, the three-way merge, the validator).
*/
#include "formats/dept.h"
#include "fuzz.h"

static Plan *base; /* samples/002-dx-measures: its departments' workbooks seed the corpus */

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  base = fuzz_sample_plan("002-dx-measures");
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file("dept.xlsx", data, size);
  Errors errs = {0};
  DeptBook d;
  if (dept_read(path, &d, &errs) == 0) {
    FUZZ_ASSERT(d.plan_id && d.dept);
    if (strcmp(d.plan_id, base->id) == 0) {
      Plan *p = dept_apply(base, &d, &errs);
      FUZZ_ASSERT(p || errs.count > 0);
      plan_free(p);
    }
  } else {
    FUZZ_ASSERT(errs.count > 0);
  }
  dept_book_free(&d);
  errors_free(&errs);
  return 0;
}
