/* SPDX-License-Identifier: Apache-2.0 */
/*
** xlsx_read.c — an Excel workbook (.xlsx, Office Open XML) read into a Book: one sheet per
** table of the exchange format, the policy on a sheet "policy".
**
** A thin reader written here on libzip (the container) and expat (the XML parts), because
** Debian has no maintained C library that reads xlsx (libxlsxwriter only writes). It reads
** what Excel, LibreOffice and openpyxl write: the sheet list and order from workbook.xml and
** its relationships, shared strings (without the phonetic ruby runs), inline strings,
** numbers, booleans, serial dates in date-formatted cells, the cached results of formulas,
** and merged cells (every cell of a merged range reads as its top-left value). Cell values
** become text; the exchange-format validator (xchg.c) does the rest and names the cell.
*/
#include "../model/text.h"
#include "sheet.h"
#include <expat.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

extern const char *const xchg_tables[];

typedef struct XCell {
  int row, col; /* 1-based row, 0-based column */
  const char *text;
} XCell;

/* Everything known about the workbook being read. */
typedef struct Wb {
  zip_t *zip;
  const char *file; /* base name, for messages */
  Errors *errs;
  Arena strs;
  char **sst; /* shared strings */
  int nsst, capsst;
  unsigned char *xf_date; /* per cell style: 1 when its number format shows a date */
  int nxf;
  int date1904;
} Wb;

/* ---- the container -------------------------------------------------------------------- */

