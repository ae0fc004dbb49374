/* SPDX-License-Identifier: Apache-2.0 */
/*
** rollover.h — the next plan built from the end-of-plan decisions (000 資料2: 継続 / 計画外 /
** 終了 per initiative): every node decided 継続 is carried with its indicators, each
** indicator's baseline set from its last actual; the nodes above them are carried too, so the
** tree keeps its levels. Every new node names the node it continues (`continues`,
** "PLAN:NODE") and the new plan its predecessor. Nodes decided otherwise are left behind with
** their decision and reason; nodes of the decision level with no decision are listed apart.
** No value, grade, item or printed figure is carried: the next plan's targets are new.
*/
#ifndef SHINCHOKU_ROLLOVER_H
#define SHINCHOKU_ROLLOVER_H

#include "plan.h"

/* The decision that carries a node into the next plan. */
#define ROLLOVER_CARRY "継続"

typedef struct Rollover {
  Plan *plan;   /* the next plan (not indexed; validate it through the exchange format) */
  int *carried; /* old node indices decided 継続, in plan order */
  int ncarried;
  int *left; /* old node indices decided otherwise (計画外, 終了, ...) */
  int nleft;
  int *undecided; /* old nodes of the decision level with no decision, in scope at the end */
  int nundecided;
  int decision_level; /* the level the decisions are taken on, 0 when none */
} Rollover;

/* Build the next plan from old as id, for first..last (0, 0: the years after old's, as many
   as it had), named name (NULL: 「次期」 + old's name). 0, or -1 with the reason in err. */
int rollover_build(const Plan *old, const char *id, const char *name, int first, int last,
                   Rollover *out, char *err, size_t errlen);
/* The year and value of an indicator's last actual number in old (superseded rows aside);
   0 when it has none. */
int rollover_last_actual(const Plan *old, int ind, dec_t *value);
void rollover_free(Rollover *r);

#endif
