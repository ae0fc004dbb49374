/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_review.c — the secretariat's side of the yearly cycle: which departments have entered
** and submitted what (/staff/review/PLAN), one department's entries beside the figures the plan
** holds with the grades they would give (/staff/review/PLAN/dept), approving or returning
** them, reviewers' and the secretariat's comments, and the list of departments that have not
** submitted yet (/staff/missing/PLAN, also as CSV). The effect on grades is computed, not
** guessed: the stored plan with the entries applied is evaluated by the plan's policy.
*/
#include "../formats/sheet.h"
#include "../model/text.h"
#include "staff.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the effect of entries on grades ---------------------------------------------------- */

/* Write the entries into p (a private copy of the plan) as approval does: the model's
   approval_rows and approval_apply, the same the store's approval writes by. */
static void apply_entries(Plan *p, const Entry *list, int n, const char *login) {
  ApprovalEntry *ae = entries_as_approval(list, n);
  int *rows = xmalloc(((size_t)n + 1) * sizeof(int));
  Buf source = {0};
  buf_printf(&source, "承認 %s", login ? login : "unknown");
  approval_rows(p, ae, n, rows);
  approval_apply(p, ae, n, rows, source.s);
  buf_free(&source);
  free(rows);
  free(ae);
}

/* Grades before (the site's evaluation) and after (the plan with the entries applied). */
typedef struct Effect {
  Plan *plan;
  Evaluation *ev;
} Effect;

static int effect_load(StaffCtx *c, const SitePlan *sp, const Entry *list, int n, Effect *fx) {
  char err[256];
  memset(fx, 0, sizeof *fx);
  if (store_load(c->store, sp->plan->id, &fx->plan, err, sizeof err) || !fx->plan) {
    fprintf(stderr, "shinchoku: review: %s\n", err);
    return -1;
  }
  apply_entries(fx->plan, list, n, c->actor.login);
  fx->ev = eval_run(fx->plan, sp->policy);
  return 0;
}

static void effect_free(Effect *fx) {
  eval_free(fx->ev);
  plan_free(fx->plan);
}

/* "○ → ◎" (or just the grade when it does not change). */
static void grade_change(Buf *b, const Evaluation *before, int g0, const Evaluation *after,
                         int g1) {
  html_grade(b, before, g0);
  if (g0 != g1) {
    buf_put(b, " → ");
    html_grade(b, after, g1);
    buf_put(b, " <strong class=\"changed\">変わります</strong>");
  }
}

/* The entries of (plan, year), of one department or all (dept NULL); -1 with a 500 (or, for
   another municipality's plan, 403) page. */
static int load_entries(StaffCtx *c, const char *plan, int year, const char *dept, Entry **list,
                        int *n) {
  char err[256];
  int rc = entry_list(c->store, &c->actor, plan, year, dept, list, n, err, sizeof err);
  if (rc == 0) return 0;
  if (staff_forbidden(c, rc)) return -1;
  staff_error(c, 500, "入力を読み込めません");
  fprintf(stderr, "shinchoku: review: %s\n", err);
  return -1;
}

/* ---- the review list --------------------------------------------------------------------- */

typedef struct DeptState {
  int counts[ST__COUNT];
  int rows;         /* rows the department has to enter this year */
  const char *last; /* the latest change */
} DeptState;

static void dept_state(const SitePlan *sp, int year, const char *dept, const Entry *list, int n,
                       DeptState *ds) {
  memset(ds, 0, sizeof *ds);
  EntryRow *rows = NULL;
  ds->rows = entry_rows(sp->plan, sp->ev, dept, year, &rows);
  free(rows);
  for (int i = 0; i < n; i++) {
    if (strcmp(list[i].department, dept) != 0) continue;
    ds->counts[list[i].state]++;
    if (!ds->last || strcmp(list[i].updated_at, ds->last) > 0) ds->last = list[i].updated_at;
  }
}

/* Submitted: something sent to the secretariat, and nothing left in draft or returned. */
static int dept_submitted(const DeptState *ds) {
  return ds->counts[ST_SUBMITTED] + ds->counts[ST_APPROVED] > 0 && ds->counts[ST_DRAFT] == 0 &&
         ds->counts[ST_RETURNED] == 0;
}