/* The bytes of one part of the package, or NULL (with an error when it is required). */
static char *read_part(Wb *w, const char *name, size_t *len, int required) {
  zip_stat_t st;
  if (zip_stat(w->zip, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
    if (required)
      errors_add(w->errs, "%s: not an Excel workbook: the part %s is missing", w->file, name);
    return NULL;
  }
  zip_file_t *f = zip_fopen(w->zip, name, 0);
  char *data = f ? xmalloc(st.size + 1) : NULL;
  zip_int64_t n = f ? zip_fread(f, data, st.size) : -1;
  char extra;
  /* reading past the end makes libzip compare the checksum: a damaged part fails here */
  if (n < 0 || (zip_uint64_t)n != st.size || zip_fread(f, &extra, 1) != 0) {
    zip_error_t *ze = f ? zip_file_get_error(f) : zip_get_error(w->zip);
    errors_add(w->errs, "%s: the part %s cannot be read (a damaged file?): %s", w->file, name,
               zip_error_code_zip(ze) != ZIP_ER_OK ? zip_error_strerror(ze) : "data cut short");
    free(data);
    data = NULL;
  } else
    data[n] = '\0';
  if (f) zip_fclose(f);
  *len = data ? st.size : 0;
  return data;
}

/* ---- XML ------------------------------------------------------------------------------ */

/* expat reports names as "namespace|local": the local part is what matters here. */
static const char *local(const char *name) {
  const char *bar = strrchr(name, '|');
  return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *name) {
  for (int i = 0; atts[i]; i += 2)
    if (strcmp(local(atts[i]), name) == 0) return atts[i + 1];
  return NULL;
}

/* Parse one part. label names it in messages: "sheet 'values'" or the part's name. */
static int parse_xml(Wb *w, const char *part, const char *label, void *ctx,
                     XML_StartElementHandler start, XML_EndElementHandler end,
                     XML_CharacterDataHandler text) {
  size_t len;
  char *data = read_part(w, part, &len, 1);
  if (!data) return -1;
  XML_Parser p = XML_ParserCreateNS("UTF-8", '|');
  XML_SetUserData(p, ctx);
  XML_SetElementHandler(p, start, end);
  if (text) XML_SetCharacterDataHandler(p, text);
  int rc = 0;
  if (XML_Parse(p, data, (int)len, 1) == XML_STATUS_ERROR) {
    errors_add(w->errs, "%s: %s: broken XML (%s line %lu): %s", w->file, label ? label : part, part,
               (unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
    rc = -1;
  }
  XML_ParserFree(p);
  free(data);
  return rc;
}

/* ---- relationships and the sheet list -------------------------------------------------- */

typedef struct WbSheet {
  char *name, *rid, *part;
} WbSheet;

typedef struct SheetList {
  Wb *w;
  WbSheet *v;
  int n, cap;
} SheetList;

static void on_workbook(void *ctx, const char *el, const char **atts) {
  SheetList *l = ctx;
  const char *name = local(el);
  if (strcmp(name, "workbookPr") == 0) {
    const char *d = attr(atts, "date1904");
    l->w->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
  } else if (strcmp(name, "sheet") == 0) {
    const char *n = attr(atts, "name"), *rid = attr(atts, "id");
    VEC_PUSH(l->v, l->n, l->cap);
    l->v[l->n++] = (WbSheet){xstrdup(n ? n : ""), xstrdup(rid ? rid : ""), NULL};
  }
}

static void on_rels(void *ctx, const char *el, const char **atts) {
  SheetList *l = ctx;
  if (strcmp(local(el), "Relationship") != 0) return;
  const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
  if (!id || !target) return;
  for (int i = 0; i < l->n; i++) {
    if (strcmp(l->v[i].rid, id) != 0) continue;
    Buf b = {0};
    if (target[0] == '/')
      buf_put(&b, target + 1);
    else
      buf_printf(&b, "xl/%s", target);
    free(l->v[i].part);
    l->v[i].part = buf_detach(&b);
  }
}

static void no_end(void *ctx, const char *el) {
  (void)ctx;
  (void)el;
}

/* ---- shared strings ------------------------------------------------------------------- */

typedef struct SstRd {
  Wb *w;
  Buf cur;
  int in_t, in_rph;
} SstRd;

static void sst_start(void *ctx, const char *el, const char **atts) {
  (void)atts;
  SstRd *r = ctx;
  const char *n = local(el);
  if (strcmp(n, "si") == 0)
    r->cur.len = 0;
  else if (strcmp(n, "rPh") == 0) /* furigana: not part of the text */
    r->in_rph++;
  else if (strcmp(n, "t") == 0)
    r->in_t = 1;
}

static void sst_end(void *ctx, const char *el) {
  SstRd *r = ctx;
  const char *n = local(el);
  if (strcmp(n, "t") == 0)
    r->in_t = 0;
  else if (strcmp(n, "rPh") == 0)
    r->in_rph--;
  else if (strcmp(n, "si") == 0) {
    Wb *w = r->w;
    VEC_PUSH(w->sst, w->nsst, w->capsst);
    buf_putn(&r->cur, "", 0);
    w->sst[w->nsst++] = arena_strdup(&w->strs, r->cur.s ? r->cur.s : "");
  }
}

static void sst_text(void *ctx, const char *s, int len) {
  SstRd *r = ctx;
  if (r->in_t && !r->in_rph) buf_putn(&r->cur, s, (size_t)len);
}

/* ---- styles: which cell formats are dates ---------------------------------------------- */

typedef struct FmtRd {
  Wb *w;
  int in_xfs;
  int *fmt_ids; /* numFmtId of each cell style */
  int nfmt, capfmt;
  int *custom_ids; /* custom formats that show a date */
  int ncustom, capcustom;
} FmtRd;

/* A custom number format shows a date when it has year, day or era codes outside quoted
   text and [..] sections ("yyyy/m/d", "ggge年m月d日"). */
static int format_is_date(const char *code) {
  int quoted = 0, bracket = 0;
  for (const char *p = code; *p; p++) {
    if (*p == '"')
      quoted = !quoted;
    else if (quoted)
      continue;
    else if (*p == '\\' && p[1])
      p++;
    else if (*p == '[')
      bracket = 1;
    else if (*p == ']')
      bracket = 0;
    else if (!bracket && strchr("yYdDgGeE", *p))
      return 1;
  }
  return 0;
}

static int builtin_is_date(int id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static void fmt_start(void *ctx, const char *el, const char **atts) {
  FmtRd *r = ctx;
  const char *n = local(el);
  if (strcmp(n, "cellXfs") == 0)
    r->in_xfs = 1;
  else if (strcmp(n, "numFmt") == 0) {
    const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
    if (id && code && format_is_date(code)) {
      VEC_PUSH(r->custom_ids, r->ncustom, r->capcustom);
      r->custom_ids[r->ncustom++] = atoi(id);
    }
  } else if (strcmp(n, "xf") == 0 && r->in_xfs) {
    const char *id = attr(atts, "numFmtId");
    VEC_PUSH(r->fmt_ids, r->nfmt, r->capfmt);
    r->fmt_ids[r->nfmt++] = id ? atoi(id) : 0;
  }
}

static void fmt_end(void *ctx, const char *el) {
  FmtRd *r = ctx;
  if (strcmp(local(el), "cellXfs") == 0) r->in_xfs = 0;
}

static void read_styles(Wb *w) {
  FmtRd r = {.w = w};
  if (zip_name_locate(w->zip, "xl/styles.xml", 0) < 0) return;
  parse_xml(w, "xl/styles.xml", NULL, &r, fmt_start, fmt_end, NULL);
  w->nxf = r.nfmt;
  w->xf_date = xcalloc((size_t)r.nfmt + 1, 1);
  for (int i = 0; i < r.nfmt; i++) {
    w->xf_date[i] = (unsigned char)builtin_is_date(r.fmt_ids[i]);
    for (int k = 0; k < r.ncustom; k++)
      if (r.custom_ids[k] == r.fmt_ids[i]) w->xf_date[i] = 1;
  }
  free(r.fmt_ids);
  free(r.custom_ids);
}

/* ---- one worksheet -------------------------------------------------------------------- */

typedef struct Merge {
  int r1, c1, r2, c2;
} Merge;

typedef struct WsRd {
  Wb *w;
  const char *sheet;
  XCell *cells;
  int ncells, capcells;
  Merge *merges;
  int nmerges, capmerges;
  Arena *arena; /* cell texts */
  /* the cell being read */
  int row, col, style, in_c, in_v, in_is_t, in_rph, has_v, has_f;
  char type[12];
  Buf text;
  int next_row, last_col;
} WsRd;

/* "D12" → column 3, row 12. Returns -1 when it is not a cell reference. */
static int parse_ref(const char *ref, int *col, int *row) {
  int c = 0, r = 0, nl = 0, nd = 0;
  for (; *ref >= 'A' && *ref <= 'Z' && nl < 4; ref++, nl++)
    c = c * 26 + (*ref - 'A' + 1);
  for (; *ref >= '0' && *ref <= '9' && nd < 8; ref++, nd++)
    r = r * 10 + (*ref - '0');
  if (!nl || !nd || *ref) return -1;
  *col = c - 1;
  *row = r;
  return 0;
}

static void ws_start(void *ctx, const char *el, const char **atts) {
  WsRd *r = ctx;
  const char *n = local(el);
  if (strcmp(n, "row") == 0) {
    const char *rr = attr(atts, "r");
    r->row = rr ? atoi(rr) : r->next_row;
    r->next_row = r->row + 1;
    r->last_col = -1;
  } else if (strcmp(n, "c") == 0) {
    const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
    int row = r->row;
    r->col = r->last_col + 1;
    if (ref && parse_ref(ref, &r->col, &row) != 0)
      errors_add(r->w->errs, "%s: %s: '%s' is not a cell reference", r->w->file, r->sheet, ref);
    r->row = row;
    r->last_col = r->col;
    snprintf(r->type, sizeof r->type, "%s", t ? t : "n");
    r->style = s ? atoi(s) : 0;
    r->in_c = 1;
    r->has_v = r->has_f = 0;
    r->text.len = 0;
  } else if (r->in_c && strcmp(n, "v") == 0) {
    r->in_v = r->has_v = 1;
  } else if (r->in_c && strcmp(n, "f") == 0) {
    r->has_f = 1;
  } else if (r->in_c && strcmp(n, "rPh") == 0) {
    r->in_rph++;
  } else if (r->in_c && strcmp(n, "t") == 0) {
    r->in_is_t = r->has_v = 1;
  } else if (strcmp(n, "mergeCell") == 0) {
    const char *ref = attr(atts, "ref");
    char a[24] = "", *colon;
    Merge m;
    snprintf(a, sizeof a, "%s", ref ? ref : "");
    if ((colon = strchr(a, ':'))) {
      *colon = '\0';
      if (parse_ref(a, &m.c1, &m.r1) == 0 && parse_ref(colon + 1, &m.c2, &m.r2) == 0) {
        VEC_PUSH(r->merges, r->nmerges, r->capmerges);
        r->merges[r->nmerges++] = m;
      }
    }
  }
}

static void ws_text(void *ctx, const char *s, int len) {
  WsRd *r = ctx;
  if (r->in_v || (r->in_is_t && !r->in_rph)) buf_putn(&r->text, s, (size_t)len);
}

/* Days since 1970-01-01 → "YYYY-MM-DD" (civil calendar, H. Hinnant's algorithm). */
static void iso_date(long days, char *out, size_t n) {
  long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  snprintf(out, n, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

static void cell_error(WsRd *r, const char *msg, const char *text) {
  char ref[16];
  errors_add(r->w->errs, "%s: %s!%s: %s: '%s'", r->w->file, r->sheet, cell_ref(r->col, r->row, ref),
             msg, text);
}

/* The text of a number cell: a serial date as ISO date, other numbers as Excel shows
   them (15 significant digits, no exponent for ordinary values). */
static const char *number_text(WsRd *r, const char *v, char *buf, size_t n) {
  char *end;
  double d = strtod(v, &end);
  if (end == v || *end || !isfinite(d)) {
    cell_error(r, "not a number in a number cell", v);
    return NULL;
  }
  if (r->style >= 0 && r->style < r->w->nxf && r->w->xf_date[r->style]) {
    /* serial 1 is 1900-01-01 (1904-01-02 in the 1904 system); Excel counts 1900-02-29 */
    long serial = (long)floor(d);
    long days = r->w->date1904 ? serial - 24107 : serial - (serial < 61 ? 25568 : 25569);
    iso_date(days, buf, n);
    return buf;
  }
  snprintf(buf, n, "%.15g", d);
  return buf;
}

static void ws_end(void *ctx, const char *el) {
  WsRd *r = ctx;
  const char *n = local(el);
  if (strcmp(n, "v") == 0) r->in_v = 0;
  if (strcmp(n, "t") == 0) r->in_is_t = 0;
  if (strcmp(n, "rPh") == 0 && r->in_rph) r->in_rph--;
  if (strcmp(n, "c") != 0 || !r->in_c) return;
  r->in_c = 0;
  buf_putn(&r->text, "", 0);
  const char *v = r->text.s ? r->text.s : "", *out = NULL;
  char num[64];
  if (!r->has_v) {
    if (r->has_f) cell_error(r, "a formula without a saved result (save it in Excel first)", "");
    return;
  }
  if (strcmp(r->type, "s") == 0) {
    char *end;
    long i = strtol(v, &end, 10);
    if (end == v || *end || i < 0 || i >= r->w->nsst)
      cell_error(r, "refers to a shared string that does not exist", v);
    else
      out = r->w->sst[i];
  } else if (strcmp(r->type, "str") == 0 || strcmp(r->type, "inlineStr") == 0)
    out = v;
  else if (strcmp(r->type, "b") == 0)
    out = strcmp(v, "1") == 0 ? "true" : "false";
  else if (strcmp(r->type, "e") == 0)
    cell_error(r, "the cell holds an Excel error", v);
  else if (strcmp(r->type, "d") == 0) { /* an ISO 8601 date cell: keep the date */
    snprintf(num, sizeof num, "%.10s", v);
    out = num;
  } else if (*v)
    out = number_text(r, v, num, sizeof num);
  if (!out || !*out) return;
  VEC_PUSH(r->cells, r->ncells, r->capcells);
  r->cells[r->ncells++] = (XCell){r->row, r->col, arena_strdup(r->arena, out)};
}

static int cmp_cell(const void *a, const void *b) {
  const XCell *x = a, *y = b;
  if (x->row != y->row) return x->row < y->row ? -1 : 1;
  return (x->col > y->col) - (x->col < y->col);
}

static void sort_cells(WsRd *r) {
  for (int i = 1; i < r->ncells; i++)
    if (cmp_cell(&r->cells[i - 1], &r->cells[i]) >= 0) {
      qsort(r->cells, (size_t)r->ncells, sizeof(XCell), cmp_cell);
      return;
    }
}

/* Every cell of a merged range takes the range's top-left value. Ranges are clipped to the
   cells present, so a merge over a whole column costs nothing. */
static void apply_merges(WsRd *r) {
  if (!r->nmerges) return;
  sort_cells(r);
  int maxrow = r->ncells ? r->cells[r->ncells - 1].row : 0, n0 = r->ncells;
  for (int m = 0; m < r->nmerges; m++) {
    Merge g = r->merges[m];
    XCell key = {g.r1, g.c1, NULL};
    XCell *tl = bsearch(&key, r->cells, (size_t)n0, sizeof(XCell), cmp_cell);
    if (!tl) continue;
    const char *text = tl->text;
    for (int row = g.r1; row <= g.r2 && row <= maxrow; row++)
      for (int col = g.c1; col <= g.c2 && col < g.c1 + 256; col++) {
        if (row == g.r1 && col == g.c1) continue;
        VEC_PUSH(r->cells, r->ncells, r->capcells);
        r->cells[r->ncells++] = (XCell){row, col, text};
      }
  }
}

/* The cells as a Sheet: the first row with anything in it is the header. */
static Sheet *cells_to_sheet(WsRd *r, const char *name) {
  Wb *w = r->w;
  Sheet *s = sheet_new(name, w->file);
  sort_cells(r);
  int i = 0, maxcol = 0;
  for (int k = 0; k < r->ncells; k++)
    if (r->cells[k].col > maxcol) maxcol = r->cells[k].col;
  int *map = xmalloc(sizeof(int) * ((size_t)maxcol + 1));
  for (int c = 0; c <= maxcol; c++)
    map[c] = -1;
  int hrow = r->ncells ? r->cells[0].row : 0;
  for (; i < r->ncells && r->cells[i].row == hrow; i++) {
    const XCell *x = &r->cells[i];
    char *h = text_normalize(x->text), ref[16];
    const char *hn = h ? h : x->text;
    if (sheet_column(s, hn) >= 0)
      errors_add(w->errs, "%s: %s!%s: column '%s' appears twice in the header", w->file, name,
                 cell_ref(x->col, x->row, ref), x->text);
    map[x->col] = sheet_add_column(s, hn);
    free(h);
  }
  s->xcol = xmalloc(sizeof(int) * ((size_t)s->capcols + 1));
  for (int c = 0; c <= maxcol; c++)
    if (map[c] >= 0) s->xcol[map[c]] = c;
  for (int prev = -1; i < r->ncells; i++) {
    const XCell *x = &r->cells[i];
    char ref[16];
    if (x->row != prev) sheet_add_row(s, x->row);
    prev = x->row;
    if (map[x->col] < 0)
      errors_add(w->errs, "%s: %s!%s: a value in a column without a header: '%s'", w->file, name,
                 cell_ref(x->col, x->row, ref), x->text);
    else
      sheet_set(s, s->nrows - 1, map[x->col], x->text);
  }
  free(map);
  return s;
}

static Sheet *read_sheet(Wb *w, const WbSheet *ws) {
  WsRd r = {.w = w, .sheet = ws->name, .next_row = 1, .last_col = -1};
  Arena arena = {0};
  r.arena = &arena;
  Sheet *s = NULL;
  char label[300];
  snprintf(label, sizeof label, "sheet '%s'", ws->name);
  if (parse_xml(w, ws->part, label, &r, ws_start, ws_end, ws_text) == 0) {
    apply_merges(&r);
    s = cells_to_sheet(&r, ws->name);
  }
  free(r.cells);
  free(r.merges);
  buf_free(&r.text);
  arena_free(&arena);
  return s;
}

/* ---- the workbook --------------------------------------------------------------------- */

static int is_table(const char *name) {
  for (int i = 0; xchg_tables[i]; i++)
    if (strcmp(xchg_tables[i], name) == 0) return 1;
  return 0;
}

/* The policy sheet holds the policy document one line per row under the header "policy". */
static void read_policy(Book *b, const Sheet *s, Errors *errs) {
  Buf json = {0};
  int c = sheet_column(s, "policy");
  if (c < 0 || s->ncols != 1) {
    errors_add(errs, "%s: policy!A1: the policy sheet has one column headed 'policy'", s->file);
    return;
  }
  for (int r = 0; r < s->nrows; r++)
    if (s->rows[r][c]) buf_printf(&json, "%s\n", s->rows[r][c]);
  if (!json.s) return;
  b->policy_json = buf_detach(&json);
  Buf f = {0};
  buf_printf(&f, "%s: policy", s->file);
  b->policy_file = buf_detach(&f);
}

/* Read the sheets; unless raw, only the exchange tables and the policy are allowed. */
static void read_sheets(Wb *w, SheetList *l, Book *b, int raw) {
  for (int i = 0; i < l->n; i++) {
    WbSheet *ws = &l->v[i];
    int policy = !raw && strcmp(ws->name, "policy") == 0;
    if (!raw && !is_table(ws->name) && !policy) {
      errors_add(w->errs,
                 "%s: sheet '%s': not a table of exchange format v1 (expected sheets plan, "
                 "nodes, indicators, values, grades, items, printed, meetings, members, agenda, "
                 "policy)",
                 w->file, ws->name);
      continue;
    }
    if (!ws->part) {
      errors_add(w->errs, "%s: sheet '%s': its part is not in the workbook's relationships",
                 w->file, ws->name);
      continue;
    }
    Sheet *s = read_sheet(w, ws);
    if (s && policy) {
      read_policy(b, s, w->errs);
      sheet_free(s);
    } else if (s)
      book_add(b, s);
  }
  for (int i = 0; i < 2 && !raw; i++)
    if (!book_sheet(b, xchg_tables[i]))
      errors_add(w->errs, "%s: sheet '%s' is missing (a plan workbook needs plan and nodes)",
                 w->file, xchg_tables[i]);
}

static int open_workbook(Wb *w, const char *path) {
  int zerr = 0;
  w->zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
  if (w->zip) return 0;
  zip_error_t ze;
  zip_error_init_with_code(&ze, zerr);
  errors_add(w->errs, "%s: not an Excel workbook (a damaged or truncated file?): %s", w->file,
             zip_error_strerror(&ze));
  zip_error_fini(&ze);
  return -1;
}

static void free_list(SheetList *l) {
  for (int i = 0; i < l->n; i++) {
    free(l->v[i].name);
    free(l->v[i].rid);
    free(l->v[i].part);
  }
  free(l->v);
}

int xlsx_has_sheet(const char *path, const char *name) {
  Errors errs = {0};
  Wb w = {.file = path, .errs = &errs};
  SheetList l = {.w = &w};
  int found = 0;
  if (open_workbook(&w, path) == 0 &&
      parse_xml(&w, "xl/workbook.xml", NULL, &l, on_workbook, no_end, NULL) == 0)
    for (int i = 0; i < l.n; i++)
      found |= strcmp(l.v[i].name, name) == 0;
  free_list(&l);
  if (w.zip) zip_discard(w.zip);
  errors_free(&errs);
  return found;
}

static int read_workbook(const char *path, Book *b, Errors *errs, int raw) {
  const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  int before = errs->count;
  Wb w = {.file = base, .errs = errs};
  if (open_workbook(&w, path) != 0) return -1;
  SheetList l = {.w = &w};
  if (parse_xml(&w, "xl/workbook.xml", NULL, &l, on_workbook, no_end, NULL) == 0 &&
      parse_xml(&w, "xl/_rels/workbook.xml.rels", NULL, &l, on_rels, no_end, NULL) == 0) {
    if (zip_name_locate(w.zip, "xl/sharedStrings.xml", 0) >= 0) {
      SstRd sr = {.w = &w};
      parse_xml(&w, "xl/sharedStrings.xml", NULL, &sr, sst_start, sst_end, sst_text);
      buf_free(&sr.cur);
    }
    read_styles(&w);
    if (errs->count == before) read_sheets(&w, &l, b, raw);
  }
  free_list(&l);
  free(w.sst);
  free(w.xf_date);
  arena_free(&w.strs);
  zip_discard(w.zip);
  return errs->count > before ? -1 : 0;
}

int book_read_xlsx(const char *path, Book *b, Errors *errs) {
  return read_workbook(path, b, errs, 0);
}

int book_read_xlsx_raw(const char *path, Book *b, Errors *errs) {
  return read_workbook(path, b, errs, 1);
}
