/* SPDX-License-Identifier: Apache-2.0 */
/*
** report.h — committee reports (the materials a secretariat hands to its committee). A report
** kind is a function that builds a format-neutral document — sections with paragraphs,
** tables (caption, one header row, cells as text or number) and charts — from a plan's
** evaluation; one writer per format (HTML, Markdown, CSV, xlsx, PDF) prints any document. So every
** number is computed once, by the evaluation, and every format shows the same numbers.
*/
#ifndef SHINCHOKU_REPORT_H
#define SHINCHOKU_REPORT_H

#include "../eval/eval.h"
#include "../model/util.h"
#include <stdio.h>

/* A table cell: its text as shown; num is not DEC_NONE when the cell is a number (written as
   a number in xlsx, right-aligned in HTML), with digits decimals shown (-1: as written). */
typedef struct RCell {
  const char *text;
  dec_t num;
  int digits;
} RCell;

/* A table: row 0 is the header row; row_header: the first column heads its row. */
typedef struct RTable {
  const char *caption;
  int ncols, nrows, cap, row_header;
  RCell *cells; /* [row * ncols + col] */
} RTable;

enum rblock_type { RB_PARA, RB_HEADING, RB_TABLE, RB_CHART_DIST, RB_CHART_IND, RB_CHART_BARS };
struct ChartBars; /* chart.h */

/* A block of a section. A chart carries a text alternative; its numbers stand in a table
   next to it (the distribution chart draws its own; an indicator chart follows its table). */
typedef struct RBlock {
  int type;
  const char *text; /* paragraph, heading or the chart's text alternative */
  RTable *table;
  int ind;                      /* RB_CHART_IND: the indicator */
  const struct ChartBars *bars; /* RB_CHART_BARS: the bars (the report's arena) */
} RBlock;

typedef struct RSection {
  const char *title;
  RBlock *blocks;
  int nblocks, cap;
} RSection;

/* A provenance line. The PDF writer prints RM_MADE as Japan time from Report.made and
   RM_STORE without the store's path (a printed page does not show where the file lives). */
enum rmeta_role { RM_TEXT, RM_MADE, RM_STORE };
typedef struct RMeta {
  const char *key, *value;
  int role;
} RMeta;

typedef struct Report {
  Arena arena;
  const Evaluation *ev;
  const char *kind, *title;
  const char *label; /* the document's number in a committee packet ("資料2"), NULL for none */
  int portrait;      /* printed on A4 portrait; 0: A4 landscape (most tables) */
  int a3;            /* printed on A3 landscape (a list of 25 columns: the sheets) */
  int year;
  int as_of;           /* checklist items are judged as of this date, YYYYMMDD */
  long long made;      /* when it was made, seconds since the epoch */
  const char *updated; /* when the plan was last imported, NULL when unknown */
  RMeta meta[12];
  int nmeta;
  RSection *sections;
  int nsections, cap;
  /* the changes report: the evaluation compared with (a snapshot's) and what each side is */
  const Evaluation *before;
  const char *before_name, *after_name;
  /* the plan that succeeds this one (its predecessor is this plan), NULL when the store has
     none: the review kind prints the candidates that continue its nodes */
  const Plan *next;
} Report;

/* Where the data came from, printed on every report so a page can be traced back. */
typedef struct ReportSource {
  const char *store;     /* the store's path */
  const char *updated;   /* when the plan was last imported */
  const char *generated; /* when the report was made */
  long long made;        /* the same instant, seconds since the epoch */
  int as_of;             /* items judged as of YYYYMMDD; 0: the day made, in Japan */
  /* the changes report only: the earlier state and the names of both sides (else NULL) */
  const Evaluation *before;
  const char *before_name, *after_name;
  const Plan *next; /* the successor plan, or NULL (Report.next) */
} ReportSource;

typedef struct ReportKind {
  const char *name;  /* --kind */
  const char *title; /* Japanese title */
  void (*build)(Report *r);
} ReportKind;

extern const ReportKind report_kinds[];
/* `changes` (report_changes.c): not among report_kinds, as it needs an earlier state
   (ReportSource.before) that the website and the packet do not give. */
extern const ReportKind report_changes_kind;
const ReportKind *report_kind(const char *name);

/* Build a report of kind k for a year (in the plan's period) from an evaluation. */
Report *report_build(const ReportKind *k, const Evaluation *ev, int year, const ReportSource *src);
void report_free(Report *r);
/* The latest year with any grade: the year a report is for when none is asked for (the command
   line and the site choose it alike). */
