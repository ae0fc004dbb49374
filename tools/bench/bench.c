/* SPDX-License-Identifier: Apache-2.0 */
/*
** bench.c — the national-scale benchmark (not a test): generates a plan the size of every
** municipality's DX plan together (1,741 municipalities × 150 initiatives × 2 indicators,
** targets and actuals for four years: about 4.2 million values), writes it as exchange-format
** CSV, imports it into a fresh SQLite store, loads it back, evaluates it, and prints the time of
** each step and the peak memory. Usage: bench [OUTDIR] [MUNICIPALITIES] [dir|xlsx] [gen]
** With gen it only writes the plan (tools/bench/run.sh times the commands and the peers).
** With xlsx the plan goes through one Excel workbook instead of CSV files (`make bench-xlsx`:
** 42 municipalities, 100,800 value rows).
*/
#include "eval/eval.h"
#include "formats/xchg.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long peak_mb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

static Plan *generate(int towns) {
  Plan *p = plan_new();
  char buf[64];
  p->id = plan_str(p, "national");
  p->name = plan_str(p, "全国DX計画（ベンチマーク）");
  /* a stored plan belongs to a municipality (tenancy): a made-up code for the national one */
  p->municipality = plan_str(p, "全国（ベンチマーク）");
  p->municipality_code = plan_str(p, "000000");
  p->first_year = 2022;
  p->last_year = 2029;
  plan_set_levels(p, "自治体|施策|具体策");
  unsigned seed = 12345;
  for (int t = 0; t < towns; t++) {
    int town = p->nnodes;
    Node *n = plan_add_node(p);
    snprintf(buf, sizeof buf, "T%d", t);
    n->id = plan_str(p, buf);
    n->name = n->id;
    n->level = 1;
    for (int m = 0; m < 10; m++) {
      int measure = p->nnodes;
      n = plan_add_node(p);
      snprintf(buf, sizeof buf, "T%d-M%d", t, m);
      n->id = plan_str(p, buf);
      n->name = n->id;
      n->level = 2;
      n->parent = town;
      for (int i = 0; i < 15; i++) {
        int unit = p->nnodes;
        n = plan_add_node(p);
        snprintf(buf, sizeof buf, "T%d-M%d-I%d", t, m, i);
        n->id = plan_str(p, buf);
        n->name = n->id;
        n->level = 3;
        n->parent = measure;
        for (int k = 0; k < 2; k++) {
          int ind = p->ninds;
          Indicator *in = plan_add_indicator(p);
          snprintf(buf, sizeof buf, "T%d-M%d-I%d-%d", t, m, i, k);
          in->id = plan_str(p, buf);
          in->name = in->id;
          in->node = unit;
          in->direction = (seed >> 7) % 5 == 0 ? DIR_DOWN : DIR_UP;
          for (int y = 0; y < 4; y++) {
            seed = seed * 1103515245u + 12345u;
            Value *v = plan_add_value(p);
            v->indicator = ind, v->year = 2022 + y, v->kind = VK_TARGET;
            v->num = dec_from_int(100 + y * 10);
            v = plan_add_value(p);
            v->indicator = ind, v->year = 2022 + y, v->kind = VK_ACTUAL;
            v->num = dec_from_int((seed >> 8) % 150) + (seed % 10) * 100000;
          }
        }
      }
    }
  }
  plan_index(p);
  return p;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/tmp/shinchoku-bench";
  int towns = argc > 2 ? atoi(argv[2]) : 1741;
  const char *format = argc > 3 ? argv[3] : "dir";
  char path[512], plan_path[512], err[512];
  snprintf(plan_path, sizeof plan_path, "%s/plan%s", dir, strcmp(format, "xlsx") ? "" : ".xlsx");
  snprintf(path, sizeof path, "%s", plan_path);
  mkdir(dir, 0777);
  double t0 = now();
  Errors errs = {0};
  /* generate in a child process, so the peak memory below is the import's and evaluation's */
  pid_t pid = fork();
  if (pid == 0) {
    Plan *gen = generate(towns);
    if (xchg_write_path(gen, format, path, &errs)) {
      errors_print(&errs, stderr);
      _exit(1);
    }
    printf("generated %d nodes, %d indicators, %d values as %s in %.1f s\n", gen->nnodes,
           gen->ninds, gen->nvalues, format, now() - t0);
    fflush(stdout);
    _exit(0);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0 || status != 0) return 1;
  if (argc > 4 && strcmp(argv[4], "gen") == 0) return 0;

  snprintf(path, sizeof path, "%s/bench.db", dir);
  unlink(path);
  Store *s = store_open(path, err, sizeof err);
  if (!s || store_init(s, err, sizeof err)) return fprintf(stderr, "%s\n", err), 1;
  snprintf(path, sizeof path, "%s", plan_path);
  t0 = now();
  Plan *p = xchg_read_path(path, &errs);
  double parsed = now() - t0;
  Origin o = {"os:bench", "import", path, NULL, NULL};
  if (!p || store_save(s, p, &o, err, sizeof err)) {
    errors_print(&errs, stderr);
    return fprintf(stderr, "%s\n", err), 1;
  }
  printf("import: %.1f s (parse and validate %.1f s, store %.1f s)\n", now() - t0, parsed,
         now() - t0 - parsed);
  plan_free(p);

  t0 = now();
  if (store_load(s, "national", &p, err, sizeof err) || !p) return fprintf(stderr, "%s\n", err), 1;
  printf("load from store: %.1f s\n", now() - t0);
  Policy *pol = policy_compile(p->policy_json, NULL, p->nlevels, err, sizeof err);
  t0 = now();
  Evaluation *ev = eval_run(p, pol);
  double evt = now() - t0;
  const LevelSummary *l = eval_level(ev, 3, 2025);
  printf("evaluate %d values, all years: %.3f s (FY2025: %d units, %d ◎)\n", p->nvalues, evt,
         l->in_scope, l->counts[0]);
  printf("peak memory: %ld MB\n", peak_mb());
  eval_free(ev);
  policy_free(pol);
  plan_free(p);
  store_close(s);
  return 0;
}
