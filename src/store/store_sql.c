/* SPDX-License-Identifier: Apache-2.0 */
/*
** store_sql.c — the store's plan operations (store.h: init, list, load, save), written once
** over the SQL driver (db/db.h), whatever engine it opened: migrating the schema, and plans
** read and written with prepared statements only. A plan is saved whole, in one transaction:
** either all of it is stored or none of it.
*/
#include "../eval/policy.h"
#include "schema.h"
#include "sq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Db *store_db(Store *s) {
  return s->impl;
}

static const char *col_str(Plan *p, DbStmt *st, int i) {
  return plan_str(p, db_col_text(st, i));
}

/* ---- init ----------------------------------------------------------------------------- */

static int sq_init(Store *s, char *err, size_t errlen) {
  Db *db = store_db(s);
  int v = db_schema_version(db);
  if (v < 0) return sq_fail(db, err, errlen, "reading the schema version");
  if (v > SCHEMA_VERSION) {
    snprintf(err, errlen, "store: schema version %d is newer than this program knows (%d)", v,
             SCHEMA_VERSION);
    return -1;
  }
  for (; v < SCHEMA_VERSION; v++) {
    int own;
    if (sq_begin(db, &own, err, errlen)) return -1;
    const Migration *m = &schema_migrations[v];
    int pg = strcmp(db_engine(db), "postgresql") == 0;
    int rc = sq_exec(db, pg ? m->postgresql : m->sqlite, err, errlen);
    if (rc == 0 && m->step) rc = m->step(db, err, errlen);
    const char *after = pg ? m->postgresql_after : m->sqlite_after;
    if (rc == 0 && after) rc = sq_exec(db, after, err, errlen);
    if (rc == 0 && db_set_schema_version(db, v + 1)) rc = sq_fail(db, err, errlen, "migrating");
    if (sq_end(db, own, rc, err, errlen)) return -1;
  }
  return 0;
}

static int require_schema(Store *s, char *err, size_t errlen) {
  if (db_schema_version(store_db(s)) == SCHEMA_VERSION) return 0;
  snprintf(err, errlen, "store: not initialised (run `shinchoku init` first)");
  return -1;
}

/* ---- list ----------------------------------------------------------------------------- */

static int sq_list(Store *s, PlanSummary **out, int *n, char *err, size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  *n = 0;
  if (require_schema(s, err, errlen)) return -1;
  DbStmt *st = sq_prepare(db, "SELECT id, name, municipality, first_year, last_year,"
                              " (SELECT count(*) FROM nodes WHERE plan = p.id),"
                              " (SELECT count(*) FROM indicators WHERE plan = p.id),"
                              " (SELECT count(*) FROM indicator_values WHERE plan = p.id), updated"
                              " FROM plans p ORDER BY id");
  if (!st) return sq_fail(db, err, errlen, "listing plans");
  int cap = 0;
  while (db_step(st) == DB_ROW) {
    VEC_PUSH(*out, *n, cap);
    PlanSummary *ps = &(*out)[(*n)++];
    ps->id = xstrdup(db_col_text(st, 0));
    ps->name = xstrdup(db_col_text(st, 1));
    const char *m = db_col_text(st, 2);
    ps->municipality = m ? xstrdup(m) : NULL;
    ps->first_year = db_col_int(st, 3);
    ps->last_year = db_col_int(st, 4);
    ps->nnodes = db_col_int(st, 5);
    ps->ninds = db_col_int(st, 6);
    ps->nvalues = db_col_int(st, 7);
    ps->updated = xstrdup(db_col_text(st, 8));
  }
  db_finalize(st);
  return 0;
}

/* ---- load ----------------------------------------------------------------------------- */

static DbStmt *select_plan_rows(Db *db, const char *sql, const char *id) {
  DbStmt *st = sq_prepare(db, sql);
  if (st) db_bind_text(st, 1, id);
  return st;
}

