/*
** store_sqlite.c — the embedded store: one SQLite file. Foreign keys on, WAL journal, full
** sync (a saved plan survives a power cut), STRICT tables, prepared statements only. A plan is
** saved whole, in one transaction: either all of it is stored or none of it.
*/
#include "../eval/policy.h"
#include "schema.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Sq {
  sqlite3 *db;
} Sq;

sqlite3 *store_db(Store *s) {
  return ((Sq *)s->impl)->db;
}

static const char *col_str(Plan *p, sqlite3_stmt *st, int i) {
  return plan_str(p, (const char *)sqlite3_column_text(st, i));
}

/* ---- init ----------------------------------------------------------------------------- */

static int user_version(sqlite3 *db) {
  sqlite3_stmt *st = sq_prepare(db, "PRAGMA user_version");
  int v = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  return v;
}

static int sq_init(Store *s, char *err, size_t errlen) {
  sqlite3 *db = store_db(s);
  int v = user_version(db);
  if (v < 0) return sq_fail(db, err, errlen, "reading the schema version");
  if (v > SCHEMA_VERSION) {
    snprintf(err, errlen, "store: schema version %d is newer than this program knows (%d)", v,
             SCHEMA_VERSION);
    return -1;
  }
  for (; v < SCHEMA_VERSION; v++) {
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", v + 1);
    if (sq_exec(db, "BEGIN IMMEDIATE", err, errlen)) return -1;
    if (sq_exec(db, schema_migrations[v], err, errlen) || sq_exec(db, pragma, err, errlen) ||
        sq_exec(db, "COMMIT", err, errlen)) {
      char ignore[8];
      sq_exec(db, "ROLLBACK", ignore, sizeof ignore);
      return -1;
    }
  }
  return 0;
}

static int require_schema(Store *s, char *err, size_t errlen) {
  if (user_version(store_db(s)) == SCHEMA_VERSION) return 0;
  snprintf(err, errlen, "store: not initialised (run `shinchoku init` first)");
  return -1;
}

/* ---- list ----------------------------------------------------------------------------- */

static int sq_list(Store *s, PlanSummary **out, int *n, char *err, size_t errlen) {
  sqlite3 *db = store_db(s);
  *out = NULL;
  *n = 0;
  if (require_schema(s, err, errlen)) return -1;
  sqlite3_stmt *st =
      sq_prepare(db, "SELECT id, name, municipality, first_year, last_year,"
                     " (SELECT count(*) FROM nodes WHERE plan = p.id),"
                     " (SELECT count(*) FROM indicators WHERE plan = p.id),"
                     " (SELECT count(*) FROM indicator_values WHERE plan = p.id), updated"
                     " FROM plans p ORDER BY id");
  if (!st) return sq_fail(db, err, errlen, "listing plans");
  int cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    VEC_PUSH(*out, *n, cap);
    PlanSummary *ps = &(*out)[(*n)++];
    ps->id = xstrdup((const char *)sqlite3_column_text(st, 0));
    ps->name = xstrdup((const char *)sqlite3_column_text(st, 1));
    const char *m = (const char *)sqlite3_column_text(st, 2);
    ps->municipality = m ? xstrdup(m) : NULL;
    ps->first_year = sqlite3_column_int(st, 3);
    ps->last_year = sqlite3_column_int(st, 4);
    ps->nnodes = sqlite3_column_int(st, 5);
    ps->ninds = sqlite3_column_int(st, 6);
    ps->nvalues = sqlite3_column_int(st, 7);
    ps->updated = xstrdup((const char *)sqlite3_column_text(st, 8));
  }
  sqlite3_finalize(st);
  return 0;
}

/* ---- load ----------------------------------------------------------------------------- */

static sqlite3_stmt *select_plan_rows(sqlite3 *db, const char *sql, const char *id) {
  sqlite3_stmt *st = sq_prepare(db, sql);
  if (st) sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  return st;
}

