/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_upload.c — POST /staff/upload/PLAN: a department's filled entry workbook (.xlsx), sent
** from the entry page. It gets the checks `shinchoku import` gives a workbook (dept_read.c:
** the workbook's plan, department and year, every locked cell unchanged, the numbers and
** status words readable, nothing changed in the plan since it was written), each problem named
** by sheet and cell, then the user's rights on the workbook's department and the period. What
** passes is shown as a preview of the entry form's changes (pages_entry.c), whose button saves
** or submits them as entries, exactly as if typed. Nothing is stored before that but the audit
** row of the upload ("entry.upload": the file, its SHA-256, the number of changes).
*/
#include "../formats/dept.h"
#include "../model/digest.h"
#include "../model/text.h"
#include "staff.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_NAME_BYTES 120 /* of the file name kept for messages */

/* The upload's file name as messages show it: its last path part (browsers on Windows once
   sent "C:\...\file.xlsx"), without control characters, at most MAX_NAME_BYTES of whole
   characters; "workbook.xlsx" when nothing usable is left. */
static void display_name(const Upload *up, char *out, size_t cap) {
  const char *name = up->filename ? up->filename : "";
  for (const char *p = name; *p; p++)
    if (*p == '/' || *p == '\\') name = p + 1;
  size_t w = 0;
  for (const char *p = name; *p && w + 4 < cap && w < MAX_NAME_BYTES; p++)
    if ((unsigned char)*p >= 0x20 && *p != 0x7f) out[w++] = *p;
  while (w && !text_is_utf8(out, w)) /* a character cut at the limit: drop its bytes */
    w--;
  out[w] = 0;
  if (!w || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) snprintf(out, cap, "workbook.xlsx");
}

/* The upload written to a new private folder as name, for the workbook reader; the folder's
   path into dir. -1 when it cannot be written. */
static int write_temp(const Upload *up, const char *name, char *dir, size_t dcap, Buf *path) {
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, dcap, "%s/shinchoku-upload-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) return -1;
  buf_printf(path, "%s/%s", dir, name);
  FILE *f = fopen(path->s, "wbx");
  int ok = f && fwrite(up->data.s, 1, up->data.len, f) == up->data.len;
  if (f && fclose(f) != 0) ok = 0;
  return ok ? 0 : -1;
}

static void remove_temp(const char *dir, const Buf *path) {
  if (path->s) unlink(path->s);
  rmdir(dir);
}

/* A 422 page listing every problem (each names its sheet and cell), nothing saved. */
static void problems_page(StaffCtx *c, const SitePlan *sp, const char *file, const Errors *errs) {
  Crumb crumbs[] = {{"スタッフ", "/staff/"}, {sp->plan->name, NULL}, {"入力ブックの確認", NULL}};
  c->out->status = 422;
  staff_begin(c, "入力ブックを取り込めません", crumbs, 3);
  Buf *b = &c->out->body;
  html_printf(b,
              "<h1>入力ブックを取り込めません</h1>\n<p class=\"error\" role=\"alert\" "
              "id=\"upload-errors\">「%s」にエラーが %d 件あります。何も保存していません。"
              "直してからもう一度送ってください。</p>\n<ul class=\"errors\">",
              file, errs->count);
  for (int i = 0; i < errs->count; i++)
    html_printf(b, "<li>%s</li>", errs->msgs[i]);
  buf_put(b, "</ul>\n<p><a href=\"/staff/\">スタッフのページへ戻る</a></p>\n");
  staff_end(c);
}

/* The workbook read and checked against the plan as stored: the plan with it applied, or
   NULL with the reason (a page) sent. */
typedef struct Sent {
  DeptBook d;
  Plan *prev, *next;
  char file[MAX_NAME_BYTES + 8];
} Sent;

static void book_done(Sent *k) {
  dept_book_free(&k->d);
  plan_free(k->prev);
  plan_free(k->next);
}

/* Whether the user may send this workbook: its plan is this one, its department one the user
   enters for (and the one the form named), its period open (or the user the secretariat). */
