/* SPDX-License-Identifier: Apache-2.0 */
/*
** slowlane.c — requests whose answer takes long, off the HTTP worker threads. A sign-in
** hashes a password (Argon2id, tens of milliseconds and 64 MiB) and a failed one is answered
** only after a delay that grows with the failures; done on a worker, both would stall every
** other connection that worker polls. The server suspends such a connection
** (MHD_suspend_connection), hands the job to this lane, and the lane runs it on a thread of
** its own, waits out the delay the job asks for without any thread sleeping on it (a timer
** list the lane's timer thread waits on), and resumes the connection (MHD_resume_connection)
** when the answer is due. The queue is bounded: a full lane refuses at once (the caller
** answers 503), so the lane cannot be used to pile up memory.
*/
#include "slowlane.h"
#include "../model/util.h"
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

typedef struct Job {
  struct MHD_Connection *conn;
  int (*run)(void *arg); /* returns how many milliseconds to hold the answer */
  void *arg;
  double due; /* monotonic ms, once run */
  struct Job *next;
} Job;

struct SlowLane {
  pthread_mutex_t lock;
  pthread_cond_t work, timer, idle;
  Job *queue, *queue_tail; /* waiting to run, oldest first */
  Job *waiting;            /* run, waiting for their time, soonest first */
  int outstanding;         /* jobs queued, running or waiting */
  int capacity;
  int stopping; /* no new jobs; answers due now */
  int nthreads;
  pthread_t threads[SLOWLANE_MAX_THREADS], timer_thread;
};

static double mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static struct timespec abs_time(double mono) {
  struct timespec ts;
  ts.tv_sec = (time_t)(mono / 1e3);
  ts.tv_nsec = (long)((mono - (double)ts.tv_sec * 1e3) * 1e6);
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  return ts;
}

/* Insert job into the waiting list by due time (lock held). */
static void wait_insert(SlowLane *l, Job *job) {
  Job **p = &l->waiting;
  while (*p && (*p)->due <= job->due)
    p = &(*p)->next;
  job->next = *p;
  *p = job;
}

static void *run_jobs(void *cls) {
  SlowLane *l = cls;
  pthread_mutex_lock(&l->lock);
  for (;;) {
    while (!l->queue && !(l->stopping && l->outstanding == 0))
      pthread_cond_wait(&l->work, &l->lock);
    if (!l->queue) break;
    Job *job = l->queue;
    l->queue = job->next;
    if (!l->queue) l->queue_tail = NULL;
    pthread_mutex_unlock(&l->lock);
    int delay = job->run(job->arg);
    pthread_mutex_lock(&l->lock);
    job->due = mono_ms() + (delay > 0 ? delay : 0);
    wait_insert(l, job);
    pthread_cond_signal(&l->timer);
  }
  pthread_mutex_unlock(&l->lock);
  return NULL;
}

/* Resume each connection whose answer is due; while stopping, every one at once. */
static void *run_timer(void *cls) {
  SlowLane *l = cls;
  pthread_mutex_lock(&l->lock);
  for (;;) {
    if (l->stopping && l->outstanding == 0) break;
    Job *job = l->waiting;
    if (!job) {
      pthread_cond_wait(&l->timer, &l->lock);
      continue;
    }
    if (!l->stopping && job->due > mono_ms()) {
      struct timespec until = abs_time(job->due);
      pthread_cond_timedwait(&l->timer, &l->lock, &until);
      continue;
    }
    l->waiting = job->next;
    pthread_mutex_unlock(&l->lock);
    MHD_resume_connection(job->conn);
    free(job);
    pthread_mutex_lock(&l->lock);
    if (--l->outstanding == 0) pthread_cond_broadcast(&l->idle);
  }
  pthread_cond_broadcast(&l->work);
  pthread_mutex_unlock(&l->lock);
  return NULL;
}

SlowLane *slowlane_start(int nthreads, int capacity) {
  SlowLane *l = xcalloc(1, sizeof *l);
  pthread_mutex_init(&l->lock, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&l->work, NULL);
  pthread_cond_init(&l->timer, &ca);
  pthread_cond_init(&l->idle, NULL);
  pthread_condattr_destroy(&ca);
  l->capacity = capacity;
  if (nthreads > SLOWLANE_MAX_THREADS) nthreads = SLOWLANE_MAX_THREADS;
  for (int i = 0; i < nthreads; i++)
    if (pthread_create(&l->threads[l->nthreads], NULL, run_jobs, l) == 0) l->nthreads++;
  if (l->nthreads == 0 || pthread_create(&l->timer_thread, NULL, run_timer, l) != 0) {
    l->stopping = 1; /* cannot run: every submission is refused */
    pthread_cond_broadcast(&l->work);
    for (int i = 0; i < l->nthreads; i++)
      pthread_join(l->threads[i], NULL);
    l->nthreads = -1; /* no timer thread to join */
  }
  return l;
}

int slowlane_submit(SlowLane *l, struct MHD_Connection *conn, int (*run)(void *arg), void *arg) {
  pthread_mutex_lock(&l->lock);
  if (l->stopping || l->outstanding >= l->capacity) {
    pthread_mutex_unlock(&l->lock);
    return -1;
  }
  Job *job = xcalloc(1, sizeof *job);
  job->conn = conn;
  job->run = run;
  job->arg = arg;
  if (l->queue_tail)
    l->queue_tail->next = job;
  else
    l->queue = job;
  l->queue_tail = job;
  l->outstanding++;
  pthread_cond_signal(&l->work);
  pthread_mutex_unlock(&l->lock);
  return 0;
}

int slowlane_full(SlowLane *l) {
  pthread_mutex_lock(&l->lock);
  int full = l->outstanding >= l->capacity;
  pthread_mutex_unlock(&l->lock);
  return full;
}

void slowlane_hurry(SlowLane *l) {
  pthread_mutex_lock(&l->lock);
  l->stopping = 1;
  pthread_cond_broadcast(&l->timer);
  pthread_mutex_unlock(&l->lock);
}

void slowlane_stop(SlowLane *l) {
  if (!l) return;
  slowlane_hurry(l);
  pthread_mutex_lock(&l->lock);
  while (l->outstanding > 0)
    pthread_cond_wait(&l->idle, &l->lock);
  pthread_cond_broadcast(&l->work);
  pthread_cond_broadcast(&l->timer);
  pthread_mutex_unlock(&l->lock);
  for (int i = 0; i < l->nthreads; i++)
    pthread_join(l->threads[i], NULL);
  if (l->nthreads >= 0) pthread_join(l->timer_thread, NULL);
  pthread_mutex_destroy(&l->lock);
  pthread_cond_destroy(&l->work);
  pthread_cond_destroy(&l->timer);
  pthread_cond_destroy(&l->idle);
  free(l);
}
