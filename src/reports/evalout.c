/* SPDX-License-Identifier: Apache-2.0 */
/*
** evalout.c — writing an evaluation as text, CSV or JSON (see evalout.h).
*/
#include "evalout.h"
#include "../eval/explain.h"
#include "../model/text.h"
#include <jansson.h>
#include "../formats/sheet.h"
#include <pthread.h>
#include <string.h>

static int year_from(const Evaluation *ev, int year) {
  return year ? year : ev->first_year;
}
static int year_to(const Evaluation *ev, int year) {
  return year ? year : ev->first_year + ev->nyears - 1;
}

static const char *level_name(const Plan *p, int level) {
  return level >= 1 && level <= p->nlevels ? p->levels[level - 1] : "";
}

/* ---- text ----------------------------------------------------------------------------- */

static void text_levels(const Evaluation *ev, int y, FILE *out) {
  const Plan *p = ev->plan;
  const Policy *pol = ev->policy;
  char share[DEC_MAX_TEXT + 2];
  for (int l = 1; l <= p->nlevels; l++) {
    const LevelSummary *s = eval_level(ev, l, y);
    if (!s->graded) continue;
    fprintf(out, "  %s:", level_name(p, l));
    for (int g = 0; g < pol->ngrades; g++)
      fprintf(out, " %s %d", pol->grades[g].symbol, s->counts[g]);
    fprintf(out, "（対象 %d、判定 %d）", s->in_scope, s->graded);
    if (l == pol->headline_level)
      fprintf(out, " 達成 %d件 %s", s->top, explain_rate(ev, s->share, share));
    fputc('\n', out);
  }
}

static void text_indicator(const Evaluation *ev, int i, int y, FILE *out) {
  const Indicator *in = &ev->plan->inds[i];
  const IndResult *r = eval_ind(ev, i, y);
  char t[DEC_MAX_TEXT], a[DEC_MAX_TEXT], rate[DEC_MAX_TEXT + 2];
  fprintf(out, "      - %s %s: 目標 %s 実績%s %s 進捗率 %s %s\n", in->id, in->name,
          dec_is_none(r->target) ? "－" : dec_format(r->target, -1, t),
          r->projected ? "(見込)" : "",
          dec_is_none(r->actual) ? "－" : dec_format(r->actual, -1, a),
          explain_rate(ev, r->rate, rate), r->grade >= 0 ? eval_symbol(ev, r->grade) : "");
}

static void text_node(const Evaluation *ev, int n, int y, int depth, FILE *out) {
  const Plan *p = ev->plan;
  const Node *node = &p->nodes[n];
  const NodeResult *r = eval_node(ev, n, y);
  char rate[DEC_MAX_TEXT + 2];
  if (!r->in_scope) return;
  fprintf(out, "%*s%s %s %s", 2 + depth * 2, "", node->number ? node->number : node->id, node->name,
          r->grade >= 0 ? eval_symbol(ev, r->grade) : "");
  if (!dec_is_none(r->rate)) fprintf(out, " (%s)", explain_rate(ev, r->rate, rate));
  const int *dist = eval_dist(ev, n, y);
  for (int g = 0; dist && g < ev->policy->ngrades; g++)
    fprintf(out, "%s%s %d", g ? " " : " [", ev->policy->grades[g].symbol, dist[g]);
  fputs(dist ? "]\n" : "\n", out);
  for (int k = ev->ind_start[n]; k < ev->ind_start[n + 1]; k++)
    text_indicator(ev, ev->ind_list[k], y, out);
  for (int k = ev->child_start[n]; k < ev->child_start[n + 1]; k++)
    text_node(ev, ev->child_list[k], y, depth + 1, out);
}

void evalout_text(const Evaluation *ev, int year, FILE *out) {
  const Plan *p = ev->plan;
  char fy[64];
  fprintf(out, "%s（%s）\n評価方針: %s%s%s\n", p->name, p->id, ev->policy->name,
          ev->policy->variant ? " / " : "", ev->policy->variant ? ev->policy->variant : "");
  for (int y = year_from(ev, year); y <= year_to(ev, year); y++) {
    fprintf(out, "\n■ %s\n", fy_both(y, fy));
    text_levels(ev, y, out);
    for (int n = 0; n < p->nnodes; n++)
      if (p->nodes[n].parent < 0) text_node(ev, n, y, 0, out);
  }
  for (int i = 0; i < ev->nwarnings; i++)
    fprintf(out, "注意: %s\n", ev->warnings[i]);
}