static const char *dept_word(const DeptState *ds) {
  if (dept_submitted(ds)) return ds->counts[ST_SUBMITTED] ? "提出済み（確認待ち）" : "承認済み";
  if (ds->counts[ST_RETURNED]) return "差戻し中";
  if (ds->counts[ST_DRAFT]) return "入力中（未提出）";
  return "未入力";
}

static void review_list(StaffCtx *c, const SitePlan *sp, int year) {
  const Plan *p = sp->plan;
  Entry *list = NULL;
  int n = 0;
  char fy[64];
  if (load_entries(c, p->id, year, NULL, &list, &n)) return;
  Buf title = {0};
  buf_printf(&title, "提出状況（%s）", fy_both(year, fy));
  Crumb crumbs[] = {{"スタッフ", "/staff/"}, {p->name, NULL}, {title.s, NULL}};
  staff_begin(c, title.s, crumbs, 3);
  Buf *b = &c->out->body;
  html_printf(b, "<h1>%s</h1>\n<p class=\"meta\">%s ・ 入力の受付: %s</p>\n", title.s, p->name,
              period_is_open(c->store, p->id, year) == 1 ? "受付中" : "受付していません");
  buf_put(b, "<table><caption>所管課ごとの入力と提出</caption><thead><tr>"
             "<th scope=\"col\">所管課</th><th scope=\"col\">状況</th><th scope=\"col\">項目</th>"
             "<th scope=\"col\">下書き</th><th scope=\"col\">提出済み</th>"
             "<th scope=\"col\">承認済み</th><th scope=\"col\">差戻し</th>"
             "<th scope=\"col\">最終更新</th></tr></thead><tbody>\n");
  for (int d = 0; d < sp->ndepts; d++) {
    DeptState ds;
    dept_state(sp, year, sp->depts[d], list, n, &ds);
    if (ds.rows == 0) continue;
    Buf url = {0};
    html_printf(&url, "/staff/review/%u/dept?name=%u&year=%d", p->id, sp->depts[d], year);
    html_printf(b, "<tr><th scope=\"row\"><a href=\"%r\">%s</a></th><td>%s</td>", url.s,
                sp->depts[d], dept_word(&ds));
    html_printf(b, "<td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>", ds.rows,
                ds.counts[ST_DRAFT], ds.counts[ST_SUBMITTED], ds.counts[ST_APPROVED],
                ds.counts[ST_RETURNED]);
    staff_time(b, ds.last);
    buf_put(b, "</td></tr>\n");
    buf_free(&url);
  }
  buf_put(b, "</tbody></table>\n");
  Buf miss = {0};
  html_printf(&miss, "/staff/missing/%u?year=%d", p->id, year);
  html_printf(b, "<p><a href=\"%r\">未提出の課の一覧</a></p>\n", miss.s);
  buf_free(&miss);
  buf_free(&title);
  entries_free(list, n);
  staff_end(c);
}

/* ---- one department ---------------------------------------------------------------------- */

/* The figures the plan holds now for an entry's subject, as text. */
static void stored_figures(Buf *b, const SitePlan *sp, const Entry *e) {
  const Plan *p = sp->plan;
  char num[DEC_MAX_TEXT];
  if (e->kind == ENTRY_GRADE) {
    int g = plan_grade(p, e->subject, e->year);
    html_printf(b, "%s", g >= 0 ? p->grades[g].grade : "－");
    return;
  }
  int ind = plan_indicator(p, e->subject);
  int v = ind >= 0 ? eval_value(sp->ev, ind, e->year,
                                e->kind == ENTRY_ACTUAL ? VK_ACTUAL : VK_PROJECTION)
                   : -1;
  if (v < 0) {
    buf_put(b, "－");
    return;
  }
  const Value *val = &p->values[v];
  html_printf(b, "%s%r%s", dec_is_none(val->num) ? "" : dec_format(val->num, -1, num),
              val->text && !dec_is_none(val->num) ? " " : "", val->text ? val->text : "");
  if (dec_is_none(val->num) && !val->text) buf_put(b, "－");
}

