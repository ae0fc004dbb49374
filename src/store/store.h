/*
** store.h — the one narrow interface between Shinchoku and where plans are kept. The
** embedded default is a SQLite file (store_sqlite.c); a PostgreSQL backend will implement the
** same operations. Everything above this layer sees whole plans, never SQL.
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

typedef struct StoreOps {
  const char *name;
  int (*init)(Store *s, char *err, size_t errlen);
  int (*list)(Store *s, PlanSummary **out, int *n, char *err, size_t errlen);
  /* *out NULL (and 0 returned) when there is no such plan */
  int (*load)(Store *s, const char *id, Plan **out, char *err, size_t errlen);
  /* Replace the plan's content in one transaction; target revisions are kept as history.
     `origin` (file name and digest) is recorded with the import. */
  int (*save)(Store *s, const Plan *p, const char *origin, char *err, size_t errlen);
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

static inline int store_init(Store *s, char *err, size_t n) {
  return s->ops->init(s, err, n);
}
static inline int store_list(Store *s, PlanSummary **out, int *count, char *err, size_t n) {
  return s->ops->list(s, out, count, err, n);
}
static inline int store_load(Store *s, const char *id, Plan **out, char *err, size_t n) {
  return s->ops->load(s, id, out, err, n);
}
static inline int store_save(Store *s, const Plan *p, const char *origin, char *err, size_t n) {
  return s->ops->save(s, p, origin, err, n);
}

/* Backends */
Store *store_sqlite_open(const char *path, char *err, size_t errlen);

#endif
