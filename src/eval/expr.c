/* SPDX-License-Identifier: Apache-2.0 */
/*
** expr.c — the condition language of evaluation policies: the `when` of a grade rule such as
** "rate >= 90", "!has(actual)" or "(actual - baseline) / baseline * 100 > 5" (see
** docs/policy.md, "Conditions"). A recursive-descent parser compiles the text once into a flat
** array of nodes whose children are indices into the same array; evaluation walks that array
** and allocates nothing. Values are exact decimals (dec_t), DEC_NONE meaning "missing".
**
** Semantics:
**   - arithmetic with a missing operand, on overflow or on division by zero gives missing;
**   - a comparison with a missing operand is false; comparisons and the boolean operators
**     always give 1 or 0, never missing;
**   - a value is "truthy" when it is defined and non-zero; && and || short-circuit over that;
**   - `!x` is true iff x is defined and zero. So `!rate` is false when rate is missing, but
**     `!has(rate)` and `!(rate >= 90)` are true then, because has() and comparisons never give
**     missing;
**   - has(NAME) is true iff the variable is not missing; abs(x) of missing is missing.
** Besides ASCII, the operators ≥ (U+2265) and ≤ (U+2264) are accepted for >= and <=.
** Error messages are English and start "at N: " with N the 1-based character position.
*/
#include "expr.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const expr_var_names[EV__COUNT] = {
    "rate", "actual", "target", "final_target", "baseline", "change", "year", "k", "n",
};

enum {
  MAX_DEPTH = 64,  /* deepest nesting of nodes, and of the parser's recursion */
  MAX_LEN = 4096,  /* longest condition source, in bytes */
  MAX_SHOWN = 40,  /* longest token text quoted in an error message */
  MAX_NUMBER = 40, /* longest number literal, in bytes (any longer one is out of range) */
};

/* ---- Nodes ---------------------------------------------------------------------------- */

typedef enum Op {
  OP_NUM, /* num */
  OP_VAR, /* var */
  OP_HAS, /* var */
  OP_NEG, /* a */
  OP_ABS, /* a */
  OP_NOT, /* a */
  OP_ADD, /* a, b from here on */
  OP_SUB,
  OP_MUL,
  OP_DIV,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
  OP_EQ,
  OP_NE,
  OP_AND,
  OP_OR,
} Op;

typedef struct Node {
  uint8_t op;    /* an Op */
  uint8_t var;   /* an expr_var, for OP_VAR and OP_HAS */
  uint8_t depth; /* 1 for a leaf, else 1 + the deepest child */
  int32_t a, b;  /* children, as indices into the node array */
  dec_t num;     /* the value of OP_NUM */
} Node;

struct Expr {
  unsigned uses;
  int32_t root;
  int32_t count;
  Node nodes[];
};

/* ---- Tokens --------------------------------------------------------------------------- */

typedef enum Tok {
  T_END,
  T_NUM,
  T_NAME,
  T_LPAREN,
  T_RPAREN,
  T_PLUS,
  T_MINUS,
  T_STAR,
  T_SLASH,
  T_LT,
  T_LE,
  T_GT,
  T_GE,
  T_EQ,
  T_NE,
  T_NOT,
  T_AND,
  T_OR,
} Tok;

typedef struct Parser {
  const char *src;
  Tok tok;      /* the current token */
  size_t start; /* its byte offset */
  size_t len;   /* its length in bytes */
  size_t next;  /* byte offset where the following token's scan starts */
  int nest;     /* current recursion depth of the parser */
  unsigned uses;
  Node *nodes;
  int32_t count;
  char *err;
  size_t errlen;
  bool failed;
} Parser;

/* 1-based character position of byte offset `at` (UTF-8 continuation bytes do not count). */
static int char_pos(const char *src, size_t at) {
  int pos = 1;
  for (size_t i = 0; i < at; i++)
    if (((unsigned char)src[i] & 0xC0) != 0x80) pos++;
  return pos;
}

