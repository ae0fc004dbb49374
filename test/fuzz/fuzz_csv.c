/* SPDX-License-Identifier: Apache-2.0 */
/*
** fuzz_csv.c — libFuzzer target: one CSV file of the exchange format's folder. The first
** byte picks the table (plan, nodes, indicators, values, grades, items, printed) and the
** encoding asked for (auto, utf-8, cp932); the rest is the file. It is read as `import` reads
** a folder (csv_read_file_enc) and, when it parses, validated with the other tables of a
** sample plan (xchg_to_plan), so the validator sees every kind of row.
*/
#include "fuzz.h"
#include "model/plan.h"
#include "model/text.h"

static Book base; /* samples/001-kagoshima-analog as sheets */

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_sample_book("001-kagoshima-analog", &base);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  static const char *const encodings[] = {NULL, "utf-8", "cp932", "auto"};
  int ntables = 0;
  while (xchg_tables[ntables])
    ntables++;
  const char *table = xchg_tables[data[0] % ntables];
  const char *encoding = encodings[(data[0] >> 4) & 3];
  char name[64];
  snprintf(name, sizeof name, "%s.csv", table);
  const char *path = fuzz_file(name, data + 1, size - 1);
  Errors errs = {0};
  Sheet *s = NULL;
  if (csv_read_file_enc(path, table, encoding, &s, &errs) == 0) {
    FUZZ_ASSERT(s && errs.count == 0);
    for (int r = 0; r < s->nrows; r++) /* every cell the importer sees is UTF-8 */
      for (int c = 0; c < s->ncols; c++) {
        const char *v = sheet_get(s, r, c);
        FUZZ_ASSERT(!v || text_is_utf8(v, strlen(v)));
      }
    Book b = {.policy_json = base.policy_json, .policy_file = base.policy_file};
    for (int i = 0; i < base.nsheets; i++)
      if (strcmp(base.sheets[i]->name, table) != 0) book_add(&b, base.sheets[i]);
    book_add(&b, s);
    Plan *p = xchg_to_plan(&b, &errs);
    FUZZ_ASSERT(p || errs.count > 0); /* refused, then always with a reason */
    plan_free(p);
    free(b.sheets); /* the sheets are base's and s */
    sheet_free(s);
  } else {
    FUZZ_ASSERT(!s && errs.count > 0);
  }
  errors_free(&errs);
  return 0;
}
