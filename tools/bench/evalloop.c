/* SPDX-License-Identifier: Apache-2.0 */
/*
** evalloop.c — the benchmark's "plain C loop" peer (tools/bench/run.sh, docs/benchmarks.md):
** reads the benchmark plan's nodes.csv, indicators.csv and values.csv (plain ASCII, no quoting:
** the generator writes nothing else) into arrays, evaluates it by the benchmark's policy
** (ratio rate, ◎ ≥ 90, ○ ≥ 70, else △; a unit takes its worst indicator; levels 1 and 2 carry
** no grade) and writes what `shinchoku eval --format csv` writes. No validation, no store, no
** general policy: the floor that shinchoku's evaluation is measured against.
** Usage: evalloop PLANDIR OUT.csv   (prints the seconds of read and of evaluate + write)
*/
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FIRST_YEAR 2022
#define NYEARS 8
#define NONE INT64_MIN

typedef struct {
  char *id;
  int level;
  int first_ind, nind; /* the unit's indicators, contiguous in indicators.csv order */
} Node;

typedef struct {
  char *id;
  int down;
  int64_t target[NYEARS], actual[NYEARS]; /* millionths, NONE when absent */
} Ind;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *slurp(const char *dir, const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) return perror(path), exit(1), NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  rewind(f);
  char *b = malloc((size_t)n + 1);
  if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) exit(1);
  b[n] = '\0';
  fclose(f);
  return b;
}

/* Split line-wise in place: fields[k] points into the buffer; returns the next line. */
static char *fields(char *p, char **f, int max, int *nf) {
  int n = 0;
  f[n++] = p;
  for (; *p && *p != '\n'; p++) {
    if (*p == '\r') *p = '\0';
    if (*p == ',') {
      *p = '\0';
      if (n < max) f[n++] = p + 1;
    }
  }
  if (*p == '\n') *p++ = '\0';
  *nf = n;
  return p;
}

static int64_t parse_dec(const char *s) {
  int neg = *s == '-';
  if (neg) s++;
  int64_t whole = 0, frac = 0;
  while (*s >= '0' && *s <= '9')
    whole = whole * 10 + (*s++ - '0');
  int places = 0;
  if (*s == '.')
    for (s++; *s >= '0' && *s <= '9' && places < 6; places++)
      frac = frac * 10 + (*s++ - '0');
  for (; places < 6; places++)
    frac *= 10;
  int64_t v = whole * 1000000 + frac;
  return neg ? -v : v;
}

/* n / d rounded half away from zero (both positive here, as in the benchmark's data). */
static int64_t div_round(__int128 n, __int128 d) {
  __int128 q = n / d, r = n % d;
  if (r < 0) r = -r;
  if (2 * r >= (d < 0 ? -d : d)) q += (n < 0) == (d < 0) ? 1 : -1;
  return (int64_t)q;
}

static char *put_shortest(char *o, int64_t v) {
  if (v < 0) *o++ = '-', v = -v;
  o += sprintf(o, "%lld", (long long)(v / 1000000));
  int64_t frac = v % 1000000;
  if (frac) {
    int places = 6;
    while (frac % 10 == 0)
      frac /= 10, places--;
    o += sprintf(o, ".%0*lld", places, (long long)frac);
  }
  return o;
}

