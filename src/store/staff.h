/* SPDX-License-Identifier: Apache-2.0 */
/*
** staff.h — what the store keeps about the people who work on plans: accounts and their
** sessions, the figures departments enter (entries) and their way through review, reporting
** periods, reviewers' comments, and the audit trail every change to plan data appends to.
**
** Everything here runs inside the store's transactions: an entry approved is written into the
** plan's values and into the audit trail in one transaction, or not at all. The audit table
** refuses UPDATE and DELETE by triggers, and every row carries a SHA-256 chained over the row
** before it, so `shinchoku audit --verify` finds a row changed by someone who dropped the
** triggers. The functions are written once, over the SQL driver (db/db.h) the Store was
** opened on, so the same code serves SQLite and PostgreSQL.
**
** Conventions: 0 success, -1 failure with a message in err (English, for the log; pages show
** their own Japanese text), and the documented positive codes. Strings returned in structs are
** malloc'd and freed by the matching *_free function. Times are ISO 8601 UTC text
** ("2026-11-22T05:10:00Z") unless the name says seconds.
*/
#ifndef SHINCHOKU_STAFF_H
#define SHINCHOKU_STAFF_H

#include "../model/approval.h"
#include "../model/dec.h"
#include "store.h"
#include <stddef.h>

/* Who makes a change, and through what: via is "web", "cli" or "import". */
typedef struct Actor {
  const char *login; /* an account's login, or for the command line the OS user ("os:alice") */
  const char *via;
} Actor;

/* ---- tenancy: municipalities --------------------------------------------------------------- */

/* A plan, an account, a period and the audit trail belong to a municipality, named by its
   6-digit 全国地方公共団体コード. An account with a municipality acts only on that
   municipality's plans and accounts; an admin without one administers the installation (a
   prefecture: every municipality). Every workflow function that reads drafts or writes
   answers STAFF_FORBIDDEN (err saying why, in English) when its actor may not act on the
   plan or account; the pages answer 403, the command line an error. An actor through the web
   ("web") is the account of that login; any other actor (the command line, an import) acts
   for the installation. */
enum { STAFF_FORBIDDEN = 403, MUNICIPALITY_CODE_LEN = 6 };

typedef struct Municipality {
  char *code, *name;
  int nplans; /* plans stored under it */
} Municipality;

/* 1 when code is six digits. */
int municipality_code_valid(const char *code);
/* Register a municipality (audited "municipality.add"). 1 when the code is registered
   already; -1 on a malformed code or an empty name; STAFF_FORBIDDEN unless who acts for the
   installation. */
int municipality_add(Store *s, const char *code, const char *name, const Actor *who, char *err,
                     size_t errlen);
/* Every registered municipality, by code. */
int municipality_list(Store *s, Municipality **out, int *n, char *err, size_t errlen);
void municipalities_free(Municipality *list, int n);
/* 0 when who may act on plan (its municipality's, or the installation's actor);
   STAFF_FORBIDDEN otherwise (also for a plan not stored, unless the installation's); -1. */
int staff_may_plan(Store *s, const Actor *who, const char *plan, char *err, size_t errlen);
/* The municipality who acts for into code (MUNICIPALITY_CODE_LEN + 1 bytes): "" for the
   installation. STAFF_FORBIDDEN for a web actor without an enabled account or an editor or
   reviewer without a municipality; -1 on error. */
int staff_actor_municipality(Store *s, const Actor *who, char *code, char *err, size_t errlen);

/* ---- accounts ---------------------------------------------------------------------------- */

enum role { ROLE_NONE, ROLE_ADMIN, ROLE_EDITOR, ROLE_REVIEWER, ROLE__COUNT };
/* "", "admin", "editor", "reviewer" */
extern const char *const role_names[ROLE__COUNT];
/* In Japanese for pages: "", "事務局", "所管課", "委員" */
extern const char *const role_words[ROLE__COUNT];

