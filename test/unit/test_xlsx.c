/* SPDX-License-Identifier: Apache-2.0 */
/*
** test_xlsx.c — unit tests for formats/xlsx_read.c and xlsx_write.c: workbooks assembled
** part by part with libzip, so each test shows exactly which XML the reader meets (shared
** strings with furigana, inline strings, booleans, the 1904 date system, formulas, merged
** cells, Excel errors), and the writer read back.
*/
#include "testutil.h"
#include "formats/sheet.h"

#include <unistd.h>
#include <zip.h>

static const char *const WB_RELS =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId2\" Type=\"ws\" Target=\"worksheets/sheet2.xml\"/>"
    "<Relationship Id=\"rId1\" Type=\"ws\" Target=\"/xl/worksheets/sheet1.xml\"/>"
    "</Relationships>";

static const char *const STYLES =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" "
    "formatCode=\"[$-ja-JP]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0.0&quot;days&quot;\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"165\"/></cellXfs></styleSheet>";

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""

/* Write a workbook with sheets "plan" (sheet1.xml) and "nodes" (sheet2.xml) to a temporary
   file and read it; returns the reader's status. */
static int read_wb(const char *date1904, const char *sst, const char *plan, const char *nodes,
                   Book *b, Errors *e) {
  char path[] = "/tmp/shinchoku-test-xlsx-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  int zerr;
  zip_t *z = zip_open(path, ZIP_TRUNCATE, &zerr);
  assert_non_null(z);
  char workbook[600];
  snprintf(workbook, sizeof workbook,
           "<workbook " NS " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
           "relationships\"><workbookPr date1904=\"%s\"/><sheets>"
           "<sheet name=\"nodes\" sheetId=\"2\" r:id=\"rId2\"/>"
           "<sheet name=\"plan\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
           date1904);
  const char *names[] = {
      "xl/workbook.xml",      "xl/_rels/workbook.xml.rels", "xl/styles.xml",
      "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",   "xl/worksheets/sheet2.xml"};
  const char *data[] = {workbook, WB_RELS, STYLES, sst, plan, nodes};
  for (int i = 0; i < 6; i++) {
    zip_source_t *src = zip_source_buffer(z, xstrdup(data[i]), strlen(data[i]), 1);
    assert_true(zip_file_add(z, names[i], src, 0) >= 0);
  }
  assert_int_equal(zip_close(z), 0);
  int rc = book_read_xlsx(path, b, e);
  unlink(path);
  return rc;
}

static const char *const SST =
    "<sst " NS "><si><t>id</t></si><si><t>name</t></si>"
    "<si><r><t>鹿児島</t></r><r><t>市</t></r><rPh sb=\"0\" eb=\"3\"><t>カゴシマ</t></rPh></si>"
    "<si><t xml:space=\"preserve\"> 空白 </t></si></sst>";

static const char *const PLAN_SHEET =
    "<worksheet " NS "><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
    "<c r=\"C1\" t=\"inlineStr\"><is><t>when</t></is></c><c r=\"D1\" "
    "t=\"inlineStr\"><is><t>era</t></is></c>"
    "<c r=\"E1\" t=\"inlineStr\"><is><t>flag</t></is></c><c r=\"F1\" "
    "t=\"inlineStr\"><is><t>sum</t></is></c>"
    "<c r=\"G1\" t=\"inlineStr\"><is><t>days</t></is></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"str\"><f>\"p\"&amp;1</f><v>p1</v></c><c r=\"B3\" "
    "t=\"s\"><v>2</v></c>"
    "<c r=\"C3\" s=\"1\"><v>45382</v></c><c r=\"D3\" s=\"2\"><v>45382.75</v></c>"
    "<c r=\"E3\" t=\"b\"><v>1</v></c><c r=\"F3\"><f>0.1+0.2</f><v>0.30000000000000004</v></c>"
    "<c r=\"G3\" s=\"3\"><v>2.5</v></c></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>3</v></c><c r=\"B4\" "
    "t=\"inlineStr\"><is><t>x</t><rPh><t>エックス</t></rPh></is></c></row>"
    "</sheetData></worksheet>";

