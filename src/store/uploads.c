/* SPDX-License-Identifier: Apache-2.0 */
/*
** uploads.c — the audited record of a department workbook uploaded in the browser
** (staff.h): who sent which file (its SHA-256) for which department and year, and how many
** values it would change. The values themselves are then saved and submitted as entries
** (entries.c), each audited there.
*/
#include "sq.h"
#include <stdio.h>

int upload_record(Store *s, const char *plan, int year, const char *dept, const char *file,
                  const char *digest, int changes, const Actor *who, char *err, size_t errlen) {
  Db *db = store_db(s);
  int own;
  if (sq_begin(db, &own, err, errlen)) return -1;
  int rc = sq_may_plan(db, who, plan, err, errlen);
  if (rc == 0) {
    char why[160];
    snprintf(why, sizeof why, "sha256 %s, %d changes", digest, changes);
    rc = audit_append(s, who, "entry.upload", plan, dept, year, "workbook", NULL, file, why, err,
                      errlen);
  }
  return sq_end(db, own, rc, err, errlen);
}
