/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_admin.c — the secretariat's own pages: reporting periods (/staff/periods: open and
** close entry for a plan's fiscal year, set its due date), what waits for the secretariat
** (the start page's list across plans: submitted, returned, late departments) and accounts
** (/staff/users: add, reset a password, disable, enable). Both are for admins only, on GET as on
*POST. Every change goes through
** the store's functions, which audit it; a refused form is shown again with the message next
** to the field and nothing stored. A password typed is never written back into a page.
*/
#include "../model/duedate.h"
#include "../model/text.h"
#include "staff.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reporting periods ------------------------------------------------------------------ */

/* The stored period of (plan, year), NULL when it was never opened. */
static const Period *find_period(const Period *list, int n, const char *plan, int year) {
  for (int i = 0; i < n; i++)
    if (list[i].year == year && strcmp(list[i].plan, plan) == 0) return &list[i];
  return NULL;
}

/* One button that opens or closes (plan, year). */
static void period_button(StaffCtx *c, Buf *b, const char *plan, int year, int open) {
  staff_year_button(c, b, "/staff/periods", plan, year, open ? "open" : "close",
                    open ? "入力の受付を開始" : "入力を締め切る", open ? "受付を開始" : "締め切る");
}

/* The due date form of (plan, year): a date field (empty clears it) and a button. */
static void due_form(StaffCtx *c, Buf *b, const char *plan, int year, const Period *pe) {
  char fy[64];
  buf_put(b, "<form method=\"post\" action=\"/staff/periods\">");
  staff_csrf_field(c, b);
  html_printf(b,
              "<input type=\"hidden\" name=\"plan\" value=\"%s\">"
              "<input type=\"hidden\" name=\"year\" value=\"%d\">"
              "<input type=\"hidden\" name=\"action\" value=\"due\">"
              "<input type=\"date\" name=\"due\" value=\"%s\" aria-label=\"%s %s の提出期限\"> "
              "<button type=\"submit\" aria-label=\"%s %s の提出期限を設定\">期限を設定</button>"
              "</form>",
              plan, year, pe && pe->due ? pe->due : "", plan, fy_both(year, fy), plan,
              fy_both(year, fy));
}

static void periods_table(StaffCtx *c, const SitePlan *sp, const Period *list, int n) {
  const Plan *p = sp->plan;
  Buf *b = &c->out->body;
  char fy[64];
  html_printf(b,
              "<table><caption>%s（%s）</caption><thead><tr><th scope=\"col\">年度</th>"
              "<th scope=\"col\">状態</th><th scope=\"col\">提出期限</th>"
              "<th scope=\"col\">最終変更</th>"
              "<th scope=\"col\">変更した人</th><th scope=\"col\">操作</th></tr></thead><tbody>\n",
              p->name ? p->name : p->id, p->id);
  for (int y = p->first_year; y <= p->last_year; y++) {
    const Period *pe = find_period(list, n, p->id, y);
    html_printf(b, "<tr><th scope=\"row\">%s</th><td>%r</td><td>", fy_both(y, fy),
                !pe        ? "未開始"
                : pe->open ? "<strong>受付中</strong>"
                           : "締切");
    due_form(c, b, p->id, y, pe);
    buf_put(b, "</td><td>");
    if (pe) staff_time(b, pe->changed_at);
    html_printf(b, "</td><td>%s</td><td>", pe ? pe->changed_by : "");
    period_button(c, b, p->id, y, !(pe && pe->open));
    buf_put(b, "</td></tr>\n");
  }
  buf_put(b, "</tbody></table>\n");
}

static void periods_get(StaffCtx *c) {
  Period *list = NULL;
  int n = 0;
  char err[256];
  if (period_list(c->store, NULL, &list, &n, err, sizeof err)) {
    staff_error(c, 500, "受付期間を読めません");
    fprintf(stderr, "shinchoku: periods: %s\n", err);
    return;
  }
  Crumb crumbs[] = {{"トップ", "/"}, {"スタッフ", "/staff/"}, {"受付期間", NULL}};
  staff_begin(c, "受付期間", crumbs, 3);
  Buf *b = &c->out->body;
  buf_put(b, "<h1>受付期間</h1>\n<p>計画ごと・年度ごとに、所管課からの入力を受け付けるかどうかを"
             "切り替えます。締め切った年度は所管課が変更できなくなります（事務局は引き続き入力"
             "できます）。</p>\n");
  if (c->site->nplans == 0) buf_put(b, "<p>計画がまだ登録されていません。</p>\n");
  for (int i = 0; i < c->site->nplans; i++)
    if (staff_sees_plan(c, c->site->plans[i].plan)) periods_table(c, &c->site->plans[i], list, n);
  staff_end(c);
  periods_free(list, n);
}

/* action=due: set the due date typed (2025-05-31, R7.5.31), or clear it when empty. */
static void periods_due_post(StaffCtx *c, const SitePlan *sp, int year) {
  const char *typed = req_field(c->r, "due");
  char iso[16] = "", err[256];
  if (typed && !text_is_blank(typed) && date_parse(typed, iso) != 0) {
    staff_error(c, 422, "提出期限が日付として読めません（例: 2025-05-31、R7.5.31）");
    return;
  }
  int rc =
      period_set_due(c->store, sp->plan->id, year, *iso ? iso : NULL, &c->actor, err, sizeof err);
  if (staff_forbidden(c, rc)) return;
  if (rc) {
    staff_error(c, 500, "提出期限を変更できません");
    fprintf(stderr, "shinchoku: periods: %s\n", err);
    return;
  }
  staff_redirect(c, "/staff/periods");
}

static void periods_post(StaffCtx *c) {
  const char *plan = req_field(c->r, "plan"), *action = req_field(c->r, "action");
  const SitePlan *sp = plan ? site_plan(c->site, plan) : NULL;
  if (!sp) {
    staff_error(c, 404, "この計画はありません");
    return;
  }
  if (staff_forbidden(c, staff_sees_plan(c, sp->plan) ? 0 : STAFF_FORBIDDEN)) return;
  int year;
  if (staff_year(c, sp, req_field(c->r, "year"), &year)) return;
  if (action && strcmp(action, "due") == 0) {
    periods_due_post(c, sp, year);
    return;
  }
  int open = action && strcmp(action, "open") == 0;
  if (!open && !(action && strcmp(action, "close") == 0)) {
    staff_error(c, 400, "操作（開始または締切）を指定してください");
    return;
  }
  char err[256];
  int rc = period_set(c->store, sp->plan->id, year, open, &c->actor, err, sizeof err);
  if (staff_forbidden(c, rc)) return;
  if (rc) {
    staff_error(c, 500, "受付期間を変更できません");
    fprintf(stderr, "shinchoku: periods: %s\n", err);
    return;
  }
  staff_redirect(c, "/staff/periods");
}

void staff_page_periods(StaffCtx *c) {
  if (staff_deny_unless(c, ROLES(ROLE_ADMIN))) return;
  if (strcmp(c->r->method, "POST") == 0)
    periods_post(c);
  else
    periods_get(c);
}

/* ---- what waits for the secretariat ------------------------------------------------------ */

/* One department's entries of a year, by state. */
static void count_states(const Entry *list, int n, const char *dept, int counts[ST__COUNT]) {
  memset(counts, 0, sizeof(int) * ST__COUNT);
  for (int i = 0; i < n; i++)
    if (strcmp(list[i].department, dept) == 0) counts[list[i].state]++;
}

/* What the secretariat has to do about dept, or NULL: review what it submitted, wait for
   what was returned, chase it when the due date has passed without its submission. */
static const char *waiting_word(const int counts[ST__COUNT], int open, long days_left,
                                int has_due) {
  if (counts[ST_SUBMITTED]) return "提出済み（確認待ち）";
  if (counts[ST_RETURNED]) return "差戻し中";
  int submitted = counts[ST_APPROVED] > 0 && counts[ST_DRAFT] == 0;
  if (open && has_due && days_left < 0 && !submitted) return "期限超過（未提出）";
  return NULL;
}

static void waiting_rows(StaffCtx *c, Buf *b, const SitePlan *sp, const Period *pe, int *count) {
  Entry *list = NULL;
  int n = 0;
  char err[256], fy[64], today[16], left[64], when[32];
  int rc = entry_list(c->store, &c->actor, pe->plan, pe->year, NULL, &list, &n, err, sizeof err);
  if (rc) { /* another municipality's plan (STAFF_FORBIDDEN) is simply not this admin's */
    if (rc != STAFF_FORBIDDEN) fprintf(stderr, "shinchoku: start: %s\n", err);
    return;
  }
  long days = 0;
  int has_due = pe->due && days_between(today_jst(today), pe->due, &days) == 0;
  for (int d = 0; d < sp->ndepts; d++) {
    int counts[ST__COUNT];
    count_states(list, n, sp->depts[d], counts);
    EntryRow *rows = NULL;
    int nrows = entry_rows(sp->plan, sp->ev, sp->depts[d], pe->year, &rows);
    free(rows);
    const char *word = nrows ? waiting_word(counts, pe->open, days, has_due) : NULL;
    if (!word) continue;
    Buf url = {0};
    html_printf(&url, "/staff/review/%u/dept?name=%u&year=%d", pe->plan, sp->depts[d], pe->year);
    html_printf(b,
                "<tr><td>%s</td><td>%s</td><th scope=\"row\"><a href=\"%r\">%s</a></th>"
                "<td>%s</td><td>",
                sp->plan->name, fy_both(pe->year, fy), url.s, sp->depts[d], word);
    if (has_due)
      html_printf(b, "%s（%s）", due_words(pe->due, when, sizeof when),
                  days_left_words(days, left, sizeof left));
    buf_put(b, "</td></tr>\n");
    buf_free(&url);
    (*count)++;
  }
  entries_free(list, n);
}

void staff_due_words(Buf *b, const char *due) {
  char today[16], when[32], left[64];
  long days;
  if (!due || days_between(today_jst(today), due, &days)) return;
  html_printf(b, "（提出期限 %s・%s）", due_words(due, when, sizeof when),
              days_left_words(days, left, sizeof left));
}

void staff_waiting(StaffCtx *c, const Period *periods, int nperiods) {
  Buf rows = {0};
  int count = 0;
  for (int i = 0; i < nperiods; i++) {
    const SitePlan *sp = site_plan(c->site, periods[i].plan);
    if (sp) waiting_rows(c, &rows, sp, &periods[i], &count);
  }
  Buf *b = &c->out->body;
  buf_put(b, "<section id=\"waiting\"><h2>事務局の確認待ち</h2>\n");
  if (count)
    html_printf(b,
                "<div class=\"wide\"><table><caption>確認・督促が必要な所管課（%d件）</caption>"
                "<thead><tr><th scope=\"col\">計画</th><th scope=\"col\">年度</th>"
                "<th scope=\"col\">所管課</th><th scope=\"col\">状況</th>"
                "<th scope=\"col\">提出期限</th></tr></thead><tbody>\n%r</tbody></table></div>\n",
                count, rows.s);
  else
    buf_put(b, "<p>確認を待っている提出や、期限を過ぎた所管課はありません。</p>\n");
  buf_put(b, "</section>\n");
  buf_free(&rows);
}

/* ---- accounts --------------------------------------------------------------------------- */

/* A refused form coming back: which one, a message per field, and what was typed (never the
   password). All NULL for a plain GET. */
typedef struct UsersForm {
  const char *action; /* "add" or "passwd" */
  const char *target; /* passwd: the login of the row whose form it was */
  const char *login, *name, *role, *depts;
  const char *msg_login, *msg_role, *msg_depts, *msg_password;
  const char *municipality, *msg_municipality;
} UsersForm;

/* The message element after a field, and the attributes that tie the field to it. */
static void field_message(Buf *b, const char *id, const char *msg) {
  if (msg) html_printf(b, " <span class=\"field-error\" id=\"%s-error\">%s</span>", id, msg);
}
static void field_attrs(Buf *b, const char *id, const char *msg) {
  if (msg) html_printf(b, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", id);
}

/* An account's state as the secretariat speaks of it. */
static const char *user_state(const User *u, long long now) {
  return u->disabled ? "無効" : u->locked_until > now ? "ロック中" : "有効";
}

/* A one-button form acting on one account. */
static void user_button(StaffCtx *c, Buf *b, const char *login, const char *action,
                        const char *label) {
  buf_put(b, "<form method=\"post\" action=\"/staff/users\">");
  staff_csrf_field(c, b);
  html_printf(b,
              "<input type=\"hidden\" name=\"action\" value=\"%s\">"
              "<input type=\"hidden\" name=\"login\" value=\"%s\">"
              "<button type=\"submit\" aria-label=\"%s: %s\">%s</button></form>",
              action, login, login, label, label);
}

/* The password reset form of row i. */
static void passwd_form(StaffCtx *c, Buf *b, const User *u, int i, const UsersForm *f) {
  const char *msg =
      f->action && strcmp(f->action, "passwd") == 0 && f->target && strcmp(f->target, u->login) == 0
          ? f->msg_password
          : NULL;
  char id[32];
  snprintf(id, sizeof id, "pw-%d", i);
  buf_put(b, "<form method=\"post\" action=\"/staff/users\">");
  staff_csrf_field(c, b);
  html_printf(b,
              "<input type=\"hidden\" name=\"action\" value=\"passwd\">"
              "<input type=\"hidden\" name=\"login\" value=\"%s\">"
              "<label for=\"%s\">新しいパスワード（%s）</label> "
              "<input id=\"%s\" name=\"password\" type=\"password\" autocomplete=\"new-password\" "
              "required",
              u->login, id, u->login, id);
  field_attrs(b, id, msg);
  buf_put(b, "> <button type=\"submit\">パスワードを再設定</button>");
  field_message(b, id, msg);
  buf_put(b, "</form>");
}

static void user_row(StaffCtx *c, Buf *b, const User *u, int i, const UsersForm *f) {
  html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>", u->login,
              u->name ? u->name : "", role_words[u->role]);
  for (int d = 0; d < u->ndepts; d++)
    html_printf(b, "%r%s", d ? "、" : "", u->depts[d]);
  html_printf(b, "</td><td>%s</td><td>", user_state(u, c->now));
  if (u->disabled) {
    user_button(c, b, u->login, "enable", "有効にする");
  } else {
    user_button(c, b, u->login, "disable", "無効にする");
    if (u->locked_until > c->now) user_button(c, b, u->login, "enable", "ロックを解除");
  }
  passwd_form(c, b, u, i, f);
  buf_put(b, "</td></tr>\n");
}

/* Every department any plan names, sorted and unique, for the hint under the add form. */
static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}
static int all_departments(const Site *s, const char ***out) {
  int n = 0;
  for (int i = 0; i < s->nplans; i++)
    n += s->plans[i].ndepts;
  const char **all = xmalloc(sizeof *all * (size_t)(n ? n : 1));
  n = 0;
  for (int i = 0; i < s->nplans; i++)
    for (int d = 0; d < s->plans[i].ndepts; d++)
      all[n++] = s->plans[i].depts[d];
  qsort(all, (size_t)n, sizeof *all, cmp_str);
  int u = 0;
  for (int i = 0; i < n; i++)
    if (u == 0 || strcmp(all[u - 1], all[i]) != 0) all[u++] = all[i];
  *out = all;
  return u;
}

