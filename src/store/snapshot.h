/* SPDX-License-Identifier: Apache-2.0 */
/*
** snapshot.h — snapshots in the store (snapshot.c; docs/meetings.md): a plan, its policy and
** with them its evaluation frozen as of a committee meeting, kept as the exchange format's
** JSON document in a read-only table. Reports made from a snapshot are the same bytes
** whatever changed in the plan since.
*/
#ifndef SHINCHOKU_STORE_SNAPSHOT_H
#define SHINCHOKU_STORE_SNAPSHOT_H

#include "../model/snapshot.h"
#include "staff.h"
#include "store.h"

enum { SNAPSHOT_EXISTS = 1, SNAPSHOT_DIFFERS = 2 };

/* Store sn (digest is computed; taken_at "" or NULL: now) with an audit row "snapshot". 0;
   SNAPSHOT_EXISTS when (plan, name) is stored with the same document (nothing done);
   SNAPSHOT_DIFFERS when it is stored with another (nothing done); -1 with err. */
int snapshot_add(Store *s, const Snapshot *sn, const Actor *who, char *err, size_t errlen);
/* The snapshot of plan named name, or else the latest one of the meeting whose id is name:
   0 and *out filled (free with snapshot_clear), 1 when there is none, -1 with err. */
int snapshot_get(Store *s, const char *plan, const char *name, Snapshot *out, char *err,
                 size_t errlen);
/* The plan's snapshots, oldest first (documents included). 0 or -1 with err. */
int snapshot_list(Store *s, const char *plan, Snapshot **out, int *n, char *err, size_t errlen);

#endif