static int load_nodes(Db *db, Plan *p) {
  DbStmt *st = select_plan_rows(
      db,
      "SELECT id, parent, level, number, name, audience, summary, added_year, ended_year,"
      " decision, decision_reason, also_under, continues, source"
      " FROM nodes n WHERE plan = ?1 ORDER BY seq",
      p->id);
  if (!st) return -1;
  const char **parents = NULL;
  int nparents = 0, cap = 0;
  while (db_step(st) == DB_ROW) {
    Node *n = plan_add_node(p);
    n->id = col_str(p, st, 0);
    VEC_PUSH(parents, nparents, cap);
    parents[nparents++] = col_str(p, st, 1);
    n->level = db_col_int(st, 2);
    n->number = col_str(p, st, 3);
    n->name = col_str(p, st, 4);
    n->audience = col_str(p, st, 5);
    n->summary = col_str(p, st, 6);
    n->added_year = db_col_int(st, 7);
    n->ended_year = db_col_int(st, 8);
    n->decision = col_str(p, st, 9);
    n->decision_reason = col_str(p, st, 10);
    n->also_under = col_str(p, st, 11);
    n->continues = col_str(p, st, 12);
    n->source = col_str(p, st, 13);
  }
  db_finalize(st);
  plan_index(p);
  for (int i = 0; i < p->nnodes; i++) /* siblings come together: look a parent up once */
    p->nodes[i].parent =
        i > 0 && parents[i] && parents[i - 1] && !strcmp(parents[i], parents[i - 1])
            ? p->nodes[i - 1].parent
            : plan_node(p, parents[i]);
  free(parents);
  return 0;
}

/* The index of the node named id, trying first the one the previous row named (rows come
   grouped) and the one after it (and in the order they are stored). */
static int node_near(Plan *p, int prev, const char *id) {
  if (!id) return -1;
  if (prev >= 0 && !strcmp(p->nodes[prev].id, id)) return prev;
  if (prev + 1 < p->nnodes && !strcmp(p->nodes[prev + 1].id, id)) return prev + 1;
  return plan_node(p, id);
}
/* Each node's departments, in their order, joined with '|' (nodes without any keep NULL). */
static int load_departments(Db *db, Plan *p) {
  DbStmt *st = select_plan_rows(
      db, "SELECT node, department FROM node_departments WHERE plan = ?1 ORDER BY node, seq",
      p->id);
  if (!st) return -1;
  Buf b = {0};
  int node = -1, rc;
  while ((rc = db_step(st)) == DB_ROW) {
    const char *id = db_col_text(st, 0);
    if (node < 0 || strcmp(p->nodes[node].id, id) != 0) { /* rows come grouped by node */
      if (node >= 0) p->nodes[node].departments = plan_str(p, b.s);
      b.len = 0;
      if (b.s) b.s[0] = '\0';
      node = plan_node(p, id);
      if (node < 0) continue;
    }
    buf_printf(&b, "%s%s", b.len ? "|" : "", db_col_text(st, 1));
  }
  if (node >= 0) p->nodes[node].departments = plan_str(p, b.s);
  buf_free(&b);
  db_finalize(st);
  return rc == DB_DONE ? 0 : -1;
}

