/* SPDX-License-Identifier: Apache-2.0 */
/*
** fuzz.h — what the libFuzzer targets in test/fuzz/ share: the input written to a scratch
** file (the parsers read paths, as the importer does), the sample plan a target builds on,
** and an abort that names the broken property. FUZZ_ROOT is the repository (set by the
** Makefile), so the targets find samples/ wherever they are run from.
*/
#ifndef SHINCHOKU_FUZZ_H
#define SHINCHOKU_FUZZ_H

#include "formats/sheet.h"
#include "formats/xchg.h"
#include "model/util.h"
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif

static char fuzz_dir_path[64];

/* At exit: the scratch folder and what is in it (files only: nothing makes folders). */
static inline void fuzz_dir_remove(void) {
  DIR *d = opendir(fuzz_dir_path);
  for (struct dirent *e; d && (e = readdir(d));) {
    char path[400];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir_path, e->d_name);
    if (e->d_name[0] != '.') unlink(path);
  }
  if (d) closedir(d);
  rmdir(fuzz_dir_path);
}

/* A scratch folder of this process, made once (in /dev/shm when there is one), removed at
   exit. */
static inline const char *fuzz_dir(void) {
  char *dir = fuzz_dir_path;
  if (!dir[0]) {
    snprintf(dir, sizeof fuzz_dir_path, "%s/shinchoku-fuzz-XXXXXX",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir)) {
      perror("fuzz: mkdtemp");
      abort();
    }
    atexit(fuzz_dir_remove);
  }
  return dir;
}

/* Write the bytes to fuzz_dir()/name and return the path (static storage). */
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size) {
  static char path[256];
  snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
  FILE *f = fopen(path, "wb");
  if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
    perror(path);
    abort();
  }
  return path;
}

/* A NUL-terminated copy of the input (caller frees). */
static inline char *fuzz_text(const uint8_t *data, size_t size) {
  char *s = xmalloc(size + 1);
  memcpy(s, data, size);
  s[size] = 0;
  return s;
}

/* A property every input must keep did not hold: stop, so libFuzzer keeps the input. */
#define FUZZ_ASSERT(cond)                                                                          \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "fuzz: %s:%d: property failed: %s\n", __FILE__, __LINE__, #cond);            \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

/* Read a sample plan folder (samples/NAME) as sheets, or stop. */
static inline void fuzz_sample_book(const char *name, Book *b) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s/samples/%s", FUZZ_ROOT, name);
  Errors errs = {0};
  if (book_read_dir(dir, b, &errs) != 0) {
    errors_print(&errs, stderr);
    abort();
  }
  errors_free(&errs);
}

/* A sample plan, validated, or stop. */
static inline Plan *fuzz_sample_plan(const char *name) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s/samples/%s", FUZZ_ROOT, name);
  Errors errs = {0};
  Plan *p = xchg_read_path(dir, &errs);
  if (!p) {
    errors_print(&errs, stderr);
    abort();
  }
  errors_free(&errs);
  return p;
}

#endif