/* ---- csv ------------------------------------------------------------------------------ */
/* Rows are built in one buffer and written in large blocks: at national scale (4 M rows) the
   per-field stdio calls were most of `eval --format csv` (docs/benchmarks.md). */

enum { CSV_BLOCK = 1 << 16 };

static void csv_flush(Buf *b, FILE *out, size_t at_least) {
  if (b->len < at_least) return;
  fwrite(b->s, 1, b->len, out);
  b->len = 0;
}

static void csv_dec(Buf *b, dec_t d, int digits) {
  char t[DEC_MAX_TEXT];
  if (!dec_is_none(d)) buf_put(b, dec_format(d, digits, t));
}

/* A level or a year, as %d writes it (snprintf per field was a tenth of the time). */
static void csv_int(Buf *b, int v) {
  char t[16], *end = t + sizeof t, *p = end;
  unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
  do
    *--p = (char)('0' + u % 10);
  while (u /= 10);
  if (v < 0) *--p = '-';
  buf_putn(b, p, (size_t)(end - p));
}

/* ",field" for each of the three identifying columns: id, number, name. */
static void csv_names(Buf *b, const char *id, const char *number, const char *name) {
  buf_putc(b, ',');
  csv_buf_field(b, id);
  buf_putc(b, ',');
  csv_buf_field(b, number);
  buf_putc(b, ',');
  csv_buf_field(b, name);
  buf_putc(b, ',');
}

/* "rate,rate_display,grade,from" and the line end. */
static void csv_grade(Buf *b, const Evaluation *ev, dec_t rate, int grade, int from) {
  csv_dec(b, rate, -1);
  buf_putc(b, ',');
  csv_dec(b, policy_shown(ev->policy, rate), ev->policy->digits);
  buf_putc(b, ',');
  buf_put(b, eval_symbol(ev, grade));
  buf_putc(b, ',');
  buf_put(b, grade_from_names[from]);
  buf_putn(b, "\r\n", 2);
}

static void csv_node_row(Buf *b, const Evaluation *ev, int n, int y) {
  const Node *node = &ev->plan->nodes[n];
  const NodeResult *r = eval_node(ev, n, y);
  if (!r->in_scope) return;
  buf_putn(b, "node", 4);
  csv_names(b, node->id, node->number, node->name);
  csv_int(b, node->level);
  buf_putc(b, ',');
  csv_int(b, y);
  buf_putn(b, ",,,,", 4);
  csv_grade(b, ev, r->rate, r->grade, r->from);
}

static void csv_indicator_row(Buf *b, const Evaluation *ev, int i, int y) {
  const Indicator *in = &ev->plan->inds[i];
  const IndResult *r = eval_ind(ev, i, y);
  buf_putn(b, "indicator", 9);
  csv_names(b, in->id, in->number, in->name);
  csv_int(b, ev->plan->nodes[in->node].level);
  buf_putc(b, ',');
  csv_int(b, y);
  buf_putc(b, ',');
  csv_dec(b, r->target, -1);
  buf_putc(b, ',');
  csv_dec(b, r->actual, -1);
  buf_put(b, r->projected ? ",1," : ",,");
  csv_grade(b, ev, r->rate, r->grade, r->from);
}

/* Row r of the output after the header, counting from the first year: for each year the
   nodes, then the indicators (a node out of scope writes nothing). */
static void csv_row(Buf *b, const Evaluation *ev, int y0, size_t r) {
  const Plan *p = ev->plan;
  size_t per = (size_t)p->nnodes + (size_t)p->ninds;
  int y = y0 + (int)(r / per), j = (int)(r % per);
  if (j < p->nnodes)
    csv_node_row(b, ev, j, y);
  else
    csv_indicator_row(b, ev, j - p->nnodes, y);
}

static void csv_rows(Buf *b, const Evaluation *ev, int y0, size_t from, size_t to) {
  for (size_t r = from; r < to; r++)
    csv_row(b, ev, y0, r);
}

