/*
** policy.h — a plan's evaluation policy, compiled from its JSON description (docs/policy.md)
** into the structure the engine walks. Nothing in the engine knows a particular plan: every
** rule it applies comes from here.
*/
#ifndef SHINCHOKU_POLICY_H
#define SHINCHOKU_POLICY_H

#include "expr.h"
#include <stddef.h>

enum target_basis { TB_SAME_YEAR, TB_FINAL_YEAR, TB_PRORATED, TB_DEADLINE };
enum rate_formula { RF_RATIO, RF_PROGRESS };
enum combine { CB_WORST, CB_AVERAGE, CB_WEIGHTED };
enum rollup_method { RU_NONE, RU_TARGET_AVERAGE, RU_AVERAGE, RU_WORST, RU_DISTRIBUTION };
enum headline_of { HO_IN_SCOPE, HO_GRADED, HO_DUE };
enum manual_mode { MM_FALLBACK, MM_OVERRIDE };

extern const char *const target_basis_names[4];
extern const char *const rate_formula_names[2];
extern const char *const combine_names[3];
extern const char *const rollup_names[5];
extern const char *const headline_of_names[3];

#define POLICY_MAX_GRADES 16
#define POLICY_MAX_LEVELS 16
#define POLICY_MAX_TEXTS 8

/* A grade: a band (rank < nbands, with a condition) or a status (texts that set it). */
typedef struct PolicyGrade {
  char *symbol; /* as the policy writes it */
  char *key;    /* normalised for matching (NFKC; 〇 and ◯ folded to ○) */
  char *label;
  char *when; /* condition source, NULL for statuses */
  Expr *cond;
  int is_status;
  char *texts[POLICY_MAX_TEXTS]; /* normalised */
  int ntexts;
  int top; /* counts in the headline */
} PolicyGrade;

typedef struct Rollup {
  int method; /* enum rollup_method */
  char *role; /* distribution: count indicators with this role; NULL: count units */
} Rollup;

typedef struct Policy {
  char *name;
  char *variant; /* NULL for the main policy */
  int target_basis, rate, digits, use_projection, manual, combine;
  int rounding;       /* enum dec_rounding, for what is displayed */
  int grade_on_shown; /* grade on the displayed (rounded) rate instead of the exact one */
  int unit_level;
  Rollup rollup[POLICY_MAX_LEVELS + 1]; /* by level, 1-based */
  int headline_level, headline_of;
  PolicyGrade grades[POLICY_MAX_GRADES]; /* bands first, in rank order, then statuses */
  int ngrades, nbands;
} Policy;

/* Compile policy JSON text, with the named variant's overrides applied (variant may be
   NULL). Returns NULL and writes a message into err on any error. nlevels bounds the
   levels the policy may name (0: no check). */
Policy *policy_compile(const char *json, const char *variant, int nlevels, char *err,
                       size_t errlen);
void policy_free(Policy *p);

/* Canonical JSON text of a policy document (sorted as given, 2-space indent), or NULL with
   err when the text is not valid JSON or not a valid policy. Caller frees. */
char *policy_canonical(const char *json, int nlevels, char *err, size_t errlen);

/* The default policy: 001's 資料1 legend. Static text. */
extern const char policy_default_json[];

/* A rate as the policy displays it: rounded by its mode to its digits. */
dec_t policy_shown(const Policy *p, dec_t rate);
extern const char *const rounding_names[3];

/* Grade index by symbol (normalised comparison), or -1. */
int policy_grade(const Policy *p, const char *symbol);
/* Grade index of a status whose texts (or symbol) equal text, or -1. */
int policy_status_for_text(const Policy *p, const char *text);
/* Names of the variants the JSON declares, NULL-terminated, caller frees array and strings. */
char **policy_variants(const char *json);

#endif
