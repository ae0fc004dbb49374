/* SPDX-License-Identifier: Apache-2.0 */
/*
** xchg.c — exchange format v1: sheets to a validated plan and back (see xchg.h).
**
** Reading runs in two passes: first every row of every table is parsed and checked on its
** own (numbers, years, enumerations), then references between rows are resolved (parents,
** indicators, subjects) and the tree is checked (cycles, levels). Errors are collected, not
** stopped at, so that one import run lists everything a clerk has to fix.
*/
#include "xchg.h"
#include "../eval/policy.h"
#include "../model/kpi.h"
#include "../model/text.h"
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

/* ---- column sets ---------------------------------------------------------------------- */

typedef struct TableDef {
  const char *name;
  const char *const *cols; /* canonical order */
  const char *const *required;
  int attrs;                   /* accepts attr:NAME columns */
  const char *const *optional; /* accepted, and written only when a row has one; NULL: none */
} TableDef;

static const char *const plan_cols[] = {
    "id",         "name",      "municipality", "municipality_code",
    "first_year", "last_year", "levels",       "predecessor",
    "source",     NULL};
static const char *const plan_req[] = {"id", "name", "first_year", "last_year", "levels", NULL};
static const char *const node_cols[] = {"id",         "parent",      "level",    "number",
                                        "name",       "departments", "audience", "summary",
                                        "added_year", "ended_year",  "decision", "decision_reason",
                                        "also_under", "continues",   "source",   NULL};
static const char *const node_req[] = {"id", "name", NULL};
static const char *const ind_cols[] = {
    "id",       "node",          "number",       "name",   "unit", "direction", "accumulation",
    "baseline", "baseline_year", "composite_of", "weight", "role", "source",    NULL};
static const char *const ind_req[] = {"id", "node", "name", NULL};
/* kpi: a code of the shared KPI vocabulary (docs/compare.md), after the canonical columns so
   that plans without one export as before */
static const char *const ind_opt[] = {"kpi", NULL};
static const char *const value_cols[] = {"indicator", "year", "kind",    "value",  "text",
                                         "as_of",     "note", "revised", "source", NULL};
static const char *const value_req[] = {"indicator", "year", "kind", NULL};
static const char *const grade_cols[] = {"subject", "year", "grade", "basis", "source", NULL};
static const char *const grade_req[] = {"subject", "year", "grade", NULL};
static const char *const item_cols[] = {"node", "year",   "kind",   "owner", "text",
                                        "due",  "status", "source", NULL};
static const char *const item_req[] = {"node", "kind", NULL};
static const char *const printed_cols[] = {"subject", "year",  "what",   "value",
                                           "variant", "level", "source", NULL};
static const char *const printed_req[] = {"subject", "what", "value", NULL};
/* committee meetings (docs/meetings.md): optional tables, written only when a plan has any */
static const char *const meeting_cols[] = {"id",       "name",   "date",          "time",   "place",
                                           "business", "agenda", "members_as_of", "source", NULL};
static const char *const meeting_req[] = {"id", "name", NULL};
static const char *const member_cols[] = {"meeting",  "role", "name",   "reading", "affiliation",
                                          "position", "note", "source", NULL};
static const char *const member_req[] = {"meeting", "name", NULL};
static const char *const agenda_cols[] = {"meeting", "label",  "kind", "variant",
                                          "title",   "source", NULL};
static const char *const agenda_req[] = {"meeting", "label", NULL};

static const TableDef tables[] = {
    {"plan", plan_cols, plan_req, 0},
    {"nodes", node_cols, node_req, 1},
    {"indicators", ind_cols, ind_req, 1, ind_opt},
    {"values", value_cols, value_req, 0},
    {"grades", grade_cols, grade_req, 0},
    {"items", item_cols, item_req, 0},
    {"printed", printed_cols, printed_req, 0},
    {"meetings", meeting_cols, meeting_req, 0},
    {"members", member_cols, member_req, 0},
    {"agenda", agenda_cols, agenda_req, 0},
};
enum {
  T_PLAN,
  T_NODES,
  T_INDS,
  T_VALUES,
  T_GRADES,
  T_ITEMS,
  T_PRINTED,
  T_MEETINGS,
  T_MEMBERS,
  T_AGENDA,
  T__COUNT
};

/* The Japanese header of each column in the plan workbook (xlsx_write.c) and its width in
   characters; read back as the column (xchg_keys_from_labels), so the workbook imports. */
typedef struct ColLabel {
  const char *table, *key, *label;
  int width;
} ColLabel;

static const ColLabel labels[] = {
    {"plan", "id", "計画ID", 16},
    {"plan", "name", "計画名", 40},
    {"plan", "municipality", "地方公共団体名", 14},
    {"plan", "municipality_code", "全国地方公共団体コード", 12},
    {"plan", "first_year", "開始年度", 10},
    {"plan", "last_year", "終了年度", 10},
    {"plan", "levels", "階層の名前", 30},
    {"plan", "predecessor", "前の計画", 16},
    {"plan", "source", "出典", 24},
    {"nodes", "id", "ID", 10},
    {"nodes", "parent", "上位のID", 10},
    {"nodes", "level", "階層", 6},
    {"nodes", "number", "番号", 10},
    {"nodes", "name", "名称", 40},
    {"nodes", "departments", "担当課", 24},
    {"nodes", "audience", "対象", 14},
    {"nodes", "summary", "概要", 60},
    {"nodes", "added_year", "追加年度", 10},
    {"nodes", "ended_year", "終了年度", 10},
    {"nodes", "decision", "今後の方向性", 12},
    {"nodes", "decision_reason", "方向性の理由", 40},
    {"nodes", "also_under", "再掲先", 14},
    {"nodes", "continues", "前計画の項目", 14},
    {"nodes", "source", "出典", 24},
    {"indicators", "id", "指標ID", 10},
    {"indicators", "node", "取組のID", 10},
    {"indicators", "number", "番号", 8},
    {"indicators", "name", "指標名", 40},
    {"indicators", "unit", "単位", 8},
    {"indicators", "direction", "方向", 10},
    {"indicators", "accumulation", "集計の仕方", 12},
    {"indicators", "baseline", "基準値", 10},
    {"indicators", "baseline_year", "基準年度", 10},
    {"indicators", "composite_of", "構成する指標", 14},
    {"indicators", "weight", "重み", 6},
    {"indicators", "role", "役割", 8},
    {"indicators", "source", "出典", 24},
    {"indicators", "kpi", "共通KPI", 16},
    {"values", "indicator", "指標ID", 10},
    {"values", "year", "年度", 8},
    {"values", "kind", "種別", 10},
    {"values", "value", "値", 12},
    {"values", "text", "状況", 12},
    {"values", "as_of", "時点", 12},
    {"values", "note", "備考", 30},
    {"values", "revised", "改訂", 10},
    {"values", "source", "出典", 24},
    {"grades", "subject", "対象のID", 10},
    {"grades", "year", "年度", 8},
    {"grades", "grade", "評価", 6},
    {"grades", "basis", "根拠", 40},
    {"grades", "source", "出典", 24},
    {"items", "node", "取組のID", 10},
    {"items", "year", "年度", 8},
    {"items", "kind", "種別", 8},
    {"items", "owner", "担当", 16},
    {"items", "text", "内容", 50},
    {"items", "due", "期限", 12},
    {"items", "status", "状態", 10},
    {"items", "source", "出典", 24},
    {"printed", "subject", "対象のID", 12},
    {"printed", "year", "年度", 8},
    {"printed", "what", "項目", 12},
    {"printed", "value", "印刷された値", 12},
    {"printed", "variant", "資料の別", 10},
    {"printed", "level", "階層", 6},
    {"printed", "source", "出典", 24},
    {"meetings", "id", "会議ID", 10},
    {"meetings", "name", "会議名", 44},
    {"meetings", "date", "日付", 12},
    {"meetings", "time", "時間", 18},
    {"meetings", "place", "場所", 24},
    {"meetings", "business", "区分", 10},
    {"meetings", "agenda", "議題", 50},
    {"meetings", "members_as_of", "名簿の時点", 12},
    {"meetings", "source", "出典", 24},
    {"members", "meeting", "会議ID", 10},
    {"members", "role", "役職", 10},
    {"members", "name", "氏名", 16},
    {"members", "reading", "よみ", 20},
    {"members", "affiliation", "所属", 36},
    {"members", "position", "職名", 20},
    {"members", "note", "備考", 10},
    {"members", "source", "出典", 24},
    {"agenda", "meeting", "会議ID", 10},
    {"agenda", "label", "資料番号", 10},
    {"agenda", "kind", "帳票の種類", 12},
    {"agenda", "variant", "評価の別", 10},
    {"agenda", "title", "資料名", 50},
    {"agenda", "source", "出典", 24},
};

