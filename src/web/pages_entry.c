/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_entry.c — /staff/entry/PLAN: a department enters its figures for a fiscal year. The
** form lists the department's indicators (unit, the last years' actuals, the year's target)
** with the actual, the projection, a status word, the as-of date and a comment, and a grade
** with its basis where there is no numeric target. It reads what clerks type (full-width
** digits, thousands commas, dates in era form), shows what it cannot read next to the field,
** writes only the rows the clerk changed, and refuses a save over a newer one (optimistic
** versions, see entries_save). Save keeps drafts; submit sends them to the secretariat.
*/
#include "../model/duedate.h"
#include "../model/entrynum.h"
#include "../model/text.h"
#include "staff.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 5000
#define MAX_TEXT_BYTES 200  /* a status word, a grade */
#define MAX_NOTE_BYTES 4000 /* a comment or a grade's basis */

/* ---- the rows of a department ----------------------------------------------------------- */

static int is_leaf(const Evaluation *ev, int n) {
  return ev->child_start[n] == ev->child_start[n + 1];
}

int entry_rows(const Plan *p, const Evaluation *ev, const char *dept, int year, EntryRow **out) {
  EntryRow *rows = NULL;
  int n = 0, cap = 0;
  for (int node = 0; node < p->nnodes; node++) {
    const Node *nd = &p->nodes[node];
    if (!node_in_scope(nd, year) || !node_has_department(nd, dept)) continue;
    int first = ev->ind_start[node], last = ev->ind_start[node + 1];
    for (int a = first; a < last; a++) {
      int ind = ev->ind_list[a];
      if (p->inds[ind].nparts == 0) {
        for (int kind = ENTRY_ACTUAL; kind <= ENTRY_PROJECTION; kind++) {
          VEC_PUSH(rows, n, cap);
          rows[n++] = (EntryRow){node, ind, kind};
        }
      }
      if (dec_is_none(eval_num(ev, ind, year, VK_TARGET))) {
        VEC_PUSH(rows, n, cap);
        rows[n++] = (EntryRow){node, ind, ENTRY_GRADE};
      }
    }
    if (first == last && is_leaf(ev, node)) {
      VEC_PUSH(rows, n, cap);
      rows[n++] = (EntryRow){node, -1, ENTRY_GRADE};
    }
  }
  *out = rows;
  return n;
}

const char *entry_row_subject(const Plan *p, const EntryRow *row) {
  return row->ind >= 0 ? p->inds[row->ind].id : p->nodes[row->node].id;
}

/* ---- one row's figures ------------------------------------------------------------------ */

/* A row's figures in canonical text: what the form shows and what a save compares. */
typedef struct Figures {
  char num[DEC_MAX_TEXT]; /* "" when none */
  char *text, *as_of, *note;
} Figures;

static void figures_free(Figures *f) {
  free(f->text);
  free(f->as_of);
  free(f->note);
}

static char *dup_or_empty(const char *s) {
  return xstrdup(s ? s : "");
}

/* FNV-1a over the figures: the fingerprint `orig.i` carries, to tell a row the clerk changed
   from one merely sent back. */
