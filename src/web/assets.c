/* SPDX-License-Identifier: Apache-2.0 */
/*
** assets.c — the portal's static files, embedded in the binary so a page never asks
** another server for anything: the style sheet and a small script that only enhances
** (every page works without it). Served by exact name from the table below, so no request
** path can reach the file system.
*/
#include "web.h"
#include <string.h>

static const char style_css[] =
    ":root{--ink:#1a1a1a;--muted:#4a4a4a;--line:#c8c8c8;--link:#0b57d0;--bg:#fff;"
    "--panel:#f6f7f9;--focus:#c43c00}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font-family:system-ui,\"Noto Sans JP\",\"Hiragino Sans\",sans-serif;"
    "color:var(--ink);background:var(--bg);line-height:1.7;font-size:1rem}\n"
    "a{color:var(--link);text-decoration:underline;text-underline-offset:2px}\n"
    "a:visited{color:#6a1b9a}\n"
    ":focus-visible{outline:3px solid var(--focus);outline-offset:2px}\n"
    "a:focus,button:focus,select:focus,input:focus{outline:3px solid var(--focus);"
    "outline-offset:2px}\n"
    ".skip{position:absolute;left:-9999px;top:0;background:#fff;padding:.5em 1em}\n"
    ".skip:focus{left:1em;z-index:10}\n"
    "header.site{display:flex;flex-wrap:wrap;gap:1em;align-items:center;justify-content:"
    "space-between;padding:.75em 1.25em;background:#12335b;color:#fff}\n"
    "header.site a.brand{color:#fff;font-weight:700;font-size:1.2rem;text-decoration:none}\n"
    "header.site a.brand:focus{outline-color:#ffd54f}\n"
    "header.site label{color:#fff}\n"
    "header.site input:focus,header.site button:focus{outline-color:#ffd54f}\n"
    "nav.crumbs ol{list-style:none;margin:0;padding:.5em 1.25em;display:flex;flex-wrap:wrap;"
    "gap:.25em;background:var(--panel);border-bottom:1px solid var(--line)}\n"
    "nav.crumbs li+li::before{content:\"›\";padding:0 .4em;color:var(--muted)}\n"
    "main{max-width:72rem;margin:0 auto;padding:1em 1.25em 3em}\n"
    "h1{font-size:1.6rem;line-height:1.4;margin:.5em 0}\n"
    "h2{font-size:1.3rem;margin-top:1.8em;border-bottom:2px solid var(--line)}\n"
    "h3{font-size:1.1rem}\n"
    "p.meta{color:var(--muted)}\n"
    "form.year,form.inline{margin:1em 0;padding:.5em .75em;background:var(--panel);"
    "border:1px solid var(--line);display:inline-block}\n"
    "button,select,input{font:inherit;padding:.2em .5em}\n"
    /* the comparison's KPI selector: its option names are long, so it takes the line */
    "form.compare{display:block}\n"
    "form.compare select{display:block;width:100%;max-width:36em;margin:.25em 0 .5em}\n"
    /* a long option (a grade's label, a department) shrinks its select on a phone */
    "select{max-width:100%}form.year,form.inline{max-width:100%}\n"
    "table{border-collapse:collapse;margin:1em 0;width:100%}\n"
    "caption{text-align:left;font-weight:700;padding:.25em 0}\n"
    "th,td{border:1px solid var(--line);padding:.3em .5em;vertical-align:top;text-align:left;"
    "min-width:3em}\n"
    /* a name column never shrinks to a character per line: its table scrolls instead */
    "td.name,th.name{min-width:8em}\n"
    "thead th{min-width:5em}\n"
    "th{background:var(--panel)}\n"
    "tr.current>th,tr.current>td{background:#fff4c2}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    ".scroll{overflow-x:auto;max-width:100%}\n"
    ".scroll>table{margin:.25em 0}\n"
    ".rate{white-space:nowrap}\n"
    "meter{width:3em;height:.8em;margin-left:.4em;vertical-align:middle}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(32rem,100%),1fr));"
    "gap:1em;"
    "padding:0;list-style:none}\n"
    ".cards.one{grid-template-columns:1fr}\n"
    ".card{border:1px solid var(--line);border-radius:6px;padding:.75em 1em;background:#fff;"
    "min-width:0}\n"
    ".card h2,.card h3{margin:.2em 0 .5em;border:0}\n"
    ".headline{font-size:1.25rem;padding:.75em 1em;background:#eef4fb;border-left:6px solid "
    "#12335b}\n"
    /* the badge wraps between its symbol and its label (the symbol stays whole) */
    ".grade{display:inline-block;min-width:2.2em;max-width:100%;padding:0 .4em;"
    "border-radius:4px;font-weight:700;border:1px solid currentColor}\n"
    "td .grade{min-width:5.5em}\n"
    ".grade .label{font-weight:400;font-size:.85em;margin-left:.3em}\n"
    ".g0{background:#e6f4ea;color:#0b5e22}.g1{background:#e8f0fe;color:#174ea6}"
    ".g2{background:#fef7e0;color:#6d4200}.g3{background:#f1f3f4;color:#3c4043}"
    ".g4{background:#f3e8fd;color:#5b2a86}.none{background:#f1f1f1;color:#4a4a4a}\n"
    ".explain{white-space:pre-wrap;background:var(--panel);border:1px solid var(--line);"
    "padding:.75em;font-family:inherit;margin:.5em 0}\n"
    "figure{margin:1em 0}figcaption{color:var(--muted)}\n"
    "svg.chart{max-width:100%;height:auto;border:1px solid var(--line);background:#fff}\n"
    "ul.plain{padding-left:1.2em}\n"
    ".downloads li{margin:.3em 0}\n"
    ".hits li{margin:.6em 0}\n"
    "details.roadmap{border:1px solid var(--line);border-radius:4px;margin:.4em 0;"
    "padding:.2em .75em}\n"
    "details.roadmap summary{cursor:pointer;font-weight:700;padding:.3em 0}\n"
    "ul.items{padding-left:1.2em}\nul.items li{margin:.5em 0}\n"
    ".kind{display:inline-block;padding:0 .4em;border:1px solid var(--line);border-radius:4px;"
    "background:var(--panel);font-size:.9em}\n"
    ".facts{display:flex;flex-wrap:wrap;gap:0 1em;color:var(--muted);font-size:.9em}\n"
    "mark{background:#fff0a0;color:inherit}\n"
    ".about-data{margin-top:3em;padding:.75em 1em;border-top:1px solid var(--line);"
    "color:var(--muted);font-size:.9rem}\n"
    "footer.site{border-top:1px solid var(--line);padding:1em 1.25em;color:var(--muted);"
    "font-size:.9rem}\n"
    ".copy{margin-left:.5em}\n"
    "ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3em 1.2em;margin:.4em "
    "0}\n"
    ".swatch{display:inline-block;width:1em;height:1em;margin-right:.3em;vertical-align:-.1em;"
    "border:1px solid #1a1a1a}\n"
    ".s0{background:#1e6b34}.s1{background:#1a56a8}.s2{background:#8a4b00}.s3{background:#555b61}"
    ".s4{background:#6b3fa0}\n"
    /* the staff's preview of the public site with drafts (pages_preview.c) */
    ".preview-banner{margin:1em 0;padding:.5em 1em;background:#fff4d6;border:2px solid #8a4b00;"
    "border-left-width:8px}\n.preview-banner p{margin:.3em 0}\n"
    /* staff pages */
    "nav.staff{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;"
    "gap:.5em;padding:.4em 1.25em;background:#eef4fb;border-bottom:1px solid var(--line)}\n"
    "nav.staff ul{list-style:none;display:flex;flex-wrap:wrap;gap:1em;margin:0;padding:0}\n"
    ".error{color:#a50e0e;font-weight:700}\n"
    ".field-error{display:block;color:#a50e0e;font-size:.9em}\n"
    "tr.has-error>th,tr.has-error>td{background:#fdecea}\n"
    ".notice{padding:.5em .75em;background:#e6f4ea;border-left:6px solid #0b5e22}\n"
    ".state{display:inline-block;padding:0 .4em;border:1px solid currentColor;border-radius:4px;"
    "white-space:nowrap}\n"
    ".st0{color:#6d4200;background:#fef7e0}.st1{color:#174ea6;background:#e8f0fe}"
    ".st2{color:#0b5e22;background:#e6f4ea}.st3{color:#a50e0e;background:#fdecea}\n"
    ".wide{overflow-x:auto}\n"
    "textarea{font:inherit;max-width:100%}\n"
    ".changed{color:#a50e0e}\n";