typedef struct User {
  char *login, *name; /* name: a display name, may be NULL */
  int role;
  int disabled;
  int failures;           /* failed sign-ins since the last success */
  long long locked_until; /* seconds since the epoch; 0 when not locked */
  char *created_at;
  char **depts; /* the departments of an editor, ndepts of them */
  int ndepts;
  char *municipality; /* its code; NULL only for an admin of the installation */
} User;

void user_free(User *u);
void users_free(User *list, int n);
/* True when u may enter for dept of a plan of municipality code: u belongs to that
   municipality (an installation admin to every one) and is its admin or an editor of dept. */
int user_has_department(const User *u, const char *code, const char *dept);
/* True when u belongs to municipality code (an installation admin to every one). */
int user_in_municipality(const User *u, const char *code);

/* Argon2id (libargon2, RFC 9106 second recommended parameters scaled for a server: t=3,
   m=64 MiB, p=1, 16-byte salt from getrandom, 32-byte tag) in its encoded "$argon2id$..."
   form. 0, or -1 when the system cannot hash. */
int password_hash(const char *password, char *encoded, size_t cap);
/* 1 when password matches encoded, 0 when not (or encoded is malformed). */
int password_verify(const char *encoded, const char *password);
/* NULL when acceptable, else why not (Japanese, for the user): at least PASSWORD_MIN_CHARS
   characters, at most 1024 bytes of UTF-8, not the login (login may be NULL), not a common
   password (password_policy.c). */
enum { PASSWORD_MIN_CHARS = 12 };
const char *password_weakness(const char *password, const char *login);

/* Add an account of municipality (a registered code; NULL only for an admin, who then
   administers the installation). 1 when the login is taken; -1 (err) on bad input: a login is
   1–64 of [A-Za-z0-9._@-], an editor needs at least one department, others none, an editor or
   reviewer a municipality; STAFF_FORBIDDEN when who administers another municipality (or one,
   and the account would be an installation admin). Audited ("user.add", the municipality as
   the reason). */
int user_add(Store *s, const char *login, const char *name, int role, const char *const *depts,
             int ndepts, const char *municipality, const char *password, const Actor *who,
             char *err, size_t errlen);
/* 0 found, 1 no such user, -1 error. */
int user_get(Store *s, const char *login, User *out, char *err, size_t errlen);
/* Every account, by login. */
int user_list(Store *s, User **out, int *n, char *err, size_t errlen);
/* New password (also clears failures and lock; ends the user's sessions). 1 no such user;
   STAFF_FORBIDDEN when who acts for a municipality the account is not of. Audited ("user.passwd",
   never the password or its hash). */
int user_set_password(Store *s, const char *login, const char *password, const Actor *who,
                      char *err, size_t errlen);
/* Disable (ending the user's sessions) or enable (clearing failures and lock). 1 no such
   user; STAFF_FORBIDDEN as for user_set_password. Audited ("user.disable" / "user.enable"). */
int user_set_disabled(Store *s, const char *login, int disabled, const Actor *who, char *err,
                      size_t errlen);

/* Sign-in policy: after SIGNIN_MAX_FAILURES failures in a row an account is locked for
   SIGNIN_LOCK_SECONDS; each failure before that costs the caller signin_delay_ms(). */
enum { SIGNIN_MAX_FAILURES = 5, SIGNIN_LOCK_SECONDS = 15 * 60 };
enum signin_result { SIGNIN_OK, SIGNIN_BAD, SIGNIN_LOCKED, SIGNIN_DISABLED };
/* Check a password at time now (seconds). Counts failures, locks, and on success clears
   them. An unknown login costs a hash too (no timing oracle) and gives SIGNIN_BAD. Failed
   sign-ins and locks are audited ("signin.fail", "signin.lock"). The failure that reaches
   the limit answers SIGNIN_LOCKED; while locked, every attempt (right password or not) is
   SIGNIN_LOCKED and not counted; after the lock one more failure locks again, a success
   clears. A disabled account answers SIGNIN_DISABLED only to the right password (else
   SIGNIN_BAD). -1 on store error. */
int user_signin(Store *s, const char *login, const char *password, long long now, char *err,
                size_t errlen);
