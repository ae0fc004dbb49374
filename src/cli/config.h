/* SPDX-License-Identifier: Apache-2.0 */
/*
** config.h — the configuration file (/etc/shinchoku/shinchoku.conf or --config FILE) and the
** order in which a setting is decided: a SHINCHOKU_* variable, else the command-line flag,
** else the file, else the built-in default. The key table also writes shinchoku.conf(5).
*/
#ifndef SHINCHOKU_CONFIG_H
#define SHINCHOKU_CONFIG_H

#include <stddef.h>

/* The file read when neither --config nor SHINCHOKU_CONFIG names one (if it exists). */
#define CONF_DEFAULT_PATH "/etc/shinchoku/shinchoku.conf"

enum ConfItem {
  CONF_STORE,
  CONF_LISTEN,
  CONF_SECURE_COOKIES,
  CONF_PUBLIC_URL,
  CONF_LOG_FORMAT,
  CONF_SMTP_RELAY,
  CONF_MAIL_FROM,
  CONF_WATCH_INTERVAL,
  CONF_N
};

/* One setting: where it lives in the file ([section] name), its variable and flag, the
   default and a line for the man page and `shinchoku config`. */
typedef struct ConfKey {
  const char *section, *name, *env, *flag, *dflt, *doc;
} ConfKey;

extern const ConfKey conf_keys[CONF_N];

typedef struct Conf {
  char *path;          /* the file read, or NULL when none was */
  char *value[CONF_N]; /* as written in the file, or NULL */
} Conf;

/* Read path (NULL: SHINCHOKU_CONFIG, else CONF_DEFAULT_PATH when it exists). A file named
   explicitly must exist. -1 with err (file and line) for a missing file, an unknown key or a
   malformed line. */
int conf_load(Conf *c, const char *path, char *err, size_t errlen);
void conf_free(Conf *c);

/* The setting: the variable, else flag (when not NULL), else the file, else the default
   (which may be NULL). *source, when not NULL, says which: "env", "flag", "file", "default". */
const char *conf_value(const Conf *c, int item, const char *flag, const char **source);

/* A yes/no setting ("1", "true", "yes", "on" / "0", "false", "no", "off"): 1, 0, or -1. */
int conf_bool(const char *text);

#endif
