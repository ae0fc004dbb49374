/* SPDX-License-Identifier: Apache-2.0 */
/*
** main.c — the `shinchoku` command: global options, then one command dispatched from the
** table below. Each command lives in a cmd_*.c file; its --help (and the man page) comes
** from help_doc.c.
*/
#include "cli.h"
#include "help.h"
#include "../model/text.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>

static const Command commands[] = {
    {"init", cmd_init, "init",
     "ストアを作成またはアップグレードします (create or upgrade the store)"},
    {"import", cmd_import, "import PATH [--dry-run] [--encoding auto|utf-8|cp932] [--force]",
     "計画を取り込みます。PATH は CSV のフォルダ（UTF-8 または Shift_JIS）、.json か .xlsx。"
     "承認済みの値を変更・削除する取り込みは --force がなければ拒否します "
     "(import a plan)"},
    {"export", cmd_export,
     "export --plan ID --format dir|excel-csv|json|xlsx|opendata -o PATH\n"
     "       export --plan ID --department NAME|all --year FY --format xlsx -o FILE|DIR",
     "計画を書き出します (export a plan in exchange format v1)"},
    {"plans", cmd_plans, "plans", "計画の一覧 (list plans)"},
    {"eval", cmd_eval, "eval --plan ID [--year FY] [--variant NAME] [--format text|csv|json]",
     "進捗率と達成状況を計算します (evaluate a plan)"},
    {"explain", cmd_explain,
     "explain --plan ID (--node ID|NUMBER | --indicator ID) --year FY "
     "[--variant NAME]",
     "判定の根拠を説明します (explain one grade)"},
    {"check", cmd_check, "check --plan ID [--format text|json]",
     "資料に印刷された値と計算値を照合します (printed vs computed; exit 1 on disagreement)"},
    {"items", cmd_items, "items --plan ID [--year FY] [--as-of DATE] [--format text|json]",
     "取組項目の期限と状況（完了・実施期間中・期限超過・予定）。--as-of の既定は今日（日本時間） "
     "(checklist items as of a date)"},
    {"report", cmd_report,
     "report --plan ID --kind summary|status|issues|department|roadmap|policy|sheets|review|"
     "packet|changes\n"
     "       [--year FY] --format html|xlsx|csv|md|pdf [-o FILE|-] [--variant NAME]\n"
     "       [--as-of DATE] [--meeting ID|NAME] [--snapshot NAME] [--against NAME]\n"
     "       report --kind compare --kpi CODE --year FY --format html|xlsx|csv|md|pdf|json [-o "
     "FILE|-]",
     "委員会資料を作成します（集計・一覧・課題・所管課別・ロードマップ・基本方針別・個票・総括評価"
     "、"
     "packet: 会次第と資料一式の PDF、compare: 共通KPIの団体間比較） (committee reports)"},
    {"kpi", cmd_kpi, "kpi [--format text|tsv|json]",
     "共通KPIの語彙（コード・名称・単位・定義・出典）を表示します (the shared KPI vocabulary)"},
    {"rollover", cmd_rollover,
     "rollover --plan ID --to NEW-ID [--first-year FY --last-year FY] [--name TEXT]\n"
     "       [--dry-run] [--format text|json]",
     "方向性（継続・計画外・終了）から次期計画を作成します。継続の項目を指標とともに引き継ぎ、"
     "基準値は最後の実績値、各項目は前計画の項目を記録します (the next plan from the decisions)"},
    {"narrative", cmd_narrative,
     "narrative --plan ID --node ID|NUMBER --year FY [--file PATH|- | --clear] [--author NAME]",
     "報告書（資料1）の事務局の本文を設定・表示 (the secretariat's own report text)"},
    {"snapshot", cmd_snapshot,
     "snapshot --plan ID --meeting ID|NAME [--name NAME]\n       snapshot --plan ID --list",
     "会議の時点の計画・評価方針・評価を読み取り専用で保存します (freeze a plan as of a "
     "meeting; reports from it with report --snapshot NAME)"},
    {"serve", cmd_serve, "serve [--listen ADDR:PORT] [--secure-cookies] [--trusted-proxy ADDR]",
     "計画を公開するウェブサイトと JSON API を起動します（既定 127.0.0.1:8080） (web portal)"},
    {"user", cmd_user,
     "user add LOGIN --role admin|editor|reviewer [--department NAME]... [--name TEXT]\n"
     "       [--municipality CODE]\n"
     "       user list | user passwd LOGIN | user disable LOGIN | user enable LOGIN\n"
     "       user email LOGIN ADDRESS|none",
     "職員のアカウント（事務局・所管課・委員）。パスワードは標準入力の1行か、端末では2回入力 "
     "(staff accounts; the password is read from stdin or prompted)"},
    {"municipality", cmd_municipality,
     "municipality list\n       municipality add CODE --name NAME",
     "団体（全国地方公共団体コード6桁）の一覧と登録。計画とアカウントは団体に属します "
     "(municipalities: the tenants of an installation)"},
    {"period", cmd_period,
     "period open|close --plan ID --year FY [--due DATE]\n"
     "       period due --plan ID --year FY --date DATE|none\n"
     "       period remind --plan ID --year FY [--days N] [--dry-run] [--force]\n"
     "       period list [--plan ID]",
     "所管課の入力期間を開始・締切・一覧します (reporting periods)"},
    {"publish", cmd_publish, "publish --plan ID --year FY\n       publish --list [--plan ID]",
     "年度の実績を公開します。公開した年度だけが公開サイト・API・ダウンロードに出ます "
     "(publish a year's results)"},
    {"unpublish", cmd_unpublish, "unpublish --plan ID --year FY",
     "年度の公開を取り下げ、下書きに戻します (withdraw a published year)"},
    {"audit", cmd_audit,
     "audit [--municipality CODE] [--plan ID] [--subject ID] [--user LOGIN] [--limit N]\n"
     "       [--format text|csv]\n"
     "       audit --verify [--municipality CODE] [--checkpoint FILE]\n"
     "       audit --checkpoint FILE [--municipality CODE]",
     "監査証跡（だれが・いつ・何を・前の値・新しい値・理由）を表示・検証します。団体ごとに一本の"
     "鎖で、--municipality はその団体の鎖だけを読みます（- は全体の鎖）。"
     "--checkpoint FILE は各鎖の最後の行の番号とハッシュを FILE に追記し、--verify --checkpoint "
     "FILE は記録した行と照合します (audit trail, one chain per municipality; --verify exits 1 "
     "when a row was altered, cut from the end or the chain rewritten since a checkpoint)"},
    {"sql", cmd_sql, "sql 'STATEMENT; ...'",
     "SQL をストアで直接実行します（試験・保守用。権限の確認も監査証跡の記録もありません） "
     "(run SQL on the store as it is, for tests and maintenance: no rights check, no audit)"},
    {"config", cmd_config, "config [--format text|ini]",
     "設定の値と、その出どころ（環境変数・フラグ・設定ファイル・既定）を表示します "
     "(the effective configuration)"},
    {"version", cmd_version, "version", "版を表示します (print the version)"},
    {NULL, NULL, NULL, NULL},
};

