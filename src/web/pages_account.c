/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_account.c — what every signed-in user does for their own account:
** /staff/password changes one's own password (the current one required, checked like a
** sign-in so that guesses count towards the lock; the new one by password_weakness; every
** other session of the user ends, this one stays), and /staff/sessions lists one's live
** sessions (when each began and was last used, which one is this) and ends any of them.
** CSRF and sign-in are checked by staff.c before these pages run.
*/
#include "staff.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- /staff/password ---------------------------------------------------------------------- */

/* Which field a message belongs to: "current", "new", "again". */
typedef struct PasswordForm {
  const char *field, *message;
} PasswordForm;

static void password_input(Buf *b, const PasswordForm *f, const char *id, const char *label,
                           const char *autocomplete, const char *hint) {
  int bad = f->field && strcmp(f->field, id) == 0;
  html_printf(b,
              "<p><label for=\"pw-%s\">%s</label> <input id=\"pw-%s\" name=\"%s\" "
              "type=\"password\" autocomplete=\"%s\" required%r",
              id, label, id, id, autocomplete,
              bad ? " aria-invalid=\"true\" aria-describedby=\"pw-err\"" : "");
  buf_put(b, ">");
  if (hint) html_printf(b, " <small>%s</small>", hint);
  if (bad) html_printf(b, " <span class=\"field-error\" id=\"pw-err\">%s</span>", f->message);
  buf_put(b, "</p>");
}

static void password_page(StaffCtx *c, int status, const PasswordForm *f) {
  c->out->status = status;
  Crumb crumbs[] = {{"スタッフ", "/staff/"}, {"パスワードの変更", NULL}};
  staff_begin(c, "パスワードの変更", crumbs, 2);
  Buf *b = &c->out->body;
  buf_put(b, "<h1>パスワードの変更</h1>\n");
  const char *done = req_arg(c->r, "done");
  if (status == 200 && done && strcmp(done, "changed") == 0)
    buf_put(b, "<p class=\"notice\" role=\"status\">パスワードを変更しました。ほかの端末の"
               "ログインは終了しました。</p>\n");
  if (f->message)
    buf_put(b, "<p class=\"error\" role=\"alert\">パスワードは変更していません。</p>\n");
  buf_put(b, "<p>新しいパスワードは12文字以上で、ログイン名やよく使われるものは使えません。"
             "変更すると、この端末以外のログインはすべて終了します。</p>\n"
             "<form class=\"password\" method=\"post\" action=\"/staff/password\">");
  staff_csrf_field(c, b);
  password_input(b, f, "current", "現在のパスワード", "current-password", NULL);
  password_input(b, f, "new", "新しいパスワード", "new-password", "12文字以上");
  password_input(b, f, "again", "新しいパスワード（確認）", "new-password", NULL);
  buf_put(b, "<p><button type=\"submit\">変更する</button></p></form>\n");
  staff_end(c);
}

static void password_post(StaffCtx *c) {
  const User *u = staff_user(c);
  const char *current = req_field(c->r, "current"), *next = req_field(c->r, "new");
  const char *again = req_field(c->r, "again");
  PasswordForm f = {0};
  char err[256];
  int rc = current && *current ? user_signin(c->store, u->login, current, c->now, err, sizeof err)
                               : SIGNIN_BAD;
  if (rc < 0) {
    staff_error(c, 500, "パスワードを確認できません");
    fprintf(stderr, "shinchoku: password: %s\n", err);
    return;
  }
  if (rc == SIGNIN_LOCKED) {
    c->out->retry_after = SIGNIN_LOCK_SECONDS;
    password_page(c, 429,
                  &(PasswordForm){"current", "失敗が続いたため、このアカウントは一時的に"
                                             "ロックされています"});
    return;
  }
  if (rc != SIGNIN_OK)
    f = (PasswordForm){"current", "現在のパスワードが違います"};
  else if (!next || !again || strcmp(next, again) != 0)
    f = (PasswordForm){"again", "確認のための入力が一致しません"};
  else if (password_weakness(next, u->login))
    f = (PasswordForm){"new", password_weakness(next, u->login)};
  if (f.message) {
    password_page(c, 422, &f);
    return;
  }
  rc = session_change_password(c->store, req_cookie(c->r, "sid"), next, &c->actor, err, sizeof err);
  if (rc) {
    staff_error(c, 500, "パスワードを変更できませんでした");
    fprintf(stderr, "shinchoku: password: %s\n", err);
    return;
  }
  staff_redirect(c, "/staff/password?done=changed");
}

