/* SPDX-License-Identifier: Apache-2.0 */
/*
** report_md.c — a report as Markdown for reuse (wikis, documents): the provenance as a list,
** one heading per section, tables as pipe tables, each chart as its text alternative (its
** numbers stand in the tables). Text from data has | & < > escaped (Markdown passes HTML
** through, so a name holding markup must not become markup) and line breaks as <br>.
*/
#include "report.h"
#include <string.h>

static void md_text(FILE *out, const char *s) {
  for (; s && *s; s++) {
    if (*s == '|')
      fputs("\\|", out);
    else if (*s == '&')
      fputs("&amp;", out);
    else if (*s == '<')
      fputs("&lt;", out);
    else if (*s == '>')
      fputs("&gt;", out);
    else if (*s == '\n')
      fputs("<br>", out);
    else if (*s != '\r')
      fputc(*s, out);
  }
}

static void md_table(FILE *out, const RTable *t) {
  fputs("**", out);
  md_text(out, t->caption);
  fputs("**\n\n", out);
  for (int r = 0; r < t->nrows; r++) {
    fputc('|', out);
    for (int c = 0; c < t->ncols; c++) {
      fputc(' ', out);
      md_text(out, t->cells[r * t->ncols + c].text);
      fputs(" |", out);
    }
    fputc('\n', out);
    if (r == 0) {
      fputc('|', out);
      for (int c = 0; c < t->ncols; c++)
        fputs(t->nrows > 1 && !dec_is_none(t->cells[t->ncols + c].num) ? " ---: |" : " --- |", out);
      fputc('\n', out);
    }
  }
  fputc('\n', out);
}

void report_write_md(const Report *r, FILE *out) {
  fputs("# ", out);
  md_text(out, r->title);
  fputs("\n\n", out);
  for (int i = 0; i < r->nmeta; i++) {
    fprintf(out, "- %s: ", r->meta[i].key);
    md_text(out, r->meta[i].value);
    fputc('\n', out);
  }
  for (int s = 0; s < r->nsections; s++) {
    const RSection *sec = &r->sections[s];
    fputs("\n## ", out);
    md_text(out, sec->title);
    fputs("\n\n", out);
    for (int k = 0; k < sec->nblocks; k++) {
      const RBlock *b = &sec->blocks[k];
      switch (b->type) {
      case RB_PARA:
        md_text(out, b->text);
        fputs("\n\n", out);
        break;
      case RB_HEADING:
        fputs("### ", out);
        md_text(out, b->text);
        fputs("\n\n", out);
        break;
      case RB_TABLE:
        md_table(out, b->table);
        break;
      default:
        fputs("図（HTML 版に掲載）: ", out);
        md_text(out, b->text);
        fputs("\n\n", out);
      }
    }
  }
}
