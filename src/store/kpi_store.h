/* SPDX-License-Identifier: Apache-2.0 */
/*
** kpi_store.h — the shared KPI codes of a store's indicators (kpi_store.c, migration 11;
** docs/compare.md): which indicators of which plans carry a code, for the comparison of
** municipalities on it.
*/
#ifndef SHINCHOKU_KPI_STORE_H
#define SHINCHOKU_KPI_STORE_H

#include "store.h"

/* An indicator that carries a KPI code: its plan and id. */
typedef struct KpiUse {
  char *plan, *indicator;
} KpiUse;

/* Every indicator of the store that carries code, by plan id, then indicator id (byte order,
   the same on every engine). 0 or -1 with err. */
int store_kpi_uses(Store *s, const char *code, KpiUse **out, int *n, char *err, size_t errlen);
void kpi_uses_free(KpiUse *uses, int n);

#endif
