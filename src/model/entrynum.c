/* SPDX-License-Identifier: Apache-2.0 */
/*
** entrynum.c — the checks a typed figure passes before it is stored (see entrynum.h):
** readable as a number, commas in groups of three, no more than six decimals, and no minus
** where the indicator cannot be negative.
*/
#include "entrynum.h"
#include "text.h"
#include <stdlib.h>
#include <string.h>

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

int num_grouping_ok(const char *s) {
  char *t = text_normalize(s);
  if (!t) return 0;
  int ok = 1, run = 0, groups = 0, in_frac = 0;
  for (const char *p = t;; p++) {
    if (is_digit(*p)) {
      run++;
      continue;
    }
    if (*p == ',') {
      /* the first group has 1-3 digits, each later one exactly 3 */
      if (in_frac || run == 0 || (groups == 0 ? run > 3 : run != 3)) ok = 0;
      groups++;
    } else {
      if (groups > 0 && !in_frac && run != 3) ok = 0;
      if (*p == '.') in_frac = 1;
      groups = in_frac ? groups : 0;
      if (!*p) break;
    }
    run = 0;
  }
  free(t);
  return ok;
}

static int says_change(const char *s) {
  static const char *const words[] = {"増減", "差", "変化", "前年比", "収支", "ポイント", NULL};
  for (int i = 0; s && words[i]; i++)
    if (strstr(s, words[i])) return 1;
  return 0;
}

int indicator_may_be_negative(const Plan *p, int ind) {
  const Indicator *in = &p->inds[ind];
  if (says_change(in->name) || says_change(in->unit)) return 1;
  if (!dec_is_none(in->baseline) && in->baseline < 0) return 1;
  for (int v = 0; v < p->nvalues; v++)
    if (p->values[v].indicator == ind && !dec_is_none(p->values[v].num) && p->values[v].num < 0)
      return 1;
  return 0;
}

const char *entry_number_problem(const Plan *p, int ind, const char *typed, dec_t *out) {
  int rc = num_parse(typed, out);
  if (rc == -2) return "小数は6桁までです";
  if (rc) return "数値として読めません（例: 1234、１，２３４、12.5）";
  if (!num_grouping_ok(typed))
    return "桁区切りのカンマが3桁ごとではないため、読み方が決まりません（1,234 か 12.3 "
           "のように入力してください）";
  if (ind >= 0 && *out < 0 && !indicator_may_be_negative(p, ind))
    return "この指標は負の数になりません（マイナスを外してください）";
  return NULL;
}
