/* SPDX-License-Identifier: Apache-2.0 */
/*
** dept.h — department entry workbooks: the workbook a department clerk fills in each year
** (one row per indicator the department owns: unit, earlier actuals, this year's target, and
** unlocked cells for the actual, the projection, a status word and a comment), and reading
** the filled workbook back into the plan, changing only those values.
*/
#ifndef SHINCHOKU_DEPT_H
#define SHINCHOKU_DEPT_H

#include "../model/plan.h"
#include "sheet.h"

#define DEPT_SHEET "実績入力"     /* the entry sheet */
#define DEPT_META "_shinchoku"    /* hidden sheet: plan, department, year */
#define DEPT_ORIGINAL "_original" /* hidden sheet: the input cells as written */

/* The departments named by the plan's nodes, in order of first mention, NULL-terminated;
   caller frees with dept_list_free. */
char **dept_list(const Plan *p);
void dept_list_free(char **list);
/* Number of indicators the department owns (of nodes naming it). */
int dept_count(const Plan *p, const char *dept);

/* The entry sheet as text, exactly as written: header row, then one row per indicator of
   the department. The last DEPT_INPUTS columns are the cells to fill in. */
#define DEPT_INPUTS 4
Sheet *dept_sheet(const Plan *p, const char *dept, int year);
/* The status words offered in the drop-down (policy statuses and common words),
   NULL-terminated; caller frees with dept_list_free. */
char **dept_status_words(const Plan *p);

int dept_write_xlsx(const Plan *p, const char *dept, int year, const char *path, Errors *errs);

/* A filled workbook as read. */
typedef struct DeptBook {
  char *file; /* base name, for messages */
  char *plan_id, *dept;
  int year;
  Book book;
} DeptBook;

int dept_read(const char *path, DeptBook *d, Errors *errs);
void dept_book_free(DeptBook *d);
/* The plan prev with the workbook's entries applied (validated like any import), or NULL
   with every problem in errs, each naming its cell (実績入力!F12). */
Plan *dept_apply(const Plan *prev, const DeptBook *d, Errors *errs);

#endif
