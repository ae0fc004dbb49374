/* SPDX-License-Identifier: Apache-2.0 */
/*
** journal.c — the sd-daemon priority prefix on stderr when it is connected to the journal
** (systemd sets JOURNAL_STREAM to the device and inode of that stream; see sd-daemon(3)).
*/
#include "journal.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1 when JOURNAL_STREAM is "DEV:INODE" of our stderr. Checked once. */
static int on_journal(void) {
  static int known = 0, yes = 0;
  if (!known) {
    const char *js = getenv("JOURNAL_STREAM");
    unsigned long long dev, ino;
    struct stat st;
    yes = js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 && fstat(STDERR_FILENO, &st) == 0 &&
          (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
    known = 1;
  }
  return yes;
}

const char *journal_prefix(int priority) {
  static const char *const prefixes[] = {"<0>", "<1>", "<2>", "<3>", "<4>", "<5>", "<6>", "<7>"};
  if (!on_journal()) return "";
  return prefixes[priority < 0 ? 0 : priority > 7 ? 7 : priority];
}

void journal_say(int priority, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  flockfile(stderr);
  fprintf(stderr, "%sshinchoku: ", journal_prefix(priority));
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  funlockfile(stderr);
  va_end(ap);
}
