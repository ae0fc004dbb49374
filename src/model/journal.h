/* SPDX-License-Identifier: Apache-2.0 */
/*
** journal.h — messages on stderr that the systemd journal files at the right priority: under
** systemd (JOURNAL_STREAM names our stderr) each line starts with a sd-daemon prefix such as
** <3> (error); elsewhere the lines are plain, as a person at a terminal expects.
*/
#ifndef SHINCHOKU_JOURNAL_H
#define SHINCHOKU_JOURNAL_H

#include <syslog.h> /* LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_INFO */

/* "<N>" when stderr is the journal, else "". */
const char *journal_prefix(int priority);
/* One line on stderr: the prefix, "shinchoku: ", the message and a newline. */
void journal_say(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
