/* SPDX-License-Identifier: Apache-2.0 */
/*
** evalout.h — an evaluation written out for people and programs: `eval --format
** text|csv|json`. Every number here is read from the Evaluation; nothing is computed twice.
*/
#ifndef SHINCHOKU_EVALOUT_H
#define SHINCHOKU_EVALOUT_H

#include "../eval/eval.h"
#include <stdio.h>

/* year 0: every year of the plan. */
void evalout_text(const Evaluation *ev, int year, FILE *out);
void evalout_csv(const Evaluation *ev, int year, FILE *out);
void evalout_json(const Evaluation *ev, int year, FILE *out);

#endif
