/* SPDX-License-Identifier: Apache-2.0 */
/*
** jsondoc.c — one plan as one JSON document (exchange format v1): an array of objects per
** table, the plan as one object, the policy as an object. Read and written with jansson.
*/
#include "sheet.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

extern const char *const xchg_tables[];

/* A cell as text: strings as they are, numbers in plain form, true/false, null empty. */
static char *cell_text(json_t *v) {
  char buf[64];
  if (json_is_string(v)) return xstrdup(json_string_value(v));
  if (json_is_integer(v)) {
    snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
    return xstrdup(buf);
  }
  if (json_is_real(v)) {
    snprintf(buf, sizeof buf, "%.15g", json_real_value(v));
    return xstrdup(buf);
  }
  if (json_is_boolean(v)) return xstrdup(json_is_true(v) ? "true" : "false");
  return NULL;
}

static void read_row(Sheet *s, json_t *obj, int index, const char *file, Errors *errs) {
  if (!json_is_object(obj)) {
    errors_add(errs, "%s: %s[%d]: expected an object with the table's columns", file, s->name,
               index);
    return;
  }
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) if (sheet_column(s, key) < 0) sheet_add_column(s, key);
  int row = sheet_add_row(s, index + 1);
  json_object_foreach(obj, key, v) {
    if (json_is_array(v) || json_is_object(v)) {
      errors_add(errs, "%s: %s[%d].%s: expected a text or a number", file, s->name, index, key);
      continue;
    }
    char *t = cell_text(v);
    sheet_set(s, row, sheet_column(s, key), t);
    free(t);
  }
}

static Sheet *read_table(const char *name, json_t *t, const char *file, Errors *errs) {
  Sheet *s = sheet_new(name, file);
  if (json_is_object(t)) { /* the plan: one object */
    read_row(s, t, 0, file, errs);
    return s;
  }
  if (!json_is_array(t)) {
    errors_add(errs, "%s: \"%s\" must be a list of objects", file, name);
    return s;
  }
  size_t i;
  json_t *row;
  json_array_foreach(t, i, row) read_row(s, row, (int)i, file, errs);
  return s;
}

static int read_doc(json_t *doc, const char *base, Book *b, Errors *errs);

int book_read_json(const char *path, Book *b, Errors *errs) {
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  json_error_t je;
  json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
  if (!doc) {
    errors_add(errs, "%s:%d:%d: not valid JSON: %s", base, je.line, je.column, je.text);
    return -1;
  }
  return read_doc(doc, base, b, errs);
}

int book_read_json_text(const char *text, const char *name, Book *b, Errors *errs) {
  json_error_t je;
  json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &je);
  if (!doc) {
    errors_add(errs, "%s:%d:%d: not valid JSON: %s", name, je.line, je.column, je.text);
    return -1;
  }
  return read_doc(doc, name, b, errs);
}

/* Read a parsed document into b; consumes doc. */
static int read_doc(json_t *doc, const char *base, Book *b, Errors *errs) {
  int before = errs->count;
  json_t *fmt = json_object_get(doc, "format"), *ver = json_object_get(doc, "version");
  if (!json_is_object(doc) ||
      (fmt && !(json_is_string(fmt) && strcmp(json_string_value(fmt), "shinchoku") == 0)))
    errors_add(errs, "%s: not a Shinchoku document (\"format\": \"shinchoku\" expected)", base);
  else if (ver && !(json_is_integer(ver) && json_integer_value(ver) == 1))
    errors_add(errs, "%s: exchange format version %s is not supported (1 is)", base,
               json_is_integer(ver) ? "other than 1" : "unknown");
  const char *key;
  json_t *v;
  json_object_foreach(doc, key, v) {
    int known = strcmp(key, "format") == 0 || strcmp(key, "version") == 0 ||
                strcmp(key, "policy") == 0 || strcmp(key, "snapshots") == 0; /* snapshots_xchg.c */
    for (int i = 0; !known && xchg_tables[i]; i++)
      known = strcmp(key, xchg_tables[i]) == 0;
    if (!known) errors_add(errs, "%s: unknown key \"%s\"", base, key);
  }
  for (int i = 0; xchg_tables[i] && errs->count == before; i++) {
    json_t *t = json_object_get(doc, xchg_tables[i]);
    if (t)
      book_add(b, read_table(xchg_tables[i], t, base, errs));
    else if (i < 2)
      errors_add(errs, "%s: \"%s\" is missing", base, xchg_tables[i]);
  }
  json_t *policy = json_object_get(doc, "policy");
  if (policy) {
    b->policy_json = json_dumps(policy, JSON_PRESERVE_ORDER | JSON_INDENT(2));
    b->policy_file = xstrdup(base);
  }
  json_decref(doc);
  return errs->count > before ? -1 : 0;
}

static json_t *row_object(const Sheet *s, int r) {
  json_t *o = json_object();
  for (int c = 0; c < s->ncols; c++)
    if (s->rows[r][c]) json_object_set_new(o, s->header[c], json_string(s->rows[r][c]));
  return o;
}

/* The book as one JSON document (the exchange format's .json form). */
static json_t *book_to_json(const Book *b) {
  json_t *doc = json_object();
  json_object_set_new(doc, "format", json_string("shinchoku"));
  json_object_set_new(doc, "version", json_integer(1));
  for (int i = 0; i < b->nsheets; i++) {
    const Sheet *s = b->sheets[i];
    if (strcmp(s->name, "plan") == 0) {
      json_object_set_new(doc, "plan", s->nrows ? row_object(s, 0) : json_object());
      continue;
    }
    json_t *a = json_array();
    for (int r = 0; r < s->nrows; r++)
      json_array_append_new(a, row_object(s, r));
    json_object_set_new(doc, s->name, a);
  }
  if (b->policy_json) {
    json_t *p = json_loads(b->policy_json, 0, NULL);
    if (p) json_object_set_new(doc, "policy", p);
  }
  return doc;
}

int book_write_json(const char *path, const Book *b, Errors *errs) {
  json_t *doc = book_to_json(b);
  int rc = json_dump_file(doc, path, JSON_PRESERVE_ORDER | JSON_INDENT(2));
  json_decref(doc);
  if (rc) errors_add(errs, "%s: cannot write", path);
  return rc ? -1 : 0;
}

char *book_json_text(const Book *b) {
  json_t *doc = book_to_json(b);
  char *text = json_dumps(doc, JSON_PRESERVE_ORDER | JSON_INDENT(2));
  json_decref(doc);
  return text;
}
