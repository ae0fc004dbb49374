/* SPDX-License-Identifier: Apache-2.0 */
/*
** pool.c — the server's store handles: a mutex-guarded free list, filled at start, so that a
** request takes an open handle instead of opening the store (a PostgreSQL connection costs a
** round trip and a backend process). A handle whose connection broke (the database server
** restarted) is closed when taken or given back, and a new one opened in its place.
*/
#include "pool.h"
#include "../model/util.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct StorePool {
  pthread_mutex_t lock; /* guards free and nfree */
  char *db;
  Store **free;
  int nfree, size;
  atomic_long reopened;
};

StorePool *pool_open(const char *db, int size, char *err, size_t errlen) {
  StorePool *p = xcalloc(1, sizeof *p);
  pthread_mutex_init(&p->lock, NULL);
  p->db = xstrdup(db);
  p->size = size < 1 ? 1 : size;
  p->free = xcalloc((size_t)p->size, sizeof *p->free);
  for (int i = 0; i < p->size; i++) {
    Store *s = store_open(db, err, errlen);
    if (!s) break;
    p->free[p->nfree++] = s;
  }
  if (p->nfree == 0) {
    pool_close(p);
    return NULL;
  }
  return p;
}

/* A free handle, or NULL when none is left. */
static Store *pop(StorePool *p) {
  pthread_mutex_lock(&p->lock);
  Store *s = p->nfree ? p->free[--p->nfree] : NULL;
  pthread_mutex_unlock(&p->lock);
  return s;
}

Store *pool_take(StorePool *p, char *err, size_t errlen) {
  Store *s = pop(p);
  if (s && store_alive(s)) return s;
  if (s) {
    store_close(s);
    atomic_fetch_add(&p->reopened, 1);
  }
  return store_open(p->db, err, errlen);
}

void pool_give(StorePool *p, Store *s) {
  if (!s) return;
  if (!store_alive(s)) {
    store_close(s);
    atomic_fetch_add(&p->reopened, 1);
    return;
  }
  pthread_mutex_lock(&p->lock);
  int kept = p->nfree < p->size;
  if (kept) p->free[p->nfree++] = s;
  pthread_mutex_unlock(&p->lock);
  if (!kept) store_close(s);
}

long pool_reopened(const StorePool *p) {
  return atomic_load(&p->reopened);
}

void pool_close(StorePool *p) {
  if (!p) return;
  for (int i = 0; i < p->nfree; i++)
    store_close(p->free[i]);
  pthread_mutex_destroy(&p->lock);
  free(p->free);
  free(p->db);
  free(p);
}