static void entered_figures(Buf *b, const Entry *e) {
  char num[DEC_MAX_TEXT];
  html_printf(b, "<strong>%s%r%s</strong>", dec_is_none(e->num) ? "" : dec_format(e->num, -1, num),
              e->text && *e->text && !dec_is_none(e->num) ? " " : "", e->text ? e->text : "");
  if (e->as_of && *e->as_of) html_printf(b, "<br><span class=\"meta\">時点 %s</span>", e->as_of);
  if (e->note && *e->note)
    html_printf(b, "<br><span class=\"meta\">%s %s</span>",
                e->kind == ENTRY_GRADE ? "根拠:" : "コメント:", e->note);
}

static void entry_subject(Buf *b, const SitePlan *sp, const Entry *e, int year) {
  const Plan *p = sp->plan;
  int ind = plan_indicator(p, e->subject),
      n = ind >= 0 ? p->inds[ind].node : plan_node(p, e->subject);
  Buf hist = {0};
  html_printf(&hist, "/staff/history/%u/%u", p->id, e->subject);
  if (n >= 0) {
    Buf url = {0};
    html_node_url(&url, p, &p->nodes[n], year);
    html_printf(b, "<a href=\"%r\">%s %s</a><br>", url.s,
                p->nodes[n].number ? p->nodes[n].number : "", p->nodes[n].name);
    buf_free(&url);
  }
  html_printf(b, "%s <a class=\"meta\" href=\"%r\">履歴</a>",
              ind >= 0 ? p->inds[ind].name : "（取組の評価）", hist.s);
  buf_free(&hist);
}

/* The grades an entry's subject gets now and with the entries applied. */
static void entry_effect(Buf *b, const SitePlan *sp, const Effect *fx, const Entry *e) {
  const Plan *p = sp->plan;
  int ind = plan_indicator(p, e->subject);
  int n = ind >= 0 ? p->inds[ind].node : plan_node(p, e->subject);
  if (ind >= 0) {
    buf_put(b, "指標 ");
    grade_change(b, sp->ev, eval_ind(sp->ev, ind, e->year)->grade, fx->ev,
                 eval_ind(fx->ev, ind, e->year)->grade);
    buf_put(b, "<br>");
  }
  for (; n >= 0; n = p->nodes[n].parent) {
    html_printf(b, "%s ", node_level_name(p, &p->nodes[n]));
    grade_change(b, sp->ev, eval_node(sp->ev, n, e->year)->grade, fx->ev,
                 eval_node(fx->ev, n, e->year)->grade);
    buf_put(b, "<br>");
  }
}

static void comments_section(StaffCtx *c, const SitePlan *sp, int year, const char *dept,
                             const Entry *list, int n) {
  const Plan *p = sp->plan;
  Buf *b = &c->out->body;
  Comment *cs = NULL;
  int ncs = 0;
  char err[256];
  comment_list(c->store, &c->actor, p->id, year, NULL, &cs, &ncs, err, sizeof err);
  buf_put(b, "<section><h2>コメント</h2>\n");
  int shown = 0;
  for (int i = 0; i < ncs; i++) {
    int mine = 0;
    for (int k = 0; k < n && !mine; k++)
      mine = strcmp(list[k].subject, cs[i].subject) == 0;
    if (!mine) continue;
    if (!shown) buf_put(b, "<ul class=\"comments\">");
    shown = 1;
    html_printf(b, "<li><span class=\"meta\">%s（%s）", cs[i].author, cs[i].subject);
    staff_time(b, cs[i].at);
    html_printf(b, "</span><br>%s</li>", cs[i].text);
  }
  buf_put(b, shown ? "</ul>\n" : "<p>コメントはまだありません。</p>\n");
  comments_free(cs, ncs);
  const User *u = staff_user(c);
  if ((u->role == ROLE_ADMIN || u->role == ROLE_REVIEWER) && n > 0) {
    staff_form_begin(c, "comment", "comment", p->id, year, dept);
    buf_put(b, "<p><label for=\"c-subject\">対象</label> <select id=\"c-subject\" "
               "name=\"subject\">");
    for (int k = 0; k < n; k++) {
      int dup = 0;
      for (int j = 0; j < k && !dup; j++)
        dup = strcmp(list[j].subject, list[k].subject) == 0;
      if (dup) continue;
      int ind = plan_indicator(p, list[k].subject);
      int node = plan_node(p, list[k].subject);
      html_printf(b, "<option value=\"%s\">%s</option>", list[k].subject,
                  ind >= 0    ? p->inds[ind].name
                  : node >= 0 ? p->nodes[node].name
                              : list[k].subject);
    }
    buf_put(b,
            "</select></p><p><label for=\"c-text\">コメント</label><br>"
            "<textarea id=\"c-text\" name=\"text\" rows=\"3\" cols=\"60\" required></textarea></p>"
            "<p><button type=\"submit\">コメントする</button></p></form>\n");
  }
  buf_put(b, "</section>\n");
}