/* Check a password and count nothing: SIGNIN_OK, SIGNIN_BAD (also for an unknown login,
   after hashing as long), SIGNIN_DISABLED (the right password of a disabled account); -1 on
   store error. The web server counts failures per client address itself. */
int user_check_password(Store *s, const char *login, const char *password, char *err,
                        size_t errlen);
/* How long to hold a failed sign-in's answer: grows with the failures, at most 2 s. */
int signin_delay_ms(int failures);

/* ---- sessions ---------------------------------------------------------------------------- */

/* Sessions: a random 256-bit token in the cookie; the store keeps only its SHA-256. Idle
   expiry SESSION_IDLE_SECONDS, absolute SESSION_MAX_SECONDS (both overridable for tests by
   the environment: SHINCHOKU_SESSION_IDLE, SHINCHOKU_SESSION_MAX). */
enum { SESSION_IDLE_SECONDS = 30 * 60, SESSION_MAX_SECONDS = 10 * 60 * 60 };
enum { TOKEN_HEX = 64 }; /* a token as hex, without the terminating NUL */

typedef struct Session {
  User user;                /* the signed-in account (loaded fresh on every request) */
  char csrf[TOKEN_HEX + 1]; /* the token every form and state-changing request must carry */
} Session;

/* Fill hex (TOKEN_HEX + 1 bytes) with a fresh random token. -1 when getrandom fails. */
int token_new(char *hex);
/* Start a session for login: a new token (never one the client offered: no fixation) and a
   new CSRF token. 1 when there is no such account or it is disabled. Expired sessions of
   every user are deleted on the way. */
int session_create(Store *s, const char *login, long long now, char *token, char *csrf, char *err,
                   size_t errlen);
/* 0 and *out filled for a live session (its last-seen time moved to now), 1 when the token
   is unknown, expired, or its user is disabled (an expired session is deleted). */
int session_find(Store *s, const char *token, long long now, Session *out, char *err,
                 size_t errlen);
void session_free(Session *se);
int session_delete(Store *s, const char *token, char *err, size_t errlen);

/* A live session of a user, as the user may see it: never its token. */
typedef struct SessionInfo {
  long long id;            /* from the session's stored key: what ending it names */
  long long created, seen; /* seconds since the epoch */
  int current;             /* the session of the token asked with */
} SessionInfo;
/* The live sessions of the user whose session token is, most recently used first. 1 when
   token is not a session. */
int session_list(Store *s, const char *token, long long now, SessionInfo **out, int *n, char *err,
                 size_t errlen);
/* End session id of the user whose session token is (the current one too, when asked). 1
   when that user has no such session. */
int session_end(Store *s, const char *token, long long id, char *err, size_t errlen);
/* The signed-in user's own new password (already checked by the caller: the current
   password, password_weakness): set as user_set_password does (audited "user.passwd"),
   ending every other session of the user and keeping this one. 1 when token is not a
   session. */
int session_change_password(Store *s, const char *token, const char *password, const Actor *who,
                            char *err, size_t errlen);

/* ---- entries: figures a department enters, and their review ------------------------------ */

enum entry_kind { ENTRY_ACTUAL, ENTRY_PROJECTION, ENTRY_GRADE, ENTRY__COUNT };
extern const char *const entry_kind_names[ENTRY__COUNT]; /* "actual", "projection", "grade" */
extern const char *const entry_kind_words[ENTRY__COUNT]; /* 実績 見込み 評価 */
enum entry_state { ST_DRAFT, ST_SUBMITTED, ST_APPROVED, ST_RETURNED, ST__COUNT };
extern const char *const entry_state_names[ST__COUNT]; /* "draft", "submitted", ... */
extern const char *const entry_state_words[ST__COUNT]; /* 下書き 提出済み 承認済み 差戻し */

/* One figure as entered. subject: an indicator id (actual, projection, or a grade for an
   indicator without a numeric target) or a node id (a grade for a node without indicators).
   For ENTRY_GRADE, text is the grade symbol and note its basis. */
