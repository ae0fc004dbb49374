/* SPDX-License-Identifier: Apache-2.0 */
/*
** config.c — reading shinchoku.conf with inih (Debian's libinih) and deciding each setting:
** SHINCHOKU_* variable, then flag, then file, then default (config.h).
*/
#include "config.h"
#include "../model/util.h"
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

const ConfKey conf_keys[CONF_N] = {
    [CONF_STORE] = {"store", "uri", "SHINCHOKU_DB", "--db", "shinchoku.db",
                    "ストア: SQLite ファイルのパス (the store: a SQLite file)"},
    [CONF_LISTEN] = {"serve", "listen", "SHINCHOKU_LISTEN", "--listen", "127.0.0.1:8080",
                     "待ち受けるアドレスとポート ADDR:PORT (port 1-65535; 0 picks a free one)"},
    [CONF_SECURE_COOKIES] = {"serve", "secure_cookies", "SHINCHOKU_SECURE_COOKIES",
                             "--secure-cookies", "false",
                             "Cookie に Secure を付けます。TLS のプロキシの後ろで true に "
                             "(mark cookies Secure behind a TLS proxy)"},
    [CONF_PUBLIC_URL] = {"serve", "public_url", "SHINCHOKU_PUBLIC_URL", "--public-url", NULL,
                         "利用者に見える公開 URL、例 https://shinchoku.example.lg.jp/ "
                         "(the public base URL, for links written outside a request)"},
    [CONF_LOG_FORMAT] = {"serve", "log_format", "SHINCHOKU_LOG_FORMAT", "--log-format", "combined",
                         "アクセスログの形式 combined|json (access log format)"},
    [CONF_SMTP_RELAY] = {"mail", "smtp_relay", "SHINCHOKU_SMTP_RELAY", NULL, NULL,
                         "メールを中継する SMTP サーバー HOST:PORT (the SMTP relay for mail)"},
    [CONF_MAIL_FROM] = {"mail", "from", "SHINCHOKU_MAIL_FROM", NULL, NULL,
                        "送信するメールの差出人 (the From address of mail sent)"},
    [CONF_WATCH_INTERVAL] = {"serve", "watch_interval", "SHINCHOKU_WATCH_INTERVAL",
                             "--watch-interval", "1",
                             "ほかのサーバーやコマンドの変更を確かめる間隔（秒、0 で確かめない） "
                             "(seconds between looks for plans changed by other processes)"},
};

typedef struct Reader {
  Conf *conf;
  char *err;
  size_t errlen;
} Reader;

/* inih calls this once per name = value; 0 stops the parse at that line. */
static int on_pair(void *user, const char *section, const char *name, const char *value) {
  Reader *r = user;
  for (int i = 0; i < CONF_N; i++)
    if (strcmp(conf_keys[i].section, section) == 0 && strcmp(conf_keys[i].name, name) == 0) {
      free(r->conf->value[i]);
      r->conf->value[i] = xstrdup(value);
      return 1;
    }
  snprintf(r->err, r->errlen, "unknown setting '%s' in section [%s]", name, section);
  return 0;
}

int conf_load(Conf *c, const char *path, char *err, size_t errlen) {
  memset(c, 0, sizeof *c);
  if (!path || !*path) path = getenv("SHINCHOKU_CONFIG");
  if (!path || !*path) {
    if (access(CONF_DEFAULT_PATH, F_OK) != 0) return 0; /* no file: defaults */
    path = CONF_DEFAULT_PATH;
  }
  char why[256] = "malformed line (write name = value under a [section])";
  Reader r = {c, why, sizeof why};
  int rc = ini_parse(path, on_pair, &r);
  if (rc == -1) {
    snprintf(err, errlen, "%s: cannot open the configuration file", path);
    return -1;
  }
  if (rc != 0) {
    snprintf(err, errlen, "%s:%d: %s", path, rc, why);
    conf_free(c);
    return -1;
  }
  c->path = xstrdup(path);
  return 0;
}

void conf_free(Conf *c) {
  for (int i = 0; i < CONF_N; i++)
    free(c->value[i]);
  free(c->path);
  memset(c, 0, sizeof *c);
}

const char *conf_value(const Conf *c, int item, const char *flag, const char **source) {
  const char *env = getenv(conf_keys[item].env), *v, *src;
  if (env && *env)
    v = env, src = "env";
  else if (flag)
    v = flag, src = "flag";
  else if (c && c->value[item])
    v = c->value[item], src = "file";
  else
    v = conf_keys[item].dflt, src = "default";
  if (source) *source = src;
  return v;
}

int conf_bool(const char *text) {
  static const char *const yes[] = {"1", "true", "yes", "on"}, *const no[] = {"0", "false", "no",
                                                                              "off"};
  if (!text) return 0;
  for (int i = 0; i < 4; i++) {
    if (strcasecmp(text, yes[i]) == 0) return 1;
    if (strcasecmp(text, no[i]) == 0) return 0;
  }
  return -1;
}
