/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_user.c — `shinchoku user`: staff accounts from the command line (add, list, passwd,
** disable, enable). An account belongs to a municipality (--municipality CODE); an admin
** without one administers the installation. A password is never an argument (it would show in the
*process list and
** the shell history): it is one line of standard input, or on a terminal typed twice without
** echo.
*/
#include "../formats/dept.h"
#include "../model/closest.h"
#include "../store/staff.h"
#include "../web/mail.h"
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

enum { MAX_DEPTS = 64, PW_CAP = 1100 };

/* One line of stdin without its line end into buf; -1 when there is none or it is too long. */
static int read_line(char *buf, size_t cap) {
  if (!fgets(buf, (int)cap, stdin)) return -1;
  size_t n = strlen(buf);
  if (n == cap - 1 && buf[n - 1] != '\n') return -1;
  buf[strcspn(buf, "\r\n")] = '\0';
  return 0;
}

/* A line typed on the terminal with echo off. */
static int read_hidden(const char *prompt, char *buf, size_t cap) {
  struct termios old, quiet;
  fputs(prompt, stderr);
  fflush(stderr);
  if (tcgetattr(STDIN_FILENO, &old) != 0) return read_line(buf, cap);
  quiet = old;
  quiet.c_lflag &= ~(tcflag_t)ECHO;
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  int rc = read_line(buf, cap);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  fputc('\n', stderr);
  return rc;
}

/* The new password: from a terminal typed twice, else one line of stdin. Checked against
   password_weakness (for the account login). 0, or -1 after saying why. */
static int read_new_password(const char *login, char *buf, size_t cap) {
  int rc;
  if (isatty(STDIN_FILENO)) {
    char again[PW_CAP];
    rc = read_hidden("新しいパスワード: ", buf, cap);
    if (rc == 0 && read_hidden("もう一度入力してください: ", again, sizeof again) == 0 &&
        strcmp(buf, again) != 0) {
      fprintf(stderr, "shinchoku: 2回の入力が一致しません。何も変更していません\n");
      memset(again, 0, sizeof again);
      return -1;
    }
    memset(again, 0, sizeof again);
  } else {
    rc = read_line(buf, cap);
  }
  if (rc) {
    fprintf(stderr, "shinchoku: パスワードを標準入力の1行で与えてください（1024バイトまで）\n");
    return -1;
  }
  const char *weak = password_weakness(buf, login);
  if (weak) {
    fprintf(stderr, "shinchoku: %s。何も変更していません\n", weak);
    return -1;
  }
  return 0;
}

/* Every department the stored plans name, unique, into *out (strdup'd); their count. */
static int known_departments(Store *s, char ***out) {
  PlanSummary *plans = NULL;
  int nplans = 0, n = 0, cap = 0;
  char err[512];
  *out = NULL;
  if (store_list(s, &plans, &nplans, err, sizeof err)) return -1;
  for (int i = 0; i < nplans; i++) {
    Plan *p = NULL;
    if (store_load(s, plans[i].id, &p, err, sizeof err) || !p) continue;
    char **list = dept_list(p);
    for (int d = 0; list[d]; d++) {
      int seen = 0;
      for (int k = 0; k < n && !seen; k++)
        seen = strcmp((*out)[k], list[d]) == 0;
      if (seen) continue;
      VEC_PUSH(*out, n, cap);
      (*out)[n++] = xstrdup(list[d]);
    }
    dept_list_free(list);
    plan_free(p);
  }
  plan_summaries_free(plans, nplans);
  return n;
}

/* Each of depts must be a department some stored plan names; otherwise say so, with the
   closest names the plans know. 0 when all are known. */
