/* SPDX-License-Identifier: Apache-2.0 */
/*
** output.c — writing a command's file to standard output for `-o -` (output.h).
*/
#include "output.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int output_is_stdout(const char *path) {
  return path && strcmp(path, "-") == 0;
}

const char *output_open(Output *o, const char *path) {
  o->tmp[0] = 0;
  if (!output_is_stdout(path)) return path;
  const char *dir = getenv("TMPDIR");
  snprintf(o->tmp, sizeof o->tmp, "%s/shinchoku-XXXXXX",
           dir && *dir && strlen(dir) < 40 ? dir : "/tmp");
  int fd = mkstemp(o->tmp);
  if (fd < 0) {
    perror("shinchoku: temporary file for -o -");
    o->tmp[0] = 0;
    return NULL;
  }
  close(fd);
  return o->tmp;
}

int output_close(Output *o, int ok) {
  if (!o->tmp[0]) return 0;
  int rc = 0;
  FILE *in = ok ? fopen(o->tmp, "rb") : NULL;
  if (ok && !in) rc = -1;
  if (in) {
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
      if (fwrite(buf, 1, n, stdout) != n) rc = -1;
    if (ferror(in) || fflush(stdout) != 0) rc = -1;
    fclose(in);
  }
  if (rc) fprintf(stderr, "shinchoku: cannot write to standard output\n");
  unlink(o->tmp);
  o->tmp[0] = 0;
  return rc;
}