const char *xchg_column_label(const char *table, const char *key, int *width) {
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
    if (strcmp(labels[i].table, table) == 0 && strcmp(labels[i].key, key) == 0) {
      if (width) *width = labels[i].width;
      return labels[i].label;
    }
  return NULL;
}

void xchg_keys_from_labels(Book *b) {
  for (int t = 0; t < b->nsheets; t++) {
    Sheet *s = b->sheets[t];
    for (int c = 0; c < s->ncols; c++)
      for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].table, s->name) == 0 && strcmp(labels[i].label, s->header[c]) == 0 &&
            sheet_column(s, labels[i].key) < 0) {
          free(s->header[c]);
          s->header[c] = xstrdup(labels[i].key);
          break;
        }
  }
}

static const char *const decisions[] = {"継続", "計画外", "終了"};
/* narrative: the secretariat's own text for a node and year, shown in the committee report
   instead of the drafted paragraph (set with `shinchoku narrative`); basis: why a year's
   figure or grade is what it is (000's R3末見込の根拠); issue: the 課題 a committee report lists
   for a node below the top grade; purpose, effect: 目的・概要 and 期待される効果 as printed;
   outcome, challenge: a closing review's 取組の成果 and 課題 (000 資料3-2) */
static const char *const item_kinds[] = {"plan",    "item",      "goal",    "result",
                                         "comment", "narrative", "basis",   "issue",
                                         "purpose", "effect",    "outcome", "challenge"};
static const char *const item_statuses[] = {"done", "open", "undecided"};

/* ---- reading context ------------------------------------------------------------------ */

enum { COLUMN_CACHE = 16 };

typedef struct Rd {
  Plan *p;
  Errors *errs;
  const Sheet *s; /* the sheet being read */
  int r;          /* its row */
  Policy *policy;
  /* columns looked up in s, by the address of the (literal) name asked for */
  const Sheet *cached;
  const char *cache_name[COLUMN_CACHE];
  int cache_col[COLUMN_CACHE];
} Rd;

/* Where a cell is: "values.csv:12" for a CSV line, "plan.json: values[11]" for a JSON row,
   "plan.xlsx: values!D12" for a workbook cell (its row when the column is absent). */
static void cell_where(const Sheet *s, int r, const char *col, char *buf, size_t n) {
  size_t len = strlen(s->file);
  int c = col ? sheet_column(s, col) : -1;
  char ref[16];
  if (s->xcol && c >= 0)
    snprintf(buf, n, "%s: %s!%s", s->file, s->name, cell_ref(s->xcol[c], s->line[r], ref));
  else if (s->xcol)
    snprintf(buf, n, "%s: %s!%d", s->file, s->name, s->line[r]);
  else if (len > 5 && strcmp(s->file + len - 5, ".json") == 0)
    snprintf(buf, n, "%s: %s[%d]", s->file, s->name, s->line[r] - 1);
  else
    snprintf(buf, n, "%s:%d", s->file, s->line[r]);
}

/* Where a header is: "values.csv:1" or "plan.xlsx: values!1". */
static void header_where(const Sheet *s, char *buf, size_t n) {
  if (s->xcol)
    snprintf(buf, n, "%s: %s!1", s->file, s->name);
  else
    snprintf(buf, n, "%s:1", s->file);
}

static void row_err(Errors *e, const Sheet *s, int r, const char *col, const char *text,
                    const char *msg) {
  char where[300];
  cell_where(s, r, col, where, sizeof where);
  if (text)
    errors_add(e, "%s: column %s: %s: '%s'", where, col, msg, text);
  else
    errors_add(e, "%s: column %s: %s", where, col, msg);
}

static void err(Rd *c, const char *col, const char *text, const char *msg) {
  row_err(c->errs, c->s, c->r, col, text, msg);
}

/* The column named col in the sheet being read. Readers ask for the same few names, each by
   one literal, in row after row (a national plan's values: 33 M look-ups, each comparing
   names one by one), so the answer is kept by the name's address. */
static int column_of(Rd *c, const char *col) {
  if (c->cached != c->s) {
    memset(c->cache_name, 0, sizeof c->cache_name);
    c->cached = c->s;
  }
  unsigned h = (unsigned)(((uintptr_t)col >> 3) % COLUMN_CACHE);
  if (c->cache_name[h] != col) {
    c->cache_name[h] = col;
    c->cache_col[h] = sheet_column(c->s, col);
  }
  return c->cache_col[h];
}

static const char *cell(Rd *c, const char *col) {
  return sheet_get(c->s, c->r, column_of(c, col));
}

/* A cell's text, or NULL when empty or one of the dash family alone. */
static const char *cell_value(Rd *c, const char *col) {
  const char *v = cell(c, col);
  return v && !text_is_blank(v) ? v : NULL;
}

static const char *str(Rd *c, const char *col) {
  return plan_str(c->p, cell(c, col));
}

static int year_in_plan(const Plan *p, const char *s, int *year) {
  if (fy_parse(s, 0, year) == 0) return 0;
  const int bases[] = {2018, 1988};
  for (int i = 0; i < 2; i++)
    if (fy_parse(s, bases[i], year) == 0 &&
        (!p->first_year || (*year >= p->first_year - 40 && *year <= p->last_year + 40)))
      return 0;
  return -1;
}

static int year_cell(Rd *c, const char *col, int required) {
  const char *v = cell_value(c, col);
  int y = 0;
  if (!v) {
    if (required) err(c, col, NULL, "a fiscal year is required");
    return 0;
  }
  if (year_in_plan(c->p, v, &y) != 0) {
    err(c, col, v, "not a fiscal year (write 2023, R5 or 令和5年度)");
    return 0;
  }
  return y;
}

