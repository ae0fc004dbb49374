/* SPDX-License-Identifier: Apache-2.0 */
/*
** opendata.h — a plan as open data: one CSV per plan (UTF-8 with a byte-order mark, the
** 全国地方公共団体コード column, one row per indicator and fiscal year) and a Frictionless
** datapackage.json describing it (see opendata.c).
*/
#ifndef SHINCHOKU_OPENDATA_H
#define SHINCHOKU_OPENDATA_H

#include "../model/plan.h"

/* Write DIR/<plan id>.csv and DIR/datapackage.json. Returns 0, or -1 with errs. */
int opendata_write(const Plan *p, const char *dir, Errors *errs);

#endif