/* Record the first error only, at byte offset `at`. */
static void fail_at(Parser *p, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail_at(Parser *p, size_t at, const char *fmt, ...) {
  if (p->failed) return;
  p->failed = true;
  if (!p->err || p->errlen == 0) return;
  int n = snprintf(p->err, p->errlen, "at %d: ", char_pos(p->src, at));
  if (n < 0 || (size_t)n >= p->errlen) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
  va_end(ap);
}

/* Fail at the current token: "<what> '<token text>'", or "<what> end of condition". */
static void fail_tok(Parser *p, const char *what) {
  if (p->tok == T_END) {
    fail_at(p, p->start, "%s end of condition", what);
    return;
  }
  int shown = p->len > MAX_SHOWN ? MAX_SHOWN : (int)p->len;
  fail_at(p, p->start, "%s '%.*s%s'", what, shown, p->src + p->start,
          p->len > MAX_SHOWN ? "..." : "");
}

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
static bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
static bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_name_char(char c) {
  return is_name_start(c) || is_digit(c);
}

/* Length in bytes of the UTF-8 sequence starting with byte c (1 for anything invalid). */
static size_t utf8_len(unsigned char c) {
  if (c >= 0xF0 && c <= 0xF4) return 4;
  if (c >= 0xE0) return c <= 0xEF ? 3 : 1;
  if (c >= 0xC2) return 2;
  return 1;
}

/* Report a character that starts no token, with hints for the usual slips. */
static void fail_char(Parser *p, size_t at) {
  const char *s = p->src + at;
  unsigned char c = (unsigned char)*s;
  if (c == '=') {
    fail_at(p, at, "unexpected '=' (use '==' to compare)");
  } else if (c == '&' || c == '|') {
    fail_at(p, at, "unexpected '%c' (use '%c%c')", c, c, c);
  } else if (c < 0x20 || c == 0x7F) {
    fail_at(p, at, "unexpected control character 0x%02X", c);
  } else {
    size_t n = utf8_len(c);
    for (size_t i = 1; i < n; i++)
      if (((unsigned char)s[i] & 0xC0) != 0x80) n = 1; /* truncated sequence */
    if (n == 1 && c >= 0x80)
      fail_at(p, at, "invalid byte 0x%02X", c);
    else
      fail_at(p, at, "unexpected character '%.*s'", (int)n, s);
  }
}

/* Operators of one or two ASCII bytes, or the three-byte UTF-8 forms of ≤ and ≥. */
static size_t scan_op(const char *s, Tok *tok) {
  static const struct {
    const char *text;
    Tok tok;
  } ops[] = {
      {"<=", T_LE},           {">=", T_GE},    {"==", T_EQ},    {"!=", T_NE},
      {"&&", T_AND},          {"||", T_OR},    {"<", T_LT},     {">", T_GT},
      {"!", T_NOT},           {"(", T_LPAREN}, {")", T_RPAREN}, {"+", T_PLUS},
      {"-", T_MINUS},         {"*", T_STAR},   {"/", T_SLASH},  {"\xE2\x89\xA4", T_LE},
      {"\xE2\x89\xA5", T_GE},
  };
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    size_t n = strlen(ops[i].text);
    if (strncmp(s, ops[i].text, n) == 0) {
      *tok = ops[i].tok;
      return n;
    }
  }
  return 0;
}

/* Advance to the next token. On a character that starts no token, fail. */
static void advance(Parser *p) {
  const char *s = p->src;
  size_t i = p->next;
  while (is_space(s[i]))
    i++;
  p->start = i;
  if (s[i] == '\0') {
    p->tok = T_END;
    p->len = 0;
  } else if (is_digit(s[i])) {
    size_t j = i;
    while (is_digit(s[j]))
      j++;
    if (s[j] == '.' && is_digit(s[j + 1])) {
      j++;
      while (is_digit(s[j]))
        j++;
    }
    p->tok = T_NUM;
    p->len = j - i;
  } else if (is_name_start(s[i])) {
    size_t j = i;
    while (is_name_char(s[j]))
      j++;
    p->tok = T_NAME;
    p->len = j - i;
  } else {
    p->len = scan_op(s + i, &p->tok);
    if (p->len == 0) {
      fail_char(p, i);
      p->tok = T_END;
    }
  }
  p->next = p->start + p->len;
}

static bool tok_is(const Parser *p, const char *text) {
  return p->len == strlen(text) && strncmp(p->src + p->start, text, p->len) == 0;
}

/* ---- Node construction ---------------------------------------------------------------- */

