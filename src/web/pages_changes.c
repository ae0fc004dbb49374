/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_changes.c — the difference between two states of a plan on the site
** (docs/meetings.md): /plan/ID/snapshot/NAME/changes shows the `changes` report (figures
** revised, grades that moved, initiatives added or ended) from snapshot NAME to the plan as
** published now, and ?against=OTHER from NAME to snapshot OTHER, inside the site's page
** frame. Both snapshots must be public (pages_snapshot.c); "now" is the public plan, so no
** result of an unpublished year is shown.
*/
#include "../model/text.h"
#include "../reports/report.h"
#include "../store/snapshot.h"
#include "web.h"
#include <stdlib.h>

/* One side of the comparison: a public snapshot, evaluated by its own policy. */
typedef struct Side {
  Snapshot sn;
  Plan *plan;
  Policy *pol;
  Evaluation *ev;
} Side;

/* Load snapshot name into x; -1 with the error page written. */
static int side_load(const SitePlan *sp, const Req *r, const char *name, Side *x, Resp *out) {
  char err[512];
  x->plan = snapshot_public_plan(sp, r, name, &x->sn, out);
  if (!x->plan) return -1;
  x->pol = policy_compile(x->plan->policy_json, NULL, x->plan->nlevels, err, sizeof err);
  if (!x->pol) {
    page_error(out, 500, "このスナップショットの評価方針を読めません");
    return -1;
  }
  x->ev = eval_run(x->plan, x->pol);
  return 0;
}

static void side_free(Side *x) {
  if (x->ev) eval_free(x->ev);
  policy_free(x->pol);
  plan_free(x->plan);
  snapshot_clear(&x->sn);
}

/* "スナップショット NAME（令和…年…月…日 …時…分 作成）" as one list item. */
static void side_line(Buf *b, const char *which, const Snapshot *sn) {
  html_printf(b, "<li>%s: スナップショット %s（", which, sn->name);
  html_time(b, sn->taken_at);
  buf_put(b, "の時点）</li>\n");
}

static void write_page(const SitePlan *sp, const Side *a, const Side *b, Resp *out) {
  const Evaluation *after = b ? b->ev : sp->ev;
  Buf before_name = {0}, after_name = {0}, url = {0}, dl = {0};
  buf_printf(&before_name, "スナップショット %s", a->sn.name);
  if (b) buf_printf(&after_name, "スナップショット %s", b->sn.name);
  ReportSource src = {"", NULL, "", 0, 0, a->ev, before_name.s, after_name.s};
  Report *rep = report_build(&report_changes_kind, after, report_latest_year(after), &src);
  const char *title = b ? "前回からの変更" : "現在との違い";
  out->type = "text/html; charset=utf-8";
  html_plan_url(&url, sp->plan, NULL, 0);
  html_plan_url(&dl, sp->plan, "downloads", 0);
  Crumb crumbs[] = {
      {"ホーム", "/"}, {sp->plan->name, url.s}, {"ダウンロード", dl.s}, {title, NULL}};
  Buf *o = &out->body;
  html_begin(o, title, crumbs, 4);
  html_printf(o, "<h1>%s</h1>\n<p class=\"meta\">%s</p>\n<ul class=\"plain\">\n", title,
              sp->plan->name);
  side_line(o, "前", &a->sn);
  if (b)
    side_line(o, "後", &b->sn);
  else
    buf_put(o, "<li>後: 現在の計画（公開している年度の実績まで）</li>\n");
  buf_put(o, "</ul>\n");
  report_html_sections(o, rep, 1);
  report_free(rep);
  html_plan_end(o, sp);
  buf_free(&before_name);
  buf_free(&after_name);
  buf_free(&url);
  buf_free(&dl);
}

void page_snapshot_changes(const SitePlan *sp, const Req *r, Resp *out) {
  const char *against = req_arg(r, "against");
  Side a = {0}, b = {0};
  if (side_load(sp, r, r->parts[3], &a, out) == 0) {
    if (!against)
      write_page(sp, &a, NULL, out);
    else if (side_load(sp, r, against, &b, out) == 0)
      write_page(sp, &a, &b, out);
  }
  side_free(&a);
  side_free(&b);
}
