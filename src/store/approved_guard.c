/* SPDX-License-Identifier: Apache-2.0 */
/*
** approved_guard.c — what a full save would undo of the review (sq.h,
** sq_approved_overwrites): the figures that approved entries wrote into the stored plan and
** that the incoming plan changes or drops. An import of a file exported before an approval
** would otherwise remove the approved figure while its entry still says "approved". Each
** table is read once and matched by key (subject, year, kind), never by a look-up per entry.
*/
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NAMED = 20 }; /* figures named in the message; the rest are counted */

typedef struct Approved {
  char *subject;
  int year, kind;
  char *figure; /* as the audit trail shows it */
  int in_plan;  /* the stored plan holds exactly this figure */
} Approved;

typedef struct Guard {
  Arena a;
  StrMap keys; /* "subject\x1fyear\x1fkind" → index into list */
  Approved *list;
  int n;
} Guard;

static char *key_of(Arena *a, const char *subject, int year, const char *kind) {
  char *k = NULL;
  if (asprintf(&k, "%s\x1f%d\x1f%s", subject, year, kind) < 0) return NULL;
  char *out = arena_strdup(a, k);
  free(k);
  return out;
}

static int load_approved(Db *db, const char *plan, Guard *g) {
  DbStmt *st = sq_prepare(db, "SELECT subject, year, kind, num, text FROM entries"
                              " WHERE plan = ?1 AND state = 'approved' ORDER BY id");
  if (!st) return -1;
  sq_bind_text(st, 1, plan);
  int cap = 0, step;
  while ((step = db_step(st)) == DB_ROW) {
    const char *kind = db_col_text(st, 2);
    VEC_PUSH(g->list, g->n, cap);
    Approved *e = &g->list[g->n];
    e->subject = arena_strdup(&g->a, db_col_text(st, 0));
    e->year = db_col_int(st, 1);
    e->kind = enum_lookup(entry_kind_names, ENTRY__COUNT, kind);
    e->figure = sq_figure_text(sq_col_dec(st, 3), db_col_text(st, 4));
    e->in_plan = 0;
    if (e->subject && e->kind >= 0)
      strmap_put(&g->keys, key_of(&g->a, e->subject, e->year, kind), g->n);
    g->n++;
  }
  db_finalize(st);
  return step == DB_DONE ? 0 : -1;
}

/* Mark the approved entries whose figure the stored plan holds in the row that counts (the
   last current value, the last grade row of a subject and year: plan_grades_counting's rule):
   the rows are read in order and each one of a key decides anew. */
static int mark_in_plan(Db *db, const char *plan, Guard *g) {
  static const char *const sql[] = {
      "SELECT indicator, year, kind, num, text FROM indicator_values WHERE plan = ?1"
      " AND superseded = 0 AND kind IN ('actual', 'projection') ORDER BY seq",
      "SELECT subject, year, 'grade', NULL, grade FROM grades WHERE plan = ?1 ORDER BY seq"};
  for (int t = 0; t < 2; t++) {
    DbStmt *st = sq_prepare(db, sql[t]);
    if (!st) return -1;
    sq_bind_text(st, 1, plan);
    int step;
    while ((step = db_step(st)) == DB_ROW) {
      char *k = key_of(&g->a, db_col_text(st, 0), db_col_int(st, 1), db_col_text(st, 2));
      int i = k ? strmap_get(&g->keys, k) : -1;
      if (i < 0) continue;
      char *fig = sq_figure_text(sq_col_dec(st, 3), db_col_text(st, 4));
      g->list[i].in_plan = strcmp(fig ? fig : "", g->list[i].figure ? g->list[i].figure : "") == 0;
      free(fig);
    }
    db_finalize(st);
    if (step != DB_DONE) return -1;
  }
  return 0;
}

/* The figure the incoming plan has for each approved entry in the row that counts (NULL:
   none), into figs. */
static void incoming_figures(const Plan *p, Guard *g, char **figs) {
  for (int v = 0; v < p->nvalues; v++) {
    const Value *x = &p->values[v];
    if (x->superseded || (x->kind != VK_ACTUAL && x->kind != VK_PROJECTION)) continue;
    char *k = key_of(&g->a, p->inds[x->indicator].id, x->year,
                     entry_kind_names[x->kind == VK_ACTUAL ? ENTRY_ACTUAL : ENTRY_PROJECTION]);
    int i = k ? strmap_get(&g->keys, k) : -1;
    if (i < 0) continue;
    free(figs[i]); /* the last current row counts */
    figs[i] = sq_figure_text(x->num, x->text);
  }
  unsigned char *counts = plan_grades_counting(p);
  for (int r = 0; r < p->ngrades; r++) {
    const Grade *gr = &p->grades[r];
    char *k =
        counts[r] ? key_of(&g->a, gr->subject, gr->year, entry_kind_names[ENTRY_GRADE]) : NULL;
    int i = k ? strmap_get(&g->keys, k) : -1;
    if (i >= 0 && gr->grade) figs[i] = xstrdup(gr->grade);
  }
  free(counts);
}

int sq_approved_overwrites(Db *db, const Plan *p, const Origin *o, AuditWriter *w, int *count,
                           Buf *names) {
  Guard g = {0};
  *count = 0;
  int rc = load_approved(db, p->id, &g);
  if (rc == 0 && g.n) rc = mark_in_plan(db, p->id, &g);
  char **figs = xcalloc((size_t)g.n + 1, sizeof *figs);
  if (rc == 0 && g.n) incoming_figures(p, &g, figs);
  const Actor who = {o->actor, o->via};
  for (int i = 0; rc == 0 && i < g.n; i++) {
    const Approved *e = &g.list[i];
    if (!e->in_plan || strcmp(figs[i] ? figs[i] : "", e->figure ? e->figure : "") == 0) continue;
    if ((*count)++ < NAMED)
      buf_printf(names, "%s%s %d %s %s → %s", *count > 1 ? ", " : "", e->subject, e->year,
                 entry_kind_names[e->kind], e->figure ? e->figure : "", figs[i] ? figs[i] : "none");
    if (w)
      rc = audit_writer_add(w, &who, "import.force", p->id, e->subject, e->year,
                            entry_kind_names[e->kind], e->figure, figs[i],
                            o->file ? o->file : o->reason);
  }
  if (*count > NAMED) buf_printf(names, " and %d more", *count - NAMED);
  for (int i = 0; i < g.n; i++) {
    free(figs[i]);
    free(g.list[i].figure);
  }
  free(figs);
  free(g.list);
  strmap_free(&g.keys);
  arena_free(&g.a);
  return rc;
}
