/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_snapshot.c — past meetings' materials on the site (docs/meetings.md): the plan's
** downloads page lists its snapshots, and /plan/ID/snapshot/NAME/report/KIND.FMT[?year=] makes
** the report from the snapshot as `shinchoku report --plan ID --snapshot NAME --kind KIND
** --format FMT` does, byte for byte (…/report/packet.pdf: the packet of the snapshot's latest
** meeting, as `--kind packet` makes it) (the same provenance: the store's label, the plan's import
** time and the time the snapshot was taken, or $SOURCE_DATE_EPOCH). A snapshot is served only
** when every year it holds results for is published now.
*/
#include "../formats/xchg.h"
#include "../model/text.h"
#include "../reports/packet.h"
#include "../reports/report.h"
#include "../reports/report_time.h"
#include "../store/snapshot.h"
#include "pool.h"
#include "web.h"
#include <stdlib.h>
#include <string.h>

static Store *take_store(const Req *r) {
  char err[512];
  Store *s = !r->conf        ? NULL
             : r->conf->pool ? pool_take(r->conf->pool, err, sizeof err)
                             : store_open(r->conf->db, err, sizeof err);
  if (!s && r->conf) fprintf(stderr, "shinchoku: snapshot: %s\n", err);
  return s;
}

static void give_store(const Req *r, Store *s) {
  if (s && r->conf->pool)
    pool_give(r->conf->pool, s);
  else
    store_close(s);
}

/* True when every year p holds a result for (an actual, a projection, a grade set by people)
   is published on the site now. */
static int results_public(const SitePlan *sp, const Plan *p) {
  for (int i = 0; i < p->nvalues; i++)
    if (p->values[i].kind != VK_TARGET && !site_year_published(sp, p->values[i].year)) return 0;
  for (int i = 0; i < p->ngrades; i++)
    if (!site_year_published(sp, p->grades[i].year)) return 0;
  return 1;
}

/* "status.pdf" into its kind and format; 0 when both are known. */
static int parse_file(const char *file, const ReportKind **k, const char **fmt) {
  char kind[32];
  const char *dot = strrchr(file, '.');
  size_t len = dot ? (size_t)(dot - file) : 0;
  if (!dot || len >= sizeof kind) return -1;
  memcpy(kind, file, len);
  kind[len] = 0;
  *k = report_kind(kind);
  *fmt = dot + 1;
  static const char *const fmts[] = {"pdf", "html", "md", "csv"};
  return *k && enum_lookup(fmts, 4, *fmt) >= 0 ? 0 : -1;
}

/* The report's bytes in fmt (pdf, html, md, csv); -1 when the PDF cannot be made. */
int web_report_render(const Report *rep, const char *fmt, Buf *body) {
  char *text = NULL;
  size_t n = 0;
  FILE *mem = open_memstream(&text, &n);
  Errors errs = {0};
  int bad = 0;
  if (!strcmp(fmt, "pdf"))
    bad = report_write_pdf(rep, mem, &errs) != 0;
  else if (!strcmp(fmt, "html"))
    report_write_html(rep, mem);
  else if (!strcmp(fmt, "md"))
    report_write_md(rep, mem);
  else
    report_write_csv(rep, mem);
  fclose(mem);
  errors_free(&errs);
  if (!bad) buf_putn(body, text, n);
  free(text);
  return bad ? -1 : 0;
}

const char *web_report_type(const char *fmt) {
  return !strcmp(fmt, "pdf")    ? "application/pdf"
         : !strcmp(fmt, "html") ? "text/html; charset=utf-8"
         : !strcmp(fmt, "md")   ? "text/markdown; charset=utf-8"
                                : "text/csv; charset=utf-8";
}

/* A file name for the browser: the snapshot's name with anything but [A-Za-z0-9_-] as '_'. */
static void ascii_name(const char *name, char *buf, size_t n) {
  size_t i = 0;
  for (; name[i] && i + 1 < n; i++) {
    char c = name[i];
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_';
    buf[i] = ok ? c : '_';
  }
  buf[i] = 0;
}

