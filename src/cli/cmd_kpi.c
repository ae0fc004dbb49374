/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_kpi.c — `kpi`: the shared KPI vocabulary the binary carries (model/kpi.h), as text, as
** the TSV it was embedded from (data/kpi.tsv, byte for byte) or as JSON.
*/
#include "../model/kpi.h"
#include "cli.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void print_tsv(void) {
  puts("code\tname\tunit\tdirection\tdefinition\tsource");
  for (int i = 0; i < kpi_ndefs; i++) {
    const KpiDef *k = &kpi_defs[i];
    printf("%s\t%s\t%s\t%s\t%s\t%s\n", k->code, k->name, k->unit, k->direction, k->definition,
           k->source);
  }
}

static void print_text(void) {
  for (int i = 0; i < kpi_ndefs; i++) {
    const KpiDef *k = &kpi_defs[i];
    printf("%-18s %s（%s）\n  %s\n  出典: %s\n", k->code, k->name, k->unit, k->definition,
           k->source);
  }
}

static void print_json(void) {
  json_t *a = json_array();
  for (int i = 0; i < kpi_ndefs; i++) {
    const KpiDef *k = &kpi_defs[i];
    json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "code", k->code, "name",
                                       k->name, "unit", k->unit, "direction", k->direction,
                                       "definition", k->definition, "source", k->source));
  }
  char *text = json_dumps(a, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(a);
  puts(text);
  free(text);
}

int cmd_kpi(Cli *cli, int argc, char **argv) {
  (void)cli;
  const Command *cmd = find_command("kpi");
  static const char *const names[] = {"format", NULL};
  const char *v[1] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  const char *f = v[0] ? v[0] : "text";
  if (strcmp(f, "tsv") == 0)
    print_tsv();
  else if (strcmp(f, "json") == 0)
    print_json();
  else if (strcmp(f, "text") == 0)
    print_text();
  else
    return usage_error(cmd, "--format must be text, tsv or json");
  return fflush(stdout) == 0 ? EXIT_OK : EXIT_FINDING;
}
