/* SPDX-License-Identifier: Apache-2.0 */
/*
** staff.c — the door to the staff pages: routing under /staff, the session from the `sid`
** cookie, sign-in and sign-out, the CSRF check every POST passes before any page sees it, and
** what all staff pages share (skeleton, role checks, redirects). The pages themselves are in
** pages_entry.c, pages_review.c, pages_admin.c and pages_history.c.
*/
#include "staff.h"
#include "pool.h"
#include "../model/text.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- helpers every staff page uses ----------------------------------------------------- */

unsigned staff_roles_mask(const int *roles) {
  unsigned m = 0;
  for (; *roles >= 0; roles++)
    m |= 1u << *roles;
  return m;
}

void staff_error(StaffCtx *c, int status, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  Resp *out = c->out;
  buf_free(&out->body);
  out->status = status;
  out->type = "text/html; charset=utf-8";
  out->private_page = 1;
  char title[64];
  snprintf(title, sizeof title, "エラー %d", status);
  staff_begin(c, title, NULL, 0);
  html_printf(&out->body, "<h1>%s</h1>\n<p class=\"error\" role=\"alert\">%s</p>\n", title, msg);
  buf_put(&out->body, "<p><a href=\"/staff/\">スタッフのページへ戻る</a></p>\n");
  staff_end(c);
}

int staff_deny_unless(StaffCtx *c, unsigned roles) {
  const User *u = staff_user(c);
  if (u && (roles & (1u << u->role))) return 0;
  staff_error(c, 403, "この操作を行う権限がありません（%s）",
              u ? role_words[u->role] : "ログインしていません");
  return 1;
}

int staff_may_enter(const User *u, const Plan *p, const char *dept) {
  return u && (u->role == ROLE_ADMIN || u->role == ROLE_EDITOR) &&
         user_has_department(u, p->municipality_code, dept);
}

int staff_may_read(const User *u, const Plan *p, const char *dept) {
  if (!u || !user_in_municipality(u, p->municipality_code)) return 0;
  return u->role == ROLE_ADMIN || u->role == ROLE_REVIEWER ||
         (u->role == ROLE_EDITOR && dept && user_has_department(u, p->municipality_code, dept));
}

int staff_sees_plan(const StaffCtx *c, const Plan *p) {
  const User *u = staff_user(c);
  return u && user_in_municipality(u, p->municipality_code);
}

int staff_forbidden(StaffCtx *c, int rc) {
  if (rc != STAFF_FORBIDDEN) return 0;
  staff_error(c, 403, "この団体の計画・アカウントを扱う権限がありません");
  return 1;
}

void staff_csrf_field(StaffCtx *c, Buf *b) {
  html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", c->se.csrf);
}

void staff_year_button(StaffCtx *c, Buf *b, const char *path, const char *plan, int year,
                       const char *action, const char *what, const char *label) {
  char fy[64];
  html_printf(b, "<form method=\"post\" action=\"%r\">", path);
  staff_csrf_field(c, b);
  html_printf(b,
              "<input type=\"hidden\" name=\"plan\" value=\"%s\">"
              "<input type=\"hidden\" name=\"year\" value=\"%d\">"
              "<input type=\"hidden\" name=\"action\" value=\"%r\">"
              "<button type=\"submit\" aria-label=\"%s %s %s\">%r</button></form>",
              plan, year, action, plan, fy_both(year, fy), what, label);
}

void staff_form_begin(StaffCtx *c, const char *cls, const char *what, const char *plan, int year,
                      const char *dept) {
  Buf *b = &c->out->body;
  html_printf(b, "<form class=\"%s\" method=\"post\" action=\"/staff/%s/%u\">", cls, what, plan);
  staff_csrf_field(c, b);
  if (year) html_printf(b, "<input type=\"hidden\" name=\"year\" value=\"%d\">", year);
  if (dept) html_printf(b, "<input type=\"hidden\" name=\"dept\" value=\"%s\">", dept);
}

