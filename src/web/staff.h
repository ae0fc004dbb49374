/* SPDX-License-Identifier: Apache-2.0 */
/*
** staff.h — what the staff pages (/staff: sign-in, data entry, review, reporting periods,
** accounts, history) share. staff.c routes a request to its page after the checks every
** request gets: the store opened for this request, the session found from its cookie, the
** sign-in demanded, and for a POST the CSRF token compared. Each page then checks the role
** (and an editor's departments) itself, through the helpers below, before it reads or writes.
** docs/workflow.md is the contract: routes, fields and status codes.
*/
#ifndef SHINCHOKU_WEB_STAFF_H
#define SHINCHOKU_WEB_STAFF_H

#include "../store/staff.h"
#include "web.h"

/* One staff request. */
typedef struct StaffCtx {
  const Site *site;
  const Req *r;
  Resp *out;
  Store *store; /* the server's handle lent to this request (pool.c) */
  Session se;   /* valid when signed_in */
  int signed_in;
  Actor actor;   /* {login, "web"} of the signed-in user */
  long long now; /* seconds since the epoch */
} StaffCtx;

/* The signed-in user (NULL when none). */
static inline const User *staff_user(const StaffCtx *c) {
  return c->signed_in ? &c->se.user : NULL;
}

/* Refuse with 403 and a page saying why, unless the user has one of the roles (a bitmask of
   1 << ROLE_*). Returns 1 when refused. */
int staff_deny_unless(StaffCtx *c, unsigned roles);
#define ROLES(...) staff_roles_mask((const int[]){__VA_ARGS__, -1})
unsigned staff_roles_mask(const int *roles);

/* The page skeleton for staff pages: the site's header, then who is signed in, the staff
   menu for the role and the sign-out button. */
void staff_begin(StaffCtx *c, const char *title, const Crumb *crumbs, int ncrumbs);
void staff_end(StaffCtx *c);
/* The hidden CSRF field every form carries. */
void staff_csrf_field(StaffCtx *c, Buf *b);
/* A one-button POST form to path (a literal) acting on (plan, year): hidden plan, year and
   action, the button labelled label and read out as "PLAN YEAR what". */
void staff_year_button(StaffCtx *c, Buf *b, const char *path, const char *plan, int year,
                       const char *action, const char *what, const char *label);
/* Open a POST form to /staff/WHAT/PLAN with the CSRF field and, for year and dept (when not
   0 / NULL), hidden fields. */
void staff_form_begin(StaffCtx *c, const char *cls, const char *what, const char *plan, int year,
                      const char *dept);