int report_latest_year(const Evaluation *ev);

/* ---- building (report.c), used by the kinds ------------------------------------------- */
const char *rpt_str(Report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
RSection *rpt_section(Report *r, const char *title);
void rpt_para(Report *r, RSection *s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void rpt_heading(Report *r, RSection *s, const char *text);
/* A table with the header cells given as a NULL-terminated list. */
RTable *rpt_table(Report *r, RSection *s, const char *caption, const char *const *header);
/* A table whose header is built by the caller (ncols columns, cells set with rt_set). */
RTable *rpt_table_n(Report *r, RSection *s, const char *caption, int ncols);
int rt_row(RTable *t); /* append an empty row, return its index */
void rt_set(Report *r, RTable *t, int row, int col, const char *text);
/* Numbers as Japanese documents print them (model/numtext.h): "78,691"; rt_qty with the unit
   after it ("78,691件"), rt_rate with 「%」 ("91.5%"); "－" when none. The cell keeps the
   number for xlsx. rpt_qty: the same text for a paragraph. */
void rt_num(Report *r, RTable *t, int row, int col, dec_t d, int digits);
void rt_qty(Report *r, RTable *t, int row, int col, dec_t d, int digits, const char *unit);
void rt_rate(Report *r, RTable *t, int row, int col, dec_t d, int digits);
const char *rpt_qty(Report *r, dec_t d, int digits, const char *unit);
void rt_int(Report *r, RTable *t, int row, int col, int v);
void rpt_chart(Report *r, RSection *s, int type, int ind, const char *alt);
/* A bar chart of rows (chart.h's ChartBars, kept by the caller for the report's life). */
void rpt_chart_bars(Report *r, RSection *s, const struct ChartBars *bars, const char *alt);

/* Helpers the kinds share. */
const char *rpt_grade(const Report *r, int grade); /* symbol, "" for none */
int rpt_is_top(const Report *r, int grade);
const char *rpt_level(const Report *r, int level); /* level name */
/* The latest item of kind for node n in a year (or for the whole plan), NULL when none. */
const char *rpt_item(const Report *r, int n, int year, const char *kind);
/* A '|'-separated list ("長寿支援課|障害福祉課") as a reader sees it: "長寿支援課、障害福祉課"
   (kept by the report; NULL stays NULL). */
const char *rpt_list(Report *r, const char *joined);

/* ---- writers (report_html.c, report_md.c, report_csv.c, report_xlsx.c) ---------------- */
void report_write_html(const Report *r, FILE *out);
/* The sections alone (each a <section> with its <h2>), for a page that has its own frame;
   scroll: each table in a <div class="scroll"> (the site's narrow screens). */
void report_html_sections(Buf *b, const Report *r, int scroll);
void report_write_md(const Report *r, FILE *out);
void report_write_csv(const Report *r, FILE *out);
/* 0 on success; -1 with the reason in errs. */
int report_write_xlsx(const Report *r, const char *path, Errors *errs);

/* A committee packet: the 会次第 cover, then every document of one meeting in order. */
typedef struct ReportPacket {
  const char *meeting;  /* 「令和3年度第2回鹿児島市地域情報化推進委員会」 */
  const char *business; /* 「協議事項」 or 「報告事項」; NULL: 協議事項 */
  const char *agenda;   /* the item the documents are for */
  long long made;       /* its date, seconds since the epoch */
  const Report *const *docs;
  const char *const *titles; /* per document, its title on the cover; NULL: the report's */
  int ndocs;
} ReportPacket;

/* PDF (report_pdf.c, Pango + Cairo): A4 in the report's orientation. 0 on success; -1 with
   the reason in errs. */
int report_write_pdf(const Report *r, FILE *out, Errors *errs);
int report_write_packet_pdf(const ReportPacket *pk, FILE *out, Errors *errs);

/* The kinds (report_grades.c, report_dept.c, report_roadmap.c, report_policy.c,
   report_sheets.c, report_review.c). */
void report_summary(Report *r);
void report_status(Report *r);
void report_issues(Report *r);
void report_department(Report *r);
void report_roadmap(Report *r);
void report_policy(Report *r);
void report_sheets(Report *r);
void report_review(Report *r);
void report_changes(Report *r);

/* The comparison of municipalities on a shared KPI (report_compare.c): built from a
   comparison, not from one plan's evaluation (Report.ev is NULL). */
struct Compare;
Report *report_compare(const struct Compare *c, const ReportSource *src);

#endif