void staff_redirect(StaffCtx *c, const char *url) {
  c->out->status = 303;
  c->out->private_page = 1;
  c->out->type = "text/plain; charset=utf-8";
  snprintf(c->out->location, sizeof c->out->location, "%s", url);
  buf_put(&c->out->body, "See Other\n");
}

int staff_year(StaffCtx *c, const SitePlan *sp, const char *text, int *year) {
  const Plan *p = sp->plan;
  if (text && fy_parse(text, plan_era_base(p), year) == 0 && *year >= p->first_year &&
      *year <= p->last_year)
    return 0;
  staff_error(c, 400, "年度を指定してください（%d〜%d年度）", p->first_year, p->last_year);
  return -1;
}

const SitePlan *staff_plan(StaffCtx *c, int i) {
  const SitePlan *sp = i < c->r->nparts ? site_plan(c->site, c->r->parts[i]) : NULL;
  if (!sp) {
    staff_error(c, 404, "この計画はありません");
  } else if (!staff_sees_plan(c, sp->plan)) {
    staff_forbidden(c, STAFF_FORBIDDEN);
    sp = NULL;
  }
  return sp;
}

void staff_time(Buf *b, const char *iso) {
  if (!iso || strlen(iso) < 16) {
    html_printf(b, "%s", iso ? iso : "");
    return;
  }
  char day[11], clock[6];
  snprintf(day, sizeof day, "%.10s", iso);
  snprintf(clock, sizeof clock, "%.5s", iso + 11);
  html_printf(b, "<time datetime=\"%s\">%s %s UTC</time>", iso, day, clock);
}

/* A menu link for the staff bar. */
static void menu_link(Buf *b, const char *href, const char *label) {
  html_printf(b, "<li><a href=\"%r\">%s</a></li>", href, label);
}

void staff_begin(StaffCtx *c, const char *title, const Crumb *crumbs, int ncrumbs) {
  Buf *b = &c->out->body;
  c->out->type = "text/html; charset=utf-8";
  c->out->private_page = 1;
  html_begin(b, title, crumbs, ncrumbs);
  const User *u = staff_user(c);
  if (!u) return;
  buf_put(b, "<nav class=\"staff\" aria-label=\"スタッフメニュー\"><ul>");
  menu_link(b, "/staff/", "スタッフのトップ");
  menu_link(b, "/staff/preview/", "公開サイトのプレビュー（下書きを含む）");
  if (u->role == ROLE_ADMIN) {
    menu_link(b, "/staff/periods", "受付期間");
    menu_link(b, "/staff/publish", "公開");
    menu_link(b, "/staff/users", "アカウント");
  }
  Buf mine = {0};
  html_printf(&mine, "/staff/history/user/%u", u->login);
  menu_link(b, mine.s, "自分の操作履歴");
  menu_link(b, "/staff/password", "パスワードの変更");
  menu_link(b, "/staff/sessions", "ログイン中の端末");
  buf_free(&mine);
  buf_put(b, "</ul>");
  html_printf(b,
              "<form class=\"signout\" method=\"post\" action=\"/staff/logout\">"
              "<span>%s（%s）</span> ",
              u->name ? u->name : u->login, role_words[u->role]);
  staff_csrf_field(c, b);
  buf_put(b, "<button type=\"submit\">ログアウト</button></form></nav>\n");
}

void staff_end(StaffCtx *c) {
  html_end(&c->out->body);
}

/* ---- cookies --------------------------------------------------------------------------- */

static void set_cookie(StaffCtx *c, int slot, const char *name, const char *value, const char *path,
                       int max_age) {
  char age[32] = "";
  if (max_age >= 0) snprintf(age, sizeof age, "; Max-Age=%d", max_age);
  snprintf(c->out->cookies[slot], sizeof c->out->cookies[slot],
           "%s=%s; Path=%s; HttpOnly; SameSite=Strict%s%s", name, value, path,
           c->r->conf && c->r->conf->secure_cookies ? "; Secure" : "", age);
}