static int load_nodes(sqlite3 *db, Plan *p) {
  sqlite3_stmt *st = select_plan_rows(
      db,
      "SELECT id, parent, level, number, name, audience, summary, added_year, ended_year,"
      " decision, decision_reason, also_under, continues, source,"
      " (SELECT group_concat(department, '|') FROM (SELECT department FROM node_departments d"
      "   WHERE d.plan = n.plan AND d.node = n.id ORDER BY seq))"
      " FROM nodes n WHERE plan = ?1 ORDER BY seq",
      p->id);
  if (!st) return -1;
  const char **parents = NULL;
  int nparents = 0, cap = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    Node *n = plan_add_node(p);
    n->id = col_str(p, st, 0);
    VEC_PUSH(parents, nparents, cap);
    parents[nparents++] = col_str(p, st, 1);
    n->level = sqlite3_column_int(st, 2);
    n->number = col_str(p, st, 3);
    n->name = col_str(p, st, 4);
    n->audience = col_str(p, st, 5);
    n->summary = col_str(p, st, 6);
    n->added_year = sqlite3_column_int(st, 7);
    n->ended_year = sqlite3_column_int(st, 8);
    n->decision = col_str(p, st, 9);
    n->decision_reason = col_str(p, st, 10);
    n->also_under = col_str(p, st, 11);
    n->continues = col_str(p, st, 12);
    n->source = col_str(p, st, 13);
    n->departments = col_str(p, st, 14);
  }
  sqlite3_finalize(st);
  plan_index(p);
  for (int i = 0; i < p->nnodes; i++)
    p->nodes[i].parent = plan_node(p, parents[i]);
  free(parents);
  return 0;
}

static void load_attrs(sqlite3 *db, Plan *p) {
  sqlite3_stmt *st =
      select_plan_rows(db,
                       "SELECT owner_kind, owner, name, value FROM attrs WHERE plan = ?1 ORDER BY "
                       "owner_kind, owner, seq",
                       p->id);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    int is_node = strcmp((const char *)sqlite3_column_text(st, 0), "node") == 0;
    const char *owner = (const char *)sqlite3_column_text(st, 1);
    int k = is_node ? plan_node(p, owner) : plan_indicator(p, owner);
    if (k < 0) continue;
    Attr **attrs = is_node ? &p->nodes[k].attrs : &p->inds[k].attrs;
    int *n = is_node ? &p->nodes[k].nattrs : &p->inds[k].nattrs;
    /* attrs are few per owner: grow by copying within the arena */
    Attr *a = arena_alloc(&p->arena, sizeof(Attr) * (size_t)(*n + 1));
    if (*n) memcpy(a, *attrs, sizeof(Attr) * (size_t)*n);
    a[*n].name = col_str(p, st, 2);
    a[*n].value = col_str(p, st, 3);
    *attrs = a;
    (*n)++;
  }
  sqlite3_finalize(st);
}

struct part_ctx {
  Plan *p;
  int ind;
};

/* Stored plans were validated on import: an unknown part cannot occur here. */
static void add_part(const char *part, size_t len, void *ctx) {
  struct part_ctx *c = ctx;
  plan_add_part(c->p, c->ind, part, len);
}

static int load_indicators(sqlite3 *db, Plan *p) {
  sqlite3_stmt *st = select_plan_rows(
      db,
      "SELECT id, node, number, name, unit, direction, accumulation, baseline, baseline_year,"
      " composite_of, weight, role, source FROM indicators WHERE plan = ?1 ORDER BY seq",
      p->id);
  if (!st) return -1;
  while (sqlite3_step(st) == SQLITE_ROW) {
    Indicator *in = plan_add_indicator(p);
    in->id = col_str(p, st, 0);
    in->node = plan_node(p, (const char *)sqlite3_column_text(st, 1));
    in->number = col_str(p, st, 2);
    in->name = col_str(p, st, 3);
    in->unit = col_str(p, st, 4);
    in->direction = enum_lookup(direction_names, 4, (const char *)sqlite3_column_text(st, 5));
    in->accumulation = enum_lookup(accumulation_names, 3, (const char *)sqlite3_column_text(st, 6));
    in->baseline = sq_col_dec(st, 7);
    in->baseline_year = sqlite3_column_int(st, 8);
    in->composite_of = col_str(p, st, 9);
    in->weight = sq_col_dec(st, 10);
    in->role = col_str(p, st, 11);
    in->source = col_str(p, st, 12);
  }
  sqlite3_finalize(st);
  plan_index(p);
  for (int i = 0; i < p->ninds; i++) {
    struct part_ctx c = {p, i};
    list_each(p->inds[i].composite_of, add_part, &c);
  }
  return 0;
}

