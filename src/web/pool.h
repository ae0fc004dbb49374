/* SPDX-License-Identifier: Apache-2.0 */
/*
** pool.h — the store handles a running server shares (pool.c): opened at start, lent to one
** request (or the watcher, or a reload) at a time, and opened again when broken.
*/
#ifndef SHINCHOKU_WEB_POOL_H
#define SHINCHOKU_WEB_POOL_H

#include "../store/store.h"
#include <stddef.h>

typedef struct StorePool StorePool;

/* Open size handles on the store at db. NULL with err when the first cannot be opened. */
StorePool *pool_open(const char *db, int size, char *err, size_t errlen);
/* A handle for the caller alone: a free one that is not broken, else a new one. NULL with err
   when the store cannot be opened now (PostgreSQL is down). */
Store *pool_take(StorePool *p, char *err, size_t errlen);
/* Give a handle back: kept for the next taker, or closed when broken or when the pool already
   keeps its size. NULL is ignored. */
void pool_give(StorePool *p, Store *s);
/* How many handles were opened again because they were broken (for tests and the log). */
long pool_reopened(const StorePool *p);
void pool_close(StorePool *p);

#endif
