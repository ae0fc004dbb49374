/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_serve.c — `shinchoku serve`: the store as a public website and JSON API (src/web/).
** Each setting comes from SHINCHOKU_*, the flag, shinchoku.conf or the default (config.h).
*/
#include "../web/web.h"
#include "cli.h"
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_serve(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("serve");
  static const char *const names[] = {"listen",     "secure-cookies!", "log-format",
                                      "public-url", "trusted-proxy",   "watch-interval",
                                      NULL};
  const char *v[6] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  const Conf *cf = &cli->conf;
  const char *listen = conf_value(cf, CONF_LISTEN, v[0], NULL);
  int secure = conf_bool(conf_value(cf, CONF_SECURE_COOKIES, v[1] ? "true" : NULL, NULL));
  const char *log_format = conf_value(cf, CONF_LOG_FORMAT, v[2], NULL);
  if (secure < 0) return usage_error(cmd, "secure_cookies must be true or false");
  if (strcmp(log_format, "combined") != 0 && strcmp(log_format, "json") != 0)
    return usage_error(cmd, "--log-format must be combined or json, not '%s'", log_format);
  const char *watch = conf_value(cf, CONF_WATCH_INTERVAL, v[5], NULL);
  char *end = NULL;
  double watch_seconds = strtod(watch, &end);
  if (end == watch || *end || !(watch_seconds >= 0) || watch_seconds > 3600)
    return usage_error(cmd, "--watch-interval must be seconds from 0 to 3600, not '%s'", watch);
  unsigned char addr[sizeof(struct in6_addr)];
  if (v[4] && inet_pton(AF_INET, v[4], addr) != 1 && inet_pton(AF_INET6, v[4], addr) != 1)
    return usage_error(cmd, "--trusted-proxy must be a numeric address, not '%s'", v[4]);
  /* The staff pages need the current schema: bring the store up to date first. */
  Store *s = cli_store(cli);
  char err[512];
  if (!s || store_init(s, err, sizeof err)) {
    if (s) fprintf(stderr, "shinchoku: %s\n", err);
    store_close(s);
    return EXIT_FINDING;
  }
  store_close(s);
  WebConf conf = {
      .db = cli->db,
      .secure_cookies = secure,
      .log_json = strcmp(log_format, "json") == 0,
      .public_url = conf_value(cf, CONF_PUBLIC_URL, v[3], NULL),
      .smtp_relay = conf_value(cf, CONF_SMTP_RELAY, NULL, NULL),
      .trusted_proxy = v[4],
      .watch_seconds = watch_seconds,
  };
  return web_serve(&conf, listen);
}