/* For an installation admin: the municipality of the account to add (none: an admin of the
   installation). */
static void municipality_select(StaffCtx *c, Buf *b, const UsersForm *f, int mine) {
  Municipality *list = NULL;
  int n = 0;
  char err[256];
  if (municipality_list(c->store, &list, &n, err, sizeof err)) n = 0;
  const char *mm = mine ? f->msg_municipality : NULL, *sel = mine ? f->municipality : NULL;
  buf_put(b, "</p>\n<p><label for=\"new-municipality\">団体</label> <select "
             "id=\"new-municipality\" name=\"municipality\"");
  field_attrs(b, "new-municipality", mm);
  buf_put(b, "><option value=\"\">なし（インストール全体の事務局）</option>");
  for (int i = 0; i < n; i++)
    html_printf(b, "<option value=\"%s\"%r>%s（%s）</option>", list[i].code,
                sel && strcmp(sel, list[i].code) == 0 ? " selected" : "", list[i].name,
                list[i].code);
  buf_put(b, "</select>");
  field_message(b, "new-municipality", mm);
  municipalities_free(list, n);
}

static void add_form(StaffCtx *c, Buf *b, const UsersForm *f) {
  int mine = f->action && strcmp(f->action, "add") == 0;
  const char *ml = mine ? f->msg_login : NULL, *mr = mine ? f->msg_role : NULL;
  const char *md = mine ? f->msg_depts : NULL, *mp = mine ? f->msg_password : NULL;
  buf_put(b,
          "<h2 id=\"add\">アカウントの追加</h2>\n<form method=\"post\" action=\"/staff/users\">");
  staff_csrf_field(c, b);
  buf_put(b, "<input type=\"hidden\" name=\"action\" value=\"add\">\n");
  html_printf(b,
              "<p><label for=\"new-login\">ログイン名</label> <input id=\"new-login\" "
              "name=\"login\" autocomplete=\"off\" required maxlength=\"64\" value=\"%s\"",
              mine && f->login ? f->login : "");
  field_attrs(b, "new-login", ml);
  buf_put(b, "> <small>半角英数字と . _ @ - の64文字まで</small>");
  field_message(b, "new-login", ml);
  html_printf(b,
              "</p>\n<p><label for=\"new-name\">氏名・表示名</label> <input id=\"new-name\" "
              "name=\"name\" autocomplete=\"off\" value=\"%s\"></p>\n"
              "<p><label for=\"new-role\">役割</label> <select id=\"new-role\" name=\"role\"",
              mine && f->name ? f->name : "");
  field_attrs(b, "new-role", mr);
  /* No role preselected: an account must not become an admin by default. */
  buf_put(b, " required><option value=\"\">選んでください</option>");
  for (int r = ROLE_ADMIN; r < ROLE__COUNT; r++)
    html_printf(b, "<option value=\"%s\"%r>%s（%s）</option>", role_names[r],
                mine && f->role && strcmp(f->role, role_names[r]) == 0 ? " selected" : "",
                role_words[r], role_names[r]);
  buf_put(b, "</select>");
  field_message(b, "new-role", mr);
  if (!c->se.user.municipality) municipality_select(c, b, f, mine);
  html_printf(b,
              "</p>\n<p><label for=\"new-depts\">担当課（所管課のみ。1行に1課）</label><br>"
              "<textarea id=\"new-depts\" name=\"department\" rows=\"4\" cols=\"40\" "
              "aria-describedby=\"dept-hint%r\"%r>%s</textarea>",
              md ? " new-depts-error" : "", md ? " aria-invalid=\"true\"" : "",
              mine && f->depts ? f->depts : "");
  field_message(b, "new-depts", md);
  buf_put(b, "</p>\n");
  const char **depts;
  int n = all_departments(c->site, &depts);
  html_printf(b,
              "<details id=\"dept-hint\"><summary>計画に出てくる課（%d）</summary>"
              "<ul class=\"plain\">",
              n);
  for (int i = 0; i < n; i++)
    html_printf(b, "<li>%s</li>", depts[i]);
  buf_put(b, "</ul></details>\n");
  free(depts);
  buf_put(b, "<p><label for=\"new-password\">パスワード</label> <input id=\"new-password\" "
             "name=\"password\" type=\"password\" autocomplete=\"new-password\" required");
  field_attrs(b, "new-password", mp);
  buf_put(b, "> <small>12文字以上（ログイン名やよく使われるものは不可）</small>");
  field_message(b, "new-password", mp);
  buf_put(b, "</p>\n<p><button type=\"submit\">追加する</button></p></form>\n");
}

