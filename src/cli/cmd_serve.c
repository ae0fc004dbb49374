/*
** cmd_serve.c — `shinchoku serve`: the store as a public website and JSON API (src/web/).
*/
#include "../web/web.h"
#include "cli.h"
#include <arpa/inet.h>
#include <stdio.h>

int cmd_serve(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("serve");
  static const char *const names[] = {"listen", "secure-cookies!", "trusted-proxy", NULL};
  const char *v[3] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  unsigned char addr[sizeof(struct in6_addr)];
  if (v[2] && inet_pton(AF_INET, v[2], addr) != 1 && inet_pton(AF_INET6, v[2], addr) != 1) {
    fprintf(stderr, "shinchoku: --trusted-proxy must be a numeric address, not '%s'\n", v[2]);
    return EXIT_USAGE;
  }
  /* The staff pages need the current schema: bring the store up to date first. */
  Store *s = cli_store(cli);
  char err[512];
  if (!s || store_init(s, err, sizeof err)) {
    if (s) fprintf(stderr, "shinchoku: %s\n", err);
    store_close(s);
    return EXIT_FINDING;
  }
  store_close(s);
  WebConf conf = {cli->db, v[1] != NULL, v[2]};
  return web_serve(&conf, v[0] ? v[0] : "127.0.0.1:8080");
}
