/* SPDX-License-Identifier: Apache-2.0 */
/*
** watch.c — several server processes on one database: each polls the plans' revisions
** (bumped by the store in the transaction of every write the public site shows, revisions.c)
** and reloads only the plans whose revision moved since it loaded them. An approval made
** through one server, or an import from the command line, reaches every server within one
** polling interval plus the time to load that plan.
*/
#include "watch.h"
#include "../model/journal.h"
#include "../model/util.h"
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct Watch {
  pthread_t thread;
  pthread_mutex_t lock; /* guards seen, nseen, stop */
  pthread_cond_t wake;
  PlanRevision *seen; /* what the site serves, by plan id */
  int nseen, cap, stop;
  StorePool *pool;
  double seconds;
  WatchReload reload;
  void *ctx;
};

/* The entry of plan in seen, or NULL. Called with the lock held. */
static PlanRevision *find(Watch *w, const char *plan) {
  for (int i = 0; i < w->nseen; i++)
    if (strcmp(w->seen[i].plan, plan) == 0) return &w->seen[i];
  return NULL;
}

void watch_seen(Watch *w, const char *plan, long long revision) {
  if (!w) return;
  pthread_mutex_lock(&w->lock);
  PlanRevision *r = find(w, plan);
  if (!r) {
    VEC_PUSH(w->seen, w->nseen, w->cap);
    r = &w->seen[w->nseen++];
    r->plan = xstrdup(plan);
  }
  r->revision = revision;
  pthread_mutex_unlock(&w->lock);
}

/* 1 when the site does not serve revision of plan yet. */
static int is_new(Watch *w, const PlanRevision *now) {
  pthread_mutex_lock(&w->lock);
  const PlanRevision *r = find(w, now->plan);
  int changed = !r || r->revision != now->revision;
  pthread_mutex_unlock(&w->lock);
  return changed;
}

/* One look: read the revisions, reload each plan that moved. */
static void look(Watch *w) {
  char err[512];
  Store *s = pool_take(w->pool, err, sizeof err);
  PlanRevision *now = NULL;
  int n = 0;
  int rc = s ? store_revisions(s, &now, &n, err, sizeof err) : -1;
  pool_give(w->pool, s);
  if (rc) {
    journal_say(LOG_WARNING, "watching the store: %s", err);
    return;
  }
  for (int i = 0; i < n; i++)
    if (is_new(w, &now[i]) && w->reload(w->ctx, now[i].plan) == 0)
      watch_seen(w, now[i].plan, now[i].revision);
  plan_revisions_free(now, n);
}

/* Wait the interval (or until stopped): 1 when it is time to stop. */
static int wait_interval(Watch *w) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  long long ns = (long long)(w->seconds * 1e9);
  until.tv_sec += (time_t)(ns / 1000000000LL);
  until.tv_nsec += (long)(ns % 1000000000LL);
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&w->lock);
  while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT) {
  }
  int stop = w->stop;
  pthread_mutex_unlock(&w->lock);
  return stop;
}

static void *run(void *arg) {
  Watch *w = arg;
  while (!wait_interval(w))
    look(w);
  return NULL;
}

void watch_start(Watch **out, StorePool *pool, double seconds, const PlanRevision *seen, int n,
                 WatchReload reload, void *ctx) {
  *out = NULL;
  if (!(seconds > 0)) return;
  Watch *w = xcalloc(1, sizeof *w);
  pthread_mutex_init(&w->lock, NULL);
  pthread_cond_init(&w->wake, NULL);
  w->pool = pool;
  w->seconds = seconds;
  w->reload = reload;
  w->ctx = ctx;
  for (int i = 0; i < n; i++)
    watch_seen(w, seen[i].plan, seen[i].revision);
  *out = w;
  if (pthread_create(&w->thread, NULL, run, w) != 0) abort();
}

void watch_stop(Watch *w) {
  if (!w) return;
  pthread_mutex_lock(&w->lock);
  w->stop = 1;
  pthread_cond_signal(&w->wake);
  pthread_mutex_unlock(&w->lock);
  pthread_join(w->thread, NULL);
  plan_revisions_free(w->seen, w->nseen);
  pthread_cond_destroy(&w->wake);
  pthread_mutex_destroy(&w->lock);
  free(w);
}