static void load_attrs(Db *db, Plan *p) {
  DbStmt *st =
      select_plan_rows(db,
                       "SELECT owner_kind, owner, name, value FROM attrs WHERE plan = ?1 ORDER BY "
                       "owner_kind, owner, seq",
                       p->id);
  while (st && db_step(st) == DB_ROW) {
    int is_node = strcmp(db_col_text(st, 0), "node") == 0;
    const char *owner = db_col_text(st, 1);
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
  db_finalize(st);
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

static int load_indicators(Db *db, Plan *p) {
  DbStmt *st = select_plan_rows(
      db,
      "SELECT id, node, number, name, unit, direction, accumulation, baseline, baseline_year,"
      " composite_of, weight, role, source FROM indicators WHERE plan = ?1 ORDER BY seq",
      p->id);
  if (!st) return -1;
  int node = -1;
  while (db_step(st) == DB_ROW) {
    Indicator *in = plan_add_indicator(p);
    in->id = col_str(p, st, 0);
    in->node = node = node_near(p, node, db_col_text(st, 1));
    in->number = col_str(p, st, 2);
    in->name = col_str(p, st, 3);
    in->unit = col_str(p, st, 4);
    in->direction = enum_lookup(direction_names, 4, db_col_text(st, 5));
    in->accumulation = enum_lookup(accumulation_names, 3, db_col_text(st, 6));
    in->baseline = sq_col_dec(st, 7);
    in->baseline_year = db_col_int(st, 8);
    in->composite_of = col_str(p, st, 9);
    in->weight = sq_col_dec(st, 10);
    in->role = col_str(p, st, 11);
    in->source = col_str(p, st, 12);
  }
  db_finalize(st);
  plan_index(p);
  for (int i = 0; i < p->ninds; i++) {
    struct part_ctx c = {p, i};
    list_each(p->inds[i].composite_of, add_part, &c);
  }
  return 0;
}

static int load_rest(Db *db, Plan *p) {
  DbStmt *st = select_plan_rows(
      db, "SELECT subject, year, grade, basis, source FROM grades WHERE plan = ?1 ORDER BY seq",
      p->id);
  while (st && db_step(st) == DB_ROW) {
    Grade *g = plan_add_grade(p);
    g->subject = col_str(p, st, 0);
    g->node = plan_node(p, g->subject);
    g->indicator = plan_indicator(p, g->subject);
    g->year = db_col_int(st, 1);
    g->grade = col_str(p, st, 2);
    g->basis = col_str(p, st, 3);
    g->source = col_str(p, st, 4);
  }
  db_finalize(st);
  st = select_plan_rows(db,
                        "SELECT node, year, kind, owner, text, due, status, source FROM items"
                        " WHERE plan = ?1 ORDER BY seq",
                        p->id);
  while (st && db_step(st) == DB_ROW) {
    Item *it = plan_add_item(p);
    it->node = plan_node(p, db_col_text(st, 0));
    it->year = db_col_int(st, 1);
    it->kind = col_str(p, st, 2);
    it->owner = col_str(p, st, 3);
    it->text = col_str(p, st, 4);
    it->due = col_str(p, st, 5);
    it->status = col_str(p, st, 6);
    it->source = col_str(p, st, 7);
  }
  db_finalize(st);
  st = select_plan_rows(db,
                        "SELECT subject, year, what, value, variant, level, source FROM printed"
                        " WHERE plan = ?1 ORDER BY seq",
                        p->id);
  while (st && db_step(st) == DB_ROW) {
    Printed *pr = plan_add_printed(p);
    pr->subject = col_str(p, st, 0);
    pr->year = db_col_int(st, 1);
    pr->what = col_str(p, st, 2);
    pr->value = col_str(p, st, 3);
    pr->variant = col_str(p, st, 4);
    pr->level = db_col_int(st, 5);
    pr->source = col_str(p, st, 6);
  }
  db_finalize(st);
  return 0;
}

static int sq_load(Store *s, const char *id, Plan **out, char *err, size_t errlen) {
  Db *db = store_db(s);
  *out = NULL;
  if (require_schema(s, err, errlen)) return -1;
  /* one consistent snapshot: a read transaction of its own, or the caller's (plan_edit_values
     loads inside its write transaction) */
  int own = !db_in_transaction(db);
  if (own && db_begin(db, DB_READ)) return sq_fail(db, err, errlen, "loading a plan");
  DbStmt *st = select_plan_rows(
      db,
      "SELECT id, name, municipality, municipality_code, first_year, last_year, levels,"
      " predecessor, source, policy FROM plans WHERE id = ?1",
      id);
  if (!st) return sq_fail(db, err, errlen, "loading a plan");
  Plan *p = NULL;
  if (db_step(st) == DB_ROW) {
    p = plan_new();
    p->id = col_str(p, st, 0);
    p->name = col_str(p, st, 1);
    p->municipality = col_str(p, st, 2);
    p->municipality_code = col_str(p, st, 3);
    p->first_year = db_col_int(st, 4);
    p->last_year = db_col_int(st, 5);
    plan_set_levels(p, db_col_text(st, 6));
    p->predecessor = col_str(p, st, 7);
    p->source = col_str(p, st, 8);
    p->policy_json = xstrdup(db_col_text(st, 9));
  }
  db_finalize(st);
  int rc = 0;
  /* the values are read meanwhile on a connection of their own (values_read.c) */
  ValuesRead *values = p ? sq_values_begin(db, p->id, own) : NULL;
  if (p && (load_nodes(db, p) || load_departments(db, p) || load_indicators(db, p) ||
            load_rest(db, p) || sq_load_meetings(db, p) || sq_load_kpis(db, p)))
    rc = -1;
  if (p) load_attrs(db, p);
  if (values && sq_values_end(values, db, p)) rc = -1;
  if (rc) sq_fail(db, err, errlen, "loading a plan");
  if (own) db_commit(db);
  if (rc) {
    plan_free(p);
    return -1;
  }
  *out = p;
  return 0;
}

/* ---- save ----------------------------------------------------------------------------- */

static int save_plan_row(Db *db, const Plan *p, const char *now) {
  DbStmt *st = sq_prepare(
      db, "INSERT INTO plans (id, name, municipality, municipality_code, first_year, last_year,"
          " levels, predecessor, source, policy, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  if (!st) return -1;
  char *levels = plan_levels_joined(p);
  sq_bind_text(st, 1, p->id);
  sq_bind_text(st, 2, p->name);
  sq_bind_text(st, 3, p->municipality);
  sq_bind_text(st, 4, p->municipality_code);
  db_bind_int64(st, 5, p->first_year);
  db_bind_int64(st, 6, p->last_year);
  sq_bind_text(st, 7, levels);
  sq_bind_text(st, 8, p->predecessor);
  sq_bind_text(st, 9, p->source);
  sq_bind_text(st, 10, p->policy_json ? p->policy_json : policy_default_json);
  sq_bind_text(st, 11, now);
  int rc = sq_step_done(st);
  db_finalize(st);
  free(levels);
  return rc;
}

struct dept_ctx {
  DbStmt *st;
  const char *plan, *node;
  int seq, rc;
};

static void save_dept(const char *part, size_t len, void *ctx) {
  struct dept_ctx *c = ctx;
  db_bind_text(c->st, 1, c->plan);
  db_bind_text(c->st, 2, c->node);
  db_bind_int64(c->st, 3, c->seq++);
  db_bind_textn(c->st, 4, part, len);
  if (sq_step_done(c->st)) c->rc = -1;
}

static int save_attrs(DbStmt *st, const char *plan, const char *kind, const char *owner,
                      const Attr *a, int n) {
  for (int i = 0; i < n; i++) {
    sq_bind_text(st, 1, plan);
    sq_bind_text(st, 2, kind);
    sq_bind_text(st, 3, owner);
    db_bind_int64(st, 4, i);
    sq_bind_text(st, 5, a[i].name);
    sq_bind_text(st, 6, a[i].value);
    if (sq_step_done(st)) return -1;
  }
  return 0;
}

/* NULL for a missing number or year, as sq_bind_dec and sq_bind_year bind them. */
static void bulk_dec(DbBulk *b, int i, dec_t d) {
  if (!dec_is_none(d)) db_bulk_int64(b, i, d);
}
static void bulk_year(DbBulk *b, int i, int y) {
  if (y) db_bulk_int64(b, i, y);
}

/* Bulk rows are written without their foreign keys looked up (db.h): each reference is the
   id of a row of the same plan written in this transaction (a value's indicator and an
   indicator's node before it; a node's parent anywhere among the nodes), taken from the plan's
   indices, which must therefore name a row of the plan: the model guarantees it, and it is
   checked here at the cost of a comparison per row. */
static int refers(int i, int n) {
  return i >= 0 && i < n;
}

/* The node rows by the engine's bulk path (a national plan has 280,000). */
static int save_node_rows(Db *db, const Plan *p) {
  static const char *const columns[] = {"plan",
                                        "seq",
                                        "id",
                                        "parent",
                                        "level",
                                        "number",
                                        "name",
                                        "audience",
                                        "summary",
                                        "added_year",
                                        "ended_year",
                                        "decision",
                                        "decision_reason",
                                        "also_under",
                                        "continues",
                                        "source"};
  DbBulk *b = db_bulk_begin(db, "nodes", columns, 16);
  int rc = b ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->nnodes; i++) {
    const Node *n = &p->nodes[i];
    if (n->parent >= 0 && !refers(n->parent, p->nnodes)) {
      rc = -1;
      break;
    }
    db_bulk_text(b, 0, p->id);
    db_bulk_int64(b, 1, i);
    db_bulk_text(b, 2, n->id);
    db_bulk_text(b, 3, n->parent >= 0 ? p->nodes[n->parent].id : NULL);
    db_bulk_int64(b, 4, n->level);
    db_bulk_text(b, 5, n->number);
    db_bulk_text(b, 6, n->name);
    db_bulk_text(b, 7, n->audience);
    db_bulk_text(b, 8, n->summary);
    bulk_year(b, 9, n->added_year);
    bulk_year(b, 10, n->ended_year);
    db_bulk_text(b, 11, n->decision);
    db_bulk_text(b, 12, n->decision_reason);
    db_bulk_text(b, 13, n->also_under);
    db_bulk_text(b, 14, n->continues);
    db_bulk_text(b, 15, n->source);
    rc = db_bulk_row(b);
  }
  if (b && db_bulk_end(b)) rc = -1;
  return rc;
}

/* The nodes, then their departments and attributes (once the bulk rows are done: nothing
   else may run on the connection meanwhile). */
static int save_nodes(Db *db, const Plan *p) {
  if (save_node_rows(db, p)) return -1;
  DbStmt *dep =
      sq_prepare(db, "INSERT INTO node_departments (plan, node, seq, department) VALUES (?,?,?,?)");
  DbStmt *at = sq_prepare(
      db, "INSERT INTO attrs (plan, owner_kind, owner, seq, name, value) VALUES (?,?,?,?,?,?)");
  int rc = dep && at ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->nnodes; i++) {
    const Node *n = &p->nodes[i];
    struct dept_ctx c = {dep, p->id, n->id, 0, 0};
    list_each(n->departments, save_dept, &c);
    if (c.rc || save_attrs(at, p->id, "node", n->id, n->attrs, n->nattrs)) rc = -1;
  }
  db_finalize(dep);
  db_finalize(at);
  return rc;
}

/* The indicator rows by the engine's bulk path (a national plan has 522,000). */
static int save_indicator_rows(Db *db, const Plan *p) {
  static const char *const columns[] = {
      "plan",          "seq",          "id",        "node",         "number",
      "name",          "unit",         "direction", "accumulation", "baseline",
      "baseline_year", "composite_of", "weight",    "role",         "source"};
  DbBulk *b = db_bulk_begin(db, "indicators", columns, 15);
  int rc = b ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->ninds; i++) {
    const Indicator *in = &p->inds[i];
    if (!refers(in->node, p->nnodes)) {
      rc = -1;
      break;
    }
    db_bulk_text(b, 0, p->id);
    db_bulk_int64(b, 1, i);
    db_bulk_text(b, 2, in->id);
    db_bulk_text(b, 3, p->nodes[in->node].id);
    db_bulk_text(b, 4, in->number);
    db_bulk_text(b, 5, in->name);
    db_bulk_text(b, 6, in->unit);
    db_bulk_text(b, 7, direction_names[in->direction]);
    db_bulk_text(b, 8, accumulation_names[in->accumulation]);
    bulk_dec(b, 9, in->baseline);
    bulk_year(b, 10, in->baseline_year);
    db_bulk_text(b, 11, in->composite_of);
    bulk_dec(b, 12, in->weight);
    db_bulk_text(b, 13, in->role);
    db_bulk_text(b, 14, in->source);
    rc = db_bulk_row(b);
  }
  if (b && db_bulk_end(b)) rc = -1;
  return rc;
}

