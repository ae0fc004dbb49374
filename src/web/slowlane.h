/* SPDX-License-Identifier: Apache-2.0 */
/*
** slowlane.h — a bounded lane of threads for requests whose answer takes long (slowlane.c):
** the server suspends the connection, the lane runs the job and resumes the connection when
** the delay the job asked for has passed, with no thread sleeping meanwhile.
*/
#ifndef SHINCHOKU_WEB_SLOWLANE_H
#define SHINCHOKU_WEB_SLOWLANE_H

#include <microhttpd.h>

enum { SLOWLANE_MAX_THREADS = 8 };

typedef struct SlowLane SlowLane;

/* Start nthreads job threads and a timer thread; at most capacity jobs at once. */
SlowLane *slowlane_start(int nthreads, int capacity);
/* Queue run(arg) for the suspended connection conn: run returns the milliseconds to hold the
   answer; then conn is resumed. -1 (nothing queued) when the lane is full or stopping. */
int slowlane_submit(SlowLane *l, struct MHD_Connection *conn, int (*run)(void *arg), void *arg);
/* 1 when capacity jobs are outstanding: the caller answers 503 rather than suspend. */
int slowlane_full(SlowLane *l);
/* From now on refuse new jobs and answer waiting ones at once (a graceful stop). */
void slowlane_hurry(SlowLane *l);
/* Hurry, wait until every job is answered, and free the lane. */
void slowlane_stop(SlowLane *l);

#endif