/* The submitted entries as the page shows them ("ID:VERSION ID:VERSION"), for the approve
   button: approval refuses what changed since (entries_approve). */
static void seen_field(Buf *b, const Entry *list, int n) {
  buf_put(b, "<input type=\"hidden\" name=\"seen\" value=\"");
  for (int i = 0, k = 0; i < n; i++)
    if (list[i].state == ST_SUBMITTED)
      buf_printf(b, "%s%lld:%d", k++ ? " " : "", list[i].id, list[i].version);
  buf_put(b, "\">");
}

/* The entries of a posted `seen` field into *out (caller frees). -1 when it cannot be read. */
static int read_seen(const char *text, EntryStamp **out, int *n) {
  int cap = 0;
  *out = NULL;
  *n = 0;
  for (const char *p = text; p && *p;) {
    char *end;
    while (*p == ' ')
      p++;
    if (!*p) break;
    long long id = strtoll(p, &end, 10);
    if (end == p || *end != ':') return -1;
    p = end + 1;
    long v = strtol(p, &end, 10);
    if (end == p || (*end && *end != ' ') || id <= 0 || v <= 0 || v > 1000000000) return -1;
    p = end;
    VEC_PUSH(*out, *n, cap);
    (*out)[(*n)++] = (EntryStamp){id, (int)v};
  }
  return text ? 0 : -1;
}

/* One department's review page; message (an error, when not NULL) and reason (the text the
   approver typed) when it is shown again after a refused POST. */