/* Constant-time comparison of two tokens. */
static int token_equal(const char *a, const char *b) {
  if (!a || !b) return 0;
  size_t n = strlen(a);
  if (n != strlen(b) || n == 0) return 0;
  unsigned char diff = 0;
  for (size_t i = 0; i < n; i++)
    diff |= (unsigned char)(a[i] ^ b[i]);
  return diff == 0;
}

/* ---- sign-in and sign-out -------------------------------------------------------------- */

/* A `next` the sign-in may go on to: a staff page of this site, nothing else. */
static int safe_next(const char *next) {
  if (!next || strncmp(next, "/staff/", 7) != 0) return 0;
  for (const char *p = next; *p; p++)
    if (*p == '\\' || (unsigned char)*p < 0x20 || (p[0] == '/' && p[1] == '/')) return 0;
  return strlen(next) < 400;
}

static void login_form(StaffCtx *c, int status, const char *message, const char *login,
                       const char *next) {
  char pre[TOKEN_HEX + 1];
  const char *have = req_cookie(c->r, "pre");
  if (pretoken_valid(have)) {
    snprintf(pre, sizeof pre, "%s", have);
  } else if (pretoken_new(pre)) {
    staff_error(c, 500, "乱数を取得できません");
    return;
  }
  set_cookie(c, 1, "pre", pre, "/staff/login", -1);
  c->out->status = status;
  Crumb crumbs[] = {{"トップ", "/"}, {"ログイン", NULL}};
  staff_begin(c, "ログイン", crumbs, 2);
  Buf *b = &c->out->body;
  buf_put(b, "<h1>スタッフのログイン</h1>\n<p>所管課の入力、事務局の確認・承認、委員の閲覧は"
             "ログインしてから行います。</p>\n");
  if (message)
    html_printf(b, "<p class=\"error\" role=\"alert\" id=\"login-error\">%s</p>\n", message);
  html_printf(b,
              "<form class=\"login\" method=\"post\" action=\"/staff/login\">"
              "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
              pre);
  if (safe_next(next)) html_printf(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">", next);
  html_printf(b,
              "<p><label for=\"login\">ログイン名</label> <input id=\"login\" name=\"login\" "
              "autocomplete=\"username\" required value=\"%s\"%r></p>"
              "<p><label for=\"password\">パスワード</label> <input id=\"password\" "
              "name=\"password\" type=\"password\" autocomplete=\"current-password\" required%r>"
              "</p><p><button type=\"submit\">ログイン</button></p></form>\n",
              login ? login : "", message ? " aria-describedby=\"login-error\"" : "",
              message ? " aria-describedby=\"login-error\"" : "");
  staff_end(c);
}

/* The login as the audit trail may show it. */
static const char *login_for_audit(const char *login) {
  for (const char *p = login; *p; p++)
    if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-", *p))
      return "(unknown)";
  return strlen(login) <= 64 ? login : "(unknown)";
}

/* One audit row for a (login, address) pair that the failure just locked: the failed
   sign-ins go to the trail aggregated, one row per lock, and only so many rows in ten minutes. */
static void audit_lock(StaffCtx *c, const char *login, const char *addr, const ThrottleResult *t) {
  int dropped = 0;
  if (!throttle_audit_allowed(c->now, &dropped)) return;
  const Actor who = {login_for_audit(login), "web"};
  char count[16], why[160], err[256];
  snprintf(count, sizeof count, "%d", t->failures);
  snprintf(why, sizeof why, "%d failed sign-ins from %s; locked for %d s", t->failures, addr,
           t->lock_seconds);
  if (dropped)
    snprintf(why + strlen(why), sizeof why - strlen(why), " (%d earlier lock rows left out)",
             dropped);
  if (audit_append(c->store, &who, "signin.lock", NULL, who.login, 0, "failures", NULL, count, why,
                   err, sizeof err))
    fprintf(stderr, "shinchoku: sign-in: %s\n", err);
}

