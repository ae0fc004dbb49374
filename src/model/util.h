/* SPDX-License-Identifier: Apache-2.0 */
/*
** util.h — small building blocks shared by every layer: checked allocation, a string arena,
** a growable byte buffer, growable arrays, a string-keyed hash index and collected errors.
** Nothing here knows about plans.
*/
#ifndef SHINCHOKU_UTIL_H
#define SHINCHOKU_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grow an array held as (ptr, count, capacity) so that one more element fits. */
#define VEC_PUSH(ptr, count, cap)                                                                  \
  do {                                                                                             \
    if ((count) == (cap)) {                                                                        \
      (cap) = (cap) ? (cap)*2 : 16;                                                                \
      (ptr) = xrealloc((ptr), (size_t)(cap) * sizeof *(ptr));                                      \
    }                                                                                              \
  } while (0)

/* A string arena: many small strings freed at once. */
typedef struct Arena {
  struct ArenaBlock *head;
} Arena;
char *arena_strdup(Arena *a, const char *s); /* NULL and "" both give NULL */
char *arena_strndup(Arena *a, const char *s, size_t n);
void *arena_alloc(Arena *a, size_t n);
/* n pointers, aligned for pointers only (a table of millions of rows packs tighter) */
void *arena_alloc_ptrs(Arena *a, size_t n);
void arena_free(Arena *a);
/* Move every string of from into a (freed with it); from is left empty. */
void arena_adopt(Arena *a, Arena *from);

/* A growable NUL-terminated byte buffer. */
typedef struct Buf {
  char *s;
  size_t len, cap;
} Buf;
void buf_put(Buf *b, const char *s);
void buf_putn(Buf *b, const char *s, size_t n);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
char *buf_detach(Buf *b); /* caller frees; buffer left empty */
void buf_free(Buf *b);

/* The rest of stream f as a NUL-terminated string (it may also hold NULs: *len counts every
   byte); "" for an empty stream. Caller frees. */
char *read_stream(FILE *f, size_t *len);
/* The whole file at path the same way, or NULL (errno set) when it cannot be opened. */
char *read_file(const char *path, size_t *len);

/* Group members by owner (a counting sort): the members of owner o, in their original order,
   are list[start[o]] .. list[start[o + 1] - 1]. Members whose owner is negative are left out.
   Both arrays are malloc'd; the caller frees them. */
void group_members(int nowners, int nmembers, const int *owner_of, int **start, int **list);

/* FNV-1a: continue hash h (start with FNV1A_INIT) over n bytes. Not for secrets; for hash
   tables, ETags and fingerprints of form values. */
#define FNV1A_INIT UINT64_C(14695981039346656037)
uint64_t fnv1a(uint64_t h, const void *data, size_t n);

/* A hash index from string keys to int values (the keys are not copied). */
typedef struct StrMap {
  const char **keys;
  int *vals;
  size_t cap, count;
} StrMap;
void strmap_put(StrMap *m, const char *key, int val); /* replaces */
int strmap_get(const StrMap *m, const char *key);     /* -1 when absent */
void strmap_free(StrMap *m);

/* Collected errors: each names where (file, row, column) and what. */
typedef struct Errors {
  char **msgs;
  int count, cap;
} Errors;
void errors_add(Errors *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void errors_print(const Errors *e, FILE *out);
void errors_free(Errors *e);

/* Split a '|'-separated list in place-free form: calls fn for each trimmed, non-empty part. */
typedef void (*list_fn)(const char *part, size_t len, void *ctx);
void list_each(const char *s, list_fn fn, void *ctx);

#endif
