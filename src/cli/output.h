/* SPDX-License-Identifier: Apache-2.0 */
/*
** output.h — `-o -`: a command that writes a file can write it to standard output instead.
** Writers that need a file name (libxlsxwriter) write a temporary file, copied out after.
*/
#ifndef SHINCHOKU_OUTPUT_H
#define SHINCHOKU_OUTPUT_H

typedef struct Output {
  char tmp[64]; /* the temporary file when writing to standard output, else "" */
} Output;

/* 1 when path is "-". */
int output_is_stdout(const char *path);
/* The name to write to: path itself, or for "-" a new temporary file (NULL after saying why). */
const char *output_open(Output *o, const char *path);
/* After the writer: copy a temporary file to standard output (when ok) and remove it.
   0, or -1 after saying why. */
int output_close(Output *o, int ok);

#endif
