/* SPDX-License-Identifier: Apache-2.0 */
/*
** pages_a11y.c — /accessibility: the site's accessibility policy (アクセシビリティ方針) and
** test results (試験結果), as JIS X 8341-3:2016 asks a municipality to publish. The results
** are the axe-core run of the release's browser tests (data/accessibility.json, embedded by
** tools/embed-a11y.sh as a11y_results.c): every page type, the rules checked, violations.
*/
#include "web.h"
#include <jansson.h>
#include <string.h>

extern const char a11y_results_json[];

static void put_policy(Buf *b) {
  buf_put(b,
          "<h2>アクセシビリティ方針</h2>\n"
          "<p>このサイトは、日本産業規格 JIS X 8341-3:2016「高齢者・障害者等配慮設計指針－情報通信"
          "における機器，ソフトウェア及びサービス－第3部：ウェブコンテンツ」の適合レベル AA に"
          "準拠することを目標とします（対応する国際規格は WCAG 2.0、試験は WCAG 2.1 の A・AA の"
          "規則で行っています）。</p>\n"
          "<ul class=\"plain\"><li>対象: このサイトの公開ページ（計画の一覧、計画の概要、取組・"
          "施策・指標のページ、ロードマップ、担当部署、ダウンロード、検索）と職員用ページ</li>"
          "<li>判定の記号（◎○△－）は色だけでなく記号と文字で示し、グラフには同じ内容の表と説明"
          "文を添えています。</li><li>キーボードだけで操作でき、フォーカスの位置が見えます。"
          "スクリプトを使わなくても、すべてのページが使えます。</li>"
          "<li>外部のサーバー（フォントや解析サービス）には接続しません。</li></ul>\n"
          "<p>ダウンロードできる PDF などの資料は、この方針の対象外です（同じ内容を HTML と CSV "
          "でも提供しています）。</p>\n");
}

static void put_results(Buf *b) {
  json_error_t jerr;
  json_t *doc = json_loads(a11y_results_json, 0, &jerr);
  json_t *pages = doc ? json_object_get(doc, "pages") : NULL;
  buf_put(b, "<h2>試験結果</h2>\n");
  if (!json_is_array(pages) || json_array_size(pages) == 0) {
    buf_put(b, "<p>この版の試験結果はまだ記録されていません。</p>\n");
    json_decref(doc);
    return;
  }
  html_printf(b,
              "<p>試験日: %s（UTC）。試験ツール: %s、ブラウザー: %s、規則: %s。各ページで自動試験を"
              "行い、すべての規則に合格したページを「適合」としています。自動試験で判定できない"
              "項目（「要確認」の件数）は、開発者が画面を見て確認しています。</p>\n",
              json_string_value(json_object_get(doc, "tested")),
              json_string_value(json_object_get(doc, "tool")),
              json_string_value(json_object_get(doc, "browser")),
              json_string_value(json_object_get(doc, "tags")));
  buf_put(b, "<div class=\"scroll\"><table><caption>ページごとの試験結果</caption><thead><tr>"
             "<th scope=\"col\" class=\"name\">ページ</th><th scope=\"col\">URL</th>"
             "<th scope=\"col\">合格した規則</th><th scope=\"col\">違反</th>"
             "<th scope=\"col\">要確認</th><th scope=\"col\">結果</th></tr></thead><tbody>\n");
  size_t i;
  json_t *pg;
  int all_ok = 1;
  json_array_foreach(pages, i, pg) {
    json_int_t bad = json_integer_value(json_object_get(pg, "violations"));
    all_ok &= bad == 0;
    html_printf(b,
                "<tr><td class=\"name\">%s</td><td><code>%s</code></td><td class=\"num\">%d</td>"
                "<td class=\"num\">%d</td><td class=\"num\">%d</td><td>%r</td></tr>\n",
                json_string_value(json_object_get(pg, "name")),
                json_string_value(json_object_get(pg, "url")),
                (int)json_integer_value(json_object_get(pg, "passes")), (int)bad,
                (int)json_integer_value(json_object_get(pg, "incomplete")),
                bad ? "不適合" : "適合");
  }
  buf_put(b, "</tbody></table></div>\n");
  html_printf(b, "<p>結果: 試験した%d種類のページ%r</p>\n", (int)json_array_size(pages),
              all_ok ? "のすべてが、自動試験の規則に適合しています。"
                     : "に、違反のあるページがあります。");
  json_decref(doc);
}

void page_accessibility(const Req *r, Resp *out) {
  (void)r;
  out->type = "text/html; charset=utf-8";
  Buf *b = &out->body;
  Crumb crumbs[] = {{"ホーム", "/"}, {"アクセシビリティ", NULL}};
  html_begin(b, "アクセシビリティ方針と試験結果", crumbs, 2);
  buf_put(b, "<h1>アクセシビリティ方針と試験結果</h1>\n");
  put_policy(b);
  put_results(b);
  html_end(b);
}
