/* SPDX-License-Identifier: Apache-2.0 */
/*
** snapshot.h — a snapshot as data (docs/meetings.md): a plan, its policy and so its
** evaluation frozen as of a committee meeting, kept as the exchange format's JSON document
** together with who took it, when, and when the plan had last been imported. The store
** keeps snapshots read-only (store/snapshot.h); export and import carry them
** (formats/snapshots_xchg.c).
*/
#ifndef SHINCHOKU_MODEL_SNAPSHOT_H
#define SHINCHOKU_MODEL_SNAPSHOT_H

typedef struct Snapshot {
  char *plan, *name, *meeting; /* meeting: its id, or NULL */
  char *taken_at, *taken_by;   /* ISO UTC time; an account or os:USER */
  char *plan_updated;          /* when the plan had last been imported, as reports state it */
  char *digest;                /* SHA-256 of document, hex */
  char *document;              /* the plan as the exchange format's JSON document */
} Snapshot;

void snapshot_clear(Snapshot *sn);
void snapshots_free(Snapshot *v, int n);

#endif
