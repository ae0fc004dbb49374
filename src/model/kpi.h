/* SPDX-License-Identifier: Apache-2.0 */
/*
** kpi.h — the shared KPI vocabulary shipped with the product (data/kpi.tsv, embedded by
** tools/embed-kpi.sh into kpi_data.c): national DX KPIs every city reports, each with a code
** that indicators may carry (the exchange format's indicators.kpi) so that municipalities can
** be compared on it, and the common policy a comparison grades every city by beside its own
** (data/kpi-policy.json; docs/compare.md).
*/
#ifndef SHINCHOKU_KPI_H
#define SHINCHOKU_KPI_H

typedef struct KpiDef {
  const char *code, *name, *unit, *direction, *definition, *source;
} KpiDef;

extern const KpiDef kpi_defs[];
extern const int kpi_ndefs;
/* The common policy (docs/policy.md) comparisons grade by: the vocabulary's default bands. */
extern const char kpi_common_policy_json[];

/* The vocabulary entry of code (exact match), or NULL. */
const KpiDef *kpi_find(const char *code);

#endif