static void login_post(StaffCtx *c) {
  const Req *r = c->r;
  const char *login = req_field(r, "login"), *password = req_field(r, "password");
  const char *next = req_field(r, "next");
  const char *pre = req_cookie(r, "pre");
  if (!pretoken_valid(pre) || !token_equal(req_field(r, "csrf"), pre)) {
    staff_error(c, 403, "フォームの有効期限が切れました。ログインの画面を開き直してください");
    return;
  }
  if (!login || !password || !*login) {
    login_form(c, 401, "ログイン名とパスワードを入力してください", login, next);
    return;
  }
  /* Failures are counted per login and client address, whether the login exists or not:
     another address is never locked out, and an unknown login answers as a known one. */
  const char *addr = r->client ? r->client : "-";
  int wait = throttle_locked(login, addr, c->now);
  if (wait > 0) {
    c->out->retry_after = wait;
    login_form(c, 429,
               "ログインの失敗が続いたため、この端末からこのログイン名でのログインを一時的に止めて"
               "います。しばらくしてから、または事務局に連絡してください",
               login, next);
    return;
  }
  char err[256];
  int rc = user_check_password(c->store, login, password, err, sizeof err);
  if (rc < 0) {
    staff_error(c, 500, "ログインを確認できません");
    fprintf(stderr, "shinchoku: sign-in: %s\n", err);
    return;
  }
  if (rc == SIGNIN_BAD) {
    ThrottleResult t;
    throttle_fail(login, addr, c->now, &t);
    c->out->delay_ms = t.delay_ms; /* the server holds the answer; no thread sleeps on it */
    if (t.lock_seconds) audit_lock(c, login, addr, &t);
    login_form(c, 401, "ログイン名またはパスワードが違います", login, next);
    return;
  }
  if (rc == SIGNIN_DISABLED) {
    login_form(c, 429, "このアカウントは無効にされています。事務局に連絡してください", login, next);
    return;
  }
  throttle_clear(login, addr);
  c->now = (long long)time(NULL); /* the hash took a while: the session starts now */
  /* A new session, whatever the client sent: a session id fixed beforehand is worthless. */
  const char *old = req_cookie(r, "sid");
  if (old) session_delete(c->store, old, err, sizeof err);
  char token[TOKEN_HEX + 1], csrf[TOKEN_HEX + 1];
  if (session_create(c->store, login, c->now, token, csrf, err, sizeof err)) {
    staff_error(c, 500, "ログインを記録できません");
    fprintf(stderr, "shinchoku: sign-in: %s\n", err);
    return;
  }
  set_cookie(c, 0, "sid", token, "/staff", -1);
  set_cookie(c, 1, "pre", "", "/staff/login", 0);
  staff_redirect(c, safe_next(next) ? next : "/staff/");
}

void staff_page_login(StaffCtx *c) {
  if (strcmp(c->r->method, "POST") == 0)
    login_post(c);
  else if (c->signed_in)
    staff_redirect(c, "/staff/");
  else
    login_form(c, 200, NULL, NULL, req_arg(c->r, "next"));
}

void staff_page_logout(StaffCtx *c) {
  char err[256];
  session_delete(c->store, req_cookie(c->r, "sid"), err, sizeof err);
  set_cookie(c, 0, "sid", "", "/staff", 0);
  staff_redirect(c, "/");
}

/* ---- the start page ------------------------------------------------------------------- */

