/* SPDX-License-Identifier: Apache-2.0 */
/*
** api.c — the read-only JSON API under /api/v1/ (described by /api/openapi.json): plans,
** nodes, indicators, values and the evaluation of a fiscal year. Ids are the exchange
** format's ids, so they stay stable across re-imports. Long lists are paged with
** ?limit=&offset=. Decimals are strings holding the exact value ("89.830508"), never
** floating point.
*/
#include "../eval/explain.h"
#include "../model/text.h"
#include "web.h"
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_DEFAULT 100
#define PAGE_MAX 1000

extern const char openapi_json[];

void api_error(Resp *out, int status, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  int full = vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  /* The message may quote what the client sent: cut it on a character boundary and make it
     valid UTF-8, or jansson refuses the string. */
  size_t len = strlen(msg);
  if (full >= (int)sizeof msg) msg[len = text_utf8_cut(msg, len)] = 0;
  text_utf8_scrub(msg, len);
  buf_free(&out->body);
  out->fixed = NULL;
  out->status = status;
  out->type = "application/json; charset=utf-8";
  out->cors = 1;
  json_t *doc = json_pack("{s:i,s:s}", "status", status, "error", msg);
  char *text = json_dumps(doc, JSON_COMPACT);
  buf_put(&out->body, text);
  free(text);
  json_decref(doc);
}

static json_t *jstr(const char *s) {
  return s ? json_string(s) : json_null();
}

static json_t *jdec(dec_t d) {
  char t[DEC_MAX_TEXT];
  return dec_is_none(d) ? json_null() : json_string(dec_format(d, -1, t));
}

static json_t *jyear(int y) {
  return y ? json_integer(y) : json_null();
}

typedef struct ListCtx {
  json_t *a;
} ListCtx;

static void add_part(const char *part, size_t len, void *ctx) {
  json_array_append_new(((ListCtx *)ctx)->a, json_stringn(part, len));
}

static json_t *jlist(const char *joined) {
  ListCtx c = {json_array()};
  list_each(joined, add_part, &c);
  return c.a;
}

static void send(Resp *out, json_t *doc) {
  char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(doc);
  out->type = "application/json; charset=utf-8";
  out->cors = 1;
  buf_put(&out->body, text ? text : "null");
  free(text);
}

/* ---- objects -------------------------------------------------------------------------- */

/* The years whose results are public, oldest first: the API answers with these years'
   results only (every other year has its targets and nothing else). */
static json_t *published_years(const SitePlan *sp) {
  json_t *a = json_array();
  for (int y = sp->plan->first_year; y <= sp->plan->last_year; y++)
    if (site_year_published(sp, y)) json_array_append_new(a, json_integer(y));
  return a;
}

static json_t *plan_object(const SitePlan *sp, int full) {
  const Plan *p = sp->plan;
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(p->id));
  json_object_set_new(o, "name", json_string(p->name));
  json_object_set_new(o, "municipality", jstr(p->municipality));
  json_object_set_new(o, "municipality_code", jstr(p->municipality_code));
  json_object_set_new(o, "first_year", json_integer(p->first_year));
  json_object_set_new(o, "last_year", json_integer(p->last_year));
  json_t *levels = json_array();
  for (int l = 0; l < p->nlevels; l++)
    json_array_append_new(levels, json_string(p->levels[l]));
  json_object_set_new(o, "levels", levels);
  json_object_set_new(o, "default_year", json_integer(sp->default_year));
  json_object_set_new(o, "published_years", published_years(sp));
  json_object_set_new(o, "published_at", jstr(sp->published_at));
  if (full) {
    json_object_set_new(o, "nodes", json_integer(p->nnodes));
    json_object_set_new(o, "indicators", json_integer(p->ninds));
    json_object_set_new(o, "values", json_integer(p->nvalues));
    json_t *grades = json_array();
    for (int g = 0; g < sp->policy->ngrades; g++) {
      const PolicyGrade *pg = &sp->policy->grades[g];
      json_array_append_new(grades,
                            json_pack("{s:s,s:o,s:b,s:b}", "symbol", pg->symbol, "label",
                                      jstr(pg->label), "status", pg->is_status, "top", pg->top));
    }
    json_object_set_new(o, "grades", grades);
    json_object_set_new(o, "headline_level", json_integer(sp->policy->headline_level));
  }
  return o;
}