typedef struct Entry {
  long long id;
  char *plan, *subject;
  int year, kind;
  char *department; /* the department it was entered for */
  dec_t num;        /* DEC_NONE when none */
  char *text;       /* a status word (未定, 集計中) or, for a grade, its symbol */
  char *as_of, *note;
  int state, version; /* version: 1 after the first save, +1 on every save and every change
                         of state (submit, approve, return) */
  char *updated_at, *updated_by; /* the last save: who entered the figures */
  char *review_note;             /* the reason given when returned */
} Entry;

void entry_free(Entry *e);
void entries_free(Entry *list, int n);

/* Entries of a plan and year, all or one department's (dept NULL), ordered by id, as who
   may read them (STAFF_FORBIDDEN for another municipality's plan). */
int entry_list(Store *s, const Actor *who, const char *plan, int year, const char *dept,
               Entry **out, int *n, char *err, size_t errlen);
/* 0 found, 1 none; STAFF_FORBIDDEN as for entry_list. */
int entry_get(Store *s, const Actor *who, const char *plan, const char *subject, int year, int kind,
              Entry *out, char *err, size_t errlen);

enum { ENTRY_CONFLICT = 1 };
/* Save entries list[0..n) as drafts (state draft, version + 1), all in one transaction, when
   each stored entry's version is still expected[i] (0: there must be none yet). When one has
   moved on, nothing is saved and ENTRY_CONFLICT is returned with *conflict its index and
   *current (when not NULL) what is stored for it now. Any state may be saved over: a
   submitted or approved entry edited again becomes a draft to be submitted again (an approved
   figure stays in the plan's values until its successor is approved). Whether the period is
   open and the user may edit the subject is the caller's check. Audited per entry
   ("entry.save", old and new figures as text). Reads each entry's plan, subject, year, kind,
   department, num, text, as_of and note; an actual or projection needs a number or a status
   word, a grade its symbol (otherwise -1 and nothing saved). */
int entries_save(Store *s, const Entry *list, const int *expected, int n, const Actor *who,
                 int *conflict, Entry *current, char *err, size_t errlen);
/* Submit the department's drafts and returned entries of (plan, year). *count: how many.
   Audited per entry ("entry.submit"). */
int entries_submit(Store *s, const char *plan, int year, const char *dept, const Actor *who,
                   int *count, char *err, size_t errlen);
/* An entry as a page showed it: its id and version. */
typedef struct EntryStamp {
  long long id;
  int version;
} EntryStamp;
/* Approve the department's submitted entries: each one is written into the plan's values
   (actual/projection: the current value row updated in place, or added) or grades, in the
   same transaction, and audited with the value it replaced ("entry.approve"). -1 and nothing
   approved when an entry's subject is not in the plan. With seen (the submitted entries the
   approver was shown, nseen of them), ENTRY_CONFLICT and nothing approved unless the
   submitted entries are exactly those, each still at the version shown; seen NULL approves
   whatever is submitted (the command line, tests). */
/* The entries as the model's approval sees them (model/approval.h; pointing into list, which
   must outlive the result; caller frees the array): the store's approval and the review
   page's preview both apply them through approval_rows and approval_apply. */
ApprovalEntry *entries_as_approval(const Entry *list, int n);
int entries_approve(Store *s, const char *plan, int year, const char *dept, const EntryStamp *seen,
                    int nseen, const Actor *who, int *count, char *err, size_t errlen);
/* Return the department's submitted entries with a reason ("entry.return"; -1 when the
   reason is blank). The reason stays in review_note until the entry is submitted again. */
int entries_return(Store *s, const char *plan, int year, const char *dept, const char *reason,
                   const Actor *who, int *count, char *err, size_t errlen);

/* ---- reporting periods ------------------------------------------------------------------- */

typedef struct Period {
  char *plan;
  int year, open;
  char *changed_at, *changed_by;
  char *due; /* the due date of the departments' submissions (YYYY-MM-DD), or NULL */
} Period;

/* Open or close entry for (plan, year). Audited ("period.open" / "period.close"). */
int period_set(Store *s, const char *plan, int year, int open, const Actor *who, char *err,
               size_t errlen);
