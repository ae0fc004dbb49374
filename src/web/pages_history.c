/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_history.c — the audit trail as pages: /staff/history/PLAN/SUBJECT (every change to
** one indicator or node) and /staff/history/user/LOGIN (everything one person did), newest
** first. Admins and reviewers may read every history; an editor only the subjects of their
** own departments and their own actions; a reader of a municipality only its plans and
** accounts. The rows are shown as the store keeps them; the
** action, field and channel names are put into Japanese for the reader.
*/
#include "../model/text.h"
#include "staff.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many rows on a page (an import of a whole plan can write thousands). */
enum { HISTORY_LIMIT = 1000 };

typedef struct Words {
  const char *name, *words;
} Words;

/* The actions of docs/workflow.md. */
static const Words action_words[] = {
    {"entry.save", "保存"},
    {"entry.submit", "提出"},
    {"entry.approve", "承認"},
    {"entry.return", "差戻し"},
    {"import", "取込"},
    {"narrative", "本文"},
    {"comment", "コメント"},
    {"period.open", "受付開始"},
    {"period.close", "締切"},
    {"publish", "公開"},
    {"unpublish", "公開の取り下げ"},
    {"user.add", "アカウント追加"},
    {"user.passwd", "パスワード再設定"},
    {"user.disable", "アカウント無効化"},
    {"user.enable", "アカウント有効化"},
    {"signin.fail", "ログイン失敗"},
    {"signin.lock", "アカウントのロック"},
    {"save", "計画の保存"},
    {"policy", "評価方針の変更"},
    {NULL, NULL},
};

/* The channels of an Actor. */
static const Words via_words[] = {
    {"web", "ブラウザ"}, {"cli", "コマンド"}, {"import", "取込"}, {NULL, NULL}};

/* Field names the audit rows carry: the kinds of entries and values, and what account,
   period and import rows record. */
static const Words field_words[] = {
    {"actual", "実績"},       {"projection", "見込み"}, {"target", "目標"},     {"grade", "評価"},
    {"narrative", "本文"},    {"comment", "コメント"},  {"period", "受付期間"}, {"role", "役割"},
    {"failures", "失敗回数"}, {"digest", "SHA-256"},    {"policy", "評価方針"}, {NULL, NULL}};

/* The values of a period row. */
static const Words period_words[] = {{"open", "受付中"}, {"closed", "締切"}, {NULL, NULL}};

/* The Japanese for name, or name itself when the table does not know it. */
static const char *words(const Words *table, const char *name) {
  for (; name && table->name; table++)
    if (strcmp(table->name, name) == 0) return table->words;
  return name;
}

/* ---- the table -------------------------------------------------------------------------- */

/* What a history page is about: a subject of a plan, or a person. */
typedef struct HistoryOf {
  const SitePlan *sp; /* subject history */
  int node, ind;      /* ind -1 for a node */
  const char *login;  /* user history */
} HistoryOf;

/* The link to a subject's history when the site knows the plan and the subject; else the
   ids as text. */
static void subject_cell(StaffCtx *c, Buf *b, const AuditRow *row) {
  const SitePlan *sp = row->plan ? site_plan(c->site, row->plan) : NULL;
  const Plan *p = sp ? sp->plan : NULL;
  const char *name = NULL;
  if (p && row->subject) {
    int i = plan_indicator(p, row->subject), n = i < 0 ? plan_node(p, row->subject) : -1;
    name = i >= 0 ? p->inds[i].name : n >= 0 ? p->nodes[n].name : NULL;
  }
  if (name) {
    Buf url = {0};
    html_printf(&url, "/staff/history/%u/%u", p->id, row->subject);
    html_printf(b, "<a href=\"%r\">%s</a><br><small>%s / %s</small>", url.s, name, row->plan,
                row->subject);
    buf_free(&url);
  } else if (!row->plan && row->subject && row->action &&
             (strncmp(row->action, "user.", 5) == 0 || strncmp(row->action, "signin.", 7) == 0)) {
    html_printf(b, "アカウント %s", row->subject); /* the account acted on */
  } else {
    html_printf(b, "%s%r%s", row->plan ? row->plan : "", row->plan && row->subject ? " / " : "",
                row->subject ? row->subject : "");
  }
}

