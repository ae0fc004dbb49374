/* SPDX-License-Identifier: Apache-2.0 */
/*
** compare_json.c — the comparison as JSON (compare_json.h): the KPI, the year, the common
** policy's bands and one object per row. Numbers are strings in plain decimal form (as the
** exchange format writes them), so they stay exact; null where there is none.
*/
#include "compare_json.h"
#include "../model/text.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *jstr(const char *s) {
  return s && *s ? json_string(s) : json_null();
}

static json_t *jdec(dec_t d) {
  char t[DEC_MAX_TEXT];
  return dec_is_none(d) ? json_null() : json_string(dec_format(d, -1, t));
}

static json_t *kpi_object(const KpiDef *k) {
  return json_pack("{s:s,s:s,s:s,s:s,s:s}", "code", k->code, "name", k->name, "unit", k->unit,
                   "definition", k->definition, "source", k->source);
}

static json_t *policy_object(void) {
  char err[256];
  Policy *p = compare_common_policy(err, sizeof err);
  if (!p) return json_null();
  json_t *grades = json_array();
  for (int g = 0; g < p->ngrades; g++)
    json_array_append_new(grades, json_pack("{s:s,s:o}", "symbol", p->grades[g].symbol, "label",
                                            jstr(p->grades[g].label)));
  json_t *o = json_pack("{s:s,s:i,s:o}", "name", p->name, "digits", p->digits, "grades", grades);
  policy_free(p);
  return o;
}

static json_t *row_object(const Compare *c, const CompareRow *r) {
  const Plan *p = r->plan;
  const Indicator *in = &p->inds[r->ind];
  CompareFigures f;
  compare_figures(c, r, &f);
  json_t *o = json_object();
  json_object_set_new(o, "municipality", jstr(p->municipality));
  json_object_set_new(o, "municipality_code", jstr(p->municipality_code));
  json_object_set_new(o, "plan", json_string(p->id));
  json_object_set_new(o, "plan_name", json_string(p->name));
  json_object_set_new(o, "indicator", json_string(in->id));
  json_object_set_new(o, "indicator_name", json_string(in->name));
  json_object_set_new(o, "unit", jstr(in->unit));
  json_object_set_new(o, "in_period", json_boolean(r->in_period));
  json_object_set_new(o, "published", json_boolean(!r->hidden));
  json_object_set_new(o, "actual", jdec(f.actual));
  json_object_set_new(o, "actual_text", jstr(f.actual_text));
  json_object_set_new(o, "projected", json_boolean(f.projected));
  json_object_set_new(o, "target", jdec(f.target));
  json_object_set_new(o, "rate", jdec(f.rate));
  json_object_set_new(o, "grade", jstr(f.grade));
  json_object_set_new(o, "policy", json_string(r->own->policy->name));
  json_object_set_new(o, "year_target", jdec(f.year_target));
  json_object_set_new(o, "common_rate", jdec(f.common_rate));
  json_object_set_new(o, "common_grade", jstr(f.common_grade));
  return o;
}

char *compare_json(const Compare *c) {
  char fy[64];
  json_t *rows = json_array();
  for (int i = 0; i < c->n; i++)
    json_array_append_new(rows, row_object(c, &c->rows[i]));
  json_t *doc =
      json_pack("{s:o,s:i,s:s,s:o,s:o}", "kpi", kpi_object(c->kpi), "year", c->year, "year_label",
                fy_both(c->year, fy), "common_policy", policy_object(), "rows", rows);
  char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(doc);
  size_t n = strlen(text);
  char *out = xmalloc(n + 2);
  memcpy(out, text, n);
  memcpy(out + n, "\n", 2);
  free(text);
  return out;
}