static void fingerprint(const Figures *f, char out[17]) {
  const char *parts[4] = {f->num, f->text, f->as_of, f->note};
  uint64_t h = FNV1A_INIT;
  for (int i = 0; i < 4; i++)
    h = fnv1a(h, parts[i], strlen(parts[i]) + 1); /* the NUL separates the parts */
  snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static void figures_of_entry(const Entry *e, Figures *f) {
  if (dec_is_none(e->num))
    f->num[0] = 0;
  else
    dec_format(e->num, -1, f->num);
  f->text = dup_or_empty(e->text);
  f->as_of = dup_or_empty(e->as_of);
  f->note = dup_or_empty(e->note);
}

/* The figures of value v of plan p (-1: none, all empty). */
static void figures_of_value(const Plan *p, int v, Figures *f) {
  memset(f, 0, sizeof *f);
  const Value *val = v >= 0 ? &p->values[v] : NULL;
  if (val && !dec_is_none(val->num)) dec_format(val->num, -1, f->num);
  f->text = dup_or_empty(val ? val->text : NULL);
  f->as_of = dup_or_empty(val ? value_extra(p, val)->as_of : NULL);
  f->note = dup_or_empty(val ? value_extra(p, val)->note : NULL);
}

/* The figures the plan holds now (approved or imported). */
static void figures_of_plan(const SitePlan *sp, const EntryRow *row, int year, Figures *f) {
  const Plan *p = sp->plan;
  memset(f, 0, sizeof *f);
  if (row->kind != ENTRY_GRADE) {
    figures_of_value(
        p,
        eval_value(sp->ev, row->ind, year, row->kind == ENTRY_ACTUAL ? VK_ACTUAL : VK_PROJECTION),
        f);
    return;
  }
  const char *text = NULL, *as_of = NULL, *note = NULL;
  int g = plan_grade(p, entry_row_subject(p, row), year);
  if (g >= 0) {
    text = p->grades[g].grade;
    note = p->grades[g].basis;
  }
  f->text = dup_or_empty(text);
  f->as_of = dup_or_empty(as_of);
  f->note = dup_or_empty(note);
}

/* ---- the form ----------------------------------------------------------------------------- */

/* What one row of the form shows. */
typedef struct RowView {
  Figures shown;
  int version;
  char orig[17];
  const Entry *entry;    /* the stored entry, if any */
  const char *err_field; /* "num", "text", "as_of", "note" or NULL */
  char *err;             /* the message next to it */
} RowView;

static const Entry *find_entry(const Entry *list, int n, const char *subject, int kind) {
  for (int i = 0; i < n; i++)
    if (list[i].kind == kind && strcmp(list[i].subject, subject) == 0) return &list[i];
  return NULL;
}

static void past_actuals(Buf *b, const SitePlan *sp, int ind, int year) {
  char fy[64], num[DEC_MAX_TEXT];
  int any = 0;
  for (int y = year - 3; y < year; y++) {
    if (y < sp->plan->first_year) continue;
    dec_t d = eval_num(sp->ev, ind, y, VK_ACTUAL);
    if (dec_is_none(d)) continue;
    html_printf(b, "%r%s: %s", any ? "<br>" : "", fy_era_short(y, fy), dec_format(d, -1, num));
    any = 1;
  }
  if (!any) buf_put(b, "－");
}

static void field_error(Buf *b, const RowView *v, int i, const char *field) {
  if (v->err_field && strcmp(v->err_field, field) == 0)
    html_printf(b, "<span class=\"field-error\" id=\"err-%s-%d\">%s</span>", field, i, v->err);
}

/* aria attributes of a field: its error, if it has one. */
static void field_aria(Buf *b, const RowView *v, int i, const char *field) {
  if (v->err_field && strcmp(v->err_field, field) == 0)
    html_printf(b, " aria-invalid=\"true\" aria-describedby=\"err-%s-%d\"", field, i);
}

/* One text field of row i, labelled "LABEL WHAT", with its error (if any) after it. */
static void text_input(Buf *b, const RowView *v, int i, const char *field, const char *value,
                       int size, const char *label, const char *what, int editable) {
  html_printf(b, "<input name=\"%s.%d\" size=\"%d\" value=\"%s\" aria-label=\"%s %s\"%r%r", field,
              i, size, value, label, what,
              strcmp(field, "num") == 0 ? " inputmode=\"decimal\"" : "",
              editable ? "" : " disabled");
  field_aria(b, v, i, field);
  buf_put(b, ">");
  field_error(b, v, i, field);
}

static void grade_select(Buf *b, const SitePlan *sp, const RowView *v, int i, const char *label) {
  html_printf(b, "<select name=\"text.%d\" aria-label=\"%s\"", i, label);
  field_aria(b, v, i, "text");
  buf_put(b, "><option value=\"\">（なし）</option>");
  for (int g = 0; g < sp->policy->ngrades; g++) {
    const char *sym = sp->policy->grades[g].symbol;
    html_printf(b, "<option value=\"%s\"%r>%s %s</option>", sym,
                strcmp(sym, v->shown.text) == 0 ? " selected" : "", sym,
                sp->policy->grades[g].label ? sp->policy->grades[g].label : "");
  }
  buf_put(b, "</select>");
}

static void render_row(Buf *b, const SitePlan *sp, const EntryRow *row, int year, int i,
                       const RowView *v, int editable) {
  const Plan *p = sp->plan;
  const Node *nd = &p->nodes[row->node];
  const Indicator *in = row->ind >= 0 ? &p->inds[row->ind] : NULL;
  char num[DEC_MAX_TEXT];
  Buf label = {0};
  buf_printf(&label, "%s %s", in ? in->name : nd->name, entry_kind_words[row->kind]);
  html_printf(b, "<tr%r><th scope=\"row\"><span class=\"meta\">%s %s</span><br>%s</th>",
              v->err ? " class=\"has-error\"" : "", nd->number ? nd->number : "", nd->name,
              in ? in->name : "（取組の評価）");
  html_printf(b, "<td>%s</td><td>", in && in->unit ? in->unit : "");
  if (in) past_actuals(b, sp, row->ind, year);
  buf_put(b, "</td><td>");
  dec_t target = in ? eval_num(sp->ev, row->ind, year, VK_TARGET) : DEC_NONE;
  html_printf(b, "%s</td><td>%s</td>", dec_is_none(target) ? "－" : dec_format(target, -1, num),
              entry_kind_words[row->kind]);
  const char *dis = editable ? "" : " disabled";
  html_printf(b,
              "<td><input type=\"hidden\" name=\"subject.%d\" value=\"%s\">"
              "<input type=\"hidden\" name=\"kind.%d\" value=\"%s\">"
              "<input type=\"hidden\" name=\"version.%d\" value=\"%d\">"
              "<input type=\"hidden\" name=\"orig.%d\" value=\"%s\">",
              i, entry_row_subject(p, row), i, entry_kind_names[row->kind], i, v->version, i,
              v->orig);
  if (row->kind == ENTRY_GRADE) {
    buf_put(b, "</td><td>");
    grade_select(b, sp, v, i, label.s);
    field_error(b, v, i, "text");
    buf_put(b, "</td><td></td>");
  } else {
    text_input(b, v, i, "num", v->shown.num, 10, label.s, "の値", editable);
    buf_put(b, "</td><td>");
    text_input(b, v, i, "text", v->shown.text, 6, label.s, "の状況（未定・集計中など）", editable);
    buf_put(b, "</td><td>");
    text_input(b, v, i, "as_of", v->shown.as_of, 10, label.s, "の時点（日付）", editable);
    buf_put(b, "</td>");
  }
  html_printf(b, "<td><textarea name=\"note.%d\" rows=\"2\" cols=\"24\" aria-label=\"%s の%s\"%r",
              i, label.s, row->kind == ENTRY_GRADE ? "評価の根拠" : "コメント", dis);
  field_aria(b, v, i, "note");
  html_printf(b, ">%s</textarea>", v->shown.note);
  field_error(b, v, i, "note");
  buf_put(b, "</td><td>");
  if (v->entry)
    html_printf(b, "<span class=\"state st%d\">%s</span>", v->entry->state,
                entry_state_words[v->entry->state]);
  else
    buf_put(b, "未入力");
  if (v->entry && v->entry->state == ST_RETURNED && v->entry->review_note)
    html_printf(b, "<br><span class=\"meta\">差戻しの理由: %s</span>", v->entry->review_note);
  if (v->err && !v->err_field) html_printf(b, "<br><span class=\"field-error\">%s</span>", v->err);
  buf_put(b, "</td></tr>\n");
  buf_free(&label);
}

/* ---- rows left empty ------------------------------------------------------------------- */

static int view_is_empty(const RowView *v) {
  return !*v->shown.num && !*v->shown.text;
}

/* Whether the subject of rows[i] (an indicator with its actual and projection, or a grade)
   has nothing in the form: neither row of an indicator has a number or a status word. */
static int subject_is_empty(const EntryRow *rows, int nrows, const RowView *views, int i) {
  for (int j = 0; j < nrows; j++)
    if (rows[j].node == rows[i].node && rows[j].ind == rows[i].ind &&
        (rows[j].kind == ENTRY_GRADE) == (rows[i].kind == ENTRY_GRADE) && !view_is_empty(&views[j]))
      return 0;
  return 1;
}

/* After a submission: the warning (not an error) naming the indicators and grades submitted
   with nothing in them (neither the actual nor the projection has a number or a status word;
   no grade), so that the clerk can still fill them and submit again. */
static void empty_rows_warning(Buf *b, const Plan *p, const EntryRow *rows, int nrows,
                               const RowView *views) {
  Buf list = {0};
  int n = 0;
  for (int i = 0; i < nrows; i++) {
    if (rows[i].kind == ENTRY_PROJECTION || !subject_is_empty(rows, nrows, views, i)) continue;
    const Node *nd = &p->nodes[rows[i].node];
    const Indicator *in = rows[i].ind >= 0 ? &p->inds[rows[i].ind] : NULL;
    const char *number = in && in->number ? in->number : nd->number ? nd->number : "";
    html_printf(&list, "<li>%s %s%s</li>", number, in ? in->name : nd->name,
                rows[i].kind == ENTRY_GRADE ? "（評価）" : "");
    n++;
  }
  if (n)
    html_printf(
        b,
        "<div class=\"notice warning\" role=\"alert\" id=\"empty-warning\"><p>注意: 次の %d "
        "項目は空欄のまま提出されました。値か状況（未定・集計中など）が分かったら入力して、"
        "もう一度提出してください。</p><ul>%r</ul></div>\n",
        n, list.s ? list.s : "");
  buf_free(&list);
}

/* 「提出期限: 2025年5月31日（あと3日）」 when the period has a due date. */
static void due_notice(StaffCtx *c, Buf *b, const char *plan, int year) {
  char due[16], today[16], when[32], left[64];
  long days;
  if (period_due(c->store, plan, year, due, sizeof due) != 0 ||
      days_between(today_jst(today), due, &days))
    return;
  html_printf(b, "<p class=\"notice%r\" id=\"due\">提出期限: %s（%s）</p>\n",
              days < 0 ? " late" : "", due_words(due, when, sizeof when),
              days_left_words(days, left, sizeof left));
}

static void entry_url(Buf *b, const Plan *p, int year, const char *dept) {
  html_printf(b, "/staff/entry/%u?year=%d&dept=%u", p->id, year, dept);
}

/* The department's filled workbook, sent instead of typing (pages_upload.c). */
static void upload_form(StaffCtx *c, const Plan *p, int year, const char *dept) {
  Buf *b = &c->out->body;
  buf_put(b, "<section class=\"upload\" aria-labelledby=\"upload-h\"><h2 id=\"upload-h\">"
             "入力ブック（Excel）で取り込む</h2>\n<p>shinchoku が書き出した所管課の入力ブックに"
             "記入したものを送ると、変わる値を確かめてから保存・提出できます（送っただけでは"
             "保存しません）。</p>\n");
  html_printf(b,
              "<form class=\"upload\" method=\"post\" action=\"/staff/upload/%u\" "
              "enctype=\"multipart/form-data\">",
              p->id);
  staff_csrf_field(c, b);
  html_printf(
      b,
      "<input type=\"hidden\" name=\"year\" value=\"%d\"><input type=\"hidden\" "
      "name=\"dept\" value=\"%s\"><p><label for=\"workbook\">記入した入力ブック"
      "（.xlsx）</label> <input type=\"file\" id=\"workbook\" name=\"workbook\" "
      "accept=\".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\" "
      "required> <button type=\"submit\">読み取って確認する</button></p></form></section>\n",
      year, dept);
}

static void render_form(StaffCtx *c, const SitePlan *sp, int year, const char *dept,
                        const EntryRow *rows, int nrows, const RowView *views, int open,
                        const char *message) {
  const Plan *p = sp->plan;
  const User *u = staff_user(c);
  int editable = open || u->role == ROLE_ADMIN;
  char fy[64];
  Buf title = {0};
  buf_printf(&title, "%s の入力（%s）", dept, fy_both(year, fy));
  Crumb crumbs[] = {{"スタッフ", "/staff/"}, {p->name, NULL}, {title.s, NULL}};
  staff_begin(c, title.s, crumbs, 3);
  Buf *b = &c->out->body;
  html_printf(b, "<h1>%s</h1>\n<p class=\"meta\">%s</p>\n", title.s, p->name);
  const char *done = req_arg(c->r, "done");
  if (!message && done && strcmp(done, "saved") == 0)
    buf_put(b, "<p class=\"notice\" role=\"status\">下書きを保存しました。</p>\n");
  else if (!message && done && strcmp(done, "submitted") == 0)
    buf_put(b, "<p class=\"notice\" role=\"status\">事務局へ提出しました。</p>\n");
  if (message) html_printf(b, "<p class=\"error\" role=\"alert\">%s</p>\n", message);
  if (!message && done && strcmp(done, "submitted") == 0)
    empty_rows_warning(b, p, rows, nrows, views);
  if (!open)
    html_printf(b, "<p class=\"notice\">%s は入力の受付期間ではありません%r。</p>\n",
                fy_both(year, fy), u->role == ROLE_ADMIN ? "（事務局は入力できます）" : "");
  else
    due_notice(c, b, p->id, year);
  if (nrows == 0) {
    buf_put(b, "<p>この年度に入力する項目はありません。</p>\n");
    buf_free(&title);
    staff_end(c);
    return;
  }
  buf_put(b, "<p>数値は全角・桁区切りのカンマ付きでも入力できます。日付は 2024-03-31 や "
             "R6.3.31 の形で入力します。値がまだないときは、状況に「未定」「集計中」などと"
             "書きます。</p>\n");
  buf_put(b, "<p class=\"notice\" id=\"note-public\">「コメント・根拠」に書いた内容は、承認されると"
             "公開ページに値と一緒に掲載されます。個人名や内部の事情は書かないでください。</p>\n");
  staff_form_begin(c, "entry", "entry", p->id, year, dept);
  html_printf(b, "<input type=\"hidden\" name=\"rows\" value=\"%d\">", nrows);
  buf_put(b, "<div class=\"wide\"><table class=\"entry\"><caption>入力する指標</caption><thead><tr>"
             "<th scope=\"col\">取組・指標</th><th scope=\"col\">単位</th>"
             "<th scope=\"col\">過去の実績</th><th scope=\"col\">目標</th>"
             "<th scope=\"col\">区分</th><th scope=\"col\">値（評価）</th>"
             "<th scope=\"col\">状況</th><th scope=\"col\">時点</th>"
             "<th scope=\"col\">コメント・根拠（公開）</th><th "
             "scope=\"col\">状態</th></tr></thead><tbody>\n");
  for (int i = 0; i < nrows; i++)
    render_row(b, sp, &rows[i], year, i, &views[i], editable);
  buf_put(b, "</tbody></table></div>\n");
  if (editable)
    buf_put(b, "<p class=\"actions\"><button type=\"submit\" name=\"action\" value=\"save\">"
               "下書きを保存</button> <button type=\"submit\" name=\"action\" value=\"submit\">"
               "保存して事務局へ提出</button></p>\n");
  buf_put(b, "</form>\n");
  if (editable) upload_form(c, p, year, dept);
  buf_free(&title);
  staff_end(c);
}

static void views_free(RowView *views, int n) {
  for (int i = 0; i < n; i++) {
    figures_free(&views[i].shown);
    free(views[i].err);
  }
  free(views);
}

/* The views of a freshly opened form: each row's entry, or else what the plan holds. */
static RowView *views_stored(const SitePlan *sp, const EntryRow *rows, int nrows, int year,
                             const Entry *entries, int nentries) {
  RowView *views = xcalloc((size_t)nrows + 1, sizeof *views);
  for (int i = 0; i < nrows; i++) {
    RowView *v = &views[i];
    v->entry = find_entry(entries, nentries, entry_row_subject(sp->plan, &rows[i]), rows[i].kind);
    if (v->entry) {
      figures_of_entry(v->entry, &v->shown);
      v->version = v->entry->version;
    } else {
      figures_of_plan(sp, &rows[i], year, &v->shown);
    }
    fingerprint(&v->shown, v->orig);
  }
  return views;
}

/* ---- reading what was typed ---------------------------------------------------------------- */

static const char *indexed(const Req *r, const char *name, int i) {
  char key[48];
  snprintf(key, sizeof key, "%s.%d", name, i);
  return req_field(r, key);
}

static void set_error(RowView *v, const char *field, const char *msg) {
  if (v->err) return;
  v->err_field = field;
  v->err = xstrdup(msg);
}

/* Trimmed copy with CR LF made LF (browsers send textarea lines with CR LF). */
static char *clean_text(const char *s) {
  if (!s) return xstrdup("");
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
    s++;
  char *out = xmalloc(strlen(s) + 1), *w = out;
  for (; *s; s++)
    if (!(s[0] == '\r' && s[1] == '\n')) *w++ = *s;
  while (w > out && (w[-1] == ' ' || w[-1] == '\t' || w[-1] == '\r' || w[-1] == '\n'))
    w--;
  *w = 0;
  return out;
}

static int is_grade_symbol(const Policy *pol, const char *s) {
  for (int g = 0; g < pol->ngrades; g++)
    if (strcmp(pol->grades[g].symbol, s) == 0) return 1;
  return 0;
}

/* Read row i of the form into v->shown (canonical) and e; errors go to v. */
static void read_row(const Req *r, const SitePlan *sp, const EntryRow *row, int i, RowView *v,
                     Entry *e) {
  const char *num = indexed(r, "num", i), *ver = indexed(r, "version", i);
  const char *orig = indexed(r, "orig", i);
  v->version = ver ? atoi(ver) : 0;
  snprintf(v->orig, sizeof v->orig, "%s", orig ? orig : "");
  v->shown.text = clean_text(indexed(r, "text", i));
  v->shown.note = clean_text(indexed(r, "note", i));
  char *as_of = clean_text(indexed(r, "as_of", i));
  e->num = DEC_NONE;
  if (row->kind == ENTRY_GRADE) {
    v->shown.as_of = xstrdup("");
    if (*v->shown.text && !is_grade_symbol(sp->policy, v->shown.text))
      set_error(v, "text", "評価は一覧から選んでください");
  } else {
    if (num && !text_is_blank(num)) {
      const char *problem = entry_number_problem(sp->plan, row->ind, num, &e->num);
      if (!problem) {
        dec_format(e->num, -1, v->shown.num);
      } else {
        e->num = DEC_NONE;
        snprintf(v->shown.num, sizeof v->shown.num, "%.*s", (int)sizeof v->shown.num - 1, num);
        set_error(v, "num", problem);
      }
    }
    char iso[16];
    if (*as_of && date_parse(as_of, iso) == 0) {
      v->shown.as_of = xstrdup(iso);
    } else {
      if (*as_of) set_error(v, "as_of", "日付として読めません（例: 2024-03-31、R6.3.31）");
      v->shown.as_of = xstrdup(as_of);
    }
  }
  free(as_of);
  if (strlen(v->shown.text) > MAX_TEXT_BYTES) set_error(v, "text", "長すぎます");
  if (strlen(v->shown.note) > MAX_NOTE_BYTES) set_error(v, "note", "長すぎます（4000バイトまで）");
}

/* Whether a changed row has what entries_save needs: an actual or projection a number or a
   status word, a grade its symbol. A row with only a comment, a basis or a date gets the
   message next to the field to fill (422, the form kept) instead of reaching the store. */
static int row_has_figure(const EntryRow *row, const Entry *e, RowView *v) {
  if (row->kind == ENTRY_GRADE) {
    if (*v->shown.text) return 1;
    set_error(v, "text", "評価を一覧から選んでください（根拠だけでは保存できません）");
    return 0;
  }
  if (!dec_is_none(e->num) || *v->shown.text) return 1;
  set_error(
      v, "num",
      "値か状況（未定・集計中など）を入力してください（コメントや時点だけでは保存できません）");
  return 0;
}

/* ---- the page --------------------------------------------------------------------------- */

/* The department of the request: ?dept= (or the form's), else an editor's only one. */
static const char *request_dept(StaffCtx *c, const char *given) {
  const User *u = staff_user(c);
  if (given && *given) return given;
  if (u->role == ROLE_EDITOR && u->ndepts == 1) return u->depts[0];
  return NULL;
}

/* Save (and for action=submit, submit) the rows the form changed. */
static void entry_post(StaffCtx *c, const SitePlan *sp, int year, const char *dept,
                       const EntryRow *rows, int nrows, int open, const Entry *entries,
                       int nentries) {
  const Req *r = c->r;
  const Plan *p = sp->plan;
  const char *rows_text = req_field(r, "rows"), *action = req_field(r, "action");
  int n = rows_text ? atoi(rows_text) : -1;
  if (n < 0 || n > MAX_ROWS || !action ||
      (strcmp(action, "save") != 0 && strcmp(action, "submit") != 0)) {
    staff_error(c, 400, "送信された内容が足りません");
    return;
  }
  if (!open && staff_user(c)->role != ROLE_ADMIN) {
    char fy[64];
    staff_error(c, 403, "%s は入力の受付期間ではありません", fy_both(year, fy));
    return;
  }
  /* Every posted row must be one of this department's rows, each at most once. */
  int *which = xcalloc((size_t)n + 1, sizeof *which);
  char *seen = xcalloc((size_t)nrows + 1, 1);
  for (int i = 0; i < n; i++) {
    const char *subject = indexed(r, "subject", i), *kind = indexed(r, "kind", i);
    int k = kind ? enum_lookup(entry_kind_names, ENTRY__COUNT, kind) : -1, j = 0;
    while (j < nrows &&
           !(subject && rows[j].kind == k && strcmp(entry_row_subject(p, &rows[j]), subject) == 0))
      j++;
    if (j == nrows || seen[j]) {
      free(which);
      free(seen);
      staff_error(c, 403, "%s が入力する項目ではありません: %s", dept, subject ? subject : "");
      return;
    }
    seen[j] = 1;
    which[i] = j;
  }
  /* The form as typed, in the order of the department's rows (rows not posted: as stored). */
  RowView *views = views_stored(sp, rows, nrows, year, entries, nentries);
  Entry *changed = xcalloc((size_t)n + 1, sizeof *changed);
  int *expected = xcalloc((size_t)n + 1, sizeof *expected),
      *at = xcalloc((size_t)n + 1, sizeof *at);
  int nchanged = 0, nerrors = 0;
  for (int i = 0; i < n; i++) {
    int j = which[i];
    RowView *v = &views[j];
    figures_free(&v->shown);
    memset(&v->shown, 0, sizeof v->shown);
    Entry e = {0};
    read_row(r, sp, &rows[j], i, v, &e);
    if (v->err) {
      nerrors++;
      continue;
    }
    char now[17];
    fingerprint(&v->shown, now);
    if (strcmp(now, v->orig) == 0) continue; /* untouched */
    if (!row_has_figure(&rows[j], &e, v)) {
      nerrors++;
      continue;
    }
    Entry *x = &changed[nchanged];
    x->plan = (char *)p->id;
    x->subject = (char *)entry_row_subject(p, &rows[j]);
    x->year = year;
    x->kind = rows[j].kind;
    x->department = (char *)dept;
    x->num = e.num;
    x->text = v->shown.text;
    x->as_of = v->shown.as_of;
    x->note = v->shown.note;
    expected[nchanged] = v->version;
    at[nchanged++] = j;
  }
  char err[256];
  int rc = 0, conflict = -1, count = 0;
  Entry current = {0};
  if (nerrors) {
    c->out->status = 422;
    render_form(c, sp, year, dept, rows, nrows, views, open,
                "読み取れない入力があります。赤で示した欄を直してください（何も保存していません）");
  } else if (nchanged &&
             (rc = entries_save(c->store, changed, expected, nchanged, &c->actor, &conflict,
                                &current, err, sizeof err)) == ENTRY_CONFLICT) {
    RowView *v = &views[at[conflict]];
    Figures now_f = {0};
    figures_of_entry(&current, &now_f);
    Buf msg = {0};
    buf_printf(&msg,
               "ほかの人が先に保存しました（%s、%s）。現在の値: "
               "%s%s%s。確かめてからもう一度保存してください",
               current.updated_by ? current.updated_by : "",
               current.updated_at ? current.updated_at : "", *now_f.num ? now_f.num : "なし",
               *now_f.text ? " " : "", now_f.text);
    set_error(v, NULL, msg.s);
    /* saving again now means: over what is stored now */
    v->version = current.version;
    fingerprint(&now_f, v->orig);
    figures_free(&now_f);
    buf_free(&msg);
    c->out->status = 409;
    render_form(c, sp, year, dept, rows, nrows, views, open,
                "ほかの人が同じ値を先に保存したため、保存しませんでした");
  } else if (staff_forbidden(c, rc)) {
  } else if (rc) {
    staff_error(c, 500, "保存できませんでした");
    fprintf(stderr, "shinchoku: entry: %s\n", err);
  } else if (strcmp(action, "submit") == 0 &&
             (rc = entries_submit(c->store, p->id, year, dept, &c->actor, &count, err,
                                  sizeof err))) {
    if (!staff_forbidden(c, rc)) staff_error(c, 500, "提出できませんでした");
    fprintf(stderr, "shinchoku: entry: %s\n", err);
  } else {
    Buf url = {0};
    entry_url(&url, p, year, dept);
    buf_put(&url, strcmp(action, "submit") == 0 ? "&done=submitted" : "&done=saved");
    staff_redirect(c, url.s);
    buf_free(&url);
  }
  entry_free(&current);
  free(changed);
  free(expected);
  free(at);
  free(which);
  free(seen);
  views_free(views, nrows);
}

void staff_page_entry(StaffCtx *c) {
  if (staff_deny_unless(c, ROLES(ROLE_ADMIN, ROLE_EDITOR))) return;
  const SitePlan *sp = staff_plan(c, 2);
  if (!sp || c->r->nparts != 3) {
    if (sp) staff_error(c, 404, "このページは見つかりません");
    return;
  }
  int is_post = strcmp(c->r->method, "POST") == 0;
  const char *(*get)(const Req *, const char *) = is_post ? req_field : req_arg;
  int year;
  const char *dept = request_dept(c, get(c->r, "dept"));
  if (!dept) {
    staff_error(c, 400, "所管課を指定してください");
    return;
  }
  if (!staff_may_enter(staff_user(c), sp->plan, dept)) {
    staff_error(c, 403, "%s の入力はできません（担当している課だけ入力できます）", dept);
    return;
  }
  if (!site_has_department(sp, dept)) {
    staff_error(c, 404, "この計画に「%s」という所管課はありません", dept);
    return;
  }
  if (staff_year(c, sp, get(c->r, "year"), &year)) return;
  int open = period_is_open(c->store, sp->plan->id, year) == 1;
  EntryRow *rows = NULL;
  int nrows = entry_rows(sp->plan, sp->ev, dept, year, &rows);
  Entry *entries = NULL;
  int nentries = 0;
  char err[256];
  int rc = entry_list(c->store, &c->actor, sp->plan->id, year, NULL, &entries, &nentries, err,
                      sizeof err);
  if (staff_forbidden(c, rc)) {
  } else if (rc) {
    staff_error(c, 500, "入力を読み込めません");
    fprintf(stderr, "shinchoku: entry: %s\n", err);
  } else if (is_post) {
    entry_post(c, sp, year, dept, rows, nrows, open, entries, nentries);
  } else {
    RowView *views = views_stored(sp, rows, nrows, year, entries, nentries);
    render_form(c, sp, year, dept, rows, nrows, views, open, NULL);
    views_free(views, nrows);
  }
  entries_free(entries, nentries);
  free(rows);
}

/* ---- a workbook's changes, before they are saved (pages_upload.c) -------------------------- */

/* One value the workbook changes: the form's row, what it shows now and what it would. */
typedef struct Change {
  int row;
  Figures now, next;
} Change;

struct EntryPreview {
  const SitePlan *sp;
  int year;
  const char *dept;
  EntryRow *rows;
  int nrows;
  RowView *views;
  Change *changes; /* savable: a number or a status word */
  int nchanges, cap;
  Change *cleared; /* emptied in the workbook: an entry cannot be empty */
  int ncleared, ccap;
};

/* The current value of indicator id in year of kind (VK_*) in p, or -1. */
static int value_in(const Plan *p, const char *id, int year, int kind) {
  int ind = plan_indicator(p, id), found = -1;
  for (int v = 0; ind >= 0 && v < p->nvalues; v++) {
    const Value *x = &p->values[v];
    if (x->indicator == ind && x->year == year && x->kind == kind && !x->superseded) found = v;
  }
  return found;
}

static int same_figures(const Figures *a, const Figures *b) {
  char fa[17], fb[17];
  fingerprint(a, fa);
  fingerprint(b, fb);
  return strcmp(fa, fb) == 0;
}

/* Row i's change, when the workbook changed its value (prev to next) and the form does not
   already show the new one. */
static void preview_row(EntryPreview *pv, const Plan *prev, const Plan *next, int i) {
  const EntryRow *row = &pv->rows[i];
  if (row->kind == ENTRY_GRADE) return;
  const char *id = entry_row_subject(pv->sp->plan, row);
  int kind = row->kind == ENTRY_ACTUAL ? VK_ACTUAL : VK_PROJECTION;
  Figures before, after;
  figures_of_value(prev, value_in(prev, id, pv->year, kind), &before);
  figures_of_value(next, value_in(next, id, pv->year, kind), &after);
  int changed = !same_figures(&before, &after) && !same_figures(&after, &pv->views[i].shown);
  figures_free(&before);
  if (!changed) {
    figures_free(&after);
    return;
  }
  int empty = !*after.num && !*after.text;
  Change **list = empty ? &pv->cleared : &pv->changes;
  int *n = empty ? &pv->ncleared : &pv->nchanges, *cap = empty ? &pv->ccap : &pv->cap;
  VEC_PUSH(*list, *n, *cap);
  Change *ch = &(*list)[(*n)++];
  ch->row = i;
  ch->next = after;
  const Figures *now = &pv->views[i].shown;
  ch->now = (Figures){
      .text = xstrdup(now->text), .as_of = xstrdup(now->as_of), .note = xstrdup(now->note)};
  memcpy(ch->now.num, now->num, sizeof ch->now.num);
}

EntryPreview *entry_preview_new(StaffCtx *c, const SitePlan *sp, int year, const char *dept,
                                const Plan *prev, const Plan *next, char *err, size_t errlen) {
  Entry *entries = NULL;
  int nentries = 0;
  int rc =
      entry_list(c->store, &c->actor, sp->plan->id, year, NULL, &entries, &nentries, err, errlen);
  if (rc) return NULL;
  EntryPreview *pv = xcalloc(1, sizeof *pv);
  pv->sp = sp;
  pv->year = year;
  pv->dept = dept;
  pv->nrows = entry_rows(sp->plan, sp->ev, dept, year, &pv->rows);
  pv->views = views_stored(sp, pv->rows, pv->nrows, year, entries, nentries);
  for (int i = 0; i < pv->nrows; i++)
    preview_row(pv, prev, next, i);
  for (int i = 0; i < pv->nrows; i++)
    pv->views[i].entry = NULL; /* it pointed into entries */
  entries_free(entries, nentries);
  return pv;
}

int entry_preview_changes(const EntryPreview *pv) {
  return pv->nchanges;
}

static void changes_free(Change *list, int n) {
  for (int i = 0; i < n; i++) {
    figures_free(&list[i].now);
    figures_free(&list[i].next);
  }
  free(list);
}

void entry_preview_free(EntryPreview *pv) {
  if (!pv) return;
  changes_free(pv->changes, pv->nchanges);
  changes_free(pv->cleared, pv->ncleared);
  views_free(pv->views, pv->nrows);
  free(pv->rows);
  free(pv);
}

/* 「1,234（集計中）」: a row's figures as the preview shows them. */
static void figures_words(Buf *b, const Figures *f) {
  if (!*f->num && !*f->text) {
    buf_put(b, "（なし）");
    return;
  }
  html_printf(b, "%s%r%s", f->num, *f->num && *f->text ? " " : "", f->text);
  if (*f->as_of) html_printf(b, "<br><span class=\"meta\">時点 %s</span>", f->as_of);
  if (*f->note) html_printf(b, "<br><span class=\"meta\">コメント: %s</span>", f->note);
}

static void change_subject(Buf *b, const EntryPreview *pv, const Change *ch) {
  const Plan *p = pv->sp->plan;
  const EntryRow *row = &pv->rows[ch->row];
  const Indicator *in = &p->inds[row->ind];
  html_printf(b, "<th scope=\"row\">%s %s</th><td>%s</td>", in->number ? in->number : "", in->name,
              entry_kind_words[row->kind]);
}

static void changes_table(Buf *b, const EntryPreview *pv) {
  buf_put(b, "<div class=\"wide\"><table class=\"preview\" id=\"changes\"><caption>ブックで変わる値"
             "</caption><thead><tr><th scope=\"col\">指標</th><th scope=\"col\">区分</th>"
             "<th scope=\"col\">現在</th><th scope=\"col\">ブックの値</th></tr></thead><tbody>\n");
  for (int i = 0; i < pv->nchanges; i++) {
    const Change *ch = &pv->changes[i];
    buf_put(b, "<tr>");
    change_subject(b, pv, ch);
    buf_put(b, "<td>");
    figures_words(b, &ch->now);
    buf_put(b, "</td><td>");
    figures_words(b, &ch->next);
    buf_put(b, "</td></tr>\n");
  }
  buf_put(b, "</tbody></table></div>\n");
}

/* The values emptied in the workbook: named, left out of the form. */
static void cleared_warning(Buf *b, const EntryPreview *pv) {
  if (!pv->ncleared) return;
  html_printf(b,
              "<div class=\"notice warning\" id=\"cleared\"><p>次の %d 件はブックで空欄にされて"
              "いますが、空欄のままでは保存できないため取り込みません。値がないときは状況列に"
              "「未定」「集計中」などを入力してください。</p><ul>",
              pv->ncleared);
  for (int i = 0; i < pv->ncleared; i++) {
    const EntryRow *row = &pv->rows[pv->cleared[i].row];
    const Indicator *in = &pv->sp->plan->inds[row->ind];
    html_printf(b, "<li>%s %s（%s）</li>", in->number ? in->number : "", in->name,
                entry_kind_words[row->kind]);
  }
  buf_put(b, "</ul></div>\n");
}

/* The entry form's hidden fields for the changes: posting it saves them as if typed. */
static void changes_form(StaffCtx *c, const EntryPreview *pv) {
  Buf *b = &c->out->body;
  const Plan *p = pv->sp->plan;
  staff_form_begin(c, "entry", "entry", p->id, pv->year, pv->dept);
  html_printf(b, "<input type=\"hidden\" name=\"rows\" value=\"%d\">", pv->nchanges);
  for (int i = 0; i < pv->nchanges; i++) {
    const Change *ch = &pv->changes[i];
    const EntryRow *row = &pv->rows[ch->row];
    const RowView *v = &pv->views[ch->row];
    html_printf(b,
                "<input type=\"hidden\" name=\"subject.%d\" value=\"%s\">"
                "<input type=\"hidden\" name=\"kind.%d\" value=\"%s\">"
                "<input type=\"hidden\" name=\"version.%d\" value=\"%d\">"
                "<input type=\"hidden\" name=\"orig.%d\" value=\"%s\">"
                "<input type=\"hidden\" name=\"num.%d\" value=\"%s\">"
                "<input type=\"hidden\" name=\"text.%d\" value=\"%s\">"
                "<input type=\"hidden\" name=\"as_of.%d\" value=\"%s\">"
                "<input type=\"hidden\" name=\"note.%d\" value=\"%s\">\n",
                i, entry_row_subject(p, row), i, entry_kind_names[row->kind], i, v->version, i,
                v->orig, i, ch->next.num, i, ch->next.text, i, ch->next.as_of, i, ch->next.note);
  }
  buf_put(b, "<p class=\"actions\"><button type=\"submit\" name=\"action\" value=\"submit\">"
             "この内容で保存して事務局へ提出</button> <button type=\"submit\" name=\"action\" "
             "value=\"save\">下書きとして保存</button></p></form>\n");
}

void entry_preview_render(StaffCtx *c, const EntryPreview *pv, const char *file) {
  const Plan *p = pv->sp->plan;
  char fy[64];
  Buf title = {0}, back = {0};
  buf_printf(&title, "入力ブックの確認: %s（%s）", pv->dept, fy_both(pv->year, fy));
  entry_url(&back, p, pv->year, pv->dept);
  Crumb crumbs[] = {{"スタッフ", "/staff/"}, {p->name, NULL}, {title.s, NULL}};
  staff_begin(c, title.s, crumbs, 3);
  Buf *b = &c->out->body;
  html_printf(b, "<h1>%s</h1>\n<p class=\"meta\">%s</p>\n", title.s, p->name);
  html_printf(b,
              "<p class=\"notice\" role=\"status\" id=\"preview-summary\">「%s」を読み取りました。"
              "変わる値は %d 件です。まだ保存していません。</p>\n",
              file, pv->nchanges);
  cleared_warning(b, pv);
  if (pv->nchanges) {
    changes_table(b, pv);
    buf_put(b, "<p>内容を確かめて、提出するか下書きとして保存してください。「コメント」は承認される"
               "と公開ページに掲載されます。</p>\n");
    changes_form(c, pv);
  } else {
    buf_put(b, "<p id=\"no-changes\">このブックで変わる値はありません（入力ページの値と同じです）。"
               "</p>\n");
  }
  html_printf(b, "<p><a href=\"%r\">取り込まずに入力ページへ戻る</a></p>\n", back.s);
  buf_free(&back);
  buf_free(&title);
  staff_end(c);
}