static dec_t num_cell(Rd *c, const char *col) {
  const char *v = cell_value(c, col);
  dec_t d = DEC_NONE;
  if (!v) return DEC_NONE;
  int rc = num_parse(v, &d);
  if (rc == -2)
    err(c, col, v, "more than six decimal places");
  else if (rc == -3)
    err(c, col, v, "number out of range");
  else if (rc)
    err(c, col, v, "not a number (put words in the text column)");
  return rc ? DEC_NONE : d;
}

static int enum_cell(Rd *c, const char *col, const char *const *names, int n, int dflt) {
  const char *v = cell_value(c, col);
  if (!v) return dflt;
  char *norm = text_normalize(v);
  int i = enum_lookup(names, n, norm ? norm : v);
  free(norm);
  if (i < 0) {
    Buf b = {0};
    buf_put(&b, "unknown value (one of");
    for (int k = 0; k < n; k++)
      buf_printf(&b, " %s", names[k]);
    buf_put(&b, ")");
    err(c, col, v, b.s);
    buf_free(&b);
  }
  return i < 0 ? dflt : i;
}

static const char *date_cell(Rd *c, const char *col) {
  const char *v = cell_value(c, col);
  char iso[16];
  if (!v) return NULL;
  if (date_parse(v, iso) != 0) {
    err(c, col, v, "not a date (write 2024-03-31 or 令和6年3月31日)");
    return NULL;
  }
  return plan_str(c->p, iso);
}

static int valid_id(const char *s) {
  if (!s || !*s) return 0;
  for (; *s; s++)
    if ((unsigned char)*s <= ' ' || *s == '|' || *s == '=' || *s == ',' || *s == '"' || *s == '<' ||
        *s == '>' || *s == '&' || *s == '\'')
      return 0;
  return 1;
}

static const char *id_cell(Rd *c, const char *col) {
  const char *v = cell(c, col);
  if (!v) {
    err(c, col, NULL, "an id is required");
    return NULL;
  }
  if (!valid_id(v)) {
    err(c, col, v, "an id may not contain spaces or | = , \" < > & '");
    return NULL;
  }
  return plan_str(c->p, v);
}

static void check_columns(Rd *c, const TableDef *t) {
  char where[300];
  header_where(c->s, where, sizeof where);
  for (int k = 0; k < c->s->ncols; k++) {
    const char *h = c->s->header[k];
    int known = t->attrs && strncmp(h, "attr:", 5) == 0 && h[5];
    for (int i = 0; !known && t->cols[i]; i++)
      known = strcmp(t->cols[i], h) == 0;
    for (int i = 0; !known && t->optional && t->optional[i]; i++)
      known = strcmp(t->optional[i], h) == 0;
    char ref[16], at[300];
    if (c->s->xcol) /* a workbook: name the header cell */
      snprintf(at, sizeof at, "%s: %s!%s", c->s->file, c->s->name, cell_ref(c->s->xcol[k], 1, ref));
    if (!known)
      errors_add(c->errs,
                 "%s: column %s: unknown column (a typo? extra columns are named "
                 "attr:NAME)",
                 c->s->xcol ? at : where, h);
  }
  /* a JSON table without rows has no columns to check */
  for (int i = 0; t->required[i] && c->s->ncols; i++)
    if (sheet_column(c->s, t->required[i]) < 0)
      errors_add(c->errs, "%s: column %s: required column is missing", where, t->required[i]);
}

static void read_attrs(Rd *c, Attr **attrs, int *nattrs) {
  int n = 0;
  for (int k = 0; k < c->s->ncols; k++)
    if (strncmp(c->s->header[k], "attr:", 5) == 0 && sheet_get(c->s, c->r, k)) n++;
  if (!n) return;
  *attrs = arena_alloc(&c->p->arena, sizeof(Attr) * (size_t)n);
  for (int k = 0; k < c->s->ncols; k++) {
    const char *v = sheet_get(c->s, c->r, k);
    if (strncmp(c->s->header[k], "attr:", 5) != 0 || !v) continue;
    (*attrs)[*nattrs].name = plan_str(c->p, c->s->header[k] + 5);
    (*attrs)[(*nattrs)++].value = plan_str(c->p, v);
  }
}

/* ---- pass 1: rows --------------------------------------------------------------------- */

static int check_digit_ok(const char *code) {
  if (strlen(code) != 6) return 0;
  int sum = 0;
  for (int i = 0; i < 6; i++)
    if (code[i] < '0' || code[i] > '9') return 0;
  for (int i = 0; i < 5; i++)
    sum += (code[i] - '0') * (6 - i);
  int r = sum % 11;
  return r < 2 || code[5] - '0' == (11 - r) % 10;
}

static void read_plan(Rd *c) {
  Plan *p = c->p;
  if (c->s->nrows != 1) {
    errors_add(c->errs, "%s: must have exactly one plan row (it has %d)", c->s->file, c->s->nrows);
    if (!c->s->nrows) return;
  }
  c->r = 0;
  p->id = id_cell(c, "id");
  p->name = str(c, "name");
  if (!p->name) err(c, "name", NULL, "the plan needs a name");
  p->municipality = str(c, "municipality");
  p->municipality_code = str(c, "municipality_code");
  if (p->municipality_code && !check_digit_ok(p->municipality_code))
    err(c, "municipality_code", p->municipality_code,
        "not a 6-digit 全国地方公共団体コード with a valid check digit");
  p->first_year = year_cell(c, "first_year", 1);
  p->last_year = year_cell(c, "last_year", 1);
  if (p->first_year && p->last_year && p->last_year < p->first_year)
    err(c, "last_year", cell(c, "last_year"), "the plan ends before it starts");
  plan_set_levels(p, cell(c, "levels"));
  if (!p->nlevels)
    err(c, "levels", NULL, "name the plan's levels, top first (基本方針|施策|具体策)");
  p->predecessor = str(c, "predecessor");
  p->source = str(c, "source");
}

static int level_cell(Rd *c, const char *col) {
  const char *v = cell_value(c, col);
  if (!v) return 0;
  for (int i = 0; i < c->p->nlevels; i++)
    if (strcmp(c->p->levels[i], v) == 0) return i + 1;
  dec_t d;
  if (num_parse(v, &d) == 0 && d % DEC_SCALE == 0 && d >= DEC_SCALE &&
      d <= dec_from_int(c->p->nlevels))
    return (int)(d / DEC_SCALE);
  err(c, col, v, "not a level of the plan (a number from 1 or a name from plan.levels)");
  return 0;
}

static void read_nodes(Rd *c) {
  for (c->r = 0; c->r < c->s->nrows; c->r++) {
    Node *n = plan_add_node(c->p);
    n->id = id_cell(c, "id");
    n->level = level_cell(c, "level");
    n->number = str(c, "number");
    n->name = str(c, "name");
    if (!n->name) err(c, "name", NULL, "a name is required");
    n->departments = str(c, "departments");
    n->audience = str(c, "audience");
    n->summary = str(c, "summary");
    n->added_year = year_cell(c, "added_year", 0);
    n->ended_year = year_cell(c, "ended_year", 0);
    int d = enum_cell(c, "decision", decisions, 3, -1);
    n->decision = d >= 0 ? decisions[d] : NULL;
    n->decision_reason = str(c, "decision_reason");
    n->also_under = str(c, "also_under");
    n->continues = str(c, "continues");
    n->source = str(c, "source");
    read_attrs(c, &n->attrs, &n->nattrs);
  }
}