static int may_send(StaffCtx *c, const SitePlan *sp, const Sent *k) {
  const User *u = staff_user(c);
  const char *dept = req_field(c->r, "dept");
  char fy[64];
  if (strcmp(k->d.plan_id, sp->plan->id) != 0) {
    staff_error(c, 422, "「%s」は計画「%s」の入力ブックです（この計画は「%s」）", k->file,
                k->d.plan_id, sp->plan->id);
  } else if (!staff_may_enter(u, sp->plan, k->d.dept)) {
    staff_error(c, 403, "「%s」は %s の入力ブックです。%s の入力はできません（担当している課だけ）",
                k->file, k->d.dept, k->d.dept);
  } else if (dept && *dept && strcmp(dept, k->d.dept) != 0) {
    staff_error(c, 422, "「%s」は %s の入力ブックです（%s の入力ページから送られました）", k->file,
                k->d.dept, dept);
  } else if (!site_has_department(sp, k->d.dept)) {
    staff_error(c, 404, "この計画に「%s」という所管課はありません", k->d.dept);
  } else if (k->d.year < sp->plan->first_year || k->d.year > sp->plan->last_year) {
    staff_error(c, 422, "「%s」の年度 %d は計画の期間外です", k->file, k->d.year);
  } else if (period_is_open(c->store, sp->plan->id, k->d.year) != 1 && u->role != ROLE_ADMIN) {
    staff_error(c, 403, "%s は入力の受付期間ではありません", fy_both(k->d.year, fy));
  } else {
    return 1;
  }
  return 0;
}

/* Read, check the rights on, and apply the uploaded workbook. 0, or -1 with a page sent. */
static int read_book(StaffCtx *c, const SitePlan *sp, const Upload *up, Sent *k) {
  Errors errs = {0};
  char dir[512], err[512] = "";
  Buf path = {0};
  display_name(up, k->file, sizeof k->file);
  if (write_temp(up, k->file, dir, sizeof dir, &path)) {
    fprintf(stderr, "shinchoku: upload: %s: %s\n", dir, strerror(errno));
    remove_temp(dir, &path);
    buf_free(&path);
    staff_error(c, 500, "送られたファイルを読み取れませんでした");
    return -1;
  }
  int rc = dept_read(path.s, &k->d, &errs);
  remove_temp(dir, &path);
  buf_free(&path);
  if (rc == 0 && !may_send(c, sp, k)) {
    errors_free(&errs);
    return -1;
  }
  if (rc == 0 && store_load(c->store, sp->plan->id, &k->prev, err, sizeof err) != 0) {
    fprintf(stderr, "shinchoku: upload: %s\n", err);
    staff_error(c, 500, "計画を読み込めません");
    errors_free(&errs);
    return -1;
  }
  if (rc == 0 && k->prev) k->next = dept_apply(k->prev, &k->d, &errs);
  if (!k->next) {
    if (!errs.count) errors_add(&errs, "%s: 入力ブックとして読み取れません", k->file);
    problems_page(c, sp, k->file, &errs);
  }
  errors_free(&errs);
  return k->next ? 0 : -1;
}

/* The refusals that need no reading: no file, or a file that is not an xlsx (a zip). */
static int refuse_file(StaffCtx *c, const Upload *up) {
  if (!up || !up->present || !up->data.len) {
    staff_error(c, 400, "ファイルが選ばれていません。記入した入力ブック（.xlsx）を選んでください");
    return 1;
  }
  if (up->data.len < 4 || memcmp(up->data.s, "PK\3\4", 4) != 0) {
    staff_error(c, 415,
                "Excel のブック（.xlsx）ではありません。shinchoku が書き出した入力ブックに記入"
                "して、そのまま送ってください（.xls や .csv は読めません）");
    return 1;
  }
  return 0;
}

void staff_page_upload(StaffCtx *c) {
  if (staff_deny_unless(c, ROLES(ROLE_ADMIN, ROLE_EDITOR))) return;
  const SitePlan *sp = staff_plan(c, 2);
  if (!sp || c->r->nparts != 3) {
    if (sp) staff_error(c, 404, "このページは見つかりません");
    return;
  }
  const Upload *up = c->r->upload;
  if (refuse_file(c, up)) return;
  Sent k = {0};
  if (read_book(c, sp, up, &k)) {
    book_done(&k);
    return;
  }
  char err[512], digest[DIGEST_HEX + 1];
  EntryPreview *pv = entry_preview_new(c, sp, k.d.year, k.d.dept, k.prev, k.next, err, sizeof err);
  int rc = pv ? upload_record(c->store, sp->plan->id, k.d.year, k.d.dept, k.file,
                              digest_bytes(up->data.s, up->data.len, digest),
                              entry_preview_changes(pv), &c->actor, err, sizeof err)
              : -1;
  if (staff_forbidden(c, rc)) {
  } else if (rc) {
    fprintf(stderr, "shinchoku: upload: %s\n", err);
    staff_error(c, 500, "入力ブックを確認できませんでした");
  } else {
    entry_preview_render(c, pv, k.file);
  }
  entry_preview_free(pv);
  book_done(&k);
}
