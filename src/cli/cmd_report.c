/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_report.c — `report`: committee materials generated from a stored plan. Loads and
** evaluates the plan, builds the report kind's document (src/reports/report.c) and writes
** it in the asked format, stating where the data came from; `--kind packet` builds every
** document of the plan's committee packet (src/reports/packet.c) into one PDF.
*/
#include "../eval/eval.h"
#include "../eval/schedule.h"
#include "../model/text.h"
#include "../reports/packet.h"
#include "../reports/report.h"
#include "../reports/report_time.h"
#include "../store/snapshot.h"
#include "cli.h"
#include "output.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Writes r, or the packet pk when r is NULL, in format to path (NULL or "-": stdout). */
static int write_report(const Report *r, const ReportPacket *pk, const char *format,
                        const char *path) {
  Errors errs = {0};
  if (strcmp(format, "xlsx") == 0) {
    Output o;
    const char *file = output_open(&o, path);
    int rc = file ? report_write_xlsx(r, file, &errs) : -1;
    if (file && output_close(&o, rc == 0)) rc = -1;
    errors_print(&errs, stderr);
    errors_free(&errs);
    return rc ? EXIT_FINDING : EXIT_OK;
  }
  if (output_is_stdout(path)) path = NULL; /* -o - */
  FILE *out = path ? fopen(path, "wb") : stdout;
  if (!out) {
    fprintf(stderr, "shinchoku: %s: cannot write\n", path);
    return EXIT_FINDING;
  }
  int bad = 0;
  if (strcmp(format, "pdf") == 0)
    bad = (r ? report_write_pdf(r, out, &errs) : report_write_packet_pdf(pk, out, &errs)) != 0;
  else if (strcmp(format, "html") == 0)
    report_write_html(r, out);
  else if (strcmp(format, "md") == 0)
    report_write_md(r, out);
  else
    report_write_csv(r, out);
  errors_print(&errs, stderr);
  errors_free(&errs);
  if (ferror(out)) bad = 1;
  if (path ? fclose(out) != 0 : fflush(out) != 0) bad = 1;
  if (bad) fprintf(stderr, "shinchoku: %s: write failed\n", path ? path : "stdout");
  return bad ? EXIT_FINDING : EXIT_OK;
}

int cli_write_report(const Report *r, const char *format, const char *path) {
  return write_report(r, NULL, format, path);
}

/* `--kind compare --kpi CODE --year FY`: not one plan's report (report_compare.c). v: the
   options of cmd_report. */
static int report_compare_cmd(Cli *cli, const Command *cmd, const char *const *v) {
  int year = 0;
  if (!v[10] || !v[2]) return usage_error(cmd, "--kind compare needs --kpi CODE and --year FY");
  if (v[0] || v[5] || v[6] || v[7] || v[8] || v[9])
    return usage_error(cmd, "--kind compare takes --kpi, --year, --format and -o only");
  if (cli_year(cmd, v[2], &year)) return EXIT_USAGE;
  Store *store = cli_store(cli);
  if (!store) return EXIT_FINDING;
  char when[32];
  time_t made = report_generated_at(when, sizeof when);
  int rc = cli_report_compare(cli, store, v[10], year, v[3], v[4], when, (long long)made);
  store_close(store);
  return rc;
}

/* `--kind packet`: every document the plan's packet declares, evaluated and built for year,
   written as one PDF after the 会次第 cover (packet_build.c). */
static int write_packet(const Plan *plan, const char *which, const char *variant, int year,
                        const ReportSource *src, const char *path) {
  Packet pk;
  char err[512];
  if (packet_build(&pk, plan, which, variant, year, src, err, sizeof err)) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return EXIT_FINDING;
  }
  int rc = write_report(NULL, &pk.pk, "pdf", path);
  packet_free(&pk);
  return rc;
}

/* The plan the store holds whose predecessor is id (the review kind prints its candidates),
   or NULL. Only for the kinds that print it: every plan of the store is read. */