/* Whether the signed-in admin manages account u: an installation admin every account, an
   admin of a municipality its accounts. */
static int manages(const StaffCtx *c, const User *u) {
  const char *mine = c->se.user.municipality;
  return !mine || (u->municipality && strcmp(u->municipality, mine) == 0);
}

/* The municipality of an account the signed-in admin adds: the admin's own; for an
   installation admin the form's, or for an editor or reviewer without one the store's only
   municipality (NULL: none found, user_add refuses). */
static const char *new_account_municipality(StaffCtx *c, int role, char *code, size_t cap) {
  if (c->se.user.municipality) return c->se.user.municipality;
  const char *given = req_field(c->r, "municipality");
  if (given && *given) return given;
  if (role == ROLE_ADMIN) return NULL;
  Municipality *list = NULL;
  int n = 0;
  char err[256];
  if (municipality_list(c->store, &list, &n, err, sizeof err)) n = 0;
  if (n == 1) snprintf(code, cap, "%s", list[0].code);
  municipalities_free(list, n);
  return n == 1 ? code : NULL;
}

static void users_page(StaffCtx *c, int status, const UsersForm *f) {
  User *list = NULL;
  int n = 0;
  char err[256];
  if (user_list(c->store, &list, &n, err, sizeof err)) {
    staff_error(c, 500, "アカウントを読めません");
    fprintf(stderr, "shinchoku: users: %s\n", err);
    return;
  }
  c->out->status = status;
  Crumb crumbs[] = {{"トップ", "/"}, {"スタッフ", "/staff/"}, {"アカウント", NULL}};
  staff_begin(c, "アカウント", crumbs, 3);
  Buf *b = &c->out->body;
  buf_put(b, "<h1>アカウント</h1>\n");
  if (f->action)
    buf_put(b, "<p class=\"error\" role=\"alert\">入力に誤りがあります。項目の横の説明を見て"
               "直してください（何も保存していません）。</p>\n");
  buf_put(b, "<div class=\"scroll\"><table><caption>登録されているアカウント</caption><thead><tr>"
             "<th scope=\"col\">ログイン名</th><th scope=\"col\">氏名</th>"
             "<th scope=\"col\">役割</th><th scope=\"col\">担当課</th>"
             "<th scope=\"col\">状態</th><th scope=\"col\">操作</th></tr></thead><tbody>\n");
  for (int i = 0; i < n; i++)
    if (manages(c, &list[i])) user_row(c, b, &list[i], i, f);
  buf_put(b, "</tbody></table></div>\n");
  add_form(c, b, f);
  staff_end(c);
  users_free(list, n);
}

