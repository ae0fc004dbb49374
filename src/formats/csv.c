/* SPDX-License-Identifier: Apache-2.0 */
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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The tables of exchange format v1, in the order they are written. */
const char *const xchg_tables[] = {"plan",    "nodes",    "indicators", "values", "grades", "items",
                                   "printed", "meetings", "members",    "agenda", NULL};

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

/* A row's fields are gathered in one buffer (text, each NUL-terminated at offs[i]) that is
   reused row after row: a national values file has tens of millions of fields, and a
   malloc and free for each was a fifth of reading it. */
typedef struct Reader {
  Sheet *sheet;
  char **fields;
  size_t *offs;
  Buf text;
  int nfields, capfields, capoffs;
  int line, row_line;
  int header_done;
  Errors *errs;
  int failed;
} Reader;

static void on_field(void *data, size_t len, void *ctx) {
  Reader *r = ctx;
  VEC_PUSH(r->fields, r->nfields, r->capfields);
  VEC_PUSH(r->offs, r->nfields, r->capoffs);
  r->offs[r->nfields++] = r->text.len;
  buf_putn(&r->text, data ? data : "", len);
  buf_putc(&r->text, '\0');
}

/* The row's fields as strings, once the buffer no longer moves. */
static void row_fields(Reader *r) {
  for (int i = 0; i < r->nfields; i++)
    r->fields[i] = unguard(r->text.s + r->offs[i]);
}

/* ="1-1", as excel-csv writes a code Excel would turn into a date, is the text 1-1 again. */
static char *excel_unwrap(char *f) {
  size_t n = f ? strlen(f) : 0;
  if (n < 3 || f[0] != '=' || f[1] != '"' || f[n - 1] != '"') return f;
  for (size_t i = 2; i + 1 < n; i++) /* inside, every quote is doubled: else a real formula */
    if (f[i] == '"' && (i + 2 >= n || f[++i] != '"')) return f;
  char *w = f;
  for (size_t i = 2; i + 1 < n; i++) {
    *w++ = f[i];
    if (f[i] == '"') i++;
  }
  *w = 0;
  return f;
}

static void on_row(int term, void *ctx) {
  (void)term;
  Reader *r = ctx;
  Sheet *s = r->sheet;
  row_fields(r);
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
      sheet_set(s, row, i, excel_unwrap(r->fields[i]));
  }
  r->text.len = 0;
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
  buf_free(&r.text);
  free(r.offs);
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

/* 1 when s must be quoted: a comma, quote or line break, or a space at either end. */
static int needs_quotes(const char *s, size_t n) {
  return strpbrk(s, ",\"\r\n") || s[0] == ' ' || s[n - 1] == ' ';
}

/* s as one CSV field, quoted where it must be; guard: an apostrophe first. */
static void put_field(Buf *b, const char *s, int guard) {
  size_t n = s ? strlen(s) : 0;
  if (!n) return;
  if (!needs_quotes(s, n)) {
    if (guard) buf_putc(b, '\'');
    buf_putn(b, s, n);
    return;
  }
  buf_putc(b, '"');
  if (guard) buf_putc(b, '\'');
  for (const char *q; (q = strchr(s, '"')); s = q + 1)
    buf_putn(b, s, (size_t)(q - s) + 1), buf_putc(b, '"');
  buf_put(b, s);
  buf_putc(b, '"');
}

void csv_buf_field(Buf *b, const char *s) {
  /* OWASP's advice against formula injection: a cell a spreadsheet would take for a formula
     (= + - @, tab, CR) gets an apostrophe first; numbers such as -3.5 stay numbers */
  put_field(b, s, s && csv_formula_like(s));
}

void csv_put_field(FILE *f, const char *s) {
  if (!s || !*s) return;
  if (!csv_formula_like(s) && !needs_quotes(s, strlen(s))) {
    fputs(s, f);
    return;
  }
  Buf b = {0};
  csv_buf_field(&b, s);
  fwrite(b.s, 1, b.len, f);
  buf_free(&b);
}

/* Digits from s; returns how many. */
static int digits(const char **s) {
  int n = 0;
  while (**s >= '0' && **s <= '9')
    (*s)++, n++;
  return n;
}

int csv_excel_would_change(const char *s) {
  if (!s || !*s) return 0;
  if (*s == '=' || *s == '+' || *s == '@') return 1; /* a formula, not text */
  const char *p = s;
  int a = digits(&p);
  if (!a) return 0;
  if (!*p) return (s[0] == '0' && a > 1) || a > 15; /* 012025 loses its 0; 16 digits round */
  if (*p == '-' || *p == '/') {                     /* 1-1, 10-12, 2023/4, 1/2/3: a date */
    char sep = *p++;
    int b = digits(&p);
    if (!b || b > 2 || a > 4) return 0;
    if (!*p) return 1;
    if (*p++ != sep) return 0;
    int c = digits(&p);
    return c && c <= 4 && !*p;
  }
  if (*p == ':') return 1; /* 1:30, a time */
  if (*p == '.') {         /* 1.10 loses its 0; 1.2.3 stays text */
    p++;
    int b = digits(&p);
    return !*p && b && (p[-1] == '0' || (s[0] == '0' && a > 1));
  }
  if (*p == 'e' || *p == 'E') { /* 1E5: a number in scientific notation */
    p++;
    if (*p == '+' || *p == '-') p++;
    return digits(&p) && !*p;
  }
  return 0;
}