static int check_departments(Store *s, const char *const *depts, int ndepts) {
  char **known = NULL;
  int n = known_departments(s, &known), bad = 0;
  for (int i = 0; i < ndepts && n >= 0; i++) {
    int found = 0;
    for (int k = 0; k < n && !found; k++)
      found = strcmp(known[k], depts[i]) == 0;
    if (found) continue;
    bad = 1;
    const char *near[3];
    int nnear = closest_names(depts[i], (const char *const *)known, n, near, 3);
    if (n == 0) {
      fprintf(stderr,
              "shinchoku: 所管課「%s」を確かめられません: 計画がまだ取り込まれていません"
              "（先に shinchoku import で計画を取り込んでください）\n",
              depts[i]);
      continue;
    }
    fprintf(stderr, "shinchoku: 所管課「%s」はどの計画にもありません", depts[i]);
    for (int k = 0; k < nnear; k++)
      fprintf(stderr, "%s「%s」", k ? "、" : "。近い名前: ", near[k]);
    fputs(nnear ? "\n" : "（shinchoku export --department all で所管課の一覧が分かります）\n",
          stderr);
  }
  if (n < 0) {
    fprintf(stderr, "shinchoku: 計画の所管課を読めません\n");
    bad = 1;
  }
  for (int k = 0; k < n; k++)
    free(known[k]);
  free(known);
  return bad;
}

/* The municipality of a new account: --municipality, or for an editor or reviewer without it
   the store's only municipality. NULL (an installation admin) for an admin without it. 0, or
   -1 after saying why. */
static int new_user_municipality(Store *s, int role, const char *given, const char **out,
                                 char *code, size_t cap) {
  *out = given;
  if (given || role == ROLE_ADMIN) return 0;
  Municipality *list = NULL;
  int n = 0;
  char err[512];
  if (municipality_list(s, &list, &n, err, sizeof err)) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return -1;
  }
  if (n == 1) snprintf(code, cap, "%s", list[0].code);
  municipalities_free(list, n);
  if (n == 1) {
    *out = code;
    return 0;
  }
  fprintf(stderr, "shinchoku: 所管課・委員のアカウントには --municipality CODE"
                  "（全国地方公共団体コード）が必要です（shinchoku municipality list）\n");
  return -1;
}

static int user_add_cmd(Cli *cli, const Command *cmd, int argc, char **argv) {
  const char *depts[MAX_DEPTS];
  int ndepts = take_option(cmd, &argc, argv, "department", depts, MAX_DEPTS);
  if (ndepts < 0) return EXIT_USAGE;
  static const char *const names[] = {"role", "name", "municipality", NULL};
  const char *v[3] = {0}, *pos[1] = {0};
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 1);
  if (rc >= 0) return rc;
  if (!pos[0] || !v[0]) return usage_error(cmd, "user add needs LOGIN and --role");
  int role = enum_lookup(role_names, ROLE__COUNT, v[0]);
  if (role <= ROLE_NONE) return usage_error(cmd, "--role must be admin, editor or reviewer");
  if (role == ROLE_EDITOR && ndepts == 0)
    return usage_error(cmd, "所管課 (editor) のアカウントには --department が必要です");
  if (role != ROLE_EDITOR && ndepts > 0)
    return usage_error(cmd, "--department は所管課 (editor) のアカウントだけに指定します");
  if (v[2] && (rc = municipality_arg_invalid(cmd, "--municipality", v[2])) != 0) return rc;
  char pw[PW_CAP], err[512], code[MUNICIPALITY_CODE_LEN + 1];
  if (read_new_password(pos[0], pw, sizeof pw)) return EXIT_FINDING;
  Store *s = cli_store_ready(cli);
  const char *m = NULL;
  if (s && new_user_municipality(s, role, v[2], &m, code, sizeof code)) {
    store_close(s);
    memset(pw, 0, sizeof pw);
    return EXIT_USAGE;
  }
  if (s && ndepts > 0 && check_departments(s, depts, ndepts)) {
    fprintf(stderr, "shinchoku: アカウントは追加していません\n");
    store_close(s);
    memset(pw, 0, sizeof pw);
    return EXIT_FINDING;
  }
  rc = s ? user_add(s, pos[0], v[1], role, depts, ndepts, m, pw, cli_who(), err, sizeof err) : -1;
  memset(pw, 0, sizeof pw);
  if (rc == 0)
    printf("アカウントを追加しました: %s（%s）\n", pos[0], role_words[role]);
  else if (rc == 1)
    fprintf(stderr, "shinchoku: ログイン名 '%s' はすでに使われています\n", pos[0]);
  else if (s)
    fprintf(stderr, "shinchoku: アカウントを追加できません: %s\n", err);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}

static const char *user_state(const User *u) {
  if (u->disabled) return "無効";
  if (u->locked_until > (long long)time(NULL)) return "ロック中";
  return "有効";
}

