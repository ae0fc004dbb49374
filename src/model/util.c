/* SPDX-License-Identifier: Apache-2.0 */
/*
** util.c — the shared building blocks declared in util.h: allocation that aborts on out of
** memory, a string arena, a growable buffer, a string-keyed hash index (open addressing,
** FNV-1a), collected error messages and '|'-separated list splitting.
*/
#include "util.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---- checked allocation ---- */

static void out_of_memory(size_t n) {
  fprintf(stderr, "shinchoku: out of memory (%zu bytes)\n", n);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) out_of_memory(n);
  return p;
}

void *xcalloc(size_t count, size_t size) {
  if (count == 0 || size == 0) count = size = 1;
  void *p = calloc(count, size);
  if (!p) out_of_memory(size && count > SIZE_MAX / size ? SIZE_MAX : count * size);
  return p;
}

void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) out_of_memory(n);
  return q;
}

/* NULL gives NULL. */
char *xstrdup(const char *s) {
  if (!s) return NULL;
  return xstrndup(s, strlen(s));
}

/* Copies at most n bytes (fewer if s ends sooner); NULL gives NULL. */
char *xstrndup(const char *s, size_t n) {
  if (!s) return NULL;
  size_t len = strnlen(s, n);
  char *p = xmalloc(len + 1);
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

/* ---- arena ---- */

#define ARENA_BLOCK_SIZE ((size_t)64 * 1024)

struct ArenaBlock {
  struct ArenaBlock *next;
  size_t used, cap;
  alignas(max_align_t) unsigned char data[];
};

static struct ArenaBlock *arena_new_block(size_t cap) {
  struct ArenaBlock *b = xmalloc(sizeof *b + cap);
  b->next = NULL;
  b->used = 0;
  b->cap = cap;
  return b;
}

/* Take n bytes aligned to `align` (a power of two). */
static void *arena_take(Arena *a, size_t n, size_t align) {
  struct ArenaBlock *b = a->head;
  if (b) {
    size_t start = (b->used + align - 1) & ~(align - 1);
    if (start <= b->cap && b->cap - start >= n) {
      b->used = start + n;
      return b->data + start;
    }
  }
  if (n > ARENA_BLOCK_SIZE / 4) {
    /* A large piece gets a block of its own, kept behind the current one. */
    struct ArenaBlock *big = arena_new_block(n);
    big->used = n;
    if (b) {
      big->next = b->next;
      b->next = big;
    } else {
      a->head = big;
    }
    return big->data;
  }
  struct ArenaBlock *fresh = arena_new_block(ARENA_BLOCK_SIZE);
  fresh->next = b;
  fresh->used = n;
  a->head = fresh;
  return fresh->data;
}

void *arena_alloc(Arena *a, size_t n) {
  return arena_take(a, n ? n : 1, alignof(max_align_t));
}
void *arena_alloc_ptrs(Arena *a, size_t n) {
  return arena_take(a, (n ? n : 1) * sizeof(void *), alignof(void *));
}

void arena_adopt(Arena *a, Arena *from) {
  if (!from->head) return;
  struct ArenaBlock *tail = from->head;
  while (tail->next)
    tail = tail->next;
  /* from's blocks go after a's head, so that a's partly used head stays the one it fills */
  if (a->head) {
    tail->next = a->head->next;
    a->head->next = from->head;
  } else
    a->head = from->head;
  from->head = NULL;
}

char *arena_strdup(Arena *a, const char *s) {
  if (!s || !*s) return NULL;
  return arena_strndup(a, s, strlen(s));
}

/* At most n bytes of s; NULL and "" (also when n is 0) give NULL, like arena_strdup. */
char *arena_strndup(Arena *a, const char *s, size_t n) {
  if (!s) return NULL;
  size_t len = strnlen(s, n);
  if (len == 0) return NULL;
  char *p = arena_take(a, len + 1, 1);
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

void arena_free(Arena *a) {
  struct ArenaBlock *b = a->head;
  while (b) {
    struct ArenaBlock *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
}

/* ---- buffer ---- */

/* Make room for n more bytes plus the terminating NUL. */
static void buf_reserve(Buf *b, size_t n) {
  if (b->len + n + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + n + 1)
    cap *= 2;
  b->s = xrealloc(b->s, cap);
  b->cap = cap;
}

void buf_putn(Buf *b, const char *s, size_t n) {
  buf_reserve(b, n);
  if (n) memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void buf_put(Buf *b, const char *s) {
  buf_putn(b, s, strlen(s));
}

void buf_putc(Buf *b, char c) {
  buf_putn(b, &c, 1);
}

void buf_vprintf(Buf *b, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  if (n > 0) {
    buf_reserve(b, (size_t)n);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, again);
    b->len += (size_t)n;
  } else {
    buf_reserve(b, 0);
    b->s[b->len] = '\0';
  }
  va_end(again);
}

void buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(b, fmt, ap);
  va_end(ap);
}

/* Never NULL: an untouched buffer gives an allocated "". */
char *buf_detach(Buf *b) {
  char *s = b->s ? b->s : xstrdup("");
  b->s = NULL;
  b->len = b->cap = 0;
  return s;
}

void buf_free(Buf *b) {
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
}

/* ---- string map ---- */

uint64_t fnv1a(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= UINT64_C(1099511628211);
  }
  return h;
}

/* The slot holding key, or the empty slot where it belongs. cap is a power of two, never full. */
static size_t strmap_slot(const char **keys, size_t cap, const char *key) {
  size_t i = (size_t)fnv1a(FNV1A_INIT, key, strlen(key)) & (cap - 1);
  while (keys[i] && strcmp(keys[i], key) != 0)
    i = (i + 1) & (cap - 1);
  return i;
}

static void strmap_grow(StrMap *m) {
  size_t cap = m->cap ? m->cap * 2 : 16;
  const char **keys = xcalloc(cap, sizeof *keys);
  int *vals = xcalloc(cap, sizeof *vals);
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->keys[i]) continue;
    size_t j = strmap_slot(keys, cap, m->keys[i]);
    keys[j] = m->keys[i];
    vals[j] = m->vals[i];
  }
  free(m->keys);
  free(m->vals);
  m->keys = keys;
  m->vals = vals;
  m->cap = cap;
}