static void review_dept(StaffCtx *c, const SitePlan *sp, int year, const char *dept,
                        const char *message, const char *reason) {
  const Plan *p = sp->plan;
  const User *u = staff_user(c);
  Entry *list = NULL;
  int n = 0;
  char fy[64];
  if (load_entries(c, p->id, year, dept, &list, &n)) return;
  /* The effect of what awaits approval: the submitted entries (or, before submission, the
     drafts), applied to the plan as stored. */
  int nsub = 0;
  for (int i = 0; i < n; i++)
    nsub += list[i].state == ST_SUBMITTED;
  Entry *pending = xcalloc((size_t)n + 1, sizeof *pending);
  int npending = 0;
  for (int i = 0; i < n; i++)
    if (list[i].state == ST_SUBMITTED || (!nsub && list[i].state != ST_APPROVED))
      pending[npending++] = list[i];
  Effect fx;
  int have_fx = effect_load(c, sp, pending, npending, &fx) == 0;
  Buf title = {0};
  buf_printf(&title, "%s の入力（%s）", dept, fy_both(year, fy));
  Buf list_url = {0};
  html_printf(&list_url, "/staff/review/%u?year=%d", p->id, year);
  Crumb crumbs[] = {{"スタッフ", "/staff/"}, {"提出状況", list_url.s}, {title.s, NULL}};
  staff_begin(c, title.s, crumbs, 3);
  Buf *b = &c->out->body;
  html_printf(b, "<h1>%s</h1>\n<p class=\"meta\">%s</p>\n", title.s, p->name);
  const char *done = req_arg(c->r, "done");
  if (done && strcmp(done, "approved") == 0)
    buf_put(b,
            "<p class=\"notice\" role=\"status\">承認しました。公開ページに反映しています。</p>\n");
  else if (done && strcmp(done, "returned") == 0)
    buf_put(b, "<p class=\"notice\" role=\"status\">差し戻しました。</p>\n");
  if (message) html_printf(b, "<p class=\"error\" role=\"alert\">%s</p>\n", message);
  if (n == 0) {
    buf_put(b, "<p>この年度の入力はまだありません。</p>\n");
  } else {
    html_printf(b,
                "<p>「承認後の評価」は、%s入力を計画の値に反映したときの評価です"
                "（評価方針に従って計算）。</p>\n",
                nsub ? "提出された" : "提出前の");
    buf_put(b, "<div class=\"wide\"><table><caption>入力と評価への影響</caption><thead><tr>"
               "<th scope=\"col\">取組・指標</th><th scope=\"col\">区分</th>"
               "<th scope=\"col\">現在の値</th><th scope=\"col\">入力された値</th>"
               "<th scope=\"col\">状態</th><th scope=\"col\">評価（現在 → 承認後）</th>"
               "<th scope=\"col\">更新</th></tr></thead><tbody>\n");
    for (int i = 0; i < n; i++) {
      const Entry *e = &list[i];
      buf_put(b, "<tr><th scope=\"row\">");
      entry_subject(b, sp, e, year);
      html_printf(b, "</th><td>%s</td><td>", entry_kind_words[e->kind]);
      stored_figures(b, sp, e);
      buf_put(b, "</td><td>");
      entered_figures(b, e);
      html_printf(b, "</td><td><span class=\"state st%d\">%s</span>", e->state,
                  entry_state_words[e->state]);
      if (e->state == ST_RETURNED && e->review_note)
        html_printf(b, "<br><span class=\"meta\">理由: %s</span>", e->review_note);
      buf_put(b, "</td><td>");
      if (have_fx && e->state != ST_APPROVED) entry_effect(b, sp, &fx, e);
      html_printf(b, "</td><td>%s<br>", e->updated_by);
      staff_time(b, e->updated_at);
      buf_put(b, "</td></tr>\n");
    }
    buf_put(b, "</tbody></table></div>\n");
  }
  if (have_fx && npending) {
    int l = sp->policy->headline_level;
    if (l >= 1 && l <= p->nlevels) {
      const LevelSummary *s0 = eval_level(sp->ev, l, year), *s1 = eval_level(fx.ev, l, year);
      char a[DEC_MAX_TEXT], z[DEC_MAX_TEXT];
      html_printf(b, "<p>計画全体の見出し（%s の最上位評価の割合）: %s%% → %s%%</p>\n",
                  p->levels[l - 1],
                  dec_is_none(s0->share) ? "－" : dec_format(dec_round(s0->share, 1), 1, a),
                  dec_is_none(s1->share) ? "－" : dec_format(dec_round(s1->share, 1), 1, z));
    }
  }
  if (u->role == ROLE_ADMIN && nsub) {
    staff_form_begin(c, "review", "review", p->id, year, dept);
    seen_field(b, list, n);
    html_printf(
        b,
        "<p><button type=\"submit\" name=\"action\" value=\"approve\">提出された %d 件を承認"
        "</button></p><p><label for=\"reason\">差し戻す理由</label><br>"
        "<textarea id=\"reason\" name=\"reason\" rows=\"2\" cols=\"60\">%s</textarea><br>"
        "<button type=\"submit\" name=\"action\" value=\"return\">差し戻す</button></p>"
        "</form>\n",
        nsub, reason ? reason : "");
  }
  comments_section(c, sp, year, dept, list, n);
  if (have_fx) effect_free(&fx);
  free(pending);
  entries_free(list, n);
  buf_free(&title);
  buf_free(&list_url);
  staff_end(c);
}

