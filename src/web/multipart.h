/* SPDX-License-Identifier: Apache-2.0 */
/*
** multipart.h — the body of a multipart/form-data POST (a file upload), read as it arrives
** through libmicrohttpd's post processor (multipart.c): the text fields into a Form, the one
** file into an Upload, with a limit on the bytes read.
*/
#ifndef SHINCHOKU_WEB_MULTIPART_H
#define SHINCHOKU_WEB_MULTIPART_H

#include "web.h"
#include <microhttpd.h>

typedef struct Multipart Multipart;

/* A reader of connection c's body into form and up (both zeroed by the caller), refusing more
   than limit bytes. NULL when the request's Content-Type is not multipart/form-data with a
   boundary. */
Multipart *multipart_new(struct MHD_Connection *c, size_t limit, Form *form, Upload *up);
/* Feed the next n bytes of the body: 0, 1 when the body is now over the limit (the rest is
   not read), -1 when it is not well-formed. */
int multipart_feed(Multipart *m, const char *data, size_t n);
/* The body is complete: 0, or -1 when it was not well-formed (cut short, a field that is not
   UTF-8 or holds a NUL, more than one file). Frees m. */
int multipart_finish(Multipart *m);
/* Drop a reader whose request ended before its body did. */
void multipart_free(Multipart *m);

#endif