/* 1 open, 0 closed or never opened, -1 error. */
int period_is_open(Store *s, const char *plan, int year);
/* Every period of a plan (plan NULL: of every plan), by plan and year. */
int period_list(Store *s, const char *plan, Period **out, int *n, char *err, size_t errlen);
void periods_free(Period *list, int n);

/* ---- the entry round: due dates and reminders (remind.c) ---------------------------------- */

/* Set (due "YYYY-MM-DD") or clear (NULL) the due date of (plan, year); a period never opened
   is recorded as closed. Audited ("period.due", old and new date). */
int period_set_due(Store *s, const char *plan, int year, const char *due, const Actor *who,
                   char *err, size_t errlen);
/* The due date of (plan, year) into buf (>= 11 bytes): 0, 1 when none, -1 error. */
int period_due(Store *s, const char *plan, int year, char *buf, size_t len);
/* Set (or with NULL clear) the mail address of an account. Audited ("user.email"). 1 when
   there is no such account. */
int user_set_email(Store *s, const char *login, const char *email, const Actor *who, char *err,
                   size_t errlen);
/* The mail addresses of the enabled editors of dept, NULL-terminated (free with
   dept_list_free's shape: each string, then the array). */
int department_emails(Store *s, const char *dept, char ***out, char *err, size_t errlen);
void emails_free(char **list);
/* Record that dept of (plan, year) was reminded, to recipients (comma-separated), with why
   (the due date and the days left). Audited ("period.remind", subject = the department). */
int remind_record(Store *s, const char *plan, int year, const char *dept, const char *recipients,
                  const char *why, const Actor *who, char *err, size_t errlen);
/* Whether dept of (plan, year) was reminded today (the Japanese day, JST), as the audit trail
   records it: 1 yes, 0 no, -1 error. A second run on one day mails nobody twice. */
int remind_sent_today(Store *s, const char *plan, int year, const char *dept, char *err,
                      size_t errlen);

/* Record that who uploaded file (the name the browser gave, with its SHA-256 digest) as the
   workbook of dept for (plan, year), which would change changes values. Audited
   ("entry.upload", subject = the department) (uploads.c). */
int upload_record(Store *s, const char *plan, int year, const char *dept, const char *file,
                  const char *digest, int changes, const Actor *who, char *err, size_t errlen);

/* ---- the secretariat's narrative ----------------------------------------------------- */

/* Set node's narrative for year to text (NULL: remove it), author as its owner, writing only
   that row of the stored plan; recorded as a save of o would record it (narrative_history,
   audit action "narrative", imports, the revision). STAFF_FORBIDDEN for a plan who may not
   change. */
int plan_set_narrative(Store *s, const char *plan, const char *node, int year, const char *text,
                       const char *author, const Origin *o, char *err, size_t errlen);

/* ---- the evaluation policy ------------------------------------------------------------- */

/* Replace the stored policy of plan with json (already compiled by the caller). 1 when there
   is no such plan. Audited ("policy", old and new text, the reason given). */
int plan_set_policy(Store *s, const char *plan, const char *json, const char *reason,
                    const Actor *who, char *err, size_t errlen);

/* ---- editing values in place (a department workbook) ------------------------------------ */

/* What one actual or projection of (indicator, year) becomes: the plan's last current row of
   that key gets num, text, as_of, note and source (present), or is removed (present 0), or is
   added after the plan's last row. Strings are borrowed. */
typedef struct ValueEdit {
  const char *indicator;
  int year, kind; /* VK_ACTUAL or VK_PROJECTION */
  int present;
  dec_t num;
  const char *text, *as_of, *note, *source;
} ValueEdit;

/* Computes the edits against the plan as stored now (current), into *out (malloc'd, *n of
   them; strings must outlive the call of plan_edit_values). Non-zero refuses: nothing is
   stored and plan_edit_values returns PLAN_EDIT_REFUSED. */
typedef int (*ValueEditFn)(const Plan *current, void *ctx, ValueEdit **out, int *n);
enum { PLAN_EDIT_NO_PLAN = 1, PLAN_EDIT_REFUSED = 2 };