/* The plan of the site that continues plan id (the review kind prints its candidates), as
   `report` finds it in the store; NULL when none. */
static const Plan *successor(const Site *site, const char *id) {
  for (int i = 0; i < site->nplans; i++) {
    const Plan *p = site->plans[i].plan;
    if (strcmp(p->id, id) != 0 && p->predecessor && strcmp(p->predecessor, id) == 0) return p;
  }
  return NULL;
}

/* Report k (NULL: the packet of the latest meeting, as PDF) from src, in fmt into body; -1
   when it cannot be made. */
static int make(const ReportKind *k, const Plan *p, const Evaluation *ev, int year,
                const ReportSource *src, const char *fmt, Buf *body) {
  if (k) {
    Report *rep = report_build(k, ev, year, src);
    int rc = web_report_render(rep, fmt, body);
    report_free(rep);
    return rc;
  }
  Packet pk;
  char err[512], *text = NULL;
  size_t n = 0;
  if (packet_build(&pk, p, NULL, NULL, year, src, err, sizeof err)) {
    fprintf(stderr, "shinchoku: snapshot: %s\n", err);
    return -1;
  }
  FILE *mem = open_memstream(&text, &n);
  Errors errs = {0};
  int bad = report_write_packet_pdf(&pk.pk, mem, &errs) != 0;
  fclose(mem);
  errors_free(&errs);
  packet_free(&pk);
  if (!bad) buf_putn(body, text, n);
  free(text);
  return bad ? -1 : 0;
}

/* The snapshot's plan evaluated by the kind's policy (its declared variant), reported for
   ?year= or the latest graded year, in fmt; k NULL: the packet (each document by its own
   variant), as `report --kind packet --snapshot NAME` makes it. */
static void snapshot_report(const Site *site, const Req *r, const Snapshot *sn, Plan *p,
                            const ReportKind *k, const char *fmt, Resp *out) {
  char err[512], label[512], when[32];
  char *variant = k ? policy_report_variant(p->policy_json, k->name) : NULL;
  Policy *pol = policy_compile(p->policy_json, variant, p->nlevels, err, sizeof err);
  free(variant);
  if (!pol) {
    page_error(out, 500, "このスナップショットの評価方針を読めません");
    return;
  }
  Evaluation *ev = eval_run(p, pol);
  int year = report_latest_year(ev);
  const char *fy = req_arg(r, "year");
  if (fy &&
      (fy_parse(fy, plan_era_base(p), &year) || year < p->first_year || year > p->last_year)) {
    page_error(out, 400, "「%s」はこのスナップショットの計画の年度ではありません", fy);
  } else {
    store_label(r->conf ? r->conf->db : "", label, sizeof label);
    time_t made = report_snapshot_time(sn->taken_at, when, sizeof when);
    const Plan *next = !k || k->build == report_review ? successor(site, p->id) : NULL;
    ReportSource src = {label, sn->plan_updated, when, (long long)made, 0, .next = next};
    if (make(k, p, ev, year, &src, fmt, &out->body)) {
      page_error(out, 500, "委員会資料を作成できませんでした");
    } else {
      char name[64];
      ascii_name(sn->name, name, sizeof name);
      out->type = web_report_type(fmt);
      snprintf(out->disposition, sizeof out->disposition,
               "attachment; filename=\"report-%s-%s-%d.%s\"", k ? k->name : "packet", name, year,
               fmt);
    }
  }
  eval_free(ev);
  policy_free(pol);
}

Plan *snapshot_public_plan(const SitePlan *sp, const Req *r, const char *name, Snapshot *sn,
                           Resp *out) {
  Store *store = take_store(r);
  if (!store) {
    page_error(out, 503, "ストアを開けません。時間をおいてもう一度お試しください");
    return NULL;
  }
  char err[512];
  int rc = snapshot_get(store, sp->plan->id, name, sn, err, sizeof err);
  give_store(r, store);
  if (rc) {
    if (rc < 0) fprintf(stderr, "shinchoku: snapshot: %s\n", err);
    page_error(out, rc < 0 ? 503 : 404, "「%s」というスナップショットはありません", name);
    return NULL;
  }
  Errors errs = {0};
  Plan *p = xchg_plan_from_json(sn->document, sn->name, &errs);
  errors_free(&errs);
  if (!p) {
    page_error(out, 500, "スナップショットを読めません");
  } else if (!results_public(sp, p)) {
    page_error(out, 404,
               "このスナップショットには公開前の年度の実績が含まれるため、公開していません");
    plan_free(p);
    p = NULL;
  }
  if (!p) snapshot_clear(sn);
  return p;
}

