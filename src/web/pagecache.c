/* SPDX-License-Identifier: Apache-2.0 */
/*
** pagecache.c — what a published site renders, rendered once: a fixed-size hash table from
** the request's path and query to the finished response. A page is the same for every
** visitor (the server caches only public answers that read no cookie or header), so the next
** request for it is answered without rendering, hashing or building headers. The table is
** bounded in entries and bytes, because query strings are the client's to choose; once it is
** full, further pages are simply rendered each time.
*/
#include "pagecache.h"
#include "../model/util.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 8192 /* a power of two, twice MAX_ENTRIES */
#define MAX_ENTRIES 4096
#define MAX_BYTES ((size_t)64 * 1024 * 1024) /* bodies kept, in all */

typedef struct Slot {
  char *key;
  CachedPage page;
} Slot;

struct PageCache {
  pthread_mutex_t lock; /* guards everything below */
  Slot slots[SLOTS];
  int entries;
  size_t bytes;
  uint64_t seed; /* varies the hash, so that chosen query strings cannot make long probes */
};

PageCache *pagecache_new(void) {
  PageCache *c = xcalloc(1, sizeof *c);
  pthread_mutex_init(&c->lock, NULL);
  c->seed = FNV1A_INIT ^ (uint64_t)(uintptr_t)c ^ (uint64_t)time(NULL) * 0x9e3779b97f4a7c15u;
  return c;
}

void pagecache_free(PageCache *c) {
  if (!c) return;
  for (int i = 0; i < SLOTS; i++)
    if (c->slots[i].key) {
      free(c->slots[i].key);
      MHD_destroy_response(c->slots[i].page.full);
      MHD_destroy_response(c->slots[i].page.not_modified);
    }
  pthread_mutex_destroy(&c->lock);
  free(c);
}

/* The slot holding key, or the empty one where it would go (linear probing; never full, as
   entries stay at most half the slots). Called with the lock held. */
static Slot *probe(PageCache *c, const char *key) {
  size_t i = (size_t)fnv1a(c->seed, key, strlen(key)) & (SLOTS - 1);
  while (c->slots[i].key && strcmp(c->slots[i].key, key) != 0)
    i = (i + 1) & (SLOTS - 1);
  return &c->slots[i];
}

const CachedPage *pagecache_get(PageCache *c, const char *key) {
  pthread_mutex_lock(&c->lock);
  Slot *s = probe(c, key);
  const CachedPage *hit = s->key ? &s->page : NULL;
  pthread_mutex_unlock(&c->lock);
  return hit;
}

const CachedPage *pagecache_put(PageCache *c, const char *key, const CachedPage *page) {
  pthread_mutex_lock(&c->lock);
  Slot *s = probe(c, key);
  if (!s->key) {
    int room = c->entries < MAX_ENTRIES && c->bytes + page->len <= MAX_BYTES;
    if (room) {
      s->key = xstrdup(key);
      s->page = *page;
      c->entries++;
      c->bytes += page->len;
    }
    pthread_mutex_unlock(&c->lock);
    return room ? &s->page : NULL; /* full: the page stays the caller's */
  }
  const CachedPage *kept = &s->page;
  pthread_mutex_unlock(&c->lock);
  MHD_destroy_response(page->full);
  MHD_destroy_response(page->not_modified);
  return kept;
}