/* A NULL key is ignored. */
void strmap_put(StrMap *m, const char *key, int val) {
  if (!key) return;
  if ((m->count + 1) * 10 > m->cap * 7) strmap_grow(m);
  size_t i = strmap_slot(m->keys, m->cap, key);
  if (!m->keys[i]) {
    m->keys[i] = key;
    m->count++;
  }
  m->vals[i] = val;
}

int strmap_get(const StrMap *m, const char *key) {
  if (!key || m->cap == 0) return -1;
  size_t i = strmap_slot(m->keys, m->cap, key);
  return m->keys[i] ? m->vals[i] : -1;
}

void strmap_free(StrMap *m) {
  free(m->keys);
  free(m->vals);
  m->keys = NULL;
  m->vals = NULL;
  m->cap = m->count = 0;
}

/* ---- errors ---- */

void errors_add(Errors *e, const char *fmt, ...) {
  Buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  VEC_PUSH(e->msgs, e->count, e->cap);
  e->msgs[e->count++] = buf_detach(&b);
}

void errors_print(const Errors *e, FILE *out) {
  for (int i = 0; i < e->count; i++)
    fprintf(out, "%s\n", e->msgs[i]);
}

void errors_free(Errors *e) {
  for (int i = 0; i < e->count; i++)
    free(e->msgs[i]);
  free(e->msgs);
  e->msgs = NULL;
  e->count = e->cap = 0;
}

/* ---- lists ---- */

static bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Length of the white space (ASCII or U+3000) at the start of s[0..n). */
static size_t space_at_start(const char *s, size_t n) {
  if (n >= 1 && is_ascii_space(s[0])) return 1;
  if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) return 3;
  return 0;
}

/* Length of the white space (ASCII or U+3000) at the end of s[0..n). */
static size_t space_at_end(const char *s, size_t n) {
  if (n >= 1 && is_ascii_space(s[n - 1])) return 1;
  if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0) return 3;
  return 0;
}

static void list_part(const char *s, size_t n, list_fn fn, void *ctx) {
  size_t k;
  while ((k = space_at_start(s, n)) > 0) {
    s += k;
    n -= k;
  }
  while ((k = space_at_end(s, n)) > 0)
    n -= k;
  if (n > 0) fn(s, n, ctx);
}

void list_each(const char *s, list_fn fn, void *ctx) {
  if (!s) return;
  for (;;) {
    const char *bar = strchr(s, '|');
    size_t n = bar ? (size_t)(bar - s) : strlen(s);
    list_part(s, n, fn, ctx);
    if (!bar) break;
    s = bar + 1;
  }
}

void group_members(int nowners, int nmembers, const int *owner_of, int **start, int **list) {
  *start = xcalloc((size_t)nowners + 1, sizeof(int));
  *list = xmalloc(((size_t)nmembers + 1) * sizeof(int));
  for (int m = 0; m < nmembers; m++)
    if (owner_of[m] >= 0) (*start)[owner_of[m] + 1]++;
  for (int o = 0; o < nowners; o++)
    (*start)[o + 1] += (*start)[o];
  int *fill = xmalloc(((size_t)nowners + 1) * sizeof(int));
  memcpy(fill, *start, ((size_t)nowners + 1) * sizeof(int));
  for (int m = 0; m < nmembers; m++)
    if (owner_of[m] >= 0) (*list)[fill[owner_of[m]]++] = m;
  free(fill);
}

char *read_stream(FILE *f, size_t *len) {
  Buf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    buf_putn(&b, chunk, n);
  if (!b.s) buf_put(&b, "");
  *len = b.len;
  return b.s;
}

char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *s = read_stream(f, len);
  fclose(f);
  return s;
}
