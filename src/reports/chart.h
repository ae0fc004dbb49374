/* SPDX-License-Identifier: Apache-2.0 */
/*
** chart.h — charts as inline SVG drawn from an evaluation (chart.c), each with a text
** alternative (title and desc); used by the website and the committee reports.
*/
#ifndef SHINCHOKU_REPORTS_CHART_H
#define SHINCHOKU_REPORTS_CHART_H

#include "../eval/eval.h"
#include "../model/util.h"

/* The headline level's grade distribution per year as a stacked bar chart, with its text
   alternative (title and desc) and a data table after it. id makes element ids unique. */
void chart_distribution(Buf *b, const Evaluation *ev, const char *id);
/* An indicator's targets and actuals per year as a bar chart with a text alternative (the
   caller shows the numbers in a table). Writes nothing when there is nothing to draw. */
void chart_indicator(Buf *b, const Evaluation *ev, int ind, const char *id);

#endif
