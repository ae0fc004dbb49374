/*
** cmd_sql.c — `shinchoku sql 'STATEMENTS'`: run SQL on the store as it is, whatever its engine
** (like `fossil sql`), printing each row as its values joined by '|' with NULL as nothing, the
** way the sqlite3 shell prints by default. For the tests, which check what was stored without
** knowing the engine, and for maintenance; it bypasses rights and the audit trail, as anyone
** who can open the database can.
*/
#include "cli.h"
#include <stdio.h>

static void print_row(void *ctx, int n, const char *const *v) {
  (void)ctx;
  for (int i = 0; i < n; i++)
    printf("%s%s", i ? "|" : "", v[i] ? v[i] : "");
  putchar('\n');
}

int cmd_sql(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("sql");
  static const char *const names[] = {NULL};
  const char *v[1] = {0}, *pos[1] = {NULL};
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 1);
  if (rc >= 0) return rc;
  if (!pos[0]) return usage_error(cmd, "no SQL given");
  Store *s = cli_store(cli);
  if (!s) return EXIT_FINDING;
  char err[512];
  rc = store_script(s, pos[0], print_row, NULL, err, sizeof err);
  if (rc) fprintf(stderr, "shinchoku: %s\n", err);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}
