/* SPDX-License-Identifier: Apache-2.0 */
/*
** kpi.c — look-ups in the shared KPI vocabulary (kpi.h; the entries are in kpi_data.c).
*/
#include "kpi.h"
#include <string.h>

const KpiDef *kpi_find(const char *code) {
  for (int i = 0; code && i < kpi_ndefs; i++)
    if (strcmp(kpi_defs[i].code, code) == 0) return &kpi_defs[i];
  return NULL;
}
