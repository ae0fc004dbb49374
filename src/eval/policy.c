/* SPDX-License-Identifier: Apache-2.0 */
/*
** policy.c — compiling a policy's JSON description (docs/policy.md) into a Policy. Every key
** is checked: an unknown key or value is refused with its name, since a typo in a policy
** would otherwise silently change grades.
*/
#include "policy.h"
#include "../model/plan.h"
#include "../model/text.h"
#include "../model/util.h"
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const target_basis_names[4] = {"same_year", "final_year", "prorated", "deadline"};
const char *const rate_formula_names[2] = {"ratio", "progress"};
const char *const combine_names[3] = {"worst", "average", "weighted"};
const char *const rollup_names[5] = {"none", "target_average", "average", "worst", "distribution"};
const char *const headline_of_names[3] = {"in_scope", "graded", "due"};
static const char *const manual_names[2] = {"fallback", "override"};
const char *const rounding_names[3] = {"half_up", "truncate", "half_even"};
static const char *const grade_on_names[2] = {"rate", "displayed"};

const char policy_default_json[] =
    "{\n"
    "  \"name\": \"既定（進捗率＝当該年度実績値÷当該年度目標値）\",\n"
    "  \"target_basis\": \"same_year\",\n"
    "  \"rate\": \"ratio\",\n"
    "  \"digits\": 1,\n"
    "  \"use_projection\": false,\n"
    "  \"grades\": [\n"
    "    {\"symbol\": \"◎\", \"label\": \"十分に達成されている\", \"when\": \"rate >= 90\"},\n"
    "    {\"symbol\": \"○\", \"label\": \"概ね達成されている\", \"when\": \"rate >= 70\"},\n"
    "    {\"symbol\": \"△\", \"label\": \"あまり達成されていない\", \"when\": \"rate < 70\"}\n"
    "  ],\n"
    "  \"statuses\": [\n"
    "    {\"symbol\": \"－\", \"label\": \"検討中（予算化していないもの等）\", \"texts\": "
    "[\"検討中\"]}\n"
    "  ],\n"
    "  \"manual\": \"fallback\",\n"
    "  \"combine\": \"worst\",\n"
    "  \"unit_level\": 3,\n"
    "  \"rollup\": [\n"
    "    {\"level\": 1, \"method\": \"target_average\"},\n"
    "    {\"level\": 2, \"method\": \"distribution\", \"role\": \"main\"}\n"
    "  ],\n"
    "  \"headline\": {\"level\": 3, \"top\": [\"◎\"], \"of\": \"in_scope\"}\n"
    "}\n";

static const char *const known_keys[] = {
    "name",      "target_basis", "rate",     "digits",      "use_projection",
    "grades",    "statuses",     "manual",   "combine",     "unit_level",
    "rollup",    "headline",     "variants", "description", "legend_source",
    "decisions", "rounding",     "grade_on", "reports"};

typedef struct Ctx {
  char *err;
  size_t errlen;
  int failed;
} Ctx;

static void fail(Ctx *c, const char *fmt, ...) {
  if (c->failed) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->err, c->errlen, fmt, ap);
  va_end(ap);
  c->failed = 1;
}

static int lookup_enum(Ctx *c, json_t *obj, const char *key, const char *const *names, int n,
                       int dflt) {
  json_t *v = json_object_get(obj, key);
  if (!v) return dflt;
  int i = json_is_string(v) ? enum_lookup(names, n, json_string_value(v)) : -1;
  if (i < 0) {
    Buf b = {0};
    for (int k = 0; k < n; k++)
      buf_printf(&b, "%s%s", k ? ", " : "", names[k]);
    fail(c, "policy: \"%s\" must be one of %s", key, b.s);
    buf_free(&b);
    return dflt;
  }
  return i;
}

static int get_int(Ctx *c, json_t *obj, const char *key, int lo, int hi, int dflt) {
  json_t *v = json_object_get(obj, key);
  if (!v) return dflt;
  if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
    fail(c, "policy: \"%s\" must be a whole number from %d to %d", key, lo, hi);
    return dflt;
  }
  return (int)json_integer_value(v);
}

/* Refuse keys an entry does not know: a misspelt key would silently change grades. */
static void check_entry(Ctx *c, json_t *obj, const char *const *allowed, const char *where,
                        int index) {
  const char *key;
  json_t *v;
  if (!json_is_object(obj)) {
    fail(c, "policy: %s[%d] must be an object", where, index);
    return;
  }
  json_object_foreach(obj, key, v) {
    int k = 0;
    while (allowed[k] && strcmp(allowed[k], key) != 0)
      k++;
    if (!allowed[k]) fail(c, "policy: %s[%d]: unknown key \"%s\"", where, index, key);
  }
}

