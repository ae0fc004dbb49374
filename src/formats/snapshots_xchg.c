/* SPDX-License-Identifier: Apache-2.0 */
/*
** snapshots_xchg.c — snapshots written to and read from an exported plan (see
** snapshots_xchg.h).
*/
#include "snapshots_xchg.h"
#include "../model/digest.h"
#include "sheet.h"
#include "xchg.h"
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const index_cols[] = {"name",         "meeting", "taken_at", "taken_by",
                                         "plan_updated", "digest",  NULL};

int snapshot_name_ok(const char *name) {
  if (!name || !*name || *name == '.' || strlen(name) > 100) return 0;
  for (const char *c = name; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
          *c == '-' || *c == '_' || *c == '.'))
      return 0;
  return 1;
}

static char *join(const char *a, const char *b, const char *c) {
  Buf p = {0};
  buf_printf(&p, "%s/%s%s", a, b, c ? c : "");
  return buf_detach(&p);
}

static int write_text(const char *path, const char *text, Errors *errs) {
  FILE *f = fopen(path, "wb");
  int ok = f && fputs(text, f) >= 0;
  if (f && fclose(f) != 0) ok = 0;
  if (!ok) errors_add(errs, "%s: cannot write", path);
  return ok ? 0 : -1;
}

static int write_dir(const char *path, const Snapshot *v, int n, Errors *errs) {
  char *dir = join(path, "snapshots", NULL);
  int rc = mkdir(dir, 0777) != 0 && errno != EEXIST ? -1 : 0;
  if (rc) errors_add(errs, "%s: cannot create folder: %s", dir, strerror(errno));
  Sheet *s = sheet_new("snapshots", NULL);
  for (int i = 0; index_cols[i]; i++)
    sheet_add_column(s, index_cols[i]);
  for (int i = 0; rc == 0 && i < n; i++) {
    char *file = join(dir, v[i].name, ".json");
    rc = write_text(file, v[i].document, errs);
    free(file);
    int r = sheet_add_row(s, i);
    const char *cells[] = {v[i].name,     v[i].meeting,      v[i].taken_at,
                           v[i].taken_by, v[i].plan_updated, v[i].digest};
    for (int c = 0; c < 6; c++)
      sheet_set(s, r, c, cells[c]);
  }
  char *index = join(dir, "snapshots.csv", NULL);
  if (rc == 0) rc = csv_write_file(index, s, 0, errs);
  free(index);
  sheet_free(s);
  free(dir);
  return rc;
}

static void set_str(json_t *o, const char *key, const char *v) {
  if (v) json_object_set_new(o, key, json_string(v));
}

static int write_json(const char *path, const Snapshot *v, int n, Errors *errs) {
  json_error_t je;
  json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je), *a = json_array();
  for (int i = 0; i < n; i++) {
    json_t *o = json_object();
    for (int c = 0; index_cols[c]; c++) {
      const char *cells[] = {v[i].name,     v[i].meeting,      v[i].taken_at,
                             v[i].taken_by, v[i].plan_updated, v[i].digest};
      set_str(o, index_cols[c], cells[c]);
    }
    set_str(o, "document", v[i].document);
    json_array_append_new(a, o);
  }
  int rc = doc ? 0 : -1;
  if (doc)
    json_object_set_new(doc, "snapshots", a);
  else
    json_decref(a);
  if (rc == 0) rc = json_dump_file(doc, path, JSON_PRESERVE_ORDER | JSON_INDENT(2));
  if (rc) errors_add(errs, "%s: cannot add the snapshots", path);
  json_decref(doc);
  return rc ? -1 : 0;
}

int xchg_write_snapshots(const char *format, const char *path, const Snapshot *v, int n,
                         Errors *errs) {
  if (!n) return 0;
  if (strcmp(format, "dir") == 0 || strcmp(format, "excel-csv") == 0)
    return write_dir(path, v, n, errs);
  if (strcmp(format, "json") == 0) return write_json(path, v, n, errs);
  return 0;
}

/* ---- reading ---------------------------------------------------------------------------- */