void staff_page_password(StaffCtx *c) {
  if (c->r->nparts != 2) {
    staff_error(c, 404, "このページは見つかりません");
    return;
  }
  if (strcmp(c->r->method, "POST") == 0)
    password_post(c);
  else
    password_page(c, 200, &(PasswordForm){0});
}

/* ---- /staff/sessions ---------------------------------------------------------------------- */

static void epoch_time(Buf *b, long long t) {
  char iso[32];
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
  staff_time(b, iso);
}

static void sessions_page(StaffCtx *c, int status, const char *message) {
  SessionInfo *list = NULL;
  int n = 0;
  char err[256];
  if (session_list(c->store, req_cookie(c->r, "sid"), c->now, &list, &n, err, sizeof err) < 0) {
    staff_error(c, 500, "ログインの一覧を読み込めません");
    fprintf(stderr, "shinchoku: sessions: %s\n", err);
    return;
  }
  c->out->status = status;
  Crumb crumbs[] = {{"スタッフ", "/staff/"}, {"ログイン中の端末", NULL}};
  staff_begin(c, "ログイン中の端末", crumbs, 2);
  Buf *b = &c->out->body;
  buf_put(b, "<h1>ログイン中の端末</h1>\n");
  const char *done = req_arg(c->r, "done");
  if (!message && done && strcmp(done, "ended") == 0)
    buf_put(b, "<p class=\"notice\" role=\"status\">ログインを終了しました。</p>\n");
  if (message) html_printf(b, "<p class=\"error\" role=\"alert\">%s</p>\n", message);
  buf_put(b, "<p>このアカウントで今ログインしている端末（セッション）です。心当たりのないものは"
             "終了し、パスワードを変更してください。</p>\n"
             "<table><caption>ログイン中の端末</caption><thead><tr>"
             "<th scope=\"col\">ログインした時刻</th><th scope=\"col\">最後の操作</th>"
             "<th scope=\"col\">この端末</th><th scope=\"col\">操作</th></tr></thead><tbody>\n");
  for (int i = 0; i < n; i++) {
    buf_put(b, "<tr><td>");
    epoch_time(b, list[i].created);
    buf_put(b, "</td><td>");
    epoch_time(b, list[i].seen);
    html_printf(b, "</td><td>%s</td><td>", list[i].current ? "この端末" : "");
    char id[24];
    snprintf(id, sizeof id, "%lld", list[i].id);
    buf_put(b, "<form method=\"post\" action=\"/staff/sessions\">");
    staff_csrf_field(c, b);
    html_printf(b,
                "<input type=\"hidden\" name=\"id\" value=\"%s\"><button type=\"submit\">"
                "%s</button></form></td></tr>\n",
                id, list[i].current ? "ログアウトする" : "終了する");
  }
  buf_put(b, "</tbody></table>\n");
  free(list);
  staff_end(c);
}

static void sessions_post(StaffCtx *c) {
  const char *id_text = req_field(c->r, "id");
  char *end = NULL, err[256];
  long long id = id_text ? strtoll(id_text, &end, 10) : 0;
  if (!id_text || *end || id <= 0) {
    staff_error(c, 400, "終了するログインが指定されていません");
    return;
  }
  /* ending this very session is signing out */
  SessionInfo *list = NULL;
  int n = 0, current = 0;
  if (session_list(c->store, req_cookie(c->r, "sid"), c->now, &list, &n, err, sizeof err) == 0)
    for (int i = 0; i < n; i++)
      current |= list[i].id == id && list[i].current;
  free(list);
  int rc = session_end(c->store, req_cookie(c->r, "sid"), id, err, sizeof err);
  if (rc < 0) {
    staff_error(c, 500, "ログインを終了できませんでした");
    fprintf(stderr, "shinchoku: sessions: %s\n", err);
  } else if (rc == 1) {
    sessions_page(c, 404, "そのログインはもうありません（終了済みか、ほかのアカウントのものです）");
  } else {
    staff_redirect(c, current ? "/staff/login" : "/staff/sessions?done=ended");
  }
}

void staff_page_sessions(StaffCtx *c) {
  if (c->r->nparts != 2) {
    staff_error(c, 404, "このページは見つかりません");
    return;
  }
  if (strcmp(c->r->method, "POST") == 0)
    sessions_post(c);
  else
    sessions_page(c, 200, NULL);
}