static void review_post(StaffCtx *c, const SitePlan *sp) {
  if (staff_deny_unless(c, ROLES(ROLE_ADMIN))) return;
  const Req *r = c->r;
  const char *dept = req_field(r, "dept"), *action = req_field(r, "action");
  const char *reason = req_field(r, "reason");
  int year, count = 0, rc;
  if (staff_year(c, sp, req_field(r, "year"), &year)) return;
  if (!dept || !action) {
    staff_error(c, 400, "送信された内容が足りません");
    return;
  }
  char err[256];
  if (strcmp(action, "approve") == 0) {
    EntryStamp *seen = NULL;
    int nseen = 0;
    if (read_seen(req_field(r, "seen"), &seen, &nseen)) {
      free(seen);
      staff_error(c, 400, "承認する入力の版が送信されていません。ページを開き直してください");
      return;
    }
    rc = entries_approve(c->store, sp->plan->id, year, dept, seen, nseen, &c->actor, &count, err,
                         sizeof err);
    free(seen);
    if (rc == 0 && count) {
      c->out->reload = 1;
      snprintf(c->out->reload_plan, sizeof c->out->reload_plan, "%s", sp->plan->id);
    }
    if (rc == ENTRY_CONFLICT) {
      c->out->status = 409;
      review_dept(c, sp, year, dept,
                  "このページを開いたあとで提出内容が変わったため、承認しませんでした。"
                  "最新の内容を確かめてから、もう一度承認してください",
                  reason);
      return;
    }
  } else if (strcmp(action, "return") == 0) {
    if (!reason || text_is_blank(reason)) {
      staff_error(c, 422, "差し戻す理由を書いてください");
      return;
    }
    rc = entries_return(c->store, sp->plan->id, year, dept, reason, &c->actor, &count, err,
                        sizeof err);
  } else {
    staff_error(c, 400, "操作が正しくありません");
    return;
  }
  if (staff_forbidden(c, rc)) return;
  if (rc) {
    staff_error(c, 500, "処理できませんでした");
    fprintf(stderr, "shinchoku: review: %s\n", err);
    return;
  }
  Buf url = {0};
  html_printf(&url, "/staff/review/%u/dept?name=%u&year=%d&done=%s", sp->plan->id, dept, year,
              strcmp(action, "approve") == 0 ? "approved" : "returned");
  staff_redirect(c, url.s);
  buf_free(&url);
}

void staff_page_review(StaffCtx *c) {
  const SitePlan *sp = staff_plan(c, 2);
  if (!sp) return;
  if (strcmp(c->r->method, "POST") == 0) {
    review_post(c, sp);
    return;
  }
  if (staff_deny_unless(c, ROLES(ROLE_ADMIN, ROLE_REVIEWER))) return;
  int year;
  if (staff_year(c, sp, req_arg(c->r, "year"), &year)) return;
  if (c->r->nparts == 3) {
    review_list(c, sp, year);
  } else if (c->r->nparts == 4 && strcmp(c->r->parts[3], "dept") == 0) {
    const char *dept = req_arg(c->r, "name");
    if (!site_has_department(sp, dept))
      staff_error(c, 404, "この計画にその所管課はありません");
    else
      review_dept(c, sp, year, dept, NULL, NULL);
  } else {
    staff_error(c, 404, "このページは見つかりません");
  }
}

/* ---- comments ------------------------------------------------------------------------------ */

void staff_page_comment(StaffCtx *c) {
  if (staff_deny_unless(c, ROLES(ROLE_ADMIN, ROLE_REVIEWER))) return;
  const SitePlan *sp = staff_plan(c, 2);
  if (!sp) return;
  const Req *r = c->r;
  const char *subject = req_field(r, "subject"), *text = req_field(r, "text");
  const char *dept = req_field(r, "dept");
  int year;
  if (staff_year(c, sp, req_field(r, "year"), &year)) return;
  if (!subject || (plan_indicator(sp->plan, subject) < 0 && plan_node(sp->plan, subject) < 0)) {
    staff_error(c, 404, "コメントの対象がこの計画にありません");
    return;
  }
  if (!text || text_is_blank(text)) {
    staff_error(c, 422, "コメントを書いてください");
    return;
  }
  char err[256];
  int rc = comment_add(c->store, sp->plan->id, subject, year, text, &c->actor, err, sizeof err);
  if (staff_forbidden(c, rc)) return;
  if (rc) {
    staff_error(c, 500, "コメントを保存できませんでした");
    fprintf(stderr, "shinchoku: comment: %s\n", err);
    return;
  }
  Buf url = {0};
  if (dept)
    html_printf(&url, "/staff/review/%u/dept?name=%u&year=%d", sp->plan->id, dept, year);
  else
    html_printf(&url, "/staff/review/%u?year=%d", sp->plan->id, year);
  staff_redirect(c, url.s);
  buf_free(&url);
}

