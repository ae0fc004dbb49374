/* SPDX-License-Identifier: Apache-2.0 */
/*
** help.h — the one source of the command's documentation: each command's options (a line
** each) and examples, the exit statuses, the environment and files. `--help` prints it as text;
** `shinchoku help --roff` writes the same tables as the man pages shinchoku(1) and
** shinchoku.conf(5), so the two cannot drift.
*/
#ifndef SHINCHOKU_HELP_H
#define SHINCHOKU_HELP_H

#include "cli.h"
#include <stdio.h>

typedef struct OptionDoc {
  const char *flag; /* "--plan ID" */
  const char *text; /* one line */
} OptionDoc;

enum { HELP_MAX_OPTIONS = 12, HELP_MAX_EXAMPLES = 4 };

typedef struct CommandDoc {
  const char *name;
  OptionDoc options[HELP_MAX_OPTIONS];
  const char *examples[HELP_MAX_EXAMPLES]; /* command lines, without "shinchoku " */
} CommandDoc;

/* The documentation of a command, or NULL. */
const CommandDoc *help_doc(const char *name);

/* `shinchoku --help`: every command of the table (ending at a NULL name). */
void help_overview(const Command *commands, FILE *out);
/* `shinchoku COMMAND --help`. */
void help_command(const Command *cmd, FILE *out);
/* The man pages: section 1 (every command of the table) and section 5 (the config file). */
void help_roff_1(const Command *commands, FILE *out);
void help_roff_5(FILE *out);

/* NULL-terminated tables of help_doc.c. */
extern const OptionDoc help_global_options[], help_exit_codes[], help_files[];

#endif