/* A login as user_add accepts it: 1–64 of [A-Za-z0-9._@-]. */
static int login_ok(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 64) return 0;
  return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-") == n;
}

/* The departments typed one per line: each trimmed of ASCII and ideographic (U+3000) space,
   blank lines and repeats dropped. Written here because list_each splits at '|', and a
   department name is kept as typed (not NFKC-normalised) so that it matches the plans. */
static char *trim_line(const char *s, size_t n) {
  for (;;) {
    if (n && strchr(" \t\r", s[0])) {
      s++, n--;
    } else if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) {
      s += 3, n -= 3;
    } else if (n && strchr(" \t\r", s[n - 1])) {
      n--;
    } else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0) {
      n -= 3;
    } else {
      break;
    }
  }
  return n ? xstrndup(s, n) : NULL;
}
static int split_departments(const char *text, char ***out) {
  char **list = NULL;
  int n = 0;
  for (const char *s = text ? text : ""; *s;) {
    size_t len = strcspn(s, "\n");
    char *d = trim_line(s, len);
    for (int i = 0; d && i < n; i++)
      if (strcmp(list[i], d) == 0) {
        free(d);
        d = NULL;
      }
    if (d) {
      list = xrealloc(list, sizeof *list * (size_t)(n + 1));
      list[n++] = d;
    }
    s += len + (s[len] == '\n');
  }
  *out = list;
  return n;
}