/* Change only some values of a stored plan, in one write transaction: the plan is loaded
   inside it (so nothing stored meanwhile — an approval, another workbook — is overwritten or
   lost), fn computes the edits against it, and only those rows are written. Audited like an
   import of o (one row with the file and its digest, one per value with old and new) and
   recorded in imports. *changed (when not NULL): how many values changed. PLAN_EDIT_NO_PLAN
   when there is no such plan. */
int plan_edit_values(Store *s, const char *plan, ValueEditFn fn, void *ctx, const Origin *o,
                     int *changed, char *err, size_t errlen);

/* ---- comments (reviewers and the secretariat, on a node or indicator) -------------------- */

typedef struct Comment {
  long long id;
  char *plan, *subject;
  int year;
  char *author, *at, *text;
} Comment;

int comment_add(Store *s, const char *plan, const char *subject, int year, const char *text,
                const Actor *who, char *err, size_t errlen);
/* Comments of a plan and year (subject NULL: all), oldest first; STAFF_FORBIDDEN for
   another municipality's plan. */
int comment_list(Store *s, const Actor *who, const char *plan, int year, const char *subject,
                 Comment **out, int *n, char *err, size_t errlen);
void comments_free(Comment *list, int n);

/* ---- settings (settings.c) ------------------------------------------------------------------ */

/* The installation's value of name (at most n - 1 bytes) into out, storing fresh as the value
   when there is none yet, so that every process gets the one the first stored: 0 or -1. */
int store_setting_once(Store *s, const char *name, const char *fresh, char *out, size_t n,
                       char *err, size_t errlen);

/* ---- audit trail -------------------------------------------------------------------------- */

typedef struct AuditRow {
  char *chain;   /* the municipality code of the row's chain; "" the installation's */
  long long seq; /* within the chain */
  char *at, *actor, *via, *action; /* action: "entry.save", "import", "user.add", ... */
  char *plan, *subject;            /* may be NULL */
  int year;                        /* 0 when none */
  char *field, *old_value, *new_value, *reason;
  char *hash; /* hex SHA-256 over the previous row's hash and this row */
} AuditRow;

/* Append one row (inside the caller's transaction when one is open) to the row's chain (the
   plan's municipality, an account's row the account's, else the installation's). Any string
   may be NULL. */
int audit_append(Store *s, const Actor *who, const char *action, const char *plan,
                 const char *subject, int year, const char *field, const char *old_value,
                 const char *new_value, const char *reason, char *err, size_t errlen);

/* Rows matching every non-NULL filter, newest first (by time across chains, by seq within
   one), at most limit (0: all). chain: one municipality's chain ("" the installation's). */
typedef struct AuditFilter {
  const char *chain, *plan, *subject, *actor, *action_prefix;
  int year;
  int limit;
} AuditFilter;
/* who reads: an actor of a municipality reads only its chain, and is refused
   (STAFF_FORBIDDEN) a filter naming another municipality's chain, plan or account, the
   installation's chain, or an actor that is not one of its accounts. */
int audit_list(Store *s, const Actor *who, const AuditFilter *f, AuditRow **out, int *n, char *err,
               size_t errlen);
void audit_rows_free(AuditRow *list, int n);
/* The chains that hold rows, in byte order ("" first). */
int audit_chains(Store *s, char ***out, int *n, char *err, size_t errlen);
void audit_chains_free(char **list, int n);
/* Recompute one chain ("" the installation's), reading no other. 0 intact; 1 broken, *bad the
   first row that does not match (or the first seq missing from 1, 2, 3...). */
int audit_verify_chain(Store *s, const char *chain, long long *bad, char *err, size_t errlen);
/* Every chain: 0 all intact; 1 one is broken (*bad as above, of the first broken chain). */
int audit_verify(Store *s, long long *bad, char *err, size_t errlen);
/* The stored hash (DIGEST_HEX + 1 bytes) of row *seq of chain, or with *seq 0 of its last row
   (*seq set to its seq): 0, or 1 when there is no such row. For checkpoints kept outside the
   store. */
int audit_hash_at(Store *s, const char *chain, long long *seq, char *hash, char *err,
                  size_t errlen);

#endif
