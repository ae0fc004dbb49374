/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_publish.c — publication on the staff pages (/staff/publish): per plan and fiscal
** year, whether its results are public (公開中) or still a draft (下書き), the headline the
** public sees beside the draft's, and for the secretariat the button that publishes or
** withdraws the year. Reviewers read it; only admins change it. Every change goes through
** publish_set, which audits it; the plan is then loaded again so the public pages, the API
** and the downloads follow at once.
*/
#include "../model/text.h"
#include "../store/publish.h"
#include "staff.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const Published *find_published(const Published *list, int n, const char *plan, int year) {
  for (int i = 0; i < n; i++)
    if (list[i].year == year && strcmp(list[i].plan, plan) == 0) return &list[i];
  return NULL;
}

static void publish_button(StaffCtx *c, Buf *b, const char *plan, int year, int on) {
  staff_year_button(c, b, "/staff/publish", plan, year, on ? "publish" : "unpublish",
                    on ? "の実績を公開する" : "の公開を取り下げる", on ? "公開する" : "取り下げる");
}

static void year_row(StaffCtx *c, const SitePlan *sp, const Published *pub, int year, int admin) {
  Buf *b = &c->out->body;
  char fy[64];
  html_printf(b, "<tr><th scope=\"row\">%s</th><td>%r</td><td>", fy_both(year, fy),
              pub ? "<strong>公開中</strong>" : "<span class=\"draft\">下書き</span>");
  if (pub) html_headline(b, sp, year);
  buf_put(b, "</td><td>");
  if (!pub) html_headline(b, site_draft(sp), year);
  buf_put(b, "</td><td>");
  if (pub) {
    html_time(b, pub->at);
    html_printf(b, " %s", pub->by);
  }
  buf_put(b, "</td>");
  if (admin) {
    buf_put(b, "<td>");
    publish_button(c, b, sp->plan->id, year, !pub);
    buf_put(b, "</td>");
  }
  buf_put(b, "</tr>\n");
}

static void plan_table(StaffCtx *c, const SitePlan *sp, const Published *list, int n, int admin) {
  const Plan *p = sp->plan;
  Buf *b = &c->out->body;
  html_printf(b,
              "<div class=\"scroll\"><table><caption>%s（%s）</caption><thead><tr>"
              "<th scope=\"col\">年度</th><th scope=\"col\">状態</th>"
              "<th scope=\"col\">公開中の見出し</th><th scope=\"col\">下書きの見出し</th>"
              "<th scope=\"col\">公開した日時・人</th>%r</tr></thead><tbody>\n",
              p->name ? p->name : p->id, p->id, admin ? "<th scope=\"col\">操作</th>" : "");
  for (int y = p->first_year; y <= p->last_year; y++)
    year_row(c, sp, find_published(list, n, p->id, y), y, admin);
  buf_put(b, "</tbody></table></div>\n");
}

static void publish_get(StaffCtx *c) {
  Published *list = NULL;
  int n = 0;
  char err[256];
  if (publish_list(c->store, NULL, &list, &n, err, sizeof err)) {
    staff_error(c, 500, "公開の状態を読めません");
    fprintf(stderr, "shinchoku: publish: %s\n", err);
    return;
  }
  int admin = staff_user(c)->role == ROLE_ADMIN;
  Crumb crumbs[] = {{"トップ", "/"}, {"スタッフ", "/staff/"}, {"公開", NULL}};
  staff_begin(c, "公開", crumbs, 3);
  Buf *b = &c->out->body;
  buf_put(b, "<h1>公開</h1>\n<p>公開サイト・API・ダウンロードに出るのは、事務局が公開した年度の"
             "実績（実績値・見込値・判定・本文）だけです。目標値と計画の構成はいつも公開されます。"
             "公開していない年度は<span class=\"draft\">下書き</span>で、承認した値も職員だけが"
             "見られます。</p>\n");
  int shown = 0;
  for (int i = 0; i < c->site->nplans; i++) {
    const SitePlan *sp = &c->site->plans[i];
    /* another municipality's plans, drafts included, are not this account's to see */
    if (staff_may_plan(c->store, &c->actor, sp->plan->id, err, sizeof err)) continue;
    plan_table(c, sp, list, n, admin);
    shown++;
  }
  if (!shown) buf_put(b, "<p>計画がまだ登録されていません。</p>\n");
  staff_end(c);
  published_free(list, n);
}

static void publish_post(StaffCtx *c) {
  if (staff_deny_unless(c, ROLES(ROLE_ADMIN))) return;
  const char *plan = req_field(c->r, "plan"), *action = req_field(c->r, "action");
  const SitePlan *sp = plan ? site_plan(c->site, plan) : NULL;
  if (!sp) {
    staff_error(c, 404, "この計画はありません");
    return;
  }
  int year;
  if (staff_year(c, sp, req_field(c->r, "year"), &year)) return;
  int on = action && strcmp(action, "publish") == 0;
  if (!on && !(action && strcmp(action, "unpublish") == 0)) {
    staff_error(c, 400, "操作（公開または取り下げ）を指定してください");
    return;
  }
  char err[256];
  int rc = publish_set(c->store, sp->plan->id, year, on, &c->actor, err, sizeof err);
  if (rc == STAFF_FORBIDDEN) {
    staff_error(c, 403, "この計画の公開を変更する権限がありません");
    return;
  }
  if (rc < 0) {
    staff_error(c, 500, "公開の状態を変更できません");
    fprintf(stderr, "shinchoku: publish: %s\n", err);
    return;
  }
  c->out->reload = 1;
  snprintf(c->out->reload_plan, sizeof c->out->reload_plan, "%s", sp->plan->id);
  staff_redirect(c, "/staff/publish");
}

void staff_page_publish(StaffCtx *c) {
  if (staff_deny_unless(c, ROLES(ROLE_ADMIN, ROLE_REVIEWER))) return;
  if (strcmp(c->r->method, "POST") == 0)
    publish_post(c);
  else
    publish_get(c);
}
