/* SPDX-License-Identifier: Apache-2.0 */
/*
** store.h — the one narrow interface between Shinchoku and where plans are kept. The store
** is written once (store_sql.c and the staff files) over a small SQL driver (db/db.h) whose
** engines are SQLite (a file, the default) and PostgreSQL. Everything above this layer sees
** whole plans, never SQL.
*/
#ifndef SHINCHOKU_STORE_H
#define SHINCHOKU_STORE_H

#include "../model/plan.h"
#include <stddef.h>

typedef struct Store Store;

/* A plan as listed. Strings owned by the list. */
typedef struct PlanSummary {
  char *id, *name, *municipality;
  int first_year, last_year, nnodes, ninds, nvalues;
  char *updated; /* when it was last imported */
} PlanSummary;

/* Where a saved plan came from, for the imports table and the audit trail. */
typedef struct Origin {
  const char *actor;  /* an account login, or "os:USER" from the command line */
  const char *via;    /* "import", "cli" or "web" */
  const char *file;   /* the file or folder read, or NULL */
  const char *digest; /* its SHA-256 as hex, or NULL */
  const char *reason; /* what the save is for ("narrative", "department workbook"), or NULL.
                         Its first word is the audit action of a save not made by an import
                         ("narrative by alice": narrative); an import's is "import". */
  int force;          /* replace figures that approved entries put in the plan (import --force) */
} Origin;

/* save's answer when it would change or remove a figure an approved entry put in the plan
   (and o->force is 0): nothing is stored, err names the figures. */
enum { STORE_APPROVED_CHANGED = 2 };

typedef struct StoreOps {
  const char *name;
  int (*init)(Store *s, char *err, size_t errlen);
  int (*list)(Store *s, PlanSummary **out, int *n, char *err, size_t errlen);
  /* *out NULL (and 0 returned) when there is no such plan */
  int (*load)(Store *s, const char *id, Plan **out, char *err, size_t errlen);
  /* Replace the plan's content in one transaction; target revisions are kept as history.
     The origin is recorded with the import, and the audit trail gets one row for the save
     and one per value, grade or narrative it changes in a plan already stored. A save that
     would change or remove a figure an approved entry put there (still as approved) is
     refused with STORE_APPROVED_CHANGED unless o->force; forced, each such figure gets an
     audit row "import.force" (old: the approved figure, new: what replaces it). */
  int (*save)(Store *s, const Plan *p, const Origin *o, char *err, size_t errlen);
  void (*close)(Store *s);
} StoreOps;

struct Store {
  const StoreOps *ops;
  void *impl;
};

/* Open a store: a file path (SQLite) or a postgresql:// URI. NULL with err on failure. */
Store *store_open(const char *uri, char *err, size_t errlen);
void store_close(Store *s);
void plan_summaries_free(PlanSummary *list, int n);
/* How a report or message names the store at uri: a file path as it is; a PostgreSQL URI
   without its password and its parameters ("postgresql://user@host/db"), which may carry a
   socket folder, a password file or other secrets. */
void store_label(const char *uri, char *buf, size_t n);
/* Run SQL statements as they are (`shinchoku sql`, for tests and maintenance: no rights
   check and no audit row), calling row for every row they give (a NULL value is NULL). 0, or
   -1 with the engine's message in err. */
int store_script(Store *s, const char *sql, void (*row)(void *ctx, int n, const char *const *v),
                 void *ctx, char *err, size_t errlen);

/* A plan's revision: bumped by every write that changes what the public site shows, so that
   a server sees which plans another process changed (revisions.c). */
typedef struct PlanRevision {
  char *plan;
  long long revision;
} PlanRevision;

/* Every plan's revision, by plan id. 0, or -1 with err. */
int store_revisions(Store *s, PlanRevision **out, int *n, char *err, size_t errlen);
void plan_revisions_free(PlanRevision *list, int n);
/* 0 when the store's connection is known to be broken (PostgreSQL restarted): open it again.
   No round trip to the server. */
int store_alive(Store *s);
/* An import is one transaction (store.c): from store_import_begin to store_import_end the
   saves, publications and snapshots that each commit on their own become parts of it, and
   store_import_end commits them all (commit 1) or none (0). 0, or -1 with err. */
int store_import_begin(Store *s, char *err, size_t errlen);
int store_import_end(Store *s, int commit, char *err, size_t errlen);

static inline int store_init(Store *s, char *err, size_t n) {
  return s->ops->init(s, err, n);
}
static inline int store_list(Store *s, PlanSummary **out, int *count, char *err, size_t n) {
  return s->ops->list(s, out, count, err, n);
}
static inline int store_load(Store *s, const char *id, Plan **out, char *err, size_t n) {
  return s->ops->load(s, id, out, err, n);
}
static inline int store_save(Store *s, const Plan *p, const Origin *o, char *err, size_t n) {
  return s->ops->save(s, p, o, err, n);
}

#endif
