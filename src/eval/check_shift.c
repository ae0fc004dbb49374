/*
** check_shift.c — a block of rows printed one column off (003 rows 35–43: their 令和5年度末
** cell holds the R6～R8 schedule and the R6～R8 cell is empty). A printed actual is compared
** with the shape of its column — the other actuals of that year from the same document, which
** are figures ("7件", "99.9%", "(未実施)") — and with the row's next column, its `plan` item:
** a long text in a column of figures that is the row's own schedule text sits one column
** left of where it belongs. Consecutive such rows are reported once, as a block.
*/
#include "check_ctx.h"
#include "../model/text.h"
#include <stdlib.h>
#include <string.h>

/* Longest text read as a figure when it does not start with a number ("外部監査の実施",
   "(未実施)"), in code points. */
#define FIGURE_MAX 12

static int codepoints(const char *s) {
  int n = 0;
  for (; s && *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* The shape of a cell: a figure ("7件", "99.9%準拠 ※…", "①48.2%", "(未実施)") or a text
   (a sentence such as a schedule). */
static int is_figure(const char *text) {
  static const char *const lead[] = {"(", " ", "約", "延べ", "計"};
  char *n = text_normalize(text);
  const char *s = n ? n : "";
  for (int skipped = 1; skipped;) { /* 「約50名」「延べ41人」「(未実施)」: skip what leads */
    skipped = 0;
    for (size_t k = 0; k < sizeof lead / sizeof *lead && !skipped; k++)
      if (strncmp(s, lead[k], strlen(lead[k])) == 0) s += strlen(lead[k]), skipped = 1;
  }
  int figure = (*s >= '0' && *s <= '9') || codepoints(n) <= FIGURE_MAX;
  free(n);
  return figure;
}

/* Text without spaces, normalised, for comparing cells. */
static char *squeezed(const char *s) {
  char *n = text_normalize(s);
  if (!n) return NULL;
  char *w = n;
  for (const char *r = n; *r; r++)
    if (*r != ' ') *w++ = *r;
  *w = '\0';
  return n;
}

static size_t doc_len(const char *source) {
  return source ? strcspn(source, " ") : 0;
}

static int same_doc(const char *a, const char *b) {
  size_t la = doc_len(a), lb = doc_len(b);
  return la && la == lb && strncmp(a, b, la) == 0;
}

/* The last column asked about: consecutive rows ask about the same one. */
typedef struct Column {
  int valid, year, figures;
  char doc[64];
} Column;

/* Is the column (actuals of year, document of source) one of figures? One pass over the
   values per column asked about. */
static int figure_column(const Plan *p, int year, const char *source, Column *col) {
  size_t len = doc_len(source);
  if (len >= sizeof col->doc) return 0;
  if (col->valid && col->year == year && strncmp(col->doc, source, len) == 0 &&
      col->doc[len] == '\0')
    return col->figures;
  int figures = 0, texts = 0;
  for (int v = 0; v < p->nvalues; v++) {
    const Value *val = &p->values[v];
    const ValueExtra *x = value_extra(p, val);
    if (val->kind != VK_ACTUAL || val->year != year || !val->text || !x ||
        !same_doc(x->source, source))
      continue;
    if (is_figure(val->text))
      figures++;
    else
      texts++;
  }
  col->valid = 1, col->year = year, col->figures = figures > 2 * texts;
  memcpy(col->doc, source, len);
  col->doc[len] = '\0';
  return col->figures;
}

/* Does printed row pr hold its unit's schedule text (the next column)? */
static int holds_schedule(const Plan *p, const Printed *pr, int node) {
  char *cell = squeezed(pr->value);
  int found = 0;
  for (int i = 0; cell && !found && i < p->nitems; i++) {
    const Item *it = &p->items[i];
    if (it->node != node || !it->kind || strcmp(it->kind, "plan") || !it->text) continue;
    char *plan = squeezed(it->text);
    found = plan && strcmp(plan, cell) == 0;
    free(plan);
  }
  free(cell);
  return found;
}

/* Row i is a shifted cell: node in *node. */
static int shifted(const Plan *p, int i, int *node, Column *col) {
  const Printed *pr = &p->printed[i];
  int ind = plan_indicator(p, pr->subject);
  *node = ind >= 0 ? p->inds[ind].node : plan_node(p, pr->subject);
  if (*node < 0 || strcmp(pr->what, "actual") || !pr->year || is_figure(pr->value)) return 0;
  return figure_column(p, pr->year, pr->source, col) && holds_schedule(p, pr, *node);
}

static void report_block(CheckCtx *c, const int *rows, int n, Column *col) {
  const Plan *p = c->plan;
  const Printed *a = &p->printed[rows[0]], *b = &p->printed[rows[n - 1]];
  Buf subject = {0}, source = {0}, what = {0};
  int na, nb;
  shifted(p, rows[0], &na, col);
  shifted(p, rows[n - 1], &nb, col);
  buf_printf(&subject, "%s–%s", p->nodes[na].id, p->nodes[nb].id);
  buf_printf(&source, "%s–L%d", a->source, check_source_line(b->source));
  buf_printf(&what, "shifted:%s", a->what);
  Finding *f = check_add_about(c, "shifted", subject.s, a->year, what.s, a->value,
                               "数値（この列の他の行と同じ形）", source.s);
  char fy[32];
  check_set(&f->note,
            "%d 行（%s）の%s年度末の実績値の欄に、その行のスケジュール（次の列）の文が印字されて"
            "います。この列の他の行は数値です。1 列左にずれているように見えます",
            n, subject.s, fy_era_short(a->year, fy));
  check_set(&f->suggestion, "元の表の列を確かめ、%s の各欄を 1 列右にずらして読む", subject.s);
  buf_free(&subject);
  buf_free(&source);
  buf_free(&what);
  for (int k = 0; k < n; k++) /* explained by the block */
    check_drop(c, rows[k]);
}

void check_shifts(CheckCtx *c) {
  const Plan *p = c->plan;
  int *rows = xcalloc((size_t)p->nprinted + 1, sizeof *rows);
  int n = 0, last = -2, node;
  Column col = {0};
  for (int i = 0; i < p->nprinted; i++) {
    if (!shifted(p, i, &node, &col)) continue;
    if (n && node != last + 1) { /* a gap ends the block */
      report_block(c, rows, n, &col);
      n = 0;
    }
    rows[n++] = i;
    last = node;
  }
  if (n) report_block(c, rows, n, &col);
  free(rows);
}