static int user_list_cmd(Cli *cli, const Command *cmd, int argc, char **argv) {
  static const char *const names[] = {NULL};
  const char *v[1] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  Store *s = cli_store_ready(cli);
  if (!s) return EXIT_FINDING;
  User *list = NULL;
  int n = 0;
  char err[512];
  rc = user_list(s, &list, &n, err, sizeof err);
  if (rc) fprintf(stderr, "shinchoku: %s\n", err);
  for (int i = 0; i < n; i++) {
    const User *u = &list[i];
    printf("%-20s %-8s %-4s %s %s", u->login, role_names[u->role], role_words[u->role],
           user_state(u), u->municipality ? u->municipality : "全団体");
    if (u->name) printf("  %s", u->name);
    for (int d = 0; d < u->ndepts; d++)
      printf("%s%s", d ? "、" : "  所管課: ", u->depts[d]);
    putchar('\n');
  }
  if (rc == 0 && n == 0)
    printf("アカウントはまだありません（shinchoku user add LOGIN --role ...）\n");
  users_free(list, n);
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}

/* passwd, disable and enable: one LOGIN. */
static int user_change_cmd(Cli *cli, const Command *cmd, int argc, char **argv) {
  static const char *const names[] = {NULL};
  const char *v[1] = {0}, *pos[1] = {0};
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 1);
  if (rc >= 0) return rc;
  if (!pos[0]) return usage_error(cmd, "user %s needs LOGIN", argv[0]);
  int passwd = strcmp(argv[0], "passwd") == 0, disable = strcmp(argv[0], "disable") == 0;
  char pw[PW_CAP] = "", err[512];
  if (passwd && read_new_password(pos[0], pw, sizeof pw)) return EXIT_FINDING;
  Store *s = cli_store_ready(cli);
  if (!s) return EXIT_FINDING;
  rc = passwd ? user_set_password(s, pos[0], pw, cli_who(), err, sizeof err)
              : user_set_disabled(s, pos[0], disable, cli_who(), err, sizeof err);
  memset(pw, 0, sizeof pw);
  if (rc == 1)
    fprintf(stderr, "shinchoku: アカウント '%s' はありません（shinchoku user list）\n", pos[0]);
  else if (rc)
    fprintf(stderr, "shinchoku: %s\n", err);
  else
    printf("%s: %s\n", pos[0],
           passwd    ? "パスワードを変更しました（サインイン中のセッションは終了しました）"
           : disable ? "アカウントを無効にしました（サインイン中のセッションは終了しました）"
                     : "アカウントを有効にしました");
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}

/* email LOGIN ADDRESS|none: where `period remind` writes to the account's departments. */
static int user_email_cmd(Cli *cli, const Command *cmd, int argc, char **argv) {
  static const char *const names[] = {NULL};
  const char *v[1] = {0}, *pos[2] = {0};
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 2);
  if (rc >= 0) return rc;
  if (!pos[0] || !pos[1]) return usage_error(cmd, "user email needs LOGIN and ADDRESS (or none)");
  const char *email = strcmp(pos[1], "none") == 0 ? NULL : pos[1];
  if (email && !mail_address_ok(email))
    return usage_error(cmd, "メールアドレスとして使えません: '%s'", email);
  Store *s = cli_store_ready(cli);
  if (!s) return EXIT_FINDING;
  char err[512];
  rc = user_set_email(s, pos[0], email, cli_who(), err, sizeof err);
  if (rc == 1)
    fprintf(stderr, "shinchoku: アカウント '%s' はありません（shinchoku user list）\n", pos[0]);
  else if (rc)
    fprintf(stderr, "shinchoku: %s\n", err);
  else
    printf("%s: メールアドレスを%s\n", pos[0], email ? "設定しました" : "取り消しました");
  store_close(s);
  return rc ? EXIT_FINDING : EXIT_OK;
}

int cmd_user(Cli *cli, int argc, char **argv) {
  static const Subcommand subs[] = {{"add", user_add_cmd},
                                    {"list", user_list_cmd},
                                    {"passwd", user_change_cmd},
                                    {"email", user_email_cmd},
                                    {"disable", user_change_cmd},
                                    {"enable", user_change_cmd},
                                    {NULL, NULL}};
  return run_subcommand(cli, find_command("user"), subs, argc, argv);
}