static const char *const NODES_SHEET =
    "<worksheet " NS "><sheetData>"
    "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>id</t></is></c><c r=\"C2\" "
    "t=\"inlineStr\"><is><t>name</t></is></c></row>"
    "<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>n1</t></is></c><c r=\"C3\" "
    "t=\"inlineStr\"><is><t>共通</t></is></c></row>"
    "<row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><t>n2</t></is></c></row>"
    "<row r=\"5\"><c r=\"B5\" t=\"inlineStr\"><is><t>n3</t></is></c></row>"
    "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"C3:C5\"/></mergeCells></worksheet>";

static void test_cells_of_every_kind(void **state) {
  (void)state;
  Book b = {0};
  Errors e = {0};
  assert_int_equal(read_wb("0", SST, PLAN_SHEET, NODES_SHEET, &b, &e), 0);
  assert_int_equal(e.count, 0);
  assert_int_equal(b.nsheets, 2);
  /* sheets in workbook order */
  assert_string_equal(b.sheets[0]->name, "nodes");
  const Sheet *p = book_sheet(&b, "plan");
  assert_int_equal(p->nrows, 2);
  assert_int_equal(p->line[0], 3);                       /* the spreadsheet row */
  assert_string_equal(sheet_get(p, 0, 0), "p1");         /* cached formula text */
  assert_string_equal(sheet_get(p, 0, 1), "鹿児島市");   /* runs joined, no furigana */
  assert_string_equal(sheet_get(p, 0, 2), "2024-03-31"); /* built-in date format 14 */
  assert_string_equal(sheet_get(p, 0, 3), "2024-03-31"); /* era format, time dropped */
  assert_string_equal(sheet_get(p, 0, 4), "true");       /* boolean */
  assert_string_equal(sheet_get(p, 0, 5), "0.3");        /* as Excel shows it */
  assert_string_equal(sheet_get(p, 0, 6), "2.5");        /* "days" is not a date format */
  assert_string_equal(sheet_get(p, 1, 0), " 空白 ");     /* preserved spaces */
  assert_string_equal(sheet_get(p, 1, 1), "x");          /* inline string, no furigana */
  /* header found below an empty row, columns from B; merged cells repeat the top-left */
  const Sheet *n = book_sheet(&b, "nodes");
  assert_int_equal(n->ncols, 2);
  assert_int_equal(n->xcol[0], 1);
  assert_int_equal(n->nrows, 3);
  for (int r = 0; r < 3; r++)
    assert_string_equal(sheet_get(n, r, 1), "共通");
  book_free(&b);
  errors_free(&e);
}

static void test_date1904(void **state) {
  (void)state;
  Book b = {0};
  Errors e = {0};
  assert_int_equal(read_wb("1", SST, PLAN_SHEET, NODES_SHEET, &b, &e), 0);
  /* the same serial is four years and a day later in the 1904 system */
  assert_string_equal(sheet_get(book_sheet(&b, "plan"), 0, 2), "2028-04-01");
  book_free(&b);
  errors_free(&e);
}

static const char *error_text(Errors *e) {
  return e->count ? e->msgs[0] : "";
}

static void test_bad_cells_named(void **state) {
  (void)state;
  static const char *const sheets[][2] = {
      {"<c r=\"B3\" t=\"s\"><v>99</v></c>",
       "plan!B3: refers to a shared string that does not exist: '99'"},
      {"<c r=\"B3\"><f>A1*2</f></c>", "plan!B3: a formula without a saved result"},
      {"<c r=\"B3\" t=\"e\"><v>#N/A</v></c>", "plan!B3: the cell holds an Excel error: '#N/A'"},
      {"<c r=\"B3\"><v>12abc</v></c>", "plan!B3: not a number in a number cell: '12abc'"},
      {"<c r=\"H3\" t=\"inlineStr\"><is><t>stray</t></is></c>",
       "plan!H3: a value in a column without a header: 'stray'"},
  };
  for (size_t i = 0; i < sizeof sheets / sizeof sheets[0]; i++) {
    char xml[1000];
    snprintf(xml, sizeof xml,
             "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
             "<c r=\"B1\" t=\"s\"><v>1</v></c></row><row r=\"3\">%s</row></sheetData></worksheet>",
             sheets[i][0]);
    Book b = {0};
    Errors e = {0};
    assert_int_equal(read_wb("0", SST, xml, NODES_SHEET, &b, &e), -1);
    if (!strstr(error_text(&e), sheets[i][1]))
      fail_msg("case %zu: wanted '%s', got '%s'", i, sheets[i][1], error_text(&e));
    book_free(&b);
    errors_free(&e);
  }
}

