/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_config.c — `shinchoku config`: every setting's effective value and where it came from
** (environment, flag, file, default), or the same as a configuration file (--format ini).
*/
#include "cli.h"
#include <stdio.h>
#include <string.h>

int cmd_config(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("config");
  static const char *const names[] = {"format", NULL};
  const char *v[1] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  const char *format = v[0] ? v[0] : "text";
  int ini = strcmp(format, "ini") == 0;
  if (!ini && strcmp(format, "text") != 0) return usage_error(cmd, "--format must be text or ini");
  if (ini)
    printf("; shinchoku.conf(5)%s%s\n", cli->conf.path ? " from " : "",
           cli->conf.path ? cli->conf.path : "");
  else
    printf("file: %s\n", cli->conf.path ? cli->conf.path : "(none)");
  const char *section = "";
  for (int i = 0; i < CONF_N; i++) {
    const ConfKey *k = &conf_keys[i];
    const char *src, *val = conf_value(&cli->conf, i, i == CONF_STORE ? cli->db_flag : NULL, &src);
    if (ini) {
      if (strcmp(section, k->section) != 0) printf("\n[%s]\n", section = k->section);
      printf("%s%s = %s\n", val ? "" : "; ", k->name, val ? val : "");
    } else {
      printf("%s.%s = %s (%s)\n", k->section, k->name, val ? val : "", src);
    }
  }
  return EXIT_OK;
}