const Command *find_command(const char *name) {
  for (const Command *c = commands; c->name; c++)
    if (strcmp(c->name, name) == 0) return c;
  return NULL;
}

static void print_usage(FILE *out) {
  help_overview(commands, out);
}

/* `shinchoku help [--roff 1|5]`: the overview, or a man page for the build. */
static int run_help(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--roff") == 0 && strcmp(argv[2], "1") == 0)
    help_roff_1(commands, stdout);
  else if (argc == 3 && strcmp(argv[1], "--roff") == 0 && strcmp(argv[2], "5") == 0)
    help_roff_5(stdout);
  else if (argc == 1)
    print_usage(stdout);
  else
    return usage_error(NULL, "usage: shinchoku help [--roff 1|5]");
  return EXIT_OK;
}

int usage_error(const Command *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("shinchoku: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  if (cmd)
    fprintf(stderr, "\n使い方: shinchoku %s\n", cmd->usage);
  else
    fputc('\n', stderr);
  return EXIT_USAGE;
}

int parse_opts(const Command *cmd, int argc, char **argv, const char *const *names,
               const char **values, const char **pos, int maxpos) {
  int npos = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strncmp(a, "--", 2) != 0 || !a[2]) {
      if (npos == maxpos) return usage_error(cmd, "unexpected argument '%s'", a);
      pos[npos++] = a;
      continue;
    }
    const char *eq = strchr(a, '=');
    size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
    int k;
    for (k = 0; names[k]; k++) {
      size_t nl = strlen(names[k]);
      int flag = names[k][nl - 1] == '!';
      if ((flag ? nl - 1 : nl) == len && strncmp(names[k], a + 2, len) == 0) break;
    }
    if (!names[k]) return usage_error(cmd, "unknown option '%s'", a);
    if (names[k][strlen(names[k]) - 1] == '!') {
      values[k] = "1";
    } else if (eq) {
      values[k] = eq + 1;
    } else if (i + 1 < argc) {
      values[k] = argv[++i];
    } else {
      return usage_error(cmd, "option '%s' needs a value", a);
    }
  }
  return -1; /* ok */
}