/* What the writer writes, the reader reads: numbers that Excel keeps exactly as numbers,
   everything else as text, the policy line by line. */
static void test_write_then_read(void **state) {
  (void)state;
  Book b = {0};
  Sheet *s = sheet_new("plan", NULL);
  const char *cells[] = {"001",       "27",  "-3.5", "1.10", "12345678901234567",
                         "令和5年度", "1e3", " x"};
  for (int c = 0; c < 8; c++) {
    char h[16];
    snprintf(h, sizeof h, "c%d", c);
    sheet_add_column(s, h);
  }
  int r = sheet_add_row(s, 2);
  for (int c = 0; c < 8; c++)
    sheet_set(s, r, c, cells[c]);
  book_add(&b, s);
  book_add(&b, sheet_new("nodes", NULL));
  sheet_add_column(b.sheets[1], "id");
  b.policy_json = xstrdup("{\n  \"name\": \"方針\"\n}\n");
  char dir[] = "/tmp/shinchoku-test-xlsx-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[64];
  snprintf(path, sizeof path, "%s/w.xlsx", dir);
  Errors e = {0};
  assert_int_equal(book_write_xlsx(path, &b, &e), 0);
  Book back = {0};
  assert_int_equal(book_read_xlsx(path, &back, &e), 0);
  unlink(path);
  rmdir(dir);
  const Sheet *p = book_sheet(&back, "plan");
  assert_non_null(p);
  for (int c = 0; c < 8; c++)
    assert_string_equal(sheet_get(p, 0, c), cells[c]);
  assert_string_equal(back.policy_json, b.policy_json);
  book_free(&b);
  book_free(&back);
  errors_free(&e);
}

/* A text longer than Excel's 32,767 characters is an error naming the cell, not a loss. */
static void test_write_refuses_what_excel_cannot_hold(void **state) {
  (void)state;
  Book b = {0};
  Sheet *s = sheet_new("nodes", NULL);
  sheet_add_column(s, "id");
  sheet_add_column(s, "summary");
  int r = sheet_add_row(s, 2);
  char *big = xmalloc(40001);
  memset(big, 'x', 40000);
  big[40000] = '\0';
  sheet_set(s, r, 0, "n1");
  sheet_set(s, r, 1, big);
  free(big);
  book_add(&b, s);
  char dir[] = "/tmp/shinchoku-test-xlsx-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[64];
  snprintf(path, sizeof path, "%s/w.xlsx", dir);
  Errors e = {0};
  assert_int_equal(book_write_xlsx(path, &b, &e), -1);
  assert_int_equal(access(path, F_OK), -1); /* no half-written workbook left */
  rmdir(dir);
  assert_int_equal(e.count, 1);
  assert_non_null(strstr(e.msgs[0], "w.xlsx: nodes!B2: Excel cannot hold this cell"));
  book_free(&b);
  errors_free(&e);
}

static void test_cell_ref(void **state) {
  (void)state;
  char buf[16];
  assert_string_equal(cell_ref(0, 1, buf), "A1");
  assert_string_equal(cell_ref(25, 12, buf), "Z12");
  assert_string_equal(cell_ref(26, 3, buf), "AA3");
  assert_string_equal(cell_ref(701, 1, buf), "ZZ1");
  assert_string_equal(cell_ref(702, 1, buf), "AAA1");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cells_of_every_kind),
      cmocka_unit_test(test_date1904),
      cmocka_unit_test(test_bad_cells_named),
      cmocka_unit_test(test_write_then_read),
      cmocka_unit_test(test_write_refuses_what_excel_cannot_hold),
      cmocka_unit_test(test_cell_ref),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