/* Append a node; returns its index, or -1 (having failed) when it would be too deep. */
static int32_t add_node(Parser *p, Op op, int32_t a, int32_t b, size_t at) {
  int depth = 1;
  if (a >= 0 && p->nodes[a].depth + 1 > depth) depth = p->nodes[a].depth + 1;
  if (b >= 0 && p->nodes[b].depth + 1 > depth) depth = p->nodes[b].depth + 1;
  if (depth > MAX_DEPTH) {
    fail_at(p, at, "condition nested too deeply (limit %d)", MAX_DEPTH);
    return -1;
  }
  Node *n = &p->nodes[p->count];
  *n = (Node){.op = (uint8_t)op, .depth = (uint8_t)depth, .a = a, .b = b};
  return p->count++;
}

/* Index of the variable named by the current token, or -1 (having failed). */
static int lookup_var(Parser *p) {
  for (int v = 0; v < EV__COUNT; v++)
    if (tok_is(p, expr_var_names[v])) return v;
  fail_tok(p, "unknown name");
  return -1;
}

/* ---- Parser: one function per grammar rule; each returns a node index or -1 ----------- */

static int32_t parse_or(Parser *p);

/* Enter one level of recursion for the token at byte offset `at`; false (having failed) when
   that is too deep. */
static bool enter(Parser *p, size_t at) {
  if (++p->nest > MAX_DEPTH) {
    fail_at(p, at, "condition nested too deeply (limit %d)", MAX_DEPTH);
    return false;
  }
  return true;
}

/* The closing ')' of a group opened at byte offset `open`. */
static bool expect_rparen(Parser *p, size_t open) {
  if (p->failed) return false;
  if (p->tok != T_RPAREN) {
    if (p->tok == T_END)
      fail_at(p, p->start, "missing ')' for the '(' at %d", char_pos(p->src, open));
    else
      fail_tok(p, "expected ')' but found");
    return false;
  }
  advance(p);
  return !p->failed;
}

/* "(" expr ")", the current token being "(". */
static int32_t parse_group(Parser *p) {
  size_t open = p->start;
  advance(p);
  if (p->failed || !enter(p, open)) return -1;
  int32_t e = parse_or(p);
  p->nest--;
  if (e < 0 || !expect_rparen(p, open)) return -1;
  return e;
}

static int32_t parse_number(Parser *p) {
  char text[MAX_NUMBER + 1];
  if (p->len > MAX_NUMBER) {
    fail_tok(p, "number out of range");
    return -1;
  }
  memcpy(text, p->src + p->start, p->len);
  text[p->len] = '\0';
  dec_t v = DEC_NONE;
  int rc = dec_parse_plain(text, &v);
  if (rc == -2) {
    fail_tok(p, "more than six decimals in");
    return -1;
  }
  if (rc != 0 || v == DEC_NONE) {
    fail_tok(p, rc == -3 ? "number out of range" : "bad number");
    return -1;
  }
  int32_t n = add_node(p, OP_NUM, -1, -1, p->start);
  if (n < 0) return -1;
  p->nodes[n].num = v;
  advance(p);
  return n;
}

/* has "(" NAME ")", the current token being "has". */
static int32_t parse_has(Parser *p) {
  advance(p);
  if (p->failed) return -1;
  size_t open = p->start;
  if (p->tok != T_LPAREN) {
    fail_tok(p, "expected '(' after 'has' but found");
    return -1;
  }
  advance(p);
  if (p->failed) return -1;
  if (p->tok != T_NAME) {
    fail_tok(p, "has() takes a variable name, found");
    return -1;
  }
  int v = lookup_var(p);
  if (v < 0) return -1;
  int32_t n = add_node(p, OP_HAS, -1, -1, p->start);
  if (n < 0) return -1;
  p->nodes[n].var = (uint8_t)v;
  p->uses |= 1u << v;
  advance(p);
  if (!expect_rparen(p, open)) return -1;
  return n;
}

/* abs "(" expr ")", the current token being "abs". */
static int32_t parse_abs(Parser *p) {
  size_t at = p->start;
  advance(p);
  if (p->failed) return -1;
  if (p->tok != T_LPAREN) {
    fail_tok(p, "expected '(' after 'abs' but found");
    return -1;
  }
  int32_t e = parse_group(p);
  return e < 0 ? -1 : add_node(p, OP_ABS, e, -1, at);
}

static int32_t parse_name(Parser *p) {
  if (tok_is(p, "has")) return parse_has(p);
  if (tok_is(p, "abs")) return parse_abs(p);
  int v = lookup_var(p);
  if (v < 0) return -1;
  int32_t n = add_node(p, OP_VAR, -1, -1, p->start);
  if (n < 0) return -1;
  p->nodes[n].var = (uint8_t)v;
  p->uses |= 1u << v;
  advance(p);
  return n;
}

