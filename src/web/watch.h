/* SPDX-License-Identifier: Apache-2.0 */
/*
** watch.h — the server's eye on the store (watch.c): a thread that reads every plan's
** revision every few seconds and asks for the plans another process changed to be reloaded.
*/
#ifndef SHINCHOKU_WEB_WATCH_H
#define SHINCHOKU_WEB_WATCH_H

#include "../store/store.h"
#include "pool.h"

typedef struct Watch Watch;

/* Reload plan (its revision changed, or it is new) into the site being served; 0 when done. */
typedef int (*WatchReload)(void *ctx, const char *plan);

/* Look every seconds (> 0) through a handle of pool; what the site was loaded from is
   seen (n revisions). *out is set before the thread starts (reload may read it there); NULL
   when seconds is 0 or less: nothing watches. */
void watch_start(Watch **out, StorePool *pool, double seconds, const PlanRevision *seen, int n,
                 WatchReload reload, void *ctx);
/* The site now serves revision of plan (a reload made by this process). NULL w: ignored. */
void watch_seen(Watch *w, const char *plan, long long revision);
/* Stop the thread and free w (NULL: nothing). */
void watch_stop(Watch *w);

#endif