static int load_values(sqlite3 *db, Plan *p) {
  sqlite3_stmt *st = select_plan_rows(
      db,
      "SELECT indicator, year, kind, num, text, as_of, note, revised, source, superseded"
      " FROM indicator_values WHERE plan = ?1 ORDER BY seq",
      p->id);
  if (!st) return -1;
  int ind = -1; /* values come grouped by indicator: look an id up once per group */
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(st, 0);
    if (ind < 0 || strcmp(p->inds[ind].id, id) != 0) ind = plan_indicator(p, id);
    Value *v = plan_add_value(p);
    v->indicator = ind;
    v->year = sqlite3_column_int(st, 1);
    v->kind = (signed char)enum_lookup(value_kind_names, VK__COUNT,
                                       (const char *)sqlite3_column_text(st, 2));
    v->num = sq_col_dec(st, 3);
    v->text = col_str(p, st, 4);
    value_set_extra(p, v, col_str(p, st, 5), col_str(p, st, 6), col_str(p, st, 7),
                    col_str(p, st, 8));
    v->superseded = (unsigned char)sqlite3_column_int(st, 9);
  }
  sqlite3_finalize(st);
  return 0;
}

static int load_rest(sqlite3 *db, Plan *p) {
  sqlite3_stmt *st = select_plan_rows(
      db, "SELECT subject, year, grade, basis, source FROM grades WHERE plan = ?1 ORDER BY seq",
      p->id);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    Grade *g = plan_add_grade(p);
    g->subject = col_str(p, st, 0);
    g->node = plan_node(p, g->subject);
    g->indicator = plan_indicator(p, g->subject);
    g->year = sqlite3_column_int(st, 1);
    g->grade = col_str(p, st, 2);
    g->basis = col_str(p, st, 3);
    g->source = col_str(p, st, 4);
  }
  sqlite3_finalize(st);
  st = select_plan_rows(db,
                        "SELECT node, year, kind, owner, text, due, status, source FROM items"
                        " WHERE plan = ?1 ORDER BY seq",
                        p->id);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    Item *it = plan_add_item(p);
    it->node = plan_node(p, (const char *)sqlite3_column_text(st, 0));
    it->year = sqlite3_column_int(st, 1);
    it->kind = col_str(p, st, 2);
    it->owner = col_str(p, st, 3);
    it->text = col_str(p, st, 4);
    it->due = col_str(p, st, 5);
    it->status = col_str(p, st, 6);
    it->source = col_str(p, st, 7);
  }
  sqlite3_finalize(st);
  st = select_plan_rows(db,
                        "SELECT subject, year, what, value, variant, level, source FROM printed"
                        " WHERE plan = ?1 ORDER BY seq",
                        p->id);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    Printed *pr = plan_add_printed(p);
    pr->subject = col_str(p, st, 0);
    pr->year = sqlite3_column_int(st, 1);
    pr->what = col_str(p, st, 2);
    pr->value = col_str(p, st, 3);
    pr->variant = col_str(p, st, 4);
    pr->level = sqlite3_column_int(st, 5);
    pr->source = col_str(p, st, 6);
  }
  sqlite3_finalize(st);
  return 0;
}