static int save_indicators(Db *db, const Plan *p) {
  if (save_indicator_rows(db, p)) return -1;
  DbStmt *at = sq_prepare(
      db, "INSERT INTO attrs (plan, owner_kind, owner, seq, name, value) VALUES (?,?,?,?,?,?)");
  int rc = at ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->ninds; i++) {
    const Indicator *in = &p->inds[i];
    rc = save_attrs(at, p->id, "indicator", in->id, in->attrs, in->nattrs);
  }
  db_finalize(at);
  return rc;
}

/* The values, by the engine's bulk path: a national plan has millions. */
static int save_values(Db *db, const Plan *p) {
  static const char *const columns[] = {"plan", "seq",     "indicator", "year",
                                        "kind", "num",     "text",      "as_of",
                                        "note", "revised", "source",    "superseded"};
  DbBulk *b = db_bulk_begin(db, "indicator_values", columns, 12);
  int rc = b ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->nvalues; i++) {
    const Value *v = &p->values[i];
    if (!refers(v->indicator, p->ninds)) {
      rc = -1;
      break;
    }
    db_bulk_text(b, 0, p->id);
    db_bulk_int64(b, 1, i);
    db_bulk_text(b, 2, p->inds[v->indicator].id);
    db_bulk_int64(b, 3, v->year);
    db_bulk_text(b, 4, value_kind_names[v->kind]);
    bulk_dec(b, 5, v->num);
    db_bulk_text(b, 6, v->text);
    const ValueExtra *x = value_extra(p, v);
    db_bulk_text(b, 7, x->as_of);
    db_bulk_text(b, 8, x->note);
    db_bulk_text(b, 9, x->revised);
    db_bulk_text(b, 10, x->source);
    db_bulk_int64(b, 11, v->superseded);
    rc = db_bulk_row(b);
  }
  if (b && db_bulk_end(b)) rc = -1;
  return rc;
}

