#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end tests of the PDF reports (`report --format pdf`, `--kind packet`) read back with
# poppler: every kind of every sample opens, is A4 in the orientation its HTML prints in, has
# every font embedded, draws no raster image, and its text (pdftotext, in content order) holds
# the same table headers and figures as the same report's CSV and the distribution chart's
# labels from its SVG; a long table's caption and header on every page it continues on; the time is Japan time and the store's path is not printed; the same
# data gives the same bytes; the packet's cover lists its documents and the documents follow
# in that order, with page numbers running through it; the website offers the PDF.
# Usage: SHINCHOKU=build/shinchoku bash test/cli/pdf.sh   (last line "pdf: N passed, M failed")
set -u
cd "$(dirname "$0")/../.."
. test/cli/lib.sh
DB=$TMP/s.db
KINDS="summary status issues department roadmap policy sheets review"
PY=/usr/bin/python3
PLANS=()
for s in samples/*/; do
  "$BIN" --db "$DB" import "$s" >/dev/null 2>"$TMP/err" || { bad "import $s" "$(cat "$TMP/err")"; continue; }
  PLANS+=("$(sed -n 2p "$s/plan.csv" | cut -d, -f1)")
done
export SOURCE_DATE_EPOCH=1700000000

# page_sizes PDF: one line "W x H" per page.
page_sizes() { pdfinfo -f 1 -l 9999 "$1" | grep -oP '^Page +[0-9]+ size: +\K[0-9.]+ x [0-9.]+'; }

# The orientation the report's HTML prints in (@page), as pdfinfo's "W x H" of an A4 page.
expected_size() {
  if grep -q '@page{size:A4 portrait' "$1"; then echo "595.276 x 841.89"
  elif grep -q '@page{size:A3 landscape' "$1"; then echo "1190.55 x 841.89"
  else echo "841.89 x 595.276"; fi
}

# fonts_embedded PDF: at least one font, and every one embedded (pdffonts' "emb" column).
fonts_embedded() {
  pdffonts "$1" | awk 'NR > 2 { n++; if ($(NF-4) != "yes") bad++ } END { exit !(n > 0 && !bad) }'
}

test_every_kind_opens_and_says_what_the_csv_says() {
  local p k base fail sizes want out
  for p in "${PLANS[@]}"; do
    for k in $KINDS; do
      base=$TMP/$p.$k fail=""
      "$BIN" --db "$DB" report --plan "$p" --kind "$k" --format pdf -o "$base.pdf" 2>"$TMP/err" &&
        "$BIN" --db "$DB" report --plan "$p" --kind "$k" --format csv -o "$base.csv" &&
        "$BIN" --db "$DB" report --plan "$p" --kind "$k" --format html -o "$base.html" ||
        { bad "pdf $p $k: made" "$(head -c 300 "$TMP/err")"; continue; }
      sizes=$(page_sizes "$base.pdf") want=$(expected_size "$base.html")
      [ -n "$sizes" ] || fail+=" poppler cannot open it;"
      [ -z "$(grep -vxF "$want" <<<"$sizes")" ] || fail+=" a page is not A4 $want: $(sort -u <<<"$sizes" | tr '\n' ' ');"
      fonts_embedded "$base.pdf" || fail+=" fonts: $(pdffonts "$base.pdf" | tail -n +3 | tr '\n' ' ');"
      [ "$(pdfimages -list "$base.pdf" | tail -n +3 | wc -l)" = 0 ] || fail+=" has raster images;"
      pdftotext -raw "$base.pdf" "$base.txt"
      out=$("$PY" test/cli/pdf_check.py figures "$base.csv" "$base.txt" 2>&1) || fail+=" text: $out;"
      if [ -z "$fail" ]; then
        ok "pdf $p $k: $(wc -l <<<"$sizes") A4 pages ($want), fonts embedded, $out as in the CSV"
      else bad "pdf $p $k" "$fail"; fi
    done
  done
}

test_chart_drawn_from_the_same_numbers() {
  local p out
  for p in kagoshima-4th kagoshima-dx; do
    if out=$("$PY" test/cli/pdf_check.py chart "$TMP/$p.summary.html" "$TMP/$p.summary.txt" 2>&1); then
      ok "pdf $p summary: the distribution chart's $out as its SVG"
    else bad "pdf $p summary chart" "$out"; fi
  done
}

test_headers_repeat() {
  local p out
  for p in kagoshima-dx.status kagoshima-4th.status; do
    if out=$("$PY" test/cli/pdf_check.py repeat "$TMP/$p.pdf" "$TMP/$p.csv" 2>&1); then ok "pdf $p: $out"
    else bad "pdf $p: header repeated" "$out"; fi
  done
}

# The sheets as the seeds print them: each labelled as its plan's agenda numbers it (000's
# 資料3-1, 001's 資料2), on A3 landscape, no row split, the header on every page, and 001's
# within a fifth of the seed's page count (001 資料2 L395–8965: 36 pages, one 「№ 施策」 header
# each).
test_sheets_as_the_seed() {
  local p label f out pages fail
  for p in kagoshima-4th:資料3-1 kagoshima-dx:資料2; do
    IFS=: read -r p label <<<"$p"
    f=$TMP/$p.sheets fail=""
    pages=$(pdfinfo "$f.pdf" | awk '/^Pages:/ {print $2}')
    head -1 "$f.txt" | grep -qxF "【$label】" || fail+=" first line $(head -1 "$f.txt"), not 【$label】;"
    grep -q '資料3-1' "$f.txt" && [ "$label" != 資料3-1 ] && fail+=" 資料3-1 printed;"
    [ "$(page_sizes "$f.pdf" | sort -u)" = "1190.55 x 841.89" ] || fail+=" not all A3 landscape;"
    out=$("$PY" test/cli/pdf_check.py rows "$f.pdf" "$f.csv" 2>&1) || fail+=" $out;"
    "$PY" test/cli/pdf_check.py repeat "$f.pdf" "$f.csv" >/dev/null 2>&1 || fail+=" header not repeated;"
    if [ "$p" = kagoshima-dx ] && { [ "$pages" -lt 29 ] || [ "$pages" -gt 43 ]; }; then
      fail+=" $pages pages, the seed's 36 ± 20 % is 29–43;"
    fi
    if [ -z "$fail" ]; then ok "pdf $p sheets: 【$label】, A3 landscape, $pages pages, $out, header repeated"
    else bad "pdf $p sheets" "$fail"; fi
  done
}

test_japan_time_and_no_store_path() {
  local f=$TMP/kagoshima-dx.summary.pdf when iso
  when=$(TZ=Asia/Tokyo date -d "@$SOURCE_DATE_EPOCH" '+%Y年%-m月%-d日 %-H時%M分（日本時間）')
  iso=$(TZ=Asia/Tokyo date -d "@$SOURCE_DATE_EPOCH" '+%Y-%m-%dT%H:%M:%S')
  if grep -qF "作成日時: $when" "$TMP/kagoshima-dx.summary.txt" &&
     ! grep -qF -e "$DB" -e "$(basename "$DB")" "$TMP"/*.txt &&
     TZ=Asia/Tokyo pdfinfo -isodates "$f" | grep -q "^CreationDate: *$iso"; then
    ok "pdf: made at $when (JST) on the page and in the metadata; no store path on any page"
  else
    bad "pdf: time and path" "$(grep -F 作成日時 "$TMP/kagoshima-dx.summary.txt")" "$(pdfinfo -isodates "$f" | grep Date)"
  fi
}

test_same_data_same_bytes() {
  local a=$TMP/a.pdf b=$TMP/b.pdf c=$TMP/c.pdf
  "$BIN" --db "$DB" report --plan kagoshima-dx --kind policy --format pdf -o "$a"
  "$BIN" --db "$DB" report --plan kagoshima-dx --kind policy --format pdf -o - >"$b"
  SOURCE_DATE_EPOCH=1700086400 "$BIN" --db "$DB" report --plan kagoshima-dx --kind policy --format pdf -o "$c"
  if cmp -s "$a" "$b" && cmp -s "$a" "$TMP/kagoshima-dx.policy.pdf" && ! cmp -s "$a" "$c"; then
    ok "pdf: made twice from the same data, byte-identical (also to stdout with -o -); another time differs"
  else bad "pdf reproducible" "$(cmp "$a" "$b"; cmp "$a" "$c")"; fi
}

test_packet() {
  local p f out csvs fail=""
  for p in "${PLANS[@]}"; do
    f=$TMP/$p.packet.pdf
    "$BIN" --db "$DB" report --plan "$p" --kind packet --format pdf -o "$f" 2>"$TMP/err" ||
      { bad "packet $p" "$(cat "$TMP/err")"; continue; }
    csvs=()
    for k in $KINDS; do csvs+=("$TMP/$p.$k.csv"); done
    if out=$("$PY" test/cli/pdf_check.py packet "$f" "${csvs[@]}" 2>&1) && fonts_embedded "$f"; then
      ok "packet $p: 会次第, then as it lists: $out numbered through"
    else bad "packet $p" "$out"; fi
  done
  # the documents of a packet hold what each holds on its own (kagoshima-dx: no variant)
  pdftotext -raw "$TMP/kagoshima-dx.packet.pdf" "$TMP/packet.txt"
  for k in policy sheets; do
    out=$("$PY" test/cli/pdf_check.py figures "$TMP/kagoshima-dx.$k.csv" "$TMP/packet.txt" 2>&1) || fail+=" $k: $out;"
  done
  [ -z "$fail" ] && ok "packet kagoshima-dx: its documents hold the figures of the same reports" || bad "packet figures" "$fail"
}

# 000 資料3-2 as the review kind: A3 landscape like 資料3-1 beside it (28 columns of whole texts;
# on A4 the column-width rule leaves one row a page: 45 pages), at most 20 pages for its 62 rows
# (the seed: about 12), its 【資料3-2】 label and
# title, the legend and the Japanese headers in the text, the successor's figures, a row's
# 課題 beside its decision; in the packet after 資料3-1.
test_review_pdf() {
  local f=$TMP/kagoshima-4th.review.pdf txt=$TMP/review.txt fail="" h flat
  pdftotext -raw "$f" "$txt"
  flat=$(tr -d ' \n\f' <"$txt") # a cell's text is drawn in order, wrapped in its column
  [ "$(page_sizes "$f" | sort -u)" = "1190.55 x 841.89" ] || fail+=" not A3 landscape;"
  local pages; pages=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
  [ "${pages:-99}" -le 20 ] || fail+=" $pages pages (at most 20);"
  for h in 【資料3-2】 総括評価 【継続・終了の理由】 一定の成果を達成したため 基本方針 取組の成果 \
    現状の課題・問題点等 今後の課題等 継続・終了の理由 新規・継続 2年度末実績値 8年度末目標値 \
    期待される効果 主な関係課 37,090,384 整備費用が高額となる。 ゼロカーボン; do
    [[ $flat == *"$h"* ]] || fail+=" no $h;"
  done
  pdftotext -raw "$TMP/kagoshima-4th.packet.pdf" "$TMP/k4.packet.txt"
  grep -o -e '^【資料3-1】' -e '^【資料3-2】' "$TMP/k4.packet.txt" | uniq | tr -d '\n' |
    grep -qx '【資料3-1】【資料3-2】' || fail+=" packet: 資料3-2 not after 資料3-1;"
  [ -z "$fail" ] && ok "review pdf: 資料3-2 on A3 landscape in $pages pages, label, legend, headers, figures; in the packet after 資料3-1" ||
    bad "review pdf" "$fail"
}

test_packet_usage() {
  "$BIN" --db "$DB" report --plan kagoshima-dx --kind packet --format html >/dev/null 2>"$TMP/err"
  [ $? = 2 ] && grep -q pdf "$TMP/err" && ok "packet: only as PDF (exit 2 otherwise)" || bad "packet usage" "$(cat "$TMP/err")"
}

test_website_offers_pdf() {
  start_server
  [ -n "$URL" ] || { bad "website: server did not start" "$(cat "$TMP/serve.err")"; return; }
  local page=$TMP/dl.html f=$TMP/web.pdf type
  curl -s "${URL}plan/kagoshima-dx/downloads" >"$page"
  type=$(curl -s -o "$f" -w '%{content_type}' "${URL}plan/kagoshima-dx/report/summary.pdf")
  if grep -q 'href="/plan/kagoshima-dx/report/summary.pdf"' "$page" && [ "$type" = application/pdf ] &&
     [ "$(page_sizes "$f" | head -1)" = "$(expected_size "$TMP/kagoshima-dx.summary.html")" ] && fonts_embedded "$f"; then
    ok "website: the downloads page links each report as PDF; it is served as application/pdf and opens"
  else
    bad "website pdf" "type=$type" "$(grep -o 'report/summary[^"]*' "$page" | head -3)"
  fi
  stop_server
}

test_every_kind_opens_and_says_what_the_csv_says
test_chart_drawn_from_the_same_numbers
test_headers_repeat
test_sheets_as_the_seed
test_japan_time_and_no_store_path
test_same_data_same_bytes
test_packet
test_review_pdf
test_packet_usage
test_website_offers_pdf
echo "pdf: $passed passed, $failed failed"
[ "$failed" = 0 ]
