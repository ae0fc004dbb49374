/* SPDX-License-Identifier: Apache-2.0 */
/*
** schema.h — the store's schema as numbered migrations. Migration i takes a store from
** version i to i + 1; a store records its version (SQLite: PRAGMA user_version) and `init`
** applies what is missing, each migration in its own transaction. Never edit a migration that
** has shipped: add the next one. Each version has its SQLite text and its PostgreSQL text side
** by side: the same tables, columns, nullability and indexes (test/cli/pg.sh compares them),
** with BIGINT for every int64 (millionths, seconds) where PostgreSQL's INTEGER has 32 bits,
** identity columns for SQLite's INTEGER PRIMARY KEY, and a trigger function where SQLite's
** triggers RAISE. PostgreSQL records its version in the table shinchoku_schema.
*/
#ifndef SHINCHOKU_SCHEMA_H
#define SHINCHOKU_SCHEMA_H

#include "sq.h"

/* A migration's SQL for each engine; optionally a step in C run after it in the same
   transaction (for what SQL cannot do on both engines, such as SHA-256), and SQL run after
   that step. */
typedef struct Migration {
  const char *sqlite, *postgresql;
  int (*step)(Db *db, char *err, size_t errlen);
  const char *sqlite_after, *postgresql_after;
} Migration;

/* The chain of an audit row of `audit a` (docs/store.md "Tenancy"): its plan's municipality, or
   for an account's row (user.*, signin.*) the account's; '' (the installation) otherwise.
   audit.c finds the chain of a row it writes by the same rule. */
#define AUDIT_ROW_CHAIN                                                                            \
  "CASE WHEN a.plan IS NOT NULL THEN"                                                              \
  "  coalesce((SELECT municipality_code FROM plans WHERE id = a.plan), '')"                        \
  " WHEN substr(a.action, 1, 5) = 'user.' OR substr(a.action, 1, 7) = 'signin.' THEN"              \
  "  coalesce((SELECT municipality FROM users WHERE login = a.subject), '')"                       \
  " ELSE '' END"
/* Whether splitting moves any row out of the installation's chain. */
#define AUDIT_ANY_MOVED "CASE WHEN EXISTS (SELECT 1 FROM c WHERE chain <> '') THEN 1 ELSE 0 END"

