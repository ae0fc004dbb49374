#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""pdf_check.py — checks a PDF report's text (pdftotext -raw, content order) against the same
report's CSV output: every table's header cells appear in order, and every figure and mark (a
cell that is a number, or one short word such as a grade 「◎」 or 「継続」) appears as a word of the PDF in the same order (as a subsequence: captions,
repeated headers and chart labels may come between).
Usage: pdf_check.py figures REPORT.csv PDF.txt
       pdf_check.py chart REPORT.html PDF.txt   (the SVG chart's labels, in order)
       pdf_check.py repeat REPORT.pdf REPORT.csv  (the longest table: every later page holding
         one of its rows starts it with the caption 「（続き）」 and the header row)
       pdf_check.py rows REPORT.pdf REPORT.csv  (the longest table: every row's cells found in
         order on one page: no row split across pages; prints the pages' count of rows)
       pdf_check.py packet PACKET.pdf KIND.csv...  (the cover lists the documents, which follow
         in its order, each recognised by its title as one of the CSVs' 表題; every page
         numbered 「- n -」 through the packet; prints the kinds found, in order)
Exit 0 when all are found; 1 with what is missing."""
import csv, html, re, sys

FIGURE = re.compile(r"^-?[0-9][0-9,]*(\.[0-9]+)?%?$")


def tables(path):
    """The CSV's tables: lists of rows, the first row the header (after the caption row)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    out, cur, i = [], None, 0
    while i < len(rows) and rows[i]:  # the provenance rows
        i += 1
    while i < len(rows):
        if not rows[i]:
            cur = None
            if i + 1 < len(rows):  # the caption row
                i += 1
                cur = []
                out.append(cur)
        elif cur is not None:
            cur.append(rows[i])
        i += 1
    return [t for t in out if t]


def squash(s):
    return re.sub(r"\s+", "", s)


def subsequence(needles, hay, find):
    pos = 0
    for n in needles:
        nxt = find(hay, n, pos)
        if nxt < 0:
            return n, pos
        pos = nxt
    return None, pos


def find_substring(hay, n, pos):
    i = hay.find(n, pos)
    return -1 if i < 0 else i + len(n)


def find_word(words, n, pos):
    for i in range(pos, len(words)):
        if words[i] == n:
            return i + 1
    return -1


def check_figures(csv_path, text):
    flat, words = squash(text), text.split()
    headers = [squash(c) for t in tables(csv_path) for c in t[0] if squash(c)]
    figures = [c.strip() for t in tables(csv_path) for row in t[1:] for c in row
               if FIGURE.match(c.strip()) or (0 < len(c.strip()) <= 4 and not re.search(r"\s", c.strip()))]
    bad = []
    miss, at = subsequence(headers, flat, find_substring)
    if miss is not None:
        bad.append("header %r not found in order (after character %d)" % (miss, at))
    miss, at = subsequence(figures, words, find_word)
    if miss is not None:
        bad.append("figure %r not found in order (after word %d of %d)" % (miss, at, len(words)))
    return bad, len(headers), len(figures)


def check_chart(html_path, text):
    svg = open(html_path, encoding="utf-8").read()
    labels = [squash(html.unescape(t)) for s in re.findall(r"<svg.*?</svg>", svg, re.S)
              for t in re.findall(r"<text[^>]*>(.*?)</text>", s)]
    miss, at = subsequence(labels, squash(text), find_substring)
    bad = [] if miss is None else ["chart label %r not found in order" % miss]
    if not labels:
        bad.append("the HTML has no chart")
    return bad, len(labels), 0


def page_texts(pdf):
    import subprocess
    out = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True,
                         check=True).stdout
    return [squash(p) for p in out.split("\f")][: -1 or None]


def title_of(csv_path):
    with open(csv_path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return squash(rows[1][1])


def check_packet(pdf, csvs):
    pages = [p for p in page_texts(pdf)]
    bad = []
    for i, t in enumerate(pages, 1):
        if not t.endswith("-%d-" % i):
            bad.append("page %d is not numbered - %d -" % (i, i))
    cover = pages[0] if pages else ""
    if "会次第" not in cover or "配付資料" not in cover:
        bad.append("no 会次第 cover")
    listed = re.findall(r"【(資料[^】]*)】", cover.split("配付資料", 1)[-1])
    titles = {title_of(c): re.sub(r".*\.([a-z]+)\.csv$", r"\1", c) for c in csvs}
    found, labels = [], []
    for i, t in enumerate(pages[1:], 2):
        if "作成日時:" not in t:  # a document's first page states its provenance
            continue
        m = re.match(r"【(資料[^】]*)】(.*)", t)
        kind = [k for title, k in titles.items() if m and m.group(2).startswith(title)]
        if not m or not kind:
            bad.append("page %d opens a document that is not one of the reports" % i)
            continue
        found.append("%s(%s, p.%d)" % (kind[0], m.group(1), i))
        if not labels or labels[-1] != m.group(1):
            labels.append(m.group(1))
    if labels != listed:
        bad.append("documents %s, but the cover lists %s" % (labels, listed))
    return bad, " ".join(found), len(pages)


def check_repeat(pdf, csv_path):
    t = max(tables(csv_path), key=len)
    with open(csv_path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    caption = squash(rows[rows.index(t[0]) - 1][0])
    head = caption + "（続き）" + "".join(squash(c) for c in t[0])
    pages = page_texts(pdf)
    firsts = [squash(r[0]) + squash(r[1]) for r in t[1:]]
    cont = [i for i, p in enumerate(pages[1:], 2) if any(f in p for f in firsts)]
    bad = ["page %d holds rows of 「%s」 without its header" % (i, caption)
           for i in cont if head not in pages[i - 1]]
    if not cont:
        bad.append("the table 「%s」 does not continue on another page" % caption)
    return bad, "「%s」 continues on pages %s under its header" % (caption, cont)


def check_rows(pdf, csv_path):
    t = max(tables(csv_path), key=len)
    pages = page_texts(pdf)
    bad = []
    for k, row in enumerate(t[1:], 1):
        cells = [squash(c) for c in row if squash(c)]
        if not any(subsequence(cells, p, find_substring)[0] is None for p in pages):
            bad.append("row %d (%s) is not whole on any page" % (k, row[0]))
    return bad, "%d rows, each whole on one page of %d" % (len(t) - 1, len(pages))


def main():
    if sys.argv[1] == "rows":
        bad, what = check_rows(sys.argv[2], sys.argv[3])
        print("; ".join(bad) if bad else what)
        return 1 if bad else 0
    if sys.argv[1] == "repeat":
        bad, what = check_repeat(sys.argv[2], sys.argv[3])
        print("; ".join(bad) if bad else what)
        return 1 if bad else 0
    if sys.argv[1] == "packet":
        bad, found, n = check_packet(sys.argv[2], sys.argv[3:])
        print("; ".join(bad) if bad else "%s; %d pages" % (found, n))
        return 1 if bad else 0
    what, ref, txt = sys.argv[1:4]
    text = open(txt, encoding="utf-8").read()
    bad, n1, n2 = (check_figures if what == "figures" else check_chart)(ref, text)
    if bad:
        print("; ".join(bad))
        return 1
    print("%d headers/labels, %d figures" % (n1, n2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