static void users_add(StaffCtx *c) {
  const Req *r = c->r;
  const char *login = req_field(r, "login"), *name = req_field(r, "name");
  const char *role = req_field(r, "role"), *dept_text = req_field(r, "department");
  const char *password = req_field(r, "password");
  UsersForm f = {.action = "add",
                 .login = login,
                 .name = name,
                 .role = role,
                 .depts = dept_text,
                 .municipality = req_field(r, "municipality")};
  int role_i = role ? enum_lookup(role_names, ROLE__COUNT, role) : -1;
  char **depts = NULL;
  int ndepts = split_departments(dept_text, &depts);
  if (!login || !login_ok(login))
    f.msg_login = "ログイン名は半角英数字と . _ @ - で、1〜64文字にしてください";
  if (role_i <= ROLE_NONE)
    f.msg_role = "役割を選んでください";
  else if (role_i == ROLE_EDITOR && ndepts == 0)
    f.msg_depts = "所管課のアカウントには担当課を1つ以上入力してください";
  else if (role_i != ROLE_EDITOR && ndepts > 0)
    f.msg_depts = "担当課は所管課のアカウントにだけ指定します（事務局・委員は全課を扱います）";
  f.msg_password = password_weakness(password ? password : "", login);
  int rc = 1; /* refused: the form again */
  char err[256];
  if (!f.msg_login && !f.msg_role && !f.msg_depts && !f.msg_password) {
    const char *nm = name && !text_is_blank(name) ? name : NULL;
    char code[MUNICIPALITY_CODE_LEN + 1];
    const char *m = new_account_municipality(c, role_i, code, sizeof code);
    if (!m && role_i != ROLE_ADMIN) {
      f.msg_municipality = "所管課・委員のアカウントには団体を選んでください";
    } else {
      rc = user_add(c->store, login, nm, role_i, (const char *const *)depts, ndepts, m, password,
                    &c->actor, err, sizeof err);
      if (rc == 1) f.msg_login = "このログイン名はすでに使われています";
      if (rc < 0 && m && !municipality_code_valid(m)) {
        f.msg_municipality = "団体を選び直してください";
        rc = 1;
      }
    }
  }
  for (int i = 0; i < ndepts; i++)
    free(depts[i]);
  free(depts);
  if (rc == 0) {
    staff_redirect(c, "/staff/users");
  } else if (staff_forbidden(c, rc)) {
  } else if (rc < 0) {
    staff_error(c, 500, "アカウントを追加できません");
    fprintf(stderr, "shinchoku: users: %s\n", err);
  } else {
    users_page(c, 422, &f);
  }
}