static char *dup_symbol(const char *s) {
  char *n = text_normalize(s);
  return n ? n : xstrdup(s);
}

/* The rule in the document's own words ("各年度実績値や見込値がR3年度目標値の90%以上"), which a
   report prints as the legend; NULL when the policy gives none (never the condition). */
static void set_legend(Ctx *c, PolicyGrade *pg, json_t *g, int i) {
  json_t *legend = json_object_get(g, "legend");
  if (legend && !json_is_string(legend)) fail(c, "policy: grades[%d].legend must be a text", i);
  pg->legend = json_is_string(legend) ? xstrdup(json_string_value(legend)) : NULL;
}

static void compile_band(Ctx *c, Policy *p, json_t *g, int i) {
  static const char *const keys[] = {"symbol", "label", "when", "legend", NULL};
  check_entry(c, g, keys, "grades", i);
  PolicyGrade *pg = &p->grades[p->ngrades];
  json_t *sym = json_object_get(g, "symbol"), *when = json_object_get(g, "when");
  if (!json_is_string(sym) || !json_is_string(when)) {
    fail(c, "policy: grades[%d] needs \"symbol\" and \"when\" texts", i);
    return;
  }
  char msg[200];
  pg->cond = expr_compile(json_string_value(when), msg, sizeof msg);
  if (!pg->cond) {
    fail(c, "policy: grades[%d] (%s) \"when\": %s", i, json_string_value(sym), msg);
    return;
  }
  pg->symbol = xstrdup(json_string_value(sym));
  pg->key = dup_symbol(pg->symbol);
  pg->when = xstrdup(json_string_value(when));
  json_t *label = json_object_get(g, "label");
  pg->label = xstrdup(json_is_string(label) ? json_string_value(label) : "");
  set_legend(c, pg, g, i);
  p->ngrades++;
}

static void compile_status(Ctx *c, Policy *p, json_t *g, int i) {
  static const char *const keys[] = {"symbol", "label", "texts", "legend", NULL};
  check_entry(c, g, keys, "statuses", i);
  PolicyGrade *pg = &p->grades[p->ngrades];
  json_t *sym = json_object_get(g, "symbol"), *texts = json_object_get(g, "texts");
  if (texts && !json_is_array(texts)) fail(c, "policy: statuses[%d].texts must be a list", i);
  if (!json_is_string(sym)) {
    fail(c, "policy: statuses[%d] needs a \"symbol\" text", i);
    return;
  }
  pg->is_status = 1;
  pg->symbol = xstrdup(json_string_value(sym));
  pg->key = dup_symbol(pg->symbol);
  json_t *label = json_object_get(g, "label");
  pg->label = xstrdup(json_is_string(label) ? json_string_value(label) : "");
  set_legend(c, pg, g, i);
  size_t k;
  json_t *t;
  json_array_foreach(texts, k, t) {
    if (!json_is_string(t) || pg->ntexts == POLICY_MAX_TEXTS) {
      fail(c, "policy: statuses[%d].texts must be up to %d texts", i, POLICY_MAX_TEXTS);
      break;
    }
    pg->texts[pg->ntexts++] = dup_symbol(json_string_value(t));
  }
  p->ngrades++;
}

static void compile_grades(Ctx *c, Policy *p, json_t *doc) {
  json_t *bands = json_object_get(doc, "grades"), *statuses = json_object_get(doc, "statuses");
  if (bands && !json_is_array(bands)) fail(c, "policy: \"grades\" must be a list");
  if (statuses && !json_is_array(statuses)) fail(c, "policy: \"statuses\" must be a list");
  if (json_array_size(bands) + json_array_size(statuses) > POLICY_MAX_GRADES)
    fail(c, "policy: at most %d grades and statuses", POLICY_MAX_GRADES);
  if (c->failed) return;
  size_t i;
  json_t *g;
  json_array_foreach(bands, i, g) compile_band(c, p, g, (int)i);
  p->nbands = p->ngrades;
  json_array_foreach(statuses, i, g) compile_status(c, p, g, (int)i);
  for (int a = 0; a < p->ngrades; a++)
    for (int b = a + 1; b < p->ngrades; b++)
      if (strcmp(p->grades[a].key, p->grades[b].key) == 0)
        fail(c, "policy: grade %s is declared twice", p->grades[a].symbol);
  if (p->ngrades == 0) fail(c, "policy: declares no grades and no statuses");
}

