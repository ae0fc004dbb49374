/* SPDX-License-Identifier: Apache-2.0 */
/*
** digest.c — SHA-256 of bytes, files and folders (see digest.h). The hashing itself is
** nettle's; this file only feeds it and prints hex.
*/
#include "digest.h"
#include "util.h"
#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

char *hex_encode(const void *bytes, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  const unsigned char *b = bytes;
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[b[i] >> 4];
    out[2 * i + 1] = digits[b[i] & 15];
  }
  out[2 * n] = '\0';
  return out;
}

int random_bytes(void *buf, size_t n) {
  unsigned char *p = buf;
  while (n > 0) {
    ssize_t got = getrandom(p, n, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return -1;
    p += got;
    n -= (size_t)got;
  }
  return 0;
}

static char *finish(struct sha256_ctx *ctx, char *hex) {
  unsigned char d[SHA256_DIGEST_SIZE];
  sha256_digest(ctx, sizeof d, d);
  return hex_encode(d, sizeof d, hex);
}

char *digest_bytes(const void *data, size_t len, char *hex) {
  struct sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, len, data);
  return finish(&ctx, hex);
}

/* Feed the contents of the file at path; *size gets its length. */
static int feed_file(struct sha256_ctx *ctx, const char *path, unsigned long long *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  unsigned char buf[65536];
  size_t n;
  *size = 0;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    sha256_update(ctx, n, buf);
    *size += n;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) errno = EIO;
  return bad ? -1 : 0;
}

int digest_file(const char *path, char *hex) {
  struct sha256_ctx ctx;
  unsigned long long size;
  sha256_init(&ctx);
  if (feed_file(&ctx, path, &size)) return -1;
  finish(&ctx, hex);
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files directly in folder dir, sorted by name; *n of them. NULL on error. */
static char **folder_files(const char *dir, int *n) {
  DIR *d = opendir(dir);
  if (!d) return NULL;
  char **names = NULL;
  int cap = 0;
  *n = 0;
  for (struct dirent *e; (e = readdir(d));) {
    char *path = NULL;
    struct stat st;
    if (asprintf(&path, "%s/%s", dir, e->d_name) < 0) continue;
    int regular = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    if (!regular) continue;
    VEC_PUSH(names, *n, cap);
    names[(*n)++] = xstrdup(e->d_name);
  }
  closedir(d);
  if (*n) qsort(names, (size_t)*n, sizeof *names, by_name);
  return names ? names : xcalloc(1, sizeof *names);
}

/* Feed one file of a folder: its name, NUL, its size in decimal, NUL, its contents. */
static int feed_member(struct sha256_ctx *ctx, const char *dir, const char *name) {
  char *path = NULL, size_text[32];
  struct stat st;
  unsigned long long read = 0;
  if (asprintf(&path, "%s/%s", dir, name) < 0) return -1;
  int rc = stat(path, &st);
  if (rc == 0) {
    snprintf(size_text, sizeof size_text, "%llu", (unsigned long long)st.st_size);
    sha256_update(ctx, strlen(name) + 1, (const unsigned char *)name);
    sha256_update(ctx, strlen(size_text) + 1, (const unsigned char *)size_text);
    rc = feed_file(ctx, path, &read);
  }
  if (rc == 0 && read != (unsigned long long)st.st_size) { /* changed while being read */
    errno = EAGAIN;
    rc = -1;
  }
  free(path);
  return rc;
}

int digest_folder(const char *path, char *hex) {
  int n, rc = 0;
  char **names = folder_files(path, &n);
  if (!names) return -1;
  struct sha256_ctx ctx;
  sha256_init(&ctx);
  for (int i = 0; i < n; i++) {
    if (rc == 0) rc = feed_member(&ctx, path, names[i]);
    free(names[i]);
  }
  free(names);
  if (rc) return -1;
  finish(&ctx, hex);
  return 0;
}

int digest_path(const char *path, char *hex) {
  struct stat st;
  if (stat(path, &st)) return -1;
  return S_ISDIR(st.st_mode) ? digest_folder(path, hex) : digest_file(path, hex);
}
