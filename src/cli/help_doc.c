/* SPDX-License-Identifier: Apache-2.0 */
/*
** help_doc.c — the words of the documentation: every command's options and examples, the
** global options, the exit statuses, environment and files. Printed by help.c as --help text
** and as the man pages; the one place to change them.
*/
#include "help.h"
#include <string.h>

static const CommandDoc docs[] = {
    {"init", {{0}}, {"--db /var/lib/shinchoku/shinchoku.db init"}},
    {"import",
     {{"PATH",
       "CSV のフォルダ、.json か .xlsx、または所管課の入力用ワークブック (the plan to read)"},
      {"--dry-run",
       "取り込まず、変わる内容だけを表示します (show what would change; store nothing)"},
      {"--encoding auto|utf-8|cp932", "CSV の文字コード。既定 auto は自動判定 (CSV encoding)"}},
     {"import samples/003-shibata --dry-run", "import shibata.xlsx",
      "import cp932-folder --encoding cp932"}},
    {"export",
     {{"--plan ID", "書き出す計画 (the plan)"},
      {"--format dir|excel-csv|json|xlsx|opendata", "形式。既定は dir (the format; default dir)"},
      {"-o PATH, --output PATH",
       "書き出し先。- は標準出力 (json, xlsx, one department; - is standard output)"},
      {"--encoding utf-8|cp932",
       "excel-csv の文字コード。cp932 は古い Excel 向け (excel-csv only)"},
      {"--department NAME|all", "所管課の入力用ワークブックを書き出します (department workbooks)"},
      {"--year FY", "入力用ワークブックの年度 2023, R5, 令和5年度 (the workbook's year)"}},
     {"export --plan shibata-dx --format json -o shibata.json",
      "export --plan shibata-dx --format opendata -o opendata/",
      "export --plan shibata-dx --format excel-csv --encoding cp932 -o shibata-csv/",
      "export --plan kagoshima-dx --department all --year R5 --format xlsx -o entry/"}},
    {"plans", {{0}}, {"plans"}},
    {"eval",
     {{"--plan ID", "評価する計画 (the plan)"},
      {"--year FY", "年度 2023, R5, 令和5年度。既定はすべての年度 (one fiscal year)"},
      {"--variant NAME", "計画の評価方針の別案 (a variant of the plan's policy)"},
      {"--format text|csv|json", "出力形式。既定は text (output format)"}},
     {"eval --plan kagoshima-dx --year R5", "eval --plan kagoshima-dx --year 2023 --format json"}},
    {"explain",
     {{"--plan ID", "計画 (the plan)"},
      {"--node ID|NUMBER", "説明するノード (a node by id or number)"},
      {"--indicator ID", "説明する指標 (an indicator)"},
      {"--year FY", "年度 (the fiscal year)"},
      {"--variant NAME", "評価方針の別案 (a policy variant)"}},
     {"explain --plan kagoshima-dx --indicator I19-1 --year 2023"}},
    {"check",
     {{"--plan ID", "照合する計画 (the plan)"},
      {"--format text|json", "出力形式。既定は text (output format)"}},
     {"check --plan kagoshima-4th"}},
    {"items",
     {{"--plan ID", "計画 (the plan)"},
      {"--year FY", "年度 (the fiscal year)"},
      {"--as-of DATE", "この日付の時点で判定。既定は今日（日本時間） (default: today in JST)"},
      {"--format text|json", "出力形式。既定は text (output format)"}},
     {"items --plan kashima-action --as-of 2024-11-01"}},
    {"sql",
     {{0}},
     {"sql 'SELECT id, name FROM plans'"}},
    {"report",
     {{"--plan ID", "計画 (the plan)"},
      {"--kind summary|status|issues|department|roadmap|policy|sheets|packet|changes",
       "資料の種類。packet は会次第と資料一式の PDF、changes は --snapshot からの変更 (the kind; "
       "packet: the meeting's PDF; changes: what changed since --snapshot)"},
      {"--year FY", "年度。既定は達成状況のある最新の年度 (default: the latest graded year)"},
      {"--format html|xlsx|csv|md|pdf", "出力形式 (output format)"},
      {"-o FILE, --output FILE", "書き出し先。既定と - は標準出力 (default and -: standard output)"},
      {"--variant NAME", "資料の別案、例 資料2 (a variant such as 資料2)"},
      {"--meeting ID|NAME",
       "packet の会議。既定は計画の最新の会議 (the meeting of the packet; default: the latest)"},
      {"--snapshot NAME",
       "スナップショットの時点の計画から作ります (from a snapshot: the plan as it stood)"},
      {"--against NAME",
       "changes で比べる後のスナップショット。既定は現在の計画 (changes: the later snapshot; "
       "default: now)"}},
     {"report --plan kagoshima-4th --kind summary --year R3 --format html -o summary.html",
      "report --plan kagoshima-dx --kind packet --format pdf -o 委員会資料.pdf",
      "report --plan kagoshima-4th --kind status --variant 資料2 --format xlsx -o status.xlsx",
      "report --plan kagoshima-4th --kind changes --snapshot R3-2 --format md"}},
    {"narrative",
     {{"--plan ID", "計画 (the plan)"},
      {"--node ID|NUMBER", "本文を付けるノード (the node)"},
      {"--year FY", "年度 (the fiscal year)"},
      {"--file PATH|-", "本文のファイル。- は標準入力 (the text; - reads standard input)"},
      {"--clear", "本文を消して自動の文に戻します (remove the text)"},
      {"--author NAME", "書いた人。既定は $USER (who wrote it)"}},
     {"narrative --plan kagoshima-dx --node BP1 --year R5 --file text.txt",
      "narrative --plan kagoshima-dx --node BP1 --year R5"}},
    {"snapshot",
     {{"--plan ID", "計画 (the plan)"},
      {"--meeting ID|NAME", "会議。meetings.csv の ID か会議名 (the meeting)"},
      {"--name NAME", "スナップショットの名前。既定は会議の ID (default: the meeting's id)"},
      {"--list", "計画のスナップショットの一覧 (list the plan's snapshots)"}},
     {"snapshot --plan kagoshima-4th --meeting R3-2",
      "report --plan kagoshima-4th --snapshot R3-2 --kind status --format pdf -o status.pdf",
      "snapshot --plan kagoshima-4th --list"}},
    {"serve",
     {{"--listen ADDR:PORT",
       "待ち受けるアドレス。既定 127.0.0.1:8080、ポートは 1〜65535 (0 は空きポート)"},
      {"--secure-cookies", "Cookie に Secure を付けます (behind a TLS proxy)"},
      {"--log-format combined|json", "アクセスログの形式。既定は combined (access log format)"},
      {"--public-url URL", "利用者に見える公開 URL (the public base URL)"}},
     {"serve", "serve --listen 0.0.0.0:8080 --log-format json",
      "--config /etc/shinchoku/shinchoku.conf serve"}},
    {"user",
     {{"add LOGIN", "アカウントを作ります。パスワードは標準入力の1行 (add an account)"},
      {"list", "アカウントの一覧 (list accounts)"},
      {"passwd LOGIN", "パスワードを変えます (change the password)"},
      {"disable LOGIN, enable LOGIN", "アカウントを止める・戻す (disable or enable)"},
      {"--role admin|editor|reviewer", "役割: 事務局・所管課・委員 (the role)"},
      {"--department NAME", "所管課。何度でも指定できます (a department; repeatable)"},
      {"--name TEXT", "表示する名前 (the display name)"}},
     {"user add jimukyoku --role admin",
      "user add hanako --role editor --department デジタル戦略推進課 --name \"市役所 花子\"",
      "user list"}},
    {"period",
     {{"open, close", "入力期間を開始・締切します (open or close a period)"},
      {"list", "入力期間の一覧 (list periods)"},
      {"--plan ID", "計画 (the plan)"},
      {"--year FY", "年度 (the fiscal year)"}},
     {"period open --plan kagoshima-dx --year R6", "period list"}},
    {"audit",
     {{"--plan ID", "計画で絞り込みます (rows of one plan)"},
      {"--subject ID", "ノードか指標で絞り込みます (rows of one subject)"},
      {"--user LOGIN", "変更した人で絞り込みます (rows by one account)"},
      {"--limit N", "最新の N 行 (the newest N rows)"},
      {"--format text|csv", "出力形式 (output format)"},
      {"--verify", "改ざんを検査します。見つかれば終了コード 1 (check the SHA-256 chain)"}},
     {"audit --plan kagoshima-dx --limit 20", "audit --verify"}},
    {"config",
     {{"--format text|ini", "text は値と出どころ、ini は設定ファイルの形 (output format)"}},
     {"config", "--config /etc/shinchoku/shinchoku.conf config --format ini"}},
    {"version", {{0}}, {"version", "--version"}},
};