static int sq_load(Store *s, const char *id, Plan **out, char *err, size_t errlen) {
  sqlite3 *db = store_db(s);
  *out = NULL;
  if (require_schema(s, err, errlen)) return -1;
  if (sq_exec(db, "BEGIN", err, errlen)) return -1; /* one consistent snapshot */
  sqlite3_stmt *st = select_plan_rows(
      db,
      "SELECT id, name, municipality, municipality_code, first_year, last_year, levels,"
      " predecessor, source, policy FROM plans WHERE id = ?1",
      id);
  if (!st) return sq_fail(db, err, errlen, "loading a plan");
  Plan *p = NULL;
  if (sqlite3_step(st) == SQLITE_ROW) {
    p = plan_new();
    p->id = col_str(p, st, 0);
    p->name = col_str(p, st, 1);
    p->municipality = col_str(p, st, 2);
    p->municipality_code = col_str(p, st, 3);
    p->first_year = sqlite3_column_int(st, 4);
    p->last_year = sqlite3_column_int(st, 5);
    plan_set_levels(p, (const char *)sqlite3_column_text(st, 6));
    p->predecessor = col_str(p, st, 7);
    p->source = col_str(p, st, 8);
    p->policy_json = xstrdup((const char *)sqlite3_column_text(st, 9));
  }
  sqlite3_finalize(st);
  int rc = 0;
  if (p && (load_nodes(db, p) || load_indicators(db, p) || load_values(db, p) || load_rest(db, p)))
    rc = sq_fail(db, err, errlen, "loading a plan");
  if (p) load_attrs(db, p);
  sq_exec(db, "COMMIT", err, errlen);
  if (rc) {
    plan_free(p);
    return -1;
  }
  *out = p;
  return 0;
}

/* ---- save ----------------------------------------------------------------------------- */