/* passwd, disable, enable: an existing account's login; 404 otherwise. */
static void users_change(StaffCtx *c, const char *action) {
  const char *login = req_field(c->r, "login");
  char err[256];
  User u = {0};
  int found = login ? user_get(c->store, login, &u, err, sizeof err) : 1;
  int mine = found == 0 && manages(c, &u);
  user_free(&u);
  if (found < 0) {
    staff_error(c, 500, "アカウントを読めません");
    fprintf(stderr, "shinchoku: users: %s\n", err);
    return;
  }
  if (found) {
    staff_error(c, 404, "このアカウントはありません");
    return;
  }
  if (staff_forbidden(c, mine ? 0 : STAFF_FORBIDDEN)) return;
  /* The secretariat must not lock itself out of the browser by a slip of the mouse. */
  if (strcmp(action, "disable") == 0 && strcmp(login, c->se.user.login) == 0) {
    staff_error(c, 409,
                "自分のアカウントは無効にできません（別の事務局のアカウントか、コマンド"
                "ラインの shinchoku user disable で行います）");
    return;
  }
  int rc;
  if (strcmp(action, "passwd") == 0) {
    const char *password = req_field(c->r, "password");
    UsersForm f = {.action = "passwd", .target = login};
    f.msg_password = password_weakness(password ? password : "", login);
    if (f.msg_password) {
      users_page(c, 422, &f);
      return;
    }
    rc = user_set_password(c->store, login, password, &c->actor, err, sizeof err);
  } else {
    rc = user_set_disabled(c->store, login, strcmp(action, "disable") == 0, &c->actor, err,
                           sizeof err);
  }
  if (rc == 1) {
    staff_error(c, 404, "このアカウントはありません");
  } else if (staff_forbidden(c, rc)) {
  } else if (rc) {
    staff_error(c, 500, "アカウントを変更できません");
    fprintf(stderr, "shinchoku: users: %s\n", err);
  } else {
    staff_redirect(c, "/staff/users");
  }
}

void staff_page_users(StaffCtx *c) {
  if (staff_deny_unless(c, ROLES(ROLE_ADMIN))) return;
  if (strcmp(c->r->method, "POST") != 0) {
    users_page(c, 200, &(UsersForm){0});
    return;
  }
  const char *action = req_field(c->r, "action");
  if (action && strcmp(action, "add") == 0)
    users_add(c);
  else if (action && (strcmp(action, "passwd") == 0 || strcmp(action, "disable") == 0 ||
                      strcmp(action, "enable") == 0))
    users_change(c, action);
  else
    staff_error(c, 400, "操作（add・passwd・disable・enable）を指定してください");
}
