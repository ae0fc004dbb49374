/* SPDX-License-Identifier: Apache-2.0 */
/*
** html.h — writing HTML safely (html.c): escaping and a printf whose strings are escaped.
** Shared by the website (src/web) and the committee reports; knows nothing of either.
*/
#ifndef SHINCHOKU_REPORTS_HTML_H
#define SHINCHOKU_REPORTS_HTML_H

#include "../model/util.h"

/* Text with & < > " ' escaped (NULL writes nothing). */
void html_esc(Buf *b, const char *s);
/* A path segment or query value percent-encoded (everything but unreserved characters). */
void url_esc(Buf *b, const char *s);
/* A small printf for markup: %s writes a string HTML-escaped, %u a string percent-encoded
   (then HTML-safe), %d an int, %r a trusted string as is (markup built by the caller), %%.
   Nothing from data can reach the page unescaped through %s or %u. */
void html_printf(Buf *b, const char *fmt, ...);

#endif