/* Enhancement only: a button that copies the link of the current view (year included). */
static const char app_js[] =
    "'use strict';\n"
    "document.addEventListener('DOMContentLoaded',function(){\n"
    "  var f=document.querySelector('form.year');\n"
    "  if(!f||!navigator.clipboard)return;\n"
    "  var b=document.createElement('button');\n"
    "  b.type='button';b.className='copy';b.textContent='この表示のリンクをコピー';\n"
    "  b.addEventListener('click',function(){\n"
    "    navigator.clipboard.writeText(location.href).then(function(){\n"
    "      b.textContent='コピーしました';});});\n"
    "  f.appendChild(b);\n"
    "});\n";

typedef struct Asset {
  const char *name, *type, *data;
  size_t len;
} Asset;

static const Asset assets[] = {
    {"style.css", "text/css; charset=utf-8", style_css, sizeof style_css - 1},
    {"app.js", "text/javascript; charset=utf-8", app_js, sizeof app_js - 1},
};

void page_asset(const Req *r, Resp *out) {
  if (r->nparts == 2)
    for (size_t i = 0; i < sizeof assets / sizeof *assets; i++)
      if (strcmp(assets[i].name, r->parts[1]) == 0) {
        out->type = assets[i].type;
        out->fixed = assets[i].data;
        out->fixed_len = assets[i].len;
        out->max_age = 3600;
        return;
      }
  page_error(out, 404, "このファイルは見つかりません");
}