/* Check a snapshot read from where (its digest, its plan) and take it into the list. */
static int take(const char *where, Snapshot *sn, const char *plan_id, Snapshot **v, int *n,
                int *cap, Errors *errs) {
  char hex[DIGEST_HEX + 1];
  int before = errs->count;
  if (!snapshot_name_ok(sn->name))
    errors_add(errs, "%s: not a snapshot name (letters, digits, - _ .): '%s'", where,
               sn->name ? sn->name : "");
  else if (!sn->document || !sn->taken_at || !sn->taken_by)
    errors_add(errs, "%s: snapshot %s: its document, taken_at and taken_by are required", where,
               sn->name);
  else if (strcmp(digest_bytes(sn->document, strlen(sn->document), hex),
                  sn->digest ? sn->digest : "") != 0)
    errors_add(errs, "%s: snapshot %s: its document does not match its digest (changed?)", where,
               sn->name);
  else {
    Plan *p = xchg_plan_from_json(sn->document, sn->name, errs);
    if (p && strcmp(p->id, plan_id) != 0)
      errors_add(errs, "%s: snapshot %s is of plan %s, not %s", where, sn->name, p->id, plan_id);
    plan_free(p);
  }
  if (errs->count > before) {
    snapshot_clear(sn);
    return -1;
  }
  sn->plan = xstrdup(plan_id);
  VEC_PUSH(*v, *n, *cap);
  (*v)[(*n)++] = *sn;
  return 0;
}

static char *col(const Sheet *s, int r, const char *name) {
  return xstrdup(sheet_get(s, r, sheet_column(s, name)));
}

static int read_dir(const char *path, const char *plan_id, Snapshot **v, int *n, Errors *errs) {
  char *index = join(path, "snapshots/snapshots.csv", NULL);
  struct stat st;
  Sheet *s = NULL;
  int rc = 0, cap = 0;
  if (stat(index, &st) == 0) rc = csv_read_file(index, "snapshots", &s, errs);
  for (int r = 0; rc == 0 && s && r < s->nrows; r++) {
    Snapshot sn = {0};
    sn.name = col(s, r, "name");
    sn.meeting = col(s, r, "meeting");
    sn.taken_at = col(s, r, "taken_at");
    sn.taken_by = col(s, r, "taken_by");
    sn.plan_updated = col(s, r, "plan_updated");
    sn.digest = col(s, r, "digest");
    char where[64];
    snprintf(where, sizeof where, "snapshots/snapshots.csv:%d", s->line[r]);
    if (snapshot_name_ok(sn.name)) {
      Buf f = {0};
      size_t len;
      buf_printf(&f, "%s/snapshots/%s.json", path, sn.name);
      sn.document = read_file(f.s, &len);
      if (!sn.document) errors_add(errs, "%s: %s: cannot read it", where, f.s);
      buf_free(&f);
    }
    if (take(where, &sn, plan_id, v, n, &cap, errs)) rc = -1;
  }
  sheet_free(s);
  free(index);
  return rc;
}

static char *obj_str(json_t *o, const char *key) {
  json_t *s = json_object_get(o, key);
  return json_is_string(s) ? xstrdup(json_string_value(s)) : NULL;
}

static int read_json(const char *path, const char *plan_id, Snapshot **v, int *n, Errors *errs) {
  json_error_t je;
  json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
  json_t *a = doc ? json_object_get(doc, "snapshots") : NULL;
  int rc = 0, cap = 0;
  if (a && !json_is_array(a)) {
    errors_add(errs, "%s: \"snapshots\" must be a list of objects", path);
    rc = -1;
  }
  size_t i;
  json_t *o;
  json_array_foreach(a, i, o) {
    Snapshot sn = {0};
    sn.name = obj_str(o, "name");
    sn.meeting = obj_str(o, "meeting");
    sn.taken_at = obj_str(o, "taken_at");
    sn.taken_by = obj_str(o, "taken_by");
    sn.plan_updated = obj_str(o, "plan_updated");
    sn.digest = obj_str(o, "digest");
    sn.document = obj_str(o, "document");
    char where[64];
    snprintf(where, sizeof where, "snapshots[%zu]", i);
    if (take(where, &sn, plan_id, v, n, &cap, errs)) rc = -1;
  }
  json_decref(doc);
  return rc;
}

int xchg_read_snapshots(const char *path, const char *plan_id, Snapshot **v, int *n, Errors *errs) {
  struct stat st;
  size_t len = strlen(path);
  *v = NULL;
  *n = 0;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return read_dir(path, plan_id, v, n, errs);
  if (len > 5 && strcmp(path + len - 5, ".json") == 0) return read_json(path, plan_id, v, n, errs);
  return 0;
}
