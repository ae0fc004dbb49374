/*
** csv.c — CSV files of the exchange format: reading with libcsv (RFC 4180 quoting, CRLF,
** fields with commas and newlines, UTF-8 with or without a byte-order mark or CP932 (see
** encoding.c)), writing with minimal quoting and a guard against formula injection (a cell
** that starts with = + - @ tab or CR gets a leading apostrophe, taken off again on reading),
** and the folder of CSV files that holds one plan.
*/
#include "../model/text.h"
#include "encoding.h"
#include "sheet.h"
#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The tables of exchange format v1, in the order they are written. */
const char *const xchg_tables[] = {"plan",   "nodes", "indicators", "values",
                                   "grades", "items", "printed",    NULL};

/* A number as a spreadsheet reads it: [+-]digits[,digits...][.digits]. */
static int plain_number(const char *s) {
  if (*s == '+' || *s == '-') s++;
  if (*s < '0' || *s > '9') return 0;
  while ((*s >= '0' && *s <= '9') || *s == ',')
    s++;
  if (*s == '.') {
    s++;
    if (*s < '0' || *s > '9') return 0;
    while (*s >= '0' && *s <= '9')
      s++;
  }
  return *s == 0;
}

int csv_formula_like(const char *s) {
  size_t k = strspn(s, "'"); /* a guard already there is guarded again: lossless */
  if (!s[k] || !strchr("=+-@\t\r", s[k])) return 0;
  return k > 0 || !plain_number(s);
}

/* The field as read: one guard apostrophe taken off (csv_put_field adds it). */
static char *unguard(char *field) {
  if (field[0] == '\'' && csv_formula_like(field + 1)) memmove(field, field + 1, strlen(field));
  return field;
}

typedef struct Reader {
  Sheet *sheet;
  char **fields;
  int nfields, capfields;
  int line, row_line;
  int header_done;
  Errors *errs;
  int failed;
} Reader;

static void on_field(void *data, size_t len, void *ctx) {
  Reader *r = ctx;
  VEC_PUSH(r->fields, r->nfields, r->capfields);
  r->fields[r->nfields++] = unguard(xstrndup(data ? data : "", len));
}

static void on_row(int term, void *ctx) {
  (void)term;
  Reader *r = ctx;
  Sheet *s = r->sheet;
  if (!r->header_done) {
    for (int i = 0; i < r->nfields; i++) {
      char *h = text_normalize(r->fields[i]);
      if (sheet_column(s, h ? h : r->fields[i]) >= 0) {
        errors_add(r->errs, "%s:%d: column '%s' appears twice in the header", s->file, r->row_line,
                   r->fields[i]);
        r->failed = 1;
      }
      sheet_add_column(s, h ? h : r->fields[i]);
      free(h);
    }
    r->header_done = 1;
  } else if (r->nfields > s->ncols) {
    errors_add(r->errs, "%s:%d: the row has %d fields but the header has %d", s->file, r->row_line,
               r->nfields, s->ncols);
    r->failed = 1;
  } else {
    int row = sheet_add_row(s, r->row_line);
    for (int i = 0; i < r->nfields; i++)
      sheet_set(s, row, i, r->fields[i]);
  }
  for (int i = 0; i < r->nfields; i++)
    free(r->fields[i]);
  r->nfields = 0;
  r->row_line = r->line + 1;
}

int csv_read_file(const char *path, const char *name, Sheet **out, Errors *errs) {
  return csv_read_file_enc(path, name, NULL, out, errs);
}

int csv_read_file_enc(const char *path, const char *name, const char *encoding, Sheet **out,
                      Errors *errs) {
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  size_t len;
  char *data = read_file(path, &len);
  *out = NULL;
  if (!data) {
    errors_add(errs, "%s: cannot read: %s", base, strerror(errno));
    return -1;
  }
  const char *used;
  if (encoding_to_utf8(base, encoding, &data, &len, &used, errs) != 0) {
    free(data);
    return -1;
  }
  size_t start = 0;
  struct csv_parser p;
  csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
  Reader r = {.sheet = sheet_new(name, base), .errs = errs, .line = 1, .row_line = 1};
  for (size_t off = start; off < len;) {
    const char *nl = memchr(data + off, '\n', len - off);
    size_t end = nl ? (size_t)(nl - data) + 1 : len;
    if (csv_parse(&p, data + off, end - off, on_field, on_row, &r) != end - off) {
      errors_add(errs, "%s:%d: %s", base, r.line, csv_strerror(csv_error(&p)));
      r.failed = 1;
      break;
    }
    off = end;
    r.line++;
  }
  r.line--;
  if (!r.failed && csv_fini(&p, on_field, on_row, &r) != 0) {
    errors_add(errs, "%s:%d: %s (a quote is not closed)", base, r.row_line,
               csv_strerror(csv_error(&p)));
    r.failed = 1;
  }
  csv_free(&p);
  for (int i = 0; i < r.nfields; i++)
    free(r.fields[i]);
  free(r.fields);
  free(data);
  if (!r.header_done && !r.failed) {
    errors_add(errs, "%s: the file is empty (a header row is needed)", base);
    r.failed = 1;
  }
  if (r.failed) {
    sheet_free(r.sheet);
    return -1;
  }
  *out = r.sheet;
  return 0;
}

