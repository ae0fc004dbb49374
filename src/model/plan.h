/* SPDX-License-Identifier: Apache-2.0 */
/*
** plan.h — the in-memory plan, the model every layer shares: a plan's tree of nodes, its
** indicators and their values per fiscal year, grades set by people, roadmap and checklist
** items, values a source document printed, and the evaluation policy (as JSON text; the
** evaluation layer compiles it). Rows are kept in arrays, linked by index; every string is
** owned by the plan's arena.
*/
#ifndef SHINCHOKU_PLAN_H
#define SHINCHOKU_PLAN_H

#include "dec.h"
#include "meeting.h"
#include "util.h"

enum direction { DIR_UP, DIR_DOWN, DIR_MAINTAIN, DIR_MILESTONE };
enum accumulation { ACC_FLOW, ACC_CUMULATIVE, ACC_SNAPSHOT };
enum value_kind { VK_TARGET, VK_ACTUAL, VK_PROJECTION, VK__COUNT };

extern const char *const direction_names[4];
extern const char *const accumulation_names[3];
extern const char *const value_kind_names[VK__COUNT];
/* Index of name in names[0..n), or -1. */
int enum_lookup(const char *const *names, int n, const char *name);

/* A named attribute of a node or indicator (the exchange format's `attr:NAME` columns). */
typedef struct Attr {
  const char *name, *value;
} Attr;

typedef struct Node {
  const char *id;
  int parent; /* index, -1 for a top-level node */
  int level;  /* 1-based depth */
  const char *number, *name, *departments, *audience, *summary;
  int added_year, ended_year; /* 0: none */
  const char *decision, *decision_reason, *also_under, *continues, *source;
  Attr *attrs;
  int nattrs;
} Node;

typedef struct Indicator {
  const char *id;
  int node; /* index */
  const char *number, *name, *unit;
  int direction, accumulation;
  dec_t baseline;
  int baseline_year;
  const char *composite_of; /* '|' list of indicator ids */
  int *parts;               /* resolved composite_of, nparts indices */
  int nparts;
  dec_t weight;
  const char *role, *source;
  const char *kpi; /* code in the shared KPI vocabulary (kpi.h), NULL for none */
  Attr *attrs;
  int nattrs;
} Indicator;

/* What a value rarely carries, kept beside the values so that the millions of values of a
   national plan stay 32 bytes each. */
typedef struct ValueExtra {
  const char *as_of, *note, *revised, *source;
} ValueExtra;

typedef struct Value {
  dec_t num; /* DEC_NONE when only text */
  const char *text;
  int indicator, year;
  int extra;                /* index into Plan.extras, -1 when none */
  signed char kind;         /* ValueKind; -1 while unread */
  unsigned char superseded; /* an older target revision */
} Value;

typedef struct Grade {
  const char *subject; /* node or indicator id */
  int node, indicator; /* resolved; -1 for the other */
  int year;
  const char *grade, *basis, *source;
} Grade;

typedef struct Item {
  int node, year; /* year 0: the whole plan */
  const char *kind, *owner, *text, *due, *status, *source;
} Item;

typedef struct Printed {
  const char *subject; /* "plan", node or indicator id */
  int year;
  const char *what, *value, *variant, *source;
  int level; /* 0: none */
} Printed;

typedef struct Plan {
  Arena arena;
  const char *id, *name, *municipality, *municipality_code, *predecessor, *source;
  int first_year, last_year;
  const char **levels;
  int nlevels;
  char *policy_json; /* canonical JSON text of the policy; owned (malloc) */

  Node *nodes;
  int nnodes, capnodes;
  Indicator *inds;
  int ninds, capinds;
  Value *values;
  int nvalues, capvalues;
  ValueExtra *extras;
  int nextras, capextras;
  Grade *grades;
  int ngrades, capgrades;
  Item *items;
  int nitems, capitems;
  Printed *printed;
  int nprinted, capprinted;
  Meetings meetings; /* committee meetings, members and agendas (meeting.h) */

  StrMap node_index, ind_index; /* id -> index, built by plan_index() */
} Plan;

Plan *plan_new(void);
void plan_free(Plan *p);

/* Copy a string into the plan's arena ("" and NULL give NULL). */
const char *plan_str(Plan *p, const char *s);

/* Append an empty row and return it (pointers stay valid until the next append). */
Node *plan_add_node(Plan *p);
Indicator *plan_add_indicator(Plan *p);
Value *plan_add_value(Plan *p);
/* A value's as-of date, note, revision date and source (all NULL when it has none). */
const ValueExtra *value_extra(const Plan *p, const Value *v);
/* Set them; any may be NULL. Stores nothing when all are NULL. */
void value_set_extra(Plan *p, Value *v, const char *as_of, const char *note, const char *revised,
                     const char *source);
Grade *plan_add_grade(Plan *p);
Item *plan_add_item(Plan *p);
Printed *plan_add_printed(Plan *p);
void plan_set_levels(Plan *p, const char *joined);
/* Join the level names with '|' into a malloc'd string. */
char *plan_levels_joined(const Plan *p);

/* Append the indicator named id[0..len) to indicator ind's composite parts (the id index must
   be built). Returns its index, or -1 when there is no such indicator. */
int plan_add_part(Plan *p, int ind, const char *id, size_t len);

/* (Re)build the id indexes. */
void plan_index(Plan *p);
int plan_node(const Plan *p, const char *id);
/* The index of node n's narrative item for year (the secretariat's own report text, an
   item of kind "narrative"), or -1. */
int plan_narrative(const Plan *p, int n, int year);
/* Which grade row counts, the one rule the evaluation, the reports, the audit of a save and
   approval share: of several rows set by people for one subject (node or indicator id) and
   year, the last one. plan_grade finds it for one subject; plan_grades_counting marks every
   row that counts (a malloc'd array of p->ngrades flags, 1 for those rows) with one hash pass
   over the subjects, for callers that visit all rows. */
int plan_grade(const Plan *p, const char *subject, int year);
unsigned char *plan_grades_counting(const Plan *p);
/* A node by id, or else by its number as printed ("No.2"); -1 when neither matches. */
int plan_find_node(const Plan *p, const char *key);
int plan_indicator(const Plan *p, const char *id);

/* Number of years in the plan period and the 1-based position of a year (0 outside). */
static inline int plan_years(const Plan *p) {
  return p->last_year - p->first_year + 1;
}

/* Node in scope in a year: added by then and not ended before. */
int node_in_scope(const Node *n, int year);

/* The Western year of year 0 of the era the plan starts in (2018 for 令和), for
   era-less years such as "5年度". */
int plan_era_base(const Plan *p);

/* True when the plan's department list names dept. */
int node_has_department(const Node *n, const char *dept);

#endif