static int save_rest(Db *db, const Plan *p) {
  DbStmt *g = sq_prepare(db, "INSERT INTO grades (plan, seq, subject, year, grade, basis,"
                             " source) VALUES (?,?,?,?,?,?,?)");
  DbStmt *it = sq_prepare(db, "INSERT INTO items (plan, seq, node, year, kind, owner, text,"
                              " due, status, source) VALUES (?,?,?,?,?,?,?,?,?,?)");
  DbStmt *pr = sq_prepare(db, "INSERT INTO printed (plan, seq, subject, year, what, value,"
                              " variant, level, source) VALUES (?,?,?,?,?,?,?,?,?)");
  int rc = g && it && pr ? 0 : -1;
  for (int i = 0; rc == 0 && i < p->ngrades; i++) {
    const Grade *x = &p->grades[i];
    sq_bind_text(g, 1, p->id);
    db_bind_int64(g, 2, i);
    sq_bind_text(g, 3, x->subject);
    db_bind_int64(g, 4, x->year);
    sq_bind_text(g, 5, x->grade);
    sq_bind_text(g, 6, x->basis);
    sq_bind_text(g, 7, x->source);
    rc = sq_step_done(g);
  }
  for (int i = 0; rc == 0 && i < p->nitems; i++) {
    const Item *x = &p->items[i];
    sq_bind_text(it, 1, p->id);
    db_bind_int64(it, 2, i);
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
    db_bind_int64(pr, 2, i);
    sq_bind_text(pr, 3, x->subject);
    sq_bind_year(pr, 4, x->year);
    sq_bind_text(pr, 5, x->what);
    sq_bind_text(pr, 6, x->value);
    sq_bind_text(pr, 7, x->variant);
    sq_bind_year(pr, 8, x->level);
    sq_bind_text(pr, 9, x->source);
    rc = sq_step_done(pr);
  }
  db_finalize(g);
  db_finalize(it);
  db_finalize(pr);
  return rc;
}

