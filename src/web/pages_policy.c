/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_policy.c — /staff/policy/PLAN: the plan's evaluation policy (docs/policy.md) as the
** secretariat keeps it. Admins edit it in a form (the target each rate compares with, the
** decimals shown, and each grade's label, condition and legend) or, as the advanced view, as
** JSON text; the form's fields are written into the stored JSON (everything else kept), and
** either way the result is compiled before anything is stored,
** so a policy that does not compile is shown again with the compiler's message and nothing
** changes. A stored policy is audited (old and new text) and the site reloaded, so every
** grade, count and headline is recomputed at once. Reviewers read it.
*/
#include "../eval/policy.h"
#include "../model/text.h"
#include "staff.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POLICY_BYTES (256 * 1024)

#define MAX_FORM_GRADES 20

static const char *const basis_words[4] = {"同じ年度の目標", "最終年度の目標", "按分した目標",
                                           "期限の年度の目標"};

/* A text member of object o, or "". */
static const char *member_text(json_t *o, const char *key) {
  const char *v = json_string_value(json_object_get(o, key));
  return v ? v : "";
}

/* The form over the policy text: the basis, the digits and each grade's label, condition
   and legend. Nothing when the text is not a JSON object. */
static void policy_form(StaffCtx *c, const SitePlan *sp, Buf *b, const char *text,
                        const char *reason) {
  json_t *doc = json_loads(text, 0, NULL);
  if (!json_is_object(doc)) {
    json_decref(doc);
    return;
  }
  staff_form_begin(c, "policy", "policy", sp->plan->id, 0, NULL);
  buf_put(b, "<input type=\"hidden\" name=\"mode\" value=\"form\">"
             "<fieldset><legend>評価方針（フォーム）</legend>\n");
  const char *basis = member_text(doc, "target_basis");
  buf_put(b, "<p><label for=\"f-basis\">比べる目標</label> <select id=\"f-basis\" "
             "name=\"target_basis\">");
  for (int i = 0; i < 4; i++)
    html_printf(b, "<option value=\"%s\"%r>%s</option>", target_basis_names[i],
                strcmp(basis, target_basis_names[i]) == 0 ? " selected" : "", basis_words[i]);
  json_t *digits = json_object_get(doc, "digits");
  html_printf(b,
              "</select></p>\n<p><label for=\"f-digits\">進捗率の小数の桁数</label> <input "
              "id=\"f-digits\" name=\"digits\" type=\"number\" min=\"0\" max=\"6\" "
              "value=\"%d\"></p>\n",
              json_is_integer(digits) ? (int)json_integer_value(digits) : 1);
  buf_put(b, "<div class=\"wide\"><table><caption>判定（上から順に、最初に当てはまるもの）"
             "</caption><thead><tr><th scope=\"col\">記号</th><th scope=\"col\">名前</th>"
             "<th scope=\"col\">条件（例: rate &gt;= 90）</th><th scope=\"col\">凡例の文"
             "</th></tr></thead><tbody>\n");
  json_t *grades = json_object_get(doc, "grades");
  size_t n = json_is_array(grades) ? json_array_size(grades) : 0;
  for (size_t i = 0; i < n && i < MAX_FORM_GRADES; i++) {
    json_t *g = json_array_get(grades, i);
    const char *sym = member_text(g, "symbol");
    html_printf(
        b,
        "<tr><th scope=\"row\">%s</th>"
        "<td><input name=\"label.%d\" size=\"20\" value=\"%s\" aria-label=\"%s の名前\"></td>"
        "<td><input name=\"when.%d\" size=\"24\" value=\"%s\" aria-label=\"%s の条件\"></td>"
        "<td><input name=\"legend.%d\" size=\"40\" value=\"%s\" aria-label=\"%s の凡例\">"
        "</td></tr>\n",
        sym, (int)i, member_text(g, "label"), sym, (int)i, member_text(g, "when"), sym, (int)i,
        member_text(g, "legend"), sym);
  }
  html_printf(b,
              "</tbody></table></div>\n<input type=\"hidden\" name=\"grades\" value=\"%d\">"
              "<p><label for=\"f-reason\">変更の理由（履歴に残ります）</label><br>"
              "<input id=\"f-reason\" name=\"reason\" size=\"60\" value=\"%s\"></p>"
              "<p><button type=\"submit\">検証して保存</button></p></fieldset></form>\n",
              (int)(n < MAX_FORM_GRADES ? n : MAX_FORM_GRADES), reason ? reason : "");
  json_decref(doc);
}

/* The stored policy with the form's fields written in (malloc'd JSON text), or NULL with a
   message when the stored text is not an object or the form does not fit it. */
static char *policy_from_form(const Req *r, const char *stored, const char **why) {
  json_t *doc = json_loads(stored ? stored : "", 0, NULL);
  json_t *grades = json_object_get(doc, "grades");
  const char *basis = req_field(r, "target_basis"), *digits = req_field(r, "digits");
  const char *count = req_field(r, "grades");
  *why = NULL;
  if (!json_is_object(doc) || !json_is_array(grades))
    *why = "保存されている評価方針をフォームで編集できません";
  else if (!count || atoi(count) != (int)json_array_size(grades))
    *why = "判定の数が保存されている評価方針と違います。ページを開き直してください";
  else if (basis && enum_lookup(target_basis_names, 4, basis) < 0)
    *why = "比べる目標を一覧から選んでください";
  else if (digits && (strlen(digits) != 1 || digits[0] < '0' || digits[0] > '6'))
    *why = "小数の桁数は 0〜6 です";
  if (*why) {
    json_decref(doc);
    return NULL;
  }
  if (basis) json_object_set_new(doc, "target_basis", json_string(basis));
  if (digits) json_object_set_new(doc, "digits", json_integer(digits[0] - '0'));
  static const char *const keys[3] = {"label", "when", "legend"};
  for (size_t i = 0; i < json_array_size(grades); i++)
    for (int k = 0; k < 3; k++) {
      char name[32];
      snprintf(name, sizeof name, "%s.%d", keys[k], (int)i);
      const char *v = req_field(r, name);
      if (!v) continue;
      json_t *g = json_array_get(grades, i);
      if (*v || k == 1)
        json_object_set_new(g, keys[k], json_string(v));
      else
        json_object_del(g, keys[k]);
    }
  char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(doc);
  if (!text) *why = "評価方針を組み立てられません（文字を確かめてください）";
  return text;
}

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
  if (message)
    html_printf(b, "<p class=\"error\" role=\"alert\" id=\"policy-error\">%s</p>\n", message);
  policy_form(c, sp, b, text, reason);
  html_printf(b, "<details%r><summary>JSON で編集する（詳細）</summary>\n", message ? " open" : "");
  staff_form_begin(c, "policy", "policy", p->id, 0, NULL);
  html_printf(b,
              "<p><label for=\"policy\">評価方針（JSON）</label><br><textarea id=\"policy\" "
              "name=\"policy\" rows=\"24\" cols=\"90\" spellcheck=\"false\"%r>%s</textarea></p>"
              "<p><label for=\"reason\">変更の理由（履歴に残ります）</label><br>"
              "<input id=\"reason\" name=\"reason\" size=\"60\" value=\"%s\"></p>"
              "<p><button type=\"submit\">検証して保存</button></p></form></details>\n",
              message ? " aria-invalid=\"true\" aria-describedby=\"policy-error\"" : "", text,
              reason ? reason : "");
  staff_end(c);
}

static void policy_store(StaffCtx *c, const SitePlan *sp, const char *text, const char *reason);

static void policy_post(StaffCtx *c, const SitePlan *sp) {
  if (staff_deny_unless(c, ROLES(ROLE_ADMIN))) return;
  const char *text = req_field(c->r, "policy"), *reason = req_field(c->r, "reason");
  const char *mode = req_field(c->r, "mode");
  char *built = NULL;
  if (mode && strcmp(mode, "form") == 0) {
    const char *why;
    built = policy_from_form(c->r, sp->plan->policy_json, &why);
    if (!built) {
      policy_page(c, sp, 422, sp->plan->policy_json ? sp->plan->policy_json : "", reason, why);
      return;
    }
    text = built;
  }
  policy_store(c, sp, text, reason);
  free(built);
}

/* Compile text and, when it compiles, store it (audited) and reload the site. */
static void policy_store(StaffCtx *c, const SitePlan *sp, const char *text, const char *reason) {
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