/* A KPI code: one of the shared vocabulary's (kpi.h), or an error naming file, row and column. */
static const char *kpi_cell(Rd *c, const char *col) {
  const char *v = cell_value(c, col);
  if (v && !kpi_find(v)) {
    err(c, col, v, "not a code of the shared KPI vocabulary (shinchoku kpi lists them)");
    return NULL;
  }
  return plan_str(c->p, v);
}

static void read_indicators(Rd *c) {
  for (c->r = 0; c->r < c->s->nrows; c->r++) {
    Indicator *in = plan_add_indicator(c->p);
    in->id = id_cell(c, "id");
    in->number = str(c, "number");
    in->name = str(c, "name");
    if (!in->name) err(c, "name", NULL, "a name is required");
    in->unit = str(c, "unit");
    in->direction = enum_cell(c, "direction", direction_names, 4, DIR_UP);
    in->accumulation = enum_cell(c, "accumulation", accumulation_names, 3, ACC_FLOW);
    in->baseline = num_cell(c, "baseline");
    in->baseline_year = year_cell(c, "baseline_year", 0);
    in->composite_of = str(c, "composite_of");
    in->weight = num_cell(c, "weight");
    in->role = str(c, "role");
    in->source = str(c, "source");
    in->kpi = kpi_cell(c, "kpi");
    read_attrs(c, &in->attrs, &in->nattrs);
  }
}

static void read_values(Rd *c) {
  for (c->r = 0; c->r < c->s->nrows; c->r++) {
    Value *v = plan_add_value(c->p);
    v->year = year_cell(c, "year", 1);
    v->kind = enum_cell(c, "kind", value_kind_names, VK__COUNT, -1);
    if (v->kind < 0 && !cell_value(c, "kind")) err(c, "kind", NULL, "target, actual or projection");
    v->num = num_cell(c, "value");
    v->text = str(c, "text");
    const char *as_of = date_cell(c, "as_of"), *note = str(c, "note");
    const char *revised = date_cell(c, "revised");
    value_set_extra(c->p, v, as_of, note, revised, str(c, "source"));
  }
}

static void read_grades(Rd *c) {
  for (c->r = 0; c->r < c->s->nrows; c->r++) {
    Grade *g = plan_add_grade(c->p);
    g->subject = str(c, "subject");
    g->year = year_cell(c, "year", 1);
    g->grade = str(c, "grade");
    if (!g->grade) err(c, "grade", NULL, "a grade symbol is required");
    if (g->grade && c->policy && policy_grade(c->policy, g->grade) < 0)
      err(c, "grade", g->grade, "not a grade of the plan's policy");
    g->basis = str(c, "basis");
    g->source = str(c, "source");
  }
}

static void read_items(Rd *c) {
  for (c->r = 0; c->r < c->s->nrows; c->r++) {
    Item *it = plan_add_item(c->p);
    it->year = year_cell(c, "year", 0);
    int k = enum_cell(c, "kind", item_kinds, (int)(sizeof item_kinds / sizeof *item_kinds), -1);
    it->kind = k >= 0 ? item_kinds[k] : NULL;
    it->owner = str(c, "owner");
    it->text = str(c, "text");
    it->due = str(c, "due");
    int st = enum_cell(c, "status", item_statuses, 3, -1);
    it->status = st >= 0 ? item_statuses[st] : NULL;
    it->source = str(c, "source");
  }
}

static int what_ok(Rd *c, const char *what) {
  static const char *const plain[] = {"rate", "grade", "target", "actual", "total", "share", "top"};
  if (enum_lookup(plain, 7, what) >= 0) return 1;
  return strncmp(what, "count:", 6) == 0 && (!c->policy || policy_grade(c->policy, what + 6) >= 0);
}

static void read_printed(Rd *c) {
  char **variants = policy_variants(c->p->policy_json);
  for (c->r = 0; c->r < c->s->nrows; c->r++) {
    Printed *pr = plan_add_printed(c->p);
    pr->subject = str(c, "subject");
    pr->year = year_cell(c, "year", 0);
    pr->what = str(c, "what");
    if (pr->what && !what_ok(c, pr->what))
      err(c, "what", pr->what, "rate, grade, target, actual, total, share, top or count:GRADE");
    pr->value = str(c, "value");
    pr->variant = str(c, "variant");
    int known = !pr->variant;
    for (int i = 0; !known && variants[i]; i++)
      known = strcmp(variants[i], pr->variant) == 0;
    if (!known) err(c, "variant", pr->variant, "not a variant of the plan's policy");
    pr->level = level_cell(c, "level");
    pr->source = str(c, "source");
  }
  for (int i = 0; variants[i]; i++)
    free(variants[i]);
  free(variants);
}

static void read_meetings(Rd *c) {
  for (c->r = 0; c->r < c->s->nrows; c->r++) {
    Meeting *m = meeting_add(c->p);
    m->id = id_cell(c, "id");
    m->name = str(c, "name");
    if (!m->name) err(c, "name", NULL, "a name is required");
    m->date = date_cell(c, "date");
    m->time = str(c, "time");
    m->place = str(c, "place");
    m->business = str(c, "business");
    m->agenda = str(c, "agenda");
    m->members_as_of = date_cell(c, "members_as_of");
    m->source = str(c, "source");
  }
}

static void read_members(Rd *c) {
  for (c->r = 0; c->r < c->s->nrows; c->r++) {
    Member *m = meeting_add_member(c->p);
    m->role = str(c, "role");
    m->name = str(c, "name");
    if (!m->name) err(c, "name", NULL, "a name is required");
    m->reading = str(c, "reading");
    m->affiliation = str(c, "affiliation");
    m->position = str(c, "position");
    m->note = str(c, "note");
    m->source = str(c, "source");
  }
}

static void read_agenda(Rd *c) {
  for (c->r = 0; c->r < c->s->nrows; c->r++) {
    AgendaDoc *d = meeting_add_doc(c->p);
    d->label = str(c, "label");
    if (!d->label) err(c, "label", NULL, "the 資料 number is required (資料1)");
    d->kind = str(c, "kind");
    d->variant = str(c, "variant");
    d->title = str(c, "title");
    d->source = str(c, "source");
  }
}

/* ---- pass 2: references --------------------------------------------------------------- */

static void check_unique(Plan *p, const Sheet *ns, const Sheet *is, Errors *e) {
  StrMap seen = {0};
  for (int i = 0; i < p->nnodes; i++) {
    if (!p->nodes[i].id) continue;
    if (strmap_get(&seen, p->nodes[i].id) >= 0)
      row_err(e, ns, i, "id", p->nodes[i].id, "duplicate id");
    strmap_put(&seen, p->nodes[i].id, i);
  }
  for (int i = 0; i < p->ninds; i++) {
    if (!p->inds[i].id) continue;
    if (strmap_get(&seen, p->inds[i].id) >= 0)
      row_err(e, is, i, "id", p->inds[i].id,
              "duplicate id (ids of nodes and indicators must differ)");
    strmap_put(&seen, p->inds[i].id, i);
  }
  strmap_free(&seen);
}