/* Two threads format alternate chunks of rows; the caller writes them strictly in order.
   Why: at national scale (300 municipalities) formatting was 29 % of `eval --format csv`
   on one core while the second idled (docs/benchmarks.md). The worker formats the odd
   chunks into a ring of CSV_SLOTS buffers (bounded: a few MB, never the whole output); the
   caller formats the even ones itself and writes. Everything read (Evaluation, Plan,
   Policy, dec_format, csv_buf_field) is read-only and keeps no static state. */
enum { CSV_CHUNK = 4096, CSV_SLOTS = 4, CSV_PARALLEL_ROWS = 20000 };

typedef struct CsvPar {
  const Evaluation *ev;
  int y0;
  size_t nrows, nchunks;
  Buf slot[CSV_SLOTS];
  size_t done, taken; /* worker chunks formatted / written (worker chunk w is chunk 2w+1) */
  pthread_mutex_t mu;
  pthread_cond_t cv;
} CsvPar;

static void csv_chunk(Buf *b, const CsvPar *c, size_t k) {
  size_t from = k * CSV_CHUNK, to = from + CSV_CHUNK < c->nrows ? from + CSV_CHUNK : c->nrows;
  csv_rows(b, c->ev, c->y0, from, to);
}

static void *csv_worker(void *arg) {
  CsvPar *c = arg;
  for (size_t w = 0; 2 * w + 1 < c->nchunks; w++) {
    pthread_mutex_lock(&c->mu);
    while (w - c->taken >= CSV_SLOTS)
      pthread_cond_wait(&c->cv, &c->mu);
    pthread_mutex_unlock(&c->mu);
    Buf *b = &c->slot[w % CSV_SLOTS];
    b->len = 0;
    csv_chunk(b, c, 2 * w + 1);
    pthread_mutex_lock(&c->mu);
    c->done = w + 1;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
  }
  return NULL;
}

/* Chunk k from the worker's ring: wait until formatted, write, hand the slot back. */
static void csv_take(CsvPar *c, size_t k, FILE *out) {
  size_t w = k / 2;
  pthread_mutex_lock(&c->mu);
  while (c->done <= w)
    pthread_cond_wait(&c->cv, &c->mu);
  pthread_mutex_unlock(&c->mu);
  const Buf *b = &c->slot[w % CSV_SLOTS];
  fwrite(b->s, 1, b->len, out);
  pthread_mutex_lock(&c->mu);
  c->taken = w + 1;
  pthread_cond_broadcast(&c->cv);
  pthread_mutex_unlock(&c->mu);
}

/* 0 when written; -1 when no thread could be started (nothing written then). */
static int csv_parallel(const Evaluation *ev, int y0, size_t nrows, FILE *out) {
  CsvPar c = {.ev = ev, .y0 = y0, .nrows = nrows};
  c.nchunks = (nrows + CSV_CHUNK - 1) / CSV_CHUNK;
  pthread_mutex_init(&c.mu, NULL);
  pthread_cond_init(&c.cv, NULL);
  pthread_t th;
  int rc = pthread_create(&th, NULL, csv_worker, &c);
  if (rc == 0) {
    Buf own = {0};
    for (size_t k = 0; k < c.nchunks; k++) {
      if (k % 2) {
        csv_take(&c, k, out);
        continue;
      }
      own.len = 0;
      csv_chunk(&own, &c, k);
      fwrite(own.s, 1, own.len, out);
    }
    pthread_join(th, NULL);
    buf_free(&own);
  }
  for (int i = 0; i < CSV_SLOTS; i++)
    buf_free(&c.slot[i]);
  pthread_cond_destroy(&c.cv);
  pthread_mutex_destroy(&c.mu);
  return rc == 0 ? 0 : -1;
}

