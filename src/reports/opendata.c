/*
** opendata.c — a plan as open data in the style of the Digital Agency's standard datasets
** (自治体標準オープンデータセット): one CSV file (UTF-8 with a byte-order mark, CRLF) with the
** 全国地方公共団体コード column first and one row per indicator and fiscal year, with a
** stable id, and a Frictionless Data `datapackage.json` describing the columns, their types
** and units and the missing-value marker. Rates and grades are computed by the evaluation
** engine with the plan's policy, like every other report.
*/
#include "opendata.h"
#include "../eval/eval.h"
#include "../formats/sheet.h"
#include "../model/text.h"
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct Field {
  const char *name, *type, *description;
} Field;

/* The columns, in order. The unit of every number column is the row's 単位 (or % for the
   rate). */
static const Field fields[] = {
    {"全国地方公共団体コード", "string", "総務省の全国地方公共団体コード（6桁、検査数字付き）"},
    {"ID", "string", "行の識別子: 計画ID_指標ID_西暦年度（年度をまたいで変わらない）"},
    {"地方公共団体名", "string", "計画を定めた地方公共団体"},
    {"計画ID", "string", "計画の識別子"},
    {"計画名", "string", "計画の名称"},
    {"取組ID", "string", "指標が属する取組（施策体系の項目）の識別子"},
    {"取組番号", "string", "計画書に印刷された取組の番号"},
    {"取組名", "string", "取組の名称"},
    {"担当課", "string", "取組を所管する課（複数のときは「、」区切り）"},
    {"指標ID", "string", "指標の識別子"},
    {"指標番号", "string", "計画書に印刷された指標の番号"},
    {"指標名", "string", "指標の名称"},
    {"単位", "string", "目標値・実績値・見込値の単位"},
    {"年度", "integer", "西暦の年度（4月始まり）"},
    {"年度表記", "string", "和暦の年度"},
    {"目標値", "number", "その年度の目標値（単位は「単位」列）"},
    {"実績値", "number", "その年度の実績値（単位は「単位」列）"},
    {"見込値", "number", "その年度の見込値（単位は「単位」列）"},
    {"状況", "string", "数値がないときの状況（集計中・未定など）"},
    {"達成率", "number", "計画の評価方針で計算した達成率（%）"},
    {"評価", "string", "計画の評価方針による評価記号（◎○△－など）"},
};
enum { NFIELDS = sizeof fields / sizeof fields[0] };

static void put_num(Sheet *s, int r, int c, dec_t d, int digits) {
  char buf[DEC_MAX_TEXT];
  if (!dec_is_none(d)) sheet_set(s, r, c, dec_format(d, digits, buf));
}

static char *departments(const char *joined) {
  Buf b = {0};
  for (const char *p = joined; p && *p; p++)
    if (*p == '|')
      buf_put(&b, "、");
    else
      buf_putc(&b, *p);
  return buf_detach(&b);
}

static Sheet *table(const Plan *p, const Evaluation *ev) {
  Sheet *s = sheet_new("opendata", NULL);
  for (int f = 0; f < NFIELDS; f++)
    sheet_add_column(s, fields[f].name);
  for (int i = 0; i < p->ninds; i++) {
    const Indicator *in = &p->inds[i];
    const Node *n = &p->nodes[in->node];
    char *depts = departments(n->departments);
    for (int y = p->first_year; y <= p->last_year; y++) {
      int r = sheet_add_row(s, s->nrows + 2), c = 0;
      char id[512], year[16], era[32];
      snprintf(id, sizeof id, "%s_%s_%d", p->id, in->id, y);
      snprintf(year, sizeof year, "%d", y);
      const char *cells[] = {p->municipality_code,
                             id,
                             p->municipality,
                             p->id,
                             p->name,
                             n->id,
                             n->number,
                             n->name,
                             depts,
                             in->id,
                             in->number,
                             in->name,
                             in->unit,
                             year,
                             fy_era(y, era)};
      for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++)
        sheet_set(s, r, c++, cells[k]);
      put_num(s, r, c++, eval_num(ev, i, y, VK_TARGET), -1);
      put_num(s, r, c++, eval_num(ev, i, y, VK_ACTUAL), -1);
      put_num(s, r, c++, eval_num(ev, i, y, VK_PROJECTION), -1);
      const char *text = eval_text(ev, i, y, VK_ACTUAL);
      sheet_set(s, r, c++, text ? text : eval_text(ev, i, y, VK_TARGET));
      const IndResult *res = eval_ind(ev, i, y);
      put_num(s, r, c++, policy_shown(ev->policy, res->rate), ev->policy->digits);
      sheet_set(s, r, c++, eval_symbol(ev, res->grade));
    }
    free(depts);
  }
  return s;
}