void csv_put_field(FILE *f, const char *s) {
  if (!s || !*s) return;
  /* OWASP's advice against formula injection: a cell a spreadsheet would take for a formula
     (= + - @, tab, CR) gets an apostrophe first; numbers such as -3.5 stay numbers */
  int guard = csv_formula_like(s);
  if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && s[strlen(s) - 1] != ' ') {
    if (guard) fputc('\'', f);
    fputs(s, f);
    return;
  }
  fputc('"', f);
  if (guard) fputc('\'', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

int csv_write_file(const char *path, const Sheet *s, int bom, Errors *errs) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    errors_add(errs, "%s: cannot write: %s", path, strerror(errno));
    return -1;
  }
  if (bom) fputs("\xEF\xBB\xBF", f);
  for (int c = 0; c < s->ncols; c++) {
    if (c) fputc(',', f);
    csv_put_field(f, s->header[c]);
  }
  fputs("\r\n", f);
  for (int r = 0; r < s->nrows; r++) {
    for (int c = 0; c < s->ncols; c++) {
      if (c) fputc(',', f);
      csv_put_field(f, s->rows[r][c]);
    }
    fputs("\r\n", f);
  }
  int bad = ferror(f);
  if (fclose(f) != 0 || bad) {
    errors_add(errs, "%s: write failed: %s", path, strerror(errno));
    return -1;
  }
  return 0;
}

static char *join_path(const char *dir, const char *name) {
  Buf b = {0};
  buf_printf(&b, "%s/%s", dir, name);
  return buf_detach(&b);
}

static int is_table(const char *name, size_t len) {
  for (int i = 0; xchg_tables[i]; i++)
    if (strlen(xchg_tables[i]) == len && memcmp(xchg_tables[i], name, len) == 0) return 1;
  return 0;
}

static void check_unknown_files(const char *dir, Errors *errs) {
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    size_t n = strlen(e->d_name);
    if (n > 4 && strcmp(e->d_name + n - 4, ".csv") == 0 && !is_table(e->d_name, n - 4))
      errors_add(errs,
                 "%s: not a table of exchange format v1 (expected plan.csv, nodes.csv, "
                 "indicators.csv, values.csv, grades.csv, items.csv, printed.csv)",
                 e->d_name);
  }
  if (d) closedir(d);
}

int book_read_dir(const char *dir, Book *b, Errors *errs) {
  int before = errs->count;
  check_unknown_files(dir, errs);
  for (int i = 0; xchg_tables[i]; i++) {
    char file[64];
    snprintf(file, sizeof file, "%s.csv", xchg_tables[i]);
    char *path = join_path(dir, file);
    struct stat st;
    Sheet *s = NULL;
    if (stat(path, &st) == 0)
      csv_read_file_enc(path, xchg_tables[i], b->encoding, &s, errs);
    else if (i < 2)
      errors_add(errs, "%s: missing (a plan folder needs plan.csv and nodes.csv)", file);
    if (s) book_add(b, s);
    free(path);
  }
  char *ppath = join_path(dir, "policy.json");
  size_t len;
  char *policy = read_file(ppath, &len);
  if (policy) {
    b->policy_json = policy;
    b->policy_file = xstrdup("policy.json");
  }
  free(ppath);
  return errs->count > before ? -1 : 0;
}

int book_write_dir(const char *dir, const Book *b, Errors *errs) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    errors_add(errs, "%s: cannot create folder: %s", dir, strerror(errno));
    return -1;
  }
  for (int i = 0; i < b->nsheets; i++) {
    char file[64];
    snprintf(file, sizeof file, "%s.csv", b->sheets[i]->name);
    char *path = join_path(dir, file);
    int rc = csv_write_file(path, b->sheets[i], b->bom, errs);
    free(path);
    if (rc) return -1;
  }
  if (b->policy_json) {
    char *path = join_path(dir, "policy.json");
    FILE *f = fopen(path, "wb");
    int ok = f && fputs(b->policy_json, f) >= 0;
    if (f && fclose(f) != 0) ok = 0;
    if (!ok) errors_add(errs, "%s: cannot write", path);
    free(path);
    if (!ok) return -1;
  }
  return 0;
}