static void resolve_nodes(Plan *p, const Sheet *s, Errors *e) {
  for (int i = 0; i < p->nnodes; i++) {
    const char *parent = sheet_get(s, i, sheet_column(s, "parent"));
    if (!parent) continue;
    p->nodes[i].parent = plan_node(p, parent);
    if (p->nodes[i].parent < 0) row_err(e, s, i, "parent", parent, "unknown node");
  }
  /* cycles: a walk up from any node must end within nnodes steps */
  for (int i = 0; i < p->nnodes; i++) {
    int n = i, steps = 0;
    while (n >= 0 && steps <= p->nnodes)
      n = p->nodes[n].parent, steps++;
    if (n >= 0) {
      row_err(e, s, i, "parent", sheet_get(s, i, sheet_column(s, "parent")),
              "the tree has a cycle through this node");
      for (int k = 0; k < p->nnodes; k++)
        p->nodes[k].parent = -1; /* stop further walks */
      return;
    }
  }
  /* levels: derive where missing, else check against the parent */
  for (int pass = 0; pass < p->nnodes; pass++) {
    int changed = 0;
    for (int i = 0; i < p->nnodes; i++) {
      Node *n = &p->nodes[i];
      int want = n->parent < 0 ? 1 : p->nodes[n->parent].level ? p->nodes[n->parent].level + 1 : 0;
      if (!n->level && want) n->level = want, changed = 1;
    }
    if (!changed) break;
  }
  for (int i = 0; i < p->nnodes; i++) {
    Node *n = &p->nodes[i];
    int want = n->parent < 0 ? 1 : p->nodes[n->parent].level + 1;
    if (n->level != want) {
      char msg[96];
      snprintf(msg, sizeof msg, "level %d does not fit: the node sits at level %d", n->level, want);
      row_err(e, s, i, "level", sheet_get(s, i, sheet_column(s, "level")) ?: "", msg);
    } else if (n->level > p->nlevels) {
      row_err(e, s, i, "parent", n->id, "deeper than the plan's levels");
    }
  }
}

struct under_ctx {
  Plan *p;
  const Sheet *s;
  int row;
  Errors *e;
};

static void check_under(const char *part, size_t len, void *ctx) {
  struct under_ctx *u = ctx;
  char *id = xstrndup(part, len);
  char *eq = strchr(id, '=');
  if (eq) *eq = 0;
  if (plan_node(u->p, id) < 0) row_err(u->e, u->s, u->row, "also_under", id, "unknown node");
  free(id);
}

static void resolve_also_under(Plan *p, const Sheet *s, Errors *e) {
  for (int i = 0; i < p->nnodes; i++) {
    struct under_ctx u = {p, s, i, e};
    list_each(p->nodes[i].also_under, check_under, &u);
  }
}

struct parts_ctx {
  Plan *p;
  int ind;
  const Sheet *s;
  Errors *e;
};

static void add_part(const char *part, size_t len, void *ctx) {
  struct parts_ctx *c = ctx;
  if (plan_add_part(c->p, c->ind, part, len) >= 0) return;
  char *id = xstrndup(part, len);
  row_err(c->e, c->s, c->ind, "composite_of", id, "unknown indicator");
  free(id);
}

static int composite_cycle(const Plan *p, int i, int depth) {
  if (depth > p->ninds) return 1;
  for (int k = 0; k < p->inds[i].nparts; k++)
    if (composite_cycle(p, p->inds[i].parts[k], depth + 1)) return 1;
  return 0;
}

static void resolve_indicators(Plan *p, const Sheet *s, Errors *e) {
  for (int i = 0; i < p->ninds; i++) {
    const char *node = sheet_get(s, i, sheet_column(s, "node"));
    p->inds[i].node = plan_node(p, node);
    if (node && p->inds[i].node < 0) row_err(e, s, i, "node", node, "unknown node");
    struct parts_ctx c = {p, i, s, e};
    list_each(p->inds[i].composite_of, add_part, &c);
  }
  for (int i = 0; i < p->ninds; i++)
    if (p->inds[i].nparts && composite_cycle(p, i, 0)) {
      row_err(e, s, i, "composite_of", p->inds[i].composite_of, "the composite contains itself");
      for (int k = 0; k < p->ninds; k++)
        p->inds[k].nparts = 0;
      return;
    }
}

static int cmp_value_key(const Value *a, const Value *b) {
  if (a->indicator != b->indicator) return a->indicator - b->indicator;
  if (a->year != b->year) return a->year - b->year;
  return a->kind - b->kind;
}

/* Rows for one (indicator, year, kind) are revisions of one value when their `revised` dates
   differ: the latest is current and the others are superseded. Rows that do not differ so are
   duplicates. The rows are grouped by indicator first, so the check needs no string keys: a
   national plan has millions of values. */
static void resolve_revisions(Plan *p, const Sheet *s, Errors *e) {
  int *owner = xmalloc(((size_t)p->nvalues + 1) * sizeof(int));
  for (int i = 0; i < p->nvalues; i++) {
    const Value *v = &p->values[i];
    owner[i] = v->kind < 0 || !v->year ? -1 : v->indicator;
  }
  int *start, *list, *holder = NULL, nholders = 0, capholders = 0;
  group_members(p->ninds, p->nvalues, owner, &start, &list);
  free(owner);
  for (int ind = 0; ind < p->ninds; ind++) {
    nholders = 0; /* the current row of each (year, kind) seen so far for this indicator */
    for (int a = start[ind]; a < start[ind + 1]; a++) {
      int i = list[a], h = 0;
      Value *v = &p->values[i];
      while (h < nholders && cmp_value_key(&p->values[holder[h]], v) != 0)
        h++;
      if (h == nholders) {
        VEC_PUSH(holder, nholders, capholders);
        holder[nholders++] = i;
        continue;
      }
      Value *o = &p->values[holder[h]];
      const char *orev = value_extra(p, o)->revised, *vrev = value_extra(p, v)->revised;
      if ((!orev && !vrev) || (orev && vrev && strcmp(orev, vrev) == 0)) {
        row_err(e, s, i, "year", sheet_get(s, i, sheet_column(s, "year")),
                "duplicate value for this indicator, year and kind (give each revision a "
                "different `revised` date)");
        continue;
      }
      if (!orev || (vrev && strcmp(vrev, orev) > 0)) {
        o->superseded = 1;
        holder[h] = i;
      } else {
        v->superseded = 1;
      }
    }
  }
  free(holder);
  free(start);
  free(list);
}

static void resolve_values(Plan *p, const Sheet *s, Errors *e) {
  int col = sheet_column(s, "indicator");
  for (int i = 0; i < p->nvalues; i++) {
    const char *id = sheet_get(s, i, col);
    p->values[i].indicator = plan_indicator(p, id);
    if (id && p->values[i].indicator < 0) row_err(e, s, i, "indicator", id, "unknown indicator");
  }
  resolve_revisions(p, s, e);
}

