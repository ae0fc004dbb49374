/* SPDX-License-Identifier: Apache-2.0 */
/*
** subcommand.c — the argument handling the staff commands with subcommands share (user,
** municipality): dispatching `COMMAND SUB ...` from a table, the usage message that lists
** the table's subcommands, the Actor the command line acts as, and the check of a
** municipality code given on the command line.
*/
#include "../store/staff.h"
#include "cli.h"
#include <stdio.h>
#include <string.h>

int run_subcommand(Cli *cli, const Command *cmd, const Subcommand *subs, int argc, char **argv) {
  if (argc >= 2)
    for (const Subcommand *s = subs; s->name; s++)
      if (strcmp(s->name, argv[1]) == 0) return s->run(cli, cmd, argc - 1, argv + 1);
  char names[256] = "";
  for (const Subcommand *s = subs; s->name; s++)
    snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", s == subs ? "" : ", ",
             s->name);
  if (argc < 2) return usage_error(cmd, "%s needs a subcommand: %s", cmd->name, names);
  return usage_error(cmd, "unknown subcommand '%s %s' (%s)", cmd->name, argv[1], names);
}

const Actor *cli_who(void) {
  static Actor who;
  who.login = cli_actor();
  who.via = "cli";
  return &who;
}

int municipality_arg_invalid(const Command *cmd, const char *what, const char *code) {
  if (municipality_code_valid(code)) return 0;
  return usage_error(cmd, "%s は6桁の全国地方公共団体コードです（例: 462012）", what);
}