void page_snapshot(const Site *s, const SitePlan *sp, const Req *r, Resp *out) {
  if (r->nparts == 5 && strcmp(r->parts[4], "changes") == 0) {
    page_snapshot_changes(sp, r, out);
    return;
  }
  const ReportKind *k = NULL;
  const char *fmt = NULL;
  int packet = r->nparts == 6 && strcmp(r->parts[5], "packet.pdf") == 0;
  if (packet) fmt = "pdf";
  if (r->nparts != 6 || strcmp(r->parts[4], "report") != 0 ||
      (!packet && parse_file(r->parts[5], &k, &fmt))) {
    page_error(out, 404, "この委員会資料はありません");
    return;
  }
  Snapshot sn = {0};
  Plan *p = snapshot_public_plan(sp, r, r->parts[3], &sn, out);
  if (!p) return;
  snapshot_report(s, r, &sn, p, k, fmt, out);
  plan_free(p);
  snapshot_clear(&sn);
}

/* Snapshot v[i]'s pages of changes: from the snapshot before it to it, and from it to now. */
static void changes_links(Buf *b, const SitePlan *sp, const Snapshot *v, int i) {
  Buf rest = {0}, url = {0};
  if (i > 0) {
    html_printf(&rest, "snapshot/%u/changes?against=%u", v[i - 1].name, v[i].name);
    html_plan_url(&url, sp->plan, rest.s, 0);
    html_printf(b, "　<a href=\"%r\">前回からの変更</a>", url.s);
    buf_free(&rest);
    buf_free(&url);
  }
  html_printf(&rest, "snapshot/%u/changes", v[i].name);
  html_plan_url(&url, sp->plan, rest.s, 0);
  html_printf(b, "　<a href=\"%r\">現在との違い</a>", url.s);
  buf_free(&rest);
  buf_free(&url);
}

void html_snapshot_reports(Buf *b, const Req *r, const SitePlan *sp) {
  Store *store = take_store(r);
  Snapshot *v = NULL;
  int n = 0;
  char err[512];
  if (!store || snapshot_list(store, sp->plan->id, &v, &n, err, sizeof err)) n = 0;
  give_store(r, store);
  if (!n) return;
  buf_put(b, "<h2>会議の時点の資料（スナップショット）</h2>\n<p>各会議で配付した時点の計画から、"
             "同じ委員会資料を作成します。</p>\n<ul class=\"downloads plain\">\n");
  for (int i = n - 1; i >= 0; i--) {
    html_printf(b, "<li>%s（", v[i].name);
    html_time(b, v[i].taken_at);
    buf_put(b, "）: ");
    for (const ReportKind *k = report_kinds; k->name; k++) {
      Buf rest = {0}, url = {0};
      html_printf(&rest, "snapshot/%u/report/%s.pdf", v[i].name, k->name);
      html_plan_url(&url, sp->plan, rest.s, 0);
      html_printf(b, "%r<a href=\"%r\" download>%s</a>", k == report_kinds ? "" : "、", url.s,
                  k->title);
      buf_free(&rest);
      buf_free(&url);
    }
    Buf rest = {0}, url = {0};
    html_printf(&rest, "snapshot/%u/report/packet.pdf", v[i].name);
    html_plan_url(&url, sp->plan, rest.s, 0);
    html_printf(b, "、<a href=\"%r\" download>委員会資料一式</a>（PDF）", url.s);
    buf_free(&rest);
    buf_free(&url);
    changes_links(b, sp, v, i);
    buf_put(b, "</li>\n");
  }
  buf_put(b, "</ul>\n");
  snapshots_free(v, n);
}
