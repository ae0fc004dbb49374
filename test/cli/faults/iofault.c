/* SPDX-License-Identifier: Apache-2.0 */
/*
** iofault.c — an LD_PRELOAD shim that makes the store's file system fail on purpose, for
** test/cli/faults.sh. It acts only on files whose path contains $IOFAULT_PATH:
**   IOFAULT=full     writes succeed until $IOFAULT_BYTES bytes in all have been written to
**                    such files, then fail with ENOSPC (a disk that fills up mid-write);
**   IOFAULT=readonly opening such a file for writing fails with EROFS (a read-only file
**                    system: SQLite then opens it read-only and every write is refused).
** Everything else passes through to the C library.
*/
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static long long written; /* bytes written so far to the files watched */

static int watched_path(const char *path) {
  const char *want = getenv("IOFAULT_PATH");
  return want && *want && path && strstr(path, want);
}

static int watched_fd(int fd) {
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, sizeof path - 1);
  if (n < 0) return 0;
  path[n] = 0;
  return watched_path(path);
}

static const char *mode(void) {
  const char *m = getenv("IOFAULT");
  return m ? m : "";
}

/* 1 (errno ENOSPC) when this write of n bytes to fd must fail. */
static int disk_full(int fd, size_t n) {
  if (strcmp(mode(), "full") != 0 || !watched_fd(fd)) return 0;
  long long budget = atoll(getenv("IOFAULT_BYTES") ? getenv("IOFAULT_BYTES") : "0");
  if (written + (long long)n > budget) {
    errno = ENOSPC;
    return 1;
  }
  written += (long long)n;
  return 0;
}

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef ssize_t (*pwrite64_fn)(int, const void *, size_t, off64_t);
typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);

/* The C library's own function of that name, looked up once. */
#define REAL(name, type)                                                                           \
  static type real_##name;                                                                         \
  if (!real_##name) real_##name = (type)dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t n) {
  REAL(write, write_fn);
  return disk_full(fd, n) ? -1 : real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
  REAL(pwrite, pwrite_fn);
  return disk_full(fd, n) ? -1 : real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off) {
  REAL(pwrite64, pwrite64_fn);
  return disk_full(fd, n) ? -1 : real_pwrite64(fd, buf, n, off);
}

/* Opening for writing fails on a read-only file system. */
static int refuse_open(const char *path, int flags) {
  if (strcmp(mode(), "readonly") != 0 || !watched_path(path) || (flags & O_ACCMODE) == O_RDONLY)
    return 0;
  errno = EROFS;
  return 1;
}

int open(const char *path, int flags, ...) {
  REAL(open, open_fn);
  va_list ap;
  va_start(ap, flags);
  mode_t m = (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
  va_end(ap);
  return refuse_open(path, flags) ? -1 : real_open(path, flags, m);
}

int open64(const char *path, int flags, ...) {
  REAL(open64, open_fn);
  va_list ap;
  va_start(ap, flags);
  mode_t m = (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
  va_end(ap);
  return refuse_open(path, flags) ? -1 : real_open64(path, flags, m);
}

int openat(int dirfd, const char *path, int flags, ...) {
  REAL(openat, openat_fn);
  va_list ap;
  va_start(ap, flags);
  mode_t m = (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
  va_end(ap);
  return refuse_open(path, flags) ? -1 : real_openat(dirfd, path, flags, m);
}