static int save_plan_row(sqlite3 *db, const Plan *p, const char *now) {
  sqlite3_stmt *st = sq_prepare(
      db, "INSERT INTO plans (id, name, municipality, municipality_code, first_year, last_year,"
          " levels, predecessor, source, policy, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  if (!st) return -1;
  char *levels = plan_levels_joined(p);
  sq_bind_text(st, 1, p->id);
  sq_bind_text(st, 2, p->name);
  sq_bind_text(st, 3, p->municipality);
  sq_bind_text(st, 4, p->municipality_code);
  sqlite3_bind_int(st, 5, p->first_year);
  sqlite3_bind_int(st, 6, p->last_year);
  sq_bind_text(st, 7, levels);
  sq_bind_text(st, 8, p->predecessor);
  sq_bind_text(st, 9, p->source);
  sq_bind_text(st, 10, p->policy_json ? p->policy_json : policy_default_json);
  sq_bind_text(st, 11, now);
  int rc = sq_step_done(st);
  sqlite3_finalize(st);
  free(levels);
  return rc;
}

struct dept_ctx {
  sqlite3_stmt *st;
  const char *plan, *node;
  int seq, rc;
};

static void save_dept(const char *part, size_t len, void *ctx) {
  struct dept_ctx *c = ctx;
  sqlite3_bind_text(c->st, 1, c->plan, -1, SQLITE_STATIC);
  sqlite3_bind_text(c->st, 2, c->node, -1, SQLITE_STATIC);
  sqlite3_bind_int(c->st, 3, c->seq++);
  sqlite3_bind_text(c->st, 4, part, (int)len, SQLITE_STATIC);
  if (sq_step_done(c->st)) c->rc = -1;
}

static int save_attrs(sqlite3_stmt *st, const char *plan, const char *kind, const char *owner,
                      const Attr *a, int n) {
  for (int i = 0; i < n; i++) {
    sq_bind_text(st, 1, plan);
    sq_bind_text(st, 2, kind);
    sq_bind_text(st, 3, owner);
    sqlite3_bind_int(st, 4, i);
    sq_bind_text(st, 5, a[i].name);
    sq_bind_text(st, 6, a[i].value);
    if (sq_step_done(st)) return -1;
  }
  return 0;
}

static int save_nodes(sqlite3 *db, const Plan *p) {
  sqlite3_stmt *st = sq_prepare(
      db, "INSERT INTO nodes (plan, seq, id, parent, level, number, name, audience, summary,"
          " added_year, ended_year, decision, decision_reason, also_under, continues, source)"
          " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  sqlite3_stmt *dep =
      sq_prepare(db, "INSERT INTO node_departments (plan, node, seq, department) VALUES (?,?,?,?)");
  sqlite3_stmt *at = sq_prepare(
      db, "INSERT INTO attrs (plan, owner_kind, owner, seq, name, value) VALUES (?,?,?,?,?,?)");
  int rc = st && dep && at ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->nnodes; i++) {
    const Node *n = &p->nodes[i];
    sq_bind_text(st, 1, p->id);
    sqlite3_bind_int(st, 2, i);
    sq_bind_text(st, 3, n->id);
    sq_bind_text(st, 4, n->parent >= 0 ? p->nodes[n->parent].id : NULL);
    sqlite3_bind_int(st, 5, n->level);
    sq_bind_text(st, 6, n->number);
    sq_bind_text(st, 7, n->name);
    sq_bind_text(st, 8, n->audience);
    sq_bind_text(st, 9, n->summary);
    sq_bind_year(st, 10, n->added_year);
    sq_bind_year(st, 11, n->ended_year);
    sq_bind_text(st, 12, n->decision);
    sq_bind_text(st, 13, n->decision_reason);
    sq_bind_text(st, 14, n->also_under);
    sq_bind_text(st, 15, n->continues);
    sq_bind_text(st, 16, n->source);
    rc = sq_step_done(st);
    struct dept_ctx c = {dep, p->id, n->id, 0, 0};
    list_each(n->departments, save_dept, &c);
    if (c.rc || save_attrs(at, p->id, "node", n->id, n->attrs, n->nattrs)) rc = -1;
  }
  sqlite3_finalize(st);
  sqlite3_finalize(dep);
  sqlite3_finalize(at);
  return rc;
}

static int save_indicators(sqlite3 *db, const Plan *p) {
  sqlite3_stmt *st =
      sq_prepare(db, "INSERT INTO indicators (plan, seq, id, node, number, name, unit, direction,"
                     " accumulation, baseline, baseline_year, composite_of, weight, role, source)"
                     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  sqlite3_stmt *at = sq_prepare(
      db, "INSERT INTO attrs (plan, owner_kind, owner, seq, name, value) VALUES (?,?,?,?,?,?)");
  int rc = st && at ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->ninds; i++) {
    const Indicator *in = &p->inds[i];
    sq_bind_text(st, 1, p->id);
    sqlite3_bind_int(st, 2, i);
    sq_bind_text(st, 3, in->id);
    sq_bind_text(st, 4, p->nodes[in->node].id);
    sq_bind_text(st, 5, in->number);
    sq_bind_text(st, 6, in->name);
    sq_bind_text(st, 7, in->unit);
    sq_bind_text(st, 8, direction_names[in->direction]);
    sq_bind_text(st, 9, accumulation_names[in->accumulation]);
    sq_bind_dec(st, 10, in->baseline);
    sq_bind_year(st, 11, in->baseline_year);
    sq_bind_text(st, 12, in->composite_of);
    sq_bind_dec(st, 13, in->weight);
    sq_bind_text(st, 14, in->role);
    sq_bind_text(st, 15, in->source);
    rc = sq_step_done(st);
    if (rc == 0) rc = save_attrs(at, p->id, "indicator", in->id, in->attrs, in->nattrs);
  }
  sqlite3_finalize(st);
  sqlite3_finalize(at);
  return rc;
}

static int save_values(sqlite3 *db, const Plan *p) {
  sqlite3_stmt *st = sq_prepare(
      db, "INSERT INTO indicator_values (plan, seq, indicator, year, kind, num, text, as_of,"
          " note, revised, source, superseded) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  int rc = st ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->nvalues; i++) {
    const Value *v = &p->values[i];
    sq_bind_text(st, 1, p->id);
    sqlite3_bind_int(st, 2, i);
    sq_bind_text(st, 3, p->inds[v->indicator].id);
    sqlite3_bind_int(st, 4, v->year);
    sq_bind_text(st, 5, value_kind_names[v->kind]);
    sq_bind_dec(st, 6, v->num);
    sq_bind_text(st, 7, v->text);
    const ValueExtra *x = value_extra(p, v);
    sq_bind_text(st, 8, x->as_of);
    sq_bind_text(st, 9, x->note);
    sq_bind_text(st, 10, x->revised);
    sq_bind_text(st, 11, x->source);
    sqlite3_bind_int(st, 12, v->superseded);
    rc = sq_step_done(st);
  }
  sqlite3_finalize(st);
  return rc;
}

static int save_rest(sqlite3 *db, const Plan *p) {
  sqlite3_stmt *g = sq_prepare(db, "INSERT INTO grades (plan, seq, subject, year, grade, basis,"
                                   " source) VALUES (?,?,?,?,?,?,?)");
  sqlite3_stmt *it = sq_prepare(db, "INSERT INTO items (plan, seq, node, year, kind, owner, text,"
                                    " due, status, source) VALUES (?,?,?,?,?,?,?,?,?,?)");
  sqlite3_stmt *pr = sq_prepare(db, "INSERT INTO printed (plan, seq, subject, year, what, value,"
                                    " variant, level, source) VALUES (?,?,?,?,?,?,?,?,?)");
  int rc = g && it && pr ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->ngrades; i++) {
    const Grade *x = &p->grades[i];
    sq_bind_text(g, 1, p->id);
    sqlite3_bind_int(g, 2, i);
    sq_bind_text(g, 3, x->subject);
    sqlite3_bind_int(g, 4, x->year);
    sq_bind_text(g, 5, x->grade);
    sq_bind_text(g, 6, x->basis);
    sq_bind_text(g, 7, x->source);
    rc = sq_step_done(g);
  }
  for (int i = 0; rc == 0 && i < p->nitems; i++) {
    const Item *x = &p->items[i];
    sq_bind_text(it, 1, p->id);
    sqlite3_bind_int(it, 2, i);
    sq_bind_text(it, 3, p->nodes[x->node].id);
    sq_bind_year(it, 4, x->year);
    sq_bind_text(it, 5, x->kind);
    sq_bind_text(it, 6, x->owner);
    sq_bind_text(it, 7, x->text);
    sq_bind_text(it, 8, x->due);
    sq_bind_text(it, 9, x->status);
    sq_bind_text(it, 10, x->source);
    rc = sq_step_done(it);
  }
  for (int i = 0; rc == 0 && i < p->nprinted; i++) {
    const Printed *x = &p->printed[i];
    sq_bind_text(pr, 1, p->id);
    sqlite3_bind_int(pr, 2, i);
    sq_bind_text(pr, 3, x->subject);
    sq_bind_year(pr, 4, x->year);
    sq_bind_text(pr, 5, x->what);
    sq_bind_text(pr, 6, x->value);
    sq_bind_text(pr, 7, x->variant);
    sq_bind_year(pr, 8, x->level);
    sq_bind_text(pr, 9, x->source);
    rc = sq_step_done(pr);
  }
  sqlite3_finalize(g);
  sqlite3_finalize(it);
  sqlite3_finalize(pr);
  return rc;
}