static void resolve_grades(Plan *p, const Sheet *s, Errors *e) {
  for (int i = 0; i < p->ngrades; i++) {
    Grade *g = &p->grades[i];
    if (!g->subject) {
      row_err(e, s, i, "subject", NULL, "a node or indicator id is required");
      continue;
    }
    g->node = plan_node(p, g->subject);
    g->indicator = plan_indicator(p, g->subject);
    if (g->node < 0 && g->indicator < 0)
      row_err(e, s, i, "subject", g->subject, "unknown node or indicator");
  }
}

static void resolve_items(Plan *p, const Sheet *s, Errors *e) {
  int col = sheet_column(s, "node");
  for (int i = 0; i < p->nitems; i++) {
    const char *id = sheet_get(s, i, col);
    p->items[i].node = plan_node(p, id);
    if (id && p->items[i].node < 0) row_err(e, s, i, "node", id, "unknown node");
  }
}

static void resolve_printed(Plan *p, const Sheet *s, Errors *e) {
  for (int i = 0; i < p->nprinted; i++) {
    const char *sub = p->printed[i].subject;
    if (sub && strcmp(sub, "plan") != 0 && plan_node(p, sub) < 0 && plan_indicator(p, sub) < 0)
      row_err(e, s, i, "subject", sub, "unknown node or indicator (or `plan`)");
  }
}

/* Meeting ids are unique; members and agenda rows name a meeting of the plan. */
static void resolve_meetings(Plan *p, const Sheet *ms, const Sheet *mem, const Sheet *ag,
                             Errors *e) {
  Meetings *m = &p->meetings;
  for (int i = 0; i < m->n; i++)
    for (int k = 0; k < i; k++)
      if (m->v[i].id && m->v[k].id && strcmp(m->v[i].id, m->v[k].id) == 0) {
        row_err(e, ms, i, "id", m->v[i].id, "a meeting id is used twice");
        break;
      }
  int col = sheet_column(mem, "meeting");
  for (int i = 0; i < m->nmembers; i++) {
    const char *id = sheet_get(mem, i, col);
    m->members[i].meeting = meeting_find(p, id);
    if (m->members[i].meeting < 0) row_err(e, mem, i, "meeting", id, "unknown meeting");
  }
  col = sheet_column(ag, "meeting");
  for (int i = 0; i < m->ndocs; i++) {
    const char *id = sheet_get(ag, i, col);
    m->docs[i].meeting = meeting_find(p, id);
    if (m->docs[i].meeting < 0) row_err(e, ag, i, "meeting", id, "unknown meeting");
  }
}

/* ---- driver --------------------------------------------------------------------------- */

typedef void (*row_reader)(Rd *c);

static void read_policy(Rd *c, const Book *book) {
  char msg[512];
  const char *src = book->policy_json ? book->policy_json : policy_default_json;
  char *canon = policy_canonical(src, c->p->nlevels, msg, sizeof msg);
  if (!canon) {
    errors_add(c->errs, "%s: %s", book->policy_file ? book->policy_file : "policy.json", msg);
    return;
  }
  c->p->policy_json = canon;
  c->policy = policy_compile(canon, NULL, c->p->nlevels, msg, sizeof msg);
}

Plan *xchg_to_plan(const Book *book, Errors *errs) {
  static const row_reader readers[T__COUNT] = {
      read_plan,  read_nodes,   read_indicators, read_values,  read_grades,
      read_items, read_printed, read_meetings,   read_members, read_agenda};
  Rd c = {.p = plan_new(), .errs = errs};
  int before = errs->count;
  const Sheet *sheets[T__COUNT];
  Sheet *empty[T__COUNT] = {0};
  for (int t = 0; t < T__COUNT; t++) {
    sheets[t] = book_sheet(book, tables[t].name);
    if (!sheets[t]) {
      char file[64];
      snprintf(file, sizeof file, "%s.csv", tables[t].name);
      sheets[t] = empty[t] = sheet_new(tables[t].name, file);
      if (t < 2) errors_add(errs, "%s: the %s table is missing", file, tables[t].name);
    }
    c.s = sheets[t];
    if (!empty[t]) check_columns(&c, &tables[t]);
  }
  if (errs->count == before) {
    for (int t = 0; t < T__COUNT; t++) {
      c.s = sheets[t];
      readers[t](&c);
      if (t == T_PLAN) read_policy(&c, book);
    }
    plan_index(c.p);
    check_unique(c.p, sheets[T_NODES], sheets[T_INDS], errs);
    resolve_nodes(c.p, sheets[T_NODES], errs);
    resolve_also_under(c.p, sheets[T_NODES], errs);
    resolve_indicators(c.p, sheets[T_INDS], errs);
    resolve_values(c.p, sheets[T_VALUES], errs);
    resolve_grades(c.p, sheets[T_GRADES], errs);
    resolve_items(c.p, sheets[T_ITEMS], errs);
    resolve_printed(c.p, sheets[T_PRINTED], errs);
    resolve_meetings(c.p, sheets[T_MEETINGS], sheets[T_MEMBERS], sheets[T_AGENDA], errs);
  }
  for (int t = 0; t < T__COUNT; t++)
    sheet_free(empty[t]);
  policy_free(c.policy);
  if (errs->count > before) {
    plan_free(c.p);
    return NULL;
  }
  return c.p;
}

/* ---- writing -------------------------------------------------------------------------- */

typedef struct Wr {
  Sheet *s;
  int r;
} Wr;

static Sheet *new_table(int t) {
  Sheet *s = sheet_new(tables[t].name, NULL);
  for (int i = 0; tables[t].cols[i]; i++)
    sheet_add_column(s, tables[t].cols[i]);
  return s;
}

static void put(Wr *w, const char *col, const char *v) {
  int c = sheet_column(w->s, col);
  if (c < 0) c = sheet_add_column(w->s, col);
  sheet_set(w->s, w->r, c, v);
}

static void put_year(Wr *w, const char *col, int y) {
  char b[16];
  if (!y) return;
  snprintf(b, sizeof b, "%d", y);
  put(w, col, b);
}

static void put_int(Wr *w, const char *col, int v) {
  put_year(w, col, v);
}

static void put_dec(Wr *w, const char *col, dec_t d) {
  char b[DEC_MAX_TEXT];
  if (!dec_is_none(d)) put(w, col, dec_format(d, -1, b));
}

static void put_attrs(Wr *w, const Attr *a, int n) {
  for (int i = 0; i < n; i++) {
    char col[256];
    snprintf(col, sizeof col, "attr:%s", a[i].name);
    put(w, col, a[i].value);
  }
}

static const char *node_id(const Plan *p, int n) {
  return n >= 0 ? p->nodes[n].id : NULL;
}

static Sheet *write_plan(const Plan *p) {
  Wr w = {new_table(T_PLAN), 0};
  w.r = sheet_add_row(w.s, 0);
  char *levels = plan_levels_joined(p);
  put(&w, "id", p->id);
  put(&w, "name", p->name);
  put(&w, "municipality", p->municipality);
  put(&w, "municipality_code", p->municipality_code);
  put_year(&w, "first_year", p->first_year);
  put_year(&w, "last_year", p->last_year);
  put(&w, "levels", levels);
  put(&w, "predecessor", p->predecessor);
  put(&w, "source", p->source);
  free(levels);
  return w.s;
}

