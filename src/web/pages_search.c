/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_search.c — /search?q=WORDS: every node whose name, number, indicators, departments,
** summary, audience or roadmap texts hold all the words (AND), matched on the NFKC forms
** and ignoring case (ＩＣＴ = ICT = ict, utf8proc), grouped by plan and by where the words
** were found, each match highlighted with <mark>.
*/
#include "../model/text.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum { SEARCH_LIMIT = 200, MAX_WORDS = 8 };

/* A text folded for matching: NFKC, then every code point lower-cased, with where each byte
   of the folded form came from in the NFKC form (the text shown). */
typedef struct Folded {
  char *shown;  /* NFKC */
  char *folded; /* lower-cased */
  size_t *from; /* byte offset in shown of each byte of folded, and of its end */
  size_t len;
} Folded;

static int fold(const char *text, Folded *f) {
  memset(f, 0, sizeof *f);
  f->shown = text ? text_normalize(text) : NULL;
  if (!f->shown) return -1;
  size_t n = strlen(f->shown);
  Buf out = {0};
  f->from = xmalloc((n * 4 + 1) * sizeof *f->from);
  const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)f->shown;
  size_t at = 0;
  while (at < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t used = utf8proc_iterate(s + at, (utf8proc_ssize_t)(n - at), &cp);
    if (used <= 0) break;
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t w = utf8proc_encode_char(utf8proc_tolower(cp), enc);
    for (utf8proc_ssize_t k = 0; k < w; k++) {
      f->from[out.len] = at;
      buf_putc(&out, (char)enc[k]);
    }
    at += (size_t)used;
  }
  f->from[out.len] = at;
  f->len = out.len;
  f->folded = out.s ? buf_detach(&out) : xstrdup("");
  return 0;
}

static void folded_free(Folded *f) {
  free(f->shown);
  free(f->folded);
  free(f->from);
}

/* The query's words, folded. */
typedef struct Query {
  char *words[MAX_WORDS];
  int n;
} Query;

static int query_parse(const char *raw, Query *q) {
  memset(q, 0, sizeof *q);
  Folded f;
  if (fold(raw, &f)) return -1;
  char *save = NULL;
  for (char *w = strtok_r(f.folded, " \t\r\n", &save); w && q->n < MAX_WORDS;
       w = strtok_r(NULL, " \t\r\n", &save))
    q->words[q->n++] = xstrdup(w);
  folded_free(&f);
  return 0;
}

static void query_free(Query *q) {
  for (int i = 0; i < q->n; i++)
    free(q->words[i]);
}

/* Bit i set when word i occurs in text. */
static unsigned words_in(const Query *q, const char *text) {
  if (!text) return 0;
  Folded f;
  if (fold(text, &f)) return 0;
  unsigned hits = 0;
  for (int i = 0; i < q->n; i++)
    if (strstr(f.folded, q->words[i])) hits |= 1u << i;
  folded_free(&f);
  return hits;
}

/* text (escaped) with every occurrence of the words in <mark>. */
static void put_marked(Buf *b, const Query *q, const char *text) {
  Folded f;
  if (fold(text, &f)) return;
  unsigned char *on = xcalloc(f.len + 1, 1);
  for (int i = 0; i < q->n; i++) {
    size_t wl = strlen(q->words[i]);
    for (const char *p = f.folded; wl && (p = strstr(p, q->words[i])); p++)
      memset(on + (p - f.folded), 1, wl);
  }
  size_t i = 0;
  while (i < f.len) {
    size_t j = i;
    while (j < f.len && on[j] == on[i])
      j++;
    char *piece = xstrndup(f.shown + f.from[i], f.from[j] - f.from[i]);
    html_printf(b, on[i] ? "<mark>%s</mark>" : "%s", piece);
    free(piece);
    i = j;
  }
  free(on);
  folded_free(&f);
}

