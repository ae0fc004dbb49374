/* SPDX-License-Identifier: Apache-2.0 */
/*
** compare_json.h — a comparison of municipalities on a shared KPI as JSON (compare_json.c):
** `report --kind compare --format json` and the API's /api/v1/compare write the same document.
*/
#ifndef SHINCHOKU_COMPARE_JSON_H
#define SHINCHOKU_COMPARE_JSON_H

#include "../eval/compare.h"

/* The document, compact, with a final newline; caller frees. */
char *compare_json(const Compare *c);

#endif