static json_t *node_object(const SitePlan *sp, int n, int full) {
  const Plan *p = sp->plan;
  const Node *node = &p->nodes[n];
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(node->id));
  json_object_set_new(o, "parent",
                      node->parent >= 0 ? json_string(p->nodes[node->parent].id) : json_null());
  json_object_set_new(o, "level", json_integer(node->level));
  json_object_set_new(o, "level_name", json_string(node_level_name(p, node)));
  json_object_set_new(o, "number", jstr(node->number));
  json_object_set_new(o, "name", json_string(node->name));
  json_object_set_new(o, "departments", jlist(node->departments));
  json_object_set_new(o, "added_year", jyear(node->added_year));
  json_object_set_new(o, "ended_year", jyear(node->ended_year));
  if (full) {
    const Evaluation *ev = sp->ev;
    json_object_set_new(o, "summary", jstr(node->summary));
    json_object_set_new(o, "audience", jstr(node->audience));
    json_object_set_new(o, "also_under", jlist(node->also_under));
    json_t *children = json_array(), *inds = json_array();
    for (int k = ev->child_start[n]; k < ev->child_start[n + 1]; k++)
      json_array_append_new(children, json_string(p->nodes[ev->child_list[k]].id));
    for (int k = ev->ind_start[n]; k < ev->ind_start[n + 1]; k++)
      json_array_append_new(inds, json_string(p->inds[ev->ind_list[k]].id));
    json_object_set_new(o, "children", children);
    json_object_set_new(o, "indicators", inds);
  }
  return o;
}

static json_t *indicator_object(const Plan *p, int i) {
  const Indicator *in = &p->inds[i];
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(in->id));
  json_object_set_new(o, "node", json_string(p->nodes[in->node].id));
  json_object_set_new(o, "number", jstr(in->number));
  json_object_set_new(o, "name", json_string(in->name));
  json_object_set_new(o, "unit", jstr(in->unit));
  json_object_set_new(o, "direction", json_string(direction_names[in->direction]));
  json_object_set_new(o, "accumulation", json_string(accumulation_names[in->accumulation]));
  json_object_set_new(o, "baseline", jdec(in->baseline));
  json_object_set_new(o, "baseline_year", jyear(in->baseline_year));
  json_object_set_new(o, "role", jstr(in->role));
  return o;
}

static json_t *value_object(const Plan *p, int v) {
  const Value *val = &p->values[v];
  json_t *o = json_object();
  json_object_set_new(o, "indicator", json_string(p->inds[val->indicator].id));
  json_object_set_new(o, "year", json_integer(val->year));
  json_object_set_new(o, "kind", json_string(value_kind_names[val->kind]));
  json_object_set_new(o, "value", jdec(val->num));
  json_object_set_new(o, "text", jstr(val->text));
  const ValueExtra *x = value_extra(p, val);
  json_object_set_new(o, "as_of", jstr(x->as_of));
  json_object_set_new(o, "note", jstr(x->note));
  return o;
}

/* ---- paging --------------------------------------------------------------------------- */

static int parse_count(const char *text, int dflt, int max, int *out) {
  if (!text) {
    *out = dflt;
    return 0;
  }
  char *end;
  long v = strtol(text, &end, 10);
  if (!*text || *end || v < 0 || v > max) return -1;
  *out = (int)v;
  return 0;
}

typedef struct Page {
  int limit, offset;
} Page;

static int page_args(const Req *r, Resp *out, Page *pg) {
  if (parse_count(req_arg(r, "limit"), PAGE_DEFAULT, PAGE_MAX, &pg->limit) || pg->limit == 0) {
    api_error(out, 400, "limit must be a whole number from 1 to %d", PAGE_MAX);
    return -1;
  }
  if (parse_count(req_arg(r, "offset"), 0, 1 << 30, &pg->offset)) {
    api_error(out, 400, "offset must be a whole number from 0");
    return -1;
  }
  return 0;
}