static int32_t parse_atom(Parser *p) {
  if (p->failed) return -1;
  switch (p->tok) {
  case T_NUM:
    return parse_number(p);
  case T_NAME:
    return parse_name(p);
  case T_LPAREN:
    return parse_group(p);
  case T_END:
    fail_tok(p, "unexpected");
    return -1;
  default:
    fail_tok(p, "expected a number, a name or '(' but found");
    return -1;
  }
}

/* A prefix operator (unary "-" or "!") applied to what `operand` parses. */
static int32_t parse_prefix(Parser *p, Op op, int32_t (*operand)(Parser *)) {
  size_t at = p->start;
  advance(p);
  if (p->failed || !enter(p, at)) return -1;
  int32_t e = operand(p);
  p->nest--;
  return e < 0 ? -1 : add_node(p, op, e, -1, at);
}

static int32_t parse_unary(Parser *p) {
  if (!p->failed && p->tok == T_MINUS) return parse_prefix(p, OP_NEG, parse_unary);
  return parse_atom(p);
}

/* A left-associative chain: operand (op operand)*, where op_of maps a token to its Op or -1. */
static int32_t parse_chain(Parser *p, int32_t (*operand)(Parser *), int (*op_of)(Tok)) {
  int32_t left = operand(p);
  while (left >= 0 && !p->failed && op_of(p->tok) >= 0) {
    Op op = (Op)op_of(p->tok);
    size_t at = p->start;
    advance(p);
    if (p->failed) return -1;
    int32_t right = operand(p);
    if (right < 0) return -1;
    left = add_node(p, op, left, right, at);
  }
  return p->failed ? -1 : left;
}

static int prod_op(Tok t) {
  return t == T_STAR ? OP_MUL : t == T_SLASH ? OP_DIV : -1;
}
static int sum_op(Tok t) {
  return t == T_PLUS ? OP_ADD : t == T_MINUS ? OP_SUB : -1;
}
static int and_op(Tok t) {
  return t == T_AND ? OP_AND : -1;
}
static int or_op(Tok t) {
  return t == T_OR ? OP_OR : -1;
}
static int cmp_op(Tok t) {
  switch (t) {
  case T_LT:
    return OP_LT;
  case T_LE:
    return OP_LE;
  case T_GT:
    return OP_GT;
  case T_GE:
    return OP_GE;
  case T_EQ:
    return OP_EQ;
  case T_NE:
    return OP_NE;
  default:
    return -1;
  }
}

static int32_t parse_prod(Parser *p) {
  return parse_chain(p, parse_unary, prod_op);
}

static int32_t parse_sum(Parser *p) {
  return parse_chain(p, parse_prod, sum_op);
}

/* sum (cmpop sum)? — comparisons do not chain: "1 < 2 < 3" is an error. */
static int32_t parse_cmp(Parser *p) {
  int32_t left = parse_sum(p);
  if (left < 0 || p->failed || cmp_op(p->tok) < 0) return p->failed ? -1 : left;
  Op op = (Op)cmp_op(p->tok);
  size_t at = p->start;
  advance(p);
  if (p->failed) return -1;
  int32_t right = parse_sum(p);
  if (right < 0) return -1;
  if (cmp_op(p->tok) >= 0) {
    fail_tok(p, "comparisons do not chain; use && between them, found");
    return -1;
  }
  return add_node(p, op, left, right, at);
}

static int32_t parse_not(Parser *p) {
  if (!p->failed && p->tok == T_NOT) return parse_prefix(p, OP_NOT, parse_not);
  return parse_cmp(p);
}

static int32_t parse_and(Parser *p) {
  return parse_chain(p, parse_not, and_op);
}

static int32_t parse_or(Parser *p) {
  return parse_chain(p, parse_and, or_op);
}

/* ---- Compile -------------------------------------------------------------------------- */

/* Parse the whole source into p->nodes; returns the root index or -1. */
static int32_t parse_all(Parser *p) {
  advance(p);
  if (p->failed) return -1;
  if (p->tok == T_END) {
    fail_at(p, p->start, "empty condition");
    return -1;
  }
  int32_t root = parse_or(p);
  if (root < 0) return -1;
  if (p->tok == T_RPAREN) {
    fail_tok(p, "unmatched");
    return -1;
  }
  if (p->tok != T_END) {
    fail_tok(p, "unexpected");
    return -1;
  }
  return root;
}

