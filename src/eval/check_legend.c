/*
** check_legend.c — a legend against the rows it explains. A policy variant that carries
** `"legend_source": "資料2 L627–633"` is what that document's legend states; every rate the
*document
** prints (rows whose source starts with "資料2 ") is evaluated both by its own variant and by
** the legend's. When rows follow another basis than the legend states, that is reported once,
** with how many rows follow each; a row that only the legend explains is named in it rather
** than reported as a row that cannot be checked.
*/
#include "check_ctx.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct Tally {
  int own, legend, both, neither;
  Buf legend_rows;  /* rows only the legend explains */
  int *only_legend; /* their indices, dropped when the legend is reported */
} Tally;

static int follows(const Evaluation *ev, const Printed *pr) {
  int ind = plan_indicator(ev->plan, pr->subject);
  if (ind < 0 || pr->year < ev->first_year || pr->year >= ev->first_year + ev->nyears) return 0;
  int m = check_compare(pr->value, eval_ind(ev, ind, pr->year)->rate, ev->policy, NULL);
  return m == NM_EQUAL || m == NM_TRUNCATED;
}

static int of_document(const Printed *pr, const char *doc, size_t len) {
  return strcmp(pr->what, "rate") == 0 && pr->source && strncmp(pr->source, doc, len) == 0 &&
         pr->source[len] == ' ';
}

static void tally_row(CheckCtx *c, int i, const Evaluation *legend, Tally *t) {
  const Printed *pr = &c->plan->printed[i];
  const Evaluation *own = check_evaluation(c, pr->variant);
  if (!own) return;
  int a = follows(own, pr), b = follows(legend, pr);
  if (a && b) t->both++;
  if (a && !b) t->own++;
  if (!a && !b) t->neither++;
  if (b && !a) {
    t->legend++;
    buf_printf(&t->legend_rows, "%s%s %s（%s）", t->legend > 1 ? "、" : "", pr->subject, pr->value,
               pr->source);
    t->only_legend[t->legend - 1] = i;
  }
}

static void check_legend(CheckCtx *c, const char *variant, const char *where) {
  const char *sp = strchr(where, ' ');
  size_t len = sp ? (size_t)(sp - where) : strlen(where);
  Evaluation *legend = check_evaluation(c, variant);
  if (!legend) return;
  Tally t = {0};
  t.only_legend = xcalloc((size_t)c->plan->nprinted + 1, sizeof *t.only_legend);
  const char *own_name = NULL;
  for (int i = 0; i < c->plan->nprinted; i++) {
    const Printed *pr = &c->plan->printed[i];
    if (!of_document(pr, where, len) || (pr->variant && strcmp(pr->variant, variant) == 0))
      continue;
    if (!own_name) {
      const Evaluation *own = check_evaluation(c, pr->variant);
      own_name = own ? own->policy->name : NULL;
    }
    tally_row(c, i, legend, &t);
  }
  if (t.own) {
    Buf counts = {0};
    buf_printf(&counts,
               "凡例以外の算定 %d 行、凡例どおり %d 行、どちらでも同じ %d 行、どちらでもない %d 行",
               t.own, t.legend, t.both, t.neither);
    Finding *f =
        check_add_about(c, "legend", where, 0, "legend", legend->policy->name, counts.s, where);
    f->subject[len] = '\0';
    check_set(&f->note, "凡例は「%s」ですが、印字された率の %d 行は「%s」で算定されています%s%s",
              legend->policy->name, t.own, own_name ? own_name : "",
              t.legend ? "。凡例どおりの行: " : "", t.legend ? t.legend_rows.s : "");
    check_set(&f->suggestion, "凡例を実際の算定方法に合わせるか、率を凡例どおりに計算し直す");
    buf_free(&counts);
    for (int k = 0; k < t.legend; k++) /* explained: they follow the legend */
      check_drop(c, t.only_legend[k]);
  }
  free(t.only_legend);
  buf_free(&t.legend_rows);
}

void check_legends(CheckCtx *c) {
  json_t *doc = json_loads(c->plan->policy_json ? c->plan->policy_json : "{}", 0, NULL);
  const char *name;
  json_t *v;
  json_object_foreach(json_object_get(doc, "variants"), name, v) {
    json_t *where = json_object_get(v, "legend_source");
    if (json_is_string(where)) check_legend(c, name, json_string_value(where));
  }
  json_decref(doc);
}
