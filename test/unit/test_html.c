/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_html.c — unit tests for reports/html.c and web/html.c: escaping of text and URL parts, the
*markup printf,
** error pages that escape what the request said, and reading ?year= in every form.
*/
#include "testutil.h"
#include "web/web.h"

static void test_html_esc_every_special(void **state) {
  (void)state;
  Buf b = {0};
  html_esc(&b, "a<b>&\"c'd\"</script>");
  assert_string_equal(b.s, "a&lt;b&gt;&amp;&quot;c&#39;d&quot;&lt;/script&gt;");
  buf_free(&b);
  html_esc(&b, NULL);
  assert_null(b.s);
  html_esc(&b, "令和5年度");
  assert_string_equal(b.s, "令和5年度");
  buf_free(&b);
}

static void test_url_esc(void **state) {
  (void)state;
  Buf b = {0};
  url_esc(&b, "DX推進室/a b&c?d=\"e\"~_.-");
  assert_string_equal(b.s, "DX%E6%8E%A8%E9%80%B2%E5%AE%A4%2Fa%20b%26c%3Fd%3D%22e%22~_.-");
  buf_free(&b);
}

static void test_html_printf_conversions(void **state) {
  (void)state;
  Buf b = {0};
  html_printf(&b, "<a href=\"/x/%u\">%s</a> %d%% %r", "a/<b>", "<script>", 42, "<em>ok</em>");
  assert_string_equal(b.s, "<a href=\"/x/a%2F%3Cb%3E\">&lt;script&gt;</a> 42% <em>ok</em>");
  buf_free(&b);
}

static void test_page_error_escapes_message(void **state) {
  (void)state;
  Resp out = {0};
  page_error(&out, 400, "「%s」は年度として読めません", "<img src=x onerror=alert(1)>");
  assert_int_equal(out.status, 400);
  assert_non_null(strstr(out.body.s, "&lt;img src=x onerror=alert(1)&gt;"));
  assert_null(strstr(out.body.s, "<img"));
  assert_non_null(strstr(out.body.s, "<html lang=\"ja\">"));
  buf_free(&out.body);
}

static const char *one_arg(const void *ctx, const char *name) {
  return strcmp(name, "year") == 0 ? ctx : NULL;
}

static int year_of(const SitePlan *sp, const char *text, int *year, Resp *out) {
  Req r = {.path = "/", .arg_fn = one_arg, .arg_ctx = text};
  return web_year(sp, &r, out, 0, year);
}

static void test_web_year_forms_and_errors(void **state) {
  (void)state;
  Plan *p = plan_new();
  p->first_year = 2022;
  p->last_year = 2026;
  SitePlan sp = {.plan = p, .default_year = 2024};
  Resp out = {0};
  int y = 0;
  Req none = {.path = "/"};
  assert_int_equal(web_year(&sp, &none, &out, 0, &y), 0);
  assert_int_equal(y, 2024);
  const char *forms[] = {"2023", "R5", "令和5年度", "FY2023", "５年度"};
  for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
    y = 0;
    assert_int_equal(year_of(&sp, forms[i], &y, &out), 0);
    assert_int_equal(y, 2023);
  }
  assert_int_equal(year_of(&sp, "abc", &y, &out), -1);
  assert_int_equal(out.status, 400);
  buf_free(&out.body);
  out = (Resp){0};
  assert_int_equal(year_of(&sp, "2030", &y, &out), -1);
  assert_int_equal(out.status, 400);
  assert_non_null(strstr(out.body.s, "期間"));
  buf_free(&out.body);
  out = (Resp){0};
  Req r = {.path = "/", .arg_fn = one_arg, .arg_ctx = "1999"};
  assert_int_equal(web_year(&sp, &r, &out, 1, &y), -1);
  assert_string_equal(out.type, "application/json; charset=utf-8");
  assert_non_null(strstr(out.body.s, "\"error\""));
  buf_free(&out.body);
  plan_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_html_esc_every_special),
      cmocka_unit_test(test_url_esc),
      cmocka_unit_test(test_html_printf_conversions),
      cmocka_unit_test(test_page_error_escapes_message),
      cmocka_unit_test(test_web_year_forms_and_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