static Plan *load_successor(Store *s, const char *id) {
  PlanSummary *list = NULL;
  int n = 0;
  char err[512];
  Plan *found = NULL;
  if (store_list(s, &list, &n, err, sizeof err)) return NULL;
  for (int i = 0; i < n && !found; i++) {
    Plan *p = NULL;
    if (strcmp(list[i].id, id) == 0 || store_load(s, list[i].id, &p, err, sizeof err) || !p)
      continue;
    if (p->predecessor && strcmp(p->predecessor, id) == 0)
      found = p;
    else
      plan_free(p);
  }
  plan_summaries_free(list, n);
  return found;
}

/* Whether the report (or a packet of the plan) may print the successor plan. */
static int wants_successor(const ReportKind *k, int packet) {
  return packet || (k && k->build == report_review);
}

/* One side of a comparison: a plan, its policy (with the variant) and evaluation. */
typedef struct Side {
  Snapshot snap;
  Plan *plan;
  Policy *pol;
  Evaluation *ev;
} Side;

static int side_load(Store *s, const char *plan, const char *snapshot, const char *variant,
                     Side *out) {
  char err[512];
  out->plan = snapshot ? cli_load_snapshot(s, plan, snapshot, &out->snap) : cli_load_plan(s, plan);
  if (!out->plan) return -1;
  out->pol = policy_compile(out->plan->policy_json, variant, out->plan->nlevels, err, sizeof err);
  if (!out->pol) {
    fprintf(stderr, "shinchoku: %s\n", err);
    return -1;
  }
  out->ev = eval_run(out->plan, out->pol);
  return 0;
}

static void side_free(Side *x) {
  if (x->ev) eval_free(x->ev);
  policy_free(x->pol);
  plan_free(x->plan);
  snapshot_clear(&x->snap);
}

/* `--kind changes --snapshot A [--against B]`: what changed from snapshot A to snapshot B or
   to the plan as it is now. v: the options of cmd_report. */
static int write_changes(Cli *cli, Store *store, const char *const *v, int year) {
  Side a = {0}, b = {0};
  int rc = EXIT_FINDING;
  if (side_load(store, v[0], v[7], v[5], &a) == 0 && side_load(store, v[0], v[8], v[5], &b) == 0) {
    if (!v[2]) year = report_latest_year(b.ev);
    char when[32], label[512],
        *updated = v[8] ? xstrdup(b.snap.plan_updated) : cli_plan_updated(store, b.plan->id);
    time_t made = report_generated_at(when, sizeof when);
    store_label(cli->db, label, sizeof label);
    Buf an = {0}, bn = {0};
    buf_printf(&an, "スナップショット %s（%s）", a.snap.name, a.snap.taken_at);
    if (v[8]) buf_printf(&bn, "スナップショット %s（%s）", b.snap.name, b.snap.taken_at);
    ReportSource src = {label, updated, when, (long long)made, 0, a.ev, an.s, bn.s};
    if (year < b.plan->first_year || year > b.plan->last_year) {
      fprintf(stderr, "shinchoku: %d is outside the plan's years\n", year);
    } else {
      Report *r = report_build(&report_changes_kind, b.ev, year, &src);
      rc = write_report(r, NULL, v[3], v[4]);
      report_free(r);
    }
    buf_free(&an);
    buf_free(&bn);
    free(updated);
  }
  side_free(&a);
  side_free(&b);
  return rc;
}

static const char *kind_names(void) {
  static char names[256];
  if (!names[0])
    for (const ReportKind *k = report_kinds; k->name; k++) {
      if (names[0]) strcat(names, "|");
      strcat(names, k->name);
    }
  return names;
}

