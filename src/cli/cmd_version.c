/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_version.c — `shinchoku version` and `shinchoku --version`: the version given to the
** build by the VERSION file (Makefile: -DSHINCHOKU_VERSION).
*/
#include "cli.h"
#include <stdio.h>

#ifndef SHINCHOKU_VERSION
#define SHINCHOKU_VERSION "unknown"
#endif

int cmd_version(Cli *cli, int argc, char **argv) {
  (void)cli;
  if (argc > 1) return usage_error(find_command("version"), "unexpected argument '%s'", argv[1]);
  puts("shinchoku " SHINCHOKU_VERSION);
  return EXIT_OK;
}