static char *put_display(char *o, int64_t rate) {
  int64_t tenths = div_round(rate, 100000);
  if (tenths < 0) *o++ = '-', tenths = -tenths;
  return o + sprintf(o, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
}

static const char *grade(int64_t rate) {
  return rate >= 90000000 ? "◎" : rate >= 70000000 ? "○" : "△";
}
static int grade_rank(int64_t rate) {
  return rate >= 90000000 ? 0 : rate >= 70000000 ? 1 : 2;
}

static int64_t rate_of(const Ind *in, int y) {
  int64_t t = in->target[y], a = in->actual[y];
  if (t == NONE || a == NONE || t == 0 || (in->down && a == 0)) return NONE;
  return in->down ? div_round((__int128)t * 100000000, a) : div_round((__int128)a * 100000000, t);
}

int main(int argc, char **argv) {
  if (argc != 3) return fprintf(stderr, "usage: evalloop PLANDIR OUT.csv\n"), 2;
  double t0 = now();
  char *f[16], *p;
  int nf;
  char *nodes_csv = slurp(argv[1], "nodes.csv"), *inds_csv = slurp(argv[1], "indicators.csv");
  char *vals_csv = slurp(argv[1], "values.csv");
  int cap = 1 << 16, nn = 0, ni = 0;
  Node *nodes = malloc(sizeof *nodes * (size_t)cap);
  for (p = fields(nodes_csv, f, 16, &nf); *p;) {
    p = fields(p, f, 16, &nf);
    if (nn == cap) nodes = realloc(nodes, sizeof *nodes * (size_t)(cap *= 2));
    nodes[nn++] = (Node){f[0], atoi(f[2]), 0, 0};
  }
  /* indicators name their unit; the generator writes a unit's indicators together */
  int icap = 1 << 16, cur = 0;
  Ind *inds = malloc(sizeof *inds * (size_t)icap);
  for (p = fields(inds_csv, f, 16, &nf); *p;) {
    p = fields(p, f, 16, &nf);
    if (ni == icap) inds = realloc(inds, sizeof *inds * (size_t)(icap *= 2));
    Ind *in = &inds[ni];
    in->id = f[0];
    in->down = strcmp(f[5], "down") == 0;
    for (int y = 0; y < NYEARS; y++)
      in->target[y] = in->actual[y] = NONE;
    while (cur < nn && strcmp(nodes[cur].id, f[1]) != 0)
      cur++;
    if (cur == nn) return fprintf(stderr, "evalloop: unit %s out of order\n", f[1]), 1;
    if (nodes[cur].nind++ == 0) nodes[cur].first_ind = ni;
    ni++;
  }
  /* values come grouped by indicator, in indicators.csv order */
  int k = 0;
  for (p = fields(vals_csv, f, 16, &nf); *p;) {
    p = fields(p, f, 16, &nf);
    while (k < ni && strcmp(inds[k].id, f[0]) != 0)
      k++;
    if (k == ni) return fprintf(stderr, "evalloop: value of %s out of order\n", f[0]), 1;
    int y = atoi(f[1]) - FIRST_YEAR;
    if (f[2][0] == 't')
      inds[k].target[y] = parse_dec(f[3]);
    else
      inds[k].actual[y] = parse_dec(f[3]);
  }
  double t1 = now();

  FILE *out = fopen(argv[2], "wb");
  if (!out) return perror(argv[2]), 1;
  static char buf[1 << 16];
  fputs("type,id,number,name,level,year,target,actual,projected,rate,rate_display,grade,from\r\n",
        out);
  for (int y = 0; y < NYEARS; y++) {
    for (int n = 0; n < nn; n++) {
      char *o = buf + sprintf(buf, "node,%s,,%s,%d,%d,,,,", nodes[n].id, nodes[n].id,
                              nodes[n].level, FIRST_YEAR + y);
      int64_t worst = NONE;
      int rank = -1;
      for (int i = nodes[n].first_ind; i < nodes[n].first_ind + nodes[n].nind; i++) {
        int64_t r = rate_of(&inds[i], y);
        if (r != NONE && grade_rank(r) > rank) rank = grade_rank(r), worst = r;
      }
      if (worst == NONE)
        o += sprintf(o, ",,,none\r\n");
      else {
        o = put_shortest(o, worst);
        *o++ = ',';
        o = put_display(o, worst);
        o += sprintf(o, ",%s,rule\r\n", grade(worst));
      }
      fwrite(buf, 1, (size_t)(o - buf), out);
    }
    for (int i = 0; i < ni; i++) {
      const Ind *in = &inds[i];
      char *o = buf + sprintf(buf, "indicator,%s,,%s,3,%d,", in->id, in->id, FIRST_YEAR + y);
      if (in->target[y] != NONE) o = put_shortest(o, in->target[y]);
      *o++ = ',';
      if (in->actual[y] != NONE) o = put_shortest(o, in->actual[y]);
      o += sprintf(o, ",,");
      int64_t r = rate_of(in, y);
      if (r == NONE)
        o += sprintf(o, ",,,none\r\n");
      else {
        o = put_shortest(o, r);
        *o++ = ',';
        o = put_display(o, r);
        o += sprintf(o, ",%s,rule\r\n", grade(r));
      }
      fwrite(buf, 1, (size_t)(o - buf), out);
    }
  }
  if (fclose(out)) return perror(argv[2]), 1;
  printf("read %.2f s, evaluate and write %.2f s\n", t1 - t0, now() - t1);
  return 0;
}