static json_t *schema(void) {
  json_t *list = json_array();
  for (int f = 0; f < NFIELDS; f++) {
    json_t *o = json_pack("{s:s, s:s, s:s}", "name", fields[f].name, "type", fields[f].type,
                          "description", fields[f].description);
    if (f == 0) json_object_set_new(o, "constraints", json_pack("{s:s}", "pattern", "[0-9]{6}"));
    if (f == 1)
      json_object_set_new(o, "constraints", json_pack("{s:b, s:b}", "required", 1, "unique", 1));
    if (strcmp(fields[f].type, "number") == 0)
      json_object_set_new(o, "unit", json_string(f == NFIELDS - 2 ? "%" : "「単位」列"));
    json_array_append_new(list, o);
  }
  return json_pack("{s:o, s:s, s:[s]}", "fields", list, "primaryKey", "ID", "missingValues", "");
}

static int write_package(const Plan *p, const char *path, const char *csv_name) {
  json_t *res =
      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:b}, s:o}", "name", "indicators",
                "path", csv_name, "profile", "tabular-data-resource", "format", "csv", "mediatype",
                "text/csv", "encoding", "utf-8", "dialect", "delimiter", ",", "lineTerminator",
                "\r\n", "header", 1, "schema", schema());
  json_t *pkg = json_pack("{s:s, s:s, s:s, s:[o]}", "profile", "tabular-data-package", "name",
                          p->id, "title", p->name, "resources", res);
  if (p->municipality)
    json_object_set_new(
        pkg, "description",
        json_sprintf("%s「%s」の指標と年度ごとの目標・実績・評価", p->municipality, p->name));
  int rc = json_dump_file(pkg, path, JSON_PRESERVE_ORDER | JSON_INDENT(2));
  json_decref(pkg);
  return rc;
}

int opendata_write(const Plan *p, const char *dir, Errors *errs) {
  char msg[512];
  Policy *pol = policy_compile(p->policy_json, NULL, p->nlevels, msg, sizeof msg);
  if (!pol) {
    errors_add(errs, "%s: %s", p->id, msg);
    return -1;
  }
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    errors_add(errs, "%s: cannot create folder: %s", dir, strerror(errno));
    policy_free(pol);
    return -1;
  }
  Evaluation *ev = eval_run(p, pol);
  Sheet *s = table(p, ev);
  Buf name = {0}, csv = {0}, pkg = {0};
  buf_printf(&name, "%s.csv", p->id);
  buf_printf(&csv, "%s/%s", dir, name.s);
  buf_printf(&pkg, "%s/datapackage.json", dir);
  int rc = csv_write_file(csv.s, s, 1, errs);
  if (rc == 0 && write_package(p, pkg.s, name.s) != 0) {
    errors_add(errs, "%s: cannot write", pkg.s);
    rc = -1;
  }
  buf_free(&name);
  buf_free(&csv);
  buf_free(&pkg);
  sheet_free(s);
  eval_free(ev);
  policy_free(pol);
  return rc;
}
