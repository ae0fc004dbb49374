/*
** cmd_serve.c — `shinchoku serve`: the store as a public website and JSON API (src/web/).
*/
#include "../web/web.h"
#include "cli.h"

int cmd_serve(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("serve");
  static const char *const names[] = {"listen", NULL};
  const char *v[1] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  return web_serve(cli->db, v[0] ? v[0] : "127.0.0.1:8080");
}