/* A '|' list of the exchange format, joined with 、 and marked. */
static void put_marked_list(Buf *b, const Query *q, const char *joined) {
  Buf t = {0};
  for (const char *c = joined; c && *c; c++)
    if (*c == '|')
      buf_put(&t, "、");
    else
      buf_putc(&t, *c);
  if (t.s) put_marked(b, q, t.s);
  buf_free(&t);
}

/* Where a node's words were found, in the order results are grouped. */
enum where { W_NAME, W_INDICATOR, W_DEPARTMENT, W_TEXT, W__COUNT };
static const char *const where_words[W__COUNT] = {"名称", "指標", "担当部署", "説明・取組の記録"};

typedef struct Hit {
  int node, where;
} Hit;

/* For every node of p, the words each of its fields holds: per[n * W__COUNT + where]. One
   pass over nodes, indicators and items. */
static unsigned *plan_hits(const Query *q, const Plan *p) {
  unsigned *per = xcalloc((size_t)p->nnodes * W__COUNT + 1, sizeof *per);
  for (int n = 0; n < p->nnodes; n++) {
    const Node *node = &p->nodes[n];
    per[n * W__COUNT + W_NAME] = words_in(q, node->name) | words_in(q, node->number);
    per[n * W__COUNT + W_DEPARTMENT] = words_in(q, node->departments);
    per[n * W__COUNT + W_TEXT] = words_in(q, node->summary) | words_in(q, node->audience);
  }
  for (int i = 0; i < p->ninds; i++)
    per[p->inds[i].node * W__COUNT + W_INDICATOR] |= words_in(q, p->inds[i].name);
  for (int i = 0; i < p->nitems; i++)
    if (p->items[i].node >= 0 && p->items[i].node < p->nnodes)
      per[p->items[i].node * W__COUNT + W_TEXT] |= words_in(q, p->items[i].text);
  return per;
}

/* The first field that holds every word alone, else the first that holds any. */
static int best_where(const unsigned per[W__COUNT], unsigned all) {
  for (int w = 0; w < W__COUNT; w++)
    if (per[w] == all) return w;
  for (int w = 0; w < W__COUNT; w++)
    if (per[w]) return w;
  return W_TEXT;
}

/* The same roadmap text repeated year after year is shown once. */
static int seen_before(const char *const *shown, int n, const char *text) {
  for (int i = 0; i < n; i++)
    if (strcmp(shown[i], text) == 0) return 1;
  return 0;
}

/* What matched in node n, outside its name: the indicator names, departments, texts. */
static void put_context(Buf *b, const Query *q, const SitePlan *sp, int n, const unsigned *per) {
  const Plan *p = sp->plan;
  const Evaluation *ev = sp->ev;
  const Node *node = &p->nodes[n];
  for (int k = ev->ind_start[n]; per[W_INDICATOR] && k < ev->ind_start[n + 1]; k++) {
    const char *name = p->inds[ev->ind_list[k]].name;
    if (words_in(q, name)) {
      buf_put(b, "<br>指標: ");
      put_marked(b, q, name);
    }
  }
  if (per[W_DEPARTMENT]) {
    buf_put(b, "<br>担当: ");
    put_marked_list(b, q, node->departments);
  }
  if (words_in(q, node->summary)) {
    buf_put(b, "<br>");
    put_marked(b, q, node->summary);
  }
  if (words_in(q, node->audience)) {
    buf_put(b, "<br>対象: ");
    put_marked_list(b, q, node->audience);
  }
  const char *shown[3];
  int nshown = 0;
  for (int i = 0; per[W_TEXT] && nshown < 3 && i < p->nitems; i++) {
    const Item *it = &p->items[i];
    if (it->node != n || !words_in(q, it->text) || seen_before(shown, nshown, it->text)) continue;
    shown[nshown++] = it->text;
    html_printf(b, "<br>%s: ", item_kind_words(it->kind));
    put_marked(b, q, it->text);
  }
}