Expr *expr_compile(const char *src, char *err, size_t errlen) {
  Parser p = {.src = src ? src : "", .err = err, .errlen = errlen};
  if (err && errlen) err[0] = '\0';
  size_t n = strlen(p.src);
  if (n > MAX_LEN) {
    fail_at(&p, MAX_LEN, "condition too long (limit %d bytes)", MAX_LEN);
    return NULL;
  }
  /* Every node consumes at least one token and every token at least one byte. */
  Expr *e = malloc(sizeof *e + (n + 1) * sizeof(Node));
  if (!e) {
    fail_at(&p, 0, "out of memory");
    return NULL;
  }
  p.nodes = e->nodes;
  int32_t root = parse_all(&p);
  if (root < 0 || p.failed) {
    free(e);
    return NULL;
  }
  e->uses = p.uses;
  e->root = root;
  e->count = p.count;
  Expr *shrunk = realloc(e, sizeof *e + (size_t)p.count * sizeof(Node));
  return shrunk ? shrunk : e;
}

void expr_free(Expr *e) {
  free(e);
}

unsigned expr_uses(const Expr *e) {
  return e ? e->uses : 0;
}

/* ---- Evaluate ------------------------------------------------------------------------- */

static const dec_t TRUE_VALUE = DEC_SCALE;
static const dec_t FALSE_VALUE = 0;

static bool truthy(dec_t v) {
  return v != DEC_NONE && v != 0;
}

static dec_t from_bool(bool b) {
  return b ? TRUE_VALUE : FALSE_VALUE;
}

static dec_t add_checked(dec_t a, dec_t b, bool subtract) {
  if (a == DEC_NONE || b == DEC_NONE) return DEC_NONE;
  int64_t r;
  bool overflow = subtract ? __builtin_sub_overflow(a, b, &r) : __builtin_add_overflow(a, b, &r);
  return overflow ? DEC_NONE : r; /* INT64_MIN itself is DEC_NONE, which is right too */
}

static bool compare(Op op, dec_t a, dec_t b) {
  if (a == DEC_NONE || b == DEC_NONE) return false;
  switch (op) {
  case OP_LT:
    return a < b;
  case OP_LE:
    return a <= b;
  case OP_GT:
    return a > b;
  case OP_GE:
    return a >= b;
  case OP_EQ:
    return a == b;
  default:
    return a != b;
  }
}

/* Recursion depth is bounded by MAX_DEPTH, enforced when compiling. */
static dec_t eval(const Node *nodes, int32_t i, const dec_t vars[EV__COUNT]) {
  const Node *n = &nodes[i];
  switch ((Op)n->op) {
  case OP_NUM:
    return n->num;
  case OP_VAR:
    return vars[n->var];
  case OP_HAS:
    return from_bool(vars[n->var] != DEC_NONE);
  case OP_NEG: {
    dec_t v = eval(nodes, n->a, vars);
    return v == DEC_NONE ? DEC_NONE : -v; /* -INT64_MIN cannot happen: that is DEC_NONE */
  }
  case OP_ABS: {
    dec_t v = eval(nodes, n->a, vars);
    return v == DEC_NONE ? DEC_NONE : v < 0 ? -v : v;
  }
  case OP_NOT: {
    dec_t v = eval(nodes, n->a, vars);
    return from_bool(v == 0); /* missing is not zero, so !missing is false */
  }
  case OP_ADD:
  case OP_SUB:
    return add_checked(eval(nodes, n->a, vars), eval(nodes, n->b, vars), n->op == OP_SUB);
  case OP_MUL:
    return dec_mul(eval(nodes, n->a, vars), eval(nodes, n->b, vars));
  case OP_DIV:
    return dec_div(eval(nodes, n->a, vars), eval(nodes, n->b, vars));
  case OP_AND:
    return from_bool(truthy(eval(nodes, n->a, vars)) && truthy(eval(nodes, n->b, vars)));
  case OP_OR:
    return from_bool(truthy(eval(nodes, n->a, vars)) || truthy(eval(nodes, n->b, vars)));
  default:
    return from_bool(compare((Op)n->op, eval(nodes, n->a, vars), eval(nodes, n->b, vars)));
  }
}

bool expr_true(const Expr *e, const dec_t vars[EV__COUNT]) {
  if (!e) return false;
  return truthy(eval(e->nodes, e->root, vars));
}