int cmd_report(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("report");
  static const char *const names[] = {"plan",    "kind",    "year",    "format",
                                      "output",  "variant", "meeting", "snapshot",
                                      "against", "as-of",   "kpi",     NULL};
  const char *v[11] = {0}, *pos[1];
  for (int i = 1; i < argc; i++) /* -o is the short form of --output */
    if (strcmp(argv[i], "-o") == 0) argv[i] = "--output";
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (v[1] && strcmp(v[1], "compare") == 0) {
    const char *f = v[3] ? v[3] : "";
    if (strcmp(f, "html") && strcmp(f, "xlsx") && strcmp(f, "csv") && strcmp(f, "md") &&
        strcmp(f, "pdf") && strcmp(f, "json"))
      return usage_error(cmd, "--format must be html, xlsx, csv, md, pdf or json");
    if (!strcmp(f, "xlsx") && !v[4]) return usage_error(cmd, "xlsx needs -o FILE (or -o -)");
    return report_compare_cmd(cli, cmd, v);
  }
  if (v[10]) return usage_error(cmd, "--kpi goes with --kind compare");
  if (!v[0] || !v[1] || !v[3]) return usage_error(cmd, "--plan, --kind and --format are required");
  int packet = strcmp(v[1], "packet") == 0, changes = strcmp(v[1], "changes") == 0;
  const ReportKind *kind = report_kind(v[1]);
  if (!kind && !packet && !changes)
    return usage_error(cmd, "--kind must be one of %s|packet|changes|compare", kind_names());
  if (changes && !v[7])
    return usage_error(cmd, "--kind changes compares --snapshot NAME with --against NAME or now");
  if (v[8] && !changes) return usage_error(cmd, "--against goes with --kind changes");
  const char *format = v[3];
  if (strcmp(format, "html") && strcmp(format, "xlsx") && strcmp(format, "csv") &&
      strcmp(format, "md") && strcmp(format, "pdf"))
    return usage_error(cmd, "--format must be html, xlsx, csv, md or pdf");
  if (!strcmp(format, "xlsx") && !v[4]) return usage_error(cmd, "xlsx needs -o FILE (or -o -)");
  if (packet && strcmp(format, "pdf")) return usage_error(cmd, "a packet is written as pdf");
  int year = 0;
  if (v[2] && cli_year(cmd, v[2], &year)) return EXIT_USAGE;
  int as_of = v[9] ? schedule_date(v[9]) : 0; /* 0: the day the report is made */
  if (v[9] && !as_of)
    return usage_error(cmd, "--as-of must be a date (2024-03-31, 令和6年3月31日)");

  Store *store = cli_store(cli);
  if (changes) {
    rc = store ? write_changes(cli, store, v, year) : EXIT_FINDING;
    store_close(store);
    return rc;
  }
  Snapshot snap = {0};
  Plan *plan = !store ? NULL
               : v[7] ? cli_load_snapshot(store, v[0], v[7], &snap)
                      : cli_load_plan(store, v[0]);
  if (!plan) {
    store_close(store);
    return EXIT_FINDING;
  }
  char err[512];
  /* without --variant, the one the policy declares for this kind (its seed's layout) */
  char *declared = v[5] || !kind ? NULL : policy_report_variant(plan->policy_json, kind->name);
  Policy *pol =
      policy_compile(plan->policy_json, v[5] ? v[5] : declared, plan->nlevels, err, sizeof err);
  free(declared);
  if (!pol) {
    fprintf(stderr, "shinchoku: %s\n", err);
    plan_free(plan);
    snapshot_clear(&snap);
    store_close(store);
    return EXIT_FINDING;
  }
  Evaluation *ev = eval_run(plan, pol);
  if (!v[2]) year = report_latest_year(ev);
  rc = EXIT_OK;
  if (year < plan->first_year || year > plan->last_year) {
    rc = usage_error(cmd, "%d is outside the plan's years %d–%d", year, plan->first_year,
                     plan->last_year);
  } else {
    char when[32];
    time_t made = v[7] ? report_snapshot_time(snap.taken_at, when, sizeof when)
                       : report_generated_at(when, sizeof when);
    char *updated = v[7] ? xstrdup(snap.plan_updated) : cli_plan_updated(store, plan->id);
    char label[512];
    store_label(cli->db, label, sizeof label);
    Plan *next = wants_successor(kind, packet) ? load_successor(store, plan->id) : NULL;
    ReportSource src = {label, updated, when, (long long)made, as_of, .next = next};
    if (packet) {
      rc = write_packet(plan, v[6], v[5], year, &src, v[4]);
    } else {
      Report *r = report_build(kind, ev, year, &src);
      rc = write_report(r, NULL, format, v[4]);
      report_free(r);
    }
    if (next) plan_free(next);
    free(updated);
  }
  eval_free(ev);
  policy_free(pol);
  plan_free(plan);
  snapshot_clear(&snap);
  store_close(store);
  return rc;
}