static void put_hit(Buf *b, const Query *q, const SitePlan *sp, int n, const unsigned *per) {
  const Plan *p = sp->plan;
  const Node *node = &p->nodes[n];
  Buf url = {0};
  html_node_url(&url, p, node, 0);
  html_printf(b, "<li>%s: <a href=\"%r\">", node_level_name(p, node), url.s);
  if (node->number) {
    put_marked(b, q, node->number);
    buf_put(b, " ");
  }
  put_marked(b, q, node->name);
  buf_put(b, "</a>");
  put_context(b, q, sp, n, per);
  buf_put(b, "</li>\n");
  buf_free(&url);
}

static void search_plan(Buf *b, const SitePlan *sp, const Query *q, int *found) {
  const Plan *p = sp->plan;
  unsigned want = (1u << q->n) - 1, *per = plan_hits(q, p);
  Hit *hits = xmalloc(((size_t)p->nnodes + 1) * sizeof *hits);
  int nhits = 0;
  for (int n = 0; n < p->nnodes && *found + nhits < SEARCH_LIMIT; n++) {
    const unsigned *f = &per[n * W__COUNT];
    if ((f[W_NAME] | f[W_INDICATOR] | f[W_DEPARTMENT] | f[W_TEXT]) == want)
      hits[nhits++] = (Hit){n, best_where(f, want)};
  }
  if (nhits) html_printf(b, "<section><h2>%s（%d件）</h2>\n", p->name, nhits);
  for (int w = 0; w < W__COUNT; w++) {
    int header = 0;
    for (int k = 0; k < nhits; k++) {
      if (hits[k].where != w) continue;
      if (!header)
        html_printf(b, "<h3>%sで見つかったもの</h3>\n<ul class=\"plain hits\">\n", where_words[w]);
      header = 1;
      put_hit(b, q, sp, hits[k].node, &per[hits[k].node * W__COUNT]);
    }
    if (header) buf_put(b, "</ul>\n");
  }
  if (nhits) buf_put(b, "</section>\n");
  *found += nhits;
  free(hits);
  free(per);
}

void page_search(const Site *s, const Req *r, Resp *out) {
  const char *raw = req_arg(r, "q");
  if (raw && strlen(raw) > 200) {
    page_error(out, 400, "検索語が長すぎます（200バイトまで）");
    return;
  }
  Query q;
  char *shown = raw ? text_normalize(raw) : NULL;
  if (raw && (!shown || query_parse(raw, &q))) {
    free(shown);
    page_error(out, 400, "検索語を読めません（UTF-8 ではありません）");
    return;
  }
  if (!raw) memset(&q, 0, sizeof q);
  out->type = "text/html; charset=utf-8";
  Buf *b = &out->body;
  Crumb crumbs[] = {{"ホーム", "/"}, {"検索", NULL}};
  html_begin(b, "検索", crumbs, 2);
  html_printf(b,
              "<h1>検索</h1>\n<form class=\"inline\" action=\"/search\" method=\"get\">"
              "<label for=\"q\">取組・施策・指標・担当部署・説明の語（空白で区切ると、すべてを含む"
              "もの）</label> <input id=\"q\" name=\"q\" type=\"search\" value=\"%s\"> "
              "<button type=\"submit\">検索</button></form>\n",
              shown ? shown : "");
  if (q.n > 0) {
    int found = 0;
    for (int i = 0; i < s->nplans; i++)
      search_plan(b, &s->plans[i], &q, &found);
    if (found == 0)
      html_printf(b, "<p>「%s」を含むものは見つかりませんでした。</p>\n", shown);
    else
      html_printf(b, "<p>%d件%r</p>\n", found,
                  found >= SEARCH_LIMIT ? "（上限に達しました。語を増やして絞り込んでください）"
                                        : "見つかりました。");
  }
  query_free(&q);
  free(shown);
  html_end(b);
}