static Sheet *write_nodes(const Plan *p) {
  Wr w = {new_table(T_NODES), 0};
  for (int i = 0; i < p->nnodes; i++) {
    const Node *n = &p->nodes[i];
    w.r = sheet_add_row(w.s, i);
    put(&w, "id", n->id);
    put(&w, "parent", node_id(p, n->parent));
    put_int(&w, "level", n->level);
    put(&w, "number", n->number);
    put(&w, "name", n->name);
    put(&w, "departments", n->departments);
    put(&w, "audience", n->audience);
    put(&w, "summary", n->summary);
    put_year(&w, "added_year", n->added_year);
    put_year(&w, "ended_year", n->ended_year);
    put(&w, "decision", n->decision);
    put(&w, "decision_reason", n->decision_reason);
    put(&w, "also_under", n->also_under);
    put(&w, "continues", n->continues);
    put(&w, "source", n->source);
    put_attrs(&w, n->attrs, n->nattrs);
  }
  return w.s;
}

static Sheet *write_indicators(const Plan *p) {
  Wr w = {new_table(T_INDS), 0};
  for (int i = 0; i < p->ninds; i++) /* the optional column, only when some row has one */
    if (p->inds[i].kpi) {
      sheet_add_column(w.s, "kpi");
      break;
    }
  for (int i = 0; i < p->ninds; i++) {
    const Indicator *in = &p->inds[i];
    w.r = sheet_add_row(w.s, i);
    put(&w, "id", in->id);
    put(&w, "node", node_id(p, in->node));
    put(&w, "number", in->number);
    put(&w, "name", in->name);
    put(&w, "unit", in->unit);
    put(&w, "direction", direction_names[in->direction]);
    put(&w, "accumulation", accumulation_names[in->accumulation]);
    put_dec(&w, "baseline", in->baseline);
    put_year(&w, "baseline_year", in->baseline_year);
    put(&w, "composite_of", in->composite_of);
    put_dec(&w, "weight", in->weight);
    put(&w, "role", in->role);
    put(&w, "source", in->source);
    if (in->kpi) put(&w, "kpi", in->kpi);
    put_attrs(&w, in->attrs, in->nattrs);
  }
  return w.s;
}

static Sheet *write_values(const Plan *p) {
  Wr w = {new_table(T_VALUES), 0};
  for (int i = 0; i < p->nvalues; i++) {
    const Value *v = &p->values[i];
    const ValueExtra *x = value_extra(p, v);
    w.r = sheet_add_row(w.s, i);
    put(&w, "indicator", p->inds[v->indicator].id);
    put_year(&w, "year", v->year);
    put(&w, "kind", value_kind_names[v->kind]);
    put_dec(&w, "value", v->num);
    put(&w, "text", v->text);
    put(&w, "as_of", x->as_of);
    put(&w, "note", x->note);
    put(&w, "revised", x->revised);
    put(&w, "source", x->source);
  }
  return w.s;
}

static Sheet *write_grades(const Plan *p) {
  Wr w = {new_table(T_GRADES), 0};
  for (int i = 0; i < p->ngrades; i++) {
    const Grade *g = &p->grades[i];
    w.r = sheet_add_row(w.s, i);
    put(&w, "subject", g->subject);
    put_year(&w, "year", g->year);
    put(&w, "grade", g->grade);
    put(&w, "basis", g->basis);
    put(&w, "source", g->source);
  }
  return w.s;
}

static Sheet *write_items(const Plan *p) {
  Wr w = {new_table(T_ITEMS), 0};
  for (int i = 0; i < p->nitems; i++) {
    const Item *it = &p->items[i];
    w.r = sheet_add_row(w.s, i);
    put(&w, "node", node_id(p, it->node));
    put_year(&w, "year", it->year);
    put(&w, "kind", it->kind);
    put(&w, "owner", it->owner);
    put(&w, "text", it->text);
    put(&w, "due", it->due);
    put(&w, "status", it->status);
    put(&w, "source", it->source);
  }
  return w.s;
}

static Sheet *write_printed(const Plan *p) {
  Wr w = {new_table(T_PRINTED), 0};
  for (int i = 0; i < p->nprinted; i++) {
    const Printed *pr = &p->printed[i];
    w.r = sheet_add_row(w.s, i);
    put(&w, "subject", pr->subject);
    put_year(&w, "year", pr->year);
    put(&w, "what", pr->what);
    put(&w, "value", pr->value);
    put(&w, "variant", pr->variant);
    put_int(&w, "level", pr->level);
    put(&w, "source", pr->source);
  }
  return w.s;
}

static const char *meeting_id(const Plan *p, int m) {
  return m >= 0 ? p->meetings.v[m].id : NULL;
}

static Sheet *write_meetings(const Plan *p) {
  Wr w = {new_table(T_MEETINGS), 0};
  for (int i = 0; i < p->meetings.n; i++) {
    const Meeting *m = &p->meetings.v[i];
    w.r = sheet_add_row(w.s, i);
    put(&w, "id", m->id);
    put(&w, "name", m->name);
    put(&w, "date", m->date);
    put(&w, "time", m->time);
    put(&w, "place", m->place);
    put(&w, "business", m->business);
    put(&w, "agenda", m->agenda);
    put(&w, "members_as_of", m->members_as_of);
    put(&w, "source", m->source);
  }
  return w.s;
}

static Sheet *write_members(const Plan *p) {
  Wr w = {new_table(T_MEMBERS), 0};
  for (int i = 0; i < p->meetings.nmembers; i++) {
    const Member *m = &p->meetings.members[i];
    w.r = sheet_add_row(w.s, i);
    put(&w, "meeting", meeting_id(p, m->meeting));
    put(&w, "role", m->role);
    put(&w, "name", m->name);
    put(&w, "reading", m->reading);
    put(&w, "affiliation", m->affiliation);
    put(&w, "position", m->position);
    put(&w, "note", m->note);
    put(&w, "source", m->source);
  }
  return w.s;
}

static Sheet *write_agenda(const Plan *p) {
  Wr w = {new_table(T_AGENDA), 0};
  for (int i = 0; i < p->meetings.ndocs; i++) {
    const AgendaDoc *d = &p->meetings.docs[i];
    w.r = sheet_add_row(w.s, i);
    put(&w, "meeting", meeting_id(p, d->meeting));
    put(&w, "label", d->label);
    put(&w, "kind", d->kind);
    put(&w, "variant", d->variant);
    put(&w, "title", d->title);
    put(&w, "source", d->source);
  }
  return w.s;
}

void xchg_from_plan(const Plan *plan, Book *book) {
  book_add(book, write_plan(plan));
  book_add(book, write_nodes(plan));
  book_add(book, write_indicators(plan));
  book_add(book, write_values(plan));
  book_add(book, write_grades(plan));
  book_add(book, write_items(plan));
  book_add(book, write_printed(plan));
  if (plan->meetings.n) { /* a plan without meetings exports as it always did */
    book_add(book, write_meetings(plan));
    book_add(book, write_members(plan));
    book_add(book, write_agenda(plan));
  }
  book->policy_json = xstrdup(plan->policy_json ? plan->policy_json : policy_default_json);
}

/* ---- paths ---------------------------------------------------------------------------- */

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

Plan *xchg_read_path(const char *path, Errors *errs) {
  return xchg_read_path_enc(path, NULL, errs);
}