/* 303 to url (a path on this site). */
void staff_redirect(StaffCtx *c, const char *url);
/* An error page with the staff skeleton. */
void staff_error(StaffCtx *c, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A fiscal year from a query argument or form field (any form); -1 with a 400 page when it
   is missing or not a year of the plan. */
int staff_year(StaffCtx *c, const SitePlan *sp, const char *text, int *year);
/* The plan named by path part i; NULL with a 404 page when there is none, or a 403 page
   when it is another municipality's. */
const SitePlan *staff_plan(StaffCtx *c, int i);
/* A timestamp as Japanese local-style text "2026-11-22 14:05" (UTC as stored, marked). */
void staff_time(Buf *b, const char *iso);

/* May the user enter figures for dept of plan p? (an admin for every department, an editor
   for theirs; only of the user's municipality) */
int staff_may_enter(const User *u, const Plan *p, const char *dept);
/* May the user read the entries and history of dept of plan p? (admin, reviewer, or its
   editor; only of the user's municipality) */
int staff_may_read(const User *u, const Plan *p, const char *dept);
/* Whether the signed-in user's municipality is p's (an installation admin sees every plan). */
int staff_sees_plan(const StaffCtx *c, const Plan *p);
/* When rc is STAFF_FORBIDDEN (the store refused another municipality's plan or account): a
   403 page, and 1. Otherwise 0. */
int staff_forbidden(StaffCtx *c, int rc);

/* The subjects of an entry form: for each node in scope in year naming dept, its indicators'
   actual and projection, a grade for an indicator without a numeric target in year, and a
   grade for a node without indicators. */
typedef struct EntryRow {
  int node, ind; /* ind -1 for a node's grade */
  int kind;      /* ENTRY_* */
} EntryRow;
int entry_rows(const Plan *p, const Evaluation *ev, const char *dept, int year, EntryRow **out);
/* The id an entry of row has as subject. */
const char *entry_row_subject(const Plan *p, const EntryRow *row);

/* What a department workbook would change in the entry form of (dept, year) (pages_entry.c):
   the values the workbook changes (prev: the plan as stored, next: with the workbook applied)
   that the form does not already show. NULL with err when the entries cannot be read. */
typedef struct EntryPreview EntryPreview;
EntryPreview *entry_preview_new(StaffCtx *c, const SitePlan *sp, int year, const char *dept,
                                const Plan *prev, const Plan *next, char *err, size_t errlen);
int entry_preview_changes(const EntryPreview *pv);
/* The preview page: each change (now → in the workbook), and the entry form's fields that
   save (or save and submit) them, as if typed; file names the workbook. */
void entry_preview_render(StaffCtx *c, const EntryPreview *pv, const char *file);
void entry_preview_free(EntryPreview *pv);

/* The start page's list of what waits for the secretariat across plans (pages_admin.c):
   departments with submissions to review, returned entries, or a passed due date. */
void staff_waiting(StaffCtx *c, const Period *periods, int nperiods);
/* 「（提出期限 2025年5月31日・あと3日）」 for a due date (nothing for NULL). */
void staff_due_words(Buf *b, const char *due);

/* Pages (one file per family). */
void staff_page_login(StaffCtx *c);    /* GET, POST /staff/login */
void staff_page_logout(StaffCtx *c);   /* POST /staff/logout */
void staff_page_start(StaffCtx *c);    /* GET /staff/ */
void staff_page_entry(StaffCtx *c);    /* /staff/entry/PLAN */
void staff_page_upload(StaffCtx *c);   /* POST /staff/upload/PLAN: a filled workbook */
void staff_page_review(StaffCtx *c);   /* /staff/review/PLAN[/dept] */
void staff_page_comment(StaffCtx *c);  /* POST /staff/comment/PLAN */
void staff_page_missing(StaffCtx *c);  /* GET /staff/missing/PLAN */
void staff_page_periods(StaffCtx *c);  /* /staff/periods */
void staff_page_publish(StaffCtx *c);  /* /staff/publish */
void staff_page_users(StaffCtx *c);    /* /staff/users */
void staff_page_history(StaffCtx *c);  /* GET /staff/history/... */
void staff_page_policy(StaffCtx *c);   /* /staff/policy/PLAN */
void staff_page_password(StaffCtx *c); /* /staff/password: one's own password */
void staff_page_sessions(StaffCtx *c); /* /staff/sessions: one's own sessions */
void staff_page_preview(StaffCtx *c);  /* GET /staff/preview/...: the public site with drafts */

/* pretoken.c: the sign-in form's token (the `pre` cookie), signed by the server. */
/* The pre-token secret from the store, made and stored by the first server to ask (call once
   at start, before serving): 0; -1 (err says why) when it cannot be stored, and then this
   process uses a secret of its own. */
int pretoken_init(Store *s, char *err, size_t errlen);
int pretoken_new(char *hex); /* TOKEN_HEX + 1 bytes; -1 without random numbers */
int pretoken_valid(const char *hex);

/* throttle.c: failed sign-ins per (login, client address), in memory. */
enum { THROTTLE_LOCK_FIRST_SECONDS = 60, THROTTLE_LOCK_MAX_SECONDS = 60 * 60 };
typedef struct ThrottleResult {
  int failures;     /* of the pair, this one included */
  int delay_ms;     /* how long to hold this failure's answer */
  int lock_seconds; /* > 0 when this failure locked the pair */
} ThrottleResult;
/* Seconds the pair is still locked; 0 when it may try. */
int throttle_locked(const char *login, const char *addr, long long now);
/* Count a failure of the pair at now (seconds). */
void throttle_fail(const char *login, const char *addr, long long now, ThrottleResult *out);
/* A success: forget the pair. */
void throttle_clear(const char *login, const char *addr);
/* 1 when a sign-in row may go to the audit trail now (at most 30 per 10 minutes), with
 *dropped the rows left out since the last one written; 0 when this one is left out. */
int throttle_audit_allowed(long long now, int *dropped);

#endif
