/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_policy.c — /staff/policy/PLAN: the plan's evaluation policy (docs/policy.md) as the
** secretariat keeps it. Admins edit the JSON text; it is compiled before anything is stored,
** so a policy that does not compile is shown again with the compiler's message and nothing
** changes. A stored policy is audited (old and new text) and the site reloaded, so every
** grade, count and headline is recomputed at once. Reviewers read it.
*/
#include "../eval/policy.h"
#include "../model/text.h"
#include "staff.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POLICY_BYTES (256 * 1024)

static void policy_page(StaffCtx *c, const SitePlan *sp, int status, const char *text,
                        const char *reason, const char *message) {
  const Plan *p = sp->plan;
  const User *u = staff_user(c);
  c->out->status = status;
  Crumb crumbs[] = {{"スタッフ", "/staff/"}, {p->name, NULL}, {"評価方針", NULL}};
  staff_begin(c, "評価方針", crumbs, 3);
  Buf *b = &c->out->body;
  html_printf(b, "<h1>評価方針</h1>\n<p class=\"meta\">%s</p>\n", p->name);
  const char *done = req_arg(c->r, "done");
  if (!message && done)
    buf_put(b, "<p class=\"notice\" role=\"status\">評価方針を保存しました。すべての評価を"
               "計算し直して公開しています。</p>\n");
  buf_put(b, "<p>どの目標と比べるか、進捗率の式、判定の規則（上から順に最初に当てはまる"
             "もの）、状況による判定、上位階層への集計、見出しの割合を JSON で定めます"
             "（書き方は docs/policy.md）。保存すると、すべての評価がこの方針で計算し直されます。"
             "</p>\n");
  if (u->role != ROLE_ADMIN) {
    html_printf(b, "<pre class=\"explain\">%s</pre>\n", text);
    staff_end(c);
    return;
  }
  staff_form_begin(c, "policy", "policy", p->id, 0, NULL);
  if (message)
    html_printf(b, "<p class=\"error\" role=\"alert\" id=\"policy-error\">%s</p>\n", message);
  html_printf(b,
              "<p><label for=\"policy\">評価方針（JSON）</label><br><textarea id=\"policy\" "
              "name=\"policy\" rows=\"24\" cols=\"90\" spellcheck=\"false\"%r>%s</textarea></p>"
              "<p><label for=\"reason\">変更の理由（履歴に残ります）</label><br>"
              "<input id=\"reason\" name=\"reason\" size=\"60\" value=\"%s\"></p>"
              "<p><button type=\"submit\">検証して保存</button></p></form>\n",
              message ? " aria-invalid=\"true\" aria-describedby=\"policy-error\"" : "", text,
              reason ? reason : "");
  staff_end(c);
}

static void policy_post(StaffCtx *c, const SitePlan *sp) {
  if (staff_deny_unless(c, ROLES(ROLE_ADMIN))) return;
  const char *text = req_field(c->r, "policy"), *reason = req_field(c->r, "reason");
  if (!text || text_is_blank(text)) {
    policy_page(c, sp, 422, "", reason, "評価方針が空です");
    return;
  }
  if (strlen(text) > MAX_POLICY_BYTES) {
    policy_page(c, sp, 422, "", reason, "評価方針が大きすぎます（256 KiB まで）");
    return;
  }
  char err[512];
  Policy *pol = policy_compile(text, NULL, sp->plan->nlevels, err, sizeof err);
  if (!pol) {
    Buf msg = {0};
    buf_printf(&msg, "この評価方針は使えません（何も保存していません）: %s", err);
    policy_page(c, sp, 422, text, reason, msg.s);
    buf_free(&msg);
    return;
  }
  policy_free(pol);
  int rc = plan_set_policy(c->store, sp->plan->id, text, reason && *reason ? reason : NULL,
                           &c->actor, err, sizeof err);
  if (staff_forbidden(c, rc)) return;
  if (rc) {
    staff_error(c, rc == 1 ? 404 : 500, "評価方針を保存できませんでした");
    if (rc < 0) fprintf(stderr, "shinchoku: policy: %s\n", err);
    return;
  }
  c->out->reload = 1;
  snprintf(c->out->reload_plan, sizeof c->out->reload_plan, "%s", sp->plan->id);
  Buf url = {0};
  html_printf(&url, "/staff/policy/%u?done=1", sp->plan->id);
  staff_redirect(c, url.s);
  buf_free(&url);
}

void staff_page_policy(StaffCtx *c) {
  const SitePlan *sp = staff_plan(c, 2);
  if (!sp) return;
  if (c->r->nparts != 3) {
    staff_error(c, 404, "このページは見つかりません");
  } else if (strcmp(c->r->method, "POST") == 0) {
    policy_post(c, sp);
  } else if (!staff_deny_unless(c, ROLES(ROLE_ADMIN, ROLE_REVIEWER))) {
    policy_page(c, sp, 200, sp->plan->policy_json ? sp->plan->policy_json : "", NULL, NULL);
  }
}