int take_option(const Command *cmd, int *argc, char **argv, const char *name, const char **out,
                int max) {
  size_t len = strlen(name);
  int n = 0, k = 1;
  for (int i = 1; i < *argc; i++) {
    const char *a = argv[i], *v = NULL;
    if (strncmp(a, "--", 2) == 0 && strncmp(a + 2, name, len) == 0 && a[2 + len] == '=') {
      v = a + 3 + len;
    } else if (strncmp(a, "--", 2) == 0 && strcmp(a + 2, name) == 0) {
      if (i + 1 == *argc) return usage_error(cmd, "option '%s' needs a value", a), -1;
      v = argv[++i];
    } else {
      argv[k++] = argv[i]; /* keep everything else, in order */
      continue;
    }
    if (n == max) return usage_error(cmd, "at most %d --%s options", max, name), -1;
    out[n++] = v;
  }
  *argc = k;
  return n;
}

Store *cli_store(Cli *cli) {
  char err[512];
  Store *s = store_open(cli->db, err, sizeof err);
  if (!s) fprintf(stderr, "shinchoku: %s\n", err);
  return s;
}

Store *cli_store_ready(Cli *cli) {
  char err[512];
  Store *s = cli_store(cli);
  if (s && store_init(s, err, sizeof err) != 0) {
    fprintf(stderr, "shinchoku: %s\n", err);
    store_close(s);
    return NULL;
  }
  return s;
}

const char *cli_actor(void) {
  static char actor[96];
  if (!actor[0]) {
    const struct passwd *pw = getpwuid(geteuid());
    const char *name = pw ? pw->pw_name : getenv("USER");
    snprintf(actor, sizeof actor, "os:%s", name && *name ? name : "unknown");
  }
  return actor;
}

Plan *cli_load_plan(Store *s, const char *id) {
  char err[512];
  Plan *p = NULL;
  if (store_load(s, id, &p, err, sizeof err) != 0) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return NULL;
  }
  if (!p) fprintf(stderr, "shinchoku: no plan with id '%s' (see `shinchoku plans`)\n", id);
  return p;
}

int cli_year(const Command *cmd, const char *text, int *year) {
  if (fy_parse(text, 2018, year) == 0) return 0;
  usage_error(cmd, "'%s' is not a fiscal year (write 2023, R5 or 令和5年度)", text);
  return -1;
}

int cli_plan_year(const Command *cmd, const Plan *p, const char *text, int *year) {
  if (cli_year(cmd, text, year)) return -1;
  if (*year >= p->first_year && *year <= p->last_year) return 0;
  usage_error(cmd, "%d is outside the plan's years %d–%d", *year, p->first_year, p->last_year);
  return -1;
}

/* Global options before COMMAND; returns the index of COMMAND, or -1 - exit status. */
static int global_options(int argc, char **argv, const char **db, const char **config) {
  int i = 1;
  for (; i < argc && strncmp(argv[i], "-", 1) == 0; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      print_usage(stdout);
      return -1 - EXIT_OK;
    } else if (strcmp(argv[i], "--version") == 0) {
      return -1 - cmd_version(NULL, 1, argv);
    } else if ((strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--config") == 0) && i + 1 < argc) {
      *(argv[i][2] == 'd' ? db : config) = argv[i + 1];
      i++;
    } else if (strncmp(argv[i], "--db=", 5) == 0) {
      *db = argv[i] + 5;
    } else if (strncmp(argv[i], "--config=", 9) == 0) {
      *config = argv[i] + 9;
    } else {
      return -1 - usage_error(NULL, "unknown option '%s' (see shinchoku --help)", argv[i]);
    }
  }
  return i;
}

int main(int argc, char **argv) {
  Cli cli = {0};
  const char *db = NULL, *config = NULL;
  int i = global_options(argc, argv, &db, &config);
  if (i < 0) return -1 - i;
  if (i == argc) {
    print_usage(stderr);
    return EXIT_USAGE;
  }
  if (strcmp(argv[i], "help") == 0) return run_help(argc - i, argv + i);
  const Command *cmd = find_command(argv[i]);
  if (!cmd) return usage_error(NULL, "unknown command '%s' (see shinchoku --help)", argv[i]);
  for (int k = i + 1; k < argc; k++)
    if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
      help_command(cmd, stdout);
      return EXIT_OK;
    }
  char err[512];
  if (conf_load(&cli.conf, config, err, sizeof err)) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return EXIT_FINDING;
  }
  cli.db_flag = db;
  cli.db = conf_value(&cli.conf, CONF_STORE, db, NULL);
  int rc = cmd->run(&cli, argc - i, argv + i);
  conf_free(&cli.conf);
  return rc;
}
