/* SPDX-License-Identifier: Apache-2.0 */
/*
** pagecache.h — the public answers a loaded site has already rendered (pagecache.c), kept as
** ready libmicrohttpd responses, one cache per loaded site: a reload builds a new site with
** an empty cache, so nothing stale is ever served.
*/
#ifndef SHINCHOKU_WEB_PAGECACHE_H
#define SHINCHOKU_WEB_PAGECACHE_H

#include <microhttpd.h>
#include <stddef.h>

typedef struct PageCache PageCache;

/* A cached answer: the full response (200) and its revalidation (304), with their ETag. */
typedef struct CachedPage {
  struct MHD_Response *full, *not_modified;
  char etag[24];
  size_t len; /* the body's bytes, for the access log */
} CachedPage;

PageCache *pagecache_new(void);
/* Frees every response the cache holds (a connection still sending one keeps its own
   reference). NULL is ignored. */
void pagecache_free(PageCache *c);
/* The answer cached for key (the path and query as sent), or NULL. It stays valid while the
   site that owns the cache is held. */
const CachedPage *pagecache_get(PageCache *c, const char *key);
/* Keep page under key; the cache owns its responses from now on. When key is already there,
   page's responses are destroyed and the entry already kept is returned. When the cache is
   full, NULL: page and its responses stay the caller's (to send, then destroy). */
const CachedPage *pagecache_put(PageCache *c, const char *key, const CachedPage *page);

#endif