void evalout_csv(const Evaluation *ev, int year, FILE *out) {
  const Plan *p = ev->plan;
  int y0 = year_from(ev, year), nyears = year_to(ev, year) - y0 + 1;
  size_t nrows = nyears > 0 ? (size_t)nyears * ((size_t)p->nnodes + (size_t)p->ninds) : 0;
  Buf b = {0};
  buf_put(
      &b,
      "type,id,number,name,level,year,target,actual,projected,rate,rate_display,grade,from\r\n");
  if (nrows >= CSV_PARALLEL_ROWS) {
    csv_flush(&b, out, 0);
    if (csv_parallel(ev, y0, nrows, out) == 0) nrows = 0;
  }
  for (size_t r = 0; r < nrows; r++) {
    csv_row(&b, ev, y0, r);
    csv_flush(&b, out, CSV_BLOCK);
  }
  csv_flush(&b, out, 0);
  buf_free(&b);
}

/* ---- json ----------------------------------------------------------------------------- */

static json_t *jdec(dec_t d) {
  if (dec_is_none(d)) return json_null();
  if (d % DEC_SCALE == 0) return json_integer(d / DEC_SCALE);
  return json_real(dec_to_double(d));
}

static json_t *jstr(const char *s) {
  return s ? json_string(s) : json_null();
}

static json_t *jgrade(const Evaluation *ev, int g) {
  return g >= 0 ? json_string(eval_symbol(ev, g)) : json_null();
}

static json_t *jrate_display(const Evaluation *ev, dec_t rate) {
  char b[DEC_MAX_TEXT];
  return dec_is_none(rate)
             ? json_null()
             : json_string(dec_format(policy_shown(ev->policy, rate), ev->policy->digits, b));
}

/* The values a grade was decided on: the matched rule's condition and every variable it
   names, with the baseline and change wherever the indicator has a baseline. */
static json_t *json_rule(const Evaluation *ev, int i, int y, const IndResult *r) {
  const Policy *pol = ev->policy;
  dec_t vars[EV__COUNT];
  eval_indicator_vars(ev, i, y, r, vars);
  int rule = r->from == GF_RULE && r->grade >= 0 && r->grade < pol->nbands;
  unsigned uses = explain_uses(ev, r, vars);
  if (!uses) return json_null();
  json_t *o = json_object(), *v = json_object();
  json_object_set_new(o, "when", rule ? json_string(pol->grades[r->grade].when) : json_null());
  for (int k = 0; k < EV__COUNT; k++)
    if (uses & 1u << k) json_object_set_new(v, expr_var_names[k], jdec(vars[k]));
  json_object_set_new(o, "values", v);
  return o;
}

static json_t *json_indicator(const Evaluation *ev, int i, int y) {
  const Indicator *in = &ev->plan->inds[i];
  const IndResult *r = eval_ind(ev, i, y);
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(in->id));
  json_object_set_new(o, "number", jstr(in->number));
  json_object_set_new(o, "name", json_string(in->name));
  json_object_set_new(o, "node", json_string(ev->plan->nodes[in->node].id));
  json_object_set_new(o, "role", jstr(in->role));
  json_object_set_new(o, "unit", jstr(in->unit));
  json_object_set_new(o, "direction", json_string(direction_names[in->direction]));
  json_object_set_new(o, "year", json_integer(y));
  json_object_set_new(o, "target", jdec(r->target));
  json_object_set_new(o, "actual", jdec(r->actual));
  json_object_set_new(o, "projected", json_boolean(r->projected));
  json_object_set_new(o, "rate", jdec(r->rate));
  json_object_set_new(o, "rate_display", jrate_display(ev, r->rate));
  json_object_set_new(o, "grade", jgrade(ev, r->grade));
  json_object_set_new(o, "grade_from", json_string(grade_from_names[r->from]));
  json_object_set_new(o, "baseline", jdec(in->baseline));
  json_object_set_new(o, "baseline_year",
                      in->baseline_year ? json_integer(in->baseline_year) : json_null());
  dec_t vars[EV__COUNT];
  eval_indicator_vars(ev, i, y, r, vars);
  json_object_set_new(o, "change", jdec(vars[EV_CHANGE]));
  json_object_set_new(o, "rule", json_rule(ev, i, y, r));
  return o;
}

static json_t *json_counts(const Evaluation *ev, const int *counts) {
  json_t *o = json_object();
  for (int g = 0; g < ev->policy->ngrades; g++)
    json_object_set_new(o, ev->policy->grades[g].symbol, json_integer(counts[g]));
  return o;
}

