/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_preview.c — the staff's preview of the public site with its drafts:
** GET /staff/preview/ + any public page's path (/, /search, /accessibility, /plan/ID/...) shows
** that page as it will look once every year is published. The pages are the public pages
** themselves, rendered over a site made of the drafts (site_draft: every stored result) of
** the plans of the signed-in account's municipality only, so another city's plans, drafts or
** not, are never in it. Every page is marked: a banner 「下書きを含むプレビュー（未公開）」, a
** title that says プレビュー, and noindex; it is a staff page, so it is never cached (no-store,
** and the server's page cache never keeps a /staff answer), and links stay in the preview.
** Downloads are rendered for published data only, so the preview offers none.
*/
#include "../model/text.h"
#include "staff.h"
#include <stdlib.h>
#include <string.h>

#define PREFIX "/staff/preview"

/* The public pages a preview can show: parts[0] of the path after the prefix. */
typedef struct PreviewRoute {
  const char *first; /* "" for the home page */
  int nparts;        /* exactly this many parts; 0: any number */
  void (*page)(const Site *s, const Req *r, Resp *out);
} PreviewRoute;

static void accessibility(const Site *s, const Req *r, Resp *out) {
  (void)s;
  page_accessibility(r, out);
}

static const PreviewRoute routes[] = {
    {"", 0, page_home},
    {"search", 1, page_search},
    {"accessibility", 1, accessibility},
    {"plan", 0, page_plan},
    {NULL, 0, NULL},
};

/* The links a public page makes to other public pages, and where they go in the preview.
   Every attribute value a page writes from data is escaped (a '"' becomes &quot;), so these
   byte strings can only be the pages' own markup. */
static const char *const links[][2] = {
    {"href=\"/plan/", "href=\"" PREFIX "/plan/"},
    {"action=\"/plan/", "action=\"" PREFIX "/plan/"},
    {"href=\"/\"", "href=\"" PREFIX "/\""},
    {"href=\"/search", "href=\"" PREFIX "/search"},
    {"action=\"/search\"", "action=\"" PREFIX "/search\""},
    {"href=\"/accessibility\"", "href=\"" PREFIX "/accessibility\""},
    {"<title>", "<title>【プレビュー】"},
    {"<meta charset=\"utf-8\">\n", "<meta charset=\"utf-8\">\n<meta name=\"robots\" "
                                   "content=\"noindex, nofollow\">\n"},
};

/* The replacement of the link or marker at s, or NULL (*len: how long the original is). */
static const char *replacement(const char *s, size_t *len) {
  for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
    size_t n = strlen(links[i][0]);
    if (strncmp(s, links[i][0], n) == 0) {
      *len = n;
      return links[i][1];
    }
  }
  return NULL;
}

/* The banner every preview page opens its <main> with; on a plan's pages, which of its years
   are public. */
static void banner(Buf *b, const SitePlan *sp) {
  char fy[64];
  buf_put(b, "<div class=\"preview-banner\" role=\"note\"><p><strong>下書きを含むプレビュー"
             "（未公開）</strong> 公開前の年度の実績（下書き）を含めて、公開サイトがどう見えるかを"
             "職員が確かめるための表示です。市民には公開されていません。");
  if (sp) {
    int any = 0;
    for (int y = sp->plan->first_year; y <= sp->plan->last_year; y++)
      if (site_year_published(sp, y)) {
        html_printf(b, "%r%s", any ? "、" : "この計画で公開中の年度: ", fy_both(y, fy));
        any = 1;
      }
    buf_put(b, any ? "。それ以外の年度の実績は下書きです。"
                   : "この計画で公開中の年度はありません（実績はすべて下書きです）。");
  }
  buf_put(b,
          "</p><p><a href=\"/staff/publish\">年度の公開</a>　<a href=\"/staff/\">スタッフのページ"
          "へ戻る</a></p></div>\n");
}

/* The page in out made a preview page: links kept in the preview, noindex, the title and the
   banner. Only the site's own HTML pages (with its <main id="main">); a report or a file is left
   as it is. */
static void mark(Resp *out, const SitePlan *sp) {
  static const char main_tag[] = "<main id=\"main\">\n";
  const char *body = out->body.s;
  if (!body || !out->type || strncmp(out->type, "text/html", 9) || !strstr(body, main_tag)) return;
  Buf b = {0};
  int marked = 0;
  for (const char *s = body; *s;) {
    size_t len = 0;
    const char *to = *s == 'h' || *s == 'a' || *s == '<' ? replacement(s, &len) : NULL;
    if (to) {
      buf_put(&b, to);
      s += len;
    } else if (!marked && strncmp(s, main_tag, sizeof main_tag - 1) == 0) {
      buf_put(&b, main_tag);
      banner(&b, sp);
      s += sizeof main_tag - 1;
      marked = 1;
    } else {
      buf_putc(&b, *s++);
    }
  }
  buf_free(&out->body);
  out->body = b;
}

/* The account's part of the site, as drafts: a Site whose plans are borrowed from c->site
   (free only view->plans). */
static void draft_view(StaffCtx *c, Site *view) {
  view->plans = xcalloc((size_t)c->site->nplans + 1, sizeof *view->plans);
  view->nplans = 0;
  for (int i = 0; i < c->site->nplans; i++)
    if (staff_sees_plan(c, c->site->plans[i].plan))
      view->plans[view->nplans++] = *site_draft(&c->site->plans[i]);
}

/* The preview page for sub over view into c->out; sp: the plan it is of (NULL: none). */
static void preview_page(StaffCtx *c, const Site *view, const Req *sub, const SitePlan **sp) {
  const char *first = sub->nparts ? sub->parts[0] : "";
  const PreviewRoute *rt = routes;
  while (rt->first &&
         !(strcmp(rt->first, first) == 0 && (!rt->nparts || rt->nparts == sub->nparts)))
    rt++;
  *sp = strcmp(first, "plan") == 0 && sub->nparts >= 2 ? site_plan(view, sub->parts[1]) : NULL;
  if (!rt->first || (!*first && sub->nparts))
    staff_error(c, 404, "プレビューにこのページはありません");
  else if (!*sp && sub->nparts >= 2 && strcmp(first, "plan") == 0 &&
           site_plan(c->site, sub->parts[1])) /* another municipality's */
    staff_forbidden(c, STAFF_FORBIDDEN);
  else if (*sp && sub->nparts >= 3 && strcmp(sub->parts[2], "download") == 0)
    staff_error(c, 404,
                "プレビューではダウンロードを作成しません（ダウンロードは公開した年度の"
                "データから作成します）");
  else
    rt->page(view, sub, c->out);
}

void staff_page_preview(StaffCtx *c) {
  const Req *r = c->r;
  Req sub = *r;
  sub.nparts = r->nparts - 2; /* without "staff" and "preview" */
  for (int i = 0; i < sub.nparts; i++)
    sub.parts[i] = r->parts[i + 2];
  sub.path = strncmp(r->path, PREFIX, strlen(PREFIX)) == 0 ? r->path + strlen(PREFIX) : "/";
  Site view;
  const SitePlan *sp;
  draft_view(c, &view);
  preview_page(c, &view, &sub, &sp);
  c->out->private_page = 1; /* never cached, never validated by ETag */
  mark(c->out, sp);
  free(view.plans);
}