static void compile_rollup(Ctx *c, Policy *p, json_t *doc, int nlevels) {
  json_t *list = json_object_get(doc, "rollup"), *r;
  size_t i;
  if (list && !json_is_array(list)) fail(c, "policy: \"rollup\" must be a list");
  static const char *const keys[] = {"level", "method", "role", NULL};
  json_array_foreach(list, i, r) {
    check_entry(c, r, keys, "rollup", (int)i);
    int level = get_int(c, r, "level", 1, nlevels ? nlevels : POLICY_MAX_LEVELS, 0);
    if (!level) fail(c, "policy: rollup[%d] needs a \"level\" of the plan", (int)i);
    int m = lookup_enum(c, r, "method", rollup_names, 5, -1);
    if (c->failed) return;
    if (m < 0) {
      fail(c, "policy: rollup[%d] needs a \"method\"", (int)i);
      return;
    }
    p->rollup[level].method = m;
    json_t *role = json_object_get(r, "role");
    if (json_is_string(role)) p->rollup[level].role = xstrdup(json_string_value(role));
  }
}

static void compile_headline(Ctx *c, Policy *p, json_t *doc, int nlevels) {
  json_t *h = json_object_get(doc, "headline"), *t;
  p->headline_level = p->unit_level;
  p->headline_of = HO_IN_SCOPE;
  if (!h) {
    if (p->nbands) p->grades[0].top = 1;
    return;
  }
  static const char *const keys[] = {"level", "top", "of", NULL};
  check_entry(c, h, keys, "headline", 0);
  json_t *top = json_object_get(h, "top");
  if (top && !json_is_array(top)) fail(c, "policy: headline.top must be a list of grades");
  p->headline_level =
      get_int(c, h, "level", 1, nlevels ? nlevels : POLICY_MAX_LEVELS, p->unit_level);
  p->headline_of = lookup_enum(c, h, "of", headline_of_names, 3, HO_IN_SCOPE);
  size_t i;
  json_array_foreach(json_object_get(h, "top"), i, t) {
    int g = json_is_string(t) ? policy_grade(p, json_string_value(t)) : -1;
    if (g < 0) {
      fail(c, "policy: headline.top names %s, which is not a grade of the policy",
           json_is_string(t) ? json_string_value(t) : "a non-text");
      return;
    }
    p->grades[g].top = 1;
  }
}

static void check_keys(Ctx *c, json_t *doc, const char *where) {
  const char *key;
  json_t *v;
  json_object_foreach(doc, key, v) {
    size_t k, n = sizeof known_keys / sizeof *known_keys;
    for (k = 0; k < n && strcmp(known_keys[k], key) != 0; k++)
      ;
    if (k == n) fail(c, "policy%s: unknown key \"%s\"", where, key);
  }
}

/* Apply a variant's overrides onto a copy of the document. */
static json_t *with_variant(Ctx *c, json_t *doc, const char *variant) {
  json_t *copy = json_deep_copy(doc);
  if (!variant) return copy;
  json_t *v = json_object_get(json_object_get(doc, "variants"), variant);
  if (!json_is_object(v)) {
    fail(c, "policy: no variant named \"%s\"", variant);
    return copy;
  }
  check_keys(c, v, " variant");
  json_object_update(copy, v);
  return copy;
}

/* "reports": {"summary": "資料2"}: the variant a report kind uses unless asked for another,
   so that a plan's committee document comes out as its seed printed it. */
static void check_reports(Ctx *c, json_t *doc) {
  json_t *reports = json_object_get(doc, "reports"), *v;
  const char *kind;
  if (reports && !json_is_object(reports)) fail(c, "policy: \"reports\" must be an object");
  json_object_foreach(reports, kind, v) {
    if (!json_is_string(v) ||
        !json_object_get(json_object_get(doc, "variants"), json_string_value(v)))
      fail(c, "policy: reports.%s must name a variant of the policy", kind);
  }
}

static void compile_doc(Ctx *c, Policy *p, json_t *doc, int nlevels) {
  check_keys(c, doc, "");
  json_t *name = json_object_get(doc, "name");
  p->name = xstrdup(json_is_string(name) ? json_string_value(name) : "（名称なし）");
  p->target_basis = lookup_enum(c, doc, "target_basis", target_basis_names, 4, TB_SAME_YEAR);
  p->rate = lookup_enum(c, doc, "rate", rate_formula_names, 2, RF_RATIO);
  p->digits = get_int(c, doc, "digits", 0, 6, 1);
  p->rounding = lookup_enum(c, doc, "rounding", rounding_names, 3, DEC_HALF_UP);
  p->grade_on_shown = lookup_enum(c, doc, "grade_on", grade_on_names, 2, 0);
  json_t *up = json_object_get(doc, "use_projection");
  if (up && !json_is_boolean(up)) fail(c, "policy: \"use_projection\" must be true or false");
  p->use_projection = json_is_true(up);
  p->manual = lookup_enum(c, doc, "manual", manual_names, 2, MM_FALLBACK);
  p->combine = lookup_enum(c, doc, "combine", combine_names, 3, CB_WORST);
  p->unit_level = get_int(c, doc, "unit_level", 1, nlevels ? nlevels : POLICY_MAX_LEVELS,
                          nlevels ? nlevels : 1);
  json_t *legend = json_object_get(doc, "legend_source"), *dec = json_object_get(doc, "decisions");
  if (legend && !json_is_string(legend))
    fail(c, "policy: \"legend_source\" must be the source of the legend (\"資料2 L627\")");
  if (dec && !json_is_object(dec)) fail(c, "policy: \"decisions\" must be an object");
  compile_grades(c, p, doc);
  compile_rollup(c, p, doc, nlevels);
  if (!c->failed) compile_headline(c, p, doc, nlevels);
  check_reports(c, doc);
}