static json_t *json_node(const Evaluation *ev, int n, int y) {
  const Node *node = &ev->plan->nodes[n];
  const NodeResult *r = eval_node(ev, n, y);
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(node->id));
  json_object_set_new(o, "number", jstr(node->number));
  json_object_set_new(o, "name", json_string(node->name));
  json_object_set_new(o, "level", json_integer(node->level));
  json_object_set_new(
      o, "parent", node->parent >= 0 ? json_string(ev->plan->nodes[node->parent].id) : json_null());
  json_object_set_new(o, "year", json_integer(y));
  json_object_set_new(o, "in_scope", json_boolean(r->in_scope));
  json_object_set_new(o, "target", json_null());
  json_object_set_new(o, "actual", json_null());
  json_object_set_new(o, "rate", jdec(r->rate));
  json_object_set_new(o, "rate_display", jrate_display(ev, r->rate));
  json_object_set_new(o, "grade", jgrade(ev, r->grade));
  json_object_set_new(o, "grade_from", json_string(grade_from_names[r->from]));
  const int *dist = eval_dist(ev, n, y);
  if (dist) json_object_set_new(o, "counts", json_counts(ev, dist));
  return o;
}

static json_t *json_level(const Evaluation *ev, int l, int y) {
  const LevelSummary *s = eval_level(ev, l, y);
  json_t *o = json_object();
  json_object_set_new(o, "level", json_integer(l));
  json_object_set_new(o, "name", json_string(level_name(ev->plan, l)));
  json_object_set_new(o, "year", json_integer(y));
  json_object_set_new(o, "counts", json_counts(ev, s->counts));
  json_object_set_new(o, "due_counts", json_counts(ev, s->due_counts));
  json_object_set_new(o, "in_scope", json_integer(s->in_scope));
  json_object_set_new(o, "graded", json_integer(s->graded));
  json_object_set_new(o, "due", json_integer(s->due));
  json_object_set_new(o, "top", json_integer(s->top));
  json_object_set_new(o, "share", jdec(s->share));
  json_object_set_new(o, "share_display", jrate_display(ev, s->share));
  json_object_set_new(o, "headline", json_boolean(l == ev->policy->headline_level));
  return o;
}

void evalout_json(const Evaluation *ev, int year, FILE *out) {
  const Plan *p = ev->plan;
  json_t *doc = json_object(), *plan = json_object(), *pol = json_object();
  json_object_set_new(plan, "id", json_string(p->id));
  json_object_set_new(plan, "name", json_string(p->name));
  json_object_set_new(plan, "first_year", json_integer(p->first_year));
  json_object_set_new(plan, "last_year", json_integer(p->last_year));
  json_object_set_new(doc, "plan", plan);
  json_object_set_new(pol, "name", json_string(ev->policy->name));
  json_object_set_new(pol, "variant", jstr(ev->policy->variant));
  json_object_set_new(pol, "digits", json_integer(ev->policy->digits));
  json_object_set_new(pol, "rounding", json_string(rounding_names[ev->policy->rounding]));
  json_object_set_new(pol, "grade_on",
                      json_string(ev->policy->grade_on_shown ? "displayed" : "rate"));
  json_object_set_new(pol, "headline_of", json_string(headline_of_names[ev->policy->headline_of]));
  json_object_set_new(doc, "policy", pol);
  json_t *inds = json_array(), *nodes = json_array(), *levels = json_array(), *w = json_array();
  for (int y = year_from(ev, year); y <= year_to(ev, year); y++) {
    for (int i = 0; i < p->ninds; i++)
      json_array_append_new(inds, json_indicator(ev, i, y));
    for (int n = 0; n < p->nnodes; n++)
      json_array_append_new(nodes, json_node(ev, n, y));
    for (int l = 1; l <= p->nlevels; l++)
      json_array_append_new(levels, json_level(ev, l, y));
  }
  for (int i = 0; i < ev->nwarnings; i++)
    json_array_append_new(w, json_string(ev->warnings[i]));
  json_object_set_new(doc, "indicators", inds);
  json_object_set_new(doc, "nodes", nodes);
  json_object_set_new(doc, "levels", levels);
  json_object_set_new(doc, "warnings", w);
  json_dumpf(doc, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
  fputc('\n', out);
  json_decref(doc);
}