static void start_plan(StaffCtx *c, const SitePlan *sp, const Period *periods, int nperiods) {
  const User *u = staff_user(c);
  const Plan *p = sp->plan;
  Buf *b = &c->out->body;
  char fy[64];
  html_printf(b, "<section><h2>%s</h2>\n", p->name);
  int any = 0;
  for (int i = 0; i < nperiods; i++) {
    if (strcmp(periods[i].plan, p->id) != 0 || !periods[i].open) continue;
    int y = periods[i].year;
    if (!any) buf_put(b, "<ul>");
    any = 1;
    html_printf(b, "<li>%s: 入力受付中", fy_both(y, fy));
    staff_due_words(b, periods[i].due);
    if (u->role == ROLE_EDITOR) {
      for (int d = 0; d < u->ndepts; d++) {
        Buf url = {0};
        html_printf(&url, "/staff/entry/%u?year=%d&dept=%u", p->id, y, u->depts[d]);
        html_printf(b, " <a href=\"%r\">%s の入力</a>", url.s, u->depts[d]);
        buf_free(&url);
      }
    }
    buf_put(b, "</li>");
  }
  if (any) buf_put(b, "</ul>\n");
  if (!any) buf_put(b, "<p>入力を受け付けている年度はありません。</p>\n");
  if (u->role == ROLE_ADMIN || u->role == ROLE_REVIEWER) {
    buf_put(b, "<ul class=\"links\">");
    for (int y = p->first_year; y <= p->last_year; y++) {
      Buf url = {0}, miss = {0};
      html_printf(&url, "/staff/review/%u?year=%d", p->id, y);
      html_printf(&miss, "/staff/missing/%u?year=%d", p->id, y);
      html_printf(b,
                  "<li>%s: <a href=\"%r\">提出状況と確認</a>・<a href=\"%r\">未提出の課</a></li>",
                  fy_both(y, fy), url.s, miss.s);
      buf_free(&url);
      buf_free(&miss);
    }
    Buf pol = {0};
    html_printf(&pol, "/staff/policy/%u", p->id);
    html_printf(b, "<li><a href=\"%r\">評価方針</a></li>", pol.s);
    buf_free(&pol);
    buf_put(b, "</ul>\n");
  }
  buf_put(b, "</section>\n");
}

void staff_page_start(StaffCtx *c) {
  const User *u = staff_user(c);
  Crumb crumbs[] = {{"トップ", "/"}, {"スタッフ", NULL}};
  staff_begin(c, "スタッフのページ", crumbs, 2);
  Buf *b = &c->out->body;
  html_printf(b, "<h1>スタッフのページ</h1>\n<p>%s さん（%s）", u->name ? u->name : u->login,
              role_words[u->role]);
  for (int d = 0; d < u->ndepts; d++)
    html_printf(b, "%r%s", d ? "、" : "　担当: ", u->depts[d]);
  buf_put(b, "</p>\n");
  Period *periods = NULL;
  int nperiods = 0;
  char err[256];
  period_list(c->store, NULL, &periods, &nperiods, err, sizeof err);
  if (u->role == ROLE_ADMIN) staff_waiting(c, periods, nperiods);
  for (int i = 0; i < c->site->nplans; i++)
    if (staff_sees_plan(c, c->site->plans[i].plan))
      start_plan(c, &c->site->plans[i], periods, nperiods);
  periods_free(periods, nperiods);
  staff_end(c);
}

/* ---- routing ----------------------------------------------------------------------------- */

typedef struct StaffRoute {
  const char *name; /* parts[1]; "" for /staff/ */
  void (*page)(StaffCtx *c);
  int public;    /* reachable without signing in */
  int post, get; /* methods it answers */
} StaffRoute;

