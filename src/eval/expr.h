/* SPDX-License-Identifier: Apache-2.0 */
/*
** expr.h — the condition language of evaluation policies ("rate >= 90",
** "change >= -10 && has(actual)"). A condition is compiled once, when the policy is loaded,
** into a flat array of nodes; evaluating it allocates nothing. All arithmetic is exact
** (dec_t). A missing operand makes arithmetic missing and comparisons false.
**
**   expr    := or
**   or      := and ("||" and)*
**   and     := not ("&&" not)*
**   not     := "!" not | cmp
**   cmp     := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
**   sum     := prod (("+" | "-") prod)*
**   prod    := unary (("*" | "/") unary)*
**   unary   := "-" unary | atom
**   atom    := NUMBER | NAME | "has" "(" NAME ")" | "abs" "(" expr ")" | "(" expr ")"
**
** Names are looked up in a fixed table given at compile time (the variables of expr_vars).
*/
#ifndef SHINCHOKU_EXPR_H
#define SHINCHOKU_EXPR_H

#include "../model/dec.h"
#include <stdbool.h>
#include <stddef.h>

/* The variables a condition may name. Index = position in expr_var_names. */
enum expr_var {
  EV_RATE,
  EV_ACTUAL,
  EV_TARGET,
  EV_FINAL_TARGET,
  EV_BASELINE,
  EV_CHANGE,
  EV_YEAR,
  EV_K,
  EV_N,
  EV__COUNT
};
extern const char *const expr_var_names[EV__COUNT];

typedef struct Expr Expr;

/* Compile src. On error returns NULL and writes a message naming the position into err. */
Expr *expr_compile(const char *src, char *err, size_t errlen);
void expr_free(Expr *e);

/* Evaluate as a condition over vars (DEC_NONE = missing). */
bool expr_true(const Expr *e, const dec_t vars[EV__COUNT]);

/* Bit set of the variables the condition names (1 << EV_x), for explanations. */
unsigned expr_uses(const Expr *e);

#endif