/* The person cell: a link to their history when the reader may open it. */
static void actor_cell(StaffCtx *c, Buf *b, const AuditRow *row) {
  const User *u = staff_user(c);
  const char *actor = row->actor ? row->actor : "";
  if (*actor && (u->role != ROLE_EDITOR || strcmp(u->login, actor) == 0)) {
    Buf url = {0};
    html_printf(&url, "/staff/history/user/%u", actor);
    html_printf(b, "<a href=\"%r\">%s</a>", url.s, actor);
    buf_free(&url);
  } else {
    html_printf(b, "%s", actor);
  }
  if (row->via) html_printf(b, "<br><small>%s</small>", words(via_words, row->via));
}

static void history_row(StaffCtx *c, Buf *b, const AuditRow *row, const HistoryOf *of) {
  char fy[64];
  buf_put(b, "<tr><td>");
  staff_time(b, row->at);
  html_printf(b, "</td><td>%s</td><td>", words(action_words, row->action));
  actor_cell(c, b, row);
  html_printf(b, "</td><td>%s</td><td>", row->year ? fy_both(row->year, fy) : "");
  if (of->login) subject_cell(c, b, row);
  if (row->field)
    html_printf(b, "%r%s", of->login && (row->plan || row->subject) ? "<br>" : "",
                words(field_words, row->field));
  const Words *values = row->field && strcmp(row->field, "period") == 0 ? period_words : NULL;
  const char *old_value = values ? words(values, row->old_value) : row->old_value;
  const char *new_value = values ? words(values, row->new_value) : row->new_value;
  html_printf(b, "</td><td class=\"value\">%s</td><td class=\"value\">%s</td><td>%s</td></tr>\n",
              old_value ? old_value : "", new_value ? new_value : "",
              row->reason ? row->reason : "");
}

/* The rows matching f, as the reader may read them (the store refuses another
   municipality's), as a table; 0, STAFF_FORBIDDEN or -1. */
static int history_table(StaffCtx *c, const AuditFilter *f, const HistoryOf *of,
                         const char *caption) {
  AuditRow *rows = NULL;
  int n = 0;
  char err[256];
  int rc = audit_list(c->store, &c->actor, f, &rows, &n, err, sizeof err);
  if (rc) {
    if (rc != STAFF_FORBIDDEN) fprintf(stderr, "shinchoku: history: %s\n", err);
    return rc;
  }
  Buf *b = &c->out->body;
  if (n == 0) {
    buf_put(b, "<p>記録された操作はまだありません。</p>\n");
  } else {
    if (n >= f->limit)
      html_printf(b,
                  "<p>新しいものから%d件を表示しています。すべての記録は <code>shinchoku "
                  "audit</code> で取り出せます。</p>\n",
                  f->limit);
    html_printf(b,
                "<div class=\"scroll\"><table class=\"history\"><caption>%s（新しい順、%d件）"
                "</caption><thead><tr><th scope=\"col\">日時</th><th scope=\"col\">操作</th>"
                "<th scope=\"col\">担当者</th><th scope=\"col\">年度</th>"
                "<th scope=\"col\">項目</th><th scope=\"col\">変更前</th>"
                "<th scope=\"col\">変更後</th><th scope=\"col\">理由</th></tr></thead><tbody>\n",
                caption, n);
    for (int i = 0; i < n; i++)
      history_row(c, b, &rows[i], of);
    buf_put(b, "</tbody></table></div>\n");
  }
  audit_rows_free(rows, n);
  return 0;
}

/* ---- one subject ------------------------------------------------------------------------ */

/* May the reader see the history of node n? Admins and reviewers: all; an editor: a node
   whose department list names one of theirs. */