static int log_import(sqlite3 *db, const Plan *p, const char *now, const Origin *o) {
  sqlite3_stmt *st = sq_prepare(db, "INSERT INTO imports (plan, at, origin, nodes, indicators,"
                                    " nvalues, actor, digest) VALUES (?,?,?,?,?,?,?,?)");
  if (!st) return -1;
  sq_bind_text(st, 1, p->id);
  sq_bind_text(st, 2, now);
  sq_bind_text(st, 3, o->file ? o->file : o->reason);
  sqlite3_bind_int(st, 4, p->nnodes);
  sqlite3_bind_int(st, 5, p->ninds);
  sqlite3_bind_int(st, 6, p->nvalues);
  sq_bind_text(st, 7, o->actor);
  sq_bind_text(st, 8, o->digest);
  int rc = sq_step_done(st);
  sqlite3_finalize(st);
  return rc;
}

/* The audit action of a save: "import" for an import, else the first word of its reason
   ("narrative by alice" gives "narrative"), "save" without one. */
static void save_action(const Origin *o, char *buf, size_t n) {
  const char *r = o->via && strcmp(o->via, "import") == 0 ? "import"
                  : o->reason                             ? o->reason
                                                          : "save";
  snprintf(buf, n, "%.*s", (int)strcspn(r, " "), r);
}