static const Migration schema_migrations[] = {
    /* 1: plans and everything in exchange format v1 */
    {"CREATE TABLE plans ("
     "  id TEXT PRIMARY KEY, name TEXT NOT NULL, municipality TEXT, municipality_code TEXT,"
     "  first_year INTEGER NOT NULL, last_year INTEGER NOT NULL, levels TEXT NOT NULL,"
     "  predecessor TEXT, source TEXT, policy TEXT NOT NULL, updated TEXT NOT NULL"
     ") STRICT;"
     "CREATE TABLE nodes ("
     "  plan TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
     "  id TEXT NOT NULL, parent TEXT, level INTEGER NOT NULL, number TEXT, name TEXT NOT NULL,"
     "  audience TEXT, summary TEXT, added_year INTEGER, ended_year INTEGER, decision TEXT,"
     "  decision_reason TEXT, also_under TEXT, continues TEXT, source TEXT,"
     "  PRIMARY KEY (plan, id),"
     "  FOREIGN KEY (plan, parent) REFERENCES nodes(plan, id) DEFERRABLE INITIALLY DEFERRED,"
     "  CHECK (decision IS NULL OR decision IN ('継続', '計画外', '終了'))"
     ") STRICT;"
     "CREATE TABLE node_departments ("
     "  plan TEXT NOT NULL, node TEXT NOT NULL, seq INTEGER NOT NULL, department TEXT NOT NULL,"
     "  PRIMARY KEY (plan, node, seq),"
     "  FOREIGN KEY (plan, node) REFERENCES nodes(plan, id) ON DELETE CASCADE"
     ") STRICT;"
     "CREATE INDEX node_departments_by_name ON node_departments(department);"
     "CREATE TABLE attrs ("
     "  plan TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE, owner_kind TEXT NOT NULL,"
     "  owner TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,"
     "  PRIMARY KEY (plan, owner_kind, owner, seq),"
     "  CHECK (owner_kind IN ('node', 'indicator'))"
     ") STRICT;"
     "CREATE TABLE indicators ("
     "  plan TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, node TEXT NOT NULL,"
     "  number TEXT, name TEXT NOT NULL, unit TEXT, direction TEXT NOT NULL,"
     "  accumulation TEXT NOT NULL, baseline INTEGER, baseline_year INTEGER,"
     "  composite_of TEXT, weight INTEGER, role TEXT, source TEXT,"
     "  PRIMARY KEY (plan, id),"
     "  FOREIGN KEY (plan, node) REFERENCES nodes(plan, id) ON DELETE CASCADE,"
     "  CHECK (direction IN ('up', 'down', 'maintain', 'milestone')),"
     "  CHECK (accumulation IN ('flow', 'cumulative', 'snapshot'))"
     ") STRICT;"
     "CREATE TABLE indicator_values ("
     "  plan TEXT NOT NULL, seq INTEGER NOT NULL, indicator TEXT NOT NULL,"
     "  year INTEGER NOT NULL, kind TEXT NOT NULL, num INTEGER, text TEXT, as_of TEXT,"
     "  note TEXT, revised TEXT, source TEXT, superseded INTEGER NOT NULL DEFAULT 0,"
     "  PRIMARY KEY (plan, seq),"
     "  FOREIGN KEY (plan, indicator) REFERENCES indicators(plan, id) ON DELETE CASCADE,"
     "  CHECK (kind IN ('target', 'actual', 'projection'))"
     ") STRICT, WITHOUT ROWID;"
     "CREATE TABLE target_history ("
     "  plan TEXT NOT NULL, indicator TEXT NOT NULL, year INTEGER NOT NULL, num INTEGER,"
     "  text TEXT, replaced_at TEXT NOT NULL, replaced_by TEXT"
     ") STRICT;"
     "CREATE TABLE grades ("
     "  plan TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
     "  subject TEXT NOT NULL, year INTEGER NOT NULL, grade TEXT NOT NULL, basis TEXT,"
     "  source TEXT, PRIMARY KEY (plan, seq)"
     ") STRICT;"
     "CREATE TABLE items ("
     "  plan TEXT NOT NULL, seq INTEGER NOT NULL, node TEXT NOT NULL, year INTEGER,"
     "  kind TEXT NOT NULL, owner TEXT, text TEXT, due TEXT, status TEXT, source TEXT,"
     "  PRIMARY KEY (plan, seq),"
     "  FOREIGN KEY (plan, node) REFERENCES nodes(plan, id) ON DELETE CASCADE"
     ") STRICT;"
     "CREATE TABLE printed ("
     "  plan TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
     "  subject TEXT NOT NULL, year INTEGER, what TEXT NOT NULL, value TEXT NOT NULL,"
     "  variant TEXT, level INTEGER, source TEXT, PRIMARY KEY (plan, seq)"
     ") STRICT;"
     "CREATE TABLE imports ("
     "  id INTEGER PRIMARY KEY, plan TEXT NOT NULL, at TEXT NOT NULL, origin TEXT,"
     "  nodes INTEGER, indicators INTEGER, nvalues INTEGER"
     ") STRICT;",
     "CREATE TABLE plans ("
     "  id TEXT PRIMARY KEY, name TEXT NOT NULL, municipality TEXT, municipality_code TEXT,"
     "  first_year INTEGER NOT NULL, last_year INTEGER NOT NULL, levels TEXT NOT NULL,"
     "  predecessor TEXT, source TEXT, policy TEXT NOT NULL, updated TEXT NOT NULL"
     ");"
     "CREATE TABLE nodes ("
     "  plan TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
     "  id TEXT NOT NULL, parent TEXT, level INTEGER NOT NULL, number TEXT, name TEXT NOT NULL,"
     "  audience TEXT, summary TEXT, added_year INTEGER, ended_year INTEGER, decision TEXT,"
     "  decision_reason TEXT, also_under TEXT, continues TEXT, source TEXT,"
     "  PRIMARY KEY (plan, id),"
     "  FOREIGN KEY (plan, parent) REFERENCES nodes(plan, id) DEFERRABLE INITIALLY DEFERRED,"
     "  CHECK (decision IS NULL OR decision IN ('継続', '計画外', '終了'))"
     ");"
     "CREATE TABLE node_departments ("
     "  plan TEXT NOT NULL, node TEXT NOT NULL, seq INTEGER NOT NULL, department TEXT NOT NULL,"
     "  PRIMARY KEY (plan, node, seq),"
     "  FOREIGN KEY (plan, node) REFERENCES nodes(plan, id) ON DELETE CASCADE"
     ");"
     "CREATE INDEX node_departments_by_name ON node_departments(department);"
     "CREATE TABLE attrs ("
     "  plan TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE, owner_kind TEXT NOT NULL,"
     "  owner TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,"
     "  PRIMARY KEY (plan, owner_kind, owner, seq),"
     "  CHECK (owner_kind IN ('node', 'indicator'))"
     ");"
     "CREATE TABLE indicators ("
     "  plan TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, node TEXT NOT NULL,"
     "  number TEXT, name TEXT NOT NULL, unit TEXT, direction TEXT NOT NULL,"
     "  accumulation TEXT NOT NULL, baseline BIGINT, baseline_year INTEGER,"
     "  composite_of TEXT, weight BIGINT, role TEXT, source TEXT,"
     "  PRIMARY KEY (plan, id),"
     "  FOREIGN KEY (plan, node) REFERENCES nodes(plan, id) ON DELETE CASCADE,"
     "  CHECK (direction IN ('up', 'down', 'maintain', 'milestone')),"
     "  CHECK (accumulation IN ('flow', 'cumulative', 'snapshot'))"
     ");"
     "CREATE TABLE indicator_values ("
     "  plan TEXT NOT NULL, seq INTEGER NOT NULL, indicator TEXT NOT NULL,"
     "  year INTEGER NOT NULL, kind TEXT NOT NULL, num BIGINT, text TEXT, as_of TEXT,"
     "  note TEXT, revised TEXT, source TEXT, superseded INTEGER NOT NULL DEFAULT 0,"
     "  PRIMARY KEY (plan, seq),"
     "  FOREIGN KEY (plan, indicator) REFERENCES indicators(plan, id) ON DELETE CASCADE,"
     "  CHECK (kind IN ('target', 'actual', 'projection'))"
     ");"
     "CREATE TABLE target_history ("
     "  plan TEXT NOT NULL, indicator TEXT NOT NULL, year INTEGER NOT NULL, num BIGINT,"
     "  text TEXT, replaced_at TEXT NOT NULL, replaced_by TEXT"
     ");"
     "CREATE TABLE grades ("
     "  plan TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
     "  subject TEXT NOT NULL, year INTEGER NOT NULL, grade TEXT NOT NULL, basis TEXT,"
     "  source TEXT, PRIMARY KEY (plan, seq)"
     ");"
     "CREATE TABLE items ("
     "  plan TEXT NOT NULL, seq INTEGER NOT NULL, node TEXT NOT NULL, year INTEGER,"
     "  kind TEXT NOT NULL, owner TEXT, text TEXT, due TEXT, status TEXT, source TEXT,"
     "  PRIMARY KEY (plan, seq),"
     "  FOREIGN KEY (plan, node) REFERENCES nodes(plan, id) ON DELETE CASCADE"
     ");"
     "CREATE TABLE printed ("
     "  plan TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
     "  subject TEXT NOT NULL, year INTEGER, what TEXT NOT NULL, value TEXT NOT NULL,"
     "  variant TEXT, level INTEGER, source TEXT, PRIMARY KEY (plan, seq)"
     ");"
     "CREATE TABLE imports ("
     "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, plan TEXT NOT NULL,"
     "  at TEXT NOT NULL, origin TEXT,"
     "  nodes INTEGER, indicators INTEGER, nvalues INTEGER"
     ");"},
    /* 2: index the child side of foreign keys. Without nodes_by_parent, deleting a plan's
       nodes (every re-import does) scans the plan's nodes once per deleted node. Values have
       no such index on purpose: a plan's values are deleted before its indicators, so the
       foreign-key look-up finds the plan's range of the primary key empty at once, and an
       index over millions of values would slow every import. */
    {"CREATE INDEX nodes_by_parent ON nodes(plan, parent);"
     "CREATE INDEX indicators_by_node ON indicators(plan, node);"
     "CREATE INDEX items_by_node ON items(plan, node);",
     "CREATE INDEX nodes_by_parent ON nodes(plan, parent);"
     "CREATE INDEX indicators_by_node ON indicators(plan, node);"
     "CREATE INDEX items_by_node ON items(plan, node);"},
    /* 3: the secretariat's own report texts (items of kind narrative) as they were before
       each change, like target_history for targets */
    {"CREATE TABLE narrative_history ("
     "  plan TEXT NOT NULL, node TEXT NOT NULL, year INTEGER, text TEXT,"
     "  replaced_at TEXT NOT NULL, replaced_by TEXT"
     ") STRICT;",
     "CREATE TABLE narrative_history ("
     "  plan TEXT NOT NULL, node TEXT NOT NULL, year INTEGER, text TEXT,"
     "  replaced_at TEXT NOT NULL, replaced_by TEXT"
     ");"},
    /* 4: the staff workflow (docs/workflow.md, staff.h): accounts and their sessions (the
       SHA-256 of each token, never the token), the figures departments enter and their review,
       reporting periods, reviewers' comments, and the append-only audit trail. entries,
       periods and comments name their plan without a foreign key on purpose: every import
       deletes and re-inserts the plan's row, which would cascade them away. The triggers are
       SQLite's form; PostgreSQL needs a trigger function raising the same error. */
    {"CREATE TABLE users ("
     "  login TEXT PRIMARY KEY, name TEXT, role TEXT NOT NULL, password TEXT NOT NULL,"
     "  disabled INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,"
     "  locked_until INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,"
     "  CHECK (role IN ('admin', 'editor', 'reviewer')), CHECK (disabled IN (0, 1))"
     ") STRICT;"
     "CREATE TABLE user_departments ("
     "  login TEXT NOT NULL REFERENCES users(login) ON DELETE CASCADE,"
     "  department TEXT NOT NULL, PRIMARY KEY (login, department)"
     ") STRICT;"
     "CREATE TABLE sessions ("
     "  token TEXT PRIMARY KEY, login TEXT NOT NULL REFERENCES users(login) ON DELETE CASCADE,"
     "  csrf TEXT NOT NULL, created INTEGER NOT NULL, seen INTEGER NOT NULL"
     ") STRICT;"
     "CREATE INDEX sessions_by_login ON sessions(login);"
     "CREATE TABLE entries ("
     "  id INTEGER PRIMARY KEY, plan TEXT NOT NULL, subject TEXT NOT NULL, year INTEGER NOT NULL,"
     "  kind TEXT NOT NULL, department TEXT NOT NULL, num INTEGER, text TEXT, as_of TEXT,"
     "  note TEXT, state TEXT NOT NULL DEFAULT 'draft', version INTEGER NOT NULL DEFAULT 1,"
     "  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL, review_note TEXT,"
     "  UNIQUE (plan, subject, year, kind),"
     "  CHECK (kind IN ('actual', 'projection', 'grade')),"
     "  CHECK (state IN ('draft', 'submitted', 'approved', 'returned'))"
     ") STRICT;"
     "CREATE INDEX entries_by_department ON entries(plan, year, department);"
     "CREATE TABLE periods ("
     "  plan TEXT NOT NULL, year INTEGER NOT NULL, open INTEGER NOT NULL,"
     "  changed_at TEXT NOT NULL, changed_by TEXT NOT NULL, PRIMARY KEY (plan, year),"
     "  CHECK (open IN (0, 1))"
     ") STRICT;"
     "CREATE TABLE comments ("
     "  id INTEGER PRIMARY KEY, plan TEXT NOT NULL, subject TEXT NOT NULL, year INTEGER NOT NULL,"
     "  author TEXT NOT NULL, at TEXT NOT NULL, text TEXT NOT NULL"
     ") STRICT;"
     "CREATE INDEX comments_by_plan ON comments(plan, year);"
     "CREATE TABLE audit ("
     "  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, via TEXT NOT NULL,"
     "  action TEXT NOT NULL, plan TEXT, subject TEXT, year INTEGER, field TEXT, old TEXT,"
     "  new TEXT, reason TEXT, hash TEXT NOT NULL"
     ") STRICT;"
     "CREATE INDEX audit_by_subject ON audit(plan, subject);"
     "CREATE INDEX audit_by_actor ON audit(actor);"
     "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
     "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be changed'); END;"
     "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
     "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be deleted'); END;"
     "ALTER TABLE imports ADD COLUMN actor TEXT;"
     "ALTER TABLE imports ADD COLUMN digest TEXT;",
     "CREATE TABLE users ("
     "  login TEXT PRIMARY KEY, name TEXT, role TEXT NOT NULL, password TEXT NOT NULL,"
     "  disabled INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0,"
     "  locked_until BIGINT NOT NULL DEFAULT 0, created_at TEXT NOT NULL,"
     "  CHECK (role IN ('admin', 'editor', 'reviewer')), CHECK (disabled IN (0, 1))"
     ");"
     "CREATE TABLE user_departments ("
     "  login TEXT NOT NULL REFERENCES users(login) ON DELETE CASCADE,"
     "  department TEXT NOT NULL, PRIMARY KEY (login, department)"
     ");"
     "CREATE TABLE sessions ("
     "  token TEXT PRIMARY KEY, login TEXT NOT NULL REFERENCES users(login) ON DELETE CASCADE,"
     "  csrf TEXT NOT NULL, created BIGINT NOT NULL, seen BIGINT NOT NULL"
     ");"
     "CREATE INDEX sessions_by_login ON sessions(login);"
     "CREATE TABLE entries ("
     "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, plan TEXT NOT NULL,"
     "  subject TEXT NOT NULL, year INTEGER NOT NULL,"
     "  kind TEXT NOT NULL, department TEXT NOT NULL, num BIGINT, text TEXT, as_of TEXT,"
     "  note TEXT, state TEXT NOT NULL DEFAULT 'draft', version INTEGER NOT NULL DEFAULT 1,"
     "  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL, review_note TEXT,"
     "  UNIQUE (plan, subject, year, kind),"
     "  CHECK (kind IN ('actual', 'projection', 'grade')),"
     "  CHECK (state IN ('draft', 'submitted', 'approved', 'returned'))"
     ");"
     "CREATE INDEX entries_by_department ON entries(plan, year, department);"
     "CREATE TABLE periods ("
     "  plan TEXT NOT NULL, year INTEGER NOT NULL, open INTEGER NOT NULL,"
     "  changed_at TEXT NOT NULL, changed_by TEXT NOT NULL, PRIMARY KEY (plan, year),"
     "  CHECK (open IN (0, 1))"
     ");"
     "CREATE TABLE comments ("
     "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, plan TEXT NOT NULL,"
     "  subject TEXT NOT NULL, year INTEGER NOT NULL,"
     "  author TEXT NOT NULL, at TEXT NOT NULL, text TEXT NOT NULL"
     ");"
     "CREATE INDEX comments_by_plan ON comments(plan, year);"
     "CREATE TABLE audit ("
     "  seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, via TEXT NOT NULL,"
     "  action TEXT NOT NULL, plan TEXT, subject TEXT, year INTEGER, field TEXT, old TEXT,"
     "  new TEXT, reason TEXT, hash TEXT NOT NULL"
     ");"
     "CREATE INDEX audit_by_subject ON audit(plan, subject);"
     "CREATE INDEX audit_by_actor ON audit(actor);"
     "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
     "  RAISE EXCEPTION 'the audit trail is append-only: rows cannot be %',"
     "    CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END; END $$;"
     "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
     "  FOR EACH ROW EXECUTE FUNCTION audit_append_only();"
     "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
     "  FOR EACH ROW EXECUTE FUNCTION audit_append_only();"
     "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit"
     "  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();"
     "ALTER TABLE imports ADD COLUMN actor TEXT;"
     "ALTER TABLE imports ADD COLUMN digest TEXT;"},
    /* 5: the audit trail, hardened. A row may only be appended after the last one, with the
       next seq: INSERT OR REPLACE, REPLACE and an upsert of an existing seq are refused
       before SQLite's conflict resolution deletes the row they replace (which fires no DELETE
       trigger). Rows from audit_format.since on are hashed in format 2 (a typed,
       length-prefixed encoding of every field, audit.c); the rows before it keep format 1,
       so an existing chain is verified as it was written, never rewritten. */
    {"CREATE TRIGGER audit_append_only BEFORE INSERT ON audit"
     "  WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit)"
     "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: a row goes after the last"
     " one'); END;"
     "CREATE TABLE audit_format (since INTEGER PRIMARY KEY, format INTEGER NOT NULL) STRICT;"
     "INSERT INTO audit_format (since, format) SELECT coalesce(max(seq), 0) + 1, 2 FROM audit;"
     "CREATE TRIGGER audit_format_fixed_insert BEFORE INSERT ON audit_format"
     "  BEGIN SELECT RAISE(ABORT, 'the audit trail''s format is fixed'); END;"
     "CREATE TRIGGER audit_format_fixed_update BEFORE UPDATE ON audit_format"
     "  BEGIN SELECT RAISE(ABORT, 'the audit trail''s format is fixed'); END;"
     "CREATE TRIGGER audit_format_fixed_delete BEFORE DELETE ON audit_format"
     "  BEGIN SELECT RAISE(ABORT, 'the audit trail''s format is fixed'); END;",
     "CREATE FUNCTION audit_append_next() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
     "  IF NEW.seq IS DISTINCT FROM (SELECT coalesce(max(seq), 0) + 1 FROM audit) THEN"
     "    RAISE EXCEPTION 'the audit trail is append-only: a row goes after the last one';"
     "  END IF; RETURN NEW; END $$;"
     "CREATE TRIGGER audit_append_only BEFORE INSERT ON audit"
     "  FOR EACH ROW EXECUTE FUNCTION audit_append_next();"
     "CREATE TABLE audit_format (since BIGINT PRIMARY KEY, format INTEGER NOT NULL);"
     "INSERT INTO audit_format (since, format) SELECT coalesce(max(seq), 0) + 1, 2 FROM audit;"
     "CREATE FUNCTION audit_format_fixed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
     "  RAISE EXCEPTION 'the audit trail''s format is fixed'; END $$;"
     "CREATE TRIGGER audit_format_fixed BEFORE INSERT OR UPDATE OR DELETE ON audit_format"
     "  FOR EACH ROW EXECUTE FUNCTION audit_format_fixed();"
     "CREATE TRIGGER audit_format_no_truncate BEFORE TRUNCATE ON audit_format"
     "  FOR EACH STATEMENT EXECUTE FUNCTION audit_format_fixed();"},
    /* 6: tenancy (docs/store.md, "Tenancy"). A plan belongs to a municipality (its 6-digit
       全国地方公共団体コード): the migration registers every code already in plans, and 000000
       (未設定) for plans without one. SQLite cannot make an existing column NOT NULL nor add a
       foreign key to it without rebuilding plans, whose rows every other plan table cascades
       from, so its triggers refuse a plan row without a registered code (and a registered
       code still in use from being deleted); PostgreSQL has the foreign key and a CHECK. An
       account belongs to a municipality too: NULL only for an installation admin; an
       existing editor or reviewer gets the store's one municipality when there is exactly
       one (otherwise none, and is refused everything until given one). */
    {"CREATE TABLE municipalities ("
     "  code TEXT PRIMARY KEY, name TEXT NOT NULL, CHECK (length(code) = 6)"
     ") STRICT;"
     "INSERT INTO municipalities (code, name)"
     "  SELECT municipality_code, coalesce(max(municipality), municipality_code) FROM plans"
     "  WHERE length(municipality_code) = 6 GROUP BY municipality_code;"
     "UPDATE plans SET municipality_code = '000000'"
     "  WHERE municipality_code IS NULL OR length(municipality_code) <> 6;"
     "INSERT INTO municipalities (code, name) SELECT '000000', '未設定'"
     "  WHERE EXISTS (SELECT 1 FROM plans WHERE municipality_code = '000000')"
     "  AND NOT EXISTS (SELECT 1 FROM municipalities WHERE code = '000000');"
     "CREATE INDEX plans_by_municipality ON plans(municipality_code);"
     "CREATE TRIGGER plans_municipality_insert BEFORE INSERT ON plans"
     "  WHEN NEW.municipality_code IS NULL OR NOT EXISTS"
     "    (SELECT 1 FROM municipalities WHERE code = NEW.municipality_code)"
     "  BEGIN SELECT RAISE(ABORT, 'a plan belongs to a registered municipality'); END;"
     "CREATE TRIGGER plans_municipality_update BEFORE UPDATE OF municipality_code ON plans"
     "  WHEN NEW.municipality_code IS NULL OR NOT EXISTS"
     "    (SELECT 1 FROM municipalities WHERE code = NEW.municipality_code)"
     "  BEGIN SELECT RAISE(ABORT, 'a plan belongs to a registered municipality'); END;"
     "CREATE TRIGGER municipalities_in_use BEFORE DELETE ON municipalities"
     "  WHEN EXISTS (SELECT 1 FROM plans WHERE municipality_code = OLD.code)"
     "    OR EXISTS (SELECT 1 FROM users WHERE municipality = OLD.code)"
     "  BEGIN SELECT RAISE(ABORT, 'the municipality still has plans or accounts'); END;"
     "ALTER TABLE users ADD COLUMN municipality TEXT REFERENCES municipalities(code);"
     "UPDATE users SET municipality = (SELECT min(code) FROM municipalities)"
     "  WHERE role <> 'admin' AND (SELECT count(*) FROM municipalities) = 1;",
     "CREATE TABLE municipalities ("
     "  code TEXT PRIMARY KEY, name TEXT NOT NULL, CHECK (length(code) = 6)"
     ");"
     "INSERT INTO municipalities (code, name)"
     "  SELECT municipality_code, coalesce(max(municipality), municipality_code) FROM plans"
     "  WHERE length(municipality_code) = 6 GROUP BY municipality_code;"
     "UPDATE plans SET municipality_code = '000000'"
     "  WHERE municipality_code IS NULL OR length(municipality_code) <> 6;"
     "INSERT INTO municipalities (code, name) SELECT '000000', '未設定'"
     "  WHERE EXISTS (SELECT 1 FROM plans WHERE municipality_code = '000000')"
     "  AND NOT EXISTS (SELECT 1 FROM municipalities WHERE code = '000000');"
     "CREATE INDEX plans_by_municipality ON plans(municipality_code);"
     "ALTER TABLE plans ADD CONSTRAINT plans_municipality_required"
     "  CHECK (municipality_code IS NOT NULL);"
     "ALTER TABLE plans ADD CONSTRAINT plans_municipality_known"
     "  FOREIGN KEY (municipality_code) REFERENCES municipalities(code);"
     "ALTER TABLE users ADD COLUMN municipality TEXT REFERENCES municipalities(code);"
     "UPDATE users SET municipality = (SELECT min(code) FROM municipalities)"
     "  WHERE role <> 'admin' AND (SELECT count(*) FROM municipalities) = 1;"},
    /* 7: the entry round: a period's due date (ISO date, NULL when none) and an account's mail
       address, to which `period remind` writes (store/remind.c). */
    {"ALTER TABLE periods ADD COLUMN due TEXT;"
     "ALTER TABLE users ADD COLUMN email TEXT;",
     "ALTER TABLE periods ADD COLUMN due TEXT;"
     "ALTER TABLE users ADD COLUMN email TEXT;"},
    /* 8: each plan's revision: bumped in the same transaction as every write that changes what
       the public site shows (a save, an approval, a policy, edited values), so that every
       server on the database polls it and reloads only the plans that changed
       (revisions.c, src/web/watch.c). No foreign key: a save replaces the plans row. */
    {"CREATE TABLE plan_revisions (plan TEXT PRIMARY KEY, revision INTEGER NOT NULL) STRICT;"
     "INSERT INTO plan_revisions (plan, revision) SELECT id, 1 FROM plans;",
     "CREATE TABLE plan_revisions (plan TEXT PRIMARY KEY, revision BIGINT NOT NULL);"
     "INSERT INTO plan_revisions (plan, revision) SELECT id, 1 FROM plans;"},
    /* 9: publication (docs/workflow.md): the (plan, year) pairs the secretariat has made
       public; the public site, API, downloads and reports show only these years' results.
       Like periods, no foreign key: every import deletes and re-inserts the plan's row. An
       existing store keeps showing what it showed, except figures that only approvals put in:
       every year with a result that did not come from an approval ("承認 LOGIN") is recorded
       as published by "migration". */
    {"CREATE TABLE published ("
     "  plan TEXT NOT NULL, year INTEGER NOT NULL, published_at TEXT NOT NULL,"
     "  published_by TEXT NOT NULL, PRIMARY KEY (plan, year)"
     ") STRICT;"
     "INSERT INTO published (plan, year, published_at, published_by)"
     "  SELECT plan, year, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'migration' FROM ("
     "    SELECT plan, year FROM indicator_values WHERE kind <> 'target' AND superseded = 0"
     "      AND (source IS NULL OR source NOT LIKE '承認 %')"
     "    UNION SELECT plan, year FROM grades WHERE source IS NULL OR source NOT LIKE '承認 %');",
     "CREATE TABLE published ("
     "  plan TEXT NOT NULL, year INTEGER NOT NULL, published_at TEXT NOT NULL,"
     "  published_by TEXT NOT NULL, PRIMARY KEY (plan, year)"
     ");"
     "INSERT INTO published (plan, year, published_at, published_by)"
     "  SELECT plan, year, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
     "    'migration' FROM ("
     "    SELECT plan, year FROM indicator_values WHERE kind <> 'target' AND superseded = 0"
     "      AND (source IS NULL OR source NOT LIKE '承認 %')"
     "    UNION SELECT plan, year FROM grades WHERE source IS NULL OR source NOT LIKE '承認 %')"
     "  AS results;"},
    /* 10: committee meetings (members, agenda) and snapshots (docs/meetings.md). Each row names
       its plan without a foreign key, as entries do: an import deletes and re-inserts the plan
       row. The meeting rows are replaced with the plan; a snapshot is the plan frozen as the
       exchange format's JSON document, kept read-only by triggers (an import never touches
       it). IF NOT EXISTS / OR REPLACE: a store rewound to an older version re-applies this. */
    {"CREATE TABLE IF NOT EXISTS meetings ("
     "  plan TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, date TEXT,"
     "  time TEXT, place TEXT, business TEXT, agenda TEXT, members_as_of TEXT, source TEXT,"
     "  PRIMARY KEY (plan, id)"
     ") STRICT;"
     "CREATE TABLE IF NOT EXISTS meeting_members ("
     "  plan TEXT NOT NULL, meeting TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT,"
     "  name TEXT NOT NULL, reading TEXT, affiliation TEXT, position TEXT, note TEXT, source TEXT,"
     "  PRIMARY KEY (plan, meeting, seq)"
     ") STRICT;"
     "CREATE TABLE IF NOT EXISTS meeting_agenda ("
     "  plan TEXT NOT NULL, meeting TEXT NOT NULL, seq INTEGER NOT NULL, label TEXT NOT NULL,"
     "  kind TEXT, variant TEXT, title TEXT, source TEXT, PRIMARY KEY (plan, meeting, seq)"
     ") STRICT;"
     "CREATE TABLE IF NOT EXISTS snapshots ("
     "  plan TEXT NOT NULL, name TEXT NOT NULL, meeting TEXT, taken_at TEXT NOT NULL,"
     "  taken_by TEXT NOT NULL, plan_updated TEXT, digest TEXT NOT NULL, document TEXT NOT NULL,"
     "  PRIMARY KEY (plan, name)"
     ") STRICT;"
     "CREATE TRIGGER IF NOT EXISTS snapshots_no_update BEFORE UPDATE ON snapshots"
     "  BEGIN SELECT RAISE(ABORT, 'a snapshot is read-only: it cannot be changed'); END;"
     "CREATE TRIGGER IF NOT EXISTS snapshots_no_delete BEFORE DELETE ON snapshots"
     "  BEGIN SELECT RAISE(ABORT, 'a snapshot is read-only: it cannot be deleted'); END;",
     "CREATE TABLE IF NOT EXISTS meetings ("
     "  plan TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, date TEXT,"
     "  time TEXT, place TEXT, business TEXT, agenda TEXT, members_as_of TEXT, source TEXT,"
     "  PRIMARY KEY (plan, id)"
     ");"
     "CREATE TABLE IF NOT EXISTS meeting_members ("
     "  plan TEXT NOT NULL, meeting TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT,"
     "  name TEXT NOT NULL, reading TEXT, affiliation TEXT, position TEXT, note TEXT, source TEXT,"
     "  PRIMARY KEY (plan, meeting, seq)"
     ");"
     "CREATE TABLE IF NOT EXISTS meeting_agenda ("
     "  plan TEXT NOT NULL, meeting TEXT NOT NULL, seq INTEGER NOT NULL, label TEXT NOT NULL,"
     "  kind TEXT, variant TEXT, title TEXT, source TEXT, PRIMARY KEY (plan, meeting, seq)"
     ");"
     "CREATE TABLE IF NOT EXISTS snapshots ("
     "  plan TEXT NOT NULL, name TEXT NOT NULL, meeting TEXT, taken_at TEXT NOT NULL,"
     "  taken_by TEXT NOT NULL, plan_updated TEXT, digest TEXT NOT NULL, document TEXT NOT NULL,"
     "  PRIMARY KEY (plan, name)"
     ");"
     "CREATE OR REPLACE FUNCTION snapshots_read_only() RETURNS trigger LANGUAGE plpgsql AS $$"
     "  BEGIN RAISE EXCEPTION 'a snapshot is read-only: it cannot be %',"
     "    CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END; END $$;"
     "CREATE OR REPLACE TRIGGER snapshots_no_update BEFORE UPDATE ON snapshots"
     "  FOR EACH ROW EXECUTE FUNCTION snapshots_read_only();"
     "CREATE OR REPLACE TRIGGER snapshots_no_delete BEFORE DELETE ON snapshots"
     "  FOR EACH ROW EXECUTE FUNCTION snapshots_read_only();"
     "CREATE OR REPLACE TRIGGER snapshots_no_truncate BEFORE TRUNCATE ON snapshots"
     "  FOR EACH STATEMENT EXECUTE FUNCTION snapshots_read_only();"},
    /* 11: the shared KPI code an indicator carries (indicators.kpi in the exchange format;
       docs/compare.md), one row per mapped indicator, replaced with the plan on every import;
       found by code for the comparison across municipalities. IF NOT EXISTS: a store rewound
       to an older version re-applies this. */
    {"CREATE TABLE IF NOT EXISTS indicator_kpis ("
     "  plan TEXT NOT NULL, indicator TEXT NOT NULL, kpi TEXT NOT NULL,"
     "  PRIMARY KEY (plan, indicator)"
     ") STRICT;"
     "CREATE INDEX IF NOT EXISTS indicator_kpis_by_kpi ON indicator_kpis(kpi);",
     "CREATE TABLE IF NOT EXISTS indicator_kpis ("
     "  plan TEXT NOT NULL, indicator TEXT NOT NULL, kpi TEXT NOT NULL,"
     "  PRIMARY KEY (plan, indicator)"
     ");"
     "CREATE INDEX IF NOT EXISTS indicator_kpis_by_kpi ON indicator_kpis(kpi);"},
    /* 12: PostgreSQL only: the references of a value to its indicator and of an indicator to
       its node are checked once per statement, not once per row. A foreign key makes COPY run
       its check trigger for every row (an executor start each: most of a national import's
       4.7 M values and indicators); statement triggers with transition tables check all the
       statement's rows by one anti-join (no LIMIT: that makes the planner probe the index once
       per row, a hash is 4 x faster), and cascade a delete by one join, keeping what the
       foreign keys kept for any writer: a child names an existing parent (insert, update), a
       deleted parent takes its children with it, an update or TRUNCATE that would leave
       children behind is refused. Each takes the store's write lock first (a writer the store
       did not start is serialised with the store's, as the keys' row locks would). The two
       functions are generic: TG_ARGV is (child or parent table, the child's column, the
       parent's id column), every key being (plan, column). Idempotent: a store rewound to an
       older version re-applies it. SQLite's foreign-key look-ups are cheap: unchanged. */
    {"SELECT 1;",
     "ALTER TABLE indicator_values DROP CONSTRAINT IF EXISTS indicator_values_plan_indicator_fkey;"
     "ALTER TABLE indicators DROP CONSTRAINT IF EXISTS indicators_plan_node_fkey;"
     "CREATE OR REPLACE FUNCTION plan_reference_child() RETURNS trigger LANGUAGE plpgsql"
     "  AS $$ DECLARE bad record; BEGIN"
     "  PERFORM pg_advisory_xact_lock(hashtext('shinchoku write'));"
     "  EXECUTE format('SELECT n.plan, n.%1$I AS ref FROM new_rows n WHERE NOT EXISTS (SELECT 1"
     "    FROM %2$I p WHERE p.plan = n.plan AND p.%3$I = n.%1$I)', TG_ARGV[1], TG_ARGV[0],"
     "    TG_ARGV[2]) INTO bad;"
     "  IF bad IS NOT NULL THEN RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',"
     "    MESSAGE = format('insert or update on table \"%s\" violates the reference to \"%s\":"
     " (plan, %s)=(%s, %s) is not present', TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1], bad.plan,"
     "    bad.ref); END IF;"
     "  RETURN NULL; END $$;"
     "CREATE OR REPLACE FUNCTION plan_reference_parent() RETURNS trigger LANGUAGE plpgsql"
     "  AS $$ DECLARE bad record; BEGIN"
     "  PERFORM pg_advisory_xact_lock(hashtext('shinchoku write'));"
     "  IF TG_OP = 'TRUNCATE' THEN"
     "    EXECUTE format('SELECT 1 AS one FROM %I LIMIT 1', TG_ARGV[0]) INTO bad;"
     "    IF bad IS NOT NULL THEN RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',"
     "      MESSAGE = format('cannot truncate %s: rows of %s refer to it', TG_TABLE_NAME,"
     "      TG_ARGV[0]); END IF;"
     "  ELSIF TG_OP = 'DELETE' THEN"
     "    EXECUTE format('DELETE FROM %1$I c USING old_rows o WHERE c.plan = o.plan"
     "      AND c.%2$I = o.%3$I', TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]);"
     "  ELSE"
     "    EXECUTE format('SELECT o.plan, o.%3$I AS ref FROM old_rows o WHERE NOT EXISTS (SELECT 1"
     "      FROM %4$I p WHERE p.plan = o.plan AND p.%3$I = o.%3$I) AND EXISTS (SELECT 1 FROM %1$I"
     "      c WHERE c.plan = o.plan AND c.%2$I = o.%3$I) LIMIT 1', TG_ARGV[0], TG_ARGV[1],"
     "      TG_ARGV[2], TG_TABLE_NAME) INTO bad;"
     "    IF bad IS NOT NULL THEN RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',"
     "      MESSAGE = format('update on table \"%s\" leaves rows of \"%s\" naming (%s, %s)"
     " without it', TG_TABLE_NAME, TG_ARGV[0], bad.plan, bad.ref); END IF;"
     "  END IF;"
     "  RETURN NULL; END $$;"
     "CREATE OR REPLACE TRIGGER indicator_values_reference_insert AFTER INSERT ON"
     "  indicator_values REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
     "  EXECUTE FUNCTION plan_reference_child('indicators', 'indicator', 'id');"
     "CREATE OR REPLACE TRIGGER indicator_values_reference_update AFTER UPDATE ON"
     "  indicator_values REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
     "  EXECUTE FUNCTION plan_reference_child('indicators', 'indicator', 'id');"
     "CREATE OR REPLACE TRIGGER indicators_reference_insert AFTER INSERT ON indicators"
     "  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
     "  EXECUTE FUNCTION plan_reference_child('nodes', 'node', 'id');"
     "CREATE OR REPLACE TRIGGER indicators_reference_update AFTER UPDATE ON indicators"
     "  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
     "  EXECUTE FUNCTION plan_reference_child('nodes', 'node', 'id');"
     "CREATE OR REPLACE TRIGGER indicators_referenced_delete AFTER DELETE ON indicators"
     "  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
     "  EXECUTE FUNCTION plan_reference_parent('indicator_values', 'indicator', 'id');"
     "CREATE OR REPLACE TRIGGER indicators_referenced_update AFTER UPDATE ON indicators"
     "  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
     "  EXECUTE FUNCTION plan_reference_parent('indicator_values', 'indicator', 'id');"
     "CREATE OR REPLACE TRIGGER indicators_referenced_truncate AFTER TRUNCATE ON indicators"
     "  FOR EACH STATEMENT"
     "  EXECUTE FUNCTION plan_reference_parent('indicator_values', 'indicator', 'id');"
     "CREATE OR REPLACE TRIGGER nodes_referenced_delete AFTER DELETE ON nodes"
     "  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
     "  EXECUTE FUNCTION plan_reference_parent('indicators', 'node', 'id');"
     "CREATE OR REPLACE TRIGGER nodes_referenced_update AFTER UPDATE ON nodes"
     "  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
     "  EXECUTE FUNCTION plan_reference_parent('indicators', 'node', 'id');"
     "CREATE OR REPLACE TRIGGER nodes_referenced_truncate AFTER TRUNCATE ON nodes"
     "  FOR EACH STATEMENT EXECUTE FUNCTION plan_reference_parent('indicators', 'node', 'id');"},
    /* 13: one audit chain per municipality (docs/store.md "Tenancy"): audit.chain is the
       municipality code of the row's plan or account, '' for the installation's events, and
       seq counts within the chain (PRIMARY KEY (chain, seq); the append trigger takes the
       next seq of the row's chain). SQLite rebuilds audit (nothing references it, and DROP
       TABLE fires no trigger); PostgreSQL alters it with its triggers disabled. When a row
       moves out of the installation's chain, every chain is numbered from 2 and
       audit_split_chains (audit_split.c) writes each chain's row 1, naming the old trail's
       head (audit_rechain), and hashes every chain again in format 2 (audit_format.since
       becomes 1); a store whose rows all stay in '' keeps its seqs and hashes. And settings:
       values the installation keeps once for every process, such as the secret that signs
       the sign-in form's pre-token (settings.c), so that several servers share it. */
    {"CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
     "CREATE TABLE audit_rechain (seq INTEGER NOT NULL, hash TEXT NOT NULL) STRICT;"
     "INSERT INTO audit_rechain (seq, hash) SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;"
     "CREATE TABLE audit_chained ("
     "  seq INTEGER NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, via TEXT NOT NULL,"
     "  action TEXT NOT NULL, plan TEXT, subject TEXT, year INTEGER, field TEXT, old TEXT,"
     "  new TEXT, reason TEXT, hash TEXT NOT NULL, chain TEXT NOT NULL, PRIMARY KEY (chain, seq)"
     ") STRICT;"
     "WITH c AS (SELECT a.*, " AUDIT_ROW_CHAIN " AS chain FROM audit a)"
     " INSERT INTO audit_chained (seq, at, actor, via, action, plan, subject, year, field, old,"
     "  new, reason, hash, chain)"
     " SELECT row_number() OVER (PARTITION BY chain ORDER BY seq) + " AUDIT_ANY_MOVED ","
     "  at, actor, via, action, plan, subject, year, field, old, new, reason, hash, chain FROM c;"
     "DROP TABLE audit;"
     "ALTER TABLE audit_chained RENAME TO audit;"
     "CREATE INDEX audit_by_subject ON audit(plan, subject);"
     "CREATE INDEX audit_by_actor ON audit(actor);"
     "DROP TRIGGER audit_format_fixed_update;"
     "UPDATE audit_format SET since = 1 WHERE EXISTS (SELECT 1 FROM audit WHERE chain <> '');",
     "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
     "ALTER TABLE audit DISABLE TRIGGER USER;"
     "ALTER TABLE audit_format DISABLE TRIGGER USER;"
     "CREATE TABLE audit_rechain (seq BIGINT NOT NULL, hash TEXT NOT NULL);"
     "INSERT INTO audit_rechain (seq, hash) SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;"
     "ALTER TABLE audit ADD COLUMN chain TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE audit ALTER COLUMN chain DROP DEFAULT;"
     "ALTER TABLE audit DROP CONSTRAINT audit_pkey;"
     "WITH c AS (SELECT a.seq AS old, " AUDIT_ROW_CHAIN " AS chain FROM audit a),"
     " n AS (SELECT old, chain,"
     "  row_number() OVER (PARTITION BY chain ORDER BY old) + " AUDIT_ANY_MOVED " AS seq FROM c)"
     " UPDATE audit SET chain = n.chain, seq = n.seq FROM n WHERE audit.seq = n.old;"
     "ALTER TABLE audit ADD PRIMARY KEY (chain, seq);"
     "UPDATE audit_format SET since = 1 WHERE EXISTS (SELECT 1 FROM audit WHERE chain <> '');"
     "CREATE OR REPLACE FUNCTION audit_append_next() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
     "  IF NEW.seq IS DISTINCT FROM"
     "    (SELECT coalesce(max(seq), 0) + 1 FROM audit WHERE chain = NEW.chain) THEN"
     "    RAISE EXCEPTION 'the audit trail is append-only: a row goes after the last one';"
     "  END IF; RETURN NEW; END $$;",
     audit_split_chains,
     "CREATE TRIGGER audit_format_fixed_update BEFORE UPDATE ON audit_format"
     "  BEGIN SELECT RAISE(ABORT, 'the audit trail''s format is fixed'); END;"
     "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
     "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be changed'); END;"
     "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
     "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: rows cannot be deleted'); END;"
     "CREATE TRIGGER audit_append_only BEFORE INSERT ON audit"
     "  WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit WHERE chain = NEW.chain)"
     "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: a row goes after the last"
     " one'); END;"
     "DROP TABLE audit_rechain;",
     "ALTER TABLE audit ENABLE TRIGGER USER;"
     "ALTER TABLE audit_format ENABLE TRIGGER USER;"
     "DROP TABLE audit_rechain;"},
};

#define SCHEMA_VERSION ((int)(sizeof schema_migrations / sizeof *schema_migrations))

#endif