/* {"items": [...], "total", "limit", "offset", "next"} where next is the URL of the following
   page or null. */
static json_t *paged(const Req *r, json_t *items, int total, const Page *pg) {
  json_t *o = json_object();
  json_object_set_new(o, "items", items);
  json_object_set_new(o, "total", json_integer(total));
  json_object_set_new(o, "limit", json_integer(pg->limit));
  json_object_set_new(o, "offset", json_integer(pg->offset));
  if (pg->offset + pg->limit < total) {
    Buf next = {0};
    buf_put(&next, r->path);
    buf_printf(&next, "?limit=%d&offset=%d", pg->limit, pg->offset + pg->limit);
    const char *ind = req_arg(r, "indicator");
    if (ind) {
      buf_put(&next, "&indicator=");
      url_esc(&next, ind);
    }
    json_object_set_new(o, "next", json_string(next.s));
    buf_free(&next);
  } else {
    json_object_set_new(o, "next", json_null());
  }
  return o;
}

/* ---- endpoints ------------------------------------------------------------------------ */

static void list_plans(const Site *s, Resp *out) {
  json_t *items = json_array();
  for (int i = 0; i < s->nplans; i++)
    json_array_append_new(items, plan_object(&s->plans[i], 0));
  send(out, json_pack("{s:o,s:i}", "items", items, "total", s->nplans));
}

static void list_nodes(const SitePlan *sp, const Req *r, Resp *out) {
  Page pg;
  if (page_args(r, out, &pg)) return;
  json_t *items = json_array();
  for (int n = pg.offset; n < sp->plan->nnodes && n < pg.offset + pg.limit; n++)
    json_array_append_new(items, node_object(sp, n, 0));
  send(out, paged(r, items, sp->plan->nnodes, &pg));
}

static void list_indicators(const SitePlan *sp, const Req *r, Resp *out) {
  Page pg;
  if (page_args(r, out, &pg)) return;
  json_t *items = json_array();
  for (int i = pg.offset; i < sp->plan->ninds && i < pg.offset + pg.limit; i++)
    json_array_append_new(items, indicator_object(sp->plan, i));
  send(out, paged(r, items, sp->plan->ninds, &pg));
}

static void list_values(const SitePlan *sp, const Req *r, Resp *out) {
  Page pg;
  if (page_args(r, out, &pg)) return;
  const Plan *p = sp->plan;
  const char *only = req_arg(r, "indicator");
  int ind = -1;
  if (only && (ind = plan_indicator(p, only)) < 0) {
    api_error(out, 404, "no indicator '%s' in plan %s", only, p->id);
    return;
  }
  json_t *items = json_array();
  int total = 0;
  for (int v = 0; v < p->nvalues; v++) {
    if (p->values[v].superseded || (ind >= 0 && p->values[v].indicator != ind)) continue;
    if (total >= pg.offset && total < pg.offset + pg.limit)
      json_array_append_new(items, value_object(p, v));
    total++;
  }
  send(out, paged(r, items, total, &pg));
}

static json_t *jgrade(const Evaluation *ev, int g) {
  return g >= 0 ? json_string(eval_symbol(ev, g)) : json_null();
}