/* ---- who has not submitted ------------------------------------------------------------------ */

static void missing_csv(StaffCtx *c, const SitePlan *sp, int year, const Entry *list, int n) {
  char *data = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&data, &len);
  if (!f) {
    staff_error(c, 500, "一覧を作れません");
    return;
  }
  fputs("department,state,rows,draft,submitted,approved,returned,last_change\r\n", f);
  for (int d = 0; d < sp->ndepts; d++) {
    DeptState ds;
    dept_state(sp, year, sp->depts[d], list, n, &ds);
    if (ds.rows == 0 || dept_submitted(&ds)) continue;
    csv_put_field(f, sp->depts[d]);
    fputc(',', f);
    csv_put_field(f, dept_word(&ds));
    fprintf(f, ",%d,%d,%d,%d,%d,", ds.rows, ds.counts[ST_DRAFT], ds.counts[ST_SUBMITTED],
            ds.counts[ST_APPROVED], ds.counts[ST_RETURNED]);
    csv_put_field(f, ds.last ? ds.last : "");
    fputs("\r\n", f);
  }
  fclose(f);
  buf_putn(&c->out->body, data, len);
  free(data);
  c->out->type = "text/csv; charset=utf-8";
  snprintf(c->out->disposition, sizeof c->out->disposition,
           "attachment; filename=\"missing-%d.csv\"", year);
}

void staff_page_missing(StaffCtx *c) {
  if (staff_deny_unless(c, ROLES(ROLE_ADMIN, ROLE_REVIEWER))) return;
  const SitePlan *sp = staff_plan(c, 2);
  if (!sp) return;
  int year;
  if (staff_year(c, sp, req_arg(c->r, "year"), &year)) return;
  const Plan *p = sp->plan;
  Entry *list = NULL;
  int n = 0;
  char fy[64];
  if (load_entries(c, p->id, year, NULL, &list, &n)) return;
  const char *format = req_arg(c->r, "format");
  if (format && strcmp(format, "csv") == 0) {
    missing_csv(c, sp, year, list, n);
    entries_free(list, n);
    return;
  }
  Buf title = {0};
  buf_printf(&title, "未提出の所管課（%s）", fy_both(year, fy));
  Crumb crumbs[] = {{"スタッフ", "/staff/"}, {p->name, NULL}, {title.s, NULL}};
  staff_begin(c, title.s, crumbs, 3);
  Buf *b = &c->out->body;
  html_printf(b, "<h1>%s</h1>\n<p class=\"meta\">%s</p>\n", title.s, p->name);
  buf_put(b, "<table><caption>まだ提出していない所管課</caption><thead><tr>"
             "<th scope=\"col\">所管課</th><th scope=\"col\">状況</th>"
             "<th scope=\"col\">入力済み / 項目</th><th "
             "scope=\"col\">最終更新</th></tr></thead><tbody>\n");
  int shown = 0;
  for (int d = 0; d < sp->ndepts; d++) {
    DeptState ds;
    dept_state(sp, year, sp->depts[d], list, n, &ds);
    if (ds.rows == 0 || dept_submitted(&ds)) continue;
    shown++;
    int entered = ds.counts[ST_DRAFT] + ds.counts[ST_SUBMITTED] + ds.counts[ST_APPROVED] +
                  ds.counts[ST_RETURNED];
    html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%d / %d</td><td>", sp->depts[d],
                dept_word(&ds), entered, ds.rows);
    staff_time(b, ds.last);
    buf_put(b, "</td></tr>\n");
  }
  buf_put(b, "</tbody></table>\n");
  html_printf(b, "<p>%d 課が未提出です。", shown);
  Buf csv = {0};
  html_printf(&csv, "/staff/missing/%u?year=%d&format=csv", p->id, year);
  html_printf(b, "<a href=\"%r\">CSV でダウンロード</a></p>\n", csv.s);
  buf_free(&csv);
  buf_free(&title);
  entries_free(list, n);
  staff_end(c);
}