const CommandDoc *help_doc(const char *name) {
  for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
    if (strcmp(docs[i].name, name) == 0) return &docs[i];
  return NULL;
}

/* Options before COMMAND. */
const OptionDoc help_global_options[] = {
    {"--db PATH", "ストア（SQLite ファイル）。既定 ./shinchoku.db (the store)"},
    {"--config FILE", "設定ファイル。既定 "
                      "/etc/shinchoku/shinchoku.conf"
                      "（あれば） (the configuration file)"},
    {"--version", "版を表示します (print the version)"},
    {"-h, --help",
     "使い方を表示します。どのコマンドの後でも使えます (help; after any command too)"},
    {NULL, NULL},
};

/* The exit statuses of every command: the one place they are documented. */
const OptionDoc help_exit_codes[] = {
    {"0", "成功 (success)"},
    {"1",
     "見つかった問題か受け付けられない入力: check の不一致、audit --verify の改ざん、取り込みの"
     "誤り、ストアや設定ファイルの誤り、待ち受けできないアドレス (a finding or bad input)"},
    {"2", "使い方の誤り: 知らないオプション、値のないオプション、範囲外の値 (usage)"},
    {NULL, NULL},
};

/* Files the program reads. */
const OptionDoc help_files[] = {
    {"/etc/shinchoku/shinchoku.conf", "設定ファイル、shinchoku.conf(5) (the configuration)"},
    {"/var/lib/shinchoku/shinchoku.db", "パッケージのサービスのストア (the service's store)"},
    {"./shinchoku.db", "設定がないときのストア (the store when nothing else is set)"},
    {NULL, NULL},
};