static int may_read_node(const User *u, const Node *n) {
  if (u->role == ROLE_ADMIN || u->role == ROLE_REVIEWER) return 1;
  if (u->role != ROLE_EDITOR) return 0;
  for (int d = 0; d < u->ndepts; d++)
    if (node_has_department(n, u->depts[d])) return 1;
  return 0;
}

static void add_dept(const char *part, size_t len, void *ctx) {
  Buf *b = ctx;
  char *name = xstrndup(part, len);
  html_printf(b, "%r%s", b->len ? "、" : "", name);
  free(name);
}

/* The heading of a subject's history: its name, plan, place in the tree, departments, and
   the public page. */
static void subject_heading(StaffCtx *c, const HistoryOf *of) {
  const Plan *p = of->sp->plan;
  const Node *n = &p->nodes[of->node];
  const Indicator *ind = of->ind >= 0 ? &p->inds[of->ind] : NULL;
  Buf *b = &c->out->body;
  const char *name = ind ? ind->name : n->name;
  html_printf(b, "<h1>操作履歴: %s</h1>\n<dl class=\"meta\"><dt>計画</dt><dd>%s</dd>",
              name ? name : (ind ? ind->id : n->id), p->name ? p->name : p->id);
  if (ind)
    html_printf(b, "<dt>指標</dt><dd>%s%r%s（%s）</dd>", ind->number ? ind->number : "",
                ind->number ? " " : "", ind->name ? ind->name : "", ind->id);
  html_printf(b, "<dt>%s</dt><dd>%s%r%s（%s）</dd>", node_level_name(p, n),
              n->number ? n->number : "", n->number ? " " : "", n->name ? n->name : "", n->id);
  Buf depts = {0};
  list_each(n->departments, add_dept, &depts);
  html_printf(b, "<dt>所管課</dt><dd>%r</dd></dl>\n", depts.len ? depts.s : "－");
  buf_free(&depts);
  Buf url = {0};
  html_node_url(&url, p, n, 0);
  html_printf(b, "<p><a href=\"%r\">公開ページで見る</a></p>\n", url.s);
  buf_free(&url);
}

/* A node's indicators, each with a link to its own history. */
static void node_indicators(StaffCtx *c, const HistoryOf *of) {
  const Plan *p = of->sp->plan;
  Buf *b = &c->out->body;
  int any = 0;
  for (int i = 0; i < p->ninds; i++) {
    if (p->inds[i].node != of->node) continue;
    if (!any) buf_put(b, "<h2>この項目の指標の履歴</h2>\n<ul class=\"plain\">");
    any = 1;
    Buf url = {0};
    html_printf(&url, "/staff/history/%u/%u", p->id, p->inds[i].id);
    html_printf(b, "<li><a href=\"%r\">%s</a></li>", url.s,
                p->inds[i].name ? p->inds[i].name : p->inds[i].id);
    buf_free(&url);
  }
  if (any) buf_put(b, "</ul>\n");
}

static void subject_history(StaffCtx *c) {
  const SitePlan *sp = staff_plan(c, 2);
  if (!sp) return;
  const Plan *p = sp->plan;
  const char *id = c->r->parts[3];
  HistoryOf of = {.sp = sp, .ind = plan_indicator(p, id)};
  of.node = of.ind >= 0 ? p->inds[of.ind].node : plan_node(p, id);
  if (of.node < 0) {
    staff_error(c, 404, "この計画に「%s」という指標・項目はありません", id);
    return;
  }
  if (!may_read_node(staff_user(c), &p->nodes[of.node])) {
    staff_error(c, 403, "担当課ではない項目の履歴は見られません");
    return;
  }
  Crumb crumbs[] = {{"トップ", "/"}, {"スタッフ", "/staff/"}, {"操作履歴", NULL}};
  staff_begin(c, "操作履歴", crumbs, 3);
  subject_heading(c, &of);
  AuditFilter f = {.plan = p->id, .subject = id, .limit = HISTORY_LIMIT};
  int rc = history_table(c, &f, &of, "この項目への操作");
  if (rc) {
    if (!staff_forbidden(c, rc)) staff_error(c, 500, "操作履歴を読めません");
    return;
  }
  if (of.ind < 0) node_indicators(c, &of);
  staff_end(c);
}