/* Record the save in the audit trail (one row, with the file and its digest) and, for a plan
   already stored, what it changes; and the targets and texts it replaces in their history
   tables. */
static int record_save(sqlite3 *db, const Plan *p, const Origin *o, const char *now) {
  char action[32];
  save_action(o, action, sizeof action);
  int existed = sq_exists(db, "SELECT 1 FROM plans WHERE id = ?1", p->id, NULL);
  AuditWriter w;
  if (existed < 0 || audit_writer_open(db, &w)) return -1;
  Actor who = {o->actor, o->via};
  int rc = audit_writer_add(&w, &who, action, p->id, NULL, 0, o->digest ? "digest" : NULL, NULL,
                            o->digest, o->file ? o->file : o->reason) ||
           sq_record_changes(db, p, o, now, action, existed ? &w : NULL);
  audit_writer_close(&w);
  return rc ? -1 : 0;
}

static int delete_plan(sqlite3 *db, const char *id) {
  static const char *const sql[] = {"DELETE FROM indicator_values WHERE plan = ?1",
                                    "DELETE FROM items WHERE plan = ?1",
                                    "DELETE FROM attrs WHERE plan = ?1",
                                    "DELETE FROM indicators WHERE plan = ?1",
                                    "DELETE FROM node_departments WHERE plan = ?1",
                                    "DELETE FROM nodes WHERE plan = ?1",
                                    "DELETE FROM plans WHERE id = ?1"};
  for (size_t i = 0; i < sizeof sql / sizeof *sql; i++)
    if (sq_run(db, sql[i], id, NULL)) return -1;
  return 0;
}

static int sq_save(Store *s, const Plan *p, const Origin *o, char *err, size_t errlen) {
  sqlite3 *db = store_db(s);
  char now[32];
  sq_now_iso(now, sizeof now);
  if (require_schema(s, err, errlen) || sq_exec(db, "BEGIN IMMEDIATE", err, errlen)) return -1;
  int rc = record_save(db, p, o, now) || delete_plan(db, p->id) || save_plan_row(db, p, now) ||
           save_nodes(db, p) || save_indicators(db, p) || save_values(db, p) || save_rest(db, p) ||
           log_import(db, p, now, o);
  if (rc) {
    sq_fail(db, err, errlen, "saving the plan (nothing was stored)");
    char ignore[8];
    sq_exec(db, "ROLLBACK", ignore, sizeof ignore);
    return -1;
  }
  return sq_exec(db, "COMMIT", err, errlen);
}

/* ---- open / close --------------------------------------------------------------------- */

static void sq_close(Store *s) {
  sqlite3_close(store_db(s));
  free(s->impl);
  free(s);
}

static const StoreOps sqlite_ops = {"sqlite", sq_init, sq_list, sq_load, sq_save, sq_close};

Store *store_sqlite_open(const char *path, char *err, size_t errlen) {
  sqlite3 *db = NULL;
  /* SQLite counts every allocation under a global mutex unless told not to; a national plan
     makes tens of millions of them. Only possible before the library is first used. */
  static int configured;
  if (!configured) {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    configured = 1;
  }
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    snprintf(err, errlen, "%s: cannot open: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_busy_timeout(db, 5000);
  if (sq_exec(db,
              "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
              " PRAGMA cache_size = -65536;",
              err, errlen)) {
    if (sqlite3_db_readonly(db, "main") == 1) /* SQLite fell back to reading only */
      snprintf(err, errlen,
               "%s: cannot open: the store is read-only (the file or its file system "
               "cannot be written)",
               path);
    sqlite3_close(db);
    return NULL;
  }
  Store *s = xcalloc(1, sizeof *s);
  Sq *q = xcalloc(1, sizeof *q);
  q->db = db;
  s->ops = &sqlite_ops;
  s->impl = q;
  return s;
}