static const StaffRoute staff_routes[] = {
    {"", staff_page_start, 0, 0, 1},
    {"login", staff_page_login, 1, 1, 1},
    {"logout", staff_page_logout, 0, 1, 0},
    {"entry", staff_page_entry, 0, 1, 1},
    {"upload", staff_page_upload, 0, 1, 0},
    {"review", staff_page_review, 0, 1, 1},
    {"comment", staff_page_comment, 0, 1, 0},
    {"missing", staff_page_missing, 0, 0, 1},
    {"periods", staff_page_periods, 0, 1, 1},
    {"publish", staff_page_publish, 0, 1, 1},
    {"users", staff_page_users, 0, 1, 1},
    {"history", staff_page_history, 0, 0, 1},
    {"policy", staff_page_policy, 0, 1, 1},
    {"password", staff_page_password, 0, 1, 1},
    {"sessions", staff_page_sessions, 0, 1, 1},
    {"preview", staff_page_preview, 0, 0, 1},
    {NULL, NULL, 0, 0, 0},
};

/* Anonymous: a GET goes to the sign-in page and comes back; anything else is refused. */
static void demand_signin(StaffCtx *c, int is_post) {
  if (is_post) {
    staff_error(c, 401, "ログインしてください");
    return;
  }
  Buf url = {0};
  buf_put(&url, "/staff/login?next=");
  Buf next = {0};
  buf_put(&next, c->r->path);
  if (c->r->query && *c->r->query) buf_printf(&next, "?%s", c->r->query);
  url_esc(&url, next.s);
  staff_redirect(c, url.s);
  buf_free(&next);
  buf_free(&url);
}

static long long now_seconds(void) {
  return (long long)time(NULL);
}

static void dispatch(StaffCtx *c, const StaffRoute *rt) {
  const Req *r = c->r;
  int is_post = strcmp(r->method, "POST") == 0;
  if ((is_post && !rt->post) || (!is_post && !rt->get)) {
    staff_error(c, 405, "このページはその方法では使えません");
    return;
  }
  const char *sid = req_cookie(r, "sid");
  char err[256];
  int found = sid ? session_find(c->store, sid, c->now, &c->se, err, sizeof err) : 1;
  if (found < 0) { /* the store failed (locked, full): not a reason to sign in again */
    fprintf(stderr, "shinchoku: staff: %s\n", err);
    c->out->retry_after = 5;
    staff_error(c, 503,
                "ストアが一時的に使えません。しばらくしてからもう一度操作してください"
                "（入力した内容は保存されていません）");
    return;
  }
  if (found == 0) {
    c->signed_in = 1;
    c->actor.login = c->se.user.login;
    c->actor.via = "web";
  }
  if (!rt->public && !c->signed_in) {
    demand_signin(c, is_post);
    return;
  }
  /* Every POST but the sign-in itself carries the session's CSRF token. */
  if (is_post && !rt->public && !token_equal(req_field(r, "csrf"), c->se.csrf)) {
    staff_error(c, 403,
                "フォームの確認用の値が一致しません。ページを開き直してから操作してください");
    return;
  }
  rt->page(c);
}

void staff_route(const Site *s, const Req *r, Resp *out) {
  const char *name = r->nparts > 1 ? r->parts[1] : "";
  const StaffRoute *rt = staff_routes;
  while (rt->name && strcmp(rt->name, name) != 0)
    rt++;
  StaffCtx c = {.site = s, .r = r, .out = out, .now = now_seconds()};
  out->private_page = 1;
  if (!rt->name || (rt->name[0] == 0 && r->nparts > 1)) {
    staff_error(&c, 404, "このページは見つかりません");
    return;
  }
  char err[512];
  c.store = !r->conf        ? NULL
            : r->conf->pool ? pool_take(r->conf->pool, err, sizeof err)
                            : store_open(r->conf->db, err, sizeof err);
  if (!c.store) {
    staff_error(&c, 503, "ストアを開けません。管理者に連絡してください");
    fprintf(stderr, "shinchoku: staff: %s\n", err);
  } else {
    dispatch(&c, rt);
  }
  if (c.signed_in) session_free(&c.se);
  if (c.store && r->conf->pool)
    pool_give(r->conf->pool, c.store);
  else if (c.store)
    store_close(c.store);
}