/* ---- one person ------------------------------------------------------------------------- */

/* A login with no account can still have a history: the command line acts as "os:USER". */
static void user_history(StaffCtx *c) {
  const User *me = staff_user(c);
  const char *login = c->r->parts[3];
  if (me->role == ROLE_EDITOR ? strcmp(me->login, login) != 0
                              : me->role != ROLE_ADMIN && me->role != ROLE_REVIEWER) {
    staff_error(c, 403, "ほかの人の操作履歴は見られません");
    return;
  }
  char err[256];
  User u = {0};
  int rc = user_get(c->store, login, &u, err, sizeof err);
  AuditRow *probe = NULL;
  int nprobe = 0;
  AuditFilter one = {.actor = login, .limit = 1};
  if (rc == 1) { /* no account: a command-line actor, if the trail names it */
    int listed = audit_list(c->store, &c->actor, &one, &probe, &nprobe, err, sizeof err);
    if (listed) rc = listed == STAFF_FORBIDDEN ? STAFF_FORBIDDEN : -1;
  }
  audit_rows_free(probe, nprobe);
  if (staff_forbidden(c, rc)) {
    user_free(&u);
    return;
  }
  if (rc < 0) {
    user_free(&u);
    staff_error(c, 500, "操作履歴を読めません");
    fprintf(stderr, "shinchoku: history: %s\n", err);
    return;
  }
  if (rc == 1 && nprobe == 0) {
    staff_error(c, 404, "「%s」というアカウントも、その操作の記録もありません", login);
    return;
  }
  /* A reader of a municipality reads only its accounts' histories: not another
     municipality's account, nor the command line's (which acts for the installation). */
  int other = me->municipality &&
              (rc == 1 || !u.municipality || strcmp(u.municipality, me->municipality) != 0);
  if (other) {
    user_free(&u);
    staff_forbidden(c, STAFF_FORBIDDEN);
    return;
  }
  Crumb crumbs[] = {{"トップ", "/"}, {"スタッフ", "/staff/"}, {"操作履歴", NULL}};
  staff_begin(c, "操作履歴", crumbs, 3);
  Buf *b = &c->out->body;
  html_printf(b, "<h1>操作履歴: %s</h1>\n", login);
  if (rc == 0) {
    html_printf(b, "<dl class=\"meta\"><dt>氏名</dt><dd>%s</dd><dt>役割</dt><dd>%s</dd>",
                u.name ? u.name : "－", role_words[u.role]);
    if (u.ndepts) {
      buf_put(b, "<dt>担当課</dt><dd>");
      for (int d = 0; d < u.ndepts; d++)
        html_printf(b, "%r%s", d ? "、" : "", u.depts[d]);
      buf_put(b, "</dd>");
    }
    buf_put(b, "</dl>\n");
  } else {
    buf_put(b, "<p>アカウントではない操作者です（コマンドラインからの操作は「os:利用者名」"
               "と記録されます）。</p>\n");
  }
  user_free(&u);
  HistoryOf of = {.login = login};
  AuditFilter f = {.actor = login, .limit = HISTORY_LIMIT};
  rc = history_table(c, &f, &of, "この人の操作");
  if (rc) {
    if (!staff_forbidden(c, rc)) staff_error(c, 500, "操作履歴を読めません");
    return;
  }
  staff_end(c);
}

void staff_page_history(StaffCtx *c) {
  if (c->r->nparts != 4) {
    staff_error(c, 404, "このページは見つかりません");
    return;
  }
  if (strcmp(c->r->parts[2], "user") == 0)
    user_history(c);
  else
    subject_history(c);
}