/* A field for Excel: ="…" keeps Excel from reading a code as a date or number. */
static void put_excel_field(FILE *f, const char *s) {
  if (!csv_excel_would_change(s)) {
    csv_put_field(f, s);
    return;
  }
  Buf b = {0};
  buf_put(&b, "=\"");
  for (; *s; s++) {
    if (*s == '"') buf_putc(&b, '"');
    buf_putc(&b, *s);
  }
  buf_putc(&b, '"');
  Buf out = {0};
  put_field(&out, b.s, 0); /* our own ="…" shows its text, whatever the text holds */
  fwrite(out.s, 1, out.len, f);
  buf_free(&out);
  buf_free(&b);
}

static void put_row(FILE *f, char *const *cells, int n, int excel) {
  for (int c = 0; c < n; c++) {
    if (c) fputc(',', f);
    if (excel)
      put_excel_field(f, cells[c]);
    else
      csv_put_field(f, cells[c]);
  }
  fputs("\r\n", f);
}

/* The line of text (1-based) holding byte off. */
static int line_at(const char *s, size_t off) {
  int line = 1;
  for (size_t i = 0; i < off; i++)
    line += s[i] == '\n';
  return line;
}

/* Write bytes to path; 0 or -1 with the error. */
static int write_bytes(const char *path, const char *bom, const char *data, size_t len,
                       Errors *errs) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    errors_add(errs, "%s: cannot write: %s", path, strerror(errno));
    return -1;
  }
  if (bom) fputs(bom, f);
  fwrite(data, 1, len, f);
  int bad = ferror(f);
  if (fclose(f) != 0 || bad) {
    errors_add(errs, "%s: write failed: %s", path, strerror(errno));
    return -1;
  }
  return 0;
}

int csv_write_styled(const char *path, const Sheet *s, const CsvStyle *st, Errors *errs) {
  char *text = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&text, &len);
  if (!m) {
    errors_add(errs, "%s: out of memory", path);
    return -1;
  }
  put_row(m, s->header, s->ncols, 0);
  for (int r = 0; r < s->nrows; r++)
    put_row(m, s->rows[r], s->ncols, st->excel_text);
  fclose(m);
  int rc;
  if (st->cp932) {
    size_t outlen, bad;
    char *sjis = encoding_utf8_to_cp932(text, len, &outlen, &bad);
    if (!sjis) {
      size_t n = 1;
      while (n < 4 && bad + n < len && ((unsigned char)text[bad + n] & 0xC0) == 0x80)
        n++;
      const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
      errors_add(errs, "%s:%d: '%.*s' has no Shift_JIS (CP932) form; export in UTF-8 instead", base,
                 line_at(text, bad), (int)n, text + bad);
      rc = -1;
    } else {
      rc = write_bytes(path, NULL, sjis, outlen, errs);
    }
    free(sjis);
  } else {
    rc = write_bytes(path, st->bom ? "\xEF\xBB\xBF" : NULL, text, len, errs);
  }
  free(text);
  return rc;
}

int csv_write_file(const char *path, const Sheet *s, int bom, Errors *errs) {
  CsvStyle st = {.bom = bom};
  return csv_write_styled(path, s, &st, errs);
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
                 "indicators.csv, values.csv, grades.csv, items.csv, printed.csv, meetings.csv, "
                 "members.csv, agenda.csv)",
                 e->d_name);
  }
  if (d) closedir(d);
}

/* One file of a plan folder, read on a thread of its own (book_read_dir). */
typedef struct FileRead {
  char *path;
  const char *table, *encoding;
  Sheet *sheet;
  Errors errs;
  pthread_t thread;
  int missing, started;
} FileRead;

static void *file_read_main(void *arg) {
  FileRead *f = arg;
  csv_read_file_enc(f->path, f->table, f->encoding, &f->sheet, &f->errs);
  return NULL;
}

/* A file this big is read on a thread of its own, beside the others: a national plan's
   values.csv, nodes.csv and indicators.csv took a third of its import's time one after
   another, on one of the machine's cores. */
enum { BESIDE_BYTES = 8 << 20 };

int book_read_dir(const char *dir, Book *b, Errors *errs) {
  int before = errs->count;
  check_unknown_files(dir, errs);
  enum { MAX_TABLES = 16 };
  FileRead files[MAX_TABLES] = {{0}};
  int n = 0;
  for (; xchg_tables[n] && n < MAX_TABLES; n++) {
    FileRead *f = &files[n];
    char file[64];
    snprintf(file, sizeof file, "%s.csv", xchg_tables[n]);
    f->path = join_path(dir, file);
    f->table = xchg_tables[n];
    f->encoding = b->encoding;
    struct stat st;
    f->missing = stat(f->path, &st) != 0;
    if (f->missing && n < 2)
      errors_add(&f->errs, "%s: missing (a plan folder needs plan.csv and nodes.csv)", file);
    if (!f->missing && st.st_size >= BESIDE_BYTES)
      f->started = pthread_create(&f->thread, NULL, file_read_main, f) == 0;
  }
  for (int i = 0; i < n; i++) /* the small files meanwhile, on this thread */
    if (!files[i].missing && !files[i].started) file_read_main(&files[i]);
  for (int i = 0; i < n; i++) { /* in the tables' order, whichever thread read them */
    FileRead *f = &files[i];
    if (f->started) pthread_join(f->thread, NULL);
    for (int k = 0; k < f->errs.count; k++)
      errors_add(errs, "%s", f->errs.msgs[k]);
    errors_free(&f->errs);
    if (f->sheet) book_add(b, f->sheet);
    free(f->path);
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
    CsvStyle st = {.bom = b->bom && !b->cp932, .excel_text = b->excel, .cp932 = b->cp932};
    int rc = csv_write_styled(path, b->sheets[i], &st, errs);
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