static int log_import(Db *db, const Plan *p, const char *now, const Origin *o) {
  DbStmt *st = sq_prepare(db, "INSERT INTO imports (plan, at, origin, nodes, indicators,"
                              " nvalues, actor, digest) VALUES (?,?,?,?,?,?,?,?)");
  if (!st) return -1;
  sq_bind_text(st, 1, p->id);
  sq_bind_text(st, 2, now);
  sq_bind_text(st, 3, o->file ? o->file : o->reason);
  db_bind_int64(st, 4, p->nnodes);
  db_bind_int64(st, 5, p->ninds);
  db_bind_int64(st, 6, p->nvalues);
  sq_bind_text(st, 7, o->actor);
  sq_bind_text(st, 8, o->digest);
  int rc = sq_step_done(st);
  db_finalize(st);
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
static int record_save(Db *db, const Plan *p, const Origin *o, const char *now) {
  char action[32];
  save_action(o, action, sizeof action);
  int existed = sq_exists(db, "SELECT 1 FROM plans WHERE id = ?1", p->id, NULL);
  AuditWriter w;
  if (existed < 0 || audit_writer_open(db, &w)) return -1;
  audit_writer_plan_chain(&w, p->id, p->municipality_code); /* not stored yet, or moved */
  Actor who = {o->actor, o->via};
  int rc = audit_writer_add(&w, &who, action, p->id, NULL, 0, o->digest ? "digest" : NULL, NULL,
                            o->digest, o->file ? o->file : o->reason) ||
           sq_record_changes(db, p, o, now, action, existed ? &w : NULL);
  audit_writer_close(&w);
  return rc ? -1 : 0;
}

static int delete_plan(Db *db, const char *id) {
  static const char *const sql[] = {"DELETE FROM indicator_values WHERE plan = ?1",
                                    "DELETE FROM items WHERE plan = ?1",
                                    "DELETE FROM attrs WHERE plan = ?1",
                                    "DELETE FROM indicators WHERE plan = ?1",
                                    "DELETE FROM node_departments WHERE plan = ?1",
                                    "DELETE FROM nodes WHERE plan = ?1",
                                    "DELETE FROM plans WHERE id = ?1"};
  for (size_t i = 0; i < sizeof sql / sizeof *sql; i++)
    if (sq_run(db, sql[i], id, NULL)) return -1;
  return sq_delete_meetings(db, id) || sq_delete_kpis(db, id) ? -1 : 0;
}

/* Refuse (STORE_APPROVED_CHANGED, err naming them) a save that changes figures approved
   entries put in the plan, unless o->force; forced, audit each one. */
static int guard_approved(Db *db, const Plan *p, const Origin *o, char *err, size_t errlen) {
  AuditWriter w;
  int count = 0, rc = o->force ? audit_writer_open(db, &w) : 0;
  Buf names = {0};
  if (rc == 0) rc = sq_approved_overwrites(db, p, o, o->force ? &w : NULL, &count, &names);
  if (o->force) audit_writer_close(&w);
  if (rc == 0 && count && !o->force) {
    snprintf(err, errlen,
             "the plan would change or lose %d figure(s) that approved entries put there: %s",
             count, names.s);
    rc = STORE_APPROVED_CHANGED;
  }
  buf_free(&names);
  return rc;
}

/* A plan belongs to a municipality: refuse one without a code, or one the actor may not save
   (a plan of another municipality, or moved to one); register its code the first time. */
static int save_tenant(Db *db, const Plan *p, const Origin *o, char *err, size_t errlen) {
  if (!municipality_code_valid(p->municipality_code)) {
    snprintf(err, errlen,
             "plan %s: municipality_code (全国地方公共団体コード, 6 digits) is required to store a"
             " plan",
             p->id);
    return -1;
  }
  const Actor who = {o->actor, o->via};
  int rc = sq_may_code(db, &who, p->municipality_code, err, errlen);
  int existed = rc ? 0 : sq_exists(db, "SELECT 1 FROM plans WHERE id = ?1", p->id, NULL);
  if (existed < 0) return sq_fail(db, err, errlen, "saving the plan");
  if (rc == 0 && existed) rc = sq_may_plan(db, &who, p->id, err, errlen);
  if (rc == 0)
    rc = sq_municipality_register(db, p->municipality_code, p->municipality, NULL, err, errlen);
  return rc == 1 ? 0 : rc;
}

static int sq_save(Store *s, const Plan *p, const Origin *o, char *err, size_t errlen) {
  Db *db = store_db(s);
  char now[32];
  sq_now_iso(now, sizeof now);
  if (require_schema(s, err, errlen)) return -1;
  if (db_begin(db, DB_WRITE)) return sq_fail(db, err, errlen, "saving the plan");
  int tenant = save_tenant(db, p, o, err, errlen);
  if (tenant) {
    db_rollback(db);
    return tenant;
  }
  int guard = guard_approved(db, p, o, err, errlen);
  if (guard == STORE_APPROVED_CHANGED) {
    db_rollback(db);
    return guard;
  }
  int rc = guard || record_save(db, p, o, now) || delete_plan(db, p->id) ||
           save_plan_row(db, p, now) || save_nodes(db, p) || save_indicators(db, p) ||
           save_values(db, p) || save_rest(db, p) || sq_save_meetings(db, p) ||
           sq_save_kpis(db, p) || log_import(db, p, now, o) || sq_bump_revision(db, p->id);
  if (rc) {
    sq_fail(db, err, errlen, "saving the plan (nothing was stored)");
    db_rollback(db);
    return -1;
  }
  return db_commit(db) ? sq_fail(db, err, errlen, "saving the plan") : 0;
}

/* ---- direct SQL --------------------------------------------------------------------- */

int store_script(Store *s, const char *sql, void (*row)(void *ctx, int n, const char *const *v),
                 void *ctx, char *err, size_t errlen) {
  Db *db = store_db(s);
  return db_script(db, sql, row, ctx) ? sq_fail(db, err, errlen, "sql") : 0;
}

/* ---- open / close --------------------------------------------------------------------- */

static void sq_close(Store *s) {
  db_close(store_db(s));
  free(s);
}

static const StoreOps sql_ops = {"sql", sq_init, sq_list, sq_load, sq_save, sq_close};

Store *store_open(const char *uri, char *err, size_t errlen) {
  Db *db = db_open(uri, err, errlen);
  if (!db) return NULL;
  Store *s = xcalloc(1, sizeof *s);
  s->ops = &sql_ops;
  s->impl = db;
  return s;
}
