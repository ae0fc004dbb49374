/* SPDX-License-Identifier: Apache-2.0 */
/*
** cli.h — what the command implementations share: the command table entry, the parsed
** global options, and helpers for options, the store and messages.
*/
#ifndef SHINCHOKU_CLI_H
#define SHINCHOKU_CLI_H

#include "../model/plan.h"
#include "../store/store.h"
#include "config.h"
#include <stdio.h>

/* Exit statuses (design.md): 0 success, 1 a finding or bad input, 2 usage. */
enum { EXIT_OK = 0, EXIT_FINDING = 1, EXIT_USAGE = 2 };

typedef struct Cli {
  const char *db;      /* SHINCHOKU_DB, --db, the file's [store] uri or ./shinchoku.db */
  const char *db_flag; /* --db as given, or NULL */
  Conf conf;           /* the configuration file (config.h) */
} Cli;

typedef struct Command {
  const char *name;
  int (*run)(Cli *cli, int argc, char **argv);
  const char *usage;
  const char *help;
} Command;

/* Command implementations (one file per group). */
int cmd_init(Cli *cli, int argc, char **argv);
int cmd_import(Cli *cli, int argc, char **argv);
int cmd_export(Cli *cli, int argc, char **argv);
int cmd_plans(Cli *cli, int argc, char **argv);
int cmd_eval(Cli *cli, int argc, char **argv);
int cmd_explain(Cli *cli, int argc, char **argv);
int cmd_check(Cli *cli, int argc, char **argv);
int cmd_serve(Cli *cli, int argc, char **argv);
int cmd_report(Cli *cli, int argc, char **argv);
int cmd_narrative(Cli *cli, int argc, char **argv);
int cmd_snapshot(Cli *cli, int argc, char **argv);
int cmd_user(Cli *cli, int argc, char **argv);
int cmd_period(Cli *cli, int argc, char **argv);
/* `period remind` (cmd_remind.c); argv[0] is "remind". */
int period_remind(Cli *cli, const Command *cmd, int argc, char **argv);
int cmd_municipality(Cli *cli, int argc, char **argv);
int cmd_publish(Cli *cli, int argc, char **argv);
int cmd_unpublish(Cli *cli, int argc, char **argv);
int cmd_audit(Cli *cli, int argc, char **argv);
int cmd_items(Cli *cli, int argc, char **argv);
int cmd_rollover(Cli *cli, int argc, char **argv);
int cmd_sql(Cli *cli, int argc, char **argv);
int cmd_config(Cli *cli, int argc, char **argv);
int cmd_version(Cli *cli, int argc, char **argv);
int cmd_kpi(Cli *cli, int argc, char **argv);
/* `report --kind compare` (report_compare.c): municipalities on one shared KPI and year, in
   format (json or a report format) to path; generated and made date the report. */
int cli_report_compare(Cli *cli, Store *s, const char *code, int year, const char *format,
                       const char *path, const char *generated, long long made);
/* Write report r in format (html, xlsx, csv, md, pdf) to path (NULL or "-": stdout), as
   `report` does (cmd_report.c). An exit status. */
struct Report;
int cli_write_report(const struct Report *r, const char *format, const char *path);

/* Options: `--name VALUE` or `--name=VALUE`. parse_opts fills values[] for the names in
   names[] (NULL-terminated; a name ending in '!' is a flag without value) and rejects
   anything else with a usage message. Positional arguments go to pos[]. */
int parse_opts(const Command *cmd, int argc, char **argv, const char *const *names,
               const char **values, const char **pos, int maxpos);
const Command *find_command(const char *name);
/* An option that may be given more than once (`--department A --department B`): every value
   goes to out[] (at most max), and the option is removed from argv so that parse_opts sees
   the rest. Returns how many, or -1 after a usage message (exit 2). */
int take_option(const Command *cmd, int *argc, char **argv, const char *name, const char **out,
                int max);
/* What an import would change, for --dry-run. */
void print_import_diff(const Plan *prev, const Plan *p);
/* Department entry workbooks (cmd_dept.c): export's --department/--year, and import of a
   filled workbook. values: plan, format, output, department, year. */
int export_department(Cli *cli, const Command *cmd, const char *const *values);
int is_department_workbook(const char *path);
int import_department(Cli *cli, const char *path, int dry_run);
/* A folder without plan.csv holding department workbooks (cmd_dept.c): imported one by one,
   each in its own transaction and reported; exit 1 when any was refused. */
int is_department_folder(const char *path);
int import_department_folder(Cli *cli, const char *path, int dry_run);
int usage_error(const Command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* term.c: data on its way to a terminal, controls escaped ("\x1b", "\r", "\u202e"). tx()
   returns a copy valid until 16 more calls (the command line is single-threaded); NULL
   stays NULL. term_puts keeps the text's own line breaks; term_errors prints each message. */
const char *tx(const char *s);
void term_puts(const char *text, FILE *out);
void term_errors(const Errors *e, FILE *out);

Store *cli_store(Cli *cli);
/* The store, created or upgraded to the current schema (what the staff commands need);
   NULL after printing why. */
Store *cli_store_ready(Cli *cli);
/* Who runs the command, for the audit trail: "os:" and the operating-system user. */
const char *cli_actor(void);
/* subcommand.c: `COMMAND SUB ...` run from a table ending with {NULL}; a missing or unknown
   SUB is a usage error listing the table's names. cli_who is the Actor of cli_actor() via
   "cli". municipality_arg_invalid: 0 when code is a 6-digit code, else the usage error's exit
   code (EXIT_USAGE), saying that what must be one. */
typedef struct Subcommand {
  const char *name;
  int (*run)(Cli *cli, const Command *cmd, int argc, char **argv); /* argv[0] is the name */
} Subcommand;
int run_subcommand(Cli *cli, const Command *cmd, const Subcommand *subs, int argc, char **argv);
struct Actor;
const struct Actor *cli_who(void);
int municipality_arg_invalid(const Command *cmd, const char *what, const char *code);
/* Load a plan by id; prints the error and returns NULL when there is none. */
Plan *cli_load_plan(Store *s, const char *id);
/* The plan's last import time from the store's list, malloc'd (NULL when unknown). */
char *cli_plan_updated(Store *s, const char *id);
/* Plan plan as its snapshot name (or its meeting's latest) froze it; sn gets the record
   (snapshot_clear it). NULL after saying why on stderr. */
struct Snapshot;
Plan *cli_load_snapshot(Store *s, const char *plan, const char *name, struct Snapshot *sn);
/* Parse a fiscal year option in any form. */
int cli_year(const Command *cmd, const char *text, int *year);
/* The same, and refused (exit 2) outside the plan's years. */
int cli_plan_year(const Command *cmd, const Plan *p, const char *text, int *year);

#endif