Policy *policy_compile(const char *json, const char *variant, int nlevels, char *err,
                       size_t errlen) {
  Ctx c = {err, errlen, 0};
  json_error_t je;
  json_t *doc = json_loads(json ? json : policy_default_json, 0, &je);
  if (!json_is_object(doc)) {
    snprintf(err, errlen, "policy: not a JSON object (line %d: %s)", je.line, je.text);
    json_decref(doc);
    return NULL;
  }
  Policy *p = xcalloc(1, sizeof *p);
  json_t *eff = with_variant(&c, doc, variant);
  if (!c.failed) compile_doc(&c, p, eff, nlevels);
  if (variant) p->variant = xstrdup(variant);
  json_decref(eff);
  /* every variant must compile too, so a broken variant is caught at import */
  const char *vname;
  json_t *vv;
  json_object_foreach(json_object_get(doc, "variants"), vname, vv) {
    if (c.failed || variant) break;
    Policy *q = policy_compile(json, vname, nlevels, err, errlen);
    if (!q) c.failed = 1;
    policy_free(q);
  }
  json_decref(doc);
  if (c.failed) {
    policy_free(p);
    return NULL;
  }
  return p;
}

void policy_free(Policy *p) {
  if (!p) return;
  for (int i = 0; i < p->ngrades; i++) {
    PolicyGrade *g = &p->grades[i];
    free(g->symbol);
    free(g->key);
    free(g->label);
    free(g->when);
    free(g->legend);
    expr_free(g->cond);
    for (int k = 0; k < g->ntexts; k++)
      free(g->texts[k]);
  }
  for (int l = 0; l <= POLICY_MAX_LEVELS; l++)
    free(p->rollup[l].role);
  free(p->name);
  free(p->variant);
  free(p);
}

char *policy_canonical(const char *json, int nlevels, char *err, size_t errlen) {
  Policy *p = policy_compile(json, NULL, nlevels, err, errlen);
  if (!p) return NULL;
  policy_free(p);
  json_t *doc = json_loads(json, 0, NULL);
  char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(doc);
  char *out = xmalloc(strlen(s) + 2);
  sprintf(out, "%s\n", s);
  free(s);
  return out;
}

dec_t policy_shown(const Policy *p, dec_t rate) {
  return dec_round_mode(rate, p->digits, p->rounding);
}

static int same_symbol(const char *a, const char *b) {
  char *na = text_normalize(a);
  int eq = na && strcmp(na, b) == 0;
  free(na);
  return eq;
}

int policy_grade(const Policy *p, const char *symbol) {
  for (int i = 0; symbol && i < p->ngrades; i++)
    if (same_symbol(symbol, p->grades[i].key)) return i;
  return -1;
}

int policy_status_for_text(const Policy *p, const char *text) {
  if (!text) return -1;
  char *n = text_normalize(text);
  int found = -1;
  for (int i = p->nbands; n && found < 0 && i < p->ngrades; i++) {
    const PolicyGrade *g = &p->grades[i];
    if (strcmp(n, g->key) == 0) found = i;
    for (int k = 0; found < 0 && k < g->ntexts; k++)
      if (strcmp(n, g->texts[k]) == 0) found = i;
  }
  free(n);
  return found;
}

char *policy_report_variant(const char *json, const char *kind) {
  json_t *doc = json_loads(json ? json : policy_default_json, 0, NULL);
  json_t *v = json_object_get(json_object_get(doc, "reports"), kind);
  char *out = json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
  json_decref(doc);
  return out;
}

char **policy_variants(const char *json) {
  json_t *doc = json_loads(json ? json : policy_default_json, 0, NULL);
  json_t *vs = json_object_get(doc, "variants");
  char **out = xcalloc(json_object_size(vs) + 1, sizeof(char *));
  const char *k;
  json_t *v;
  size_t n = 0;
  json_object_foreach(vs, k, v) out[n++] = xstrdup(k);
  json_decref(doc);
  return out;
}