Plan *xchg_read_path_enc(const char *path, const char *encoding, Errors *errs) {
  Book b = {.encoding = encoding};
  int rc;
  if (is_dir(path))
    rc = book_read_dir(path, &b, errs);
  else if (has_suffix(path, ".json"))
    rc = book_read_json(path, &b, errs);
  else if (has_suffix(path, ".xlsx"))
    rc = book_read_xlsx(path, &b, errs);
  else {
    errors_add(errs, "%s: expected a folder of CSV files, a .json document or a .xlsx workbook",
               path);
    rc = -1;
  }
  if (rc == 0) xchg_keys_from_labels(&b); /* the plan workbook's Japanese headers */
  Plan *p = rc == 0 ? xchg_to_plan(&b, errs) : NULL;
  book_free(&b);
  return p;
}

char *xchg_plan_json(const Plan *plan) {
  Book b = {0};
  xchg_from_plan(plan, &b);
  char *text = book_json_text(&b);
  book_free(&b);
  return text;
}

Plan *xchg_plan_from_json(const char *text, const char *name, Errors *errs) {
  Book b = {0};
  Plan *p = book_read_json_text(text, name, &b, errs) == 0 ? xchg_to_plan(&b, errs) : NULL;
  book_free(&b);
  return p;
}

int xchg_write_path(const Plan *plan, const char *format, const char *path, Errors *errs) {
  return xchg_write_path_enc(plan, format, NULL, path, errs);
}

int xchg_write_path_enc(const Plan *plan, const char *format, const char *encoding,
                        const char *path, Errors *errs) {
  Book b = {0};
  xchg_from_plan(plan, &b);
  int rc;
  b.bom = strcmp(format, "excel-csv") == 0;
  b.excel = b.bom;
  b.cp932 = b.bom && encoding && strcmp(encoding, "cp932") == 0;
  if (strcmp(format, "dir") == 0 || strcmp(format, "csv") == 0 || b.bom)
    rc = book_write_dir(path, &b, errs);
  else if (strcmp(format, "json") == 0)
    rc = book_write_json(path, &b, errs);
  else if (strcmp(format, "xlsx") == 0)
    rc = book_write_xlsx(path, &b, errs);
  else {
    errors_add(errs, "unknown export format '%s' (dir, excel-csv, json or xlsx)", format);
    rc = -1;
  }
  book_free(&b);
  return rc;
}

/* ---- difference ----------------------------------------------------------------------- */

static const char *const diff_keys[T__COUNT][5] = {
    {"id", NULL},
    {"id", NULL},
    {"id", NULL},
    {"indicator", "year", "kind", "revised", NULL},
    {"subject", "year", NULL},
    {"node", "year", "kind", "owner", "#"},
    {"subject", "year", "what", "variant", "level"},
    {"id", NULL},
    {"meeting", "name", NULL},
    {"meeting", "label", "kind", "#"},
};

/* The key of a row: its key columns joined, with "#" meaning the row's position among
   rows that share the other key columns. */
static char *row_key(const Sheet *s, int r, int t, StrMap *seq, Arena *a) {
  Buf b = {0};
  for (int k = 0; k < 5 && diff_keys[t][k]; k++) {
    if (strcmp(diff_keys[t][k], "#") == 0) {
      int n = strmap_get(seq, b.s ? b.s : "");
      n = n < 0 ? 1 : n + 1;
      strmap_put(seq, arena_strdup(a, b.s ? b.s : "-"), n);
      buf_printf(&b, " #%d", n);
      continue;
    }
    const char *v = sheet_get(s, r, sheet_column(s, diff_keys[t][k]));
    if (v) buf_printf(&b, "%s%s", b.len ? " " : "", v);
  }
  if (!b.s) buf_put(&b, "-");
  char *out = arena_strdup(a, b.s);
  buf_free(&b);
  return out;
}

static void diff_row(const Sheet *o, int ro, const Sheet *n, int rn, const char *key, Buf *out) {
  Buf d = {0};
  for (int c = 0; c < n->ncols; c++) {
    const char *nv = n->rows[rn][c];
    const char *ov = sheet_get(o, ro, sheet_column(o, n->header[c]));
    if (strcmp(nv ? nv : "", ov ? ov : "") == 0) continue;
    buf_printf(&d, "%s%s: %s → %s", d.len ? ", " : "", n->header[c], ov ? ov : "（空）",
               nv ? nv : "（空）");
  }
  for (int c = 0; c < o->ncols; c++)
    if (sheet_column(n, o->header[c]) < 0 && o->rows[ro][c])
      buf_printf(&d, "%s%s: %s → （空）", d.len ? ", " : "", o->header[c], o->rows[ro][c]);
  if (d.len) buf_printf(out, "  ~ %s %s: %s\n", n->name, key, d.s);
  buf_free(&d);
}

int xchg_diff(const Plan *prev, const Plan *next, Buf *out) {
  Book ob = {0}, nb = {0};
  if (prev) xchg_from_plan(prev, &ob);
  xchg_from_plan(next, &nb);
  int total = 0;
  for (int t = 0; t < T__COUNT; t++) {
    const Sheet *n = book_sheet(&nb, tables[t].name), *o = book_sheet(&ob, tables[t].name);
    Sheet *none = n ? NULL : new_table(t); /* the meeting tables are absent without meetings */
    if (!n) n = none;
    Arena a = {0};
    StrMap seq = {0}, okeys = {0}, used = {0};
    int added = 0, changed = 0, removed = 0, len0 = (int)out->len;
    for (int r = 0; o && r < o->nrows; r++)
      strmap_put(&okeys, row_key(o, r, t, &seq, &a), r);
    strmap_free(&seq);
    for (int r = 0; r < n->nrows; r++) {
      char *key = row_key(n, r, t, &seq, &a);
      int ro = strmap_get(&okeys, key);
      if (ro < 0) {
        added++;
        buf_printf(out, "  + %s %s\n", n->name, key);
        continue;
      }
      strmap_put(&used, key, 1);
      size_t before = out->len;
      diff_row(o, ro, n, r, key, out);
      if (out->len > before) changed++;
    }
    for (size_t k = 0; k < okeys.cap; k++)
      if (okeys.keys[k] && strmap_get(&used, okeys.keys[k]) < 0) {
        removed++;
        buf_printf(out, "  - %s %s\n", o->name, okeys.keys[k]);
      }
    if (added || changed || removed) {
      Buf head = {0};
      buf_printf(&head, "%s: %d added, %d changed, %d removed\n", n->name, added, changed, removed);
      /* insert the heading before this table's lines */
      Buf merged = {0};
      buf_putn(&merged, out->s, (size_t)len0);
      buf_put(&merged, head.s);
      buf_put(&merged, out->s + len0);
      buf_free(out);
      *out = merged;
      buf_free(&head);
    }
    total += added + changed + removed;
    strmap_free(&seq);
    strmap_free(&okeys);
    strmap_free(&used);
    arena_free(&a);
    sheet_free(none);
  }
  if (nb.policy_json && (!ob.policy_json || strcmp(ob.policy_json, nb.policy_json) != 0)) {
    buf_put(out, prev ? "policy: changed\n" : "policy: added\n");
    total++;
  }
  book_free(&ob);
  book_free(&nb);
  return total;
}