static void evaluation(const SitePlan *sp, const Req *r, Resp *out) {
  int year;
  if (web_year(sp, r, out, 1, &year)) return;
  const Plan *p = sp->plan;
  const Evaluation *ev = sp->ev;
  const Policy *pol = sp->policy;
  json_t *levels = json_array();
  for (int l = 1; l <= p->nlevels; l++) {
    const LevelSummary *s = eval_level(ev, l, year);
    json_t *counts = json_object();
    for (int g = 0; g < pol->ngrades; g++)
      json_object_set_new(counts, pol->grades[g].symbol, json_integer(s->counts[g]));
    json_array_append_new(levels, json_pack("{s:i,s:s,s:i,s:i,s:i,s:i,s:o,s:o}", "level", l, "name",
                                            p->levels[l - 1], "in_scope", s->in_scope, "graded",
                                            s->graded, "due", s->due, "top", s->top, "share",
                                            jdec(s->share), "counts", counts));
  }
  json_t *nodes = json_array();
  for (int n = 0; n < p->nnodes; n++) {
    const NodeResult *nr = eval_node(ev, n, year);
    json_array_append_new(nodes,
                          json_pack("{s:s,s:b,s:o,s:o,s:s}", "id", p->nodes[n].id, "in_scope",
                                    nr->in_scope, "grade", jgrade(ev, nr->grade), "rate",
                                    jdec(nr->rate), "from", grade_from_names[nr->from]));
  }
  json_t *inds = json_array();
  for (int i = 0; i < p->ninds; i++) {
    const IndResult *ir = eval_ind(ev, i, year);
    json_array_append_new(inds,
                          json_pack("{s:s,s:o,s:o,s:b,s:o,s:o,s:s}", "id", p->inds[i].id, "target",
                                    jdec(ir->target), "actual", jdec(ir->actual), "projected",
                                    ir->projected, "rate", jdec(ir->rate), "grade",
                                    jgrade(ev, ir->grade), "from", grade_from_names[ir->from]));
  }
  send(out, json_pack("{s:s,s:i,s:b,s:i,s:o,s:o,s:o}", "plan", p->id, "year", year, "published",
                      site_year_published(sp, year), "headline_level", pol->headline_level,
                      "levels", levels, "nodes", nodes, "indicators", inds));
}

static void plan_routes(const Site *s, const Req *r, Resp *out) {
  /* parts: api v1 plans ID [what [ID]] */
  const SitePlan *sp = site_plan(s, r->parts[3]);
  if (!sp) {
    api_error(out, 404, "no plan '%s'", r->parts[3]);
    return;
  }
  const char *what = r->nparts > 4 ? r->parts[4] : NULL;
  if (!what) {
    send(out, plan_object(sp, 1));
  } else if (strcmp(what, "nodes") == 0 && r->nparts == 5) {
    list_nodes(sp, r, out);
  } else if (strcmp(what, "nodes") == 0 && r->nparts == 6) {
    int n = plan_node(sp->plan, r->parts[5]);
    if (n < 0)
      api_error(out, 404, "no node '%s' in plan %s", r->parts[5], sp->plan->id);
    else
      send(out, node_object(sp, n, 1));
  } else if (strcmp(what, "indicators") == 0 && r->nparts == 5) {
    list_indicators(sp, r, out);
  } else if (strcmp(what, "indicators") == 0 && r->nparts == 6) {
    int i = plan_indicator(sp->plan, r->parts[5]);
    if (i < 0)
      api_error(out, 404, "no indicator '%s' in plan %s", r->parts[5], sp->plan->id);
    else
      send(out, indicator_object(sp->plan, i));
  } else if (strcmp(what, "values") == 0 && r->nparts == 5) {
    list_values(sp, r, out);
  } else if (strcmp(what, "evaluation") == 0 && r->nparts == 5) {
    evaluation(sp, r, out);
  } else {
    api_error(out, 404, "no such API resource");
  }
}

void api_route(const Site *s, const Req *r, Resp *out) {
  out->cors = 1;
  if (r->nparts == 2 && strcmp(r->parts[1], "openapi.json") == 0) {
    out->type = "application/json; charset=utf-8";
    out->fixed = openapi_json;
    out->fixed_len = strlen(openapi_json);
    out->max_age = 3600;
  } else if (r->nparts == 3 && strcmp(r->parts[1], "v1") == 0 &&
             strcmp(r->parts[2], "compare") == 0) {
    api_compare(s, r, out);
  } else if (r->nparts >= 3 && strcmp(r->parts[1], "v1") == 0 &&
             strcmp(r->parts[2], "plans") == 0) {
    if (r->nparts == 3)
      list_plans(s, out);
    else if (r->nparts <= 6)
      plan_routes(s, r, out);
    else
      api_error(out, 404, "no such API resource");
  } else {
    api_error(out, 404, "no such API resource (see /api/openapi.json)");
  }
}
