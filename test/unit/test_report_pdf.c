/*
** test_report_pdf.c — unit tests for the PDF writer (reports/report_pdf.c, pdf_page.c): the
** page is A4 in the report's orientation, a packet's documents keep each their own
** orientation, the metadata dates are the report's time in Japan time, and Japan time is
** UTC+9 whatever the machine's time zone.
*/
#define FX_PLAN                                                                                    \
  "id,name,municipality,first_year,last_year,levels\n"                                             \
  "pdf-city,PDFのテスト計画,テスト市,2022,2024,基本方針|施策|具体策\n"
#define FX_NODES                                                                                   \
  "id,parent,level,name\n"                                                                         \
  "BP1,,1,基本方針1\n"                                                                         \
  "M1,BP1,2,施策1\n"                                                                             \
  "U1,M1,3,具体策1\n"
#define FX_POLICY policy_default_json
#include "evalfix.h"
#include "reports/pdf.h"
#include "reports/report.h"

static const Spec one = {
    .inds = "id,node,name,unit,direction,accumulation\nI1,U1,指標1,件,up,flow\n",
    .values = "indicator,year,kind,value\nI1,2023,target,100\nI1,2023,actual,90\n",
};

static char *pdf_of(const Report *const *docs, int n, size_t *len) {
  char *text = NULL;
  FILE *mem = open_memstream(&text, len);
  Errors errs = {0};
  ReportPacket pk = {"会議", NULL, "議題", docs[0]->made, docs, NULL, n};
  int rc =
      n == 1 ? report_write_pdf(docs[0], mem, &errs) : report_write_packet_pdf(&pk, mem, &errs);
  fclose(mem);
  assert_int_equal(rc, 0);
  errors_free(&errs);
  return text;
}

/* The pages' sizes in order, as "WxH" with whole points, space-separated. */
static void media_boxes(const char *pdf, size_t len, Buf *out) {
  const char *end = pdf + len;
  for (const char *s = pdf; s < end && (s = memmem(s, (size_t)(end - s), "/MediaBox", 9)); s++) {
    double x0, y0, w, h;
    if (sscanf(s, "/MediaBox [ %lf %lf %lf %lf ]", &x0, &y0, &w, &h) == 4)
      buf_printf(out, "%s%.0fx%.0f", out->len ? " " : "", w, h);
  }
}

static Report *make(const Fx *f, int portrait) {
  ReportSource src = {"/secret/store.db", NULL, "2023-11-15 07:13:20", 1700000000};
  Report *r = report_build(report_kind("summary"), f->ev, 2023, &src);
  r->portrait = portrait;
  return r;
}

static void test_orientation_per_report(void **state) {
  (void)state;
  Fx f = fx_open(&one);
  Report *land = make(&f, 0), *port = make(&f, 1);
  const Report *docs[] = {land, port};
  size_t n;
  Buf b = {0};
  char *pdf = pdf_of(docs, 1, &n);
  media_boxes(pdf, n, &b);
  assert_non_null(strstr(b.s, "842x595"));
  assert_null(strstr(b.s, "595x842"));
  free(pdf);
  buf_free(&b);
  pdf = pdf_of(docs + 1, 1, &n);
  media_boxes(pdf, n, &b);
  assert_non_null(strstr(b.s, "595x842"));
  assert_null(strstr(b.s, "842x595"));
  free(pdf);
  buf_free(&b);
  /* a packet: the cover (portrait), then each document in its own orientation */
  pdf = pdf_of(docs, 2, &n);
  media_boxes(pdf, n, &b);
  const char *land_at = strstr(b.s, "842x595"),
             *port_after = land_at ? strstr(land_at, "595x842") : NULL;
  assert_true(strncmp(b.s, "595x842", 7) == 0);
  assert_non_null(land_at);
  assert_non_null(port_after);
  free(pdf);
  buf_free(&b);
  report_free(land);
  report_free(port);
  fx_close(&f);
}

static void test_metadata_dates_are_the_reports_time_in_japan(void **state) {
  (void)state;
  Fx f = fx_open(&one);
  Report *r = make(&f, 0);
  const Report *docs[] = {r};
  size_t n;
  char *pdf = pdf_of(docs, 1, &n);
  /* 1700000000 is 2023-11-14 22:13:20 UTC; cairo 1.16 writes the date without "D:" */
  const char *date = memmem(pdf, n, "/CreationDate (", 15);
  assert_non_null(date);
  date += 15;
  if (strncmp(date, "D:", 2) == 0) date += 2;
  assert_true(strncmp(date, "20231115071320+09'00)", 21) == 0);
  assert_null(memmem(pdf, n, "/secret/store.db", 16));
  free(pdf);
  report_free(r);
  fx_close(&f);
}

static void test_japan_time_ignores_the_time_zone(void **state) {
  (void)state;
  char a[96], b[96], era[64];
  setenv("TZ", "America/New_York", 1);
  tzset();
  pdf_jst_text(1700000000, a, sizeof a);
  setenv("TZ", "UTC", 1);
  tzset();
  pdf_jst_text(1700000000, b, sizeof b);
  assert_string_equal(a, b);
  assert_string_equal(a, "2023年11月15日 7時13分（日本時間）");
  pdf_jst_era(1700000000, era, sizeof era);
  assert_string_equal(era, "令和5年11月15日");
  pdf_jst_era(1556668800, era, sizeof era); /* 2019-05-01 00:00 UTC: 令和元年 */
  assert_string_equal(era, "令和元年5月1日");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_orientation_per_report),
      cmocka_unit_test(test_metadata_dates_are_the_reports_time_in_japan),
      cmocka_unit_test(test_japan_time_ignores_the_time_zone),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
