/* SPDX-License-Identifier: Apache-2.0 */
/*
** closest.c — names close to a mistyped one (see closest.h): an edit distance over code
** points, after NFKC so that full-width and half-width forms are one.
*/
#include "closest.h"
#include "text.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The code points of s's NFKC form; *n their count. Caller frees. */
static utf8proc_int32_t *code_points(const char *s, int *n) {
  char *t = text_normalize(s ? s : "");
  const char *u = t ? t : "";
  size_t len = strlen(u);
  utf8proc_int32_t *cp = xcalloc(len + 1, sizeof *cp);
  int k = 0;
  for (const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)u; *p;) {
    utf8proc_ssize_t step = utf8proc_iterate(p, -1, &cp[k]);
    if (step <= 0) break;
    p += step;
    k++;
  }
  free(t);
  *n = k;
  return cp;
}

int name_distance(const char *a, const char *b) {
  int na, nb;
  utf8proc_int32_t *x = code_points(a, &na), *y = code_points(b, &nb);
  int *row = xcalloc((size_t)nb + 1, sizeof *row);
  for (int j = 0; j <= nb; j++)
    row[j] = j;
  for (int i = 1; i <= na; i++) {
    int diag = row[0];
    row[0] = i;
    for (int j = 1; j <= nb; j++) {
      int up = row[j], best = diag + (x[i - 1] != y[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  int d = row[nb];
  free(row);
  free(x);
  free(y);
  return d;
}

static int char_count(const char *s) {
  int n;
  free(code_points(s, &n));
  return n;
}

int closest_names(const char *want, const char *const *names, int n, const char **out, int max) {
  int *dist = xcalloc((size_t)n + 1, sizeof *dist), found = 0;
  for (int i = 0; i < n; i++) {
    int d = name_distance(want, names[i]);
    int longer = char_count(want) > char_count(names[i]) ? char_count(want) : char_count(names[i]);
    int contains = strstr(names[i], want) || strstr(want, names[i]);
    dist[i] = contains || d * 2 <= longer ? d : -1;
  }
  /* best first: repeatedly take the smallest distance not taken yet */
  while (found < max) {
    int best = -1;
    for (int i = 0; i < n; i++)
      if (dist[i] >= 0 && (best < 0 || dist[i] < dist[best])) best = i;
    if (best < 0) break;
    out[found++] = names[best];
    dist[best] = -1;
  }
  free(dist);
  return found;
}
