/* SPDX-License-Identifier: Apache-2.0 */
/*
** cmd_narrative.c — `narrative`: the secretariat's own text for a node and fiscal year, which
** the policy report (資料1) shows instead of its drafted paragraph. The text is plan data: an
** item of kind `narrative`, so export and import carry it; the store keeps every text a save
** replaces or removes in narrative_history. Setting or clearing one writes only its row
** (plan_set_narrative), not the whole plan.
*/
#include "../model/text.h"
#include "../store/staff.h"
#include "cli.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The whole of a file ("-": standard input) as UTF-8 text without trailing white space, or
   NULL after saying why on stderr. */
static char *read_text(const char *path) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "shinchoku: %s: %s\n", path, strerror(errno));
    return NULL;
  }
  size_t len;
  char *s = read_stream(f, &len);
  if (f != stdin) fclose(f);
  while (len && strchr(" \t\r\n", s[len - 1]))
    s[--len] = '\0';
  if (!len) {
    fprintf(stderr, "shinchoku: %s: the text is empty (--clear goes back to the drafted one)\n",
            path);
  } else if (!text_is_utf8(s, len)) {
    fprintf(stderr, "shinchoku: %s: byte %zu: the text is not UTF-8\n", path,
            text_utf8_prefix(s, len) + 1);
  } else if (strlen(s) != len) {
    fprintf(stderr, "shinchoku: %s: byte %zu: a NUL byte is not text\n", path, strlen(s) + 1);
  } else {
    return s;
  }
  free(s);
  return NULL;
}

int cmd_narrative(Cli *cli, int argc, char **argv) {
  const Command *cmd = find_command("narrative");
  static const char *const names[] = {"plan", "node", "year", "file", "clear!", "author", NULL};
  const char *v[6] = {0}, *pos[1];
  int rc = parse_opts(cmd, argc, argv, names, v, pos, 0);
  if (rc >= 0) return rc;
  if (!v[0] || !v[1] || !v[2]) return usage_error(cmd, "--plan, --node and --year are required");
  if (v[3] && v[4]) return usage_error(cmd, "give --file or --clear, not both");
  Store *s = cli_store(cli);
  Plan *p = s ? cli_load_plan(s, v[0]) : NULL;
  int year = 0, n = p ? plan_find_node(p, v[1]) : -1;
  char *text = NULL;
  if (!p) {
    rc = EXIT_FINDING;
  } else if (cli_plan_year(cmd, p, v[2], &year)) {
    rc = EXIT_USAGE;
  } else if (n < 0) {
    fprintf(stderr, "shinchoku: no node '%s' in plan %s\n", v[1], p->id);
    rc = EXIT_FINDING;
  } else if (!v[3] && !v[4]) { /* show */
    int i = plan_narrative(p, n, year);
    printf("%s\n", i >= 0 ? p->items[i].text
                          : "（事務局の本文はありません。報告書は自動作成の下書きを使います）");
    rc = EXIT_OK;
  } else if (v[3] && !(text = read_text(v[3]))) {
    rc = EXIT_FINDING;
  } else {
    const char *author = v[5] ? v[5] : getenv("USER");
    Buf origin = {0};
    buf_printf(&origin, "narrative%s%s", author ? " by " : "", author ? author : "");
    Origin o = {cli_actor(), "cli", NULL, NULL, origin.s};
    char err[512];
    char fy[64];
    if (plan_set_narrative(s, p->id, p->nodes[n].id, year, text, author, &o, err, sizeof err)) {
      fprintf(stderr, "shinchoku: %s\n", err);
      rc = EXIT_FINDING;
    } else {
      printf("%s %s（%s）: %s\n", p->nodes[n].number ? p->nodes[n].number : p->nodes[n].id,
             p->nodes[n].name, fy_both(year, fy),
             text ? "事務局の本文を保存しました"
                  : "事務局の本文を削除し、自動作成の下書きに戻しました");
      rc = EXIT_OK;
    }
    buf_free(&origin);
  }
  free(text);
  plan_free(p);
  store_close(s);
  return rc;
}
